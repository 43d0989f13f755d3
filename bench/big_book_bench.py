#!/usr/bin/python3
"""Ten million alerts at start (issue 17): how soon an embedded `pricewatch serve` is ready on a
book of millions of imported alerts, in how much memory, and whether its API answers meanwhile.

Makes an original-shaped SQLite database (bench/import_bench.py's make_original: --alerts alerts,
half `created`, of --users users), imports it with `pricewatch import-original` (timed, with its
peak RSS), then --runs times starts `pricewatch serve` on the result, its feed pointed at the fake
exchange of tests/fixtures (BTCUSDT at 100: the imported alerts, `above` 20,000 to 80,000, never
fire), and measures from exec:

- listening: the "listening on" line;
- loaded: the watcher's "active alerts ... loaded in" line;
- ready: the first 200 from GET /readyz (polled every 20 ms);
- RSS: the highest VmRSS sampled every 20 ms until ready, VmHWM (the kernel's peak) at ready and
  once settled (5 s after ready), and VmRSS then;
- the API while loading: GET /healthz latencies until ready; a registration, a login, a create
  (`below 12`) and GET /api/v1/alerts latencies, each marked whether it answered before ready.

Then it checks correctness: /metrics' pricewatch_watched_alerts equals the active alerts the
database held before the run plus the one created during the load (none lost, none doubled); a
trade at 11 fires that alert, another at 11 after 12 does not fire it again (fire_count 1, one
firing row); and the run stops the service (SIGTERM). Every wait is bounded; the temp folder is
removed (unless --keep names a folder to reuse the original and the import in).

Usage: bench/big_book_bench.py [--alerts 10000000] [--users 10000] [--runs 3] [--keep DIR]
Run under `flock /tmp/bench.lock` from the repository root after
`cmake --preset release && cmake --build --preset release --target pricewatch`.
"""
import argparse
import http.client
import json
import os
import re
import resource
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, BENCH)
from import_bench import make_original  # noqa: E402

FIXTURES = os.path.join(ROOT, "tests", "fixtures")
PASSWORD = "benchmark password"
READY_WITHIN = 180  # seconds: past this a run fails instead of waiting on


class Output:
    """Reads a process's output on a thread, keeping each line with the time it came."""

    def __init__(self, process, started):
        self.lines = []
        self.started = started
        self.changed = threading.Condition()
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def _read(self, process):
        for line in process.stdout:
            with self.changed:
                self.lines.append((time.monotonic() - self.started, line.rstrip("\n")))
                self.changed.notify_all()

    def wait_for(self, pattern, timeout):
        """The first match of pattern and when its line came, or None after timeout seconds."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for at, line in self.lines:
                    match = re.search(pattern, line)
                    if match:
                        return match, at
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.changed.wait(left)

    def tail(self, count=15):
        with self.changed:
            return "\n".join(line for _, line in self.lines[-count:])


def call(port, method, path, body=None, token=None, timeout=30):
    """One request on a fresh connection: (status, parsed body or text, seconds it took)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    started = time.monotonic()
    try:
        connection.request(method, path, json.dumps(body) if body is not None else None, headers)
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    took = time.monotonic() - started
    try:
        parsed = json.loads(data) if data else None
    except ValueError:
        parsed = data.decode(errors="replace")
    return response.status, parsed, took


def status_field(pid, field):
    """A /proc/<pid>/status field in MB (VmRSS, VmHWM), None once the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def load_average():
    with open("/proc/loadavg") as average:
        return " ".join(average.read().split()[:3])


def run_import(binary, original, target, directory):
    for suffix in ("", "-wal", "-shm", "-reserve"):
        if os.path.exists(target + suffix):
            os.remove(target + suffix)
    started = time.monotonic()
    process = subprocess.Popen([binary, "import-original", "sqlite://" + original, "--database-url",
                                "sqlite://" + target, "--log-level", "warn"], cwd=directory,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout, stderr = process.communicate(timeout=1800)
    wall = time.monotonic() - started
    # The import is the only child waited for so far: its peak is the children's peak.
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if process.returncode != 0:
        sys.exit(f"import-original exited {process.returncode}:\n{stderr}")
    counts = re.search(r"^alerts: ([0-9,]+) read, ([0-9,]+) imported", stdout, re.M)
    return wall, peak_mb, int(counts.group(2).replace(",", ""))


def start_exchange(directory):
    process = subprocess.Popen(["/usr/bin/python3", os.path.join(FIXTURES, "fake_exchange.py"), "--port", "0",
                                "--symbol", "BTCUSDT=100"], cwd=directory, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    output = Output(process, time.monotonic())
    found = output.wait_for(r"listening on http://127\.0\.0\.1:(\d+)", 30)
    if not found:
        process.kill()
        sys.exit(f"the fake exchange did not start:\n{output.tail()}")
    return process, int(found[0].group(1))


def stop(process, timeout=60):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
    return process.returncode


def probe_while_loading(port, ready, record):
    """A user's calls while the book loads: register, log in, create, list until ready."""
    email = f"probe{int(time.time() * 1000)}@example.com"
    status, _, took = call(port, "POST", "/api/v1/users", {"email": email, "password": PASSWORD})
    record.append(("register", status, took, ready.is_set()))
    status, answer, took = call(port, "POST", "/api/v1/tokens", {"email": email, "password": PASSWORD})
    record.append(("login", status, took, ready.is_set()))
    if status != 200:
        raise RuntimeError(f"login during the load: {status} {answer}")
    token = answer["access_token"]
    status, answer, took = call(port, "POST", "/api/v1/alerts",
                                {"symbol": "BTCUSDT", "condition": "below", "price": "12"}, token)
    record.append(("create", status, took, ready.is_set()))
    if status != 201:
        raise RuntimeError(f"create during the load: {status} {answer}")
    created = answer["id"]
    while not ready.is_set():
        status, _, took = call(port, "GET", "/api/v1/alerts?limit=10", token=token)
        record.append(("list", status, took, ready.is_set()))
        ready.wait(0.05)
    return token, created


def watched_alerts(port):
    _, text, _ = call(port, "GET", "/metrics")
    match = re.search(r"^pricewatch_watched_alerts (\d+)$", text, re.M)
    return int(match.group(1)) if match else None


def serve_once(binary, database, directory, active_before):
    exchange, exchange_port = start_exchange(directory)
    env = dict(os.environ, PRICEWATCH_HTTP_LISTEN="127.0.0.1:0", PRICEWATCH_DATABASE_URL="sqlite://" + database,
               PRICEWATCH_LOG_LEVEL="info", PRICEWATCH_FEED_WS_URL=f"ws://127.0.0.1:{exchange_port}",
               PRICEWATCH_FEED_REST_URL=f"http://127.0.0.1:{exchange_port}")
    result = {"load before": load_average()}
    started = time.monotonic()
    service = subprocess.Popen([binary, "serve"], cwd=directory, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    output = Output(service, started)
    try:
        found = output.wait_for(r"listening on \w+://127\.0\.0\.1:(\d+)", 60)
        if not found:
            raise RuntimeError(f"serve did not listen:\n{output.tail()}")
        port = int(found[0].group(1))
        result["listening"] = found[1]
        ready = threading.Event()
        calls = []
        probe = {}

        def user():
            try:
                probe["token"], probe["id"] = probe_while_loading(port, ready, calls)
            except Exception as error:  # reported below
                probe["error"] = error
        user_thread = threading.Thread(target=user, daemon=True)
        user_thread.start()
        health, peak_sampled, readyz = [], 0.0, None
        deadline = started + READY_WITHIN
        while time.monotonic() < deadline and service.poll() is None:
            peak_sampled = max(peak_sampled, status_field(service.pid, "VmRSS") or 0)
            status, _, took = call(port, "GET", "/healthz")
            health.append(took)
            readyz, _, _ = call(port, "GET", "/readyz")
            if readyz == 200:
                result["ready"] = time.monotonic() - started
                break
            time.sleep(0.02)
        ready.set()
        if "ready" not in result:
            raise RuntimeError(f"not ready within {READY_WITHIN} s (last /readyz {readyz}):\n{output.tail()}")
        result["peak sampled MB"] = max(peak_sampled, status_field(service.pid, "VmRSS") or 0)
        result["VmHWM at ready MB"] = status_field(service.pid, "VmHWM")
        loaded = output.wait_for(r"active alerts on \d+ symbols, loaded in (\d+) ms", 10)
        if loaded:
            result["loaded"] = loaded[1]
            result["watcher load"] = int(loaded[0].group(1)) / 1000
        user_thread.join(60)
        result["healthz"] = health
        result["calls"] = calls
        result["probe error"] = probe.get("error")
        result["probe id"] = probe.get("id")
        result["probe"] = (None, None)
        # Every alert active before, and the one created during the load: once each.
        result["watched"] = watched_alerts(port)
        result["expected"] = active_before + 1
        time.sleep(5)
        result["settled RSS MB"] = status_field(service.pid, "VmRSS")
        result["VmHWM MB"] = status_field(service.pid, "VmHWM")
        # The alert created during the load fires once, at 11; not again at 11 after 12.
        if "id" not in probe:
            return result
        control = exchange_port
        call(control, "POST", "/control/price", {"symbol": "BTCUSDT", "price": "11"})
        fired_by = time.monotonic() + 30
        alert = None
        while time.monotonic() < fired_by:
            _, alert, _ = call(port, "GET", f"/api/v1/alerts/{probe['id']}", token=probe["token"])
            if alert.get("status") == "triggered":
                break
            time.sleep(0.05)
        call(control, "POST", "/control/price", {"symbol": "BTCUSDT", "price": "12"})
        call(control, "POST", "/control/price", {"symbol": "BTCUSDT", "price": "11"})
        time.sleep(1)
        _, alert, _ = call(port, "GET", f"/api/v1/alerts/{probe['id']}", token=probe["token"])
        result["probe"] = (alert.get("status"), alert.get("fire_count"))
        result["probe id"] = probe["id"]
    finally:
        result["exit"] = stop(service)
        stop(exchange)
        result["load after"] = load_average()
    result["firings"] = sqlite3.connect(database).execute("SELECT COUNT(*) FROM firings WHERE alert_id = ?",
                                                          (result["probe id"] or 0,)).fetchone()[0]
    return result


def summary(values):
    if not values:
        return "none"
    ordered = sorted(values)
    return (f"{len(values)} calls, median {statistics.median(ordered) * 1000:.1f} ms, "
            f"max {ordered[-1] * 1000:.1f} ms")


def report(run, result):
    during = [took for _, _, took, after in result["calls"] if not after]
    calls = ", ".join(f"{name} {status} {took * 1000:.0f} ms{'' if not after else ' (after ready)'}"
                      for name, status, took, after in result["calls"] if name != "list")
    lists = [took for name, _, took, after in result["calls"] if name == "list" and not after]
    passed = (result["ready"] <= 15 and max(result["VmHWM MB"], result["peak sampled MB"]) <= 1536 and
              result["watched"] == result["expected"] and result["probe"] == ("triggered", 1) and
              result["firings"] == 1 and len(during) > 0)
    print(f"run {run}: load {result['load before']} -> {result['load after']}\n"
          f"  listening {result['listening']:.2f} s, loaded {result.get('loaded', float('nan')):.2f} s "
          f"(the watcher's own {result.get('watcher load', float('nan')):.2f} s), "
          f"ready {result['ready']:.2f} s\n"
          f"  RSS: peak sampled {result['peak sampled MB']:.0f} MB, VmHWM at ready {result['VmHWM at ready MB']:.0f} MB, "
          f"VmHWM {result['VmHWM MB']:.0f} MB, settled {result['settled RSS MB']:.0f} MB\n"
          f"  while loading: /healthz {summary(result['healthz'])}; {calls}; GET /api/v1/alerts {summary(lists)}\n"
          f"  watched {result['watched']:,} (expected {result['expected']:,}); alert {result['probe id']} created "
          f"during the load: {result['probe'][0]}, fire_count {result['probe'][1]}, {result['firings']} firing row(s); "
          f"exit {result['exit']}{'; the calls failed: ' + str(result['probe error']) if result['probe error'] else ''}\n"
          f"  verdict (ready <= 15 s, RSS <= 1.5 GB, API answering, each alert once): {'PASS' if passed else 'FAIL'}",
          flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--alerts", type=int, default=10_000_000)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--binary", default=os.path.join(ROOT, "build", "release", "pricewatch"))
    parser.add_argument("--keep", help="a folder to keep the original and the import in (reused when present)")
    options = parser.parse_args()
    binary = os.path.abspath(options.binary)
    directory = options.keep or tempfile.mkdtemp(prefix="pricewatch-big-book-")
    os.makedirs(directory, exist_ok=True)
    try:
        original = os.path.join(directory, f"original-{options.alerts}.sqlite3")
        database = os.path.join(directory, f"pricewatch-{options.alerts}.db")
        if not os.path.exists(original):
            started = time.monotonic()
            make_original(original + ".part", options.users, options.alerts)
            os.rename(original + ".part", original)
            print(f"original: {options.users:,} users, {options.alerts:,} alerts, "
                  f"{os.path.getsize(original) / 1e6:.0f} MB, made in {time.monotonic() - started:.1f} s", flush=True)
        imported_mark = database + ".imported"
        if not os.path.exists(imported_mark):
            before = load_average()
            wall, peak_mb, imported = run_import(binary, original, database, directory)
            open(imported_mark, "w").close()
            print(f"import: {imported:,} alerts in {wall:.1f} s ({imported / wall:,.0f}/s), peak RSS {peak_mb:.0f} MB, "
                  f"database {os.path.getsize(database) / 1e6:.0f} MB; load {before} -> {load_average()}", flush=True)
        for run in range(1, options.runs + 1):
            active = sqlite3.connect(database).execute("SELECT COUNT(*) FROM alerts WHERE status = 'created'").fetchone()[0]
            report(run, serve_once(binary, database, directory, active))
    finally:
        if not options.keep:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
