import Glibc

/// A regular file mapped read-only into memory for as long as this object lives: the weights of an
/// external-data model are read straight from the page cache, one mapping per file however many
/// tensors it holds.
final class MappedFile {
    let path: String
    let size: Int
    private let base: UnsafeRawPointer?

    /// Maps the file at `path`; the error text says what failed, for the caller to attach to a tensor.
    init(path: String) throws(MappingError) {
        // O_NONBLOCK: opening a FIFO planted under the data's name must not hang the import.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw MappingError("cannot be opened (\(String(cString: strerror(errno))))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw MappingError("cannot be examined (\(String(cString: strerror(errno))))") }
        guard status.st_mode & S_IFMT == S_IFREG else { throw MappingError("is not a regular file") }
        self.path = path
        size = Int(status.st_size)
        guard size > 0 else {
            base = nil
            return
        }
        let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let mapped, mapped != MAP_FAILED else { throw MappingError("cannot be mapped (\(String(cString: strerror(errno))))") }
        base = UnsafeRawPointer(mapped)
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), size) }
    }

    /// The bytes `offset..<offset + length`, which the caller has checked lie inside the file.
    func withBytes<Result>(offset: Int, length: Int, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        precondition(offset >= 0 && length >= 0 && length <= size - offset, "range outside the mapped file")
        return try body(UnsafeRawBufferPointer(start: base.map { $0 + offset }, count: length))
    }

    struct MappingError: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
