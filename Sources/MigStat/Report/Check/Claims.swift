import Foundation

/// A quantitative statement found in a draft, with what it is about.
public struct DraftClaim: Sendable {
    public enum Measure: String, Sendable {
        case count
        case shareOfWorld = "share-of-world"
        case shareFemale = "share-female"
        case shareOfPopulation = "share-of-population"
        case shareOther = "share"
    }

    public enum Comparator: Sendable { case equal, atLeast, atMost }

    public var line: Int
    /// As written: "73,5 millones", "3.6%".
    public var written: String
    /// In persons (counts) or percent (shares).
    public var value: Double
    /// The unit the figure was written in (1, 10³, 10⁶, 10⁹) and the decimals written.
    public var scale: Double
    public var decimals: Int
    /// Half a unit of the last digit written: a figure within it of the claim rounds to the claim.
    public var tolerance: Double
    public var measure: Measure
    public var comparator: Comparator = .equal
    /// What is counted when it is not migrants ("Estados", "action points").
    public var countedThing: String?
    /// The figure is about migrants: a migrant noun follows, or it is elided in a sentence about migrants.
    public var aboutMigrants: Bool
    /// A change between years ("increased by 5 million"), not a stock.
    public var isChange = false
    public var sex: Sex = .total
    /// An origin named by a demonym ("Venezuelan migrants", "migrantes venezolanos"), which the check does not resolve.
    public var demonym: String?
    public var destination: Entity?
    public var origin: Entity?
    /// A place the draft names that migstat does not know ("Narnia").
    public var unknownPlace: String?
    public var year: Int?
    /// Index of the claim this one is a part of ("including 58.7 million in …").
    public var partOf: Int?
    /// Parts are introduced with "including"/"incluidos" etc.; their sum is checked against this claim.
    var token: Int
    var sentence: Int
}

/// The words the claim grammar knows, in English and Spanish.
enum ClaimWords {
    static let millions: Set = ["million", "millions", "millón", "millon", "millones", "mn", "m"]
    static let billions: Set = ["billion", "billions", "bn", "millardo", "millardos"]
    static let thousands: Set = ["thousand", "thousands", "mil"]
    static let migrantNouns: Set = ["migrant", "migrants", "migrante", "migrantes", "immigrants", "immigrant", "inmigrantes",
                                    "inmigrante", "emigrants", "emigrant", "emigrantes", "emigrante", "people", "persons",
                                    "personas", "individuals", "individuos", "residents", "residentes", "nacidos", "nacidas",
                                    "born", "foreign-born"]
    static let emigrantNouns: Set = ["emigrants", "emigrant", "emigrantes", "emigrante", "diaspora", "diáspora"]
    static let female: Set = ["women", "woman", "female", "females", "mujeres", "mujer", "migrantas"]
    static let male: Set = ["men", "man", "male", "males", "hombres", "varones"]
    /// Words that may stand between a number and its noun.
    static let fillers: Set = ["de", "of", "international", "internacionales", "internacional", "estimated", "registered",
                               "documented", "foreign", "extranjeras", "extranjeros", "additional", "adicionales"]
    static let stop: Set = ["in", "en", "to", "a", "from", "desde", "hacia", "and", "y", "e", "or", "o", "living", "who",
                            "que", "were", "are", "was", "is", "residían", "residen", "vivían", "viven", "lived", "live",
                            "between", "entre", "at", "by", "por", "for", "para", "with", "con", "the", "el", "la", "los",
                            "las", "this", "that", "esta", "este", "del", "al", "as", "como", "than", "que"]
    static let articles: Set = ["the", "el", "la", "los", "las"]
    static let partMarkers: [[String]] = [["including"], ["incluidos"], ["incluidas"], ["among", "them"], ["of", "whom"],
                                          ["of", "which"], ["of", "these"], ["de", "los", "cuales"], ["de", "las", "cuales"],
                                          ["de", "ellos"], ["de", "ellas"], ["entre", "ellos"], ["entre", "ellas"],
                                          ["comprising"], ["namely"], ["a", "saber"]]
    static let atLeast: [[String]] = [["more", "than"], ["over"], ["above"], ["at", "least"], ["más", "de"], ["mas", "de"],
                                      ["al", "menos"], ["por", "lo", "menos"], ["superior", "a"]]
    static let atMost: [[String]] = [["less", "than"], ["fewer", "than"], ["under"], ["below"], ["menos", "de"],
                                     ["hasta"], ["inferior", "a"]]
    static let changeWords: Set = ["increase", "increased", "increases", "grew", "grown", "rose", "risen", "fell", "fallen",
                                   "decreased", "declined", "decline", "decrease", "growth", "aumentó", "aumento",
                                   "aumentaron", "creció", "crecieron", "crecimiento", "incremento", "incrementó",
                                   "disminuyó", "disminución", "descendió", "descenso", "cayó", "sumó", "sumaron"]
    static let originCueBeforeDe: Set = ["procedentes", "provenientes", "originarios", "originarias", "oriundos",
                                         "oriundas", "emigrantes", "migrantes", "corredor", "corridor", "nacionales"]
    static let bornWords: Set = ["born", "nacidos", "nacidas", "nacido", "nacida"]
    static let world: Set = ["mundo", "mundial", "world", "world's", "worlds", "global", "worldwide", "planeta"]
    static let population: Set = ["población", "poblacion", "population", "habitantes", "inhabitants"]

    static let notPlaces: Set = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                                 "october", "november", "december", "table", "cuadro", "figure", "figura", "gráfico",
                                 "annex", "anexo", "section", "sección", "chapter", "capítulo", "mid", "total", "international"]
    static let demonymEndings = ["anos", "anas", "eños", "eñas", "enses", "eses", "esas", "inos", "inas", "íes", "ecos",
                                 "ecas", "acos", "acas", "ianos", "ianas", "ulos", "ulas", "itas", "otas", "icos", "icas"]
    static let notDemonyms: Set = ["internacionales", "extranjeros", "extranjeras", "residentes", "registrados", "registradas",
                                   "documentados", "adicionales", "mayores", "menores", "económicos", "laborales", "forzosos",
                                   "indocumentados", "irregulares", "regulares", "nacidos", "nacidas", "originarios",
                                   "originarias", "procedentes", "provenientes", "venidos", "recientes", "únicos"]
}

/// Finds the claims of a draft and attributes each to a place, group, mechanism or corridor and a year.
struct ClaimExtractor {
    let text: DraftText
    let names: MentionIndex

    struct Mention {
        var start: Int, end: Int
        /// Nil for a capitalised name after "in", "from", "en", "de" … that migstat does not know.
        var entity: Entity?
        var unknown: String? = nil
        enum Cue { case destination, origin, none }
        var cue: Cue
        /// The other end of a corridor written "between X and Y", "from X to Y" or "X → Y".
        var pairedWith: Int?
    }

    var tokens: [DraftText.Token] { text.tokens }

    func words(_ from: Int, _ count: Int) -> [String] {
        (from..<min(tokens.count, from + count)).map { tokens[$0].lower }
    }

    func matches(_ phrases: [[String]], endingBefore index: Int) -> Bool {
        phrases.contains { phrase in
            let start = index - phrase.count
            return start >= 0 && (start..<index).allSatisfy { tokens[$0].sentence == tokens[index].sentence }
                && words(start, phrase.count) == phrase
        }
    }

    func matches(_ phrases: [[String]], startingAt index: Int) -> [String]? {
        phrases.first { words(index, $0.count) == $0 }
    }

    // MARK: mentions

    func mentions() -> [Mention] {
        var found: [Mention] = []
        var index = 0
        while index < tokens.count {
            guard tokens[index].kind == .word else { index += 1; continue }
            if let (entity, end) = names.longestMatch(in: tokens, at: index) {
                found.append(Mention(start: index, end: end, entity: entity, cue: cue(before: index)))
                index = end
                continue
            }
            if let end = unknownName(at: index) {
                let name = tokens[index..<end].map(\.text).joined(separator: " ")
                found.append(Mention(start: index, end: end, entity: nil, unknown: name, cue: cue(before: index)))
                index = end
                continue
            }
            index += 1
        }
        // Corridors: "between X and Y", "from X to Y", "de X a Y", "X → Y".
        for i in found.indices.dropLast() {
            let a = found[i], b = found[i + 1]
            guard tokens[a.start].sentence == tokens[b.start].sentence, b.start - a.end <= 2 else { continue }
            let joiner = words(a.end, b.start - a.end).filter { !ClaimWords.articles.contains($0) }
            let before = a.start > 0 ? previousWord(a.start) : ""
            let corridor = (["between", "entre"].contains(before) && (joiner == ["and"] || joiner == ["y"] || joiner == ["e"]))
                || (joiner == ["→"]) || (a.cue == .origin && ["to", "a", "hacia", "al"].contains(joiner.first ?? ""))
            if corridor {
                found[i].cue = .origin
                found[i + 1].cue = .destination
                found[i].pairedWith = i + 1
                found[i + 1].pairedWith = i
            }
        }
        return found
    }

    /// A capitalised word (or run of them) right after a place preposition that no known name covers:
    /// "in Narnia", "en Narnia". Months and document parts are not places.
    func unknownName(at index: Int) -> Int? {
        guard index > 0, tokens[index - 1].sentence == tokens[index].sentence,
              ["in", "en", "from", "desde", "to", "hacia"].contains(tokens[index - 1].lower),
              tokens[index].text.first?.isUppercase == true, !ClaimWords.notPlaces.contains(tokens[index].lower) else { return nil }
        var end = index + 1
        while end < tokens.count, tokens[end].sentence == tokens[index].sentence, tokens[end].kind == .word,
              tokens[end].text.first?.isUppercase == true { end += 1 }
        return end
    }

    func previousWord(_ index: Int) -> String {
        var i = index - 1
        while i >= 0, ClaimWords.articles.contains(tokens[i].lower) { i -= 1 }
        return i >= 0 ? tokens[i].lower : ""
    }

    /// The role the words before a name give it: "from", "born in", "procedentes de" make it an origin.
    func cue(before index: Int) -> Mention.Cue {
        var i = index - 1
        while i >= 0, ClaimWords.articles.contains(tokens[i].lower) { i -= 1 }
        guard i >= 0, tokens[i].sentence == tokens[index].sentence else { return .none }
        let word = tokens[i].lower, before = i > 0 ? tokens[i - 1].lower : ""
        switch word {
        case "from", "desde": return .origin
        case "de", "del": return ClaimWords.originCueBeforeDe.contains(before) ? .origin : .none
        case "in", "en": return ClaimWords.bornWords.contains(before) ? .origin : .destination
        case "to", "a", "al", "hacia", "into", "within", "dentro": return .destination
        default: return .none
        }
    }

    // MARK: claims

    func claims() -> [DraftClaim] {
        let mentions = mentions()
        var years: [(token: Int, year: Int)] = []
        var claims: [DraftClaim] = []
        for index in tokens.indices where tokens[index].kind == .number {
            if let year = yearValue(index) { years.append((index, year)); continue }
            guard var claim = claim(at: index) else { continue }
            attribute(&claim, mentions: mentions, previous: claims.last { $0.aboutMigrants })
            claims.append(claim)
        }
        for index in claims.indices {
            claims[index].year = year(for: claims[index].token, years: years)
        }
        markParts(&claims)
        return claims
    }

    func yearValue(_ index: Int) -> Int? {
        let token = tokens[index]
        guard token.text.count == 4, let year = Int(token.text), (1900...2100).contains(year) else { return nil }
        if index + 1 < tokens.count, scale(at: index + 1) != nil { return nil }
        return year
    }

    /// The unit after a number, and how many tokens it takes: "millones", "mil millones", "%", "per cent".
    func scale(at index: Int) -> (value: Double, percent: Bool, length: Int)? {
        guard index < tokens.count else { return nil }
        let token = tokens[index], word = token.lower
        if token.text == "%" { return (1, true, 1) }
        if word == "percent" || word == "porcentaje" { return (1, true, 1) }
        if words(index, 2) == ["per", "cent"] || words(index, 2) == ["por", "ciento"] { return (1, true, 2) }
        if word == "m", token.text != "M" { return nil }  // a lone "m" is metres; "M" is millions
        if ClaimWords.millions.contains(word) { return (1e6, false, 1) }
        if ClaimWords.billions.contains(word) { return (1e9, false, 1) }
        if word == "mil", index + 1 < tokens.count, ["millones", "millón"].contains(tokens[index + 1].lower) { return (1e9, false, 2) }
        if ClaimWords.thousands.contains(word) { return (1e3, false, 1) }
        return nil
    }

    /// Reads the digits as written. With a unit, a lone "." or "," is the decimal mark ("73.5 million",
    /// "73,5 millones"); without one, groups of three are thousands ("1.234.567", "1,234,567", "1 234 567").
    func parse(_ text: String, scaled: Bool) -> (mantissa: Double, decimals: Int)? {
        let separators = text.filter { !$0.isNumber }
        let groups = text.split(whereSeparator: { !$0.isNumber }).map(String.init)
        var decimalIndex: Int?
        let marks = separators.filter { $0 == "." || $0 == "," }
        if let last = marks.last {
            let lastGroup = groups.last!
            let mixed = Set(marks).count > 1
            if mixed || (marks.count == 1 && (scaled || lastGroup.count != 3)) {
                if separators.last == last { decimalIndex = groups.count - 1 }
            }
        }
        if decimalIndex == nil, groups.dropFirst().contains(where: { $0.count != 3 }) { return nil }
        let integer = (decimalIndex.map { groups[..<$0] } ?? groups[...]).joined()
        let fraction = decimalIndex.map { groups[$0] } ?? ""
        guard let value = Double(integer + (fraction.isEmpty ? "" : "." + fraction)) else { return nil }
        return (value, fraction.count)
    }

    func claim(at index: Int) -> DraftClaim? {
        let token = tokens[index]
        // List numbering and references ("Objective 2", "Table 1") are not claims: require a unit, a noun, or size.
        let unit = scale(at: index + 1)
        guard let (mantissa, decimals) = parse(token.text, scaled: unit != nil) else { return nil }
        let scaleValue = unit?.value ?? 1
        let percent = unit?.percent ?? false
        var end = index + 1 + (unit?.length ?? 0)
        var written = token.text + (unit.map { u in
            (u.percent && tokens[index + 1].text == "%" ? (tokens[index + 1].spaceBefore ? " " : "") : " ")
                + (index + 1..<index + 1 + u.length).map { tokens[$0].text }.joined(separator: " ")
        } ?? "")
        if percent { written = written.replacingOccurrences(of: "  ", with: " ") }
        let value = mantissa * scaleValue
        var tolerance = 0.5 * pow(10, -Double(decimals)) * scaleValue
        if unit == nil, decimals == 0, value >= 1000 {
            // "1,200,000" is written to its last non-zero digit.
            let zeros = token.text.reversed().filter(\.isNumber).prefix { $0 == "0" }.count
            tolerance = 0.5 * pow(10, Double(zeros))
        }
        if unit == nil, decimals > 0 { return nil }  // "3,6" alone: a decimal of no known unit

        var claim = DraftClaim(line: token.line, written: written, value: value, scale: scaleValue, decimals: decimals,
                               tolerance: tolerance, measure: percent ? .shareOther : .count, aboutMigrants: false,
                               token: index, sentence: token.sentence)
        // The noun: "de migrantes internacionales", "international migrants", "Estados Miembros", "women".
        var sawNoun = false
        var look = end
        while look < tokens.count, look < end + 4, tokens[look].sentence == token.sentence, tokens[look].kind == .word {
            let word = tokens[look].lower
            if ClaimWords.female.contains(word) { claim.sex = .female; sawNoun = true; look += 1; continue }
            if ClaimWords.male.contains(word) { claim.sex = .male; sawNoun = true; look += 1; continue }
            if ClaimWords.migrantNouns.contains(word) {
                claim.aboutMigrants = true
                sawNoun = true
                if ClaimWords.emigrantNouns.contains(word) { claim.origin = claim.origin ?? nil }
                // "migrantes venezolanos": an origin by demonym.
                if look + 1 < tokens.count, tokens[look + 1].sentence == token.sentence, isSpanishDemonym(tokens[look + 1].lower) {
                    claim.demonym = tokens[look + 1].text
                }
                look += 1
                break
            }
            if ClaimWords.fillers.contains(word) { look += 1; continue }
            if ClaimWords.stop.contains(word) { break }
            // "Venezuelan migrants": a capitalised adjective before a migrant noun.
            if look + 1 < tokens.count, ClaimWords.migrantNouns.contains(tokens[look + 1].lower), tokens[look].text.first!.isUppercase {
                claim.demonym = tokens[look].text
                look += 1
                continue
            }
            if !percent, !sawNoun { claim.countedThing = tokens[look].text }
            break
        }
        end = max(end, look)
        if sawNoun, claim.countedThing == nil, !claim.aboutMigrants {
            claim.aboutMigrants = sentenceMentionsMigrants(token.sentence)  // "35 million women" in a sentence on migrants
        }
        if !sawNoun, claim.countedThing == nil {
            // The noun is elided ("including 58.7 million in North America"): the sentence or passage decides.
            claim.aboutMigrants = (unit != nil || value >= 1000) && (sentenceMentionsMigrants(token.sentence)
                || passageMentionsMigrants(token.passage))
            if !claim.aboutMigrants, unit == nil { return nil }  // a bare number in a text about something else
        }
        if percent { claim.measure = shareKind(after: end, before: index) }
        if percent, claim.measure == .shareOther, !sentenceMentionsMigrants(token.sentence) { claim.aboutMigrants = false }
        if percent { claim.aboutMigrants = claim.aboutMigrants || sentenceMentionsMigrants(token.sentence) }
        if matches(ClaimWords.atLeast, endingBefore: index) { claim.comparator = .atLeast }
        if matches(ClaimWords.atMost, endingBefore: index) { claim.comparator = .atMost }
        let before = (max(0, index - 5)..<index).filter { tokens[$0].sentence == token.sentence }
        if before.contains(where: { ClaimWords.changeWords.contains(tokens[$0].lower) }),
           let last = before.last, ["by", "en", "of", "de"].contains(tokens[last].lower) {
            claim.isChange = true
        }
        if end < tokens.count, tokens[end].sentence == token.sentence, ["more", "más", "additional", "adicionales"].contains(tokens[end].lower) {
            claim.isChange = true
        }
        return claim
    }

    func isSpanishDemonym(_ word: String) -> Bool {
        !ClaimWords.notDemonyms.contains(word) && ClaimWords.demonymEndings.contains { word.hasSuffix($0) }
    }

    func sentenceMentionsMigrants(_ sentence: Int) -> Bool {
        tokens.contains { $0.sentence == sentence && (ClaimWords.migrantNouns.contains($0.lower) || $0.lower.hasPrefix("migra")) }
    }

    func passageMentionsMigrants(_ passage: Int) -> Bool {
        tokens.contains { $0.passage == passage && ClaimWords.migrantNouns.contains($0.lower) }
    }

    /// What a percentage is a share of: the population, the world's migrants, women among migrants.
    func shareKind(after end: Int, before start: Int) -> DraftClaim.Measure {
        let sentence = tokens[start].sentence
        let after = (end..<min(tokens.count, end + 8)).filter { tokens[$0].sentence == sentence }.map { tokens[$0].lower }
        let previous = (max(0, start - 6)..<start).filter { tokens[$0].sentence == sentence }.map { tokens[$0].lower }
        if after.contains(where: ClaimWords.population.contains) { return .shareOfPopulation }
        if after.contains(where: ClaimWords.world.contains) { return .shareOfWorld }
        if (after + previous).contains(where: ClaimWords.female.contains) { return .shareFemale }
        return .shareOther
    }

    // MARK: attribution

    /// The place a claim is about: a name introduced by a preposition right after the figure ("58.7 million
    /// in North America"); else the nearest name before it in the sentence; else the nearest earlier mention.
    func attribute(_ claim: inout DraftClaim, mentions: [Mention], previous: DraftClaim?) {
        let index = claim.token, sentence = tokens[index].sentence
        let nextNumber = tokens.indices.dropFirst(index + 1).first {
            tokens[$0].kind == .number || tokens[$0].sentence != sentence
        } ?? tokens.count
        let after = mentions.indices.filter {
            mentions[$0].start > index && mentions[$0].start < nextNumber && mentions[$0].start - index <= 10
                && mentions[$0].cue != .none
        }
        var chosen: Int?
        if let first = after.first {
            chosen = first
        } else if let before = mentions.indices.last(where: { mentions[$0].end <= index && tokens[mentions[$0].start].sentence == sentence }) {
            chosen = before
        } else {
            chosen = mentions.indices.last { mentions[$0].end <= index }
            // "Women made up 59.3% of them": a sentence with no name of its own continues the previous figure's subject.
            if let previous, previous.sentence != sentence, tokens[previous.token].passage == tokens[index].passage,
               chosen.map({ tokens[mentions[$0].start].sentence == previous.sentence || mentions[$0].start < previous.token }) ?? true {
                claim.origin = previous.origin
                claim.destination = previous.destination
                claim.unknownPlace = previous.unknownPlace
                return
            }
        }
        guard let chosen else { return }
        if let unknown = mentions[chosen].unknown { claim.unknownPlace = unknown; return }
        var picked = [chosen]
        if let pair = mentions[chosen].pairedWith { picked.append(pair) }
        // "procedentes de X … en Y": an origin and a destination named apart in one sentence.
        for other in after.dropFirst() where !picked.contains(other) && mentions[other].cue != mentions[chosen].cue {
            picked.append(other)
        }
        for index in picked {
            let mention = mentions[index]
            guard let entity = mention.entity else { claim.unknownPlace = mention.unknown; continue }
            switch mention.cue {
            case .origin: claim.origin = claim.origin ?? entity
            case .destination, .none:
                if claim.destination == nil, !(isEmigrantClaim(claim) && mention.pairedWith == nil) {
                    claim.destination = entity
                } else if claim.origin == nil {
                    claim.origin = entity
                }
            }
        }
    }

    func isEmigrantClaim(_ claim: DraftClaim) -> Bool {
        let end = min(tokens.count, claim.token + 6)
        return (claim.token..<end).contains { tokens[$0].sentence == claim.sentence && ClaimWords.emigrantNouns.contains(tokens[$0].lower) }
    }

    /// The year nearest the figure in its sentence (an earlier one on a tie), else the nearest earlier year.
    func year(for index: Int, years: [(token: Int, year: Int)]) -> Int? {
        let sentence = tokens[index].sentence
        let same = years.filter { tokens[$0.token].sentence == sentence }
        if let nearest = same.min(by: { (abs($0.token - index), $0.token > index ? 1 : 0) < (abs($1.token - index), $1.token > index ? 1 : 0) }) {
            return nearest.year
        }
        return years.last { $0.token < index }?.year
    }

    /// "73.5 million …, including 58.7 million … and 12.5 million …": the later counts of the sentence
    /// after a part marker are parts of the count before it.
    func markParts(_ claims: inout [DraftClaim]) {
        for (position, claim) in claims.enumerated() where claim.measure == .count && claim.partOf == nil {
            let later = claims.indices.filter {
                $0 > position && claims[$0].sentence == claim.sentence && claims[$0].measure == .count
            }
            guard let first = later.first else { continue }
            let hasMarker = (claim.token + 1..<claims[first].token).contains { matches(ClaimWords.partMarkers, startingAt: $0) != nil }
            guard hasMarker else { continue }
            for part in later { claims[part].partOf = position }
        }
    }
}

/// Names of areas, groups and mechanisms as a draft may write them, for longest-match lookup.
struct MentionIndex {
    private var entries: [String: Entity] = [:]
    private var ambiguous: Set<String> = []
    /// Short acronyms ("US", "CRM", "LAC") count only when written in capitals.
    private var acronyms: Set<String> = []
    let longest = 9

    init(reference: ReferenceData) {
        func add(_ name: String, _ entity: Entity) {
            let key = nameKey(name)
            guard !key.isEmpty, !key.allSatisfy(\.isNumber) else { return }
            if name.count <= 4, name == name.uppercased() { acronyms.insert(key) }
            if let existing = entries[key], existing != entity { ambiguous.insert(key) } else { entries[key] = entity }
        }
        for (index, area) in reference.geography.areas.enumerated() {
            for name in [area.nameEn, area.nameEs] + area.aliases { add(name, .area(index)) }
        }
        for (index, group) in reference.geography.groups.enumerated() {
            for name in [group.nameEn, group.nameEs] + group.aliases { add(name, .group(index)) }
        }
        for (index, mechanism) in reference.mechanisms.enumerated() {
            for name in [mechanism.nameEn, mechanism.nameEs, mechanism.shortName(.en), mechanism.shortName(.es)] + mechanism.aliases {
                add(name, .mechanism(index))
            }
        }
        // The world as prose names it.
        if let world = reference.geography.groups.firstIndex(where: { $0.kind == .world }) {
            for name in ["worldwide", "globally", "the world", "el mundo", "a nivel mundial", "todo el mundo"] { add(name, .group(world)) }
        }
        for key in ambiguous { entries[key] = nil }
    }

    /// The longest name starting at `start`, and the token after it.
    func longestMatch(in tokens: [DraftText.Token], at start: Int) -> (Entity, Int)? {
        var best: (Entity, Int)?
        var words: [String] = []
        var end = start
        while end < tokens.count, end - start < longest * 2, tokens[end].sentence == tokens[start].sentence {
            let token = tokens[end]
            if token.kind == .number { break }
            if token.kind == .symbol, !"(),-'’".contains(token.text) { break }
            words.append(token.text)
            end += 1
            guard token.kind == .word else { continue }
            let key = nameKey(words.joined(separator: " "))
            if let entity = entries[key] {
                if acronyms.contains(key), !(words.allSatisfy { $0 == $0.uppercased() }) { continue }
                best = (entity, end)
            }
        }
        return best
    }
}
