/// A tensor known at load time, before any input is seen: an initializer, a Constant node's value or
/// a result of the shape arithmetic that exporters emit.
///
/// Elements are Doubles so that int64 shapes, booleans and float weights share one representation
/// and one set of folding rules; int64 values beyond 2⁵³ only occur as "to the end" sentinels of
/// Slice, which clamp to the axis anyway.
struct Constant: Equatable, Sendable {
    enum ElementType: Equatable, Sendable { case float, integer, boolean }

    var shape: [Int]
    var elements: [Double]
    var elementType: ElementType
    /// The element type the file stored, where it matters beyond `elementType`: a zero point's
    /// int8 or uint8 decides QuantizeLinear's range. Nil for computed values.
    var dataType: Onnx_TensorProto.DataType?

    init(shape: [Int], elements: [Double], elementType: ElementType, dataType: Onnx_TensorProto.DataType? = nil) {
        precondition(shape.reduce(1, *) == elements.count, "constant of shape \(shape) with \(elements.count) elements")
        self.shape = shape
        self.elements = elements
        self.elementType = elementType
        self.dataType = dataType
    }

    init(integers: [Int], shape: [Int]? = nil) {
        self.init(shape: shape ?? [integers.count], elements: integers.map(Double.init), elementType: .integer)
    }

    var rank: Int { shape.count }

    /// The elements as Ints, clamping the int64 sentinels that do not fit.
    var integers: [Int] {
        elements.map { $0 >= 9.2e18 ? Int.max : $0 <= -9.2e18 ? Int.min : Int($0) }
    }

    /// Row-major strides of `shape`.
    static func strides(of shape: [Int]) -> [Int] {
        var strides = Array(repeating: 1, count: shape.count)
        for axis in shape.indices.dropLast().reversed() { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        return strides
    }

    /// A constant of `shape` whose element at each multi-index is this one's at `source(index)`.
    func gathered(into shape: [Int], elementType: ElementType? = nil, source: ([Int]) -> Int) -> Constant {
        let count = shape.reduce(1, *)
        let strides = Constant.strides(of: shape)
        var index = Array(repeating: 0, count: shape.count)
        var elements: [Double] = []
        elements.reserveCapacity(count)
        for flat in 0..<count {
            var rest = flat
            for axis in shape.indices {
                index[axis] = rest / strides[axis]
                rest %= strides[axis]
            }
            elements.append(self.elements[source(index)])
        }
        return Constant(shape: shape, elements: elements, elementType: elementType ?? self.elementType)
    }

    /// The flat offset of a multi-index.
    func offset(of index: [Int]) -> Int {
        zip(index, Constant.strides(of: shape)).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
