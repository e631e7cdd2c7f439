/// One end of a figure as a publisher's table names it.
public enum AreaRef: Sendable, Hashable {
    /// A country or area (index into the geography).
    case area(Int)
    /// A region or grouping (index into the geography's groups).
    case group(Int)
    /// Everything: the world row, the "Total" origin column.
    case all
    /// Origins the publisher does not give by country ("Other", "Unknown", or a table by destination only).
    case unspecified
}

/// A region, grouping or total row as the publisher printed it. migstat never adds these to
/// its sums: it keeps them to check the sums of the country rows against.
public struct PublishedTotal: Sendable {
    public var destination: AreaRef
    public var origin: AreaRef
    /// The name as printed ("  LATIN AMERICA AND THE CARIBBEAN") and the code, when given.
    public var label: String
    public var code: Int?
    public var year: Int
    public var sex: Sex
    public var value: Int64
    public var location: SourceLocation
}

/// A country figure the publisher gives for both sexes only (its male and female cells are
/// ".."), which the publisher's own aggregates nevertheless include in their sex split: the
/// known cause of male/female differences in UN DESA tables (Bonaire, Sint Eustatius and Saba).
public struct BothSexesOnly: Sendable, Equatable {
    public var destination: Int
    public var origin: Int
    public var year: Int
    public var value: Int64
}
