import Foundation

/// A brief for a note: one paragraph of prose and the table of the figures it quotes, with the
/// data's citation. The prose and the table are built from the same numbers.
public struct Brief: Sendable {
    public var title: String
    public var paragraph: String
    /// Key figures: `figure` (a code in JSON, a label in text), `area`, `year`, `value`; notes cite the data.
    public var figures: ResultTable

    public func render(_ format: OutputFormat, language: Language) -> String {
        switch format {
        case .markdown: return "### \(title)\n\n\(paragraph)\n\n" + figures.render(.markdown, language: language)
        case .table: return "\(title)\n\n\(paragraph)\n\n" + figures.render(.table, language: language)
        case .csv: return figures.render(.csv, language: language)
        case .json:
            return "{\n  \"title\": \(jsonString(title)),\n  \"paragraph\": \(jsonString(paragraph)),\n  \"figures\": "
                + figures.renderJSON().trimmingCharacters(in: .newlines).replacingOccurrences(of: "\n", with: "\n  ")
                + "\n}\n"
        }
    }
}

/// What a brief is about: an area or group, a corridor, or a mechanism.
public enum BriefTopic: Sendable {
    case area(Entity)
    case corridor(from: Entity, to: Entity)
    case mechanism(Int)

    /// "Americas", "Almaty Process", "Central Asia->Türkiye", or two names for a corridor.
    public static func parse(_ words: [String], resolver: Resolver) throws -> BriefTopic {
        var parts = words
        if parts.count == 1, let arrow = parts[0].range(of: "->") ?? parts[0].range(of: "→") {
            parts = [String(parts[0][..<arrow.lowerBound]), String(parts[0][arrow.upperBound...])]
                .map { $0.trimmingSpaces() }
        }
        switch parts.count {
        case 1:
            let entity = try resolver.entity(parts[0])
            if case .mechanism(let index) = entity { return .mechanism(index) }
            return .area(entity)
        case 2:
            return .corridor(from: try resolver.entity(parts[0]), to: try resolver.entity(parts[1]))
        default:
            throw MigStatError.usage("a brief is about one area, group or mechanism, or a corridor FROM->TO (or FROM TO)")
        }
    }
}

/// Writes briefs from the engine's queries, in English or Spanish.
public struct BriefWriter: Sendable {
    public let engine: Engine
    public let prose: ProseNames
    public let language: Language
    public let year: Int
    public let base: Int

    /// `year` defaults to the data's latest; `base` to the latest year at least ten years earlier (else the first).
    public init(engine: Engine, prose: ProseNames, language: Language, year: Int? = nil, since base: Int? = nil) throws {
        self.engine = engine
        self.prose = prose
        self.language = language
        let table = engine.dataset.table
        let latest = try (year.map { YearSelection.some(years: [$0], ranges: []) } ?? .latest).resolve(in: table)[0]
        self.year = latest
        let earlier = table.years.filter { $0 < latest }.sorted()
        if let base {
            guard earlier.contains(base) else {
                throw MigStatError.usage("--since \(base): give a year of the data before \(latest): "
                    + earlier.map(String.init).joined(separator: ", "))
            }
            self.base = base
        } else {
            guard let first = earlier.first else {
                throw MigStatError.usage("the data has no year before \(latest) to compare with")
            }
            self.base = earlier.last { $0 <= latest - 10 } ?? first
        }
    }

    var es: Bool { language == .es }
    var format: NumberFormat { NumberFormat(language) }
    var reports: QueryReports { QueryReports(provenance: engine.dataset.provenance, language: language) }
    var knownOrigin: Bool { engine.dataset.provenance.coverage == .knownOrigin }
    func text(_ en: String, _ es: String) -> String { self.es ? es : en }

    public func brief(_ topic: BriefTopic) throws -> Brief {
        switch topic {
        case .area(let entity): return try area(entity)
        case .corridor(let from, let to): return try corridor(from: from, to: to)
        case .mechanism(let index): return try mechanism(index)
        }
    }

    // MARK: phrases

    func name(_ entity: Entity) -> String { prose.phrase(entity, language) }
    func name(_ entity: Entity, after preposition: String) -> String {
        prose.phrase(entity, language, after: preposition)
    }
    func selection(_ entity: Entity) -> Selection { engine.resolver.selection(of: [entity]) }

    /// "74,7 millones de migrantes" / "388 541 migrantes" / "74.7 million migrants".
    func count(_ value: Int64, _ noun: String) -> String {
        let number = format.human(value)
        return es && abs(value) >= 1_000_000 ? "\(number) de \(noun)" : "\(number) \(noun)"
    }

    func percent(_ part: Int64, of whole: Int64) -> Double? { whole > 0 ? 100 * Double(part) / Double(whole) : nil }
    func pct(_ value: Double?) -> String { value.map { format.percent($0) } ?? "–" }

    /// "un aumento de 17,2 millones (+29,9 %), a una tasa media anual del 1,9 %".
    func change(from old: Int64, to new: Int64) -> String {
        let difference = new - old
        let up = difference >= 0
        let amount = format.human(abs(difference))
        let relative = percent(difference, of: old).map { (up ? "+" : "−") + format.percent(abs($0)) }
        let rate = annualRate(old, new).map { format.percent($0, digits: 1) }
        var out = up ? text("an increase of \(amount)", "un aumento de \(amount)")
                     : text("a decrease of \(amount)", "una disminución de \(amount)")
        if let relative { out += " (\(relative))" }
        if let rate { out += text(", an average annual rate of change of \(rate)", ", a una tasa media anual de variación del \(rate)") }
        return out
    }

    func annualRate(_ old: Int64, _ new: Int64) -> Double? {
        old > 0 && new > 0 ? 100 * log(Double(new) / Double(old)) / Double(year - base) : nil
    }

    func ordinal(_ rank: Int) -> String {
        let en = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
        // Spanish apocopates "tercero" before a masculine singular noun ("el tercer destino").
        let es = ["", "primer", "segundo", "tercer", "cuarto", "quinto", "sexto", "séptimo", "octavo", "noveno", "décimo"]
        if rank < en.count { return self.es ? es[rank] : en[rank] }
        return self.es ? "\(rank).º" : "\(rank)th"
    }

    /// "México (11,3 millones), la India (…) y …"
    func list(_ rows: [(Entity, Int64)]) -> String {
        let items = rows.map { "\(name($0.0)) (\(format.human($0.1)))" }
        guard items.count > 1 else { return items.first ?? "" }
        let last = items.last!
        let conjunction = es ? ((name(rows.last!.0).first.map { "iI".contains($0) } ?? false) ? " e " : " y ") : " and "
        return items.dropLast().joined(separator: ", ") + conjunction + last
    }

    func lookup(_ label: String) -> Entity? { try? engine.resolver.entity(label) }

    func edition() -> String {
        let provenance = engine.dataset.provenance
        return text("(UN DESA, \(provenance.edition))", "(DAES de las Naciones Unidas, \(provenance.edition))")
    }

    var migrantsNoun: String {
        knownOrigin ? text("international migrants of known origin", "migrantes internacionales de origen conocido")
                    : text("international migrants", "migrantes internacionales")
    }

    // MARK: figures table

    struct Rows {
        var cells: [[ResultTable.Cell]] = []
        mutating func add(_ key: String, _ label: String, area: String, year: String, _ value: ResultTable.Cell) {
            cells.append([.category(code: key, label: label), .text(area), .text(year), value])
        }
    }

    func table(_ title: String, _ rows: Rows, query: String, extraNotes: [String] = []) -> ResultTable {
        ResultTable(title: title,
                    columns: [.init(key: "figure", label: text("Figure", "Cifra")), .init(key: "area", label: text("Area", "Zona")),
                              .init(key: "year", label: text("Year", "Año")), .init(key: "value", label: text("Value", "Valor"))],
                    rows: rows.cells, notes: extraNotes + reports.notes, metadata: reports.metadata(query))
    }

    func stock(destination: Selection?, origin: Selection?, year: Int, sex: Sex = .total) throws -> Int64 {
        try engine.stock(destination: destination, origin: origin, years: [year], sexes: [sex])[0].stock
    }

    func female(destination: Selection?, origin: Selection?) throws -> Int64? {
        engine.dataset.table.sexes.contains(.female) ? try stock(destination: destination, origin: origin, year: year, sex: .female) : nil
    }

    var span: String { "\(base)–\(year)" }

    /// The stock in both years, the change and the annual rate: the first rows of an area's or a corridor's table.
    func series(_ rows: inout Rows, _ label: String, area: String, now: Int64, then: Int64) {
        rows.add("stock", label, area: area, year: "\(year)", .integer(now))
        rows.add("stock_base", label, area: area, year: "\(base)", .integer(then))
        rows.add("change", text("Change", "Variación"), area: area, year: span, .integer(now - then))
        rows.add("annual_rate", text("Annual rate of change (%)", "Tasa media anual de variación (%)"), area: area, year: span,
                 .decimal(annualRate(then, now), digits: 2))
    }

    // MARK: area or group

    func area(_ entity: Entity) throws -> Brief {
        let subject = selection(entity)
        let label = subject.label
        let now = try stock(destination: subject, origin: nil, year: year)
        let then = try stock(destination: subject, origin: nil, year: base)
        let world = try stock(destination: nil, origin: nil, year: year)
        let women = try female(destination: subject, origin: nil)
        let emigrants = try stock(destination: nil, origin: subject, year: year)
        let origins = try engine.top(.originsOf(subject), year: year, sex: .total, n: 3)
            .compactMap { row in lookup(row.origin!).map { ($0, row.stock) } }
        let destinations = try engine.top(.destinationsOf(subject), year: year, sex: .total, n: 3)
            .compactMap { row in lookup(row.destination!).map { ($0, row.stock) } }
        // A country's share of its sub-region ("Colombia" of Latin America and the Caribbean), a group's of the world.
        var region: (Entity, Int64)?
        if case .area(let index) = entity {
            let partition = engine.dataset.geography.partition(.subregion)
            if partition[index] >= 0 {
                let group = Entity.group(Int(partition[index]))
                region = (group, try stock(destination: selection(group), origin: nil, year: year))
            }
        }

        var sentences: [String] = []
        let place = name(entity, after: text("in", "en"))
        sentences.append(text(
            "In \(year), \(count(now, migrantsNoun)) lived \(place) \(edition()), against \(format.human(then)) in \(base): \(change(from: then, to: now)).",
            "En \(year) residían \(place) \(count(now, migrantsNoun)) \(edition()), frente a \(format.human(then)) en \(base): \(change(from: then, to: now))."))
        var share = text("This is \(pct(percent(now, of: world))) of the world's international migrants",
                         "Esa cifra equivale al \(pct(percent(now, of: world))) de los migrantes internacionales del mundo")
        if let (group, total) = region {
            share += text(" and \(pct(percent(now, of: total))) of those living \(name(group, after: "in"))",
                          " y al \(pct(percent(now, of: total))) de los que residen \(name(group, after: "en"))")
        }
        sentences.append(share + ".")
        if let women {
            sentences.append(text("Women made up \(pct(percent(women, of: now))) of them.",
                                  "Las mujeres representaban el \(pct(percent(women, of: now))) de esa población."))
        }
        if !origins.isEmpty {
            sentences.append(text("The largest countries of origin were \(list(origins)).",
                                  "Los principales países de origen eran \(list(origins))."))
        }
        if !destinations.isEmpty {
            sentences.append(text(
                "In turn, \(count(emigrants, "emigrants")) from \(name(entity)) lived abroad, above all \(name(destinations[0].0, after: "in")) (\(format.human(destinations[0].1))).",
                "A su vez, \(count(emigrants, "emigrantes")) originarios \(name(entity, after: "de")) residían en el exterior, sobre todo \(name(destinations[0].0, after: "en")) (\(format.human(destinations[0].1)))."))
        }

        var rows = Rows()
        series(&rows, text("International migrants", "Migrantes internacionales"), area: label, now: now, then: then)
        rows.add("world_share", text("Share of the world's migrants (%)", "Proporción del total mundial (%)"), area: label,
                 year: "\(year)", .decimal(percent(now, of: world), digits: 1))
        if let (group, total) = region {
            rows.add("region_share", text("Share of the sub-region's migrants (%)", "Proporción de la subregión (%)"),
                     area: prose.name(group, language), year: "\(year)", .decimal(percent(now, of: total), digits: 1))
        }
        if let women {
            rows.add("female_share", text("Women among migrants (%)", "Mujeres entre los migrantes (%)"), area: label,
                     year: "\(year)", .decimal(percent(women, of: now), digits: 1))
        }
        rows.add("emigrants", text("Emigrants", "Emigrantes"), area: label, year: "\(year)", .integer(emigrants))
        for (entity, value) in origins {
            rows.add("top_origin", text("Largest origins", "Principales orígenes"), area: prose.name(entity, language),
                     year: "\(year)", .integer(value))
        }
        for (entity, value) in destinations {
            rows.add("top_destination", text("Largest destinations of emigrants", "Principales destinos de los emigrantes"),
                     area: prose.name(entity, language), year: "\(year)", .integer(value))
        }
        let title = text("International migrants \(name(entity, after: "in")), \(year)",
                         "Migrantes internacionales \(name(entity, after: "en")), \(year)")
        return Brief(title: sentenceCase(title), paragraph: sentences.joined(separator: " "),
                     figures: table(text("Key figures", "Cifras clave"), rows, query: "migstat brief \(label)"))
    }

    // MARK: corridor

    func corridor(from origin: Entity, to destination: Entity) throws -> Brief {
        let from = selection(origin), to = selection(destination)
        let label = "\(from.label) → \(to.label)"
        let now = try stock(destination: to, origin: from, year: year)
        let then = try stock(destination: to, origin: from, year: base)
        let women = try female(destination: to, origin: from)
        let emigrants = try stock(destination: nil, origin: from, year: year)
        let immigrants = try stock(destination: to, origin: nil, year: year)
        // The corridor's largest origin countries (when FROM is a group) and the ranking of FROM's destinations.
        let parts = try engine.stock(destination: to, origin: from, years: [year], sexes: [.total], by: .country, side: .origin)
            .prefix(3).filter { $0.stock > 0 }.compactMap { row in lookup(row.part ?? "").map { ($0, row.stock) } }
        let ranking = try engine.top(.destinationsOf(from), year: year, sex: .total, n: 1000)
        let rank: Int? = if case .area(let index) = destination {
            ranking.first { $0.destination == engine.dataset.geography.areas[index].name(language) }?.rank
        } else { nil }
        let main = ranking.first.flatMap { row in lookup(row.destination!).map { ($0, row.stock) } }

        let fromPhrase = name(origin, after: text("in", "en"))
        let toPhrase = name(destination, after: text("in", "en"))
        var sentences: [String] = []
        sentences.append(text(
            "In \(year), \(count(now, "international migrants")) born \(fromPhrase) lived \(toPhrase) \(edition()), against \(format.human(then)) in \(base): \(change(from: then, to: now)).",
            "En \(year) residían \(toPhrase) \(count(now, "migrantes internacionales")) nacidos \(fromPhrase) \(edition()), frente a \(format.human(then)) en \(base): \(change(from: then, to: now))."))
        if let women {
            sentences.append(text("Women made up \(pct(percent(women, of: now))) of them.",
                                  "Las mujeres representaban el \(pct(percent(women, of: now))) de ese total."))
        }
        if parts.count > 1 {
            sentences.append(text("The largest origins were \(list(parts)).", "Los principales países de origen eran \(list(parts))."))
        }
        sentences.append(text(
            "The corridor holds \(pct(percent(now, of: emigrants))) of the emigrants from \(name(origin)) and \(pct(percent(now, of: immigrants))) of the international migrants living \(toPhrase).",
            "El corredor concentra el \(pct(percent(now, of: emigrants))) de los emigrantes \(name(origin, after: "de")) y el \(pct(percent(now, of: immigrants))) de los migrantes internacionales que residen \(toPhrase)."))
        if let (top, value) = main, top != destination {
            let verb = prose.isPlural(top, language) ? text("are", "son") : text("is", "es")
            var sentence = text(
                "\(sentenceCase(name(top))) \(verb) the main destination of emigrants from \(name(origin)) (\(format.human(value)))",
                "\(sentenceCase(name(top))) \(verb) el principal destino de los emigrantes \(name(origin, after: "de")) (\(format.human(value)))")
            if let rank {
                let rankVerb = prose.isPlural(destination, language) ? text("rank", "ocupan") : text("ranks", "ocupa")
                sentence += text("; \(name(destination)) \(rankVerb) \(ordinal(rank))", "; \(name(destination)) \(rankVerb) el \(ordinal(rank)) lugar")
            }
            sentences.append(sentence + ".")
        }

        var rows = Rows()
        series(&rows, text("Corridor stock", "Población del corredor"), area: label, now: now, then: then)
        if let women {
            rows.add("female_share", text("Women (%)", "Mujeres (%)"), area: label, year: "\(year)",
                     .decimal(percent(women, of: now), digits: 1))
        }
        rows.add("origin_share", text("Share of the origin's emigrants (%)", "Proporción de los emigrantes del origen (%)"),
                 area: from.label, year: "\(year)", .decimal(percent(now, of: emigrants), digits: 1))
        rows.add("destination_share", text("Share of the destination's immigrants (%)", "Proporción de los inmigrantes del destino (%)"),
                 area: to.label, year: "\(year)", .decimal(percent(now, of: immigrants), digits: 1))
        if parts.count > 1 {
            for (entity, value) in parts {
                rows.add("top_origin", text("Largest origins", "Principales orígenes"), area: prose.name(entity, language),
                         year: "\(year)", .integer(value))
            }
        }
        if let (top, value) = main {
            rows.add("main_destination", text("Main destination of the origin's emigrants", "Principal destino de los emigrantes del origen"),
                     area: prose.name(top, language), year: "\(year)", .integer(value))
        }
        if let rank {
            rows.add("destination_rank", text("Rank of the destination", "Puesto del destino"), area: to.label,
                     year: "\(year)", .integer(Int64(rank)))
        }
        let title = text("Migrants born \(name(origin, after: "in")) living \(name(destination, after: "in")), \(year)",
                         "Migrantes nacidos \(name(origin, after: "en")) que residen \(name(destination, after: "en")), \(year)")
        return Brief(title: title, paragraph: sentences.joined(separator: " "),
                     figures: table(text("Key figures", "Cifras clave"), rows, query: "migstat brief \(label)"))
    }

    // MARK: mechanism

    func mechanism(_ index: Int) throws -> Brief {
        let entity = Entity.mechanism(index)
        let mechanism = engine.resolver.reference.mechanisms[index]
        let figures = try engine.figures(of: index, years: [base, year], sex: .total)
        let then = figures[0], now = figures[1]
        let subject = selection(entity)
        let corridors = try engine.top(.corridors(within: subject), year: year, sex: .total, n: 3)
        let rule = engine.resolver.membership
        let who = rule.includeObservers ? text("member and observer States", "Estados miembros y observadores")
                                        : text("member States", "Estados miembros")
        let of = name(entity, after: text("of", "de"))

        var sentences: [String] = []
        sentences.append(text(
            "In \(year), \(count(now.immigrants, migrantsNoun)) lived in the \(now.participants) \(who) \(of) \(edition()), \(pct(percent(now.immigrants, of: now.world))) of the world total, against \(format.human(then.immigrants)) in \(base): \(change(from: then.immigrants, to: now.immigrants)).",
            "En \(year) residían en los \(now.participants) \(who) \(of) \(count(now.immigrants, migrantsNoun)) \(edition()), el \(pct(percent(now.immigrants, of: now.world))) del total mundial, frente a \(format.human(then.immigrants)) en \(base): \(change(from: then.immigrants, to: now.immigrants))."))
        sentences.append(text(
            "These States were the origin of \(count(now.emigrants, "emigrants")) (\(pct(percent(now.emigrants, of: now.world))) of the world total); \(format.human(now.within)) of them lived in another participating State, \(pct(percent(now.within, of: now.emigrants))) of the participants' emigrants.",
            "De esos Estados procedían \(count(now.emigrants, "emigrantes")) (el \(pct(percent(now.emigrants, of: now.world))) del total mundial); \(format.human(now.within)) de ellos residían en otro Estado participante, el \(pct(percent(now.within, of: now.emigrants))) de los emigrantes de los participantes."))
        let pairs = corridors.compactMap { row -> (Entity, Entity, Int64)? in
            guard let o = lookup(row.origin!), let d = lookup(row.destination!) else { return nil }
            return (o, d, row.stock)
        }
        if let (o, d, value) = pairs.first {
            sentences.append(text(
                "The largest corridor between them runs from \(name(o)) to \(name(d)) (\(format.human(value))).",
                "El principal corredor entre ellos va \(name(o, after: "de")) \(name(d, after: "a")) (\(format.human(value)))."))
        }

        var rows = Rows()
        let label = mechanism.shortName(language)
        rows.add("participants", text("Participating States", "Estados participantes"), area: label, year: "\(year)",
                 .integer(Int64(now.participants)))
        rows.add("immigrants", text("Migrants living in participants", "Migrantes que residen en los participantes"),
                 area: label, year: "\(year)", .integer(now.immigrants))
        rows.add("immigrants_base", text("Migrants living in participants", "Migrantes que residen en los participantes"),
                 area: label, year: "\(base)", .integer(then.immigrants))
        rows.add("annual_rate", text("Annual rate of change (%)", "Tasa media anual de variación (%)"), area: label, year: span,
                 .decimal(annualRate(then.immigrants, now.immigrants), digits: 2))
        rows.add("immigrants_share", text("Share of the world's migrants (%)", "Proporción del total mundial (%)"), area: label,
                 year: "\(year)", .decimal(percent(now.immigrants, of: now.world), digits: 1))
        rows.add("emigrants", text("Emigrants from participants", "Emigrantes de los participantes"), area: label,
                 year: "\(year)", .integer(now.emigrants))
        rows.add("emigrants_share", text("Share of the world's migrants (%)", "Proporción del total mundial (%)"), area: label,
                 year: "\(year)", .decimal(percent(now.emigrants, of: now.world), digits: 1))
        rows.add("within", text("Migrants between participants", "Migrantes entre participantes"), area: label,
                 year: "\(year)", .integer(now.within))
        rows.add("within_share", text("Share of the participants' emigrants (%)", "Proporción de los emigrantes de los participantes (%)"),
                 area: label, year: "\(year)", .decimal(percent(now.within, of: now.emigrants), digits: 1))
        for (o, d, value) in pairs {
            rows.add("top_corridor", text("Largest corridors", "Principales corredores"),
                     area: "\(prose.name(o, language)) → \(prose.name(d, language))", year: "\(year)", .integer(value))
        }
        let coverage = CoverageReports(provenance: engine.dataset.provenance, reference: engine.resolver.reference,
                                       rule: rule, language: language)
        let title = text("International migrants and the \(who) \(of), \(year)",
                         "Los migrantes internacionales y los \(who) \(of), \(year)")
        return Brief(title: title, paragraph: sentences.joined(separator: " "),
                     figures: table(text("Key figures", "Cifras clave"), rows, query: "migstat brief \(label)",
                                    extraNotes: [coverage.ruleNote, coverage.citation(mechanism, named: es ? name(entity, after: "de") : name(entity))]))
    }
}
