// SPDX-License-Identifier: Apache-2.0

import Metrics

// See ModuleTypeNames.swift: this is the results' type of the same name.

/// One `requests.csv` row.
typealias ReportRow = UploadRecord
