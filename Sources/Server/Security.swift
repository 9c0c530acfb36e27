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

/// Counts events per key in a sliding hour, in this process: open answers per network, sign-ins
/// per name and network. `allows` asks, `record` counts (answers count only once stored).
/// Wrong invitation codes are counted in the store instead (`Consultation.limitWait`).
actor RateLimiter {
    private let limit: Int
    private var events: [String: [Date]] = [:]

    init(perHour limit: Int) {
        self.limit = limit
    }

    func allows(_ key: String, now: Date = Date()) -> Bool {
        let since = now.addingTimeInterval(-3600)
        return events[key, default: []].filter { $0 > since }.count < limit
    }

    func record(_ key: String, now: Date = Date()) {
        let since = now.addingTimeInterval(-3600)
        events[key] = events[key, default: []].filter { $0 > since } + [now]
        // Forget keys with nothing in the last hour, so the table cannot grow without bound.
        if events.count > 10_000 { events = events.filter { $0.value.contains { $0 > since } } }
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
