// Storage: what a consultation needs of a store, apart from how a store keeps it. The protocols
// are split by concern (responses, online answers, officers); the SQLite store (module Store,
// on GRDB) and the PostgreSQL store (module PostgresStore, on postgres-nio) implement them side
// by side, and share the store-independent pieces here (the packed answer layout, the values
// the protocols return). Nothing here knows SQL.

/// Everything a consultation keeps in its store: responses (and one respondent's, for "where you
/// stand"), online answers and officers. The type of `Consultation.store`; both stores conform to
/// all four protocols.
///
/// Not named `Storage`: a type named as its module hides the module in qualified names
/// (`Storage.StoreStatus` would be looked up in the type).
package typealias ConsultationStorage = ResponseStorage & ResponseLookup & OnlineStorage & OfficerStorage
