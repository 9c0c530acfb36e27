import DraagvlakCore
import Foundation
import Readers

/// One ODK submission as read from XML: its leaf values by path (relative to the submission
/// element, `[n]` left out), its ids, and what repeats in it. Held one at a time.
struct Submission {
    var file: String
    var line: Int
    var formID: String?
    /// Briefcase's wrapper attributes.
    var attributeInstanceID: String?
    var submissionDate: String?
    var instanceID: String?
    var deprecatedID: String?
    var rootUuid: String?
    var leaves: [(path: String, value: String)] = []
    /// Paths that occur more than once under one parent: repeat groups.
    var repeated: Set<String> = []
    /// How many elements start at each path.
    var starts: [String: Int] = [:]

    var id: String? { instanceID ?? attributeInstanceID }
}

/// Reads ODK submission XML: one instance (`<data id="form">…<meta><instanceID>`), Briefcase's
/// wrapped instance (`instanceID`/`submissionDate` attributes), a folder of instance files, or a
/// dump of several (`<root><results><uid id="…">…` from the KoboToolbox API). Elements are
/// matched by local name, so any namespace works.
///
/// Two streaming passes: the first collects the ids (for edits), the field paths (for the
/// header) and which paths repeat; the second hands one record per submission to the sink.
struct SubmissionXML {
    /// The files to read, each with the name used in messages (`folder/file.xml` in a folder).
    let files: [(url: URL, name: String)]
    /// The input as the user named it: the file, or the folder.
    let displayName: String
    let sink: any RecordSink

    /// Each submission in the files, in order.
    func forEachSubmission(progress: (Int64) -> Void, _ body: (Submission) throws -> Void) throws {
        var done: Int64 = 0
        for file in files {
            var reader: XMLStreamReader
            do { reader = try XMLStreamReader(url: file.url) } catch { throw XForm.inputError(error, file.name) }
            var depth = 0
            var singleRoot: Bool?
            var submissionDepth: Int?
            var current: Submission?
            var frames: [(path: String, counts: [String: Int], hasChildren: Bool, text: String)] = []
            var events = 0
            while true {
                let event: XMLEvent?
                do { event = try reader.next() } catch { throw XForm.inputError(error, file.name) }
                guard let event else { break }
                switch event {
                case .startElement(let name, _, let attributes, let line):
                    if singleRoot == nil { singleRoot = attributes[localName: "id"] != nil }
                    if current == nil, attributes[localName: "id"] != nil, singleRoot == true ? depth == 0 : depth > 0 {
                        current = Submission(
                            file: file.name, line: line, formID: attributes[localName: "id"],
                            attributeInstanceID: attributes[localName: "instanceID"],
                            submissionDate: attributes[localName: "submissionDate"])
                        submissionDepth = depth
                        frames = [("", [:], false, "")]
                    } else if current != nil {
                        let parent = frames.count - 1
                        frames[parent].hasChildren = true
                        let path = frames[parent].path.isEmpty ? name : frames[parent].path + "/" + name
                        let count = frames[parent].counts[name, default: 0] + 1
                        frames[parent].counts[name] = count
                        if count == 2 { current!.repeated.insert(path) }
                        current!.starts[path, default: 0] += 1
                        frames.append((path, [:], false, ""))
                    }
                    depth += 1
                case .text(let text, _):
                    if current != nil { frames[frames.count - 1].text += text }
                case .endElement:
                    depth -= 1
                    guard current != nil else { break }
                    if depth == submissionDepth {
                        try body(current!)
                        current = nil
                        submissionDepth = nil
                        break
                    }
                    let frame = frames.removeLast()
                    guard !frame.hasChildren else { break }
                    let value = frame.text.trimmingCharacters(in: .whitespacesAndNewlines)
                    switch frame.path {
                    case "meta/instanceID": current!.instanceID = value.isEmpty ? nil : value
                    case "meta/deprecatedID": current!.deprecatedID = value.isEmpty ? nil : value
                    case "meta/rootUuid": current!.rootUuid = value.isEmpty ? nil : value
                    default: break
                    }
                    current!.leaves.append((frame.path, value))
                }
                events += 1
                if events & 0xFFFF == 0 { progress(done + Int64(reader.bytesRead)) }
            }
            done += Int64(reader.bytesRead)
            progress(done)
        }
    }

    /// The header's plan from the first pass.
    private struct Plan {
        var chains = EditChains()
        var paths: [String] = []
        var withData: Set<String> = []
        var repeats: Set<String> = []
        var forms: [String] = []
        var submissions = 0
        var bytes: Int64 = 0

        func underRepeat(_ path: String) -> Bool {
            repeats.contains { path == $0 || path.hasPrefix($0 + "/") }
        }
    }

    func read() throws {
        var plan = Plan()
        var known: Set<String> = []
        try forEachSubmission(progress: { sink.progress(bytesRead: $0 / 2) }) { s in
            plan.submissions += 1
            plan.chains.add(instanceID: s.id, deprecatedID: s.deprecatedID)
            plan.repeats.formUnion(s.repeated)
            if let form = s.formID, !plan.forms.contains(form) { plan.forms.append(form) }
            for leaf in s.leaves {
                if known.insert(leaf.path).inserted { plan.paths.append(leaf.path) }
                if !leaf.value.isEmpty { plan.withData.insert(leaf.path) }
            }
        }
        // The bytes of all files, for progress over the second pass.
        plan.bytes = files.reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file.url.path)[.size] as? NSNumber)?.int64Value ?? 0)
        }

        let columns = SurveyColumns(sink.survey)
        var headers = ["respondent", "submitted_at"]
        var columnOf: [String: Int] = [:]
        var idOf: [Int: String] = [:]
        var claimed: [String: String] = [:]
        let location = SourceLocation(file: displayName)
        for path in plan.paths where !XFormSurvey.isMetadata(path) && !plan.underRepeat(path) {
            var id = columns.id(forPath: path, separator: "/")
            if let matched = id, let earlier = claimed[matched] {
                sink.report(
                    Problem(
                        location, .field(path),
                        "matches question '\(matched)' as field '\(earlier)' does; rename one of the questions in the survey so that each field has its own id"
                    ))
                id = nil
            }
            guard id != nil || plan.withData.contains(path) else { continue }
            if let id { claimed[id] = path }
            columnOf[path] = headers.count
            if let id { idOf[headers.count] = id }
            headers.append(id ?? path)
        }
        if plan.forms.count > 1 {
            sink.note("submissions of \(plan.forms.count) forms: \(plan.forms.map { "'\($0)'" }.joined(separator: ", "))")
        }
        guard sink.begin(headers: headers, line: 1) else { return }

        var converter = ValueConverter(columns)
        var replaced = 0
        var repeatInstances: [String: Int] = [:]
        var repeatAnswers = 0
        try forEachSubmission(progress: { sink.progress(bytesRead: (plan.bytes + $0) / 2) }) { s in
            let at = SourceLocation(file: s.file, line: s.line)
            guard let id = s.id else {
                sink.report(
                    Problem(
                        at, .field("meta/instanceID"),
                        "the submission has no meta/instanceID (nor an instanceID attribute), so it cannot be told apart from others"))
                return
            }
            if plan.chains.isReplaced(id) {
                replaced += 1
                return
            }
            var fields = [String](repeating: "", count: headers.count)
            fields[0] = s.rootUuid.map(EditChains.normalise) ?? plan.chains.root(of: id)
            fields[1] = s.submissionDate ?? ""
            for leaf in s.leaves {
                if let column = columnOf[leaf.path] {
                    fields[column] = idOf[column].map { converter.convert(leaf.value, id: $0) } ?? leaf.value
                } else if plan.underRepeat(leaf.path), !leaf.value.isEmpty {
                    repeatAnswers += 1
                }
            }
            for (path, n) in s.starts where plan.repeats.contains(path) { repeatInstances[path, default: 0] += n }
            try sink.record(fields, line: s.line)
        }

        if plan.submissions == 0 { sink.note("no submissions in the file") }
        if replaced > 0 {
            sink.note(
                "kept the newest version of edited submissions: skipped \(replaced) earlier version\(replaced == 1 ? "" : "s") replaced in the same input (meta/deprecatedID)"
            )
        }
        let absent = plan.chains.editsOfAbsent
        if absent > 0 {
            sink.note(
                "\(absent) submission\(absent == 1 ? " is an edit" : "s are edits") of an earlier version not in this input (meta/deprecatedID); each is stored under the first id of its chain of edits, so a consultation that already holds the earlier version keeps that one (an import never replaces stored answers)"
            )
        }
        if !repeatInstances.isEmpty {
            let groups = repeatInstances.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value)×)" }.joined(separator: ", ")
            sink.note(
                "left out repeat groups, as Draagvlak keeps one row per respondent: \(groups), holding \(repeatAnswers) answer\(repeatAnswers == 1 ? "" : "s")"
            )
        }
        if let note = converter.note { sink.note(note) }
    }
}
