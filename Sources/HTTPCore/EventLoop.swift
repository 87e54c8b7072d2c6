// SPDX-License-Identifier: Apache-2.0

internal import CSystem
import Glibc
import Synchronization

/// Something that wants readiness events from an `EventLoop`.
///
/// Registrants are loop-bound objects; the loop calls them on its thread only.
public protocol EventLoopSelectable: AnyObject {
    /// Readiness for the registered descriptor (`UB_EPOLLIN`, `UB_EPOLLOUT`, error and hang-up bits).
    func handleEvents(_ events: UInt32)
}

/// One epoll loop on one named thread.
///
/// Sockets, timers and loop-bound objects are touched only on the loop's
/// thread; other threads hand work over with `execute(_:)`.
public final class EventLoop: @unchecked Sendable {
    // Safe to share: `pending` and `running` are behind Mutex/Atomic; every other
    // stored property is touched only on the loop thread (checked by `inEventLoop`).

    /// The thread's name, as `/proc/self/task/TID/comm` shows it.
    public let name: String
    private let epollFD: Int32
    private let wakeFD: Int32
    private let pending = Mutex<[@Sendable () -> Void]>([])
    private let running = Atomic<Bool>(true)
    private let threadID = Atomic<Int32>(0)
    // `pthread_self()` of the loop thread: comparing it costs no system call, unlike
    // gettid, and `inEventLoop` is checked on every register, modify and timer call.
    private let loopThread = Atomic<UInt>(0)
    private var registrants: [UInt64: EventLoopSelectable] = [:]
    private var nextToken: UInt64 = 1
    private var timers = TimerQueue()
    private var thread: pthread_t?
    private let finished = Mutex<Bool>(false)
    private let onThreadStart: @Sendable (Int32) -> Void
    private let onThreadExit: @Sendable (Int32) -> Void
    private var soon: [() -> Void] = []
    private var soonSpare: [() -> Void] = []
    private var scratch: UnsafeMutableRawBufferPointer?

    /// Starts a loop on a new thread.
    /// - Parameters:
    ///   - name: the thread name (at most 15 bytes are kept by the kernel).
    ///   - onThreadStart: called on the new thread with its kernel thread id,
    ///     before any work runs (used to register the thread for CPU accounting).
    ///   - onThreadExit: called on the loop thread with its kernel thread id just
    ///     before it exits (used to record the thread's final CPU time).
    public init(
        name: String,
        onThreadStart: @escaping @Sendable (Int32) -> Void = { _ in },
        onThreadExit: @escaping @Sendable (Int32) -> Void = { _ in }
    ) throws {
        self.name = name
        self.onThreadStart = onThreadStart
        self.onThreadExit = onThreadExit
        epollFD = ub_epoll_create()
        guard epollFD >= 0 else { throw SystemError.last("epoll_create1") }
        wakeFD = ub_eventfd()
        guard wakeFD >= 0 else {
            close(epollFD)
            throw SystemError.last("eventfd")
        }
        guard ub_epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, UB_EPOLLIN, 0) == 0 else {
            throw SystemError.last("epoll_ctl")
        }
        let box = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { argument in
            let loop = Unmanaged<EventLoop>.fromOpaque(argument!).takeRetainedValue()
            loop.runOnThread()
            return nil
        }, box.toOpaque())
        guard status == 0 else {
            box.release()
            throw SystemError(operation: "pthread_create", errno: status)
        }
        self.thread = thread
    }

    /// Whether the caller runs on this loop's thread.
    public var inEventLoop: Bool {
        loopThread.load(ordering: .acquiring) == UInt(pthread_self())
    }

    /// The kernel thread id of the loop's thread (0 until it started).
    public var kernelThreadID: Int32 {
        threadID.load(ordering: .acquiring)
    }

    /// Runs `work` on the loop thread, soon. Safe from any thread.
    public func execute(_ work: @escaping @Sendable () -> Void) {
        let wasEmpty = pending.withLock { queue in
            queue.append(work)
            return queue.count == 1
        }
        // Only the first item of a batch needs a wake-up: the loop takes the
        // whole queue at once, and an emptied queue makes the next caller wake it again.
        guard wasEmpty else { return }
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    /// Runs `work` on the loop thread after the current batch of events,
    /// without locking or waking the loop. Loop thread only.
    public func executeSoon(_ work: @escaping () -> Void) {
        precondition(inEventLoop)
        soon.append(work)
    }

    /// A buffer shared by everything on this loop for one read at a time: its
    /// contents are valid only until the caller returns to the loop. Loop thread only.
    var scratchBuffer: UnsafeMutableRawBufferPointer {
        if let scratch { return scratch }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.scratchSize, alignment: 16)
        scratch = buffer
        return buffer
    }

    /// Size of `scratchBuffer`: large reads keep syscalls per byte low for bulk bodies.
    static let scratchSize = 256 * 1024

    /// Registers `selectable` for `events` on `fd`. Loop thread only.
    /// - Returns: a token for `modify` and `deregister`.
    public func register(fd: Int32, events: UInt32, _ selectable: EventLoopSelectable) throws -> UInt64 {
        precondition(inEventLoop)
        let token = nextToken
        nextToken += 1
        guard ub_epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, events, token) == 0 else {
            throw SystemError.last("epoll_ctl(ADD)")
        }
        registrants[token] = selectable
        return token
    }

    /// Changes the events watched for a registered descriptor. Loop thread only.
    public func modify(fd: Int32, token: UInt64, events: UInt32) {
        precondition(inEventLoop)
        _ = ub_epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, events, token)
    }

    /// Stops watching `fd`. Call before closing it. Loop thread only.
    public func deregister(fd: Int32, token: UInt64) {
        precondition(inEventLoop)
        _ = ub_epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, 0, 0)
        registrants[token] = nil
    }

    /// Runs `work` on the loop thread after `delay`. Loop thread only.
    /// - Returns: an id for `cancelTimer`.
    @discardableResult
    public func scheduleTimer(after delay: Duration, _ work: @escaping () -> Void) -> UInt64 {
        precondition(inEventLoop)
        return timers.add(deadline: MonotonicClock.nanoseconds + delay.nanoseconds, work)
    }

    /// Cancels a timer that has not fired yet. Loop thread only.
    public func cancelTimer(_ id: UInt64) {
        timers.cancel(id)
    }

    /// Stops the loop after the work queued so far, and waits for its thread.
    /// Registered descriptors are not closed: their owners close them.
    public func shutdown() {
        guard running.exchange(false, ordering: .acquiringAndReleasing) else { return }
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
        if !inEventLoop, let thread {
            pthread_join(thread, nil)
        }
    }

    private func runOnThread() {
        _ = name.withCString { ub_set_thread_name($0) }
        threadID.store(ub_gettid(), ordering: .releasing)
        loopThread.store(UInt(pthread_self()), ordering: .releasing)
        onThreadStart(ub_gettid())
        var events = [UInt32](repeating: 0, count: 256)
        var data = [UInt64](repeating: 0, count: 256)
        while running.load(ordering: .acquiring) {
            let timeout = soon.isEmpty ? timers.millisecondsUntilNext(now: MonotonicClock.nanoseconds) : 0
            let count = Int(ub_epoll_wait(epollFD, &events, &data, 256, timeout))
            if count < 0 && errno != EINTR { break }
            for index in 0..<max(count, 0) {
                if data[index] == 0 {
                    var value: UInt64 = 0
                    _ = read(wakeFD, &value, 8)
                    continue
                }
                registrants[data[index]]?.handleEvents(events[index])
            }
            runPendingWork()
            runSoonWork()
            fireDueTimers()
        }
        runPendingWork()
        runSoonWork()
        registrants.removeAll()
        scratch?.deallocate()
        scratch = nil
        close(wakeFD)
        close(epollFD)
        onThreadExit(ub_gettid())
    }

    // Timer work may schedule or cancel timers, so each due entry is taken out
    // of the queue before it runs (running it inside a mutating method of
    // `timers` would be an overlapping access).
    private func fireDueTimers() {
        let now = MonotonicClock.nanoseconds
        while let work = timers.popDue(now: now) {
            work()
        }
    }

    private func runSoonWork() {
        while !soon.isEmpty {
            swap(&soon, &soonSpare)
            for work in soonSpare { work() }
            soonSpare.removeAll(keepingCapacity: true)
        }
    }

    private func runPendingWork() {
        let work = pending.withLock { queue -> [@Sendable () -> Void] in
            let taken = queue
            queue.removeAll(keepingCapacity: true)
            return taken
        }
        for item in work { item() }
    }
}

/// Timers ordered by deadline; loop-bound.
private struct TimerQueue {
    private var entries: [(deadline: UInt64, id: UInt64, work: () -> Void)] = []
    private var nextID: UInt64 = 1

    mutating func add(deadline: UInt64, _ work: @escaping () -> Void) -> UInt64 {
        let id = nextID
        nextID += 1
        // Timers are few per connection and mostly appended in deadline order,
        // so a sorted array with a binary-search insert beats a heap here.
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].deadline <= deadline { low = middle + 1 } else { high = middle }
        }
        entries.insert((deadline, id, work), at: low)
        return id
    }

    mutating func cancel(_ id: UInt64) {
        entries.removeAll { $0.id == id }
    }

    func millisecondsUntilNext(now: UInt64) -> Int32 {
        guard let first = entries.first else { return 1000 }
        if first.deadline <= now { return 0 }
        return Int32(min((first.deadline - now + 999_999) / 1_000_000, 1000))
    }

    /// Removes and returns the earliest timer's work if it is due.
    mutating func popDue(now: UInt64) -> (() -> Void)? {
        guard let first = entries.first, first.deadline <= now else { return nil }
        entries.removeFirst()
        return first.work
    }
}

/// Monotonic time in nanoseconds (CLOCK_MONOTONIC), the clock every timing in the harness uses.
public enum MonotonicClock {
    public static var nanoseconds: UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}

extension Duration {
    /// Whole nanoseconds, clamped at zero.
    public var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        let total = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        return total < 0 ? 0 : UInt64(total)
    }
}

/// A failed system call, with its errno.
public struct SystemError: Error, Sendable, CustomStringConvertible {
    public let operation: String
    public let errno: Int32

    public init(operation: String, errno: Int32) {
        self.operation = operation
        self.errno = errno
    }

    static func last(_ operation: String) -> SystemError {
        SystemError(operation: operation, errno: Glibc.errno)
    }

    public var description: String {
        "\(operation) failed: \(String(cString: strerror(errno)))"
    }
}
