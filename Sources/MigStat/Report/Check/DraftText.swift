/// A draft (plain text or Markdown) as the figure check reads it: tokens with their line numbers,
/// grouped into sentences and passages (paragraphs, headings, list items, table rows).
struct DraftText {
    enum Kind: Equatable {
        case word
        /// Digits with their separators as written ("73,5", "1 234 567").
        case number
        case symbol
    }

    struct Token {
        var text: String
        var kind: Kind
        var line: Int
        var sentence: Int
        var passage: Int
        /// The token starts right after white space (so "1 234" groups are told from "2020 150").
        var spaceBefore: Bool

        var lower: String { text.lowercased() }
        var isUpper: Bool { text.allSatisfy { !$0.isLetter || $0.isUppercase } && text.contains { $0.isLetter } }
    }

    private(set) var tokens: [Token] = []

    init(_ text: String) {
        var sentence = 0, passage = 0
        var previousBlank = true
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            var content = Substring(rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine)
            while content.first == " " || content.first == "\t" { content = content.dropFirst() }
            if content.isEmpty {
                if !previousBlank { passage += 1; sentence += 1 }
                previousBlank = true
                continue
            }
            // A heading, list item or table row starts a passage of its own; its marker is not text.
            if let marker = Self.blockMarker(content) {
                if !previousBlank { passage += 1; sentence += 1 }
                content = content.dropFirst(marker)
            }
            let isHeading = rawLine.trimmingSpaces().hasPrefix("#")
            previousBlank = false
            for token in Self.tokenize(String(content), line: line) {
                var token = token
                if token.kind == .symbol, token.text == "|" { sentence += 1; continue }
                token.sentence = sentence
                token.passage = passage
                tokens.append(token)
                if token.kind == .symbol, [".", "?", "!", ";", ":"].contains(token.text), endsSentence(at: tokens.count - 1) {
                    sentence += 1
                }
            }
            if isHeading { passage += 1; sentence += 1; previousBlank = true }
        }
    }

    /// The length of a Markdown block marker at the start of a line ("# ", "- ", "* ", "1. ", "> ", "|").
    static func blockMarker(_ line: Substring) -> Int? {
        let characters = Array(line.prefix(8))
        if characters.first == "#" {
            return characters.prefix { $0 == "#" }.count
        }
        if characters.count >= 2, "-*+>".contains(characters[0]), characters[1] == " " { return 2 }
        if characters.first == "|" { return 1 }
        let digits = characters.prefix { $0.isNumber }.count
        if digits > 0, digits < 3, characters.count > digits + 1, characters[digits] == ".", characters[digits + 1] == " " {
            return digits + 2
        }
        return nil
    }

    /// A full stop ends a sentence unless it follows an abbreviation ("EE. UU.", "p. ej.", "approx.").
    private func endsSentence(at index: Int) -> Bool {
        guard tokens[index].text == "." || tokens[index].text == "?" || tokens[index].text == "!" || tokens[index].text == ";"
        else { return false }
        guard tokens[index].text == ".", index > 0 else { return true }
        let previous = tokens[index - 1]
        if previous.kind == .word, previous.text.count <= 2, previous.isUpper { return false }
        return !["approx", "aprox", "ej", "e.g", "i.e", "cf", "núm", "no", "vol", "art", "etc"].contains(previous.lower)
            || previous.lower == "etc"
    }

    /// Words (letters, with inner apostrophes and hyphens), numbers (digits with inner separators
    /// where a digit follows), and single symbols. Markdown emphasis and link brackets are dropped.
    static func tokenize(_ line: String, line number: Int) -> [Token] {
        let characters = Array(line)
        var tokens: [Token] = []
        var index = 0
        var space = true
        func isSeparator(_ c: Character) -> Bool { c == "," || c == "." || c == " " || c == "\u{00A0}" || c == "\u{202F}" || c == "'" }
        while index < characters.count {
            let c = characters[index]
            if c.isWhitespace { space = true; index += 1; continue }
            if c == "]", index + 1 < characters.count, characters[index + 1] == "(" {
                // "[text](url)": keep the text, skip the URL.
                while index < characters.count, characters[index] != ")" { index += 1 }
                index += 1
                continue
            }
            if "*_`[]".contains(c) { index += 1; continue }
            var end = index
            let kind: Kind
            if c.isNumber {
                kind = .number
                end += 1
                while end < characters.count {
                    if characters[end].isNumber { end += 1; continue }
                    if isSeparator(characters[end]), end + 1 < characters.count, characters[end + 1].isNumber {
                        // A space groups digits only in threes after a group of at most three ("1 234", not "2020 150").
                        if characters[end].isWhitespace {
                            let group = characters[index..<end].reversed().prefix { $0.isNumber }.count
                            let next = characters[(end + 1)...].prefix { $0.isNumber }.count
                            guard group <= 3, next == 3 else { break }
                        }
                        end += 1
                        continue
                    }
                    break
                }
            } else if c.isLetter {
                kind = .word
                end += 1
                while end < characters.count {
                    if characters[end].isLetter || characters[end].isNumber { end += 1; continue }
                    if "'’-".contains(characters[end]), end + 1 < characters.count, characters[end + 1].isLetter { end += 1; continue }
                    break
                }
            } else {
                kind = .symbol
                end += 1
                if c == "-", end < characters.count, characters[end] == ">" { end += 1 }
            }
            var text = String(characters[index..<end])
            if text == "->" { text = "→" }
            tokens.append(Token(text: text, kind: kind, line: number, sentence: 0, passage: 0, spaceBefore: space))
            space = false
            index = end
        }
        return tokens
    }
}
