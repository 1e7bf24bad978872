/// What the kernel needs from a language (the xeus interpreter shape). Transport, signing and
/// threading stay in the kernel: an interpreter never sees a socket.
public protocol Interpreter: Sendable {
    var languageInfo: LanguageInfo { get }
    func execute(_ code: String, context: any ExecutionContext) async throws -> ExecuteOutcome
    func complete(_ code: String, cursor: Int) -> Completion
    /// A MIME bundle describing what is under the cursor, or nil when nothing is known there.
    func inspect(_ code: String, cursor: Int, detail: Int) -> MimeBundle?
    func isComplete(_ code: String) -> IsCompleteStatus
    /// The session's comms: the kernel hands it the frontend's comm messages (widgets live there).
    var comms: CommManager { get }
}

/// kernel_info's language description.
public struct LanguageInfo: Sendable {
    public var name: String
    public var version: String
    public var mimetype: String
    public var fileExtension: String
    public var pygmentsLexer: String
    public var codemirrorMode: String
    public var implementation: String
    public var implementationVersion: String
    public var banner: String
    public var helpLinks: [(text: String, url: String)]

    public init(name: String, version: String, mimetype: String, fileExtension: String, pygmentsLexer: String,
                codemirrorMode: String, implementation: String, implementationVersion: String, banner: String,
                helpLinks: [(text: String, url: String)] = [])
    {
        self.name = name
        self.version = version
        self.mimetype = mimetype
        self.fileExtension = fileExtension
        self.pygmentsLexer = pygmentsLexer
        self.codemirrorMode = codemirrorMode
        self.implementation = implementation
        self.implementationVersion = implementationVersion
        self.banner = banner
        self.helpLinks = helpLinks
    }
}

/// A cell that finished: its value (published as execute_result) and pager payloads.
public struct ExecuteOutcome: Sendable, Equatable {
    public var result: MimeBundle?
    public var pages: [MimeBundle]

    public init(result: MimeBundle? = nil, pages: [MimeBundle] = []) {
        self.result = result
        self.pages = pages
    }
}

/// A cell that failed in the language's terms; the kernel sends it as `error` with these fields.
public struct ExecutionError: Error, Equatable {
    public var name: String
    public var value: String
    public var traceback: [String]

    public init(name: String, value: String, traceback: [String]? = nil) {
        self.name = name
        self.value = value
        self.traceback = traceback ?? ["\(name): \(value)"]
    }
}

public struct Completion: Sendable, Equatable {
    public var matches: [String]
    public var cursorStart: Int
    public var cursorEnd: Int

    public init(matches: [String], cursorStart: Int, cursorEnd: Int) {
        self.matches = matches
        self.cursorStart = cursorStart
        self.cursorEnd = cursorEnd
    }
}

public enum IsCompleteStatus: Sendable, Equatable {
    case complete
    case incomplete(indent: String)
    case invalid
    case unknown
}
