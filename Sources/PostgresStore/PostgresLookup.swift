package import DraagvlakCore
import NIOCore
import PostgresNIO
package import Storage

/// One respondent's response by pseudonym (`ResponseLookup`), for "where you stand".
extension PostgresStore: ResponseLookup {
    /// The response stored under `pseudonym`: one row by the table's unique pseudonym index,
    /// with its batch's file, read on one connection with the layout it is packed in.
    package func response(pseudonym: String, survey: Survey) throws -> Response? {
        let schema = schema
        let logger = logger
        return try wait { [client] in
            try await client.withConnection { connection -> Response? in
                let layout = try await Self.layout(connection, schema: schema, survey: survey, logger: logger, change: false)
                let rows = try await connection.query(
                    """
                    SELECT b.file, r.line, r.submittedAt, r.statements, r.categories, r.other
                    FROM \(unescaped: schema).respondent r JOIN \(unescaped: schema).batch b ON b.id = r.batch
                    WHERE r.pseudonym = \(pseudonym)
                    """, logger: logger)
                for try await (file, line, submittedAt, statements, categories, other) in rows.decode(
                    (String, Int, String?, ByteBuffer, ByteBuffer, String?).self)
                {
                    return statements.withUnsafeReadableBytes { s in
                        categories.withUnsafeReadableBytes { c in
                            layout.response(
                                respondent: pseudonym, file: file, line: line, submittedAt: submittedAt,
                                statements: s, categories: c, other: other, survey: survey)
                        }
                    }
                }
                return nil
            }
        }
    }
}
