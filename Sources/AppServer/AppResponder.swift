// SPDX-License-Identifier: Apache-2.0

import HTTPCore

/// Routes each request to its handler, answering bad requests before any body byte is read.
struct AppResponder: HTTPResponder {
    let app: AppContext
    let statistics: ServerStatisticsSource

    func handler(for head: HTTPRequestHead, context: any HTTPRequestContext) -> any HTTPRequestHandler {
        do throws(APIError) {
            switch try Route.match(method: head.method, rawPath: head.rawPath) {
            case .proxyUpload(let key):
                return try UploadRoute.handler(app: app, context: context, rawKey: key)
            case .health:
                let handler = AppRequestHandler(app: app, context: context)
                handler.respond(status: 200, contentType: "text/plain", body: Array("ok".utf8))
                return handler
            case .stats:
                return statistics.handler(app: app, context: context, startingWindow: false)
            case .measurementWindow:
                return statistics.handler(app: app, context: context, startingWindow: true)
            case let route:
                // A declared length over the JSON limit is refused from the head, as the proxy route does,
                // so a client waiting on Expect: 100-continue is not invited to send it.
                if case .contentLength(let declared) = context.framing, declared > JSONRouteHandler.maxBodyBytes {
                    throw APIError.entityTooLarge(limit: Int64(JSONRouteHandler.maxBodyBytes))
                }
                return JSONRouteHandler(app: app, context: context, route: route)
            }
        } catch {
            // Answered from here: no 100 Continue goes out and the body is not read (FC-32).
            let handler = AppRequestHandler(app: app, context: context)
            handler.respond(error: error)
            return handler
        }
    }
}
