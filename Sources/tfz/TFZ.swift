import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
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
        Memory.tune()
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


/// glibc's allocator, tuned for a process that handles answers of tens of megabytes one after another (a pull reads
/// a platform's report a week at a time). By default glibc raises its mmap threshold each time a large block is freed,
/// so the next answers' buffers come from the heap, whose freed space it keeps: the process's peak grew with every
/// chunk of a pull (301 MiB for a 1M-row pull, 125 MiB for one chunk of it). With a fixed threshold large buffers are
/// mapped and unmapped as they come and go, and two arenas are enough for tfz's few threads.
enum Memory {
    static func tune() {
        #if canImport(Glibc)
        // `mallopt` is glibc's (malloc.h), which Swift's Glibc module does not bring in: looked up by name.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-3, 128 * 1024)  // M_MMAP_THRESHOLD
        _ = mallopt(-8, 2)  // M_ARENA_MAX
        #endif
    }
}
