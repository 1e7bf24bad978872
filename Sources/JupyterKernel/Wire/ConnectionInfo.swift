import Foundation

/// The connection file a Jupyter client writes before starting the kernel.
public struct ConnectionInfo: Sendable, Equatable {
    public enum Transport: String, Sendable {
        case tcp, ipc
    }

    /// The five channels and where each listens.
    public enum Channel: String, Sendable, CaseIterable {
        case shell, control, iopub, stdin, heartbeat = "hb"
    }

    public var transport: Transport
    public var ip: String
    public var ports: [Channel: Int]
    public var key: String
    public var signatureScheme: String
    /// Z85-encoded CurveZMQ server keys; when present every socket is a curve server.
    public var curvePublicKey: String?
    public var curveSecretKey: String?

    public init(data: Data) throws {
        let json: JSONValue
        do {
            json = try JSONValue.decode(data)
        } catch {
            throw ConnectionFileError.notJSON
        }
        guard let object = json.objectValue else { throw ConnectionFileError.notJSON }
        let transportName = object["transport"]?.stringValue ?? "tcp"
        guard let transport = Transport(rawValue: transportName) else {
            throw ConnectionFileError.unsupportedTransport(transportName)
        }
        self.transport = transport
        self.ip = object["ip"]?.stringValue ?? "127.0.0.1"
        var ports: [Channel: Int] = [:]
        for channel in Channel.allCases {
            let field = "\(channel.rawValue)_port"
            guard let port = object[field]?.intValue, (0...65535).contains(port) else {
                throw ConnectionFileError.missingField(field)
            }
            ports[channel] = port
        }
        self.ports = ports
        self.key = object["key"]?.stringValue ?? ""
        self.signatureScheme = object["signature_scheme"]?.stringValue ?? "hmac-sha256"
        guard signatureScheme == "hmac-sha256" || key.isEmpty else {
            throw ConnectionFileError.unsupportedSignatureScheme(signatureScheme)
        }
        self.curvePublicKey = object["curve_publickey"]?.stringValue
        self.curveSecretKey = object["curve_secretkey"]?.stringValue
        if (curvePublicKey == nil) != (curveSecretKey == nil) {
            throw ConnectionFileError.incompleteCurveKeys
        }
        for curveKey in [curvePublicKey, curveSecretKey].compactMap({ $0 }) where curveKey.utf8.count != 40 {
            throw ConnectionFileError.malformedCurveKey
        }
    }

    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConnectionFileError.unreadable(path)
        }
        try self.init(data: data)
    }

    public var usesCurve: Bool { curveSecretKey != nil }

    /// The ZeroMQ address to bind: `tcp://ip:port`, or for ipc the file `ip-port` as jupyter_client names it.
    public func endpoint(for channel: Channel) -> String {
        let port = ports[channel] ?? 0
        switch transport {
        case .tcp: return "tcp://\(ip):\(port)"
        case .ipc: return "ipc://\(ip)-\(port)"
        }
    }
}

public enum ConnectionFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case notJSON
    case missingField(String)
    case unsupportedTransport(String)
    case unsupportedSignatureScheme(String)
    case incompleteCurveKeys
    case malformedCurveKey

    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read connection file \(path)"
        case .notJSON: "connection file is not a JSON object"
        case .missingField(let field): "connection file lacks a valid \(field)"
        case .unsupportedTransport(let name): "unsupported transport '\(name)' (expected tcp or ipc)"
        case .unsupportedSignatureScheme(let name): "unsupported signature_scheme '\(name)' (expected hmac-sha256)"
        case .incompleteCurveKeys: "connection file has only one of curve_publickey and curve_secretkey"
        case .malformedCurveKey: "curve keys must be 40-character Z85 strings"
        }
    }
}
