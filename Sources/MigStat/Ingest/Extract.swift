/// Everything learnt from reading one extract: how it was written, what it holds, and what
/// was not taken into the figures.
public struct ExtractReport: Sendable {
    public var file: String
    public var bytes: Int
    public var encoding: TextEncoding
    public var encodingDetected: Bool
    public var byteOrderMark: Bool
    public var dialect: SniffedDialect
    public var layout: DetectedLayout
    /// The migrant stock read (nil for an auxiliary measure).
    public var table: MigrantTable?
    public var population: PopulationTable?
    public var provenance: Provenance
    public var published: [PublishedTotal]
    public var bothSexesOnly: [BothSexesOnly]
    public var recordsRead: Int
    public var blankRows: Int
    public var rejections: [Rejection]
    public var rejectedCount: Int
    public var missingValues: Int

    public var measure: Measure { layout.title.measure }
    /// The file's SHA-256 (computed on first use).
    public var sha256: String { provenance.sha256 }
}

/// Reads any extract migstat knows: decodes it to UTF-8, finds its dialect and layout, and hands it
/// to the tidy or the wide reader. libcsv does all the tokenizing, here and in the sniffing.
public enum ExtractReader {
    public static func read(_ raw: InputBytes, reference: ReferenceData, options: IngestOptions = IngestOptions(),
                            progress: ((Int) -> Void)? = nil) throws -> ExtractReport {
        try InputChecks.preflight(raw, limits: options.limits, needsCopy: options.encoding.map { $0 != .utf8 }
            ?? (TextDecoder.sniff(UnsafeRawBufferPointer(rebasing: raw.bytes.prefix(1 << 16))) != .utf8))
        let decoded = try TextDecoder.decode(raw, declared: options.encoding)
        let input = decoded.input
        try InputChecks.text(input, decoded: decoded.scan)
        let dialect = DialectSniffer.sniff(input, delimiter: options.delimiter, decimal: options.declaredDecimalMark)
        var options = options
        options.dialect = dialect.csv
        options.decimalMark = dialect.decimalMark

        let first = CSVRecordCollector()
        try? CSVReader(dialect: dialect.csv, handler: first).parse(DialectSniffer.sample(input))
        let names = AreaNames(reference: reference)
        let layout = try LayoutDetector.detect(records: Array(first.records.prefix(60)), areaNames: names,
                                               options: options, file: raw.name)
        var report = ExtractReport(
            file: raw.name, bytes: raw.bytes.count, encoding: decoded.encoding,
            encodingDetected: decoded.detected, byteOrderMark: decoded.byteOrderMark, dialect: dialect, layout: layout,
            table: nil, population: nil,
            provenance: provenance(of: raw.name, checksum: Checksum(of: [raw]), layout: layout, options: options),
            published: [], bothSexesOnly: [], recordsRead: 0, blankRows: 0, rejections: [], rejectedCount: 0, missingValues: 0)
        if layout.kind == .tidy {
            options.headerLine = layout.headerLine
            let tidy = try TidyIngest.read(input, reference: reference, options: options, progress: progress)
            try checkRowLimit(tidy.recordsRead, raw.name, options)
            report.table = try KeyCheck.check(tidy.table, input: input, reference: reference, options: options)
            report.recordsRead = tidy.recordsRead
            report.rejections = tidy.rejections
            report.rejectedCount = tidy.rejectedCount
            report.missingValues = tidy.missingValues
            return report
        }
        let builder = WideBuilder(file: raw.name, layout: layout, options: options, names: names)
        defer { builder.discardIfUnfinished() }
        try CSVReader(dialect: dialect.csv, handler: builder).parse(input, progress: progress)
        if let fatal = builder.fatal { throw fatal }
        try checkRowLimit(builder.recordsRead, raw.name, options)
        if builder.recordsRead == 0 {
            throw MigStatError.input(SourceLocation(file: raw.name, line: layout.headerLine + 1),
                                     what: "the table has a header but no data rows", hint: "check that the export is complete")
        }
        if layout.title.measure == .population {
            report.population = builder.population.finish(provenance: report.provenance, published: builder.published,
                                                          bothSexesOnly: builder.bothSexesOnly)
        } else {
            report.table = builder.finishTable()
        }
        report.published = builder.published
        report.bothSexesOnly = builder.bothSexesOnly
        report.recordsRead = builder.recordsRead
        report.blankRows = builder.blankRows
        report.rejections = builder.rejections
        report.rejectedCount = builder.rejectedCount
        report.missingValues = builder.missingValues
        return report
    }
}

extension ExtractReader {
    /// `--max-rows` over the whole file (each chunk of a parallel read also stops at it).
    static func checkRowLimit(_ records: Int, _ name: String, _ options: IngestOptions) throws {
        if let maxRows = options.limits.maxRows, records > maxRows { throw InputChecks.tooManyRows(name, maxRows) }
    }

    /// What the file says of itself (a UN title block names edition, citation and licence);
    /// a plain extract is "unknown" but for its name and checksum.
    static func provenance(of path: String, checksum: Checksum, layout: DetectedLayout, options: IngestOptions) -> Provenance {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let title = layout.title
        // Only a table by destination (or by destination and origin) has every migrant, "Other"
        // origins included; tidy and matrix extracts are country pairs unless shown otherwise.
        let complete = layout.kind == .unDestination || layout.kind == .unDestinationOrigin
        return Provenance(
            citation: title.citation ?? "\(file) (user extract)", publisher: title.publisher ?? "unknown",
            edition: options.editionLabel ?? title.edition ?? "unknown", licence: title.licence ?? "unknown", file: file,
            checksum: checksum, coverage: complete ? .complete : .knownOrigin)
    }
}
