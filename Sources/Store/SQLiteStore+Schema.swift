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
        migrator.registerMigration("v2: metrics") { db in
            try db.execute(sql: metricsSchema)
        }
        migrator.registerMigration("v3: holds and ticks") { db in
            try db.execute(sql: holdsAndTicksSchema)
        }
        migrator.registerMigration("v4: typed state") { db in
            try db.execute(sql: typedStateSchema)
        }
        migrator.registerMigration("v5: reach") { db in
            try db.execute(sql: reachSchema)
        }
        migrator.registerMigration("v6: change log machine") { db in
            try db.execute(sql: machineSchema)
        }
        return migrator
    }

    /// The `v6: change log machine` change: the host name of the machine whose tfz wrote an entry (several machines
    /// write one change log once the store is a team's); `NULL` in entries written before.
    static let machineSchema = """
        ALTER TABLE change_log ADD COLUMN machine TEXT CHECK (machine IS NULL OR machine <> '');
        """

    /// The `v5: reach` change: the people a social platform reached in a day (`NULL` where the platform does not count
    /// them, as search platforms do not).
    static let reachSchema = """
        ALTER TABLE metric_fact ADD COLUMN reach INTEGER CHECK (reach IS NULL OR reach >= 0);
        """

    /// The `v4: typed state` change: a campaign that tfz has not recorded completely is flagged
    /// (`remote_campaign.incomplete`, 0 or 1) instead of carrying `(incomplete) ` in front of the name of its applied
    /// snapshot. Rows written that way are converted: the prefix is stripped from `applied_json` (with `json_set`, which
    /// touches nothing else) and the flag set. Object local keys and change-log actions keep their text columns: their
    /// text forms did not change.
    static let typedStateSchema = """
        ALTER TABLE remote_campaign ADD COLUMN incomplete INTEGER NOT NULL DEFAULT 0 CHECK (incomplete IN (0, 1));

        UPDATE remote_campaign
        SET incomplete = 1,
            applied_json = json_set(applied_json, '$.name', substr(json_extract(applied_json, '$.name'), 14))
        WHERE substr(json_extract(applied_json, '$.name'), 1, 13) = '(incomplete) ';
        """

    /// The `v2: metrics` tables (see ``metricFactsTable`` for why the facts are one table).
    ///
    /// - `metric_pull`: one row per pull; `status` is `running` until ``finishPull(_:rows:)`` or
    ///   ``failPull(_:reason:)``; `finished_at` is set exactly when it is not running, `error` exactly when
    ///   it failed.
    /// - `metric_fact`: the daily rows, keyed by their natural key with `grain` and `date` first; parts of
    ///   the key that do not apply to the grain are `''`, and the named CHECK `key_parts_fit_grain` says
    ///   which (and which of keyword, match type, creative and impression share a grain may carry).
    ///   `pull_id` is the pull that last wrote the row.
    /// - `metric_campaign`: platform campaign → tfz campaign key, zone and purpose (all NULL for campaigns
    ///   tfz did not launch). Reports join it; facts are never rewritten to relabel.
    /// - `metric_bookmark`: the last day stored completely per account; a trigger refuses to move it back.
    ///
    /// Dates are CHECKed for their `yyyy-MM-dd` shape with a GLOB (cheap on a million-row insert), not for
    /// being real days; platforms, like in `v1`, are any non-empty text so that a new platform needs no
    /// migration.
    /// The `v3: holds and ticks` tables.
    ///
    /// - `campaign_hold`: the campaigns a person paused (`tfz pause`), which the scheduler must leave paused until
    ///   `tfz resume` clears the hold. One row per campaign key; the key has the `zone/template/platform` shape of
    ///   `remote_campaign.key` (three non-empty parts). There is **no foreign key** to `remote_campaign`: a hold on a
    ///   key the store does not know is harmless (nothing shows or acts on it), and the scheduler's tests need not
    ///   invent launched campaigns to hold one.
    /// - `scheduler_tick`: one row per scheduler tick that ran, appended when it ends. `now` is the instant the tick
    ///   acted for (a simulated clock in tests and on the sandbox), `started_at`/`finished_at` the real clock.
    ///
    /// Times are ISO 8601 in UTC (`2026-11-29T10:00:00Z`, fractional seconds allowed), CHECKed for that shape with a
    /// GLOB; `outcome` is CHECKed with ORs rather than `IN (…)` (see `metric_fact`).
    static let holdsAndTicksSchema = """
        CREATE TABLE campaign_hold (
            key TEXT NOT NULL PRIMARY KEY CHECK (key GLOB '?*/?*/?*' AND key NOT GLOB '*/*/*/*'),
            held_by TEXT NOT NULL CHECK (held_by <> ''),
            since TEXT NOT NULL CHECK (since GLOB \(isoUTC)),
            reason TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE scheduler_tick (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL CHECK (started_at GLOB \(isoUTC)),
            now TEXT NOT NULL CHECK (now GLOB \(isoUTC)),
            holder TEXT NOT NULL CHECK (holder <> ''),
            outcome TEXT NOT NULL CHECK (outcome = 'done' OR outcome = 'failed' OR outcome = 'skipped'),
            summary TEXT NOT NULL CHECK (instr(summary, char(10)) = 0 AND instr(summary, char(13)) = 0),
            finished_at TEXT NOT NULL CHECK (finished_at GLOB \(isoUTC))
        ) STRICT;
        """

    /// The GLOB an ISO 8601 UTC time matches: `yyyy-MM-ddTHH:mm:ss`, optional fraction, `Z`.
    private static let isoUTC = "'[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]*Z'"

    static let metricsSchema = """
        CREATE TABLE metric_pull (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL CHECK (platform <> ''),
            account_id TEXT NOT NULL CHECK (account_id <> ''),
            api_version TEXT NOT NULL,
            lookback_days INTEGER NOT NULL CHECK (lookback_days >= 0),
            attribution TEXT NOT NULL,
            since TEXT NOT NULL CHECK (since GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
            until TEXT NOT NULL CHECK (until GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
            started_at TEXT NOT NULL CHECK (started_at <> ''),
            finished_at TEXT,
            status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'complete', 'failed')),
            rows INTEGER NOT NULL DEFAULT 0 CHECK (rows >= 0),
            error TEXT,
            CONSTRAINT since_not_after_until CHECK (since <= until),
            CONSTRAINT finished_unless_running CHECK ((status = 'running') = (finished_at IS NULL)),
            CONSTRAINT error_if_failed CHECK ((status = 'failed') = (error IS NOT NULL))
        ) STRICT;

        CREATE TABLE metric_fact (
            -- Written as ORs, not IN (…): SQLite evaluates a CHECK's IN list through an ephemeral table on every row,
            -- which cost a third of the time of a million-row upsert.
            grain TEXT NOT NULL CHECK (grain = 'campaign' OR grain = 'keyword' OR grain = 'ad' OR grain = 'landing_page'),
            date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
            platform TEXT NOT NULL CHECK (platform <> ''),
            account_id TEXT NOT NULL CHECK (account_id <> ''),
            campaign_id TEXT NOT NULL CHECK (campaign_id <> ''),
            ad_group_id TEXT NOT NULL,
            criterion_id TEXT NOT NULL,
            ad_id TEXT NOT NULL,
            landing_page TEXT NOT NULL,
            keyword TEXT,
            match_type TEXT,
            creative TEXT,
            impressions INTEGER NOT NULL CHECK (impressions >= 0),
            clicks INTEGER NOT NULL CHECK (clicks >= 0),
            cost_micros INTEGER NOT NULL CHECK (cost_micros >= 0),
            conversions REAL,
            search_impression_share REAL CHECK (search_impression_share BETWEEN 0 AND 1),
            pull_id INTEGER NOT NULL REFERENCES metric_pull (id),
            PRIMARY KEY (grain, date, platform, account_id, campaign_id, ad_group_id, criterion_id, ad_id, landing_page),
            CONSTRAINT key_parts_fit_grain CHECK (CASE grain
                WHEN 'campaign' THEN ad_group_id = '' AND criterion_id = '' AND ad_id = '' AND landing_page = ''
                    AND keyword IS NULL AND match_type IS NULL AND creative IS NULL
                WHEN 'keyword' THEN ad_group_id <> '' AND criterion_id <> '' AND ad_id = '' AND landing_page = ''
                    AND creative IS NULL AND search_impression_share IS NULL
                WHEN 'ad' THEN ad_group_id <> '' AND criterion_id = '' AND ad_id <> '' AND landing_page = ''
                    AND keyword IS NULL AND match_type IS NULL AND search_impression_share IS NULL
                WHEN 'landing_page' THEN criterion_id = '' AND ad_id = '' AND landing_page <> ''
                    AND keyword IS NULL AND match_type IS NULL AND creative IS NULL AND search_impression_share IS NULL
                END)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE metric_campaign (
            platform TEXT NOT NULL CHECK (platform <> ''),
            account_id TEXT NOT NULL CHECK (account_id <> ''),
            campaign_id TEXT NOT NULL CHECK (campaign_id <> ''),
            campaign_key TEXT CHECK (campaign_key GLOB '?*/?*/' || platform),
            zone TEXT CHECK (zone <> ''),
            purpose TEXT CHECK (purpose IN ('deterrence', 'education', 'outreach')),
            PRIMARY KEY (platform, account_id, campaign_id),
            CONSTRAINT zone_is_the_keys_zone CHECK (
                (campaign_key IS NULL) = (zone IS NULL)
                AND (campaign_key IS NULL OR substr(campaign_key, 1, length(zone) + 1) = zone || '/'))
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE metric_bookmark (
            platform TEXT NOT NULL CHECK (platform <> ''),
            account_id TEXT NOT NULL CHECK (account_id <> ''),
            complete_through TEXT NOT NULL CHECK (complete_through GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
            PRIMARY KEY (platform, account_id)
        ) STRICT, WITHOUT ROWID;

        CREATE TRIGGER metric_bookmark_forward_only BEFORE UPDATE OF complete_through ON metric_bookmark
        WHEN NEW.complete_through < OLD.complete_through
        BEGIN SELECT RAISE(ABORT, 'a metrics bookmark never moves backwards'); END;
        """
}
