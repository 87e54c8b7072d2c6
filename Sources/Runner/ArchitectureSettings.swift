// SPDX-License-Identifier: Apache-2.0

import AppServer
import LoadGenerator
import MockS3
import Scenario

/// Turns a scenario's architecture into the app server's settings and the
/// simulated clients' protocol.
enum ArchitectureSettings {
    /// Sets the proxy mode, payload signing, part settings and limits of `configuration`.
    static func apply(
        _ architecture: Architecture,
        app: AppSettings,
        timeouts: Timeouts,
        to configuration: inout AppServerConfiguration
    ) throws {
        configuration.threads = app.threads
        configuration.prefix = app.keyPrefix
        configuration.maxObjectSize = app.maxBodySize.bytes
        configuration.presignExpiry = app.presignExpiry.duration
        configuration.extraCPUPerUpload = app.extraCPUPerUpload?.duration ?? .zero
        configuration.bodyIdleTimeout = min(configuration.bodyIdleTimeout, timeouts.upload.duration)
        switch architecture {
        case .proxy(let proxy):
            configuration.mode = switch proxy.mode {
            case .stream: .stream
            case .buffer: .buffer
            case .spool: .spool
            case .multipart: .multipart
            }
            configuration.payloadSigning = switch proxy.payloadSigning {
            case .unsigned: .unsigned
            case .signed: .signed
            case .streaming: .streaming
            }
            if let multipart = proxy.multipart {
                configuration.partSize = Int(multipart.partSize.bytes)
                configuration.partConcurrency = multipart.partConcurrency
            }
        case .presigned(let presigned):
            if let multipart = presigned.multipart {
                configuration.partSize = Int(multipart.partSize.bytes)
            }
        }
        try configuration.validate()
    }

    /// The protocol the simulated clients follow.
    static func clientProtocol(_ architecture: Architecture) -> UploadArchitecture {
        switch architecture {
        case .proxy:
            return .proxy
        case .presigned(let presigned):
            switch presigned.flow {
            case .put:
                return .presignedPut(confirm: presigned.confirm)
            case .post:
                return .presignedPost(confirm: presigned.confirm)
            case .multipart:
                let settings = presigned.multipart ?? .standard
                return .presignedMultipart(MultipartOptions(
                    partSize: Int(settings.partSize.bytes),
                    partURLs: presigned.partURLs == .onDemand ? .onDemand : .upfront,
                    parallelism: settings.partConcurrency,
                    confirm: presigned.confirm
                ))
            }
        }
    }
}

/// Turns a scenario's fault settings into the mock S3's.
enum FaultMapping {
    static func faults(_ settings: FaultSettings, seed: UInt64) -> Faults {
        var faults = Faults()
        faults.latency = settings.s3Latency.duration
        faults.bandwidthBytesPerSecond = settings.s3Bandwidth.map { $0.bytesPerSecond }
        faults.slowDownRate = settings.slowDownRate.fraction
        faults.internalErrorRate = settings.internalErrorRate.fraction
        faults.resetRate = settings.resetRate.fraction
        faults.resetAfterBytes = settings.resetAfter.bytes
        if let idle = settings.idleTimeout {
            faults.requestTimeout = idle.duration
        }
        faults.seed = seed
        return faults
    }
}
