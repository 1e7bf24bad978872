import CHeap

/// How the C heap treats the large, short-lived buffers of forward and backward passes.
public enum HeapTuning {
    /// Serves buffers up to 32 MiB from the heap instead of fresh mappings.
    ///
    /// glibc maps every block above its threshold anew and unmaps it on free, so each layer's output
    /// would fault in zero pages again on every pass; on ResNet-50 that cost a quarter of a forward and
    /// backward. Freed blocks now stay in the heap for the next pass to reuse. Process-wide, so the
    /// executables call it once at start; a library should not.
    public static func keepLargeBuffersInHeap() {
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
    }
}
