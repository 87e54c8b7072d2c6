// SPDX-License-Identifier: Apache-2.0
#include "CSystem.h"

#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

const uint32_t UB_EPOLLIN = EPOLLIN;
const uint32_t UB_EPOLLOUT = EPOLLOUT;
const uint32_t UB_EPOLLERR = EPOLLERR;
const uint32_t UB_EPOLLHUP = EPOLLHUP;
const uint32_t UB_EPOLLRDHUP = EPOLLRDHUP;
const uint32_t UB_EPOLLET = EPOLLET;

int ub_epoll_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

int ub_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event event = {.events = events, .data = {.u64 = data}};
    return epoll_ctl(epfd, op, fd, &event);
}

int ub_epoll_wait(int epfd, uint32_t *events, uint64_t *data, int capacity, int timeout_ms) {
    struct epoll_event buffer[256];
    if (capacity > 256) {
        capacity = 256;
    }
    int count = epoll_wait(epfd, buffer, capacity, timeout_ms);
    for (int i = 0; i < count; i++) {
        events[i] = buffer[i].events;
        data[i] = buffer[i].data.u64;
    }
    return count;
}

int ub_accept_nonblocking(int fd, struct sockaddr *address, socklen_t *length) {
    return accept4(fd, address, length, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

int ub_eventfd(void) {
    return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

int32_t ub_gettid(void) {
    return (int32_t)syscall(SYS_gettid);
}

int ub_set_thread_name(const char *name) {
    return prctl(PR_SET_NAME, name, 0, 0, 0);
}

int64_t ub_thread_cpu_nanoseconds(void) {
    struct timespec now;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) != 0) {
        return -1;
    }
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

int ub_thread_rusage(int64_t *user_us, int64_t *system_us) {
    struct rusage usage;
    if (getrusage(RUSAGE_THREAD, &usage) != 0) {
        return -1;
    }
    *user_us = (int64_t)usage.ru_utime.tv_sec * 1000000 + usage.ru_utime.tv_usec;
    *system_us = (int64_t)usage.ru_stime.tv_sec * 1000000 + usage.ru_stime.tv_usec;
    return 0;
}

int ub_setns_network(int fd) {
    return setns(fd, CLONE_NEWNET);
}
