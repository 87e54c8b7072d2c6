// SPDX-License-Identifier: Apache-2.0

import Scenario

// See ModuleTypeNames.swift: these are the scenario's types of the same names.

/// A scenario's retry settings.
typealias ScenarioRetryPolicy = RetryPolicy
