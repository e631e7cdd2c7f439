/// How running text names an area, group or mechanism: with its article, in the form prose uses
/// ("en la Federación de Rusia", "in the Russian Federation", "las Américas", "Asia Central"),
/// from datasets/prose-names.csv. Names the file does not list take no article and their table name.
public struct ProseNames: Sendable {
    public struct Entry: Sendable, Equatable {
        public var articleEn = ""
        public var nameEn: String?
        public var articleEs = ""
        public var nameEs: String?
        /// Spanish grammatical gender ("m"/"f") and number ("s"/"p"), for agreement.
        public var feminine = false
        public var pluralEs = false
        public var pluralEn = false
    }

    /// Keyed by M49 code (areas and groups share the code space) or mechanism id.
    private let entries: [String: Entry]
    private let reference: ReferenceData

    public init(reference: ReferenceData, entries: [String: Entry]) {
        self.reference = reference
        self.entries = entries
    }

    public static func load(directory: String, reference: ReferenceData) throws -> ProseNames {
        let table = try ReferenceTable(path: directory + "/prose-names.csv",
                                       columns: ["key", "article_en", "name_en", "article_es", "name_es",
                                                 "gender_es", "number_es", "number_en", "source"])
        var entries: [String: Entry] = [:]
        for row in table.rows {
            guard !row["key"].isEmpty, entries[row["key"]] == nil,
                  ["m", "f"].contains(row["gender_es"]), ["s", "p"].contains(row["number_es"]),
                  ["s", "p"].contains(row["number_en"]) else {
                throw MigStatError.input(row.location, what: "bad or repeated prose-name row",
                                         hint: "key unique; gender_es m|f; number_es, number_en s|p")
            }
            entries[row["key"]] = Entry(articleEn: row["article_en"], nameEn: row["name_en"].nilIfEmpty,
                                        articleEs: row["article_es"], nameEs: row["name_es"].nilIfEmpty,
                                        feminine: row["gender_es"] == "f", pluralEs: row["number_es"] == "p",
                                        pluralEn: row["number_en"] == "p")
        }
        return ProseNames(reference: reference, entries: entries)
    }

    public static func bundled() throws -> ProseNames { try cache.get() }

    private static let cache = LoadOnce {
        try ProseNames.load(directory: DatasetLocator.directory(), reference: ReferenceData.bundled())
    }

    func key(_ entity: Entity) -> String {
        switch entity {
        case .area(let index): return String(reference.geography.areas[index].m49)
        case .group(let index): return String(reference.geography.groups[index].code)
        case .mechanism(let index): return reference.mechanisms[index].id
        }
    }

    public func entry(_ entity: Entity) -> Entry { entries[key(entity)] ?? Entry() }

    /// The bare name prose uses, without article.
    public func name(_ entity: Entity, _ language: Language) -> String {
        let entry = entry(entity)
        if let name = language == .es ? entry.nameEs : entry.nameEn { return name }
        switch entity {
        case .area(let index): return reference.geography.areas[index].name(language)
        case .group(let index): return reference.geography.groups[index].name(language)
        case .mechanism(let index): return reference.mechanisms[index].shortName(language)
        }
    }

    /// The name with its article: "la Federación de Rusia", "the Americas", "Colombia".
    public func phrase(_ entity: Entity, _ language: Language) -> String {
        let entry = entry(entity)
        let article = language == .es ? entry.articleEs : entry.articleEn
        return article.isEmpty ? name(entity, language) : article + " " + name(entity, language)
    }

    /// After a preposition, with Spanish's contractions: "del Perú", "al Canadá", "en el Caribe".
    public func phrase(_ entity: Entity, _ language: Language, after preposition: String) -> String {
        contract(preposition + " " + phrase(entity, language))
    }

    public func isPlural(_ entity: Entity, _ language: Language) -> Bool {
        language == .es ? entry(entity).pluralEs : entry(entity).pluralEn
    }

    public func isFeminine(_ entity: Entity) -> Bool { entry(entity).feminine }
}

/// Spanish's obligatory contractions of "de el" and "a el" ("del Perú", "al Canadá"). "El Salvador"
/// keeps its capital article ("de El Salvador"), as the RAE prescribes for articles that are part of a name.
public func contract(_ text: String) -> String {
    var padded = " " + text
    for (from, to) in [(" de el ", " del "), (" De el ", " Del "), (" a el ", " al "), (" A el ", " Al ")] {
        padded = padded.replacingOccurrences(of: from, with: to)
    }
    return String(padded.dropFirst())
}

/// The text with its first letter in upper case, for a name that opens a sentence.
public func sentenceCase(_ text: String) -> String {
    guard let first = text.first else { return text }
    return first.uppercased() + text.dropFirst()
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
