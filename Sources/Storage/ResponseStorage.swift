package import DraagvlakCore

/// Where a consultation's imported and stored responses live: the embedded SQLite file
/// (`ResponseStore`, module Store), or a PostgreSQL database that several server instances
/// share (`PostgresStore`). Both keep the same schema and semantics — transactional, idempotent
/// imports; pseudonyms only — and pass the same tests (Tests/StoreTests).
///
/// One of the three concerns of a store (see `ConsultationStorage`): importing and reading
/// responses. Online answers are `OnlineStorage`, officers `OfficerStorage`.
package protocol ResponseStorage: Sendable {
    /// Where the store is, for `draagvlak status` (a path, or a URL without its password).
    var location: String { get }

    /// Imports one file into `wave` (`Wave.single` when the consultation has one) in one
    /// transaction: all of it or nothing. A file whose `digest` was imported before adds nothing.
    /// When `body` throws, nothing of the file is stored.
    func importBatch(
        file: String, digest: String, format: String, wave: String, survey: Survey, _ body: (any BatchSink) throws -> Void
    ) throws -> BatchOutcome
    /// The statement answers, categories and (unless `withAnswers` is false) other answers of
    /// every respondent of `wave` (of every wave when nil), in columns, for the vision.
    func responseTable(survey: Survey, withAnswers: Bool, wave: String?) throws -> ResponseTable
    /// Every stored response, in import order.
    func forEachResponse(survey: Survey, _ body: (Response) throws -> Void) throws
    /// Runs `body` with reads that all see the store as it was when `body` began: responses
    /// stored meanwhile are in none of them, whatever their ids (an export reads the responses
    /// twice, for the groups and for the rows, and must see the same respondents both times).
    func withSnapshot<T>(_ body: (any ResponseSnapshot) throws -> T) throws -> T
    /// What the store holds: respondents and the batches they came in.
    func status() throws -> StoreStatus
    /// The database's own check: "ok", or what is wrong.
    func integrityCheck() throws -> String
}

/// Reads of one snapshot of a store (`ResponseStorage.withSnapshot`).
package protocol ResponseSnapshot {
    /// Every response of `wave` (of every wave when nil) in the snapshot, in import order.
    func forEachResponse(survey: Survey, wave: String?, _ body: (Response) throws -> Void) throws
}

extension ResponseSnapshot {
    /// Every response in the snapshot, in import order.
    package func forEachResponse(survey: Survey, _ body: (Response) throws -> Void) throws {
        try forEachResponse(survey: survey, wave: nil, body)
    }
}

extension ResponseStorage {
    /// Imports one file into the consultation's one wave.
    package func importBatch(
        file: String, digest: String, format: String, survey: Survey, _ body: (any BatchSink) throws -> Void
    ) throws -> BatchOutcome {
        try importBatch(file: file, digest: digest, format: format, wave: Wave.single, survey: survey, body)
    }

    package func responseTable(survey: Survey, wave: String? = nil) throws -> ResponseTable {
        try responseTable(survey: survey, withAnswers: true, wave: wave)
    }
}

/// A row whose respondent appeared earlier in the same file: at `line`, first at `firstLine`.
/// Not stored; the import reports it as a problem.
package struct DuplicateRow: Sendable, Equatable {
    package var line: Int
    package var firstLine: Int

    package init(line: Int, firstLine: Int) {
        self.line = line
        self.firstLine = firstLine
    }
}

/// Receives one file's rows inside the import's transaction: each store has its own (the
/// SQLite store's `BatchWriter`, PostgreSQL's sink), the importer sees only this protocol.
///
/// A store may hold rows and write them in bulk (SQLite a chunk of a thousand, PostgreSQL one
/// `COPY`), so what became of each row is known after `finish`.
package protocol BatchSink: AnyObject {
    /// Packs responses into rows (safe to use on another thread than the sink's).
    var packer: ResponsePacker { get }
    /// Takes a row; the store writes it now or with the next ones.
    func add(_ row: PackedResponse) throws
    /// Writes every row still held. After it `added`, `repeated` and `duplicates` are final;
    /// the store calls it when the import's body returns without having called it.
    func finish() throws
    /// New respondents, and respondents an earlier import holds (left as they were).
    var added: Int { get }
    var repeated: Int { get }
    /// Rows whose respondent appeared earlier in this file, in the order of their lines; a
    /// respondent an earlier import stored is counted in `repeated` each time instead.
    var duplicates: [DuplicateRow] { get }
}

extension BatchSink {
    package func add(_ response: Response) throws {
        try add(packer.pack(response))
    }
}

/// The result of offering a file to the store, the same in every store.
package enum BatchOutcome: Sendable, Equatable {
    /// The same bytes were imported before; nothing was added.
    case alreadyImported(file: String, importedAt: String, added: Int)
    /// `added` new respondents; `repeated` were already stored and left as they were.
    case imported(added: Int, repeated: Int)
}

/// What a store holds, for `draagvlak status`: its survey, its respondents and the files (and
/// online channels) they came in.
package struct StoreStatus: Sendable {
    /// One imported file.
    package struct Batch: Sendable {
        package var id: Int
        package var file: String
        package var format: String
        package var digest: String
        package var importedAt: String
        package var added: Int
        package var repeated: Int
        /// The wave the file was imported into (`Wave.single` when there is one).
        package var wave: String

        package init(
            id: Int, file: String, format: String, digest: String, importedAt: String, added: Int, repeated: Int,
            wave: String = Wave.single
        ) {
            (self.id, self.file, self.format, self.digest, self.importedAt, self.added, self.repeated, self.wave) = (
                id, file, format, digest, importedAt, added, repeated, wave
            )
        }
    }

    package var surveyID: String?
    package var respondents: Int
    package var batches: [Batch]

    /// The waves the store holds, in order (`Wave.order`); one, `Wave.single`, until a file is
    /// imported into a named wave.
    package var waves: [String] {
        Wave.order(batches.map(\.wave))
    }

    package init(surveyID: String?, respondents: Int, batches: [Batch]) {
        self.surveyID = surveyID
        self.respondents = respondents
        self.batches = batches
    }
}
