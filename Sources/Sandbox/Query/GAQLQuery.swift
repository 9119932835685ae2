/// A parsed Google Ads Query Language query.
///
/// Grammar (Google's, all of it parsed; see `QueryExecutor` for what runs):
/// `SELECT f (, f)* FROM resource [WHERE cond (AND cond)*] [ORDER BY f [ASC|DESC] (, …)*]
/// [LIMIT n] [PARAMETERS name = value (, …)*]`.
struct GAQLQuery: Sendable, Equatable {
    var select: [String]
    var from: String
    var conditions: [GAQLCondition]
    var orderBy: [(field: String, descending: Bool)]
    var limit: Int?
    var parameters: [String: String]

    static func == (left: GAQLQuery, right: GAQLQuery) -> Bool {
        left.select == right.select && left.from == right.from && left.conditions == right.conditions
            && left.orderBy.map(\.field) == right.orderBy.map(\.field)
            && left.orderBy.map(\.descending) == right.orderBy.map(\.descending) && left.limit == right.limit
            && left.parameters == right.parameters
    }
}

/// `field operator value`.
struct GAQLCondition: Sendable, Equatable {
    enum Operator: String, Sendable {
        case equal = "="
        case notEqual = "!="
        case greater = ">"
        case greaterOrEqual = ">="
        case less = "<"
        case lessOrEqual = "<="
        case `in` = "IN"
        case notIn = "NOT IN"
        case like = "LIKE"
        case notLike = "NOT LIKE"
        case containsAny = "CONTAINS ANY"
        case containsAll = "CONTAINS ALL"
        case containsNone = "CONTAINS NONE"
        case isNull = "IS NULL"
        case isNotNull = "IS NOT NULL"
        case during = "DURING"
        case between = "BETWEEN"
        case regexpMatch = "REGEXP_MATCH"
        case notRegexpMatch = "NOT REGEXP_MATCH"
    }

    var field: String
    var op: Operator
    var values: [GAQLValue]
}

/// A value on the right of a condition.
enum GAQLValue: Sendable, Equatable {
    /// `'text'` or `"text"`, escapes resolved.
    case string(String)
    /// `-?[0-9]+(.[0-9]+)?`, as written.
    case number(String)
    /// An unquoted literal such as `ENABLED`, `TRUE` or `LAST_7_DAYS`.
    case literal(String)

    /// The text of a string or literal (enums may be written either way).
    var text: String {
        switch self {
        case .string(let text), .number(let text), .literal(let text): text
        }
    }
}

/// A GAQL error: the `queryError` value and Google's kind of message.
struct GAQLError: Error, Sendable, Equatable {
    let code: GoogleAdsErrorCode
    let message: String

    init(_ code: GoogleAdsErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// Parses GAQL text into a `GAQLQuery`.
struct GAQLParser {
    private enum Token: Equatable {
        case word(String)
        case string(String)
        case number(String)
        case symbol(String)
    }

    private var tokens: [Token] = []
    private var position = 0

    static func parse(_ text: String) throws(GAQLError) -> GAQLQuery {
        var parser = GAQLParser()
        parser.tokens = try tokenize(text)
        return try parser.query()
    }

    private static let keywords: Set<String> = [
        "SELECT", "FROM", "WHERE", "AND", "ORDER", "BY", "ASC", "DESC", "LIMIT", "PARAMETERS", "IN", "NOT", "LIKE",
        "IS", "NULL", "DURING", "BETWEEN", "CONTAINS", "ANY", "ALL", "NONE", "REGEXP_MATCH",
    ]

    private static func tokenize(_ text: String) throws(GAQLError) -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "'" || character == "\"" {
                var value = ""
                index += 1
                var closed = false
                while index < characters.count {
                    let next = characters[index]
                    if next == "\\", index + 1 < characters.count {
                        value.append(characters[index + 1])
                        index += 2
                    } else if next == character {
                        index += 1
                        closed = true
                        break
                    } else {
                        value.append(next)
                        index += 1
                    }
                }
                guard closed else {
                    throw GAQLError(.queryErrorStringNotTerminated, "A string in the query is not terminated.")
                }
                tokens.append(.string(value))
            } else if character.isNumber
                || (character == "-" && index + 1 < characters.count && characters[index + 1].isNumber)
            {
                var value = String(character)
                index += 1
                while index < characters.count, characters[index].isNumber || characters[index] == "." {
                    value.append(characters[index])
                    index += 1
                }
                tokens.append(.number(value))
            } else if character.isLetter || character == "_" {
                var value = ""
                while index < characters.count,
                    characters[index].isLetter || characters[index].isNumber || characters[index] == "_"
                        || characters[index] == "."
                {
                    value.append(characters[index])
                    index += 1
                }
                tokens.append(.word(value))
            } else if "<>!".contains(character), index + 1 < characters.count, characters[index + 1] == "=" {
                tokens.append(.symbol(String(character) + "="))
                index += 2
            } else if "=<>(),".contains(character) {
                tokens.append(.symbol(String(character)))
                index += 1
            } else {
                throw GAQLError(.queryErrorUnexpectedInput, "Unexpected input \(character) in the query.")
            }
        }
        return tokens
    }

    private var current: Token? { position < tokens.count ? tokens[position] : nil }

    private func isKeyword(_ keyword: String) -> Bool {
        if case .word(let word) = current { return word.uppercased() == keyword }
        return false
    }

    private mutating func accept(_ keyword: String) -> Bool {
        guard isKeyword(keyword) else { return false }
        position += 1
        return true
    }

    private mutating func acceptSymbol(_ symbol: String) -> Bool {
        guard current == .symbol(symbol) else { return false }
        position += 1
        return true
    }

    private mutating func expectSymbol(_ symbol: String) throws(GAQLError) {
        guard acceptSymbol(symbol) else { throw unexpected("'\(symbol)'") }
    }

    private func unexpected(_ expected: String) -> GAQLError {
        guard let current else {
            return GAQLError(.queryErrorUnexpectedEndOfQuery, "Unexpected end of query; expected \(expected).")
        }
        return GAQLError(
            .queryErrorUnexpectedInput, "Unexpected input \(Self.describe(current)); expected \(expected).")
    }

    private static func describe(_ token: Token) -> String {
        switch token {
        case .word(let text), .number(let text), .symbol(let text): text
        case .string(let text): "'\(text)'"
        }
    }

    private mutating func fieldName() throws(GAQLError) -> String {
        guard case .word(let word) = current, !Self.keywords.contains(word.uppercased()),
            word.first?.isLowercase == true
        else { throw unexpected("a field name") }
        position += 1
        return word
    }

    private mutating func query() throws(GAQLError) -> GAQLQuery {
        guard accept("SELECT") else { throw GAQLError(.queryErrorExpectedSelect, "Expected SELECT.") }
        var select = [try fieldName()]
        while acceptSymbol(",") { select.append(try fieldName()) }
        guard accept("FROM") else { throw GAQLError(.queryErrorExpectedFrom, "Expected FROM.") }
        guard case .word(let resource) = current, !Self.keywords.contains(resource.uppercased()) else {
            throw unexpected("a resource name")
        }
        position += 1
        var query = GAQLQuery(select: select, from: resource, conditions: [], orderBy: [], limit: nil, parameters: [:])
        if accept("WHERE") {
            query.conditions.append(try condition())
            while accept("AND") { query.conditions.append(try condition()) }
        }
        if accept("ORDER") {
            guard accept("BY") else { throw unexpected("BY") }
            repeat {
                let field = try fieldName()
                var descending = false
                if accept("DESC") { descending = true } else { _ = accept("ASC") }
                query.orderBy.append((field, descending))
            } while acceptSymbol(",")
        }
        if accept("LIMIT") {
            guard case .number(let text) = current, let limit = Int(text), limit > 0 else {
                throw GAQLError(.queryErrorBadLimitValue, "LIMIT must be a positive integer.")
            }
            position += 1
            query.limit = limit
        }
        if accept("PARAMETERS") {
            repeat {
                guard case .word(let name) = current else { throw unexpected("a parameter name") }
                position += 1
                try expectSymbol("=")
                guard let value = current else { throw unexpected("a parameter value") }
                position += 1
                query.parameters[name] = Self.describe(value)
            } while acceptSymbol(",")
        }
        if let current { throw GAQLError(.queryErrorUnexpectedInput, "Unexpected input \(Self.describe(current)).") }
        return query
    }

    private mutating func condition() throws(GAQLError) -> GAQLCondition {
        let field = try fieldName()
        let op = try conditionOperator()
        switch op {
        case .isNull, .isNotNull:
            return GAQLCondition(field: field, op: op, values: [])
        case .in, .notIn, .containsAny, .containsAll, .containsNone:
            try expectSymbol("(")
            var values: [GAQLValue] = []
            if !acceptSymbol(")") {
                repeat { values.append(try value()) } while acceptSymbol(",")
                try expectSymbol(")")
            }
            return GAQLCondition(field: field, op: op, values: values)
        case .between:
            let low = try value()
            guard accept("AND") else {
                throw GAQLError(.queryErrorInvalidValueWithBetweenOperator, "BETWEEN needs 'low AND high'.")
            }
            return GAQLCondition(field: field, op: op, values: [low, try value()])
        default:
            return GAQLCondition(field: field, op: op, values: [try value()])
        }
    }

    private mutating func conditionOperator() throws(GAQLError) -> GAQLCondition.Operator {
        if case .symbol(let symbol) = current, let op = GAQLCondition.Operator(rawValue: symbol) {
            position += 1
            return op
        }
        if accept("IN") { return .in }
        if accept("LIKE") { return .like }
        if accept("DURING") { return .during }
        if accept("BETWEEN") { return .between }
        if accept("REGEXP_MATCH") { return .regexpMatch }
        if accept("NOT") {
            if accept("IN") { return .notIn }
            if accept("LIKE") { return .notLike }
            if accept("REGEXP_MATCH") { return .notRegexpMatch }
        } else if accept("IS") {
            if accept("NULL") { return .isNull }
            if accept("NOT"), accept("NULL") { return .isNotNull }
        } else if accept("CONTAINS") {
            if accept("ANY") { return .containsAny }
            if accept("ALL") { return .containsAll }
            if accept("NONE") { return .containsNone }
        }
        throw GAQLError(
            .queryErrorBadOperator, "Expected an operator at \(current.map(Self.describe) ?? "the end of the query").")
    }

    private mutating func value() throws(GAQLError) -> GAQLValue {
        switch current {
        case .string(let text):
            position += 1
            return .string(text)
        case .number(let text):
            position += 1
            guard text.split(separator: ".", omittingEmptySubsequences: false).count <= 2, Double(text) != nil else {
                throw GAQLError(.queryErrorBadNumber, "\(text) is not a number.")
            }
            return .number(text)
        case .word(let text) where !text.contains(".") && !Self.keywords.contains(text.uppercased()):
            position += 1
            return .literal(text)
        default:
            throw GAQLError(
                .queryErrorBadValue, "Expected a value at \(current.map(Self.describe) ?? "the end of the query").")
        }
    }
}
