import Foundation

/// The ten object classes of the shapes scenes. Each is a region of the plane in the object's own
/// coordinates (u, v) ∈ [-1, 1]², before rotation, scaling and placement.
public enum ShapeClass: Int, CaseIterable, Sendable, Codable {
    case circle, square, triangle, star, cross, ring, diamond, hexagon, crescent, arrow

    public var name: String { String(describing: self) }

    /// The class named `name`, or an error listing the valid names.
    public init(named name: String) throws {
        guard let found = Self.allCases.first(where: { $0.name == name.lowercased() }) else {
            throw DatasetError.unknownClass(name, valid: Self.allCases.map(\.name))
        }
        self = found
    }

    /// Whether the point (u, v) of the object's own frame lies inside the shape.
    func contains(u: Double, v: Double) -> Bool {
        switch self {
        case .circle:
            return u * u + v * v <= 1
        case .square:
            return abs(u) <= 0.8 && abs(v) <= 0.8
        case .triangle:
            return Self.triangleOutline.contains(u: u, v: v)
        case .star:
            return Self.starOutline.contains(u: u, v: v)
        case .cross:
            return (abs(u) <= 0.3 && abs(v) <= 0.95) || (abs(v) <= 0.3 && abs(u) <= 0.95)
        case .ring:
            let r2 = u * u + v * v
            return r2 <= 1 && r2 >= 0.55 * 0.55
        case .diamond:
            return abs(u) / 0.65 + abs(v) <= 1
        case .hexagon:
            return Self.hexagonOutline.contains(u: u, v: v)
        case .crescent:
            let shifted = (u - 0.45) * (u - 0.45) + v * v
            return u * u + v * v <= 1 && shifted > 0.8 * 0.8
        case .arrow:
            let shaft = u >= -0.95 && u <= 0.15 && abs(v) <= 0.22
            let head = u >= 0.15 && u <= 0.95 && abs(v) <= 0.7 * (0.95 - u) / 0.8
            return shaft || head
        }
    }

    private static let triangleOutline = Outline.regular(sides: 3, radius: 1)
    private static let hexagonOutline = Outline.regular(sides: 6, radius: 0.95)
    private static let starOutline = Outline.star(points: 5, outer: 1, inner: 0.42)
}

/// A closed polygon, tested by the even–odd rule so that non-convex outlines (the star) work.
struct Outline: Sendable {
    let vertices: [(u: Double, v: Double)]

    static func regular(sides: Int, radius: Double) -> Outline {
        Outline(vertices: (0..<sides).map { k in
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(k) / Double(sides)
            return (radius * cos(angle), radius * sin(angle))
        })
    }

    static func star(points: Int, outer: Double, inner: Double) -> Outline {
        Outline(vertices: (0..<(2 * points)).map { k in
            let angle = -Double.pi / 2 + Double.pi * Double(k) / Double(points)
            let radius = k.isMultiple(of: 2) ? outer : inner
            return (radius * cos(angle), radius * sin(angle))
        })
    }

    func contains(u: Double, v: Double) -> Bool {
        var inside = false
        var previous = vertices[vertices.count - 1]
        for current in vertices {
            if (current.v > v) != (previous.v > v) {
                let crossing = current.u + (v - current.v) * (previous.u - current.u) / (previous.v - current.v)
                if u < crossing { inside.toggle() }
            }
            previous = current
        }
        return inside
    }
}
