import ArgumentParser
import Foundation
import Logging
import Operations

/// `tfz`: the campaign manager's command line. Each subcommand lives in its own file.
struct TFZ: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tfz",
        abstract: "Manage TraffickingFree Zone deterrence and outreach ad campaigns from files.",
        discussion: """
            Exit codes: 0 success; 1 the campaign files have errors (or an operation failed); 2 usage error.
            Commands act on the workspace in the current folder, or in the folder given with -C.
            """,
        version: "0.1.0",
        subcommands: [ValidateCommand.self, PlanCommand.self, LaunchCommand.self, PauseCommand.self, ResumeCommand.self,
                      StatusCommand.self, LogCommand.self, PullCommand.self, ReportCommand.self, TickCommand.self, SchedulerCommand.self, SandboxCommand.self,
                      StoreCommand.self]
    )
}

/// Runs the command line, mapping argument errors to exit code 2 (argument-parser's default is 64).
@main
enum Main {
    static func main() async {
        // The terminal shows notices, warnings and errors; `TFZ_LOG_LEVEL=info` (or debug, trace) shows every request.
        let level = ProcessInfo.processInfo.environment["TFZ_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .notice
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        do {
            var command = try TFZ.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as UsageError {
            FileHandle.standardError.write(Data("tfz: error: \(error.message)\n".utf8))
            exit(2)
        } catch {
            let code = TFZ.exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((TFZ.fullMessage(for: error) + "\n").utf8))
                exit(2)
            }
            TFZ.exit(withError: error)
        }
    }
}

