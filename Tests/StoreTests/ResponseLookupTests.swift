import DraagvlakCore
import Foundation
import Storage
import Testing

/// One respondent's response by pseudonym (`ResponseLookup`, for "where you stand"): found in
/// any import and chunk, or online, decoded as every response is, and nothing for a pseudonym
/// the store does not hold.
@Suite struct ResponseLookupTests {
    @Test(arguments: Backend.available) func findsOneRespondentAmongManyAndNoOneElse(_ backend: Backend) throws {
        let store = try backend.make()
        let survey = storeSurvey()
        // Pseudonyms of both kinds (keyed hashes and other text), in an import of three of the
        // SQLite store's chunks.
        func id(_ i: Int) -> String {
            i % 7 == 0 ? "r\(i)" : String(format: "%016llx%016llx", UInt64(i) &* 0x9E37_79B9_7F4A_7C15, UInt64(i))
        }
        func row(_ i: Int) -> Response {
            let second: Int8? = i % 3 == 0 ? nil : 4
            let district: Int? = i % 4 == 3 ? nil : i % 2
            var r = response(id(i), [Int8(i % 5 + 1), second], district: district, line: i + 2)
            if i % 2 == 0 { r.other = ["rang": .ranking(["a"])] }
            return r
        }
        _ = try store.importBatch(file: "f.csv", digest: "d1", format: "csv", survey: survey) { (w: any BatchSink) throws in
            for i in 0..<2_500 { try w.add(row(i)) }
        }
        _ = try store.importBatch(file: "g.csv", digest: "d2", format: "csv", survey: survey) {
            try $0.add(response("b", [2, 2], district: 1))
        }
        try store.addInvitations(["code-a"])
        let online = response(id(9_001), [4, 5], district: 1)
        #expect(try store.submit(online, channel: .invitation, survey: survey, invitation: "code-a", signal: nil) == .stored)

        for i in [0, 1, 1_025, 2_100, 2_499] {
            #expect(try store.response(pseudonym: id(i), survey: survey) == row(i), "respondent \(i)")
        }
        #expect(try store.response(pseudonym: "b", survey: survey) == readBack(response("b", [2, 2], district: 1), from: "g.csv"))
        let stored = try #require(try store.response(pseudonym: id(9_001), survey: survey))
        #expect(stored.statements == online.statements && stored.categories == online.categories)
        #expect(stored.source.file == OnlineChannel.invitation.batchFile)

        for unknown in [id(2_500), "R2100", "r99999", "", String(repeating: "0", count: 32)] {
            #expect(try store.response(pseudonym: unknown, survey: survey) == nil, "\(unknown)")
        }
    }
}

/// `response` as read back from `file`.
private func readBack(_ response: Response, from file: String) -> Response {
    var copy = response
    copy.source.file = file
    return copy
}
