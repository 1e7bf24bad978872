import Foundation
import JupyterKernel
import Testing

@Suite struct ConnectionInfoTests {
    @Test func readsATCPFileWithCurveKeys() throws {
        let info = try ConnectionInfo(data: Data(Fixtures.string("connection_tcp_curve").utf8))
        #expect(info.transport == .tcp)
        #expect(info.endpoint(for: .shell) == "tcp://127.0.0.1:50001")
        #expect(info.endpoint(for: .heartbeat) == "tcp://127.0.0.1:50004")
        #expect(info.endpoint(for: .control) == "tcp://127.0.0.1:50005")
        #expect(info.key == "a0436f6c-1916-498b-8eb9-e81ab9368e84")
        #expect(info.usesCurve)
        #expect(info.curvePublicKey == Fixtures.string("curve_publickey"))
    }

    @Test func readsAnIPCFile() throws {
        let info = try ConnectionInfo(data: Data(Fixtures.string("connection_ipc").utf8))
        #expect(info.transport == .ipc)
        #expect(info.endpoint(for: .iopub) == "ipc:///tmp/saliency-kernel-test-2")
        #expect(!info.usesCurve)
        #expect(info.key.isEmpty)
    }

    @Test func namesWhatIsWrong() {
        func error(_ text: String) -> ConnectionFileError? {
            do {
                _ = try ConnectionInfo(data: Data(text.utf8))
                return nil
            } catch {
                return error as? ConnectionFileError
            }
        }
        let ports = #""shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5"#
        #expect(error("nonsense") == .notJSON)
        #expect(error(#"{"shell_port":1}"#) == .missingField("control_port"))
        #expect(error("{\(ports),\"transport\":\"udp\"}") == .unsupportedTransport("udp"))
        #expect(error("{\(ports),\"key\":\"k\",\"signature_scheme\":\"hmac-md5\"}") == .unsupportedSignatureScheme("hmac-md5"))
        #expect(error("{\(ports),\"curve_publickey\":\"\(String(repeating: "a", count: 40))\"}") == .incompleteCurveKeys)
        #expect(error("{\(ports),\"curve_publickey\":\"short\",\"curve_secretkey\":\"short\"}") == .malformedCurveKey)
        #expect(error("{\(ports)}") == nil)
    }
}
