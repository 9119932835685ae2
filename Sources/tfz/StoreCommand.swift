import ArgumentParser
import CampaignKit
import Foundation
import Operations
import Store

/// `tfz store`: which store the workspace uses, and moving its state between stores.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Show the workspace's store, or copy its state and metrics into another store.",
        subcommands: [Status.self, Copy.self]
    )

    /// `tfz store status`: which store, its schema version, who holds a lease, the last tick.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Which store this workspace uses, its schema version, lease holders and the last tick.")
        @OptionGroup var workspace: WorkspaceOptions

        func run() throws {
            let store = try workspace.store(try workspace.library().workspace.config)
            let applied = try store.appliedMigrations()
            Console.out("Store: \(store.description)")
            Console.out("Schema: version \(applied.count) (\(applied.last ?? "none"))")
            let leases = try store.leases(now: Date())
            if leases.isEmpty {
                Console.out("Leases: none held")
            }
            for lease in leases {
                Console.out("Lease “\(lease.name)”: held by \(lease.holder)\(lease.until.map { " until \(iso($0))" } ?? " for as long as it runs")")
            }
            if let tick = try store.lastTick() {
                Console.out("Last tick: \(tick.finishedAt) by \(tick.holder): \(tick.summary)")
            } else {
                Console.out("Last tick: none (the scheduler has not completed a tick against this store)")
            }
            Console.out("Metrics: \(try store.metricRowCount()) daily row(s); change log: \(try store.changeLog(limit: 1).isEmpty ? "empty" : "kept")")
        }
    }

    /// `tfz store copy --to TARGET`.
    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy this workspace's state and metrics into an empty store, and check the copy by counts and totals.",
            discussion: """
                TARGET is postgresql://USER@HOST[:PORT]/DATABASE (the password comes from --password, a reference), or \
                sqlite:DIR (a folder that gets state.sqlite; `sqlite` alone is this workspace's .tfz). The workspace \
                keeps using the store tfz.yaml names: point `store:` at the new one once the copy is done.
                """
        )
        @OptionGroup var workspace: WorkspaceOptions
        @Option(help: ArgumentHelp("The store to copy into.", valueName: "TARGET")) var to: String
        @Option(help: ArgumentHelp("The target PostgreSQL password, as a reference: env:NAME or file:PATH.", valueName: "REF"))
        var password: String?
        @Option(help: ArgumentHelp("TLS to the target PostgreSQL server: disable, prefer, require or verify-full.", valueName: "MODE")) var tls = "prefer"

        func run() throws {
            let root = try workspace.root()
            let source = try workspace.store(try workspace.library().workspace.config)
            let destination = try target(root: root)
            guard destination.description != source.description else {
                throw UsageError("the target is the store this workspace already uses (\(source.description))")
            }
            Console.err("Copying \(source.description) into \(destination.description)…")
            let lines = try StoreCopier.copy(from: source, to: destination) { Console.err("  \($0)") }
            for line in lines { Console.out("\(line.table.name): \(line.totals) — the same in both stores") }
            Console.out("Copied and checked \(lines.count) tables. To use the new store, set `store:` in tfz.yaml.")
        }

        private func target(root: URL) throws -> any WorkspaceStore {
            if to == "sqlite" { return try SQLiteStore(directory: root.appendingPathComponent(".tfz")) }
            if to.hasPrefix("sqlite:") {
                let path = String(to.dropFirst(7))
                return try SQLiteStore(directory: URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)))
            }
            if PostgresStoreSetting.carriesPassword(to) {
                // Never echoed: the address carries a password.
                throw UsageError("the address given to --to carries a password; give the address without it and the password as --password env:NAME or file:PATH")
            }
            guard let parts = PostgresStoreSetting.parseURL(to) else {
                throw UsageError("--to takes postgresql://USER@HOST[:PORT]/DATABASE or sqlite:DIR, not '\(to)' (a password never goes in the address: use --password env:NAME)")
            }
            guard let mode = PostgresSettings.TLSMode(rawValue: tls) else { throw UsageError("--tls takes disable, prefer, require or verify-full, not '\(tls)'") }
            if let password, !(password.hasPrefix("env:") || password.hasPrefix("file:")) {
                throw UsageError("--password takes a reference, env:NAME or file:PATH, never the password itself")
            }
            let setting = PostgresStoreSetting(host: parts.host, port: parts.port, user: parts.user, database: parts.database,
                                               password: password, tls: mode.rawValue, location: SourceLocation(path: "--to", line: 1, column: 1))
            return try PostgresStore(try WorkspaceStores.settings(setting))
        }
    }
}
