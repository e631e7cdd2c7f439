/// The reference data as a table: what a user may name on the command line.
public struct AreaListing: Sendable {
    public let reference: ReferenceData
    public let language: Language

    public init(reference: ReferenceData, language: Language) {
        self.reference = reference
        self.language = language
    }

    /// The mechanisms of the registry, with kind, participants and the date their membership is valid for.
    public func mechanisms(matching text: String?) -> ResultTable {
        let needle = text.map(nameKey)
        let rows: [[ResultTable.Cell]] = reference.mechanisms
            .filter { mechanism in
                needle.map { needle in ([mechanism.nameEn, mechanism.nameEs, mechanism.id] + mechanism.aliases)
                    .contains { nameKey($0).contains(needle) } } ?? true
            }
            .map { [.text($0.id), .text($0.shortName(language)), .text($0.kind.rawValue),
                    .integer(Int64($0.participants.filter { $0.role == .member }.count)),
                    .integer(Int64($0.participants.filter { $0.role == .observer }.count)), .text($0.membershipAsOf)] }
        return ResultTable(title: language == .es ? "Mecanismos" : "Mechanisms",
                           columns: [.init(key: "id", label: "id"), .init(key: "name", label: language == .es ? "Nombre" : "Name"),
                                     .init(key: "kind", label: "kind"), .init(key: "members", label: "members"),
                                     .init(key: "observers", label: "observers"), .init(key: "as_of", label: "as of")],
                           rows: rows)
    }

    public func table(groups: Bool, matching text: String?) -> ResultTable {
        let needle = text.map(nameKey)
        func matches(_ names: [String]) -> Bool {
            guard let needle else { return true }
            return names.contains { nameKey($0).contains(needle) }
        }
        let geography = reference.geography
        if groups {
            let rows: [[ResultTable.Cell]] = geography.groups
                .filter { matches([$0.nameEn, $0.nameEs] + $0.aliases) }
                .map { [.integer(Int64($0.code)), .text($0.kind.rawValue), .text($0.nameEn), .text($0.nameEs),
                        .integer(Int64($0.members.count))] }
            return ResultTable(title: language == .es ? "Agrupaciones" : "Groupings",
                               columns: [.init(key: "code", label: "M49"), .init(key: "kind", label: "kind"),
                                         .init(key: "name_en", label: "English"), .init(key: "name_es", label: "Español"),
                                         .init(key: "members", label: "#")], rows: rows)
        }
        let rows: [[ResultTable.Cell]] = geography.areas
            .filter { matches([$0.nameEn, $0.nameEs, $0.iso3] + $0.aliases) }
            .map { [.integer(Int64($0.m49)), .text($0.iso3), .text($0.nameEn), .text($0.nameEs)] }
        return ResultTable(title: language == .es ? "Países y zonas" : "Countries and areas",
                           columns: [.init(key: "m49", label: "M49"), .init(key: "iso3", label: "ISO3"),
                                     .init(key: "name_en", label: "English"), .init(key: "name_es", label: "Español")],
                           rows: rows)
    }
}
