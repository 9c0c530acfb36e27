import Readers
import Testing

#if canImport(Glibc)
    import Glibc
#endif

// The XML reader's security, limits and behaviour, from the prototype that chose libxml2's
// xmlTextReader with these options (the design notes are in the doc comments of
// Sources/Readers/XMLStream.swift).

// MARK: helpers

/// Writes `contents` to a fresh temp file and returns its path.
func tempFile(_ contents: String, name: String = "doc.xml") throws -> String {
    var template = Array("/tmp/xmlstream-test-XXXXXX".utf8CString)
    let dir = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    let path = dir + "/" + name
    guard let f = fopen(path, "w") else { throw XMLError(kind: .io, file: path, line: 0, column: nil, message: "fopen") }
    var c = contents
    c.withUTF8 { b in _ = fwrite(b.baseAddress, 1, b.count, f) }
    fclose(f)
    return path
}

struct Outcome {
    var events: [XMLEvent] = []
    var error: XMLError?
    var seconds: Double = 0
    var allText: String {
        events.map {
            switch $0 {
            case .text(let s, _): return s
            case .startElement(let n, _, let attrs, _): return n + " " + attrs.map(\.value).joined(separator: " ")
            case .endElement(let n, _): return n
            }
        }.joined(separator: "\n") + (error.map { "\n" + $0.message } ?? "")
    }
}

func parse(_ path: String, limits: XMLLimits = .default, options: XMLReaderOptions = .default) -> Outcome {
    var out = Outcome()
    let clock = ContinuousClock()
    let t0 = clock.now
    do {
        var r = try XMLStreamReader(path: path, limits: limits, options: options)
        while let e = try r.next() { out.events.append(e) }
    } catch {
        out.error = error
    }
    let d = t0.duration(to: clock.now)
    out.seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    return out
}

func parse(xml: String, limits: XMLLimits = .default, options: XMLReaderOptions = .default) throws -> Outcome {
    let path = try tempFile(xml)
    defer { removeTemp(path) }
    return parse(path, limits: limits, options: options)
}

/// Removes the temporary folder `tempFile` made for `path`.
func removeTemp(_ path: String) {
    guard let slash = path.lastIndex(of: "/") else { return }
    let dir = String(path[..<slash])
    guard dir.hasPrefix("/tmp/xmlstream-test-") else { return }
    _ = removeFolder(dir)
}

@discardableResult
func removeFolder(_ dir: String) -> Int32 {
    // Remove the folder's files, then the folder (the tests write one or two files per folder).
    if let d = opendir(dir) {
        while let entry = readdir(d) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { unlink(dir + "/" + name) }
        }
        closedir(d)
    }
    return rmdir(dir)
}

// MARK: security

@Test func xxeIsRejectedAndPasswdNeverAppears() throws {
    let out = try parse(xml: #"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>"#)
    let err = try #require(out.error)
    #expect(err.kind == .forbiddenDTD)
    #expect(err.message.contains("entit"))
    #expect(!out.allText.contains("root:"))
    #expect(!err.description.contains("root:"))
    #expect(out.events.isEmpty)
}

@Test func xxeInAttributeAndParameterEntityRejected() throws {
    for xml in [
        #"<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r a="&x;"/>"#,
        #"<!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><r/>"#,
        #"<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]><r/>"#,
    ] {
        let out = try parse(xml: xml)
        let err = try #require(out.error, "\(xml)")
        #expect(err.kind == .forbiddenDTD || err.kind == .malformed, "\(xml): \(err)")
        #expect(!out.allText.contains("root:"))
    }
}

let lol = """
    <?xml version="1.0"?>
    <!DOCTYPE lolz [
     <!ENTITY lol "lol">
     <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
     <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
     <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
     <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
     <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
     <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
     <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
     <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
     <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
    ]>
    """

enum LaughsVariant: String, CaseIterable, Sendable {
    case elementContent  // reference inside the first parsed chunk
    case attributeValue
    case farAway  // reference after 28 KB of elements: our DOCTYPE check fires first
    var body: String {
        switch self {
        case .elementContent: "<lolz>&lol9;</lolz>"
        case .attributeValue: "<lolz a=\"&lol9;\"/>"
        case .farAway: "<lolz>" + String(repeating: "<p>padding</p>", count: 2000) + "&lol9;</lolz>"
        }
    }
}

@Test(arguments: LaughsVariant.allCases)
func billionLaughsRejectedQuickly(variant: LaughsVariant) throws {
    let out = try parse(xml: lol + variant.body)
    let err = try #require(out.error)
    // Either libxml2's own amplification guard ("Detected an entity reference loop", raised
    // before the reader hands us the DOCTYPE) or our DOCTYPE check fires first.
    #expect(err.kind == .forbiddenDTD || err.kind == .limitExceeded, "\(err)")
    #expect(out.seconds < 1.0)
    #expect(!out.allText.contains("lollollol"))
}

@Test func quadraticBlowupRejected() throws {
    let big = String(repeating: "A", count: 100_000)
    let refs = String(repeating: "&a;", count: 10_000)
    let out = try parse(xml: "<!DOCTYPE r [<!ENTITY a \"\(big)\">]><r>\(refs)</r>")
    let err = try #require(out.error)
    #expect(err.kind == .forbiddenDTD || err.kind == .limitExceeded, "\(err)")
    #expect(out.seconds < 1.0)
}

@Test func internalSubsetAttlistRejected() throws {
    // libxml2 applies namespace defaults from ATTLIST even without DTDATTR.
    let out = try parse(xml: #"<!DOCTYPE r [<!ATTLIST r xmlns CDATA "http://evil.example/">]><r/>"#)
    #expect(out.error?.kind == .forbiddenDTD)
}

@Test func deepNestingRejectedWithoutCrash() throws {
    let n = 100_000
    let xml = String(repeating: "<a>", count: n) + String(repeating: "</a>", count: n)
    let path = try tempFile(xml)
    // Default limit (256) — libxml2's own 256 cap and ours coincide; either may fire first.
    let out = parse(path)
    let err = try #require(out.error)
    #expect(err.kind == .limitExceeded, "\(err)")
    #expect(out.seconds < 2.0)
    // A tighter limit of ours.
    var limits = XMLLimits()
    limits.maxDepth = 50
    let out2 = parse(path, limits: limits)
    let err2 = try #require(out2.error)
    #expect(err2.kind == .limitExceeded)
    #expect(err2.message.contains("maximum depth 50"))
    #expect(out2.events.count == 50)  // 50 start events delivered before the 51st is refused
}

@Test func externalDTDIsNeverLoaded() throws {
    // The canary DTD would add a default attribute and define an entity if it were loaded.
    let dir = try tempFile("<!ENTITY e \"LOADED\">\n<!ATTLIST r loaded CDATA \"yes\">\n", name: "canary.dtd")
    let canary = dir
    for doctype in [
        #"<!DOCTYPE r SYSTEM "http://example.com/x.dtd">"#,
        "<!DOCTYPE r SYSTEM \"file://\(canary)\">",
        "<!DOCTYPE r PUBLIC \"-//X//DTD X//EN\" \"\(canary)\">",
    ] {
        let out = try parse(xml: "<?xml version=\"1.0\"?>\n\(doctype)\n<r a=\"1\">hi</r>\n")
        #expect(out.error == nil, "\(doctype): \(String(describing: out.error))")
        #expect(
            out.events == [
                .startElement(localName: "r", namespace: nil, attributes: [XMLAttribute(localName: "a", value: "1")], line: 3),
                .text("hi", line: 3),
                .endElement(localName: "r", namespace: nil),
            ])
    }
    // Referencing an entity that only the external DTD defines must fail, not load it.
    let out = try parse(xml: "<!DOCTYPE r SYSTEM \"file://\(canary)\"><r>&e;</r>")
    let err = try #require(out.error)
    #expect(!out.allText.contains("LOADED"))
    #expect(err.kind == .forbiddenDTD || err.kind == .malformed, "\(err)")
    var strict = XMLReaderOptions()
    strict.doctypePolicy = .rejectAll
    #expect(try parse(xml: #"<!DOCTYPE r SYSTEM "http://example.com/x.dtd"><r/>"#, options: strict).error?.kind == .forbiddenDTD)
}

@Test func compressedInputIsNotDecompressed() throws {
    // gzip header bytes: libxml2's own file loader (xmlReaderForFile) would gunzip; we don't.
    let out = try parse(xml: "\u{1F}\u{08}\u{08}\u{00}")
    #expect(out.error?.kind == .malformed)
}

// MARK: errors with position

@Test func malformedDocumentReportsFileLineColumn() throws {
    let path = try tempFile("<?xml version=\"1.0\"?>\n<r>\n  <a>\n    <b>x</c>\n  </a>\n</r>\n")
    let out = parse(path)
    let err = try #require(out.error)
    #expect(err.kind == .malformed)
    #expect(err.file == path)
    #expect(err.line == 4)
    #expect(err.column == 13)
    #expect(err.message.contains("mismatch"))
    #expect(err.libxmlCode == 76)  // XML_ERR_TAG_NAME_MISMATCH
}

@Test func malformedAttributeAndTruncation() throws {
    let out = try parse(xml: "<r>\n<a x=\"1>\n</a></r>")
    let e1 = try #require(out.error)
    #expect(e1.line >= 2 && e1.kind == .malformed, "\(e1)")

    let out2 = try parse(xml: "<r>\n  <a>text</a>\n  <b>")
    let e2 = try #require(out2.error)
    #expect(e2.kind == .malformed, "\(e2)")
    #expect(e2.line == 3, "\(e2)")

    let out3 = try parse(xml: "<r><p:a/></r>")  // undefined prefix: libxml2 level ERROR, not FATAL
    #expect(out3.error?.kind == .malformed)
    #expect(out3.error?.message.contains("Namespace prefix p") == true)
}

@Test func errorsAreSticky() throws {
    var r = try XMLStreamReader(path: try tempFile("<r><a></b></r>"))
    var first: XMLError?
    do { while try r.next() != nil {} } catch { first = error }
    #expect(first != nil)
    #expect(throws: XMLError.self) { try r.next() }
}

@Test func missingFileIsIOError() {
    #expect(throws: XMLError.self) { try XMLStreamReader(path: "/nonexistent/x.xml") }
}

// MARK: content

@Test func cdataAndTextAreMerged() throws {
    let out = try parse(
        xml: """
            <document><questions><rows><row>
              <question><![CDATA[What is <b>your</b> age?]]></question>
              <help>before <![CDATA[in & <cdata>]]> after</help>
              <empty></empty><selfclosed/>
            </row></rows></questions></document>
            """)
    #expect(out.error == nil)
    let texts = out.events.compactMap { if case .text(let s, _) = $0 { s } else { nil } }
    #expect(texts == ["What is <b>your</b> age?", "before in & <cdata> after"])
    #expect(out.events.contains(.endElement(localName: "selfclosed", namespace: nil)))
}

@Test func defaultNamespaceMatchedByLocalName() throws {
    let out = try parse(
        xml: """
            <?xml version="1.0" encoding="UTF-8"?>
            <data xmlns="http://opendatakit.org/submissions" xmlns:orx="http://openrosa.org/xforms"
                  xmlns:jr="http://openrosa.org/javarosa" id="survey1" version="2024">
              <name>Ada</name>
              <rep jr:template=""><x>1</x></rep>
              <meta><orx:instanceID>uuid:1234</orx:instanceID></meta>
            </data>
            """)
    #expect(out.error == nil, "\(String(describing: out.error))")
    guard case .startElement(let root, let ns, let attrs, let line)? = out.events.first else {
        Issue.record("no root")
        return
    }
    #expect(root == "data")
    #expect(ns == "http://opendatakit.org/submissions")
    #expect(attrs[localName: "id"] == "survey1")
    #expect(attrs.count == 2)  // xmlns declarations are not attributes
    #expect(line == 3)  // libxml2 records the line where the (multi-line) start tag *ends*
    let names = out.events.compactMap { if case .startElement(let n, _, _, _) = $0 { n } else { nil } }
    #expect(names == ["data", "name", "rep", "x", "meta", "instanceID"])
    #expect(
        out.events.contains(
            .startElement(
                localName: "rep", namespace: "http://opendatakit.org/submissions",
                attributes: [XMLAttribute(localName: "template", namespace: "http://openrosa.org/javarosa", value: "")], line: 5)))
    #expect(out.events.contains(.endElement(localName: "instanceID", namespace: "http://openrosa.org/xforms")))
    #expect(out.events.contains(.text("uuid:1234", line: 6)))
}

@Test func whitespaceOnlyTextPolicy() throws {
    let xml = "<r>\n  <a> </a>\n</r>"
    #expect(try parse(xml: xml).events.filter { if case .text = $0 { true } else { false } }.isEmpty)
    var keep = XMLReaderOptions()
    keep.skipWhitespaceOnlyText = false
    let texts = try parse(xml: xml, options: keep).events.compactMap { if case .text(let s, _) = $0 { s } else { nil } }
    #expect(texts == ["\n  ", " ", "\n"])
}

@Test func encodingsAndCharacterReferences() throws {
    let out = try parse(xml: "<r a=\"&#233;&lt;\">caf&#xE9; &amp; ü 🙂</r>")
    #expect(
        out.events == [
            .startElement(localName: "r", namespace: nil, attributes: [XMLAttribute(localName: "a", value: "é<")], line: 1),
            .text("café & ü 🙂", line: 1),
            .endElement(localName: "r", namespace: nil),
        ])
}

// MARK: limits

@Test func sizeLimits() throws {
    var limits = XMLLimits()
    limits.maxTextBytes = 1000
    limits.maxAttributeValueBytes = 100
    limits.maxAttributesPerElement = 3
    let okText = String(repeating: "x", count: 1000)
    #expect(try parse(xml: "<r>\(okText)</r>", limits: limits).error == nil)
    // 600 bytes of text + 600 bytes CDATA: each node is small, the merged run is too big.
    let t = String(repeating: "y", count: 600)
    #expect(try parse(xml: "<r>\(t)<![CDATA[\(t)]]></r>", limits: limits).error?.kind == .limitExceeded)
    #expect(try parse(xml: "<r a=\"\(String(repeating: "z", count: 101))\"/>", limits: limits).error?.kind == .limitExceeded)
    #expect(try parse(xml: "<r a=\"1\" b=\"2\" c=\"3\" d=\"4\"/>", limits: limits).error?.kind == .limitExceeded)
    limits.maxDocumentBytes = 5000
    let big = "<r>" + String(repeating: "<a>1</a>", count: 1000) + "</r>"
    #expect(try parse(xml: big, limits: limits).error?.kind == .limitExceeded)
    limits.maxDocumentBytes = big.utf8.count
    #expect(try parse(xml: big, limits: limits).error == nil)
}

@Test func libxml2BuiltInTextLimitWithoutHuge() throws {
    // A single 11 MB text node exceeds XML_MAX_TEXT_LENGTH (10,000,000) — proves HUGE is off.
    var limits = XMLLimits()
    limits.maxTextBytes = 50 << 20
    let out = try parse(xml: "<r>" + String(repeating: "a", count: 11_000_000) + "</r>", limits: limits)
    let err = try #require(out.error)
    #expect(err.kind == .limitExceeded, "\(err)")
}

@Test func concurrentReadersOnSeparateThreads() async throws {
    let path = try tempFile("<r>" + String(repeating: "<a x=\"1\">t</a>", count: 20_000) + "</r>")
    let counts = await withTaskGroup(of: Int.self) { group in
        for _ in 0..<4 {
            group.addTask {
                var n = 0
                var r = try! XMLStreamReader(path: path)
                while (try! r.next()) != nil { n += 1 }
                return n
            }
        }
        return await group.reduce(into: []) { $0.append($1) }
    }
    #expect(counts == Array(repeating: 60_002, count: 4))
}

@Test func libxml2Version() {
    #expect(XMLStreamReader.libxml2Version == "20914")
}
