/// Result tables of the mechanism commands: each cites the data and the membership source.
public struct CoverageReports: Sendable {
    public let base: QueryReports
    public let reference: ReferenceData
    public let rule: MembershipRule

    public init(provenance: Provenance, reference: ReferenceData, rule: MembershipRule, language: Language) {
        base = QueryReports(provenance: provenance, language: language)
        self.reference = reference
        self.rule = rule
    }

    var language: Language { base.language }
    var es: Bool { language == .es }
    var labels: Labels { base.labels }

    func text(_ en: String, _ es: String) -> String { self.es ? es : en }
    func roleLabel(_ role: Mechanism.Role) -> String {
        role == .member ? text("member", "miembro") : text("observer", "observador")
    }

    func area(_ index: Int) -> String { reference.geography.areas[index].name(language) }
    func mechanismName(_ index: Int) -> String { reference.mechanisms[index].shortName(language) }

    var ruleNote: String {
        let who = rule.includeObservers ? text("members and observers", "miembros y observadores")
                                        : text("members only (observers with --observers)", "solo miembros (observadores con --observers)")
        let when = rule.dated ? text("membership valid in each year", "composición vigente en cada año")
                              : text("today's membership for every year", "composición actual para todos los años")
        return text("Participants: ", "Participantes: ") + who + "; " + when + "."
    }

    /// `named`: the mechanism as prose names it after the preposition ("del Proceso de Almaty"); by default its short name.
    func citation(_ mechanism: Mechanism, named: String? = nil) -> String {
        let source = [mechanism.source.title, mechanism.source.publisher, mechanism.source.url].compactMap { $0 }
            .joined(separator: ", ")
        return text("Membership of \(named ?? mechanism.shortName(.en)): \(source) (as of \(mechanism.membershipAsOf)).",
                    "Composición \(named ?? "de " + mechanism.shortName(.es)): \(source) (situación en \(mechanism.membershipAsOf)).")
    }

    public func participants(_ index: Int) -> ResultTable {
        let mechanism = reference.mechanisms[index]
        let rows: [[ResultTable.Cell]] = mechanism.participants
            .sorted { ($0.role.rawValue, area($0.area)) < ($1.role.rawValue, area($1.area)) }
            .map { participant in
                let role = roleLabel(participant.role)
                var dates: [String] = []
                if let joined = participant.joined { dates.append(text("from \(joined)", "desde \(joined)")) }
                if let left = participant.left { dates.append(text("left \(left)", "salida en \(left)")) }
                for range in participant.suspended {
                    dates.append(text("suspended \(range.lowerBound)–\(range.upperBound)",
                                      "suspendido \(range.lowerBound)–\(range.upperBound)"))
                }
                return [.text(area(participant.area)), .text(reference.geography.areas[participant.area].iso3),
                        .category(code: participant.role.rawValue, label: role), .text(dates.joined(separator: "; "))]
            }
        var notes = [citation(mechanism)]
        if !mechanism.others.isEmpty {
            notes.append(text("Also taking part (no migrants counted): ", "También participan (sin migrantes contados): ")
                + mechanism.others.joined(separator: ", "))
        }
        return ResultTable(
            title: "\(mechanism.name(language)): " + text("participants", "participantes"),
            columns: [.init(key: "area", label: text("State", "Estado")), .init(key: "iso3", label: "ISO3"),
                      .init(key: "role", label: text("Role", "Función")), .init(key: "dates", label: text("Dates", "Fechas"))],
            rows: rows, notes: notes, metadata: base.metadata("participants of \(mechanism.id)"))
    }

    public func figures(_ rows: [MechanismFigures], mechanism index: Int, query: String) -> ResultTable {
        let mechanism = reference.mechanisms[index]
        let share = { (part: Int64, whole: Int64) -> ResultTable.Cell in
            .decimal(whole > 0 ? 100 * Double(part) / Double(whole) : nil, digits: 1)
        }
        let cells: [[ResultTable.Cell]] = rows.map { row in
            [.year(row.year), .integer(Int64(row.participants)),
             .integer(row.immigrants), share(row.immigrants, row.world),
             .integer(row.emigrants), share(row.emigrants, row.world),
             .integer(row.within), share(row.within, row.world), .integer(row.world)]
        }
        let columns: [ResultTable.Column] = [
            base.column("year"), .init(key: "participants", label: text("States", "Estados")),
            .init(key: "immigrants", label: text("Living in", "Residen en")),
            .init(key: "immigrants_share", label: "% " + text("world", "mundo")),
            .init(key: "emigrants", label: text("From", "Procedentes de")),
            .init(key: "emigrants_share", label: "% " + text("world", "mundo")),
            .init(key: "within", label: text("Between", "Entre")),
            .init(key: "within_share", label: "% " + text("world", "mundo")),
            .init(key: "world", label: labels["world"]),
        ]
        return ResultTable(
            title: text("International migrants and the participants of ", "Migrantes internacionales y los participantes de ")
                + mechanism.name(language),
            columns: columns, rows: cells,
            notes: [text("Living in: migrants whose destination participates; from: whose origin participates; between: both.",
                         "Residen en: migrantes cuyo destino participa; procedentes de: cuyo origen participa; entre: ambos."),
                    ruleNote, citation(mechanism)] + base.notes,
            metadata: base.metadata(query))
    }

    public func coverage(_ rows: [CorridorCoverage], from: Selection, to: Selection, year: Int, corridor: Int64,
                         query: String) -> ResultTable {
        let format = NumberFormat(language)
        let cells: [[ResultTable.Cell]] = rows.map { row in
            let mechanism = reference.mechanisms[row.mechanism]
            return [.text(mechanism.shortName(language)), .category(code: mechanism.kind.rawValue, label: mechanism.kind.rawValue),
                    .integer(row.covered), .decimal(100 * row.share, digits: 1)]
        }
        var notes = [text("Corridor stock \(year): \(format.integer(corridor)). Covered: migrants whose origin and destination both take part in the mechanism.",
                          "Población del corredor en \(year): \(format.integer(corridor)). Cubierta: migrantes cuyo origen y destino participan ambos en el mecanismo.")]
        if rows.isEmpty { notes.append(text("No mechanism of the registry has participants at both ends.",
                                            "Ningún mecanismo del registro tiene participantes en ambos extremos.")) }
        notes += [ruleNote] + base.notes
        return ResultTable(
            title: text("Mechanisms covering the corridor ", "Mecanismos que cubren el corredor ") + "\(from.label) → \(to.label), \(year)",
            columns: [.init(key: "mechanism", label: text("Mechanism", "Mecanismo")), .init(key: "kind", label: text("Kind", "Tipo")),
                      .init(key: "covered", label: text("Covered stock", "Población cubierta")),
                      .init(key: "share", label: text("Share of corridor (%)", "Proporción del corredor (%)"))],
            rows: cells, notes: notes, metadata: base.metadata(query))
    }

    public func gaps(_ rows: [Gap], year: Int, world: Int64, kinds: Set<Mechanism.Kind>, query: String) -> ResultTable {
        let cells: [[ResultTable.Cell]] = rows.enumerated().map { rank, gap in
            [.integer(Int64(rank + 1)), .text(area(gap.origin)), .text(area(gap.destination)), .integer(gap.stock),
             .decimal(world > 0 ? 100 * Double(gap.stock) / Double(world) : nil, digits: 2)]
        }
        let kindList = Mechanism.Kind.allCases.filter(kinds.contains).map(\.rawValue).joined(separator: ", ")
        return ResultTable(
            title: text("Largest corridors no mechanism covers, ", "Principales corredores sin mecanismo que los cubra, ") + "\(year)",
            columns: [base.column("rank"), base.column("origin"), base.column("destination"), base.column("stock"),
                      .init(key: "world_share", label: text("% of world", "% del mundo"))],
            rows: cells,
            notes: [text("Mechanisms counted: kinds \(kindList) (--kind to change). A corridor is covered when its origin and destination take part in one mechanism.",
                         "Mecanismos considerados: tipos \(kindList) (--kind para cambiarlo). Un corredor está cubierto cuando su origen y su destino participan en un mismo mecanismo."),
                    ruleNote] + base.notes,
            metadata: base.metadata(query))
    }

    public func gapsByGroup(_ rows: [Gap], kind: GroupKind, year: Int, query: String) -> ResultTable {
        let partition = reference.geography.partition(kind)
        var sums: [String: Int64] = [:]
        for gap in rows {
            let origin = partition[gap.origin], destination = partition[gap.destination]
            let name = { (group: Int32) in group >= 0 ? reference.geography.groups[Int(group)].name(language) : "(other)" }
            sums[name(origin) + "\u{1F}" + name(destination), default: 0] += gap.stock
        }
        let cells: [[ResultTable.Cell]] = sums.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { key, stock in
            let parts = key.split(separator: "\u{1F}").map(String.init)
            return [.text(parts[0]), .text(parts[1]), .integer(stock)]
        }
        return ResultTable(
            title: text("Uncovered stock by origin and destination group, ", "Población no cubierta por grupo de origen y de destino, ") + "\(year)",
            columns: [base.column("origin"), base.column("destination"), base.column("stock")],
            rows: cells, notes: base.notes, metadata: base.metadata(query))
    }

    public func overlaps(_ rows: [Overlap], year: Int, query: String) -> ResultTable {
        let cells: [[ResultTable.Cell]] = rows.map { row in
            [.text(mechanismName(row.first)), .text(mechanismName(row.second)), .integer(Int64(row.shared)),
             .decimal(row.jaccard, digits: 2), .integer(row.sharedStock)]
        }
        return ResultTable(
            title: text("Overlapping mechanisms, ", "Mecanismos que se superponen, ") + "\(year)",
            columns: [.init(key: "mechanism_a", label: text("Mechanism", "Mecanismo")),
                      .init(key: "mechanism_b", label: text("Mechanism", "Mecanismo")),
                      .init(key: "shared_participants", label: text("Shared states", "Estados comunes")),
                      .init(key: "jaccard", label: "Jaccard"),
                      .init(key: "shared_stock", label: text("Stock both cover", "Población que ambos cubren"))],
            rows: cells,
            notes: [text("Stock both cover: migrants whose origin and destination are participants of both mechanisms.",
                         "Población que ambos cubren: migrantes cuyo origen y destino participan en los dos mecanismos."),
                    ruleNote] + base.notes,
            metadata: base.metadata(query))
    }

    public func memberships(of state: Int, year: Int) -> ResultTable {
        var rows: [[ResultTable.Cell]] = []
        for mechanism in reference.mechanisms {
            for participant in mechanism.participants where participant.area == state {
                let role = roleLabel(participant.role)
                let now = participant.participates(in: year)
                rows.append([.text(mechanism.shortName(language)), .category(code: mechanism.kind.rawValue, label: mechanism.kind.rawValue),
                             .category(code: participant.role.rawValue, label: role),
                             participant.joined.map { .year($0) } ?? .text(""), participant.left.map { .year($0) } ?? .text(""),
                             .category(code: now ? "yes" : "no", label: now ? text("yes", "sí") : "no")])
            }
        }
        return ResultTable(
            title: text("Mechanisms in which \(area(state)) takes part", "Mecanismos en los que participa \(area(state))"),
            columns: [.init(key: "mechanism", label: text("Mechanism", "Mecanismo")), .init(key: "kind", label: text("Kind", "Tipo")),
                      .init(key: "role", label: text("Role", "Función")), .init(key: "joined", label: text("Since", "Desde")),
                      .init(key: "left", label: text("Left", "Salida")),
                      .init(key: "participates_\(year)", label: text("Takes part in \(year)", "Participa en \(year)"))],
            rows: rows, notes: [text("Source: datasets/mechanisms.json; each mechanism cites its own source (`migstat mechanism NAME`).",
                                     "Fuente: datasets/mechanisms.json; cada mecanismo cita su propia fuente (`migstat mechanism NOMBRE`).")],
            metadata: [])
    }
}
