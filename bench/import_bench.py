#!/usr/bin/python3
"""import-original into SQLite: how many of the original's alerts a second pricewatch imports.

Makes an original-shaped SQLite database (the Django schema of tests/fixtures/original_schema/
sqlite.sql) with --users accounts and --alerts alerts, as Django would have written them (prices
as decimal text, which SQLite's NUMERIC affinity stores as INTEGER or REAL), then runs
`pricewatch import-original sqlite://...` into a fresh SQLite database and reports alerts per
second: over the whole process (start, migrations, reading, checking, writing, exit) and as the
command's own report measures it (reading, checking and writing). The target: 100,000 alerts/s.

Passwords are one valid pbkdf2_sha256 hash for every account: the import never hashes or
verifies one.

Usage: bench/import_bench.py [--alerts 1000000] [--users 10000] [--runs 3] [--binary PATH]
Run from the repository root after `cmake --preset release && cmake --build --preset release --target pricewatch`.
"""
import argparse
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA = os.path.join(ROOT, "tests", "fixtures", "original_schema", "sqlite.sql")
HASH = "pbkdf2_sha256$600000$q8VnT3xKc0RzL5mWb2YhJd$bLX4BmrZvARc1NbAjJGWsfdPxqEG/46s2Gp+WbR6K+M="
STATUSES = ("created", "created", "triggered", "deleted")


def make_original(path, users, alerts):
    """The original's database: users, then alerts spread over them, in one transaction each."""
    connection = sqlite3.connect(path)
    with open(SCHEMA) as schema:
        connection.executescript(schema.read())
    with connection:
        connection.executemany(
            "INSERT INTO pricing_customuser (id, password, last_login, is_superuser, email, is_staff, is_active, "
            "date_joined) VALUES (?, ?, NULL, 0, ?, 0, 1, '2023-04-05 06:07:08.123456')",
            ((i, HASH, f"user{i}@example.com") for i in range(1, users + 1)))
    with connection:
        connection.executemany(
            "INSERT INTO pricing_alert (id, email, price, status) VALUES (?, ?, ?, ?)",
            ((i, f"user{1 + i % users}@example.com", f"{20000 + i % 60000}.{i % 100:02d}", STATUSES[i % 4])
             for i in range(1, alerts + 1)))
    connection.close()


def run_once(binary, original, directory):
    target = os.path.join(directory, "pricewatch.db")
    for suffix in ("", "-wal", "-shm", "-reserve"):
        if os.path.exists(target + suffix):
            os.remove(target + suffix)
    started = time.monotonic()
    done = subprocess.run([binary, "import-original", "sqlite://" + original, "--database-url", "sqlite://" + target,
                           "--log-level", "warn"], capture_output=True, text=True, cwd=directory)
    wall = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(f"import-original exited {done.returncode}:\n{done.stderr}")
    took = re.search(r"^took ([0-9.]+) s", done.stdout, re.M)
    counts = re.search(r"^alerts: ([0-9,]+) read, ([0-9,]+) imported", done.stdout, re.M)
    imported = int(counts.group(2).replace(",", ""))
    stored = sqlite3.connect(target).execute("SELECT COUNT(*) FROM alerts").fetchone()[0]
    if stored != imported:
        sys.exit(f"the report says {imported} alerts imported, the database holds {stored}")
    return wall, float(took.group(1)), imported, done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--alerts", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--binary", default=os.path.join(ROOT, "build", "release", "pricewatch"))
    options = parser.parse_args()
    options.binary = os.path.abspath(options.binary)
    with tempfile.TemporaryDirectory(prefix="pricewatch-import-bench-") as directory:
        original = os.path.join(directory, "original.sqlite3")
        started = time.monotonic()
        make_original(original, options.users, options.alerts)
        print(f"original: {options.users:,} users, {options.alerts:,} alerts, "
              f"{os.path.getsize(original) / 1e6:.0f} MB, made in {time.monotonic() - started:.1f} s")
        for run in range(1, options.runs + 1):
            wall, took, imported, report = run_once(options.binary, original, directory)
            if run == 1:
                print(report.split("skipped (")[0].rstrip())
            size = os.path.getsize(os.path.join(directory, "pricewatch.db")) / 1e6
            print(f"run {run}: {imported:,} alerts in {wall:.2f} s wall = {imported / wall:,.0f} alerts/s "
                  f"(the report's own {took:.1f} s = {imported / took:,.0f} alerts/s); target database {size:.0f} MB")


if __name__ == "__main__":
    main()
