/// A GAQL `LIKE` pattern.
///
/// `%` matches any run of characters and `_` any one character. Square brackets form a character
/// class as in an RE2 regular expression, which is how Google documents escaping: `[[]`, `[]]`,
/// `[%]` and `[_]` each match that one character literally (e.g. `'[[]Earth[_]to[_]Mars[]]%'`).
/// A bracket with several characters is a class, not a literal: `'%[fl-x/t/google_ads]%'` matches
/// any name containing one of f, l…x, /, t, g, o, _, a, d or s — not the text `[fl-x/t/google_ads]`.
/// Matching is case-sensitive.
struct LikePattern: Sendable {
    private enum Element {
        case any
        case one
        case literal(Character)
        case characterClass(negated: Bool, members: [ClosedRange<Character>])
    }

    private let elements: [Element]

    /// Nil when a bracket is not closed.
    init?(_ pattern: String) {
        var elements: [Element] = []
        let characters = Array(pattern)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "%":
                elements.append(.any)
                index += 1
            case "_":
                elements.append(.one)
                index += 1
            case "[":
                var cursor = index + 1
                var negated = false
                if cursor < characters.count, characters[cursor] == "^" {
                    negated = true
                    cursor += 1
                }
                var members: [ClosedRange<Character>] = []
                var first = true
                while cursor < characters.count, characters[cursor] != "]" || first {
                    let low = characters[cursor]
                    if cursor + 2 < characters.count, characters[cursor + 1] == "-", characters[cursor + 2] != "]",
                        low <= characters[cursor + 2]
                    {
                        members.append(low...characters[cursor + 2])
                        cursor += 3
                    } else {
                        members.append(low...low)
                        cursor += 1
                    }
                    first = false
                }
                guard cursor < characters.count else { return nil }
                if !negated, members.count == 1, members[0].lowerBound == members[0].upperBound {
                    elements.append(.literal(members[0].lowerBound))
                } else {
                    elements.append(.characterClass(negated: negated, members: members))
                }
                index = cursor + 1
            default:
                elements.append(.literal(character))
                index += 1
            }
        }
        self.elements = elements
    }

    func matches(_ text: String) -> Bool {
        let characters = Array(text)
        // Classic wildcard matching with backtracking on the last `%`.
        var textIndex = 0
        var patternIndex = 0
        var starPattern = -1
        var starText = 0
        while textIndex < characters.count {
            if patternIndex < elements.count, matchesOne(elements[patternIndex], characters[textIndex]) {
                textIndex += 1
                patternIndex += 1
            } else if patternIndex < elements.count, case .any = elements[patternIndex] {
                starPattern = patternIndex
                starText = textIndex
                patternIndex += 1
            } else if starPattern >= 0 {
                patternIndex = starPattern + 1
                starText += 1
                textIndex = starText
            } else {
                return false
            }
        }
        while patternIndex < elements.count, case .any = elements[patternIndex] { patternIndex += 1 }
        return patternIndex == elements.count
    }

    private func matchesOne(_ element: Element, _ character: Character) -> Bool {
        switch element {
        case .any: false
        case .one: true
        case .literal(let literal): literal == character
        case .characterClass(let negated, let members): members.contains { $0.contains(character) } != negated
        }
    }
}
