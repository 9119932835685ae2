#!/usr/bin/env python3
"""Plain-Python baseline for `Benchmarks --ingest`: the same work as `tfz pull` on the same bytes.

Fetches one googleAds:searchStream answer from the sandbox the benchmark started (urllib), parses it with
`json`, turns the rows into tuples, and upserts them with `sqlite3` `executemany` into a copy of an empty tfz
store (same table, same key, same ON CONFLICT clause), in one transaction. Prints one JSON line with the
timings; the benchmark prints them next to its own.

Usage (the benchmark runs it): ingest-baseline.py BASE_URL CUSTOMER_ID DATABASE QUERY
Environment: TFZ_BENCH_CLIENT_ID, TFZ_BENCH_CLIENT_SECRET, TFZ_BENCH_REFRESH_TOKEN, TFZ_BENCH_DEVELOPER_TOKEN —
the sandbox's published test credentials (not secrets).
"""
import json
import os
import sqlite3
import sys
import time
import urllib.parse
import urllib.request

base, customer, database, query = sys.argv[1:5]
env = os.environ

form = urllib.parse.urlencode({
    "grant_type": "refresh_token", "client_id": env["TFZ_BENCH_CLIENT_ID"],
    "client_secret": env["TFZ_BENCH_CLIENT_SECRET"], "refresh_token": env["TFZ_BENCH_REFRESH_TOKEN"],
}).encode()
with urllib.request.urlopen(urllib.request.Request(base + "/oauth2/token", data=form)) as r:
    token = json.load(r)["access_token"]

t0 = time.perf_counter()
request = urllib.request.Request(
    f"{base}/v25/customers/{customer}/googleAds:searchStream", data=json.dumps({"query": query}).encode(),
    headers={"Authorization": "Bearer " + token, "developer-token": env["TFZ_BENCH_DEVELOPER_TOKEN"],
             "content-type": "application/json"})
with urllib.request.urlopen(request) as r:
    body = r.read()
t1 = time.perf_counter()

batches = json.loads(body)
rows = []
for batch in batches:
    for row in batch.get("results", []):
        m = row.get("metrics", {})
        criterion = row.get("adGroupCriterion", {})
        keyword = criterion.get("keyword", {})
        rows.append((
            "keyword", row["segments"]["date"], "google_ads", customer, row["campaign"]["id"], row["adGroup"]["id"],
            criterion["criterionId"], "", "", keyword.get("text"), keyword.get("matchType"), None,
            int(m.get("impressions", 0)), int(m.get("clicks", 0)), int(m.get("costMicros", 0)), m.get("conversions"), None,
        ))
t2 = time.perf_counter()

db = sqlite3.connect(database, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=NORMAL")
db.execute("BEGIN IMMEDIATE")
pull = db.execute(
    "INSERT INTO metric_pull (platform, account_id, api_version, lookback_days, attribution, since, until, started_at)"
    " VALUES ('google_ads', ?, 'v25', 30, 'baseline', '2000-01-01', '2000-01-01', 'baseline') RETURNING id", (customer,)).fetchone()[0]
db.executemany(
    "INSERT INTO metric_fact (grain, date, platform, account_id, campaign_id, ad_group_id, criterion_id, ad_id, landing_page,"
    " keyword, match_type, creative, impressions, clicks, cost_micros, conversions, search_impression_share, pull_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + str(pull) + ")"
    " ON CONFLICT (grain, date, platform, account_id, campaign_id, ad_group_id, criterion_id, ad_id, landing_page) DO UPDATE SET"
    " keyword = excluded.keyword, match_type = excluded.match_type, creative = excluded.creative,"
    " impressions = excluded.impressions, clicks = excluded.clicks, cost_micros = excluded.cost_micros,"
    " conversions = excluded.conversions, search_impression_share = excluded.search_impression_share, pull_id = excluded.pull_id",
    rows)
db.execute("COMMIT")
t3 = time.perf_counter()
stored = db.execute("SELECT count(*) FROM metric_fact").fetchone()[0]
print(json.dumps({"bytes": len(body), "rows": len(rows), "stored": stored,
                  "fetch": t1 - t0, "parse": t2 - t1, "upsert": t3 - t2, "python": sys.version.split()[0],
                  "sqlite": sqlite3.sqlite_version}))
