// SPDX-License-Identifier: Apache-2.0

import LoadGenerator

// The modules `LoadGenerator` and `Scenario` each declare a type with the
// module's own name, so `ClientUploadRecord` does not parse as a
// module-qualified name. This file imports only the load generator, so the
// plain names below are its types.

/// One simulated upload as the load generator recorded it.
typealias ClientUploadRecord = UploadRecord
/// The load generator's retry policy.
typealias ClientRetryPolicy = RetryPolicy
