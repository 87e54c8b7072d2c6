// SPDX-License-Identifier: Apache-2.0

/// A growable byte queue for one connection: bytes are appended at the end and
/// consumed from the front. Storage is kept while bytes remain and released
/// when the queue empties, so idle connections hold no memory.
///
/// Not thread-safe; owned by one loop-bound object.
struct ByteBuffer: ~Copyable {
    private var storage: UnsafeMutableRawPointer?
    private var capacity = 0
    private var start = 0
    private var end = 0

    init() {}

    deinit {
        storage?.deallocate()
    }

    var count: Int { end - start }
    var isEmpty: Bool { end == start }

    /// The queued bytes; valid until the next mutation.
    var readable: UnsafeRawBufferPointer {
        guard let storage else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: storage + start, count: end - start)
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        reserve(bytes.count)
        (storage! + end).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        end += bytes.count
    }

    mutating func append(_ bytes: some Collection<UInt8>) {
        let added = bytes.count
        guard added > 0 else { return }
        reserve(added)
        let target = UnsafeMutableRawBufferPointer(start: storage! + end, count: added)
        _ = target.initializeMemory(as: UInt8.self, from: bytes)
        end += added
    }

    mutating func append(byte: UInt8) {
        reserve(1)
        storage!.storeBytes(of: byte, toByteOffset: end, as: UInt8.self)
        end += 1
    }

    /// Appends `string`'s UTF-8 bytes.
    mutating func append(string: String) {
        var string = string
        string.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Appends `value` in decimal.
    mutating func append(decimal value: Int) {
        appendNumber(value, radix: 10)
    }

    /// Appends `value` in lowercase hexadecimal.
    mutating func append(hex value: Int) {
        appendNumber(value, radix: 16)
    }

    private mutating func appendNumber(_ value: Int, radix: Int) {
        precondition(value >= 0)
        reserve(20)
        var digits = 0
        var rest = value
        repeat {
            digits += 1
            rest /= radix
        } while rest > 0
        rest = value
        var index = end + digits - 1
        repeat {
            let digit = UInt8(rest % radix)
            let ascii = digit < 10 ? digit + 48 : digit + 87
            storage!.storeBytes(of: ascii, toByteOffset: index, as: UInt8.self)
            index -= 1
            rest /= radix
        } while rest > 0
        end += digits
    }

    /// Drops `n` bytes from the front.
    mutating func consume(_ n: Int) {
        precondition(n <= count)
        start += n
        if start == end {
            start = 0
            end = 0
        }
    }

    /// Drops everything and releases the storage.
    mutating func release() {
        storage?.deallocate()
        storage = nil
        capacity = 0
        start = 0
        end = 0
    }

    /// Releases the storage when empty and larger than `limit`, so a burst
    /// does not pin memory on an idle connection.
    mutating func releaseIfLarger(than limit: Int) {
        if isEmpty && capacity > limit { release() }
    }

    private mutating func reserve(_ extra: Int) {
        if end + extra <= capacity { return }
        if start > 0 && count + extra <= capacity {
            // Slide the bytes down instead of growing: consumed space is reusable.
            let live = count
            storage!.copyMemory(from: storage! + start, byteCount: live)
            start = 0
            end = live
            return
        }
        var newCapacity = max(capacity * 2, 4096)
        while newCapacity < count + extra { newCapacity *= 2 }
        let newStorage = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        if let storage {
            newStorage.copyMemory(from: storage + start, byteCount: count)
            storage.deallocate()
        }
        end = count
        start = 0
        storage = newStorage
        capacity = newCapacity
    }
}
