// SPDX-License-Identifier: Apache-2.0

import HTTPCore

extension S3Exchange {
    /// Answers an `OPTIONS` preflight from the configured rule, as S3 does:
    /// 400 without `Origin` or a request method, 403 AccessForbidden without a
    /// rule or without a matching one. Preflights are not authenticated.
    func answerPreflight(_ request: S3Request) throws(S3Error) {
        guard let origin = head.headers["Origin"] else { throw .preflightWithoutOrigin }
        let method = head.headers["Access-Control-Request-Method"]
        guard let method, ["GET", "PUT", "POST", "DELETE", "HEAD"].contains(method) else {
            throw .preflightInvalidMethod(method)
        }
        let requested = (head.headers["Access-Control-Request-Headers"] ?? "")
            .split(separator: ",")
            .map { $0.trimmingWhitespace().lowercased() }
            .filter { !$0.isEmpty }
        guard let rule = configuration.cors else { throw .corsNotEnabled }
        guard rule.matches(origin: origin, method: method, requestHeaders: requested) else { throw .corsNotAllowed }
        respond(status: 200, headers: rule.preflightHeaders(origin: origin, method: method, requestHeaders: requested))
    }
}
