import Foundation
import JupyterKernel
import Testing

@Suite struct WireCodecTests {
    private var referenceFrames: [Data] {
        (Fixtures.protocolData["signed_message"]?["frames_base64"]?.arrayValue ?? [])
            .compactMap { $0.stringValue.flatMap { Data(base64Encoded: $0) } }
    }

    private var codec: WireCodec {
        WireCodec(signer: MessageSigner(key: Fixtures.string("signed_message", "key")))
    }

    @Test func nonFiniteNumbersGoOutAsNullAndTheRestOfTheMessageSurvives() throws {
        let value = JSONValue.object(["index": .array([.number(.infinity), .number(-.infinity), .number(.nan), .number(2.5)]),
                                      "count": .number(3)])
        #expect(String(decoding: value.encoded(), as: UTF8.self) == #"{"count":3,"index":[null,null,null,2.5]}"#)
    }

    @Test func stringsAreEscapedAsRFC8259AsksAndReadBackUnchanged() throws {
        let text = "quote \" backslash \\ slash / newline \n tab \t bell \u{07} nul \u{00} é 漢 🙂"
        let value = JSONValue.object(["b": .string(text), "a": .array([.bool(true), .null, .number(-0.1), .number(1e20)])])
        let written = String(decoding: value.encoded(), as: UTF8.self)
        #expect(written == #"{"a":[true,null,-0.1,1e+20],"b":"quote \" backslash \\ slash / newline \n tab \t bell \u0007 nul \u0000 é 漢 🙂"}"#)
        #expect(try JSONValue.decode(value.encoded()) == value)
        // Foundation's parser reads it too, to the same value.
        let foundation = try JSONSerialization.jsonObject(with: value.encoded()) as? [String: Any]
        #expect(foundation?["b"] as? String == text)
    }

    @Test func decodesAMessageSignedByJupyterClient() throws {
        let message = try codec.decode(referenceFrames)
        #expect(message.identities == [Data("client-identity".utf8)])
        #expect(message.header.messageID == Fixtures.string("signed_message", "msg_id"))
        #expect(message.messageType == "execute_request")
        #expect(message.header.session == "fixture-session")
        #expect(message.header.username == "student")
        #expect(message.parentHeader == nil)
        #expect(message.content["code"] == .string("%echo hi"))
        #expect(message.content["silent"] == .bool(false))
    }

    @Test func rejectsAReplayOfTheSameFrames() throws {
        let codec = self.codec
        _ = try codec.decode(referenceFrames)
        #expect(throws: WireError.replayedSignature) { try codec.decode(referenceFrames) }
    }

    @Test func rejectsAWrongKey() {
        let codec = WireCodec(signer: MessageSigner(key: "not the key"))
        #expect(throws: WireError.badSignature) { try codec.decode(referenceFrames) }
    }

    @Test func encodesWhatItDecodes() throws {
        let sender = codec
        let receiver = WireCodec(signer: MessageSigner(key: Fixtures.string("signed_message", "key")))
        let request = try sender.decode(referenceFrames)
        let reply = request.reply(type: "execute_reply", content: ["status": "ok", "execution_count": 3])
        let decoded = try receiver.decode(sender.encode(reply))
        #expect(decoded == reply)
        #expect(decoded.parentHeader?.messageID == request.header.messageID)
        #expect(decoded.header.version == "5.4")
    }

    @Test func refusesMalformedFrames() {
        let codec = WireCodec(signer: MessageSigner(key: ""))
        let delimiter = Data("<IDS|MSG>".utf8)
        let empty = Data("{}".utf8)
        #expect(throws: WireError.missingDelimiter) { try codec.decode([Data("x".utf8)]) }
        #expect(throws: WireError.tooFewFrames(2)) { try codec.decode([delimiter, Data(), empty]) }
        #expect(throws: WireError.malformed("header is not valid JSON")) {
            try codec.decode([delimiter, Data(), Data("{oops".utf8), empty, empty, empty])
        }
        #expect(throws: WireError.malformed("header lacks msg_type")) {
            try codec.decode([delimiter, Data(), Data("{\"msg_id\":\"1\"}".utf8), empty, empty, empty])
        }
        let header = Data("{\"msg_id\":\"1\",\"msg_type\":\"kernel_info_request\"}".utf8)
        #expect(throws: WireError.malformed("content is not a JSON object")) {
            try codec.decode([delimiter, Data(), header, empty, empty, Data("[1]".utf8)])
        }
    }
}
