import Networks
import ONNX
import Tensor
import Testing

/// LayerNorm and GELU as older exporters spell them out become the engine's operators at import, in
/// every arrangement the exporters write, and only where nothing else reads the pieces.
@Suite struct SpelledOutFusionTests {
    static let width = 4

    /// x (2×3×4) through a spelled-out LayerNorm over the last axis; `square` picks Pow or Mul.
    func layerNorm(squaringWithPow: Bool = true, scale: [Float] = [0.5, 1, 1.5, 2], bias: Bool = true,
                   exposingDeviation: Bool = false) -> ModelBuilder {
        var builder = ModelBuilder()
        builder.inputShape = [-1, 3, Int64(Self.width)]
        builder.initializer("two", shape: [], values: [2])
        builder.initializer("epsilon", shape: [], values: [1e-5])
        builder.initializer("gamma", shape: [Int64(scale.count)], values: scale)
        builder.initializer("beta", shape: [Int64(Self.width)], values: [0.1, -0.2, 0.3, 0])
        builder.add("ReduceMean", name: "/norm/ReduceMean", inputs: ["x"], outputs: ["m"], attributes: [ModelBuilder.ints("axes", [-1])])
        builder.add("Sub", name: "/norm/Sub", inputs: ["x", "m"], outputs: ["d"])
        if squaringWithPow {
            builder.add("Pow", name: "/norm/Pow", inputs: ["d", "two"], outputs: ["p"])
        } else {
            builder.add("Mul", name: "/norm/Square", inputs: ["d", "d"], outputs: ["p"])
        }
        builder.add("ReduceMean", name: "/norm/ReduceMean_1", inputs: ["p"], outputs: ["v"], attributes: [ModelBuilder.ints("axes", [-1])])
        builder.add("Add", name: "/norm/Add", inputs: ["v", "epsilon"], outputs: ["ve"])
        builder.add("Sqrt", name: "/norm/Sqrt", inputs: ["ve"], outputs: ["s"])
        builder.add("Div", name: "/norm/Div", inputs: ["d", "s"], outputs: ["n"])
        builder.add("Mul", name: "/norm/Mul", inputs: ["gamma", "n"], outputs: ["g"])
        if bias { builder.add("Add", name: "/norm/Add_1", inputs: ["g", "beta"], outputs: ["y"]) }
        if exposingDeviation {
            builder.add("Add", name: "/other", inputs: [bias ? "y" : "g", "d"], outputs: ["z"])
        }
        return builder
    }

    func types(_ network: Network) -> [String] { network.nodes.map(\.op.type) }

    @Test func layerNormInEveryArrangementBecomesOneOperator() throws {
        var generator = SeededGenerator(seed: 130)
        let x = Tensor.uniform(shape: [2, 3, Self.width], low: -2, high: 2, generator: &generator)
        for (pow, bias) in [(true, true), (false, true), (true, false)] {
            let network = try ONNXModel.network(fromBytes: layerNorm(squaringWithPow: pow, bias: bias).bytes(output: bias ? "y" : "g"))
            #expect(types(network) == ["LayerNormalization"], "\(types(network))")
            #expect(network.nodes[0].name == "/norm/LayerNormalization")
            #expect(network.parameters.keys.sorted() == (bias ? ["beta", "gamma"] : ["gamma"]))
            let scale = try Tensor(shape: [4], scalars: [0.5, 1, 1.5, 2])
            let shift = bias ? try Tensor(shape: [4], scalars: [0.1, -0.2, 0.3, 0]) : Tensor(shape: [4])
            let expected = try LayerNormalization(epsilon: 1e-5).forward([x, scale, shift], mode: .inference)[0]
            #expect(try network.forward(x).maximumAbsoluteDifference(to: expected) < 1e-5)
        }
    }

    @Test func layerNormStaysSpelledOutWhenItCannotBeOneOperator() throws {
        // A scalar scale does not say how long the normalized rows are.
        let scalar = try ONNXModel.network(fromBytes: layerNorm(scale: [2]).bytes(output: "y"))
        #expect(types(scalar).contains("ReduceMean") && !types(scalar).contains("LayerNormalization"))
        // The deviation is read outside the pattern.
        let exposed = try ONNXModel.network(fromBytes: layerNorm(exposingDeviation: true).bytes(output: "z"))
        #expect(types(exposed).contains("ReduceMean") && !types(exposed).contains("LayerNormalization"))
    }

    /// GELU as x · ½ · (1 + erf(x/√2)) in the orders of the TorchScript and dynamo exporters.
    @Test(arguments: ["(x·a)·½", "(½·a)·x", "(x·½)·a", "x·(1/√2)"])
    func geluInEveryArrangementBecomesOneOperator(_ arrangement: String) throws {
        var builder = ModelBuilder()
        builder.initializer("root2", shape: [], values: [Float(2).squareRoot()])
        builder.initializer("inverse", shape: [], values: [1 / Float(2).squareRoot()])
        builder.initializer("one", shape: [], values: [1])
        builder.initializer("half", shape: [], values: [0.5])
        if arrangement == "x·(1/√2)" {
            builder.add("Mul", name: "/mlp/act/Mul_scale", inputs: ["x", "inverse"], outputs: ["e"])
        } else {
            builder.add("Div", name: "/mlp/act/Div", inputs: ["x", "root2"], outputs: ["e"])
        }
        builder.add("Erf", name: "/mlp/act/Erf", inputs: ["e"], outputs: ["f"])
        builder.add("Add", name: "/mlp/act/Add", inputs: ["one", "f"], outputs: ["a"])
        switch arrangement {
        case "(½·a)·x":
            builder.add("Mul", name: "/mlp/act/Mul", inputs: ["half", "a"], outputs: ["h"])
            builder.add("Mul", name: "/mlp/act/Mul_1", inputs: ["x", "h"], outputs: ["y"])
        case "(x·½)·a":
            builder.add("Mul", name: "/mlp/act/Mul", inputs: ["x", "half"], outputs: ["h"])
            builder.add("Mul", name: "/mlp/act/Mul_1", inputs: ["h", "a"], outputs: ["y"])
        default:
            builder.add("Mul", name: "/mlp/act/Mul", inputs: ["x", "a"], outputs: ["h"])
            builder.add("Mul", name: "/mlp/act/Mul_1", inputs: ["h", "half"], outputs: ["y"])
        }
        let network = try ONNXModel.network(fromBytes: builder.bytes(output: "y"))
        #expect(types(network) == ["Gelu"], "\(types(network))")
        #expect(network.nodes[0].name == "/mlp/act/Gelu" && network.parameters.isEmpty)
        let x = try Tensor(shape: [1, 4], scalars: [-2, -0.5, 0.3, 1.7])
        #expect(try network.forward(x).maximumAbsoluteDifference(to: Gelu().forward([x], mode: .inference)[0]) < 1e-6)
    }

    @Test func anErfThatIsNoGeluStaysAsItIs() throws {
        var builder = ModelBuilder()
        builder.initializer("three", shape: [], values: [3])
        builder.initializer("one", shape: [], values: [1])
        builder.initializer("half", shape: [], values: [0.5])
        builder.add("Div", name: "div", inputs: ["x", "three"], outputs: ["e"])
        builder.add("Erf", name: "erf", inputs: ["e"], outputs: ["f"])
        builder.add("Add", name: "add", inputs: ["f", "one"], outputs: ["a"])
        builder.add("Mul", name: "mul", inputs: ["x", "a"], outputs: ["h"])
        builder.add("Mul", name: "mul_1", inputs: ["h", "half"], outputs: ["y"])
        #expect(types(try ONNXModel.network(fromBytes: builder.bytes(output: "y"))) == ["Div", "Erf", "Add", "Mul", "Mul"])
    }
}
