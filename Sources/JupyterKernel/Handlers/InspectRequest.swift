extension Kernel {
    func inspect(_ request: Message) throws(RequestError) -> JSONObject {
        let code = try request.string("code")
        let cursor = try request.int("cursor_pos")
        let detail = request.content["detail_level"]?.intValue ?? 0
        let bundle = interpreter.inspect(code, cursor: min(max(cursor, 0), code.count), detail: detail)
        return [
            "status": "ok",
            "found": .bool(bundle != nil),
            "data": .object(bundle?.data ?? [:]),
            "metadata": .object(bundle?.metadata ?? [:]),
        ]
    }
}
