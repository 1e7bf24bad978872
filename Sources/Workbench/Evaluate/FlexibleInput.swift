import Networks

extension ModelValue {
    /// The same model declared for images of `height`×`width`, for fully convolutional networks
    /// applied to GridPG mosaics larger than their training images. Networks with fixed-size
    /// layers fail on the first pass with an error naming the layer.
    func accepting(height: Int, width: Int) -> ModelValue {
        var copy = self
        for index in copy.network.inputs.indices where copy.network.inputs[index].shape.count == 4 {
            let shape = copy.network.inputs[index].shape
            copy.network.inputs[index] = ValueInfo(name: copy.network.inputs[index].name, shape: [shape[0], shape[1], height, width])
        }
        return copy
    }
}
