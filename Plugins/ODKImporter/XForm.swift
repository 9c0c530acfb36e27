import DraagvlakCore
import Foundation
import Readers

/// An ODK XForm as far as Draagvlak needs it: the primary instance's fields, the binds that
/// give their types, the body controls that ask them with their labels and choices, and the
/// itext translations the labels point into. Read in one streaming pass (`XMLStreamReader`), in
/// whatever order the form's elements come (the `itext` may precede the `instance`).
struct XForm {
    /// A label: inline text, a reference into the itext translations, or both.
    struct Label: Equatable {
        var inline: String?
        var itextID: String?
    }

    /// One answer option of a select.
    struct Choice: Equatable {
        var value: String
        var label: Label
    }

    /// How a field is asked, from the body element's local name.
    enum ControlKind: String {
        case input, select1, select, range, rank, upload, trigger
    }

    /// A body control, its `ref` resolved to an absolute path (`/data/group/field`).
    struct Control {
        var kind: ControlKind
        var path: String
        var label: Label
        var choices: [Choice] = []
        /// Choices from an `itemset` over a secondary instance (`instance('id')/root/item`).
        var itemset: (instance: String, value: String, label: String)?
        var range: (start: Double, end: Double, step: Double)?
        var line: Int
    }

    /// A `<bind>`: the type and the properties that make a field no question (readonly,
    /// calculate, preload).
    struct Bind {
        var type: String
        var readonly: Bool
        var calculate: String?
        var preload: String?
    }

    /// One `<translation>` of the itext: its `lang` (e.g. `English (en)`) and texts by id.
    struct Translation {
        var lang: String
        var isDefault: Bool
        var texts: [String: String] = [:]
    }

    var title = ""
    /// The primary instance's root element name (`data`) and its `id` attribute (the form id).
    var rootName = ""
    var formID: String?
    /// Leaf fields of the primary instance, as absolute paths, in document order.
    var fields: [String] = []
    /// Paths of repeat groups (`jr:template` in the instance, `<repeat nodeset>` in the body).
    var repeats: Set<String> = []
    var binds: [String: Bind] = [:]
    var controls: [Control] = []
    var translations: [Translation] = []
    /// Secondary instances' items (`<instance id="list"><root><item>…`), each item's children by name.
    var secondaryInstances: [String: [[String: String]]] = [:]

    /// The choices of a control: its `<item>`s, or the items of the secondary instance its
    /// `itemset` points at.
    func choices(of control: Control) -> [Choice] {
        guard let itemset = control.itemset else { return control.choices }
        return (secondaryInstances[itemset.instance] ?? []).compactMap { item in
            guard let value = item[itemset.value] else { return nil }
            if let id = Self.itextID(itemset.label) {
                // `jr:itext(itextId)`: the item's child names the itext id.
                return Choice(value: value, label: Label(inline: nil, itextID: item[id] ?? id))
            }
            return Choice(value: value, label: Label(inline: item[itemset.label], itextID: nil))
        }
    }

    /// The path of the repeat group `path` lies in, if any.
    func repeatGroup(of path: String) -> String? {
        repeats.filter { path.hasPrefix($0 + "/") }.min { $0.count < $1.count }
    }

    /// `jr:itext('/data/q:label')` → `/data/q:label`; also the unquoted `jr:itext(itextId)` of itemsets.
    static func itextID(_ ref: String) -> String? {
        let trimmed = ref.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("jr:itext("), trimmed.hasSuffix(")") else { return nil }
        var inner = trimmed.dropFirst("jr:itext(".count).dropLast().trimmingCharacters(in: .whitespaces)
        if inner.count >= 2, let f = inner.first, f == "'" || f == "\"", inner.last == f {
            inner = String(inner.dropFirst().dropLast())
        }
        return inner
    }

    // MARK: - Parsing

    /// Reads an XForm. Throws `InputError` when the file is not well-formed XML or not an XForm.
    static func read(_ url: URL, displayName: String) throws -> XForm {
        var reader: XMLStreamReader
        do { reader = try XMLStreamReader(url: url) } catch { throw inputError(error, displayName) }
        var parser = Parser()
        while true {
            let event: XMLEvent?
            do { event = try reader.next() } catch { throw inputError(error, displayName) }
            guard let event else { break }
            parser.handle(event)
        }
        guard parser.sawModel, !parser.form.rootName.isEmpty else {
            throw InputError("\(displayName): not an XForm: no <model> with a primary <instance> (an <h:html> form definition is expected)")
        }
        return parser.form
    }

    static func inputError(_ error: XMLError, _ displayName: String) -> InputError {
        var error = error
        error.file = displayName
        return InputError("\(error)")
    }

    /// The streaming state: which part of the form the reader is in.
    private struct Parser {
        var form = XForm()
        var sawModel = false
        private var names: [String] = []

        // title
        private var inTitle = false
        // primary instance: the depth of <instance>, and per open element its path and whether it has children
        private var primaryDepth: Int?
        private var primaryDone = false
        private var instanceStack: [(path: String, hasChildren: Bool)] = []
        private var seenFields: Set<String> = []
        // secondary instance
        private var secondary: (id: String, depth: Int)?
        private var item: [String: String]?
        private var itemField: String?
        private var itemText = ""
        // itext
        private var translation: Translation?
        private var textID: String?
        private var valueDepth: Int?
        private var valueIsMedia = false
        private var valueText = ""
        // body
        private var inBody = false
        private var context: [String?] = []
        private var control: Control?
        private var controlDepth = 0
        private var inLabel: Int?
        private var labelText = ""
        private var choice: (value: String?, label: Label)?
        private var inValue = false
        private var choiceValueText = ""

        mutating func handle(_ event: XMLEvent) {
            switch event {
            case .startElement(let name, _, let attributes, let line):
                start(name, attributes, line)
                names.append(name)
            case .text(let string, _):
                characters(string)
            case .endElement(let name, _):
                names.removeLast()
                end(name)
            }
        }

        private var depth: Int { names.count }

        private mutating func start(_ name: String, _ attributes: [XMLAttribute], _ line: Int) {
            if let primaryDepth {
                let parentPath = instanceStack.last?.path ?? ""
                if !instanceStack.isEmpty { instanceStack[instanceStack.count - 1].hasChildren = true }
                let path = parentPath + "/" + name
                if depth == primaryDepth + 1 {
                    form.rootName = name
                    form.formID = attributes[localName: "id"]
                }
                if attributes[localName: "template"] != nil { form.repeats.insert(path) }
                instanceStack.append((path, false))
                return
            }
            if let secondary {
                let level = depth - secondary.depth
                if level == 2 {
                    item = [:]
                } else if level == 3 {
                    itemField = name
                    itemText = ""
                }
                return
            }
            if valueDepth != nil { return }
            if inBody {
                bodyStart(name, attributes, line)
                return
            }
            switch name {
            case "title" where names.last == "head":
                inTitle = true
                form.title = ""
            case "model":
                sawModel = true
            case "instance" where names.last == "model":
                if let id = attributes[localName: "id"] {
                    secondary = (id, depth)
                    form.secondaryInstances[id] = []
                } else if !primaryDone {
                    primaryDepth = depth
                }
            case "translation" where names.contains("itext"):
                translation = Translation(lang: attributes[localName: "lang"] ?? "", isDefault: attributes[localName: "default"] != nil)
            case "text" where translation != nil:
                textID = attributes[localName: "id"]
            case "value" where textID != nil:
                valueDepth = depth
                valueText = ""
                let variant = attributes[localName: "form"]
                valueIsMedia = variant != nil && variant != "long" && variant != "short"
            case "bind" where names.last == "model":
                guard let nodeset = attributes[localName: "nodeset"] else { break }
                let type = attributes[localName: "type"].map(XMLNames.local) ?? "string"
                form.binds[nodeset] = Bind(
                    type: type, readonly: attributes[localName: "readonly"]?.hasPrefix("true") ?? false,
                    calculate: attributes[localName: "calculate"], preload: attributes[localName: "preload"])
            case "body":
                inBody = true
            default:
                break
            }
        }

        private mutating func characters(_ string: String) {
            if inTitle { form.title += string }
            if primaryDepth != nil { return }
            if secondary != nil, itemField != nil { itemText += string }
            if valueDepth != nil { valueText += string }
            if inLabel != nil { labelText += string }
            if inValue { choiceValueText += string }
        }

        private mutating func end(_ name: String) {
            if let d = primaryDepth {
                if depth == d {
                    primaryDepth = nil
                    primaryDone = true
                    return
                }
                let element = instanceStack.removeLast()
                if !element.hasChildren, depth > d + 1, seenFields.insert(element.path).inserted {
                    form.fields.append(element.path)
                }
                return
            }
            if let s = secondary {
                let level = depth - s.depth
                if level == 0 {
                    secondary = nil
                } else if level == 2, let item {
                    form.secondaryInstances[s.id, default: []].append(item)
                    self.item = nil
                } else if level == 3, let itemField {
                    item?[itemField] = Self.collapse(itemText)
                    self.itemField = nil
                }
                return
            }
            if let d = valueDepth {
                if depth == d {
                    valueDepth = nil
                    if !valueIsMedia, let textID, translation?.texts[textID] == nil {
                        translation?.texts[textID] = Self.collapse(valueText)
                    }
                }
                return
            }
            if inBody {
                bodyEnd(name)
                return
            }
            switch name {
            case "title": inTitle = false
            case "text": textID = nil
            case "translation":
                if let translation { form.translations.append(translation) }
                translation = nil
            default: break
            }
        }

        // MARK: body

        private mutating func resolve(_ ref: String?) -> String? {
            guard var ref = ref?.trimmingCharacters(in: .whitespaces), !ref.isEmpty else { return nil }
            if ref.hasPrefix("/") { return ref }
            var base = context.last(where: { $0 != nil }).flatMap { $0 } ?? "/" + form.rootName
            while ref.hasPrefix("./") { ref.removeFirst(2) }
            while ref.hasPrefix("../") {
                ref.removeFirst(3)
                if let slash = base.lastIndex(of: "/"), slash != base.startIndex { base = String(base[..<slash]) }
            }
            return base + "/" + ref
        }

        private mutating func bodyStart(_ name: String, _ attributes: [XMLAttribute], _ line: Int) {
            if control != nil {
                let level = depth - controlDepth
                switch name {
                case "label" where level == 1 || (level == 2 && choice != nil):
                    let label = Label(inline: nil, itextID: attributes[localName: "ref"].flatMap(XForm.itextID))
                    if level == 1 { control?.label = label } else { choice?.label = label }
                    inLabel = level
                    labelText = ""
                case "item" where level == 1:
                    choice = (nil, Label())
                case "value" where level == 2 && choice != nil:
                    inValue = true
                    choiceValueText = ""
                case "itemset" where level == 1:
                    let nodeset = attributes[localName: "nodeset"] ?? ""
                    control?.itemset = (Self.instanceID(in: nodeset) ?? "", "name", "label")
                case "value" where level == 2 && control?.itemset != nil:
                    control?.itemset?.value = attributes[localName: "ref"] ?? "name"
                case "label" where level == 2 && control?.itemset != nil:
                    control?.itemset?.label = attributes[localName: "ref"] ?? "label"
                default:
                    break
                }
                return
            }
            switch name {
            case "group":
                context.append(resolve(attributes[localName: "ref"]))
            case "repeat":
                let path = resolve(attributes[localName: "nodeset"] ?? attributes[localName: "ref"])
                if let path { form.repeats.insert(path) }
                context.append(path)
            default:
                guard let kind = ControlKind(rawValue: name),
                    let path = resolve(attributes[localName: "ref"] ?? attributes[localName: "bind"])
                else {
                    context.append(nil)
                    return
                }
                var control = Control(kind: kind, path: path, label: Label(), line: line)
                if kind == .range, let start = attributes[localName: "start"].flatMap(Double.init),
                    let end = attributes[localName: "end"].flatMap(Double.init)
                {
                    control.range = (start, end, attributes[localName: "step"].flatMap(Double.init) ?? 1)
                }
                self.control = control
                controlDepth = depth
            }
        }

        private mutating func bodyEnd(_ name: String) {
            if let control {
                let level = depth - controlDepth
                if level == 0 {
                    form.controls.append(control)
                    self.control = nil
                    return
                }
                if let l = inLabel, level == l, name == "label" {
                    inLabel = nil
                    let text = Self.collapse(labelText)
                    if !text.isEmpty {
                        if l == 1 { self.control?.label.inline = text } else { choice?.label.inline = text }
                    }
                } else if name == "value", inValue {
                    inValue = false
                    choice?.value = choiceValueText.trimmingCharacters(in: .whitespacesAndNewlines)
                } else if name == "item", level == 1, let choice {
                    if let value = choice.value { self.control?.choices.append(Choice(value: value, label: choice.label)) }
                    self.choice = nil
                }
                return
            }
            if name == "body" {
                inBody = false
            } else if !context.isEmpty {
                context.removeLast()
            }
        }

        /// `instance('yes_no')/root/item[…]` → `yes_no`.
        static func instanceID(in nodeset: String) -> String? {
            guard let open = nodeset.range(of: "instance(") else { return nil }
            let rest = nodeset[open.upperBound...]
            guard let close = rest.firstIndex(of: ")") else { return nil }
            return rest[..<close].trimmingCharacters(in: CharacterSet(charactersIn: "'\" "))
        }

        static func collapse(_ text: String) -> String {
            text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
        }
    }
}

/// Qualified XML names (`xsd:string`, `jr:preload`): the part after the prefix.
enum XMLNames {
    static func local(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }
}
