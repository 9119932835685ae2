import Yams

/// Reads one YAML file into model values, collecting every problem as a located diagnostic.
///
/// Never throws and never traps on bad input: a value that cannot be read becomes `nil` plus a diagnostic,
/// and the caller carries on so that one run reports all problems.
final class NodeReader {
    let path: String
    private(set) var diagnostics: [Diagnostic] = []

    /// More values than any campaign file needs: guards against alias bombs.
    static let maximumValues = 200_000

    init(path: String) {
        self.path = path
    }

    // MARK: Diagnostics

    func location(_ node: Node) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    func report(_ severity: Severity, _ code: String, _ message: String, at location: SourceLocation, hints: [String] = []) {
        diagnostics.append(Diagnostic(severity, code, message, at: location, hints: hints))
    }

    func error(_ code: String, _ message: String, at node: Node, hints: [String] = []) {
        report(.error, code, message, at: location(node), hints: hints)
    }

    // MARK: Documents

    /// Parses the text as one YAML document; a syntax error becomes a diagnostic at its position.
    func document(_ text: String) -> Node? {
        switch YAMLShape.check(text, maximumValues: NodeReader.maximumValues) {
        case .tooDeep(let line, let column)?:
            report(.error, "too-deep", "the values in this file are nested more than \(YAMLShape.maximumDepth) deep",
                   at: SourceLocation(path: path, line: line, column: column),
                   hints: ["campaign files need a few levels; look for an unclosed [ or { before this point"])
            return nil
        case .tooManyValues(let line, let column)?:
            report(.error, "too-many-values", "this file has more than \(NodeReader.maximumValues.thousands) values; this is value \((NodeReader.maximumValues + 1).thousands)",
                   at: SourceLocation(path: path, line: line, column: column),
                   hints: ["no campaign file needs that many; check that this is the file you meant to commit"])
            return nil
        case nil:
            break
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                report(.error, "empty-file", "file is empty", at: SourceLocation(path: path, line: 1, column: 1))
                return nil
            }
            var budget = NodeReader.maximumValues
            CredentialScanner.scan(node, reader: self, budget: &budget)
            if budget < 0 {
                report(.error, "too-many-values", "this file expands to more than \(NodeReader.maximumValues) values",
                       at: SourceLocation(path: path, line: 1, column: 1),
                       hints: ["YAML aliases (*name) are probably repeating a large block; write the values out or use a template"])
                return nil
            }
            return node
        } catch let error as YamlError {
            syntaxError(error, text: text)
            return nil
        } catch {
            report(.error, "yaml-syntax", "cannot read this file as YAML", at: SourceLocation(path: path, line: 1, column: 1))
            return nil
        }
    }

    private func syntaxError(_ error: YamlError, text: String) {
        func at(_ mark: Mark) -> SourceLocation {
            SourceLocation(path: path, line: max(mark.line, 1), column: max(mark.column, 1))
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            var hints: [String] = []
            if let context { hints.append("\(context.text) at line \(context.mark.line), column \(context.mark.column)") }
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(max(mark.line - 1, 0)).first ?? ""
            if problem.contains("tab") || line.prefix(max(mark.column, 1)).contains("\t") { hints.append("indent with spaces, not tabs") }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
            var where_ = at(mark)
            if where_.line > lines { where_ = SourceLocation(path: path, line: max(lines, 1), column: 1) }   // libyaml's end-of-stream mark
            report(.error, "yaml-syntax", "YAML syntax error: \(problem.replacingAll("yaml_set_max_nest_level())", "").trimmingSpaces)", at: where_, hints: hints)
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0.clipped)'" }.joined(separator: ", ")
            report(.error, "duplicate-key", duplicates.count == 1 ? "key \(keys) appears more than once in the same mapping"
                                                                  : "keys \(keys) appear more than once in the same mapping", at: secondOccurrence(duplicates.first ?? "", after: context.mark, in: text) ?? at(context.mark),
                   hints: ["keep one; YAML would silently use only the last"])
        case let .reader(problem, offset, _, _):
            let control = problem.contains("control characters")
            report(.error, control ? "control-character" : "yaml-syntax",
                   control ? "this file contains a control character (an invisible byte such as NUL), which YAML does not allow"
                           : "cannot read this file: \(problem)",
                   at: offset.map { position(ofByte: $0, in: text) } ?? SourceLocation(path: path, line: 1, column: 1),
                   hints: [control ? "delete the invisible character; it often comes from copying text out of another program" : "save the file as UTF-8 text"])
        default:
            report(.error, "yaml-syntax", "cannot read this file as YAML", at: SourceLocation(path: path, line: 1, column: 1))
        }
    }

    /// Line and column (in characters) of a byte offset.
    private func position(ofByte offset: Int, in text: String) -> SourceLocation {
        var line = 1, column = 1, index = 0
        for scalar in text.unicodeScalars {
            if index >= offset { break }
            index += String(scalar).utf8.count
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return SourceLocation(path: path, line: line, column: column)
    }

    /// Where a duplicated key is written again: the next line after `first` that starts with `key:` at the same column.
    private func secondOccurrence(_ key: String, after first: Mark, in text: String) -> SourceLocation? {
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            guard number > first.line else { continue }
            let indent = line.prefix { $0 == " " }.count
            if indent + 1 == first.column, line.dropFirst(indent).hasPrefix("\(key):") {
                return SourceLocation(path: path, line: number, column: first.column)
            }
        }
        return nil
    }

    // MARK: Shapes

    /// A human name for what a node is, for "expected X, found Y" messages.
    static func kind(_ node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let s): isNull(s) ? "an empty value" : "text '\(s.string.clipped)'"
        case .alias: "an alias"
        }
    }

    static func isNull(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// A mapping with known keys: unknown keys are reported (with a suggestion), missing required keys too.
    func object(_ node: Node, _ what: String, keys: [String], required: [String] = []) -> Object? {
        guard case .mapping(let mapping) = node else {
            error("wrong-type", "\(what) must be a mapping of keys to values, not \(NodeReader.kind(node))", at: node)
            return nil
        }
        var fields: [String: Node] = [:]
        var keyNodes: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else {
                error("wrong-type", "keys in \(what) must be plain words", at: keyNode)
                continue
            }
            if keys.contains(key.string) {
                fields[key.string] = value
                keyNodes[key.string] = keyNode
            } else if CredentialScanner.isSecretKeyName(key.string) {
                error("credential-in-file", "'\(key.string)' looks like a credential; secrets never go in campaign files",
                      at: keyNode, hints: ["put it in an environment variable or a credentials file outside the repository (docs/campaign-files.md#credentials)"])
            } else {
                error("unknown-key", "unknown key '\(key.string)' in \(what)", at: keyNode,
                      hints: Suggestions.hint(key.string, keys) + (Suggestions.closest(to: key.string, in: keys) == nil
                        ? ["allowed keys: \(keys.joined(separator: ", "))"] : []))
            }
        }
        for key in required where fields[key] == nil {
            error("missing-key", "\(what) is missing the required key '\(key)'", at: node)
        }
        return Object(node: node, fields: fields, keyNodes: keyNodes)
    }

    /// A list; a single scalar is accepted as a one-item list where `allowSingle`.
    func list(_ node: Node, _ what: String, allowSingle: Bool = false) -> [Node]? {
        switch node {
        case .sequence(let seq): return Array(seq)
        case .scalar(let s) where allowSingle && !NodeReader.isNull(s): return [node]
        default:
            error("wrong-type", "\(what) must be a list, not \(NodeReader.kind(node))", at: node)
            return nil
        }
    }

    // MARK: Scalars

    func string(_ node: Node, _ what: String) -> Located<String>? {
        guard case .scalar(let s) = node, !NodeReader.isNull(s) else {
            error("wrong-type", "\(what) must be text, not \(NodeReader.kind(node))", at: node)
            return nil
        }
        return Located(s.string, at: location(node))
    }

    func strings(_ node: Node, _ what: String, allowSingle: Bool = false) -> [Located<String>]? {
        guard let items = list(node, what, allowSingle: allowSingle) else { return nil }
        return items.enumerated().compactMap { string($0.element, "\(what)[\($0.offset)]") }
    }

    func bool(_ node: Node, _ what: String) -> Bool? {
        if case .scalar(let s) = node, s.style == .plain {
            switch s.string {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            default: break
            }
        }
        error("wrong-type", "\(what) must be true or false, not \(NodeReader.kind(node))", at: node)
        return nil
    }

    func int(_ node: Node, _ what: String) -> Int? {
        if case .scalar(let s) = node, s.style == .plain, let value = Int(s.string) { return value }
        error("wrong-type", "\(what) must be a whole number, not \(NodeReader.kind(node))", at: node)
        return nil
    }

    func money(_ node: Node, _ what: String) -> Located<Money>? {
        guard let text = string(node, what) else { return nil }
        guard let money = Money(parsing: text.value.trimmingSpaces) else {
            error("bad-money", "\(what) must be an amount such as 25.00, not '\(text.value.clipped)'", at: node,
                  hints: text.value.hasPrefix("-") ? ["amounts cannot be negative"] : ["write digits with an optional decimal point; no currency sign or thousands separator"])
            return nil
        }
        return Located(money, at: text.location)
    }

    func date(_ node: Node, _ what: String) -> Located<CalendarDate>? {
        guard let text = string(node, what) else { return nil }
        guard let date = CalendarDate(parsing: text.value) else {
            error("bad-date", "\(what) must be a real date written YYYY-MM-DD, not '\(text.value.clipped)'", at: node)
            return nil
        }
        return Located(date, at: text.location)
    }

    func enumeration<E: FileEnum>(_ node: Node, _ what: String, _ type: E.Type) -> Located<E>? {
        guard let text = string(node, what) else { return nil }
        guard let value = E(rawValue: text.value) else {
            let names = E.allCases.map(\.rawValue)
            error("bad-value", "\(what) must be one of \(names.joined(separator: ", ")), not '\(text.value.clipped)'", at: node,
                  hints: Suggestions.hint(text.value, names))
            return nil
        }
        return Located(value, at: text.location)
    }
}

/// A YAML mapping whose keys were checked against the allowed set.
struct Object {
    let node: Node
    let fields: [String: Node]
    let keyNodes: [String: Node]

    subscript(key: String) -> Node? { fields[key] }
}

extension String {
    /// At most 60 characters, for quoting a value back in a message.
    var clipped: String { count <= 60 ? self : prefix(57) + "…" }

    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
