import Foundation
import Synchronization

extension Kernel {
    /// execute_request: runs the cell on the interpreter while the shell thread waits, so control stays
    /// free to interrupt it. Outputs go to IOPub; the reply carries status and execution_count.
    func execute(_ request: Message) throws(RequestError) -> JSONObject {
        let code = try request.string("code")
        let silent = request.content["silent"]?.boolValue ?? false
        let storeHistory = !silent && (request.content["store_history"]?.boolValue ?? true)
        let count = executionCount.withLock { count in
            if storeHistory { count += 1 }
            return count
        }
        if !silent {
            iopub.publish(request.reply(type: "execute_input",
                                        content: ["code": .string(code), "execution_count": JSONValue(count)]))
        }
        let context = KernelExecutionContext(iopub: iopub, request: request, interrupt: interrupt)
        let outcome = run(code, context: context)
        var reply: JSONObject = ["execution_count": JSONValue(count)]
        switch outcome {
        case .success(let outcome):
            if let result = outcome.result, !silent {
                iopub.publish(request.reply(type: "execute_result", content: [
                    "execution_count": JSONValue(count), "data": .object(result.data),
                    "metadata": .object(result.metadata),
                ]))
            }
            reply["status"] = "ok"
            reply["payload"] = .array(outcome.pages.map { ["source": "page", "data": .object($0.data), "start": 0] })
            reply["user_expressions"] = .object(evaluate(request.content["user_expressions"]?.objectValue ?? [:]))
            if storeHistory {
                history.withLock { $0.record(line: count, input: code, output: outcome.result?.plainText) }
            }
        case .failure(let error):
            let fields: JSONObject = [
                "ename": .string(error.name), "evalue": .string(error.value),
                "traceback": .array(error.traceback.map { .string($0) }),
            ]
            if !silent { iopub.publish(request.reply(type: "error", content: fields)) }
            reply.merge(fields) { _, new in new }
            reply["status"] = "error"
            if storeHistory { history.withLock { $0.record(line: count, input: code, output: nil) } }
        }
        return reply
    }

    /// user_expressions: each is run silently after the cell; its value or its error is returned by name.
    private func evaluate(_ expressions: JSONObject) -> JSONObject {
        let silentContext = CollectingContext()
        return expressions.mapValues { expression in
            guard let code = expression.stringValue else {
                return ["status": "error", "ename": "MalformedRequest", "evalue": "expression is not a string",
                        "traceback": []]
            }
            switch run(code, context: silentContext) {
            case .success(let outcome):
                let result = outcome.result ?? MimeBundle()
                return ["status": "ok", "data": .object(result.data), "metadata": .object(result.metadata)]
            case .failure(let error):
                return ["status": "error", "ename": .string(error.name), "evalue": .string(error.value),
                        "traceback": .array(error.traceback.map { .string($0) })]
            }
        }
    }

    /// Runs the interpreter in a task and blocks this (shell) thread until it ends.
    private func run(_ code: String, context: any ExecutionContext) -> Result<ExecuteOutcome, ExecutionError> {
        let finished = DispatchSemaphore(value: 0)
        let result = Mutex<Result<ExecuteOutcome, ExecutionError>?>(nil)
        interrupt.lower()
        let task = Task { [interpreter] in
            defer { finished.signal() }
            do {
                let outcome = try await interpreter.execute(code, context: context)
                result.withLock { $0 = .success(outcome) }
                return outcome
            } catch {
                result.withLock { $0 = .failure(Self.describe(error)) }
                throw error
            }
        }
        interrupt.attach(task)
        finished.wait()
        interrupt.end()
        return result.withLock { $0 } ?? .failure(ExecutionError(name: "InternalError", value: "cell ended without a result"))
    }

    private static func describe(_ error: any Error) -> ExecutionError {
        switch error {
        case let error as ExecutionError: error
        case is ExecutionInterrupted, is CancellationError:
            ExecutionError(name: "KeyboardInterrupt", value: "the cell was interrupted")
        default: ExecutionError(name: String(describing: type(of: error)), value: String(describing: error))
        }
    }
}
