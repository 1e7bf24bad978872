import Testing
import Tensor
import Networks

struct NetworkGraphTests {
    /// x → Conv(1×1, weight 2, bias 1) → Relu → Add(with x) → output, nodes given out of order.
    func residual() throws -> Network {
        try Network(
            inputs: [ValueInfo(name: "x", shape: [-1, 1, 2, 2])],
            outputs: ["y"],
            nodes: [
                Node(name: "add", op: Add(), inputs: ["r", "x"], outputs: ["y"]),
                Node(name: "conv", op: Conv(), inputs: ["x", "w", "b"], outputs: ["c"]),
                Node(name: "relu", op: Relu(), inputs: ["c"], outputs: ["r"]),
            ],
            parameters: ["w": Tensor(shape: [1, 1, 1, 1], repeating: 2), "b": Tensor(shape: [1], repeating: 1)])
    }

    @Test func forwardFollowsTheGraphWhateverTheNodeOrder() throws {
        let x = try Tensor(shape: [1, 1, 2, 2], scalars: [-2, -0.25, 0.5, 1])
        let y = try residual().forward(x)
        // relu(2x + 1) + x
        let expected: [Float] = [-2, 0.25, 2.5, 4]
        #expect(y.scalars == expected)
    }

    @Test func tapReturnsTheNamedActivation() throws {
        let x = try Tensor(shape: [2, 1, 2, 2], scalars: [-2, -0.25, 0.5, 1, 0, 0, 0, 0])
        let (_, activation) = try residual().forward(x, tap: "relu")
        #expect(activation.scalars == [0, 0.5, 2, 3, 1, 1, 1, 1])
    }

    @Test func layersListNamesTypesAndShapes() throws {
        let layers = try residual().layers()
        #expect(layers.map(\.name) == ["conv", "relu", "add"])
        #expect(layers.map(\.type) == ["Conv", "Relu", "Add"])
        #expect(layers.allSatisfy { $0.outputShape == [1, 1, 2, 2] })
    }

    @Test func timedForwardReportsEveryNodeInTheOrderItRan() throws {
        let timings = try residual().timedForward(Tensor(shape: [2, 1, 2, 2]))
        #expect(timings.map(\.name) == ["conv", "relu", "add"])
        #expect(timings.map(\.type) == ["Conv", "Relu", "Add"])
        #expect(timings[0].inputShapes == [[2, 1, 2, 2], [1, 1, 1, 1], [1]])
        #expect(timings.allSatisfy { $0.duration >= .zero })
    }

    @Test func missingTensorIsNamed() {
        #expect(throws: NetworkError.self) {
            try Network(inputs: [ValueInfo(name: "x", shape: [1])], outputs: ["y"],
                        nodes: [Node(name: "relu", op: Relu(), inputs: ["nowhere"], outputs: ["y"])], parameters: [:])
        }
    }

    @Test func wrongInputShapeIsNamed() throws {
        #expect(throws: NetworkError.self) { try residual().forward(Tensor(shape: [1, 3, 2, 2])) }
    }
}
