import Foundation

/// Numbers as each language writes them in a note: "73,503,418" / "73 503 418",
/// "73.5 million" / "73,5 millones", "3.6%" / "3,6 %".
public struct NumberFormat: Sendable {
    public let language: Language

    public init(_ language: Language) { self.language = language }

    /// Digit groups of three: a comma in English, a no-break space in Spanish (as the UN's
    /// Spanish editorial rules and the RAE write them, so no grouping is read as a decimal point).
    public var groupSeparator: String { language == .es ? "\u{00A0}" : "," }
    public var decimalSeparator: String { language == .es ? "," : "." }

    public func integer(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { grouped += groupSeparator }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    public func decimal(_ value: Double, digits: Int) -> String {
        let text = String(format: "%.\(digits)f", value)
        return language == .es ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    public func percent(_ value: Double, digits: Int = 1) -> String {
        decimal(value, digits: digits) + (language == .es ? "\u{00A0}%" : "%")
    }

    /// A count as a note writes it: whole below a million, then millions (or thousand millions)
    /// with one decimal. Spanish "billón" is 10¹², so 10⁹ is "mil millones".
    public func human(_ value: Int64) -> String {
        let magnitude = Double(value)
        if abs(magnitude) >= 1e9 {
            let text = decimal(magnitude / 1e9, digits: 1)
            return language == .es ? "\(text) mil millones" : "\(text) billion"
        }
        if abs(magnitude) >= 1e6 {
            let text = decimal(magnitude / 1e6, digits: 1)
            if language == .es { return text == "1,0" ? "1 millón" : "\(text) millones" }
            return "\(text) million"
        }
        return integer(value)
    }
}
