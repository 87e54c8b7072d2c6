// SPDX-License-Identifier: Apache-2.0

import Foundation

let status = Command.root.dispatch(
    Array(CommandLine.arguments.dropFirst()),
    environment: ProcessInfo.processInfo.environment
)
exit(status)
