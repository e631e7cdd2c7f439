import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import MigStat

/// An SVG parsed as XML (a malformed one fails to parse), with the lookups the tests need.
struct ParsedSVG {
    let root: XMLElement

    init(_ text: String) throws {
        root = try XMLDocument(xmlString: text, options: []).rootElement()!
    }

    func elements(_ name: String? = nil, class className: String? = nil) -> [XMLElement] {
        var found: [XMLElement] = []
        func visit(_ element: XMLElement) {
            let classes = element.attribute("class").split(separator: " ")
            if name.map({ element.name == $0 }) ?? true, className.map({ classes.contains(Substring($0)) }) ?? true {
                found.append(element)
            }
            for case let child as XMLElement in element.children ?? [] { visit(child) }
        }
        visit(root)
        return found
    }

    /// The text of a group's lines joined with spaces: wrapped sentences read whole again.
    func text(of className: String) -> String {
        elements(class: className).flatMap { group in
            group.name == "text" ? [group] : (group.children ?? []).compactMap { $0 as? XMLElement }.filter { $0.name == "text" }
        }.map { $0.stringValue ?? "" }.joined(separator: " ")
    }

    var allText: String { elements("text").map { $0.stringValue ?? "" }.joined(separator: "\n") }
}

extension XMLElement {
    /// An attribute's value, "" when absent. (FoundationXML's attribute(forName:) finds nothing under
    /// SVG's default namespace on Linux, so the attributes are searched by name.)
    func attribute(_ name: String) -> String { attributes?.first { $0.name == name }?.stringValue ?? "" }
    func number(_ name: String) -> Double { Double(attribute(name))! }
}

/// The charts drawn from the embedded data, checked against plain sums over the shared UN CSV.
@Suite(.enabled(if: Paths.sharedAvailable, "needs ../shared"))
struct ChartTests {
    let plain = PlainRows.ims2024
    let centralAsia = M49Overview.iso3(subregion: "Central Asia")

    func charts(_ language: Language) -> Charts { Charts(provenance: Fixture.dataset.provenance, language: language) }

    /// A chart's frame: 170 mm wide, no text under 9 pt, the source and the coverage caveat at the foot.
    func checkFrame(_ svg: ParsedSVG, language: Language) {
        #expect(svg.root.attribute("width") == "170mm")
        let viewBox = svg.root.attribute("viewBox").split(separator: " ").compactMap { Double($0) }
        #expect(abs(viewBox[2] - 170 / 25.4 * 72) < 0.01)
        for text in svg.elements("text") { #expect(text.number("font-size") >= 9, "\(text.stringValue ?? "")") }
        let provenance = Fixture.dataset.provenance
        let foot = svg.text(of: "source")
        #expect(foot.contains(provenance.citation(language)))
        #expect(foot.contains(language == .es ? "Fuente:" : "Source:"))
        #expect(foot.contains(language == .es ? "Migrantes de origen conocido" : "Migrants of known origin"))
        // Horizontal text stays on the page (rotated scale labels are checked by eye).
        for text in svg.elements("text") where text.attribute("transform").isEmpty {
            let width = TextMetrics.width(text.stringValue ?? "", size: text.number("font-size"),
                                          bold: text.attribute("font-weight") == "bold")
            let x = text.number("x")
            let left = switch text.attribute("text-anchor") { case "end": x - width; case "middle": x - width / 2; default: x }
            var offset = 0.0, ancestor = text.parent as? XMLElement
            while let group = ancestor {
                let transform = group.attribute("transform")
                if transform.hasPrefix("translate(") { offset += Double(transform.dropFirst(10).split(separator: ",")[0])! }
                ancestor = group.parent as? XMLElement
            }
            #expect(left + offset >= 0 && left + offset + width <= viewBox[2] + 0.5, "\(text.stringValue ?? "") runs off the page")
        }
    }

    // MARK: series

    @Test func corridorSeriesLinesFollowThePlainSums() throws {
        let engine = Fixture.engine()
        let subjects = try ["Central Asia->Türkiye", "Central Asia->Russian Federation"].map(engine.resolver.corridor)
        let years = Fixture.dataset.table.years.sorted()
        let data = try subjects.map { (subject: $0, rows: try engine.series($0, years: years, sex: .total)) }
        let svg = try ParsedSVG(charts(.en).series(data, sex: .total))
        checkFrame(svg, language: .en)
        #expect(svg.text(of: "title") == "Migrant stock by corridor, 1990–2024")
        let series = svg.elements("g", class: "series")
        #expect(series.map { $0.attribute("data-label") } == ["Central Asia → Türkiye", "Central Asia → Russian Federation"])
        #expect(svg.text(of: "legend").contains("Central Asia → Russian Federation"))
        #expect(svg.text(of: "axis-title") == "Migrant stock (millions)")

        // Heights above the zero line are proportional to the stock, on one scale for both lines.
        var points: [(value: Int64, x: Double, y: Double)] = []
        for (line, destination) in zip(series, ["TUR", "RUS"]) {
            let polyline = line.elements(forName: "polyline")[0]
            let xy = polyline.attribute("points").split(separator: " ").map { $0.split(separator: ",").map { Double($0)! } }
            #expect(xy.count == 8)
            #expect(xy.map { $0[0] } == xy.map { $0[0] }.sorted())
            for (year, point) in zip([1990, 1995, 2000, 2005, 2010, 2015, 2020, 2024], xy) {
                points.append((plain.sum(year: year, origins: centralAsia, destinations: [destination]), point[0], point[1]))
            }
        }
        let low = points.min { $0.value < $1.value }!, high = points.max { $0.value < $1.value }!
        let perPerson = (low.y - high.y) / Double(high.value - low.value)
        for point in points {
            #expect(abs(low.y - point.y - perPerson * Double(point.value - low.value)) < 0.02)
        }
        // 2020 and 2024 sit 4/5 of a five-year step apart: the year axis is to scale.
        let x = points.prefix(8).map(\.x)
        #expect(abs((x[7] - x[6]) / (x[6] - x[5]) - 0.8) < 0.01)
    }

    @Test func seriesSpeakSpanish() throws {
        let engine = Fixture.engine(.es)
        let subjects: [SeriesSubject] = [.immigrants(try engine.resolver.selection("Américas")),
                                         .emigrants(try engine.resolver.selection("Venezuela"))]
        let data = try subjects.map { (subject: $0, rows: try engine.series($0, years: [2000, 2010, 2020, 2024], sex: .female)) }
        let svg = try ParsedSVG(charts(.es).series(data, sex: .female))
        checkFrame(svg, language: .es)
        #expect(svg.text(of: "title") == "Población migrante internacional, 2000–2024 (mujeres)")
        #expect(svg.text(of: "axis-title") == "Población migrante (millones)")
        #expect(svg.elements("g", class: "series").map { $0.attribute("data-label") }
                == ["Inmigrantes en Américas", "Emigrantes de Venezuela (República Bolivariana de)"])
        for english in ["Migrant stock", "Immigrants", "Source", "millions", "known origin"] {
            #expect(!svg.allText.contains(english))
        }
    }

    // MARK: bars

    @Test func topBarsAreAsLongAsThePlainStocks() throws {
        let engine = Fixture.engine(.es)
        let mode = TopMode.destinationsOf(try engine.resolver.selection("Venezuela"))
        let rows = try engine.top(mode, year: 2024, sex: .total, n: 10)
        let svg = try ParsedSVG(charts(.es).top(rows, mode: mode, year: 2024, sex: .total))
        checkFrame(svg, language: .es)
        let expected = plain.rows.filter { $0.year == 2024 && $0.origin == "VEN" }.map(\.total).sorted(by: >).prefix(10)
        let bars = svg.elements("rect", class: "bar")
        #expect(bars.count == 10)
        let widths = bars.map { $0.number("width") }
        for (width, value) in zip(widths, expected) {
            #expect(abs(width / widths[0] - Double(value) / Double(expected.first!)) < 1e-9)
        }
        #expect(bars[0].attribute("data-category") == "Colombia")
        // Values written in Spanish style: digit groups with a no-break space.
        #expect(svg.elements("text", class: "value").map { $0.stringValue ?? "" }
                == expected.map { NumberFormat(.es).integer($0) })
        #expect(svg.elements("text", class: "value")[0].stringValue == "2\u{00A0}904\u{00A0}873")
        #expect(svg.text(of: "title").hasPrefix("Principales destinos de los emigrantes de Venezuela"))
    }

    @Test func corridorBarsNameBothEnds() throws {
        let engine = Fixture.engine()
        let mode = TopMode.corridors(within: nil)
        let rows = try engine.top(mode, year: 2024, sex: .total, n: 5)
        let svg = try ParsedSVG(charts(.en).top(rows, mode: mode, year: 2024, sex: .total))
        checkFrame(svg, language: .en)
        #expect(svg.elements("rect", class: "bar").first?.attribute("data-category") == "Mexico → United States of America")
        #expect(svg.elements("text", class: "value").first?.stringValue
                == NumberFormat(.en).integer(plain.sum(year: 2024, origins: ["MEX"], destinations: ["USA"])))
    }

    // MARK: chord

    /// The plain region matrix: UNSD's M49 regions, plus the two UN DESA areas its overview lacks.
    func plainRegionMatrix(year: Int) -> [String: [String: Int64]] {
        let notInOverview = ["Asia": "TWN", "Europe": "CHI"]
        let regions = ["Africa", "Americas", "Asia", "Europe", "Oceania"]
        var regionOf: [String: String] = [:]
        for region in regions {
            for code in M49Overview.iso3(region: region).union(notInOverview[region].map { [$0] } ?? []) { regionOf[code] = region }
        }
        var matrix: [String: [String: Int64]] = [:]
        for row in plain.rows where row.year == year {
            matrix[regionOf[row.origin]!, default: [:]][regionOf[row.destination]!, default: 0] += row.total
        }
        return matrix
    }

    /// Degrees clockwise from twelve o'clock of a point in the diagram's centred coordinates.
    func bearing(_ x: Double, _ y: Double) -> Double {
        let degrees = atan2(x, -y) * 180 / .pi
        return degrees < 0 ? degrees + 360 : degrees
    }

    @Test func chordWidthsAndSectorsAreProportionalToThePlainMatrix() throws {
        let matrix = try Fixture.engine().matrix(by: .region, year: 2024, sex: .total)
        let svg = try ParsedSVG(charts(.en).chord(matrix, grouping: .region))
        checkFrame(svg, language: .en)
        let expected = plainRegionMatrix(year: 2024)
        let numbers = /-?[0-9.]+/

        // Sectors: angular size ∝ migrants in + out.
        var sectorRange: [String: (start: Double, end: Double)] = [:]
        var sectorSizes: [(Double, Int64)] = []
        for sector in svg.elements("path", class: "sector") {
            let label = sector.attribute("data-label")
            let values = sector.attribute("d").matches(of: numbers).map { Double($0.output)! }
            let start = bearing(values[0], values[1]), end = bearing(values[7], values[8])
            sectorRange[label] = (start, end)
            let turnover = expected[label]!.values.reduce(0, +) + expected.values.reduce(0) { $0 + ($1[label] ?? 0) }
            sectorSizes.append(((end - start + 360).truncatingRemainder(dividingBy: 360), turnover))
        }
        #expect(Set(sectorRange.keys) == ["Africa", "Americas", "Asia", "Europe", "Oceania"])
        let sectorScale = sectorSizes.map { $0.0 / Double($0.1) }
        #expect(sectorScale.allSatisfy { abs($0 / sectorScale[0] - 1) < 1e-3 })

        // Chords: one per non-empty cell; the width at the origin ∝ the stock, on the sectors' scale;
        // it leaves from the origin's sector and its arrowhead points into the destination's.
        let chords = svg.elements("path", class: "chord")
        #expect(chords.count == expected.values.reduce(0) { $0 + $1.values.filter { $0 > 0 }.count })
        func inside(_ angle: Double, _ range: (start: Double, end: Double)) -> Bool {
            (angle - range.start + 360.01).truncatingRemainder(dividingBy: 360) <= range.end - range.start + 0.02
        }
        for chord in chords {
            let origin = chord.attribute("data-origin"), destination = chord.attribute("data-destination")
            let value = expected[origin]![destination]!
            let path = chord.attribute("d")
            let values = path.matches(of: numbers).map { Double($0.output)! }
            let start = bearing(values[0], values[1]), end = bearing(values[7], values[8])
            let width = (end - start + 360).truncatingRemainder(dividingBy: 360)
            #expect(abs(width - sectorScale[0] * Double(value)) < 0.02, "\(origin) → \(destination)")
            #expect(inside(start, sectorRange[origin]!) && inside(end, sectorRange[origin]!))
            let tip = path.split(separator: "L")[1].split(separator: ",").map { Double($0)! }
            #expect(inside(bearing(tip[0], tip[1]), sectorRange[destination]!), "\(origin) → \(destination) arrowhead")
        }
        // Drawn smallest first, so the largest lie on top.
        let drawn = chords.map { expected[$0.attribute("data-origin")]![$0.attribute("data-destination")]! }
        #expect(drawn == drawn.sorted())
    }

    @Test func chordLabelsSpeakSpanish() throws {
        let matrix = try Fixture.engine(.es).matrix(by: .sdgRegion, year: 2020, sex: .total)
        let svg = try ParsedSVG(charts(.es).chord(matrix, grouping: .sdgRegion))
        checkFrame(svg, language: .es)
        #expect(svg.text(of: "title") == "Población migrante por región de los ODS de origen y de destino, 2020")
        #expect(svg.elements("path", class: "sector").count == 8)
        let labels = svg.elements("path", class: "sector").map { $0.attribute("data-label") }
        #expect(labels.contains("América Latina y el Caribe"))
        #expect(labels.contains("África subsahariana"))
        #expect(svg.text(of: "subtitle").contains("Escala en millones"))
    }

    // MARK: mechanisms

    @Test func almatyCoverageBarsFollowThePlainSums() throws {
        let engine = Fixture.engine()
        let index = try engine.resolver.mechanism("Almaty Process")
        let years = Fixture.dataset.table.years.sorted()
        let figures = try engine.figures(of: index, years: years, sex: .total)
        let svg = try ParsedSVG(charts(.en).mechanisms([figures], mechanisms: [index], reference: Fixture.reference,
                                                       rule: MembershipRule(), sex: .total))
        checkFrame(svg, language: .en)
        let bars = svg.elements("rect", class: "bar")
        #expect(bars.count == years.count * 3)
        var expected: [Int64] = []
        for year in years {
            let members = PlainRegistry.shared.members("almaty-process", year: year)
            expected += [plain.sum(year: year, destinations: members), plain.sum(year: year, origins: members),
                         plain.sum(year: year, origins: members, destinations: members)]
        }
        let widths = bars.map { $0.number("width") }
        let reference = widths.indices.max { expected[$0] < expected[$1] }!
        for (width, value) in zip(widths, expected) {
            #expect(abs(width / widths[reference] - Double(value) / Double(expected[reference])) < 1e-9)
        }
        #expect(bars.map { $0.attribute("data-category") } == years.flatMap { [String($0)] + [String($0), String($0)] })
        #expect(svg.text(of: "legend") == "Living in participating states From participating states Between participating states")
        #expect(svg.text(of: "source").contains("Membership of Almaty Process"))
    }

    @Test func severalMechanismsSideBySideInSpanish() throws {
        let engine = Fixture.engine(.es)
        let indices = try ["Proceso de Quito", "Proceso de Almaty"].map(engine.resolver.mechanism)
        let figures = try indices.map { try engine.figures(of: $0, years: [2024], sex: .total) }
        let svg = try ParsedSVG(charts(.es).mechanisms(figures, mechanisms: indices, reference: Fixture.reference,
                                                       rule: MembershipRule(), sex: .total))
        checkFrame(svg, language: .es)
        let bars = svg.elements("rect", class: "bar")
        #expect(bars.count == 6)
        let quito = PlainRegistry.shared.members("quito-process", year: 2024)
        let almaty = PlainRegistry.shared.members("almaty-process", year: 2024)
        let values = [quito, almaty].flatMap { members in
            [plain.sum(year: 2024, destinations: members), plain.sum(year: 2024, origins: members),
             plain.sum(year: 2024, origins: members, destinations: members)]
        }
        #expect(svg.elements("text", class: "value").map { $0.stringValue ?? "" } == values.map { NumberFormat(.es).integer($0) })
        #expect(svg.text(of: "legend").hasPrefix("Residen en los Estados participantes"))
        #expect(svg.text(of: "title").hasSuffix(", 2024"))
    }
}

/// `migstat chart` run as a user runs it.
@Suite(.enabled(if: Paths.sharedAvailable, "needs ../shared"))
struct ChartCLITests {
    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-chart-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func writesAnSVGChart() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("venezuela.svg").path
        let run = try runMigstat(["chart", "top", "--origin", "Venezuela", "--year", "2024", "-n", "7", "--lang", "es", "-o", target])
        #expect(run.status == 0, "\(run.err)")
        let svg = try ParsedSVG(try String(contentsOfFile: target, encoding: .utf8))
        #expect(svg.elements("rect", class: "bar").count == 7)
        #expect(svg.text(of: "source").contains("Fuente:"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["venezuela.svg"])

        let series = folder.appendingPathComponent("series.svg").path
        let lines = try runMigstat(["chart", "series", "--corridor", "Central Asia->Türkiye", "--corridor", "Asia Central→Federación de Rusia",
                                    "--dest", "Americas", "-o", series])
        #expect(lines.status == 0, "\(lines.err)")
        #expect(try ParsedSVG(try String(contentsOfFile: series, encoding: .utf8)).elements("g", class: "series").count == 3)
    }

    @Test func anUnwritablePathExitsWith6AndLeavesNothing() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = try runMigstat(["chart", "chord", "-o", folder.appendingPathComponent("no/such/chord.svg").path])
        #expect(missing.status == 6)
        #expect(missing.err.split(separator: "\n").count == 1)
        // A directory in the way of the file: the rename fails and the temporary file is removed.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("taken.svg"), withIntermediateDirectories: false)
        let taken = try runMigstat(["chart", "chord", "-o", folder.appendingPathComponent("taken.svg").path])
        #expect(taken.status == 6)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["taken.svg"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("taken.svg").path).isEmpty)
    }

    @Test func badRequestsAreUsageErrors() throws {
        let pdf = try runMigstat(["chart", "chord", "-o", "chord.pdf"])
        #expect(pdf.status == 2 && pdf.err.contains(".svg or .png"))
        let nothing = try runMigstat(["chart", "series"])
        #expect(nothing.status == 2)
        let corridor = try runMigstat(["chart", "series", "--corridor", "Central Asia"])
        #expect(corridor.status == 2 && corridor.err.contains("FROM->TO"))
        let several = try runMigstat(["chart", "mechanism", "Quito Process", "Almaty Process", "--year", "2015-2024"])
        #expect(several.status == 2)
    }

    @Test func pngWithoutRsvgConvertSaysWhatItNeedsAndWritesNothing() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try runMigstat(["chart", "top", "--origin", "Venezuela", "-o", folder.appendingPathComponent("v.svg").path, "--png"],
                                 environment: ["PATH": folder.path])
        #expect(run.status == 6)
        #expect(run.err.contains("rsvg-convert"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test(.enabled(if: ChartFile.rasterizer != nil, "needs rsvg-convert"))
    func writesPNGWithRsvgConvert() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("chord.png").path
        let run = try runMigstat(["chart", "chord", "--year", "2020", "-o", target])
        #expect(run.status == 0, "\(run.err)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: target))
        #expect(bytes.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["chord.png"])
    }
}
