// SPDX-License-Identifier: Apache-2.0
//
// libcurl for Swift. curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt
// are C variadic functions, which Swift cannot call; each wrapper below maps
// one argument type 1:1 onto them and adds no logic.
#ifndef UPLOAD_BENCH_CCURL_SHIM_H
#define UPLOAD_BENCH_CCURL_SHIM_H

#include <curl/curl.h>

static inline CURLcode ub_curl_easy_setopt_long(CURL *_Nonnull handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ub_curl_easy_setopt_off_t(CURL *_Nonnull handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ub_curl_easy_setopt_pointer(CURL *_Nonnull handle, CURLoption option, void *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ub_curl_easy_setopt_string(CURL *_Nonnull handle, CURLoption option, const char *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ub_curl_easy_setopt_slist(CURL *_Nonnull handle, CURLoption option, struct curl_slist *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ub_curl_easy_setopt_write_callback(CURL *_Nonnull handle, CURLoption option, curl_write_callback _Nullable value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ub_curl_easy_setopt_read_callback(CURL *_Nonnull handle, CURLoption option, curl_read_callback _Nullable value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ub_curl_easy_setopt_seek_callback(CURL *_Nonnull handle, CURLoption option, curl_seek_callback _Nullable value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ub_curl_easy_setopt_closesocket_callback(CURL *_Nonnull handle, CURLoption option, curl_closesocket_callback _Nullable value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ub_curl_easy_getinfo_long(CURL *_Nonnull handle, CURLINFO info, long *_Nonnull value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode ub_curl_easy_getinfo_off_t(CURL *_Nonnull handle, CURLINFO info, curl_off_t *_Nonnull value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode ub_curl_easy_getinfo_pointer(CURL *_Nonnull handle, CURLINFO info, void *_Nullable *_Nonnull value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode ub_curl_multi_setopt_long(CURLM *_Nonnull multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

static inline CURLMcode ub_curl_multi_setopt_pointer(CURLM *_Nonnull multi, CURLMoption option, void *_Nullable value) {
    return curl_multi_setopt(multi, option, value);
}

static inline CURLMcode ub_curl_multi_setopt_socket_callback(CURLM *_Nonnull multi, CURLMoption option, curl_socket_callback _Nullable value) {
    return curl_multi_setopt(multi, option, value);
}

static inline CURLMcode ub_curl_multi_setopt_timer_callback(CURLM *_Nonnull multi, CURLMoption option, curl_multi_timer_callback _Nullable value) {
    return curl_multi_setopt(multi, option, value);
}

#endif
