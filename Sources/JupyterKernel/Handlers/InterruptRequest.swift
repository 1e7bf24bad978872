extension Kernel {
    /// interrupt_request (interrupt_mode "message"): raises the running cell's cancellation flag.
    func interruptCell() -> JSONObject {
        interrupt.raise()
        return ["status": "ok"]
    }
}
