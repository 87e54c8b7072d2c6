// SPDX-License-Identifier: Apache-2.0
//
// The glibc parts the benchmark needs that Swift's Glibc module leaves out.
// Each function maps 1:1 onto the glibc call of the same name without the prefix.

#ifndef CPERFSHIM_H
#define CPERFSHIM_H

#include <stdint.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/types.h>

/// epoll_create1(EPOLL_CLOEXEC).
int pb_epoll_create(void);
/// epoll_ctl with an event mask and a 64-bit user value.
int pb_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);
/// epoll_wait filling parallel arrays (Swift cannot lay out the packed epoll_event).
int pb_epoll_wait(int epfd, uint32_t *_Nonnull events, uint64_t *_Nonnull data, int max, int timeout_ms);
/// wait4: the child's exit status and its resource usage (user and system CPU, peak RSS).
pid_t pb_wait4(pid_t pid, int *_Nonnull status, int options, struct rusage *_Nonnull usage);

#endif
