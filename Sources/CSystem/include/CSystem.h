// SPDX-License-Identifier: Apache-2.0
//
// The `_GNU_SOURCE` parts of glibc that Swift's Glibc module does not export
// (epoll, accept4, eventfd, setns, thread names and per-thread CPU clocks), plus a
// non-variadic prctl. Each function maps 1:1 onto the libc call it names.
#ifndef UPLOAD_BENCH_CSYSTEM_H
#define UPLOAD_BENCH_CSYSTEM_H

#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/types.h>

/// epoll_create1(EPOLL_CLOEXEC).
int ub_epoll_create(void);

/// epoll_ctl with the event mask and a 64-bit user value.
int ub_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);

/// epoll_wait; fills `events` and `data` (parallel arrays of `capacity`).
int ub_epoll_wait(int epfd, uint32_t *_Nonnull events, uint64_t *_Nonnull data, int capacity, int timeout_ms);

/// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC.
int ub_accept_nonblocking(int fd, struct sockaddr *_Nullable address, socklen_t *_Nullable length);

/// eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC).
int ub_eventfd(void);

/// The kernel thread id of the calling thread (gettid).
int32_t ub_gettid(void);

/// Names the calling thread (at most 15 bytes are kept), as shown in /proc/self/task/TID/comm.
int ub_set_thread_name(const char *_Nonnull name);

/// CPU time of the calling thread in nanoseconds (CLOCK_THREAD_CPUTIME_ID).
int64_t ub_thread_cpu_nanoseconds(void);

/// User and system CPU time of the calling thread (RUSAGE_THREAD), in microseconds.
int ub_thread_rusage(int64_t *_Nonnull user_us, int64_t *_Nonnull system_us);

/// setns(fd, CLONE_NEWNET): moves the calling thread (only) into the network namespace `fd` refers to.
int ub_setns_network(int fd);

/// Event bits, re-exported as plain integers because Swift imports the enum-like macros inconsistently.
extern const uint32_t UB_EPOLLIN;
extern const uint32_t UB_EPOLLOUT;
extern const uint32_t UB_EPOLLERR;
extern const uint32_t UB_EPOLLHUP;
extern const uint32_t UB_EPOLLRDHUP;
extern const uint32_t UB_EPOLLET;

#endif
