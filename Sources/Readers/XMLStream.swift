// XMLStreamReader — one hardened, streaming XML pull reader on libxml2's xmlTextReader.
//
// Part of Readers; shared by the XML importer plugins (LimeSurvey .lss/.lsr, ODK/Kobo XForms and
// instances). Never builds a tree, never loads anything but the one file it was
// given, never substitutes entities. See docs/XML.md for the design rationale and measurements.

import CLibXML2

#if canImport(FoundationEssentials)
    package import FoundationEssentials  // URL only; no FoundationXML (which would drag in its own libxml2 use)
#else
    package import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

// MARK: - Public API

/// One attribute of a start tag, by local name (namespace prefixes resolved).
package struct XMLAttribute: Sendable, Equatable, CustomStringConvertible {
    package var localName: String
    /// Namespace URI of a prefixed attribute; unprefixed attributes have none.
    package var namespace: String?
    package var value: String

    package init(localName: String, namespace: String? = nil, value: String) {
        self.localName = localName
        self.namespace = namespace
        self.value = value
    }

    package var description: String { "\(localName)=\"\(value)\"" }
}

extension Array where Element == XMLAttribute {
    /// Attribute value by local name (namespaces are matched by local name).
    package subscript(localName name: String) -> String? {
        first(where: { $0.localName == name })?.value
    }
}

/// What the streaming reader reports, in document order: start tags with their attributes,
/// merged text runs, and end tags.
package enum XMLEvent: Sendable, Equatable {
    /// `line` is the line of the start tag (exact below line 65535, see docs/XML.md).
    /// Namespace declarations (xmlns, xmlns:p) are not reported as attributes.
    case startElement(localName: String, namespace: String?, attributes: [XMLAttribute], line: Int)
    /// Adjacent text, CDATA and whitespace nodes merged into one run. `line` = first node's line.
    case text(String, line: Int)
    case endElement(localName: String, namespace: String?)
}

/// The limits a document must stay within, so a hostile or damaged file is refused instead of
/// exhausting memory (docs/XML.md).
package struct XMLLimits: Sendable {
    /// Maximum element nesting depth. libxml2 2.9 additionally hard-caps depth at 256
    /// (xmlParserMaxDepth) unless XML_PARSE_HUGE, which we never set.
    package var maxDepth: Int = 256
    /// Maximum size (UTF-8 bytes) of one merged text/CDATA run. libxml2 itself caps a single
    /// text node / CDATA section / attribute value at 10,000,000 bytes (XML_MAX_TEXT_LENGTH).
    package var maxTextBytes: Int = 8 << 20
    package var maxAttributeValueBytes: Int = 1 << 20
    package var maxAttributesPerElement: Int = 256
    /// Maximum number of bytes read from the file; nil = unlimited (files stream in O(1) memory).
    package var maxDocumentBytes: Int? = nil

    package init() {}
    package static let `default` = XMLLimits()
}

/// How the reader treats DOCTYPEs and whitespace between elements.
package struct XMLReaderOptions: Sendable {
    /// Which DOCTYPEs are tolerated (an external DTD is never loaded).
    package enum DoctypePolicy: Sendable {
        /// `<!DOCTYPE r SYSTEM "x.dtd">` is tolerated (the external DTD is never loaded), but an
        /// internal subset with any declaration is rejected: ENTITY (XXE, entity expansion) and
        /// also ATTLIST/ELEMENT/NOTATION (libxml2 applies `<!ATTLIST r xmlns CDATA "...">`
        /// namespace defaults even without XML_PARSE_DTDATTR).
        case allowWithoutDeclarations
        /// Any DOCTYPE is rejected (none of our formats uses one).
        case rejectAll
    }
    /// Drop text runs consisting only of whitespace (indentation between elements).
    package var skipWhitespaceOnlyText: Bool = true
    package var doctypePolicy: DoctypePolicy = .allowWithoutDeclarations

    package init() {}
    package static let `default` = XMLReaderOptions()
}

/// Why a document was refused, with its file and line.
package struct XMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, for tests and messages.
    package enum Kind: Sendable, Equatable {
        case io  // cannot open / read the file
        case malformed  // not well-formed (libxml2 error)
        case forbiddenDTD  // DOCTYPE with entity declarations, entity references
        case limitExceeded  // one of XMLLimits (or a libxml2 built-in limit) was hit
    }
    package var kind: Kind
    package var file: String
    /// 1-based; 0 if unknown.
    package var line: Int
    /// 1-based; nil if libxml2 did not report one (our own limit/DTD errors, some libxml2 errors).
    package var column: Int?
    package var message: String
    /// libxml2 xmlParserErrors code, when the error came from libxml2.
    package var libxmlCode: Int?

    package init(kind: Kind, file: String, line: Int, column: Int?, message: String, libxmlCode: Int? = nil) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.libxmlCode = libxmlCode
    }

    package var description: String {
        var s = "\(file):\(line)"
        if let column { s += ":\(column)" }
        return s + ": \(message)"
    }
}

/// Streaming pull reader. Noncopyable: it is the single owner of the libxml2 reader, which is
/// freed in `deinit`. Not Sendable; use it from one task/thread (several readers may run
/// concurrently on different threads).
package struct XMLStreamReader: ~Copyable {
    private let reader: OpaquePointer  // xmlTextReaderPtr
    private let sink: CallbackSink  // state touched by libxml2 callbacks
    private let path: String
    private let limits: XMLLimits
    private let options: XMLReaderOptions

    private var failure: XMLError?
    private var finished = false
    private var depth = 0
    private var pending: [XMLEvent] = []
    private var pendingIndex = 0

    private var textBuffer: [UInt8] = []
    private var textLine = 0
    private var textAllWhitespace = true
    private var hasText = false

    /// Element/attribute names and namespace URIs are interned in the reader's dictionary and
    /// live until xmlFreeTextReader, so their address is a stable cache key. A pointer is only
    /// cached after xmlTextReaderConstString confirmed it is the dictionary copy. Bounded.
    private var nameCache: [UnsafePointer<xmlChar>: String] = [:]
    private static var nameCacheLimit: Int { 4096 }

    package init(url: URL, limits: XMLLimits = .default, options: XMLReaderOptions = .default) throws(XMLError) {
        guard url.isFileURL else {
            throw XMLError(kind: .io, file: url.absoluteString, line: 0, column: nil, message: "only file URLs are supported")
        }
        try self.init(path: url.path(percentEncoded: false), limits: limits, options: options)
    }

    package init(path: String, limits: XMLLimits = .default, options: XMLReaderOptions = .default) throws(XMLError) {
        _ = LibXML2.initialized
        // Noncopyable init: compute everything in locals, assign stored properties only at the
        // end (a throw after partial initialisation is rejected for ~Copyable types).
        let sink = try CallbackSink(path: path, maxDocumentBytes: limits.maxDocumentBytes)

        // We open the file ourselves (CallbackSink) and feed libxml2 through xmlReaderForIO:
        //  * libxml2's own file loader (xmlReaderForFile) transparently gunzips/unxzs input,
        //    i.e. a compression bomb; our callback hands over raw bytes only;
        //  * we can enforce maxDocumentBytes and give a clean I/O error.
        // The context pointer is unretained: `sink` is a stored property of this struct and is
        // released only after deinit has freed the reader, so it outlives every callback.
        let ctx = Unmanaged.passUnretained(sink).toOpaque()
        guard
            let reader = xmlReaderForIO(
                { ctx, buffer, len in
                    guard let ctx, let buffer else { return -1 }
                    return Unmanaged<CallbackSink>.fromOpaque(ctx).takeUnretainedValue()
                        .readChunk(into: buffer, capacity: Int(len))
                },
                { _ in 0 },  // close: the fd is closed by CallbackSink.deinit
                ctx, path, nil, LibXML2.parseOptions)
        else {
            throw XMLError(kind: .io, file: path, line: 0, column: nil, message: "xmlReaderForIO failed")
        }

        xmlTextReaderSetStructuredErrorHandler(
            reader,
            { ctx, err in
                guard let ctx, let err else { return }
                Unmanaged<CallbackSink>.fromOpaque(ctx).takeUnretainedValue().record(err.pointee)
            }, ctx)

        // Belt and braces: force the security-relevant parser properties off even if some other
        // code in the process changed libxml2's global defaults (xmlSubstituteEntitiesDefault,
        // xmlLoadExtDtdDefaultValue ...), then verify.
        for prop in [XML_PARSER_SUBST_ENTITIES, XML_PARSER_LOADDTD, XML_PARSER_DEFAULTATTRS, XML_PARSER_VALIDATE] {
            _ = xmlTextReaderSetParserProp(reader, Int32(prop.rawValue), 0)
            if xmlTextReaderGetParserProp(reader, Int32(prop.rawValue)) != 0 {
                xmlFreeTextReader(reader)
                throw XMLError(
                    kind: .io, file: path, line: 0, column: nil,
                    message: "cannot disable libxml2 parser property \(prop.rawValue)")
            }
        }
        self.path = path
        self.limits = limits
        self.options = options
        self.sink = sink
        self.reader = reader  // from here on deinit owns it
    }

    deinit {
        xmlFreeTextReader(reader)  // frees remaining nodes, dict, input buffer; then `sink` closes the fd
    }

    /// libxml2 warnings (non-fatal) seen so far, e.g. "xmlns: URI x is not absolute".
    package var warnings: [XMLError] { sink.warnings }

    /// Bytes handed to libxml2 so far (for progress reporting).
    package var bytesRead: Int { sink.bytesRead }

    /// Runtime libxml2 version string, e.g. "20914".
    package static var libxml2Version: String {
        _ = LibXML2.initialized
        // xmlParserVersion is a macro over the per-thread accessor __xmlParserVersion() (not importable).
        return __xmlParserVersion()?.pointee.map { String(cString: $0) } ?? "?"
    }
}

// MARK: - libxml2 process-wide initialisation

enum LibXML2 {
    /// xmlInitParser is not safe to race in 2.9.x; a Swift static let runs exactly once
    /// (swift_once) and is thread-safe. Never call xmlCleanupParser.
    static let initialized: Void = { xmlInitParser() }()

    static let parseOptions: Int32 = {
        // Deliberately absent: NOENT (entity substitution), DTDLOAD, DTDATTR, DTDVALID,
        // XINCLUDE, HUGE, RECOVER. NONET blocks http/ftp in the default entity loader as a
        // second line of defence (it does NOT block file://; not loading is what protects us).
        let opts: UInt32 =
            XML_PARSE_NONET.rawValue
            | XML_PARSE_BIG_LINES.rawValue  // line numbers > 65535 on text nodes
            | XML_PARSE_NOXINCNODE.rawValue  // inert without XINCLUDE; harmless
        return Int32(bitPattern: opts)
    }()
}

// MARK: - Implementation

private let typeElement = Int32(XML_READER_TYPE_ELEMENT.rawValue)
private let typeEndElement = Int32(XML_READER_TYPE_END_ELEMENT.rawValue)
private let typeText = Int32(XML_READER_TYPE_TEXT.rawValue)
private let typeCDATA = Int32(XML_READER_TYPE_CDATA.rawValue)
private let typeWhitespace = Int32(XML_READER_TYPE_WHITESPACE.rawValue)
private let typeSignificantWhitespace = Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue)
private let typeDoctype = Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue)
private let typeEntityReference = Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue)
private let typeEntity = Int32(XML_READER_TYPE_ENTITY.rawValue)

/// The only state libxml2 calls back into (read callback once per ~4 KB, error handler).
final class CallbackSink {
    let path: String
    let maxDocumentBytes: Int?
    let fd: Int32
    private(set) var bytesRead = 0
    private(set) var warnings: [XMLError] = []
    /// First error reported by libxml2's structured handler (level >= XML_ERR_ERROR).
    private(set) var libxmlError: XMLError?
    /// Error raised by our own read callback (size limit, read(2) failure).
    private(set) var ioError: XMLError?
    /// Set when either error is set: one cheap check per node on the hot path.
    private(set) var failed = false

    init(path: String, maxDocumentBytes: Int?) throws(XMLError) {
        self.path = path
        self.maxDocumentBytes = maxDocumentBytes
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let msg = String(cString: strerror(errno))
            throw XMLError(kind: .io, file: path, line: 0, column: nil, message: "cannot open file: \(msg)")
        }
    }

    deinit { close(fd) }

    // Called from libxml2 (read callback).
    fileprivate func readChunk(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int32 {
        if ioError != nil { return -1 }
        var want = capacity
        if let max = maxDocumentBytes {
            if bytesRead >= max {
                // Only an error if there is actually more data.
                var probe: UInt8 = 0
                let n = read(fd, &probe, 1)
                if n == 0 { return 0 }
                ioError = XMLError(
                    kind: .limitExceeded, file: path, line: 0, column: nil,
                    message: "document larger than \(max) bytes")
                failed = true
                return -1
            }
            want = min(want, max - bytesRead)
        }
        while true {
            let n = read(fd, buffer, want)
            if n >= 0 {
                bytesRead += n
                return Int32(n)
            }
            if errno == EINTR { continue }
            ioError = XMLError(
                kind: .io, file: path, line: 0, column: nil,
                message: "read failed: \(String(cString: strerror(errno)))")
            failed = true
            return -1
        }
    }

    // Called from libxml2 (structured error handler).
    fileprivate func record(_ e: xmlError) {
        var message = e.message.map { String(cString: $0) } ?? "unknown libxml2 error"
        while message.last == "\n" || message.last == " " { message.removeLast() }
        let file = e.file.map { String(cString: $0) } ?? path
        let code = Int(e.code)
        // libxml2 2.9 has no dedicated "resource limit" code; classify its limit errors by code/text.
        let limitWords = ["Excessive depth", "too long", "too big", "huge", "amplification", "Detected an entity reference loop"]
        var kind: XMLError.Kind =
            code == Int(XML_ERR_ENTITY_LOOP.rawValue) || limitWords.contains(where: message.contains)
            ? .limitExceeded : .malformed
        // Say what the user can act on, not libxml2's internals.
        if code == Int(XML_ERR_ENTITY_LOOP.rawValue) || message.contains("entity reference loop") || message.contains("amplification") {
            kind = .forbiddenDTD
            message = "the document declares entities in a DOCTYPE (as in an entity-expansion attack); such documents are refused"
        } else if message.contains("Excessive depth") {
            message = "elements are nested deeper than 256 levels; such documents are refused"
        }
        let err = XMLError(
            kind: kind, file: file, line: Int(e.line),
            column: e.int2 > 0 ? Int(e.int2) : nil, message: message, libxmlCode: code)
        if e.level.rawValue >= XML_ERR_ERROR.rawValue {
            if libxmlError == nil {
                libxmlError = err
                failed = true
            }
        } else if warnings.count < 100 {
            warnings.append(err)
        }
    }

}

extension XMLStreamReader {
    // MARK: pull loop

    /// Next event, or nil at the end of the document. Errors are sticky: once thrown, every
    /// further call throws the same error.
    package mutating func next() throws(XMLError) -> XMLEvent? {
        if let e = popPending() { return e }
        if let failure { throw failure }
        if finished { return nil }
        do {
            return try advance()
        } catch {
            failure = error
            pending.removeAll()
            throw error
        }
    }

    private mutating func popPending() -> XMLEvent? {
        guard pendingIndex < pending.count else { return nil }
        let e = pending[pendingIndex]
        pendingIndex += 1
        if pendingIndex == pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
        }
        return e
    }

    private mutating func advance() throws(XMLError) -> XMLEvent? {
        while true {
            let rc = xmlTextReaderRead(reader)
            // libxml2 reports non-fatal errors (e.g. undefined namespace prefix) without failing
            // the read; we treat every error as fatal.
            if sink.failed {
                if let e = sink.ioError { throw e }
                if let e = sink.libxmlError { throw e }
            }
            if rc < 0 {
                throw XMLError(
                    kind: .malformed, file: path,
                    line: Int(xmlTextReaderGetParserLineNumber(reader)),
                    column: Int(xmlTextReaderGetParserColumnNumber(reader)),
                    message: "xmlTextReaderRead failed")
            }
            if rc == 0 {
                finished = true
                if depth != 0 {
                    throw XMLError(
                        kind: .malformed, file: path, line: parserLine(), column: nil,
                        message: "unexpected end of document")
                }
                flushText()
                return popPending()
            }

            let type = xmlTextReaderNodeType(reader)
            switch type {
            case typeText, typeCDATA:
                try appendText(whitespace: false)
            case typeWhitespace, typeSignificantWhitespace:
                try appendText(whitespace: true)
            case typeElement:
                flushText()
                try startElement()
                return popPending()
            case typeEndElement:
                flushText()
                let (name, ns) = currentName()
                pending.append(.endElement(localName: name, namespace: ns))
                depth -= 1
                return popPending()
            case typeDoctype:
                try checkDoctype()
            case typeEntityReference, typeEntity:
                let name = xmlTextReaderConstName(reader).map { String(cString: $0) } ?? "?"
                throw XMLError(
                    kind: .forbiddenDTD, file: path, line: nodeLine(), column: nil,
                    message: "entity reference &\(name); is not allowed")
            default:
                continue  // comments, processing instructions, end-entity, xml declaration
            }
        }
    }

    private mutating func startElement() throws(XMLError) {
        let line = nodeLine()
        let (name, ns) = currentName()
        depth += 1
        if depth > limits.maxDepth {
            throw XMLError(
                kind: .limitExceeded, file: path, line: line, column: nil,
                message: "element <\(name)> exceeds maximum depth \(limits.maxDepth)")
        }
        let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
        var attributes: [XMLAttribute] = []
        if xmlTextReaderHasAttributes(reader) == 1 {
            while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                if xmlTextReaderIsNamespaceDecl(reader) == 1 { continue }
                if attributes.count >= limits.maxAttributesPerElement {
                    _ = xmlTextReaderMoveToElement(reader)
                    throw XMLError(
                        kind: .limitExceeded, file: path, line: line, column: nil,
                        message: "element <\(name)> has more than \(limits.maxAttributesPerElement) attributes")
                }
                let (aname, ans) = currentName()
                var value = ""
                if let v = xmlTextReaderConstValue(reader) {
                    let n = strlen(UnsafeRawPointer(v).assumingMemoryBound(to: CChar.self))
                    if n > limits.maxAttributeValueBytes {
                        _ = xmlTextReaderMoveToElement(reader)
                        throw XMLError(
                            kind: .limitExceeded, file: path, line: line, column: nil,
                            message: "attribute \(aname) of <\(name)> is longer than \(limits.maxAttributeValueBytes) bytes")
                    }
                    value = String(decoding: UnsafeBufferPointer(start: v, count: n), as: UTF8.self)
                }
                attributes.append(XMLAttribute(localName: aname, namespace: ans, value: value))
            }
            _ = xmlTextReaderMoveToElement(reader)
        }
        pending.append(.startElement(localName: name, namespace: ns, attributes: attributes, line: line))
        if isEmpty {
            // <a/> produces no END_ELEMENT node in xmlTextReader; synthesise it.
            pending.append(.endElement(localName: name, namespace: ns))
            depth -= 1
        }
    }

    private func checkDoctype() throws(XMLError) {
        let line = nodeLine()
        if options.doctypePolicy == .rejectAll {
            throw XMLError(
                kind: .forbiddenDTD, file: path, line: line, column: nil,
                message: "DOCTYPE declarations are not allowed")
        }
        guard let node = xmlTextReaderCurrentNode(reader), node.pointee.type == XML_DTD_NODE else { return }
        let dtd = UnsafeMutableRawPointer(node).assumingMemoryBound(to: xmlDtd.self)
        var declaresEntities = dtd.pointee.entities != nil || dtd.pointee.pentities != nil
        var child = dtd.pointee.children
        while let c = child, !declaresEntities {
            if c.pointee.type == XML_ENTITY_DECL { declaresEntities = true }
            child = c.pointee.next
        }
        if declaresEntities {
            throw XMLError(
                kind: .forbiddenDTD, file: path, line: line, column: nil,
                message: "DOCTYPE declares entities; entity declarations are not allowed (XXE / entity expansion protection)")
        }
        let d = dtd.pointee
        if d.elements != nil || d.attributes != nil || d.notations != nil {
            throw XMLError(
                kind: .forbiddenDTD, file: path, line: line, column: nil,
                message: "DOCTYPE internal subset declarations (ELEMENT/ATTLIST/NOTATION) are not allowed")
        }
    }

    private mutating func appendText(whitespace: Bool) throws(XMLError) {
        guard let v = xmlTextReaderConstValue(reader) else { return }
        let n = strlen(UnsafeRawPointer(v).assumingMemoryBound(to: CChar.self))
        if !hasText {
            hasText = true
            textLine = nodeLine()
            textAllWhitespace = true
        }
        if !whitespace { textAllWhitespace = false }
        if textBuffer.count + n > limits.maxTextBytes {
            throw XMLError(
                kind: .limitExceeded, file: path, line: textLine, column: nil,
                message: "text content longer than \(limits.maxTextBytes) bytes")
        }
        textBuffer.append(contentsOf: UnsafeBufferPointer(start: v, count: n))
    }

    private mutating func flushText() {
        guard hasText else { return }
        hasText = false
        if !(textAllWhitespace && options.skipWhitespaceOnlyText) {
            pending.append(.text(String(decoding: textBuffer, as: UTF8.self), line: textLine))
        }
        if textBuffer.capacity > 1 << 20 {
            textBuffer = []  // don't pin a huge buffer after one big text run
        } else {
            textBuffer.removeAll(keepingCapacity: true)
        }
    }

    // MARK: helpers

    private mutating func currentName() -> (String, String?) {
        var name = ""
        var ns: String?
        if let p = xmlTextReaderConstLocalName(reader) { name = intern(p) }
        if let p = xmlTextReaderConstNamespaceUri(reader) { ns = intern(p) }
        return (name, ns)
    }

    private mutating func intern(_ raw: UnsafePointer<xmlChar>) -> String {
        if let s = nameCache[raw] { return s }
        let s = String(cString: raw)
        // Cache only dictionary-owned pointers (libxml2 returns the same pointer if `raw` already
        // is the dictionary copy, which is always the case in reader mode: ctxt->dictNames = 1).
        if nameCache.count < Self.nameCacheLimit, xmlTextReaderConstString(reader, raw) == raw {
            nameCache[raw] = s
        }
        return s
    }

    private func parserLine() -> Int {
        return Int(xmlTextReaderGetParserLineNumber(reader))
    }

    /// Line of the current node. libxml2 2.9 stores node->line as unsigned short (65535 =
    /// "65535 or more"); xmlGetLineNo recovers bigger numbers for text nodes parsed with
    /// XML_PARSE_BIG_LINES. CDATA nodes carry no line at all (0): xmlGetLineNo then answers
    /// with the previous sibling's or the parent's line. Last resort: the parser position
    /// (a few lines late, the reader parses ahead in 512-byte chunks).
    private func nodeLine() -> Int {
        guard let node = xmlTextReaderCurrentNode(reader) else { return parserLine() }
        let l = Int(node.pointee.line)
        if l > 0 && l < 65535 { return l }
        let g = Int(xmlGetLineNo(node))
        if g > 0 && g != 65535 { return g }
        return max(g, parserLine())
    }
}
