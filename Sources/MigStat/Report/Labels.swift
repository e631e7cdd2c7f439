/// The words of the human formats, in English and Spanish.
public struct Labels: Sendable {
    public let language: Language

    public init(_ language: Language) { self.language = language }

    private static let words: [String: (en: String, es: String)] = [
        "year": ("Year", "Año"),
        "sex": ("Sex", "Sexo"),
        "stock": ("Migrant stock", "Población migrante"),
        "origin": ("Origin", "Origen"),
        "destination": ("Destination", "Destino"),
        "change": ("Change", "Variación"),
        "percent_change": ("Change (%)", "Variación (%)"),
        "annual_rate": ("Annual rate (%)", "Tasa anual (%)"),
        "rank": ("#", "N.º"),
        "share": ("Share (%)", "Proporción (%)"),
        "total": ("Total", "Total"),
        "male": ("Male", "Hombres"),
        "female": ("Female", "Mujeres"),
        "source": ("Source", "Fuente"),
        "immigrants_in": ("International migrants living in", "Migrantes internacionales que residen en"),
        "emigrants_from": ("Emigrants from", "Emigrantes de"),
        "migrants_from_to": ("Migrants from %@ living in %@", "Migrantes de %@ que residen en %@"),
        "corridor": ("Corridor", "Corredor"),
        "top_origins": ("Largest origins of migrants living in", "Principales orígenes de los migrantes que residen en"),
        "top_destinations": ("Largest destinations of emigrants from", "Principales destinos de los emigrantes de"),
        "top_corridors": ("Largest migration corridors", "Principales corredores migratorios"),
        "within": ("within", "dentro de"),
        "matrix": ("Migrant stock by origin (rows) and destination (columns)",
                   "Población migrante por origen (filas) y destino (columnas)"),
        "world": ("World", "Mundo"),
        "known_origin": (
            "Migrants of known origin: the %@ bilateral data hold country-to-country pairs only, so totals leave out migrants whose origin is unknown and fall below the UN's published totals.",
            "Migrantes de origen conocido: los datos bilaterales de %@ solo contienen pares de países, por lo que los totales excluyen a los migrantes de origen desconocido y quedan por debajo de los totales publicados por las Naciones Unidas."),
    ]

    public subscript(_ key: String) -> String {
        guard let entry = Self.words[key] else { return key }
        return language == .es ? entry.es : entry.en
    }

    /// A phrase with its "%@" slots filled in order.
    public func phrase(_ key: String, _ arguments: String...) -> String {
        var text = self[key]
        for argument in arguments {
            guard let slot = text.range(of: "%@") else { break }
            text.replaceSubrange(slot, with: argument)
        }
        return text
    }

    public func sex(_ sex: Sex) -> String { self[sex.label] }
}
