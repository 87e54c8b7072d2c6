// SPDX-License-Identifier: Apache-2.0

/// The text of `scenarios/quick.json`, embedded so that `upload-bench run` works without a
/// file. A test checks that it is identical to the file; edit both together.
public enum DefaultScenario {
    /// The name errors use for the embedded copy.
    public static let fileName = "scenarios/quick.json"

    /// The file's exact text.
    public static let quickJSON = #"""
// The smoke run: CI runs it on every change, and it is what `upload-bench run` runs
// without an argument. It must finish well under a minute on a 2-core machine.
{
    "name": "quick",
    "description": "Proxy (streaming and buffering) against presigned PUT for small, medium and large objects.",
    "seed": 1,

    // Every architecture sees the same load and the same object sizes.
    "architectures": [
        { "architecture": "proxy", "mode": "stream" },
        { "architecture": "proxy", "mode": "buffer" },
        { "architecture": "presigned", "flow": "put" },
    ],

    // A list makes a sweep: one matrix cell per size.
    "object_size": ["64KiB", "1MiB", "8MiB"],

    "load": { "concurrency": 8 },
    // Whichever comes first, per architecture and cell.
    "stop": { "uploads": 64, "duration": "10s" },
    "warmup": { "uploads": 8 },

    // The mock S3 keeps only sizes and MD5s, so every upload is still verified.
    "s3": { "type": "embedded", "storage": "discard", "md5": true },

    // Clients on a fast office line 10 ms away; the app server next to S3.
    "network": { "client": "office-fibre", "app_s3": "datacenter" },
}

"""#
}
