// SPDX-License-Identifier: Apache-2.0
//
// zlib for Swift: only crc32 is used (S3's x-amz-checksum-crc32).
#ifndef UPLOAD_BENCH_CZLIB_SHIM_H
#define UPLOAD_BENCH_CZLIB_SHIM_H

#include <zlib.h>

#endif
