import CYaml

/// A pass over a YAML file's parser events before Yams builds any values from it: how deep its values nest and how
/// many there are, counted without building anything (libyaml's event parser, which Yams itself uses, runs in constant
/// stack and in memory for one event at a time).
///
/// Yams composes a document recursively and holds every value in memory, so a file nested thousands deep or holding
/// millions of values is refused here first, at the value where it goes over. A file this pass cannot parse is left to
/// Yams, which reports the syntax error at its position. Aliases count once here; what they expand to is budgeted after
/// composing (``NodeReader/maximumValues``).
enum YAMLShape {
    /// Deeper than any campaign file needs (they use four or five levels), far shallower than would strain a stack.
    static let maximumDepth = 64

    enum Problem: Equatable {
        case tooDeep(line: Int, column: Int)
        case tooManyValues(line: Int, column: Int)
    }

    static func check(_ text: String, maximumValues: Int) -> Problem? {
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { bytes -> Problem? in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
            var depth = 0, values = 0
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                let type = event.type
                let line = Int(event.start_mark.line) + 1, column = Int(event.start_mark.column) + 1
                yaml_event_delete(&event)
                switch type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    depth += 1
                    values += 1
                    if depth > maximumDepth { return .tooDeep(line: line, column: column) }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    depth -= 1
                case YAML_SCALAR_EVENT, YAML_ALIAS_EVENT:
                    values += 1
                default:
                    break
                }
                if values > maximumValues { return .tooManyValues(line: line, column: column) }
            }
            // libyaml's scanner reads ahead and stops at its own nesting limit (1,000) before the events above get deep.
            if let problem = parser.problem, String(cString: problem).contains("nesting level") {
                return .tooDeep(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
            }
            return nil   // another syntax error: Yams reports it where it is
        } ?? nil
    }
}
