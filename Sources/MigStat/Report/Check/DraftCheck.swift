import Foundation

/// The verdict on one claim of a draft, or on the arithmetic between claims.
public struct CheckFinding: Sendable {
    public enum Verdict: String, Sendable {
        case confirmed
        case contradicted
        case notCheckable = "not-checkable"
        /// Parts that do not add up to the whole the draft states.
        case inconsistent
    }

    public var line: Int
    public var written: String
    /// What the claim was read as: "migrants living in the Americas, 2020".
    public var subject: String
    public var verdict: Verdict
    /// The data's figure in the draft's language and precision, or the reason it cannot be checked.
    public var detail: String
    /// The data's figure, unrounded (persons or percent), where there is one.
    public var dataValue: Double?
}

/// Checks the figures of a draft against a dataset.
public struct DraftCheck: Sendable {
    public let engine: Engine
    public let prose: ProseNames
    /// The language of the report; figures quoted from the data follow the draft's language.
    public let language: Language

    public init(engine: Engine, prose: ProseNames, language: Language) {
        self.engine = engine
        self.prose = prose
        self.language = language
    }

    /// The draft's language, by its commonest function words.
    public static func language(of text: String) -> Language {
        let words = DraftText(text).tokens.filter { $0.kind == .word }.map(\.lower)
        let spanish = words.filter { ["de", "la", "los", "las", "el", "en", "y", "que", "del", "según"].contains($0) }.count
        let english = words.filter { ["the", "of", "and", "in", "to", "that", "with", "according"].contains($0) }.count
        return spanish > english ? .es : .en
    }

    public func claims(in text: String) -> [DraftClaim] {
        ClaimExtractor(text: DraftText(text), names: MentionIndex(reference: engine.resolver.reference)).claims()
    }

    public func check(_ text: String) -> [CheckFinding] {
        let draftLanguage = Self.language(of: text)
        let claims = claims(in: text)
        var findings = claims.map { verdict(on: $0, draftLanguage: draftLanguage) }
        findings += arithmetic(claims, draftLanguage: draftLanguage)
        return findings.sorted { $0.line < $1.line }
    }

    var es: Bool { language == .es }
    func text(_ en: String, _ es: String) -> String { self.es ? es : en }
    var knownOrigin: Bool { engine.dataset.provenance.coverage == .knownOrigin }
    var edition: String { engine.dataset.provenance.edition }

    func label(_ entity: Entity) -> String { prose.phrase(entity, language) }

    func subject(of claim: DraftClaim) -> String {
        if !claim.aboutMigrants { return "—" }
        var parts: [String] = []
        let sex = claim.sex == .female ? text("women ", "mujeres ") : claim.sex == .male ? text("men ", "hombres ") : ""
        switch (claim.origin, claim.destination) {
        case let (origin?, destination?):
            parts.append(sex + text("migrants from ", "migrantes ") + prose.phrase(origin, language, after: text("", "de")).trimmingSpaces()
                + " → " + label(destination))
        case let (origin?, nil): parts.append(sex + text("emigrants ", "emigrantes ") + prose.phrase(origin, language, after: text("from", "de")))
        case let (nil, destination?): parts.append(sex + text("migrants ", "migrantes ") + prose.phrase(destination, language, after: text("in", "en")))
        case (nil, nil): parts.append(claim.unknownPlace.map { "\($0)?" } ?? text("(no place)", "(sin lugar)"))
        }
        switch claim.measure {
        case .count: break
        case .shareOfWorld: parts[0] = text("share of the world's migrants: ", "proporción del total mundial: ") + parts[0]
        case .shareFemale: parts[0] = text("share of women: ", "proporción de mujeres: ") + parts[0]
        case .shareOfPopulation: parts[0] = text("share of the population: ", "proporción de la población: ") + parts[0]
        case .shareOther: parts[0] = text("percentage: ", "porcentaje: ") + parts[0]
        }
        if let year = claim.year { parts.append("\(year)") }
        return parts.joined(separator: ", ")
    }

    /// A figure as the draft would write it: same unit, same decimals, the draft's language.
    func written(_ value: Double, like claim: DraftClaim, in language: Language) -> String {
        let format = NumberFormat(language)
        if claim.measure != .count { return format.percent(value, digits: claim.decimals) }
        if claim.scale == 1 { return format.integer(Int64(value.rounded())) }
        let number = format.decimal(value / claim.scale, digits: claim.decimals)
        let unit: String = switch (claim.scale, language) {
        case (1e9, .es): "mil millones"
        case (1e9, .en): "billion"
        case (1e6, .es): number == "1" ? "millón" : "millones"
        case (1e6, .en): "million"
        case (_, .es): "mil"
        default: "thousand"
        }
        return "\(number) \(unit)"
    }

    func notCheckable(_ claim: DraftClaim, _ reason: String, value: Double? = nil) -> CheckFinding {
        CheckFinding(line: claim.line, written: claim.written, subject: subject(of: claim), verdict: .notCheckable,
                     detail: reason, dataValue: value)
    }

    func verdict(on claim: DraftClaim, draftLanguage: Language) -> CheckFinding {
        if let thing = claim.countedThing, !claim.aboutMigrants {
            return notCheckable(claim, text("not a migrant-stock figure (it counts “\(thing)”)",
                                            "no es una cifra de población migrante (cuenta «\(thing)»)"))
        }
        guard claim.aboutMigrants else {
            return notCheckable(claim, text("not recognisably a migrant-stock figure", "no se reconoce como cifra de población migrante"))
        }
        if claim.isChange {
            return notCheckable(claim, text("a change between years, not a stock (`migstat corridor` and `migstat brief` give changes)",
                                            "una variación entre años, no una población (`migstat corridor` y `migstat brief` dan variaciones)"))
        }
        if let demonym = claim.demonym {
            return notCheckable(claim, text("the origin is named by a demonym (“\(demonym)”): write the country (“migrants from …”)",
                                            "el origen se nombra con un gentilicio («\(demonym)»): escriba el país («migrantes de …»)"))
        }
        if let unknown = claim.unknownPlace, claim.origin == nil, claim.destination == nil {
            let near = engine.resolver.reference.names.suggestions(for: unknown)
            return notCheckable(claim, text("unknown place “\(unknown)”", "lugar desconocido «\(unknown)»")
                + (near.isEmpty ? "" : text(" (did you mean ", " (¿quizá ") + near.map { "“\($0)”" }.joined(separator: ", ") + text("?)", "?)")))
        }
        guard claim.origin != nil || claim.destination != nil else {
            return notCheckable(claim, text("no place, group or mechanism migstat knows is named in the sentence or before it",
                                            "ni en la oración ni antes se nombra un lugar, grupo o mecanismo que migstat conozca"))
        }
        guard let year = claim.year else {
            return notCheckable(claim, text("no year is given in the sentence or before it", "no se indica el año ni en la oración ni antes"))
        }
        let table = engine.dataset.table
        guard table.years.contains(year) else {
            return notCheckable(claim, text("\(edition) has no figures for \(year) (it has ", "\(edition) no tiene cifras de \(year) (tiene ")
                + table.years.sorted().map(String.init).joined(separator: ", ") + ")")
        }
        if claim.sex != .total, !table.sexes.contains(claim.sex) {
            return notCheckable(claim, text("the data have no figures by sex", "los datos no tienen cifras por sexo"))
        }
        if claim.measure == .shareOfPopulation {
            return notCheckable(claim, text("the data hold no total population to divide by", "los datos no contienen la población total"))
        }
        if claim.measure == .shareOther {
            return notCheckable(claim, text("it is not clear what the percentage is a share of", "no está claro de qué total es el porcentaje"))
        }
        do {
            let destination = claim.destination.map { engine.resolver.selection(of: [$0]) }
            let origin = claim.origin.map { engine.resolver.selection(of: [$0]) }
            let sex = claim.measure == .shareFemale ? Sex.female : claim.sex
            let part = Double(try engine.stock(destination: destination, origin: origin, years: [year], sexes: [sex])[0].stock)
            var value = part
            switch claim.measure {
            case .shareOfWorld:
                let world = Double(try engine.stock(destination: nil, origin: nil, years: [year], sexes: [claim.sex])[0].stock)
                value = world > 0 ? 100 * part / world : .nan
            case .shareFemale:
                let total = Double(try engine.stock(destination: destination, origin: origin, years: [year], sexes: [.total])[0].stock)
                value = total > 0 ? 100 * part / total : .nan
            default: break
            }
            return judge(claim, value: value, draftLanguage: draftLanguage)
        } catch {
            return notCheckable(claim, "\(error)")
        }
    }

    /// Equal within the precision written; with data of known origin only, a destination total is a lower bound.
    func judge(_ claim: DraftClaim, value: Double, draftLanguage: Language) -> CheckFinding {
        let shown = written(value, like: claim, in: draftLanguage)
        var finding = CheckFinding(line: claim.line, written: claim.written, subject: subject(of: claim), verdict: .confirmed,
                                   detail: text("\(edition): \(shown)", "\(edition): \(shown)"), dataValue: value)
        guard value.isFinite else { return notCheckable(claim, text("the data give no migrants there", "los datos no dan migrantes allí")) }
        let low = claim.value - claim.tolerance, high = claim.value + claim.tolerance
        // Migrants of unknown origin are left out of bilateral sums: totals by destination are lower bounds,
        // shares of them are neither; an origin or corridor figure is the UN's own sum of the same pairs.
        let lowerBoundOnly = knownOrigin && claim.origin == nil
        if lowerBoundOnly {
            if claim.measure != .count {
                return notCheckable(claim, text(
                    "not checkable against known-origin data: \(edition) gives \(shown) among migrants of known origin only",
                    "no verificable con datos de origen conocido: \(edition) da \(shown) solo entre los migrantes de origen conocido"), value: value)
            }
            if claim.comparator != .atLeast, value > high {
                finding.verdict = .contradicted
                finding.detail = text("\(edition): \(shown) of known origin alone, already more than the figure written",
                                      "\(edition): \(shown) solo de origen conocido, ya más que la cifra escrita")
                return finding
            }
            return notCheckable(claim, text(
                "not checkable against known-origin data: \(edition) gives \(shown) of known origin, a lower bound (the published total also counts migrants of unknown origin)",
                "no verificable con datos de origen conocido: \(edition) da \(shown) de origen conocido, un mínimo (el total publicado incluye también a los migrantes de origen desconocido)"), value: value)
        }
        let holds: Bool = switch claim.comparator {
        case .equal: value >= low && value <= high
        case .atLeast: value >= claim.value - claim.tolerance
        case .atMost: value <= claim.value + claim.tolerance
        }
        if !holds { finding.verdict = .contradicted }
        return finding
    }

    /// Parts introduced by "including"/"incluidos" checked against their whole: when the parts'
    /// places make up the whole's place (or the two sexes make up the total), they must add up to it
    /// within the precision written; otherwise they must not exceed it.
    func arithmetic(_ claims: [DraftClaim], draftLanguage: Language) -> [CheckFinding] {
        var findings: [CheckFinding] = []
        let wholes = Set(claims.compactMap(\.partOf))
        for whole in wholes.sorted() {
            let parts = claims.filter { $0.partOf == whole }
            let total = claims[whole]
            let sum = parts.reduce(0) { $0 + $1.value }
            let slack = parts.reduce(total.tolerance) { $0 + $1.tolerance }
            let exhaustive = makesUp(parts, total)
            let wrong = exhaustive ? abs(sum - total.value) > slack : sum > total.value + slack
            guard wrong else { continue }
            var like = parts.max { $0.decimals < $1.decimals } ?? total
            like.scale = total.scale
            let sumText = written(sum, like: like, in: draftLanguage)
            let terms = parts.map { written($0.value, like: like, in: draftLanguage).split(separator: " ").first.map(String.init) ?? "" }
                .joined(separator: " + ")
            let names = parts.compactMap { $0.destination ?? $0.origin }.map(label)
            let reason = exhaustive
                ? text("the parts do not add up to the whole: \(terms) = \(sumText), not \(total.written)",
                       "las partes no suman el total: \(terms) = \(sumText), no \(total.written)")
                    + (names.count == parts.count
                        ? " (" + names.joined(separator: " + ") + " = " + ((total.destination ?? total.origin).map(label) ?? "") + ")" : "")
                : text("the parts add up to more than the whole: \(terms) = \(sumText), more than \(total.written)",
                       "las partes suman más que el total: \(terms) = \(sumText), más que \(total.written)")
            findings.append(CheckFinding(line: parts.last!.line, written: parts.map(\.written).joined(separator: " + "),
                                         subject: text("parts of ", "partes de ") + total.written, verdict: .inconsistent,
                                         detail: reason, dataValue: nil))
        }
        return findings
    }

    /// True when the parts' areas are disjoint and together are the whole's (in the claim's year),
    /// or when the parts are the two sexes of the whole's place.
    func makesUp(_ parts: [DraftClaim], _ whole: DraftClaim) -> Bool {
        if parts.count == 2, Set(parts.map(\.sex)) == [.female, .male],
           parts.allSatisfy({ $0.destination == whole.destination && $0.origin == whole.origin }) { return true }
        guard whole.sex == .total, parts.allSatisfy({ $0.sex == .total }) else { return false }
        let year = whole.year ?? engine.dataset.table.years.max() ?? 0
        func areas(_ claim: DraftClaim) -> Set<Int>? {
            if claim.origin != nil, claim.destination != nil { return nil }
            return (claim.destination ?? claim.origin).map { Set(engine.resolver.selection(of: [$0]).areas(in: year)) }
        }
        guard let wholeAreas = areas(whole), whole.origin == nil || whole.destination == nil else { return false }
        var union = Set<Int>()
        for part in parts {
            guard let partAreas = areas(part), (part.origin == nil) == (whole.origin == nil), union.isDisjoint(with: partAreas)
            else { return false }
            union.formUnion(partAreas)
        }
        return union == wholeAreas
    }

    // MARK: report

    public func report(_ findings: [CheckFinding], file: String, query: String) -> ResultTable {
        let labels = [CheckFinding.Verdict.confirmed: text("confirmed", "confirmada"),
                      .contradicted: text("contradicted", "contradicha"),
                      .notCheckable: text("not checkable", "no verificable"),
                      .inconsistent: text("inconsistent", "incoherente")]
        let rows: [[ResultTable.Cell]] = findings.map {
            [.integer(Int64($0.line)), .text($0.written), .text($0.subject),
             .category(code: $0.verdict.rawValue, label: labels[$0.verdict]!), .text($0.detail)]
        }
        let count = { (verdict: CheckFinding.Verdict) in findings.filter { $0.verdict == verdict }.count }
        let summary = findings.isEmpty
            ? text("No migrant-stock figures were found in the draft.", "No se encontraron cifras de población migrante en el borrador.")
            : text("\(count(.confirmed)) confirmed, \(count(.contradicted)) contradicted, \(count(.notCheckable)) not checkable, "
                   + "\(count(.inconsistent)) inconsistent \(count(.inconsistent) == 1 ? "sum" : "sums").",
                   // Spanish agrees with the count: "1 contradicha", "2 contradichas".
                   [(count(.confirmed), "confirmada"), (count(.contradicted), "contradicha"), (count(.notCheckable), "no verificable")]
                       .map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }.joined(separator: ", ")
                   + ", \(count(.inconsistent)) \(count(.inconsistent) == 1 ? "suma incoherente" : "sumas incoherentes").")
        let reports = QueryReports(provenance: engine.dataset.provenance, language: language)
        var notes = [summary,
                     text("A figure is confirmed when the data round to it at the precision written (73.5 million: 73.45 to 73.55 million).",
                          "Una cifra se confirma cuando los datos redondean a ella con la precisión escrita (73,5 millones: de 73,45 a 73,55 millones).")]
        if knownOrigin {
            notes.append(text("With data of known origin, a total by destination is only a lower bound: it is contradicted only when even migrants of known origin outnumber it.",
                              "Con datos de origen conocido, un total por destino es solo un mínimo: se contradice solo cuando los migrantes de origen conocido ya lo superan."))
        }
        return ResultTable(
            title: text("Figures in \(file) checked against \(edition)", "Cifras de \(file) verificadas con \(edition)"),
            columns: [.init(key: "line", label: text("Line", "Línea")), .init(key: "claim", label: text("Claim", "Cifra")),
                      .init(key: "subject", label: text("Read as", "Leída como")),
                      .init(key: "verdict", label: text("Verdict", "Veredicto")),
                      .init(key: "detail", label: text("Data or reason", "Datos o motivo"))],
            rows: rows, notes: notes + reports.notes, metadata: reports.metadata(query))
    }
}
