extension PostgresStore {
    /// The schema's history on PostgreSQL: the same named migrations as ``SQLiteStore/migrator``, in the same order,
    /// with the same constraints written in PostgreSQL's terms. Never edit a shipped migration: add the next one, in
    /// both stores.
    ///
    /// Differences that are only of form:
    /// - SQLite's `GLOB` shapes are regular expressions (`~`); `STRICT` column types are PostgreSQL's own (`BIGINT`,
    ///   `DOUBLE PRECISION`, `TEXT`); SQLite's `RAISE(ABORT, …)` triggers are PL/pgSQL functions that raise.
    /// - `metric_fact` is partitioned by grain (`PARTITION BY LIST (grain)`): each grain's rows are a table of their
    ///   own, which is what leading the SQLite key with the grain achieves (a campaign-grain report scans only campaign
    ///   rows).
    /// - Booleans stay integers 0/1, so that `tfz store copy` moves rows unchanged.
    static let migrations: [(name: String, sql: String)] = [
        ("v1: campaigns, objects, change log, leases", """
            CREATE TABLE remote_campaign (
                key TEXT NOT NULL PRIMARY KEY,
                platform TEXT NOT NULL CHECK (platform <> ''),
                account_id TEXT NOT NULL,
                remote_id TEXT CHECK (remote_id <> ''),
                status TEXT NOT NULL CHECK (status IN ('enabled', 'paused', 'removed')),
                applied_json TEXT NOT NULL CHECK (json_typeof(applied_json::json) = 'object'),
                applied_at TEXT,
                CONSTRAINT key_ends_with_platform CHECK (
                    right(key, length(platform) + 1) = '/' || platform AND left(key, -length(platform) - 1) ~ '^.+/.+$')
            );

            CREATE UNIQUE INDEX remote_campaign_by_remote_id
                ON remote_campaign (platform, account_id, remote_id) WHERE remote_id IS NOT NULL;

            CREATE TABLE remote_object (
                key TEXT NOT NULL CHECK (key <> ''),
                local_key TEXT NOT NULL CHECK (local_key <> ''),
                resource_name TEXT NOT NULL CHECK (resource_name <> ''),
                PRIMARY KEY (key, local_key)
            );

            CREATE TABLE change_log (
                id BIGSERIAL PRIMARY KEY,
                at TEXT NOT NULL,
                actor TEXT NOT NULL CHECK (actor <> ''),
                action TEXT NOT NULL CHECK (action <> ''),
                key TEXT,
                platform TEXT,
                detail TEXT NOT NULL,
                result TEXT NOT NULL
            );

            CREATE INDEX change_log_by_key ON change_log (key) WHERE key IS NOT NULL;

            CREATE FUNCTION change_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'the change log is append-only'; END $$;

            CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
                FOR EACH ROW EXECUTE FUNCTION change_log_append_only();
            CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
                FOR EACH ROW EXECUTE FUNCTION change_log_append_only();

            CREATE TABLE lease (
                name TEXT NOT NULL PRIMARY KEY CHECK (name <> ''),
                holder TEXT NOT NULL CHECK (holder <> ''),
                acquired_at TIMESTAMPTZ NOT NULL,
                expires_at TIMESTAMPTZ NOT NULL CHECK (expires_at > acquired_at)
            );
            """),
        ("v2: metrics", """
            CREATE TABLE metric_pull (
                id BIGSERIAL PRIMARY KEY,
                platform TEXT NOT NULL CHECK (platform <> ''),
                account_id TEXT NOT NULL CHECK (account_id <> ''),
                api_version TEXT NOT NULL,
                lookback_days BIGINT NOT NULL CHECK (lookback_days >= 0),
                attribution TEXT NOT NULL,
                since TEXT NOT NULL CHECK (since ~ \(day)),
                until TEXT NOT NULL CHECK (until ~ \(day)),
                started_at TEXT NOT NULL CHECK (started_at <> ''),
                finished_at TEXT,
                status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'complete', 'failed')),
                rows BIGINT NOT NULL DEFAULT 0 CHECK (rows >= 0),
                error TEXT,
                CONSTRAINT since_not_after_until CHECK (since <= until),
                CONSTRAINT finished_unless_running CHECK ((status = 'running') = (finished_at IS NULL)),
                CONSTRAINT error_if_failed CHECK ((status = 'failed') = (error IS NOT NULL))
            );

            CREATE TABLE metric_fact (
                grain TEXT NOT NULL CHECK (grain IN ('campaign', 'keyword', 'ad', 'landing_page')),
                date TEXT NOT NULL CHECK (date ~ \(day)),
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
                impressions BIGINT NOT NULL CHECK (impressions >= 0),
                clicks BIGINT NOT NULL CHECK (clicks >= 0),
                cost_micros BIGINT NOT NULL CHECK (cost_micros >= 0),
                conversions DOUBLE PRECISION,
                search_impression_share DOUBLE PRECISION CHECK (search_impression_share BETWEEN 0 AND 1),
                pull_id BIGINT NOT NULL REFERENCES metric_pull (id),
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
            ) PARTITION BY LIST (grain);

            CREATE TABLE metric_fact_campaign PARTITION OF metric_fact FOR VALUES IN ('campaign');
            CREATE TABLE metric_fact_keyword PARTITION OF metric_fact FOR VALUES IN ('keyword');
            CREATE TABLE metric_fact_ad PARTITION OF metric_fact FOR VALUES IN ('ad');
            CREATE TABLE metric_fact_landing_page PARTITION OF metric_fact FOR VALUES IN ('landing_page');

            CREATE TABLE metric_campaign (
                platform TEXT NOT NULL CHECK (platform <> ''),
                account_id TEXT NOT NULL CHECK (account_id <> ''),
                campaign_id TEXT NOT NULL CHECK (campaign_id <> ''),
                campaign_key TEXT CHECK (
                    right(campaign_key, length(platform) + 1) = '/' || platform AND left(campaign_key, -length(platform) - 1) ~ '^.+/.+$'),
                zone TEXT CHECK (zone <> ''),
                purpose TEXT CHECK (purpose IN ('deterrence', 'education', 'outreach')),
                PRIMARY KEY (platform, account_id, campaign_id),
                CONSTRAINT zone_is_the_keys_zone CHECK (
                    (campaign_key IS NULL) = (zone IS NULL)
                    AND (campaign_key IS NULL OR substr(campaign_key, 1, length(zone) + 1) = zone || '/'))
            );

            CREATE TABLE metric_bookmark (
                platform TEXT NOT NULL CHECK (platform <> ''),
                account_id TEXT NOT NULL CHECK (account_id <> ''),
                complete_through TEXT NOT NULL CHECK (complete_through ~ \(day)),
                PRIMARY KEY (platform, account_id)
            );

            CREATE FUNCTION metric_bookmark_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.complete_through < OLD.complete_through THEN
                    RAISE EXCEPTION 'a metrics bookmark never moves backwards';
                END IF;
                RETURN NEW;
            END $$;

            CREATE TRIGGER metric_bookmark_forward_only BEFORE UPDATE OF complete_through ON metric_bookmark
                FOR EACH ROW EXECUTE FUNCTION metric_bookmark_forward_only();
            """),
        ("v3: holds and ticks", """
            CREATE TABLE campaign_hold (
                key TEXT NOT NULL PRIMARY KEY CHECK (key ~ '^[^/]+/[^/]+/[^/]+$'),
                held_by TEXT NOT NULL CHECK (held_by <> ''),
                since TEXT NOT NULL CHECK (since ~ \(isoUTC)),
                reason TEXT NOT NULL
            );

            CREATE TABLE scheduler_tick (
                id BIGSERIAL PRIMARY KEY,
                started_at TEXT NOT NULL CHECK (started_at ~ \(isoUTC)),
                now TEXT NOT NULL CHECK (now ~ \(isoUTC)),
                holder TEXT NOT NULL CHECK (holder <> ''),
                outcome TEXT NOT NULL CHECK (outcome IN ('done', 'failed', 'skipped')),
                summary TEXT NOT NULL CHECK (strpos(summary, chr(10)) = 0 AND strpos(summary, chr(13)) = 0),
                finished_at TEXT NOT NULL CHECK (finished_at ~ \(isoUTC))
            );
            """),
        ("v4: typed state", """
            ALTER TABLE remote_campaign ADD COLUMN incomplete BIGINT NOT NULL DEFAULT 0 CHECK (incomplete IN (0, 1));
            """),
        ("v5: reach", """
            ALTER TABLE metric_fact ADD COLUMN reach BIGINT CHECK (reach IS NULL OR reach >= 0);
            """),
        ("v6: change log machine", """
            ALTER TABLE change_log ADD COLUMN machine TEXT CHECK (machine IS NULL OR machine <> '');
            """),
    ]

    /// A `yyyy-MM-dd` day's shape (the SQLite schema's GLOB).
    private static let day = "'^[0-9]{4}-[01][0-9]-[0-3][0-9]$'"
    /// An ISO 8601 UTC time's shape: `yyyy-MM-ddTHH:mm:ss`, optional fraction, `Z`.
    private static let isoUTC = "'^[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].*Z$'"
}
