// SPDX-License-Identifier: Apache-2.0

// The command table. Each command lives in its own file (`PresignCommand.swift`) as
// `extension Command { static let … }`; registering it here is the one shared edit.
// Commands appear in `--help` only once registered, so unfinished ones stay hidden.
extension Command {
    /// The version `upload-bench --version` prints.
    static let version = "0.1.0"

    /// Top-level commands, in help order.
    ///
    /// Extension point: add `.run` (lead), `.validate` (scenario), `.compare` and
    /// `.baseline` (metrics-reports) here as they land.
    static let topLevel: [Command] = [.run, .validate, .compare, .baseline, .presign]

    /// Subcommands of `upload-bench serve`; `serve` is listed once this is not empty.
    ///
    /// Extension point: add `.serveS3` (mocks3) and `.serveApp` (appserver) here.
    static let serveCommands: [Command] = [.serveS3, .serveApp]

    /// `upload-bench` itself.
    static let root = Command(
        group: "upload-bench",
        summary: "upload-bench: measure uploads to S3 through an app server (proxy) or with presigned URLs.",
        subcommands: topLevel + (serveCommands.isEmpty
            ? []
            : [Command(group: "serve", summary: "Run one component alone.", subcommands: serveCommands)])
    )
}
