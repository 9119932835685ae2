import ArgumentParser
import CampaignKit
import Foundation
import Operations
import Store

/// `tfz log`: what tfz did, when, for whom, and how it ended.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Print the change log of this workspace.")

    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: "How many entries, newest last.") var limit = 50

    func run() throws {
        let store = try workspace.store(try workspace.library().workspace.config)
        let entries = try store.changeLog(limit: limit)
        if entries.isEmpty { Console.out("The change log is empty: nothing has been launched from this workspace."); return }
        for e in entries {
            // The machine last, so that the columns before it read the same whatever machine acted.
            Console.out("\(e.at)  \(e.actor)  \(e.action)  \(e.key?.description ?? "-")  \(e.detail)  → \(e.result)\(e.machine.map { "  on \($0)" } ?? "")")
        }
    }
}
