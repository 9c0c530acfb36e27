// swift-tools-version:6.1
import Foundation
import PackageDescription

// Draagvlak: a future-vision consultation engine.
//
// Layers, bottom to top (nothing below imports anything above):
//   DraagvlakCore            domain types, the importer plugin protocol, answer normalisation
//   Definitions              YAML survey / consultation / decision / mapping files → core types
//   Storage                  the store protocols (responses, online answers, officers) and packed layout; no database
//   Store, PostgresStore     the embedded SQLite store and the PostgreSQL store, side by side
//   Readers (+ CLibXML2)     the shared readers: streaming CSV (CSVReader, TextEncoding, CSVSample,
//                            RecordSink) and one hardened streaming XML reader on libxml2
//   Plugins/*                importer plugins, each depending on DraagvlakCore and Readers only
//   Importers                the one registry that lists the plugins
//   OpinionGroups            Polis's opinion-group pipeline and statistics on a vote matrix
//   PolisOpenData            reads Polis openData exports through Readers (conformance tests, benchmarks)
//   OwnWords                 open answers: Snowball stemming, TF-IDF keyphrases, topics, quotes
//   Documents                document blocks rendered as Markdown or self-contained HTML + SVG
//   Vision, Decisions        the statistics and decision tests (figures, no text)
//   Reports                  the vision document, decision reports and JSON contracts, worded through one Wording
//   Writers                  the analysts' export files: SPSS .sav and Excel .xlsx
//   Simulation               the seeded response simulator behind `draagvlak simulate`
//   Consultation             a consultation folder: settings, secret, store, imports, online answers
//   Server                   `draagvlak serve`: residents' and officers' pages and the JSON API
//   draagvlak                the command-line tool

// Importer plugins: every folder under Plugins/ is a target on DraagvlakCore and Readers (plus
// what `pluginNeeds` adds), listed in Sources/Importers/ImporterRegistry.swift; Tests/<Name>Tests,
// when it exists, is its test target (its Fixtures/ as resources, plus `pluginTestNeeds`).
// Adding a format is adding a folder and a line in the registry.
let plugins = ((try? FileManager.default.contentsOfDirectory(atPath: Context.packageDirectory + "/Plugins")) ?? [])
    .filter { !$0.hasPrefix(".") }.sorted()
let pluginNeeds: [String: [Target.Dependency]] = [
    // zlib itself, for the blocks of SPSS's zlib-compressed .zsav files.
    "SPSSImporter": ["SystemZlib"]
]
let pluginTestNeeds: [String: [Target.Dependency]] = [
    "CSVImporter": ["Definitions"],
    // Round trips: what the export writers write, the importers read.
    "SPSSImporter": ["Writers"],
    "XLSXImporter": ["Writers"],
]
func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: Context.packageDirectory + "/" + path) }
let pluginTargets: [Target] = plugins.flatMap { name -> [Target] in
    let needs = pluginNeeds[name] ?? []
    var targets: [Target] = [.target(name: name, dependencies: ["DraagvlakCore", "Readers"] + needs, path: "Plugins/\(name)")]
    if exists("Tests/\(name)Tests") {
        targets.append(
            .testTarget(
                name: "\(name)Tests",
                dependencies: [.target(name: name), "DraagvlakCore", "Readers"] + needs + (pluginTestNeeds[name] ?? []),
                resources: exists("Tests/\(name)Tests/Fixtures") ? [.copy("Fixtures")] : nil))
    }
    return targets
}

let package = Package(
    name: "Draagvlak",
    products: [
        .executable(name: "draagvlak", targets: ["draagvlak"]),
        .library(name: "DraagvlakCore", targets: ["DraagvlakCore"]),
    ],
    dependencies: [
        // The de-facto command-line parser for Swift: subcommands, help texts and validation
        // without writing our own.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // GRDB: the best-kept SQLite toolkit for Swift — migrations, transactions, prepared
        // statements we can reuse for bulk import, and WAL/busy handling for concurrent writers.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Yams (libyaml): gives each node its line and column, so definition errors can point
        // at file:line:column.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // swift-crypto: HMAC-SHA256 for keyed respondent pseudonyms and SHA-256 file digests;
        // Foundation on Linux has no cryptography, and rolling our own would be a defect.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // ZIPFoundation: reads LimeSurvey .lsa archives and Excel .xlsx workbooks (both zips) in
        // pure Swift, with the entry-level control needed to refuse path traversal and oversized
        // members; and writes the .xlsx export.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // Hummingbird 2: a small, well-kept HTTP server on SwiftNIO with structured concurrency,
        // graceful shutdown (ServiceLifecycle) and a router-level test client.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Mustache templates for the server-rendered pages: logic-less, escaping by default.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // bcrypt for officers' passwords (HummingbirdBcrypt; no dependency on the rest).
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        // multipart/form-data for uploading exports through the officers' pages.
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        // swift-log: the logging API Hummingbird uses; we add a JSON line handler.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // HTTP field names and statuses, as Hummingbird uses them.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // ServiceLifecycle: graceful shutdown on SIGTERM with a deadline (Hummingbird runs on it).
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // postgres-nio: the maintained PostgreSQL client on SwiftNIO (connection pool, binary
        // binding, transactions), for deployments with several server instances on one database.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(name: "DraagvlakCore"),
        .target(name: "Storage", dependencies: ["DraagvlakCore"]),
        .target(
            name: "Definitions",
            dependencies: ["DraagvlakCore", "Yams"]),
        .target(
            name: "Store",
            dependencies: [
                "DraagvlakCore", "Storage", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API (GRDB's own system module), to bind an import's rows without
                // boxing each value: the hot loop of a million-row import.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        .target(
            name: "PostgresStore",
            dependencies: ["DraagvlakCore", "Storage", .product(name: "PostgresNIO", package: "postgres-nio")]),
        // libxml2 directly (not FoundationXML): a streaming xmlTextReader with the hardening we
        // choose (no network, no entities, no DTD loading, depth and size limits).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // zlib (the C library every zip tool uses), for SPSS .zsav blocks, which are zlib streams.
        .systemLibrary(name: "SystemZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The one module of shared readers under the plugins: CSV, XML and zip archives.
        .target(
            name: "Readers",
            dependencies: ["DraagvlakCore", "CLibXML2", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(
            name: "PolisOpenData",
            dependencies: ["Readers", "OpinionGroups"]),
        .target(name: "Importers", dependencies: ["DraagvlakCore"] + plugins.map { .target(name: $0) }),
        // Writers of the analysts' export files: SPSS .sav (our own, bytecode-compressed) and
        // Excel .xlsx (parts zipped with ZIPFoundation).
        .target(name: "Writers", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "Documents"),
        .target(name: "OpinionGroups"),
        .target(
            name: "OwnWords",
            dependencies: ["DraagvlakCore"]),
        .target(
            name: "Vision",
            dependencies: ["DraagvlakCore", "OwnWords", "OpinionGroups"]),
        .target(
            name: "Decisions",
            dependencies: ["DraagvlakCore", "Vision"]),
        // Maps: boundaries files (GeoJSON, GeoPackage through GRDB's SQLite) joined to a dimension's
        // categories, projected, simplified and drawn as SVG; no GIS library, as the geometry
        // needed (rings, Douglas–Peucker, WKB polygons) is small and a GIS stack (GEOS, GDAL) is not.
        .target(
            name: "Maps",
            dependencies: ["DraagvlakCore", "Documents", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "Reports", dependencies: ["DraagvlakCore", "Documents", "Vision", "Decisions", "Maps"]),
        .target(
            name: "Simulation",
            dependencies: ["DraagvlakCore", "Yams"]),
        .target(
            name: "Consultation",
            dependencies: [
                "DraagvlakCore", "Definitions", "Storage", "Store", "PostgresStore", "Importers", "Vision", "Decisions", "Documents",
                "Reports", "Writers", "Maps",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "Server",
            dependencies: [
                "DraagvlakCore", "Definitions", "Consultation", "Vision", "Decisions", "Documents", "Reports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .executableTarget(
            name: "draagvlak",
            dependencies: [
                "DraagvlakCore", "Definitions", "Consultation", "Vision", "Simulation", "Reports", "Server",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        .executableTarget(
            name: "draagvlak-bench",
            dependencies: [
                "OpinionGroups", "PolisOpenData", "Consultation", "Decisions", "DraagvlakCore", "Readers", "Vision", "SPSSImporter",
                "XLSXImporter",
            ],
            path: "Benchmarks"),

        .testTarget(name: "DraagvlakCoreTests", dependencies: ["DraagvlakCore"]),
        .testTarget(
            name: "MapsTests", dependencies: ["Maps", "DraagvlakCore", "Documents", .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "DefinitionsTests", dependencies: ["Definitions"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Storage", "Store", "PostgresStore", "DraagvlakCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "OwnWordsTests", dependencies: ["OwnWords"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents"]),
        .testTarget(name: "ReadersTests", dependencies: ["Readers"]),
        .testTarget(name: "OpinionGroupsTests", dependencies: ["OpinionGroups", "PolisOpenData"]),
        .testTarget(name: "VisionTests", dependencies: ["Vision", "Reports"]),
        .testTarget(name: "DecisionsTests", dependencies: ["Decisions", "Definitions", "Documents", "Reports"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Vision", "Decisions", "DraagvlakCore"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Definitions"]),
        .testTarget(
            name: "ConsultationTests",
            dependencies: [
                "Consultation", "Storage", "Reports", "Simulation", "Definitions", .product(name: "GRDB", package: "GRDB.swift"),
            ], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Consultation", "Storage", "DraagvlakCore", "Yams",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]),
    ] + pluginTargets
)

// Every target: `any` spelled out for existentials, and imports internal unless marked public.
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
