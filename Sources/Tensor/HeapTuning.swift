import CHeap

/// How the C heap treats the large, short-lived buffers of forward and backward passes.
public enum HeapTuning {
    /// Serves buffers up to 256 MiB from the heap instead of fresh mappings, and keeps up to 1 GiB of
    /// freed heap for the next pass.
    ///
    /// glibc maps every block above its threshold (128 KiB to 32 MiB, adapting) anew, unmaps it on free
    /// and trims the heap's free top, so each layer's output faulted in zero pages again on every pass;
    /// on ResNet-50 that cost a quarter of a forward and backward, and more in batches. The price is a
    /// resident size that stays near its peak (at most 1 GiB more) after a large computation.
    /// Process-wide, so the executables call it once at start; a library should not.
    public static func keepLargeBuffersInHeap() {
        _ = mallopt(M_MMAP_THRESHOLD, 256 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 1 << 30)
    }
}
