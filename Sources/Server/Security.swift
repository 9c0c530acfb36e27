import Consultation
import Foundation
import HTTPTypes
import Hummingbird

/// Headers on every response: a Content-Security-Policy that allows no scripts at all (the pages
/// work without JavaScript; styles and SVG charts are inline), no framing, no referrer leaks.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let secure: Bool

    static var policy: String {
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.cacheControl] = response.headers[.cacheControl] ?? "no-store"
        if secure { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        return response
    }
}

/// A limit of events per key in a sliding hour, counted in the consultation's store so that
/// every server instance on one store counts together: open answers per network, sign-ins per
/// name and per network. `take` asks and counts in one step; `giveBack` uncounts an attempt that
/// turned out not to count (an answer that was not stored).
struct SharedLimit: Sendable {
    let consultation: Consultation
    /// Keeps the limits' keys apart in the store ("answers", "sign-ins").
    let name: String
    let perHour: Int

    /// One of the hour's events for `key`, taken at the returned time; nil when they are used up.
    func take(_ key: String) async throws -> Date? {
        let (c, key, limit, now) = (consultation, name + ":" + key, perHour, Date())
        return try await DraagvlakServer.offload { try c.takeLimit(key, limit: limit, window: 3600, now: now) } ? now : nil
    }

    func giveBack(_ key: String, takenAt time: Date) async throws {
        let (c, key) = (consultation, name + ":" + key)
        try await DraagvlakServer.offload { try c.returnLimit(key, takenAt: time) }
    }
}

/// Logs each request's method, path (never the query, which may hold an invitation code),
/// status and duration.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = "error"
        defer {
            let milliseconds = (ContinuousClock.now - start) / .milliseconds(1)
            context.logger.info(
                "request",
                metadata: [
                    "method": .string(request.method.rawValue), "path": .string(request.uri.path), "status": .string(status),
                    "ms": .string(String(format: "%.1f", milliseconds)),
                ])
        }
        let response = try await next(request, context)
        status = String(response.status.code)
        return response
    }
}

/// Random tokens for cookies and forms: 32 bytes, hex.
enum Token {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Compares without stopping at the first difference.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension HTTPField.Name {
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xCSRFToken = HTTPField.Name("X-CSRF-Token")!
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
