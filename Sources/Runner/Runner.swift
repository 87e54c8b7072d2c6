// SPDX-License-Identifier: Apache-2.0

// TODO: replaced by the module's real types as its issue lands.
enum RunnerPlaceholder {}
