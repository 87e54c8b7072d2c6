// SPDX-License-Identifier: Apache-2.0

extension LatencyHistogram {
    /// Why a histogram operation failed.
    public struct Error: Swift.Error, CustomStringConvertible {
        private enum Code: String {
            case incompatibleMerge = "incompatible-merge"
        }

        private let code: Code
        /// A sentence for people.
        public let message: String

        /// A short label, safe for CSV cells and metric names.
        public var label: String { code.rawValue }
        public var description: String { message }

        static func incompatibleMerge(_ message: String) -> Error {
            Error(code: .incompatibleMerge, message: message)
        }
    }
}
