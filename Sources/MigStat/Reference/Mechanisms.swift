import Foundation

/// A migration-governance mechanism of datasets/mechanisms.json: a regional consultative process,
/// an inter-regional forum, a regional community or union, a global forum, or a declaration.
public struct Mechanism: Sendable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case rcp
        case interregionalForum = "interregional-forum"
        case rec
        case globalForum = "global-forum"
        case framework
    }

    public enum Role: String, Sendable, Codable {
        case member, observer
    }

    /// A state's part in the mechanism, with the years public sources give.
    public struct Participant: Sendable {
        public let area: Int
        public let role: Role
        /// First year as a participant; nil for founding members.
        public let joined: Int?
        /// First year no longer a participant.
        public let left: Int?
        /// Years out (inclusive); an open range runs to today.
        public let suspended: [ClosedRange<Int>]
        public let note: String?

        /// Whether the state takes part at mid-year `year` (the UN's stocks are mid-year figures).
        public func participates(in year: Int) -> Bool {
            if let joined, year < joined { return false }
            if let left, year >= left { return false }
            return !suspended.contains { $0.contains(year) }
        }
    }

    public struct Source: Sendable, Codable {
        public let title: String
        public let publisher: String?
        public let url: String?
    }

    public let id: String
    public let nameEn: String
    public let nameEs: String
    public let aliases: [String]
    public let kind: Kind
    public let region: String
    public let established: Int?
    public let source: Source
    public let membershipAsOf: String
    public let notes: String?
    public let participants: [Participant]
    /// International organisations and other non-state participants: recorded, carrying no migrants.
    public let others: [String]

    public func name(_ language: Language) -> String { language == .es ? nameEs : nameEn }

    /// The shortest English or Spanish name among the aliases, for tables ("Quito Process").
    public func shortName(_ language: Language) -> String {
        let full = name(language)
        let prefix = full.split(separator: "(").first.map { $0.trimmingSpaces() } ?? full
        return prefix.isEmpty ? full : prefix
    }

    /// The participating areas in `year` under a membership rule.
    public func areas(in year: Int, rule: MembershipRule) -> [Int] {
        let asOf = rule.dated ? year : rule.today
        return participants.filter { participant in
            (participant.role == .member || rule.includeObservers) && participant.participates(in: asOf)
        }.map(\.area)
    }
}

/// Which participants count, and as of when.
public struct MembershipRule: Sendable, Equatable {
    /// Observers count as participants too.
    public var includeObservers: Bool
    /// True: the membership valid in each year queried; false: today's membership for every year.
    public var dated: Bool
    /// The year "today" means.
    public var today: Int

    public init(includeObservers: Bool = false, dated: Bool = true,
                today: Int = Calendar(identifier: .gregorian).component(.year, from: Date())) {
        self.includeObservers = includeObservers
        self.dated = dated
        self.today = today
    }
}

extension Mechanism {
    /// The JSON form of datasets/mechanisms.json (schema in datasets/README.md).
    struct Record: Decodable {
        struct ParticipantRecord: Decodable {
            struct Suspension: Decodable { let from: Int; let to: Int? }
            let area: String
            let role: Role
            let joined: Int?
            let left: Int?
            let suspended: [Suspension]?
            let note: String?
        }

        struct Other: Decodable { let name: String; let role: String? }

        let id: String
        let name_en: String
        let name_es: String
        let aliases: [String]
        let kind: Kind
        let region: String
        let established: Int?
        let source: Source
        let membership_as_of: String
        let notes: String?
        let participants: [ParticipantRecord]
        let organisations: [Other]?
        let non_un_areas: [Other]?
    }

    struct Registry: Decodable {
        let mechanisms: [Record]
    }

    /// Loads datasets/mechanisms.json; a participant that is not an area of the geography is an error.
    static func load(path: String, geography: Geography, today: Int) throws -> [Mechanism] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MigStatError.reference("\(path) is missing")
        }
        let registry: Registry
        do {
            registry = try JSONDecoder().decode(Registry.self, from: data)
        } catch {
            throw MigStatError.reference("\(path) does not follow the registry schema: \(error)")
        }
        return try registry.mechanisms.map { record in
            let participants = try record.participants.map { participant -> Participant in
                guard let area = geography.area(iso3: participant.area) else {
                    throw MigStatError.reference("\(path): \(record.id) names \"\(participant.area)\", which is not an area code")
                }
                return Participant(
                    area: area, role: participant.role, joined: participant.joined, left: participant.left,
                    suspended: (participant.suspended ?? []).map { $0.from...($0.to ?? max(today, $0.from)) },
                    note: participant.note)
            }
            return Mechanism(
                id: record.id, nameEn: record.name_en, nameEs: record.name_es, aliases: record.aliases,
                kind: record.kind, region: record.region, established: record.established, source: record.source,
                membershipAsOf: record.membership_as_of, notes: record.notes, participants: participants,
                others: (record.organisations ?? []).map(\.name) + (record.non_un_areas ?? []).map(\.name))
        }
    }
}
