#!/usr/bin/python3
"""Notification throughput of the scale-out mode, through RabbitMQ to the local SMTP sink.

The sink alone, before and after pricewatch: K Python clients (processes, one persistent SMTP
connection each) send N messages shaped like pricewatch's as fast as the sink accepts them; the
mean of the two is the SMTP server's own limit.
Then pricewatch as 1 api + 1 watcher + P notifier processes on PostgreSQL (or MySQL), Redis and
RabbitMQ, the fake exchange and the same sink: M alerts of U users at 70,000, one price of 70,000
fires them all, and the time from the exchange sending that price to the sink accepting the last
of the M emails gives emails/s. Every Message-ID is read back: none missing, none twice.
Target (the issue's): at least 2,000 emails/s with 2 notifiers, or the sink's own limit if lower.
During both phases the CPU time of every process involved is sampled, to show what limits it.

Usage: bench/queue_bench.py [--alerts 20000] [--users 10] [--notifiers 2] [--mail-connections 2]
                            [--sink-workers 2] [--sink-messages 20000] [--keep] [--start-servers]
Run from anywhere after `cmake --preset release && cmake --build --preset release` and
`scripts/test-servers.sh start` (or with --start-servers, which starts servers of its own in
build/bench-servers on the same fixed ports, so not while the tests' servers run). The servers,
database, Redis database and vhost are those of bench/scale_out_servers.sh (BENCH_* variables).
"""
import argparse
import concurrent.futures
import http.client
import json
import multiprocessing
import os
import re
import shutil
import signal
import smtplib
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import delivery_bench  # noqa: E402  (Api, wait_until, ROOT, BINARY, FIXTURES, PASSWORD)
from delivery_bench import Api, wait_until  # noqa: E402

ROOT = delivery_bench.ROOT
SERVERS_SCRIPT = os.path.join(ROOT, "bench", "scale_out_servers.sh")
PYTHON = "/usr/bin/python3"
TICKS = os.sysconf("SC_CLK_TCK")
PASSWORD = delivery_bench.PASSWORD
MAIL_FROM = "pricewatch@localhost"


# ---- CPU accounting ----------------------------------------------------------------------------

def cpu_of(pid):
    """User + system seconds of one process (its threads included), None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except (OSError, IndexError, ValueError):
        return None


def children_of(pid):
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                if int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry))
        except (OSError, IndexError, ValueError):
            pass
    return found


def machine_ticks():
    """(busy, total) seconds of all cores: busy is user, nice, system and steal."""
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    busy = values[0] + values[1] + values[2] + values[7]
    return busy / TICKS, sum(values[:8]) / TICKS


class CpuMeter:
    """CPU used by named groups of processes between start() and stop(), as shares of one core."""

    def __init__(self, groups):
        self.groups = groups  # name -> callable returning pids (asked at start and stop)

    def sample(self):
        return {name: {pid: cpu_of(pid) for pid in pids()} for name, pids in self.groups.items()}, machine_ticks()

    def start(self):
        self.before, self.began = self.sample(), time.time()

    def stop(self):
        after, ended = self.sample(), time.time()
        wall = ended - self.began
        used = {}
        for name in self.groups:
            first, last = self.before[0][name], after[0][name]
            total = 0.0
            for pid in set(first) | set(last):
                start_value = first.get(pid) or 0.0  # a process started meanwhile counts whole
                end_value = last.get(pid) if last.get(pid) is not None else start_value
                total += max(0.0, end_value - start_value)
            used[name] = total
        busy = after[1][0] - self.before[1][0]
        total = after[1][1] - self.before[1][1]
        cores = total / wall if wall > 0 else os.cpu_count()
        used["others"] = max(0.0, busy - sum(used.values()))
        return {name: 100 * seconds / wall for name, seconds in used.items()}, 100 * busy / max(total, 1e-9), cores

    @staticmethod
    def report(label, shares, busy_percent, cores):
        parts = ", ".join(f"{name} {share:.0f}%" for name, share in shares.items())
        print(f"   CPU during {label} (100% = one core; {cores:.0f} cores, machine {busy_percent:.0f}% busy): {parts}",
              flush=True)

    @staticmethod
    def report_cost(unit, shares, wall, count):
        """Each group's CPU per unit of work (docs/capacity.md builds on these)."""
        if count <= 0 or wall <= 0:
            return
        parts = ", ".join(f"{name} {share / 100 * wall / count * 1000:.3f}" for name, share in shares.items()
                          if name != "others")
        print(f"   CPU per {unit}, ms: {parts}", flush=True)


def listener_pid(port):
    output = subprocess.run(["ss", "-Hltnp", f"sport = :{port}"], capture_output=True, text=True).stdout
    match = re.search(r"pid=(\d+)", output)
    return [int(match.group(1))] if match else []


def url_port(url):
    match = re.match(r"^[a-z]+://(?:[^@/]*@)?[^:/]+:(\d+)", url)
    return int(match.group(1)) if match else None


def wait_for_quiet(max_load, timeout):
    """Waits (at most timeout seconds) until the 1-minute load average is below max_load."""
    deadline = time.time() + timeout
    load = os.getloadavg()
    while load[0] >= max_load and time.time() < deadline:
        time.sleep(5)
        load = os.getloadavg()
    note = "" if load[0] < max_load else f" (still >= {max_load} after {timeout} s: measuring anyway)"
    print(f"   load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}{note}", flush=True)
    return load


def wait_for_quiet_processes(meter, percent, timeout):
    """Waits (at most timeout seconds) for 2 s in which processes outside the meter's groups use
    less than percent of the machine's CPU."""
    deadline = time.time() + timeout
    while True:
        meter.start()
        time.sleep(2)
        shares, _, cores = meter.stop()
        others = shares["others"] / cores
        if others < percent or time.time() >= deadline:
            note = "" if others < percent else f" (still >= {percent}% after {timeout} s: measuring anyway)"
            print(f"   other processes {others:.0f}% of the CPU{note}", flush=True)
            return others


# ---- the sink alone ------------------------------------------------------------------------------

def sample_message(alert_id, recipient):
    """A message of the shape and size pricewatch sends (src/notify/mail_message.cpp)."""
    sentence = ("The current BTCUSDT price is 70000.00, which is greater than or equal to your threshold of "
                "70000.00.")
    tail = f"Alert #{alert_id}: BTCUSDT above 70000.00. This alert has now fired and will not fire again."
    boundary = f"pricewatch-{hash(alert_id) & 0xffffffffffff}"
    return (f"From: {MAIL_FROM}\r\nTo: {recipient}\r\nSubject: Price Alert: BTCUSDT at 70000.00\r\n"
            f"Date: {time.strftime('%a, %d %b %Y %H:%M:%S +0000', time.gmtime())}\r\n"
            f"Message-ID: <alert-{alert_id}@localhost>\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: multipart/alternative; boundary=\"{boundary}\"\r\n\r\n"
            f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{sentence}\r\n\r\n{tail}\r\n\r\n"
            f"--{boundary}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<!doctype html><html><body><p>"
            f"{sentence}</p><p>{tail.replace('BTCUSDT', '<strong>BTCUSDT</strong>', 1)}</p></body></html>\r\n\r\n"
            f"--{boundary}--\r\n").encode()


def sink_client(port, ids, ready, go, results):
    """One client process: connects, waits for the start, sends its messages on one connection."""
    client = smtplib.SMTP("127.0.0.1", port, timeout=60)
    client.ehlo("bench.localhost")
    messages = [(f"user{i % 10}@example.com", sample_message(i, f"user{i % 10}@example.com")) for i in ids]
    ready.release()
    go.wait()
    for recipient, message in messages:
        client.sendmail(MAIL_FROM, [recipient], message)
    results.put(time.time())
    client.quit()


def stored(maildir):
    """Stems of the messages the sink stored (its .json envelopes are written before the .eml)."""
    return [entry.name[:-5] for entry in os.scandir(maildir) if entry.name.endswith(".json")]


def by_worker(stems):
    """How many messages each sink process accepted: w0-000001 -> w0; one process: all as w0."""
    counts = {}
    for stem in stems:
        worker = stem.split("-")[0] if "-" in stem else "w0"
        counts[worker] = counts.get(worker, 0) + 1
    return " ".join(f"{worker}:{count}" for worker, count in sorted(counts.items()))


def start_logged(command, work, name, env=None):
    """Starts a process whose output goes to WORK/logs/NAME.log; returns it and the port of its
    'listening on' line (as delivery_bench.start does, but the log is kept for --keep)."""
    os.makedirs(os.path.join(work, "logs"), exist_ok=True)
    path = os.path.join(work, "logs", f"{name}.log")
    with open(path, "w") as log:
        process = subprocess.Popen(command, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 20
    while time.time() < deadline and process.poll() is None:
        with open(path) as log:
            match = re.search(r"listening on \w+://127\.0\.0\.1:(\d+)", log.read())
        if match:
            return process, int(match.group(1))
        time.sleep(0.05)
    process.kill()
    with open(path) as log:
        raise RuntimeError(f"{name} did not start: {log.read()[-2000:]}")


def log_problems(work):
    """Warnings and errors that pricewatch's processes logged."""
    found = []
    for name in sorted(os.listdir(os.path.join(work, "logs"))):
        if name.startswith(("api", "watcher", "notifier")):
            with open(os.path.join(work, "logs", name)) as log:
                found += [f"{name[:-4]}: {line.rstrip()}" for line in log if re.search(r" (warning|error|critical) ", line)]
    return found


def start_sink(work, maildir, workers, name="sink"):
    return start_logged([PYTHON, os.path.join(delivery_bench.FIXTURES, "smtp_sink.py"), "--maildir", maildir,
                         "--port", "0", "--workers", str(workers)], work, name)


def measure_sink(work, workers, clients, messages):
    maildir = tempfile.mkdtemp(prefix="sink-alone-", dir=work)
    sink, port = start_sink(work, maildir, workers, os.path.basename(maildir))
    try:
        context = multiprocessing.get_context("fork")
        ready, go, results = context.Semaphore(0), context.Event(), context.Queue()
        chunks = [list(range(k, messages, clients)) for k in range(clients)]
        processes = [context.Process(target=sink_client, args=(port, chunk, ready, go, results)) for chunk in chunks]
        for process in processes:
            process.start()
        for _ in processes:
            if not ready.acquire(timeout=60):
                raise RuntimeError("an SMTP client did not connect")
        meter = CpuMeter({"sink": lambda: [sink.pid] + children_of(sink.pid),
                          "clients": lambda: [p.pid for p in processes if p.pid]})
        meter.start()
        began = time.time()
        go.set()
        finished = [results.get(timeout=600) for _ in processes]
        ended = max(finished)
        shares = meter.stop()
        for process in processes:
            process.join(30)
        stems = stored(maildir)
        rate = messages / (ended - began)
        print(f"sink alone ({workers} sink processes, {clients} client connections): {messages} messages in "
              f"{ended - began:.2f} s = {rate:,.0f}/s; stored {len(stems)} ({by_worker(stems)})", flush=True)
        CpuMeter.report("the sink alone", *shares)
        if len(stems) != messages:
            raise RuntimeError(f"the sink stored {len(stems)} of {messages} messages")
        return rate
    finally:
        sink.terminate()
        sink.wait(10)


# ---- pricewatch ----------------------------------------------------------------------------------

def prepare_servers():
    output = subprocess.run([SERVERS_SCRIPT, "prepare"], capture_output=True, text=True)
    if output.returncode != 0:
        raise RuntimeError(f"bench/scale_out_servers.sh prepare failed: {output.stderr.strip()}")
    return dict(line.split("=", 1) for line in output.stdout.splitlines() if "=" in line)


def psql(database_url, query):
    """One query's answer, through psql (PostgreSQL) or the mariadb client (MySQL)."""
    if database_url.startswith("mysql://"):
        match = re.match(r"^mysql://([^:@/]+)(?::([^@/]*))?@([^:/]+)(?::(\d+))?/([^?]+)", database_url)
        user, password, host, port, name = match.groups()
        return subprocess.run(["mariadb", "--no-defaults", "--protocol=tcp", "-h", host, "-P", port or "3306",
                               "-u", user, "-N", "-B", name, "-e", query], capture_output=True, text=True, check=True,
                              env=dict(os.environ, MYSQL_PWD=password or "")).stdout.strip()
    return subprocess.run(["psql", "-Atq", database_url, "-c", query], capture_output=True, text=True,
                          check=True).stdout.strip()


def database_pids(database_url):
    if database_url.startswith(("postgresql://", "postgres://")):
        # Its backends for this database, and the background processes (WAL writer...) they keep busy.
        found = psql(database_url, "SELECT pid FROM pg_stat_activity WHERE (datname = current_database() "
                                   "OR backend_type <> 'client backend') AND pid <> pg_backend_pid()")
        return [int(pid) for pid in found.split()]
    return listener_pid(url_port(database_url))


def active_alerts(database_url):
    return int(psql(database_url, "SELECT count(*) FROM alerts WHERE status = 'created'"))


def database_transactions(database_url):
    """Committed transactions of the database so far (PostgreSQL; -1 elsewhere)."""
    if not database_url.startswith(("postgresql://", "postgres://")):
        return -1
    return int(psql(database_url, "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"))


def watched_alerts(port):
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/metrics")
        body = connection.getresponse().read().decode()
        match = re.search(r"^pricewatch_watched_alerts (\d+)", body, re.M)
        return int(match.group(1)) if match else -1
    except OSError:
        return -1


def create_for_users(port, tokens, alerts, threads=8):
    """alerts spread over the users, created through the API by `threads` clients."""
    jobs = [(tokens[i % len(tokens)], {"symbol": "BTCUSDT", "price": "70000"}) for i in range(alerts)]

    def worker(chunk):
        clients = {}
        for token, body in chunk:
            api = clients.setdefault(token, Api(port, token))
            status, answer = api.call("POST", "/api/v1/alerts", body)
            if status != 201:
                raise RuntimeError(f"create failed: {status} {answer}")
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, [jobs[i::threads] for i in range(threads)]))


def measure_pricewatch(args, work, servers):
    maildir = os.path.join(work, "mail")
    os.makedirs(maildir)
    processes = []
    try:
        exchange, exchange_port = start_logged([PYTHON, os.path.join(delivery_bench.FIXTURES, "fake_exchange.py"),
                                                "--port", "0"], work, "exchange")
        processes.append(exchange)
        sink, sink_port = start_sink(work, maildir, args.sink_workers)
        processes.append(sink)
        # The caller's PRICEWATCH_* settings pass on (ours win); the tests' PRICEWATCH_TEST_* would be refused.
        env = {name: value for name, value in os.environ.items() if not name.startswith("PRICEWATCH_TEST_")}
        env.update(delivery_bench.OFFLINE_EXCHANGES)
        env.update(PRICEWATCH_HTTP_LISTEN="127.0.0.1:0",
                   PRICEWATCH_DATABASE_URL=servers["database_url"],
                   PRICEWATCH_CACHE_URL=servers["cache_url"],
                   PRICEWATCH_QUEUE_URL=servers["queue_url"],
                   PRICEWATCH_AUTH_JWT_SECRET=servers["jwt_secret"],
                   PRICEWATCH_LOG_LEVEL="info",
                   PRICEWATCH_FEED_WS_URL=f"ws://127.0.0.1:{exchange_port}",
                   PRICEWATCH_FEED_REST_URL=f"http://127.0.0.1:{exchange_port}",
                   PRICEWATCH_MAIL_URL=f"smtp://127.0.0.1:{sink_port}",
                   PRICEWATCH_MAIL_CONNECTIONS=str(args.mail_connections))
        migrate = subprocess.run([delivery_bench.BINARY, "migrate"], cwd=work, env=env, capture_output=True, text=True)
        if migrate.returncode != 0:
            raise RuntimeError(f"pricewatch migrate failed: {migrate.stdout[-2000:]}")
        roles = {}
        for role, count in (("api", 1), ("watcher", 1), ("notifier", args.notifiers)):
            for k in range(count):
                process, port = start_logged([delivery_bench.BINARY, "serve", "--role", role], work,
                                             f"{role}{k + 1}", env)
                processes.append(process)
                roles.setdefault(role, []).append((process, port))
        api_port = roles["api"][0][1]
        watcher_port = roles["watcher"][0][1]

        api = Api(api_port)
        tokens = []
        for u in range(args.users):
            email = f"bench{u}@example.com"
            status, answer = api.call("POST", "/api/v1/users", {"email": email, "password": PASSWORD})
            if status != 201:
                raise RuntimeError(f"register failed: {status} {answer}")
            status, answer = api.call("POST", "/api/v1/tokens", {"email": email, "password": PASSWORD})
            tokens.append(answer["access_token"])
        control = Api(exchange_port)
        control.call("POST", "/control/price", {"symbol": "BTCUSDT", "price": "50000", "broadcast": False})
        began = time.time()
        create_for_users(api_port, tokens, args.alerts)
        print(f"created {args.alerts} alerts of {args.users} users in {time.time() - began:.1f} s", flush=True)
        if not wait_until(lambda: watched_alerts(watcher_port) == args.alerts, 60, step=0.2):
            raise RuntimeError(f"the watcher holds {watched_alerts(watcher_port)} alerts, not {args.alerts}")
        if not wait_until(lambda: "btcusdt@aggTrade" in control.call("GET", "/control/state")[1]["subscriptions"],
                          20):
            raise RuntimeError("the watcher did not subscribe to BTCUSDT")

        database_url = servers["database_url"]
        meter = CpuMeter({
            "sink": lambda: [sink.pid] + children_of(sink.pid),
            "api": lambda: [p.pid for p, _ in roles["api"]],
            "watcher": lambda: [p.pid for p, _ in roles["watcher"]],
            "notifiers": lambda: [p.pid for p, _ in roles["notifier"]],
            "database": lambda: database_pids(database_url),
            "rabbitmq": lambda: listener_pid(url_port(servers["queue_url"])),
            "redis": lambda: listener_pid(url_port(servers["cache_url"])),
            "exchange": lambda: [exchange.pid],
        })
        wait_for_quiet_processes(meter, args.quiet_percent, args.load_wait)
        print(f"   load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} (after creating the alerts)", flush=True)
        control = Api(exchange_port)  # the first connection may have idled out meanwhile
        meter.start()
        firing_meter = CpuMeter(meter.groups)
        firing_meter.start()
        status, pushed = control.call("POST", "/control/price", {"symbol": "BTCUSDT", "price": "70000"})
        fired_at = pushed["sent_at"]
        triggered = wait_until(lambda: active_alerts(database_url) == 0, 120, step=0.25)
        triggered_after = time.time() - fired_at
        firing_shares = firing_meter.stop()
        firing_window = time.time() - firing_meter.began
        # The delivery alone: from the moment every alert has fired to the last email.
        delivery_meter = CpuMeter(meter.groups)
        delivery_meter.start()
        mailed_before = len(stored(maildir))
        transactions_before = database_transactions(database_url)
        progress = [0, time.time()]

        def all_mailed():
            count = len(stored(maildir))
            if time.time() - progress[1] >= 5:
                print(f"   {count} emails after {time.time() - fired_at:.0f} s", flush=True)
                progress[1] = time.time()
            progress[0] = count
            return count >= args.alerts
        mailed = wait_until(all_mailed, args.timeout, step=0.2)
        shares = meter.stop()
        delivery_shares = delivery_meter.stop()
        delivery_window = time.time() - delivery_meter.began
        transactions = database_transactions(database_url) - transactions_before if transactions_before >= 0 else -1
        time.sleep(2)  # a late duplicate would show now
        stems = stored(maildir)
        ids, received = [], []
        for stem in stems:
            with open(os.path.join(maildir, f"{stem}.eml"), "rb") as message:
                header = re.search(rb"Message-ID: <alert-(\d+)@", message.read(4096))
            ids.append(int(header.group(1)) if header else -1)
            with open(os.path.join(maildir, f"{stem}.json")) as envelope:
                received.append(json.load(envelope)["received_at"])
        distinct = len(set(ids))
        last = max(received) if received else fired_at
        first = min(received) if received else fired_at
        rate = len(ids) / (last - fired_at) if last > fired_at else 0.0
        steady = len(ids) / (last - first) if last > first else 0.0
        print(f"pricewatch ({args.notifiers} notifiers x {args.mail_connections} mail connections, "
              f"{args.sink_workers} sink processes): {args.alerts} alerts "
              f"{'all triggered' if triggered else 'NOT all triggered'} {triggered_after:.2f} s after the price; "
              f"{len(ids)} emails {'' if mailed else '(timed out) '}in {last - fired_at:.2f} s = {rate:,.0f}/s "
              f"(first email after {first - fired_at:.2f} s; first to last {steady:,.0f}/s); "
              f"{distinct} distinct, {len(ids) - distinct} duplicates ({by_worker(stems)})", flush=True)
        problems = log_problems(work)
        print(f"   pricewatch logged {len(problems)} warnings or errors" + "".join(f"\n     {p}" for p in problems[:10]),
              flush=True)
        CpuMeter.report("the whole storm (price to last email)", *shares)
        CpuMeter.report("the firing (price to all triggered; deliveries began meanwhile)", *firing_shares)
        CpuMeter.report_cost("alert fired (and its deliveries begun meanwhile)", firing_shares[0], firing_window,
                             args.alerts)
        delivered = progress[0] - mailed_before
        if delivered > 0 and delivery_window > 0:
            per_email = f", {transactions / delivered:.1f} database transactions per email" if transactions >= 0 else ""
            print(f"   after the last alert fired: {delivered} emails in {delivery_window:.2f} s = "
                  f"{delivered / delivery_window:,.0f}/s{per_email}", flush=True)
            CpuMeter.report("those emails only", *delivery_shares)
            CpuMeter.report_cost("email (after the last alert fired)", delivery_shares[0], delivery_window, delivered)
        return rate, distinct == args.alerts and len(ids) == args.alerts
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in reversed(processes):
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=20_000, help="alerts fired by one price (emails sent)")
    parser.add_argument("--users", type=int, default=10, help="users owning them")
    parser.add_argument("--notifiers", type=int, default=2, help="notifier processes")
    parser.add_argument("--mail-connections", type=int, default=2, help="mail.connections of each notifier")
    parser.add_argument("--sink-workers", type=int, default=2, help="SMTP sink processes on one port")
    parser.add_argument("--sink-messages", type=int, default=20_000, help="messages of the sink-alone run (0: skip)")
    parser.add_argument("--sink-clients", type=int, help="client connections of the sink-alone run "
                        "(default: as many as pricewatch opens, notifiers x mail connections)")
    parser.add_argument("--max-load", type=float, default=1.5, help="wait for a 1-minute load average below this")
    parser.add_argument("--quiet-percent", type=float, default=20,
                        help="before each measurement, wait for other processes to use less of the CPU than this")
    parser.add_argument("--load-wait", type=int, default=600, help="seconds to wait for either at most")
    parser.add_argument("--timeout", type=int, default=600, help="seconds to wait for every email")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, mail) and print its path")
    parser.add_argument("--start-servers", action="store_true",
                        help="start servers of its own (scripts/test-servers.sh start build/bench-servers) and stop "
                             "them at the end; their ports are fixed, so not while other servers of it run")
    args = parser.parse_args()
    if not os.access(delivery_bench.BINARY, os.X_OK):
        sys.exit(f"{delivery_bench.BINARY} is missing: cmake --preset release && cmake --build --preset release")

    # SIGTERM (and SIGINT, which a shell ignores in background jobs) still stop every process started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started_servers = None
    work = tempfile.mkdtemp(prefix="pricewatch-queue-bench-")
    try:
        if args.start_servers:
            started_servers = os.environ.setdefault("BENCH_SERVERS", os.path.join(ROOT, "build", "bench-servers"))
            subprocess.run([os.path.join(ROOT, "scripts", "test-servers.sh"), "start", started_servers], check=True)
        print(f"== {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
              f"load {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
        # The sink alone before and after pricewatch (the host's speed drifts): its limit is the mean.
        wait_for_quiet(args.max_load, args.load_wait)  # the machine is shared: start when it is calm
        sink_rates = []
        clients = args.sink_clients or args.notifiers * args.mail_connections

        def sink_alone():
            if args.sink_messages > 0:
                wait_for_quiet_processes(CpuMeter({}), args.quiet_percent, args.load_wait)
                sink_rates.append(measure_sink(work, args.sink_workers, clients, args.sink_messages))
        sink_alone()
        servers = prepare_servers()
        print(f"== servers: {re.sub(r'//[^@/]*@', '//', servers['database_url'])}, {servers['cache_url']}, "
              f"{re.sub(r'//[^@/]*@', '//', servers['queue_url'])}", flush=True)
        rate, exact = measure_pricewatch(args, work, servers)
        sink_alone()
        sink_rate = sum(sink_rates) / len(sink_rates) if sink_rates else None
        if sink_rates:
            print(f"sink alone: {' and '.join(f'{r:,.0f}' for r in sink_rates)}/s, mean {sink_rate:,.0f}/s", flush=True)
        target = min(2000.0, sink_rate) if sink_rate else 2000.0
        verdict = "PASS" if rate >= target and exact else "FAIL"
        ratio = f"{rate / sink_rate:.2f} of the sink's own {sink_rate:,.0f}/s" if sink_rate else "sink not measured"
        print(f"result: {rate:,.0f} emails/s through RabbitMQ = {ratio}; target >= {target:,.0f}/s "
              f"(2,000/s or the sink's limit if lower): {verdict}; "
              f"none lost, none twice: {'PASS' if exact else 'FAIL'}", flush=True)
        return 0 if verdict == "PASS" else 1
    finally:
        if args.keep:
            print(f"work folder kept: {work}", flush=True)
        else:
            shutil.rmtree(work, ignore_errors=True)
        if started_servers:
            subprocess.run([os.path.join(ROOT, "scripts", "test-servers.sh"), "stop", started_servers])


if __name__ == "__main__":
    sys.exit(main())
