/// The position of the smallest element along `axis`.
public typealias ArgMin = PositionSelection<Smallest>

/// The smallest element wins.
public enum Smallest: SelectionOrder {
    public static let type = "ArgMin"
    public static func precedes(_ candidate: Float, _ current: Float) -> Bool { candidate < current }
}
