/// The engine's identity, printed in every document's provenance section.
public enum Engine {
    public static let name = "Draagvlak"
    public static let version = "0.9.0"
}
