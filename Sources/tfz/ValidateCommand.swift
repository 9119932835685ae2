import ArgumentParser
import CampaignKit

/// `tfz validate`: checks every campaign file and prints every problem with its file, line and column.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the campaign files and print every problem with its file, line and column.",
        discussion: "Exit codes: 0 no errors (warnings allowed unless --strict); 1 errors found; 2 usage error."
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(help: "Output format: text, or json (JSON Lines, one object per diagnostic).")
    var format: OutputFormat = .text

    func validate() throws {
        if format == .markdown { throw ValidationError("validate supports --format text or json") }
    }

    func run() throws {
        let library = try workspace.library()
        let diagnostics = library.diagnostics
        switch format {
        case .json:
            Console.out(DiagnosticRenderer.jsonLines(diagnostics))
        default:
            Console.out(DiagnosticRenderer.text(diagnostics))
            let w = library.workspace
            let failed = diagnostics.hasFailures(strict: strict)
            let warningsFail = strict && failed && !diagnostics.hasFailures()
            Console.out("\(failed ? "✗" : "✓") \(w.zones.count) zones, \(w.templates.count) templates, \(w.keywordLists.count) keyword lists, "
                        + "\(w.creative.count) creative files → \(library.campaigns.count) campaigns; \(DiagnosticRenderer.counts(diagnostics))"
                        + (warningsFail ? " (--strict: warnings count as errors)" : ""))
        }
        if diagnostics.hasFailures(strict: strict) { throw ExitCode(1) }
    }
}
