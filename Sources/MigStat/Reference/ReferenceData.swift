import Foundation

/// The project's reference data, loaded once: geography, groupings, mechanisms, and the names of everything.
public final class ReferenceData: Sendable {
    public let geography: Geography
    public let mechanisms: [Mechanism]
    public let names: NameIndex

    public init(geography: Geography, mechanisms: [Mechanism] = []) {
        self.geography = geography
        self.mechanisms = mechanisms
        var names = NameIndex()
        for (index, area) in geography.areas.enumerated() {
            for name in [area.nameEn, area.nameEs] + area.aliases { names.add(name, for: .area(index)) }
            names.add(area.iso3, for: .area(index), suggest: false)
            names.add(String(area.m49), for: .area(index), suggest: false)
        }
        for (index, group) in geography.groups.enumerated() {
            for name in [group.nameEn, group.nameEs] + group.aliases { names.add(name, for: .group(index)) }
            names.add(String(group.code), for: .group(index), suggest: false)
        }
        for (index, mechanism) in mechanisms.enumerated() {
            for name in [mechanism.nameEn, mechanism.nameEs, mechanism.id] + mechanism.aliases {
                names.add(name, for: .mechanism(index))
            }
        }
        self.names = names
    }

    public static func load(directory: String, today: Int = MembershipRule().today) throws -> ReferenceData {
        let geography = try Geography.load(directory: directory)
        let mechanisms = try Mechanism.load(path: directory + "/mechanisms.json", geography: geography, today: today)
        return ReferenceData(geography: geography, mechanisms: mechanisms)
    }

    /// The reference data shipped in datasets/, loaded on first use.
    public static func bundled() throws -> ReferenceData {
        try bundledCache.get()
    }

    private static let bundledCache = LoadOnce { try ReferenceData.load(directory: DatasetLocator.directory()) }
}

/// A value computed on first use and kept, errors included, safe across threads.
final class LoadOnce<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Value, Error>?
    private let make: () throws -> Value

    init(_ make: @escaping () throws -> Value) { self.make = make }

    func get() throws -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let result { return try result.get() }
        let made = Result { try make() }
        result = made
        return try made.get()
    }
}
