/// The named values of a session. A value type: a cell line works on a copy that is committed only
/// when the line succeeds, so a failed or interrupted line leaves nothing half-done.
public struct Workspace: Sendable {
    private var values: [String: any WorkspaceValue] = [:]
    /// The model commands use when no `--model` is given: the one loaded last.
    public var activeModel: ModelValue?
    /// The defaults `%set` changes.
    public var settings = Settings()

    public init() {}

    public var names: [String] { values.keys.sorted() }
    public var isEmpty: Bool { values.isEmpty }

    public subscript(name: String) -> (any WorkspaceValue)? {
        get { values[name] }
        set { values[name] = newValue }
    }

    /// The value, or an error naming it with the nearest existing name.
    public func value(named name: String) throws(WorkbenchError) -> any WorkspaceValue {
        guard let value = values[name] else {
            throw .unknownName(name, suggestion: NearestName.suggestion(for: name, among: names))
        }
        return value
    }

    public mutating func remove(_ name: String) throws(WorkbenchError) {
        _ = try value(named: name)
        values[name] = nil
    }
}
