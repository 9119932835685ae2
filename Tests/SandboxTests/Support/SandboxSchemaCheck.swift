@testable import Sandbox

/// Runs the sandbox's own schema validator (the generated v25 tables) over a JSON value.
enum SandboxSchemaCheck {
    static func violations(_ value: SandboxJSON, message: String) -> [String] {
        var validator = SchemaValidator()
        _ = validator.validate(value, message: message, path: "")
        return validator.violations.map(\.description)
    }
}
