/// The position of the smallest element along `axis`.
public struct ArgMin: PositionSelection {
    public var axis: Int
    public var keepsDimensions: Bool
    public var selectsLastIndex: Bool
    public init(axis: Int = 0, keepsDimensions: Bool = true, selectsLastIndex: Bool = false) {
        self.axis = axis
        self.keepsDimensions = keepsDimensions
        self.selectsLastIndex = selectsLastIndex
    }
    public var type: String { "ArgMin" }
    public func precedes(_ candidate: Float, _ current: Float) -> Bool { candidate < current }
}
