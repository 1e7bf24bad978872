import Foundation
import JupyterKernel
import Synchronization
import Testing

/// A handler that remembers what it got, and refuses messages whose data says so.
private final class Recorder: CommHandler {
    let received = Mutex<[CommMessage]>([])
    let closes = Atomic(0)

    func receive(_ message: CommMessage, context: any ExecutionContext) throws {
        if message.data["refuse"] != nil { throw CommError.malformed("refused on purpose") }
        received.withLock { $0.append(message) }
    }

    func closed(by message: CommMessage, context: any ExecutionContext) {
        closes.add(1, ordering: .relaxed)
    }
}

@Suite struct CommManagerTests {
    private func comms(_ context: CollectingContext) -> [CommMessage] {
        context.outputs.compactMap { if case .comm(let message) = $0 { message } else { nil } }
    }

    @Test func aFrontendOpensACommToARegisteredTargetAndItsMessagesReachTheHandler() throws {
        let manager = CommManager(), recorder = Recorder(), context = CollectingContext()
        manager.register(target: "echo") { _, _ in recorder }
        try manager.receive(CommMessage(.open, commID: "c1", targetName: "echo"), context: context)
        let payload = Data([0, 1, 2, 255])
        try manager.receive(CommMessage(.message, commID: "c1", data: ["x": 1], buffers: [payload]), context: context)
        #expect(recorder.received.withLock { $0.map(\.buffers) } == [[payload]])
        #expect(manager.openComms() == ["c1": "echo"])
        #expect(manager.openComms(target: "other").isEmpty)
        try manager.receive(CommMessage(.close, commID: "c1"), context: context)
        #expect(recorder.closes.load(ordering: .relaxed) == 1)
        #expect(manager.openComms().isEmpty)
        #expect(comms(context).isEmpty, "nothing is sent back for a comm that was accepted")
    }

    @Test func anUnknownTargetIsAnsweredWithCommClose() {
        let manager = CommManager(), context = CollectingContext()
        #expect(throws: CommError.unknownTarget("nobody")) {
            try manager.receive(CommMessage(.open, commID: "c2", targetName: "nobody"), context: context)
        }
        #expect(comms(context) == [CommMessage(.close, commID: "c2")])
        #expect(manager.openComms().isEmpty)
    }

    @Test func messagesToUnknownCommsAndOversizedBuffersAreRefusedWithoutEffect() throws {
        let manager = CommManager(), recorder = Recorder(), context = CollectingContext()
        manager.register(target: "echo") { _, _ in recorder }
        #expect(throws: CommError.unknownComm("ghost")) {
            try manager.receive(CommMessage(.message, commID: "ghost"), context: context)
        }
        #expect(throws: CommError.unknownComm("ghost")) {
            try manager.receive(CommMessage(.close, commID: "ghost"), context: context)
        }
        try manager.receive(CommMessage(.open, commID: "c3", targetName: "echo"), context: context)
        let huge = Data(count: CommManager.maximumBufferBytes / 2 + 1)
        #expect(throws: CommError.tooLarge(commID: "c3", bytes: 2 * huge.count, limit: CommManager.maximumBufferBytes)) {
            try manager.receive(CommMessage(.message, commID: "c3", buffers: [huge, huge]), context: context)
        }
        #expect(throws: CommError.refused(commID: "c3", reason: "malformed comm message: refused on purpose")) {
            try manager.receive(CommMessage(.message, commID: "c3", data: ["refuse": true]), context: context)
        }
        #expect(recorder.received.withLock { $0.isEmpty })
        #expect(manager.openComms() == ["c3": "echo"], "a refused message leaves the comm open")
    }

    @Test func aCommTheKernelOpensIsPublishedAndListed() {
        let manager = CommManager(), context = CollectingContext()
        let id = manager.open(target: "jupyter.widget", data: ["state": [:]], metadata: ["version": "2.1.0"],
                              buffers: [Data([7])], handler: Recorder(), context: context)
        manager.send(id, data: ["method": "update"], context: context)
        manager.close(id, context: context)
        manager.close(id, context: context)
        #expect(comms(context) == [
            CommMessage(.open, commID: id, targetName: "jupyter.widget", data: ["state": [:]], metadata: ["version": "2.1.0"],
                        buffers: [Data([7])]),
            CommMessage(.message, commID: id, data: ["method": "update"]),
            CommMessage(.close, commID: id),
        ], "a second close of the same comm sends nothing")
        #expect(manager.openComms().isEmpty)
    }

    @Test func commMessagesAreReadFromTheWireWithTheirBuffers() throws {
        let header = MessageHeader(messageType: "comm_msg", session: "s")
        let wire = Message(header: header, content: ["comm_id": "c", "data": ["method": "update"]], buffers: [Data([1, 2])])
        #expect(try CommMessage(wire) == CommMessage(.message, commID: "c", data: ["method": "update"], buffers: [Data([1, 2])]))
        let noTarget = Message(header: MessageHeader(messageType: "comm_open", session: "s"), content: ["comm_id": "c"])
        #expect(throws: CommError.malformed("comm_open c lacks a target_name")) { try CommMessage(noTarget) }
        let badData = Message(header: header, content: ["comm_id": "c", "data": [1, 2]])
        #expect(throws: CommError.malformed("comm_msg c: data is not a JSON object")) { try CommMessage(badData) }
        #expect(try CommMessage(Message(header: MessageHeader(messageType: "execute_request", session: "s"))) == nil)
    }
}
