extension Kernel {
    func complete(_ request: Message) throws(RequestError) -> JSONObject {
        let code = try request.string("code")
        let cursor = try request.int("cursor_pos")
        let completion = interpreter.complete(code, cursor: min(max(cursor, 0), code.count))
        return [
            "status": "ok",
            "matches": .array(completion.matches.map { .string($0) }),
            "cursor_start": JSONValue(completion.cursorStart),
            "cursor_end": JSONValue(completion.cursorEnd),
            "metadata": [:],
        ]
    }
}
