import GRDB

extension SQLiteStore {
    /// The schema's history. Never edit a shipped migration: add the next one.
    ///
    /// Choices in `v1`:
    /// - Tables are `STRICT` (SQLite 3.37+): a column declared TEXT holds text, never a stray integer.
    /// - `remote_campaign.key` must end with `/<platform>`, and one remote campaign (platform, account,
    ///   remote id) belongs to at most one key: two keys that point at the same remote campaign would
    ///   make tfz pause or edit a campaign it did not mean to.
    /// - `remote_object` has **no foreign key** to `remote_campaign`. A launch records each object as
    ///   soon as the platform creates it (the budget comes before the campaign), so that a crash
    ///   mid-launch is resumed without duplicates; the campaign row, with its applied snapshot, is
    ///   written only once the campaign exists. A foreign key would force a placeholder row whose empty
    ///   snapshot the planner would then diff against.
    /// - `change_log` is append-only (triggers refuse UPDATE and DELETE). A later retention policy
    ///   would drop the DELETE trigger in its own migration.
    /// - Lease times are stored as GRDB stores dates: `yyyy-MM-dd HH:mm:ss.SSS` in UTC, which sorts
    ///   as it reads and which `sqlite3`'s date functions understand; precision is a millisecond.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: campaigns, objects, change log, leases") { db in
            try db.execute(sql: """
                CREATE TABLE remote_campaign (
                    key TEXT NOT NULL PRIMARY KEY CHECK (key GLOB '?*/?*/' || platform),
                    platform TEXT NOT NULL CHECK (platform <> ''),
                    account_id TEXT NOT NULL,
                    remote_id TEXT CHECK (remote_id <> ''),
                    status TEXT NOT NULL CHECK (status IN ('enabled', 'paused', 'removed')),
                    applied_json TEXT NOT NULL CHECK (json_valid(applied_json) AND json_type(applied_json) = 'object'),
                    applied_at TEXT
                ) STRICT;

                CREATE UNIQUE INDEX remote_campaign_by_remote_id
                    ON remote_campaign (platform, account_id, remote_id) WHERE remote_id IS NOT NULL;

                CREATE TABLE remote_object (
                    key TEXT NOT NULL CHECK (key <> ''),
                    local_key TEXT NOT NULL CHECK (local_key <> ''),
                    resource_name TEXT NOT NULL CHECK (resource_name <> ''),
                    PRIMARY KEY (key, local_key)
                ) STRICT, WITHOUT ROWID;

                CREATE TABLE change_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL CHECK (actor <> ''),
                    action TEXT NOT NULL CHECK (action <> ''),
                    key TEXT,
                    platform TEXT,
                    detail TEXT NOT NULL,
                    result TEXT NOT NULL
                ) STRICT;

                CREATE INDEX change_log_by_key ON change_log (key) WHERE key IS NOT NULL;

                CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
                BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;

                CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
                BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;

                CREATE TABLE lease (
                    name TEXT NOT NULL PRIMARY KEY CHECK (name <> ''),
                    holder TEXT NOT NULL CHECK (holder <> ''),
                    acquired_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL CHECK (expires_at > acquired_at)
                ) STRICT;
                """)
        }
        return migrator
    }
}
