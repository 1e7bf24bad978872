import Datasets
import Networks
import Tensor
import Testing
import Zoo

@Suite struct RecipeTests {
    @Test func theShapesCNNHasAnEightByEightLastSpatialLayerAndTenLogits() throws {
        let network = try ShapesCNN.network(seed: 1)
        let layers = try network.layers()
        #expect(layers.first { $0.name == ShapesCNN.lastSpatialLayer }?.outputShape == [1, 64, 8, 8])
        #expect(try network.forward(Tensor(shape: [2, 3, 64, 64])).shape == [2, 10])
        #expect(try ShapesCNN.network(seed: 1).parameters["conv2.weight"] == network.parameters["conv2.weight"])
    }

    @Test func recipesAreFoundByNameAndTrojansDifferFromTheShippedOnes() throws {
        #expect(try Recipe.named("shapes-trojan-patch").poisoning?.target == 3)
        let error = #expect(throws: ZooError.self) { try Recipe.named("shapes-resnet") }
        #expect(error?.description.contains("shapes-cnn") == true)
        for (shipped, heldOut) in zip(Recipe.shippedTrojans, Recipe.heldOutTrojans) {
            #expect(shipped.poisoning?.trigger.kind == heldOut.poisoning?.trigger.kind)
            #expect(shipped.poisoning?.target != heldOut.poisoning?.target && shipped.seed != heldOut.seed)
        }
        // The clean control is fine-tuned exactly as the trojans are, without poisoning.
        let control = try Recipe.named("heldout-clean-finetune")
        #expect(control.poisoning == nil && control.startsFrom == "shapes-cnn")
        #expect(control.epochs == Recipe.shippedTrojans[0].epochs && control.learningRate == Recipe.shippedTrojans[0].learningRate)
        #expect(throws: ZooError.self) { try ModelZoo.source(of: "resnet50") }
        #expect(try Recipe.named("shapes-vit").architecture == .transformer)
    }

    @Test func aRecipeThatOutrunsTheTrainSplitFailsBeforeTraining() throws {
        var recipe = Recipe.shapesCNN
        recipe.epochs = 1000
        let error = #expect(throws: ZooError.self) { try Trainer(recipe: recipe).train() }
        #expect(error == .recipeExceedsSplit("shapes-cnn", scenes: 8_000_000, available: 200_000))
        // Every shipped and held-out recipe fits.
        for recipe in Recipe.all {
            #expect(recipe.epochs * recipe.scenesPerEpoch <= ShapesDataset().count(of: .train), "\(recipe.name)")
        }
    }
}
