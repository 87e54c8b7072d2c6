// SPDX-License-Identifier: Apache-2.0
//
// OpenSSL libcrypto for Swift: the digest, HMAC and error-queue APIs. Only what
// Swift cannot call is wrapped here (OPENSSL_free is a macro).
#ifndef UPLOAD_BENCH_CCRYPTO_SHIM_H
#define UPLOAD_BENCH_CCRYPTO_SHIM_H

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/md5.h>
#include <openssl/sha.h>

static inline void ub_openssl_free(void *_Nullable pointer) {
    OPENSSL_free(pointer);
}

#endif
