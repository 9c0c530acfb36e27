import Consultation
import DraagvlakCore
import Foundation
import Hummingbird
import NIOCore
import Reports

/// The JSON API (`/api/v1`, described in docs/openapi.yaml): residents post answers with their
/// invitation code (or openly); signed-in officers read status and the vision and test
/// decisions. Officer calls use the session cookie and, when they change anything, the
/// session's CSRF token in `X-CSRF-Token` (`GET /api/v1/session` returns it).
extension DraagvlakServer {
    func addAPIRoutes(to router: Router<DraagvlakContext>) {
        router.post("api/v1/answers") { request, context in
            if settings.closed { return Self.json(["error": "the consultation is closed"], status: .gone) }
            // JSON only: a cross-site form can post text/plain (which could carry JSON), never
            // application/json without the browser asking this server first.
            guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
                return Self.json(["error": "send the answer as application/json"], status: .unsupportedMediaType)
            }
            let body = try await Self.body(request, limit: settings.maxFormBytes)
            let object: JSONValue
            do throws(JSONValue.ParseError) {
                object = try JSONValue.parse(Array(buffer: body))
            } catch {
                // A key given twice is refused by name; anything else that is not JSON is a 400.
                if let key = error.key {
                    return Self.problems(
                        InputError(
                            "the answer has 1 problem", problems: [Problem(SourceLocation(file: "answer"), .column(key), error.message)]))
                }
                return Self.json(["error": "not JSON: \(error.message)"], status: .badRequest)
            }
            guard case .object(let answers)? = object["answers"] else {
                return Self.json(["error": "expected {\"answers\": {field: value, …}, \"code\": \"…\"}"], status: .badRequest)
            }
            let code: String?
            switch object["code"] {
            case .string(let text)?: code = text
            case nil, .null?: code = nil
            default: return Self.json(["error": "the invitation code must be a text"], status: .badRequest)
            }
            let fields: [String: String]
            do {
                fields = try consultation.answerFields(answers)
            } catch let error as InputError {
                return Self.problems(error)
            }
            if settings.mode == .invitation, code == nil {
                return Self.json(["error": "an invitation code is required"], status: .unauthorized)
            }
            let codeNetwork = Consultation.network(of: sender(request, context))
            if code != nil {
                let wait = try await codeGuessingWait(network: codeNetwork)
                if wait > 0 {
                    var response = Self.json(["error": "too many wrong invitation codes; try again later"], status: .tooManyRequests)
                    response.headers[.retryAfter] = String(wait)
                    return response
                }
            }
            var signal: String?
            // As on the survey page: the network's answer is taken first, given back unless stored.
            var taken: (network: String, at: Date)?
            if code == nil {
                let address = sender(request, context)
                let network = Consultation.network(of: address)
                guard let at = try await self.answers.take(network) else {
                    return Self.json(["error": "too many answers from this network in the past hour"], status: .tooManyRequests)
                }
                taken = (network, at)
                signal = consultation.signal(address: address, browser: request.headers[.userAgent] ?? "")
            }
            // An answer refused as invalid gives its network's place back; after any other
            // failure it may have been stored (see PostgresStore.wait), so the place stays taken.
            do {
                let (answer, sender) = (fields, signal)
                let outcome = try await Self.offload { try consultation.submitOnline(answer, invitation: code, signal: sender) }
                switch outcome {
                case .stored: return Self.json(["status": "stored"], status: .created)
                case .alreadyAnswered: return Self.json(["error": "this invitation code has answered already"], status: .conflict)
                case .unknownInvitation:
                    try await recordWrongCode(network: codeNetwork)
                    return Self.json(["error": "unknown invitation code"], status: .forbidden)
                }
            } catch let error as InputError {
                if let taken { try await self.answers.giveBack(taken.network, takenAt: taken.at) }
                return Self.problems(error)
            }
        }

        router.get("api/v1/session") { request, _ in
            let session = try await requireOfficer(request)
            return Self.json(["officer": session.officer, "csrf": session.csrf], status: .ok)
        }

        router.get("api/v1/status") { request, _ in
            _ = try await requireOfficer(request)
            let c = consultation
            let participation = try await Self.offload { try c.participation() }
            let (status, invitations, signals) = (participation.status, participation.invitations, participation.openAnswers)
            return Self.json(
                [
                    "survey": c.survey.id, "respondents": status.respondents,
                    "invitations": ["total": invitations.total, "answered": invitations.answered],
                    "openAnswers": ["answers": signals.answers, "sharingASignal": signals.sharingASignal],
                    "batches": status.batches.map {
                        [
                            "file": $0.file, "format": $0.format, "added": $0.added, "repeated": $0.repeated, "importedAt": $0.importedAt,
                            "wave": $0.wave,
                        ]
                    },
                ], status: .ok)
        }

        router.get("api/v1/vision") { request, _ in
            _ = try await requireOfficer(request)
            let c = consultation
            let data = try await Self.offload {
                let vision = try c.vision()
                return try VisionJSON.encode(vision, comparison: try c.comparison(for: vision), reply: try c.reply(for: vision.wave))
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }

        router.post("api/v1/imports") { request, context in
            let session = try await requireOfficer(request)
            // The file is the body; its name (for format detection and the status) in ?name=.
            let folder = try Upload.makeFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = Upload.file(named: Form.parse(request.uri.query ?? "")["name"] ?? "upload", in: folder)
            let name = file.lastPathComponent
            _ = FileManager.default.createFile(atPath: file.path, contents: nil)
            let handle = try FileHandle(forWritingTo: file)
            var total = 0
            do {
                for try await chunk in request.body {
                    total += chunk.readableBytes
                    if total > settings.maxUploadBytes {
                        try? handle.close()
                        return Self.json(
                            ["error": "the file is larger than \(settings.maxUploadBytes >> 20) MB; nothing was stored"],
                            status: .contentTooLarge)
                    }
                    try handle.write(contentsOf: chunk.readableBytesView)
                }
                try handle.close()
            }
            do {
                let report = try await Self.offload { try consultation.importFile(file, displayName: name) }
                context.logger.info(
                    "import",
                    metadata: [
                        "file": .string(report.file), "added": .stringConvertible(report.added), "officer": .string(session.officer),
                    ])
                var result: [String: Any] = [
                    "file": report.file, "format": report.format, "added": report.added, "repeated": report.repeated, "notes": report.notes,
                ]
                if let earlier = report.alreadyImported { result["alreadyImportedAt"] = earlier.importedAt }
                return Self.json(result, status: .ok)
            } catch let error as InputError {
                return Self.json(
                    ["error": error.summary, "problems": error.problems.map { ["message": $0.description] }], status: .unprocessableContent)
            }
        }

        router.post("api/v1/decisions") { request, _ in
            _ = try await requireOfficer(request)
            let body = try await Self.body(request, limit: settings.maxFormBytes)
            let language = Self.language(request)
            do {
                let json = try await Self.offload { try assess(String(buffer: body), language: language).json }
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: json)))
            } catch let error as InputError {
                return Self.json(
                    ["error": error.summary, "problems": error.problems.map { ["message": $0.description] }], status: .unprocessableContent)
            }
        }
    }

    static func json(_ object: [String: Any], status: HTTPResponse.Status) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension DraagvlakServer {
    /// A refused answer: 422 with every problem and the field it is in.
    static func problems(_ error: InputError) -> Response {
        let problems = error.problems.map { problem -> [String: Any] in
            var item: [String: Any] = ["message": problem.message]
            switch problem.subject {
            case .column(let name)?, .field(let name)?: item["field"] = name
            case nil: break
            }
            return item
        }
        return json(["error": error.summary, "problems": problems], status: .unprocessableContent)
    }
}
