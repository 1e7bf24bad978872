extension Kernel {
    /// kernel_info_reply: who we are and which language we speak. Answered on control too.
    func kernelInfo() -> JSONObject {
        let info = interpreter.languageInfo
        return [
            "status": "ok",
            "protocol_version": .string(MessageHeader.protocolVersion),
            "implementation": .string(info.implementation),
            "implementation_version": .string(info.implementationVersion),
            "banner": .string(info.banner),
            "language_info": [
                "name": .string(info.name),
                "version": .string(info.version),
                "mimetype": .string(info.mimetype),
                "file_extension": .string(info.fileExtension),
                "pygments_lexer": .string(info.pygmentsLexer),
                "codemirror_mode": .string(info.codemirrorMode),
            ],
            "help_links": .array(info.helpLinks.map { ["text": .string($0.text), "url": .string($0.url)] }),
            "debugger": false,
        ]
    }
}
