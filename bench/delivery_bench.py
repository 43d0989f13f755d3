#!/usr/bin/python3
"""End-to-end delivery benchmarks on the real binary, the fake exchange and the SMTP sink.

latency: with N active alerts that never fire, fire one alert at a time and measure from the
         exchange sending the price frame (its sent_at) to the SMTP sink accepting the message
         (its received_at). Targets (issue 17): p50 <= 2 ms, p99 <= 10 ms with 10,000 active alerts.
storm:   one price fires M alerts: time until all are triggered (target 5 s) and until the sink
         accepted every email (target 60 s), checking that none is lost or sent twice; and the
         emails accepted per second against the same sink driven alone by Postfix's smtp-source
         on 2 kept-alive sessions, before and after the storm (issue 17: at least 0.50).
channels-storm: one price fires M alerts, each to email, a webhook and ntfy: every delivery
         exactly once, and the webhooks' rate against the receiver's own ceiling under wrk
         (target 50 %): bench/channels_storm.py.

Usage: bench/delivery_bench.py latency [--alerts 10000] [--samples 300]
       bench/delivery_bench.py storm [--alerts 100000]
       bench/delivery_bench.py channels-storm [--alerts 10000] [--channels email,webhook,ntfy] [--wrk-connections 4]
Run from the repository root after `cmake --preset release && cmake --build --preset release`.
"""
import argparse
import concurrent.futures
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# BENCH_BINARY runs another build (the dev preset's -O2 binary, say) of the same code. Not
# PRICEWATCH_*: pricewatch refuses environment settings it does not know.
BINARY = os.environ.get("BENCH_BINARY", os.path.join(ROOT, "build", "release", "pricewatch"))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
PASSWORD = "benchmark password"
# The exchanges a benchmark does not feed point at a closed loopback port: nothing may leave the
# machine (an api process asks every exchange for its instrument list at start).
OFFLINE_EXCHANGES = {f"PRICEWATCH_FEED_{name}_{kind}_URL": f"{scheme}://127.0.0.1:9"
                     for name in ("BINANCEUS", "COINBASE", "KRAKEN") for kind, scheme in (("WS", "ws"), ("REST", "http"))}


def start(command, cwd, env=None):
    """Starts a process and returns it with the port from its 'listening on' line."""
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 20
    said = []
    while time.time() < deadline:
        line = process.stdout.readline()
        said.append(line)
        match = re.search(r"listening on \w+://127\.0\.0\.1:(\d+)", line)
        if match:
            # Keep draining so the child never blocks on a full pipe.
            concurrent.futures.ThreadPoolExecutor(1).submit(lambda: [None for _ in process.stdout])
            return process, int(match.group(1))
    process.kill()
    raise RuntimeError(f"{command[0]} did not start: {''.join(said[-5:])}")


class Api:
    """A keep-alive JSON client for one thread."""

    def __init__(self, port, token=None):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.port = port
        self.token = token

    def call(self, method, path, body=None):
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        self.connection.request(method, path, json.dumps(body) if body is not None else None, headers)
        response = self.connection.getresponse()
        data = response.read()
        return response.status, json.loads(data) if data else None


def wait_until(condition, timeout, step=0.005):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def create_alerts(port, token, bodies, threads=8):
    def worker(chunk):
        api = Api(port, token)
        for body in chunk:
            status, answer = api.call("POST", "/api/v1/alerts", body)
            if status != 201:
                raise RuntimeError(f"create failed: {status} {answer}")
    chunks = [bodies[i::threads] for i in range(threads)]
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, chunks))


def mail_count(maildir, known):
    """How many messages the sink stored: it numbers them 1, 2, 3... without gaps."""
    while os.path.exists(os.path.join(maildir, f"{known + 1:06d}.json")):
        known += 1
    return known


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["latency", "storm", "channels-storm"])
    parser.add_argument("--alerts", type=int)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--mixed", action="store_true",
                        help="latency: background alerts of every kind of DESIGN.md section 9, not only levels")
    parser.add_argument("--sink-workers", type=int, help="SMTP sink processes (default: 1 latency, 2 storms)")
    parser.add_argument("--channels", default="email,webhook,ntfy",
                        help="channels-storm: the channels each alert names (a subset shows one alone)")
    parser.add_argument("--ceiling-messages", type=int, default=20_000,
                        help="storm: messages smtp-source sends for each ceiling measurement")
    parser.add_argument("--wrk-connections", type=int, default=4, help="channels-storm: wrk's connections for the ceiling")
    args = parser.parse_args()
    alerts = args.alerts or (100_000 if args.mode == "storm" else 10_000)

    work = tempfile.mkdtemp(prefix="pricewatch-bench-")
    maildir = os.path.join(work, "mail")
    os.makedirs(maildir)
    processes = []
    try:
        exchange, exchange_port = start(["/usr/bin/python3", os.path.join(FIXTURES, "fake_exchange.py"), "--port", "0"], work)
        processes.append(exchange)
        workers = args.sink_workers or (1 if args.mode == "latency" else 2)
        sink, sink_port = start(["/usr/bin/python3", os.path.join(FIXTURES, "smtp_sink.py"), "--maildir", maildir,
                                 "--port", "0", "--workers", str(workers)], work)
        processes.append(sink)
        if args.mode == "channels-storm":
            receiver, receiver_port = start(["node", os.path.join(FIXTURES, "webhook-receiver", "receiver.mjs"),
                                             "--port", "0"], work)
            processes.append(receiver)
            services, services_port = start(["/usr/bin/python3", os.path.join(FIXTURES, "chat_services.py"),
                                             "--port", "0"], work)
            processes.append(services)
        env = dict(os.environ, **OFFLINE_EXCHANGES,
                   PRICEWATCH_HTTP_LISTEN="127.0.0.1:0",
                   PRICEWATCH_DATABASE_URL=f"sqlite://{work}/bench.db",
                   PRICEWATCH_LOG_LEVEL="info",
                   PRICEWATCH_FEED_WS_URL=f"ws://127.0.0.1:{exchange_port}",
                   PRICEWATCH_FEED_REST_URL=f"http://127.0.0.1:{exchange_port}",
                   PRICEWATCH_MAIL_URL=f"smtp://127.0.0.1:{sink_port}",
                   PRICEWATCH_DELIVERY_ALLOW_PRIVATE_NETWORKS="true")
        service, port = start([BINARY, "serve"], work, env)
        processes.append(service)

        api = Api(port)
        api.call("POST", "/api/v1/users", {"email": "bench@example.com", "password": PASSWORD})
        status, token = api.call("POST", "/api/v1/tokens", {"email": "bench@example.com", "password": PASSWORD})
        token = token["access_token"]
        control = Api(exchange_port)
        control.call("POST", "/control/price", {"symbol": "BTCUSDT", "price": "50000", "broadcast": False})

        if args.mode == "channels-storm":
            from channels_storm import Fake, run_channels_storm
            return run_channels_storm(port, token, control, maildir, alerts, Fake(receiver_port), Fake(services_port),
                                      work, args.wrk_connections, args.channels.split(","))
        started = time.time()
        if args.mode == "latency":
            # Background alerts far from the price: watched on every tick, never fired.
            make = mixed_alert if args.mixed else level_alert
            create_alerts(port, token, [make(i) for i in range(alerts)])
        else:
            create_alerts(port, token, [{"symbol": "BTCUSDT", "price": "70000"} for _ in range(alerts)])
        print(f"created {alerts} alerts in {time.time() - started:.1f} s", flush=True)
        wait_until(lambda: "btcusdt@aggTrade" in control.call("GET", "/control/state")[1]["subscriptions"], 20)

        if args.mode == "latency":
            run_latency(port, token, control, maildir, args.samples, alerts)
        else:
            run_storm(port, token, control, maildir, alerts, sink_port, args.ceiling_messages)
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(10)
        shutil.rmtree(work, ignore_errors=True)


def level_alert(i):
    return {"symbol": "BTCUSDT", "price": str(10_000_000 + i)}


WINDOWS = ["1m", "5m", "15m", "1h", "4h", "24h"]


def mixed_alert(i):
    """Alert i of a mix like the engine benchmark's, by i modulo 20: 8 levels, 6 crossings, 2
    recurring levels or crossings, 4 moves over all six windows (a quarter recurring). None fires
    while the samples move the price from 50,000 to about 60,300 (a 21 % rise): levels and
    crossings sit above 10,000,000 or below 1,000, moves ask for 50 % to 900 %."""
    kind = i % 20
    high, low = str(10_000_000 + i), str(1 + i % 999)
    if kind < 8:
        return {"symbol": "BTCUSDT", "condition": "above" if kind % 2 == 0 else "below",
                "price": high if kind % 2 == 0 else low}
    if kind < 14:
        condition = ["crossing_up", "crossing_down", "crossing"][kind % 3]
        return {"symbol": "BTCUSDT", "condition": condition, "price": low if condition == "crossing_down" else high}
    if kind < 16:
        return {"symbol": "BTCUSDT", "condition": "crossing" if kind == 14 else "above", "price": high,
                "frequency": "every_time", "cooldown_seconds": 60}
    alert = {"symbol": "BTCUSDT", "condition": "moving_up" if kind % 2 == 0 else "moving_down",
             "percent": str(50 + (i * 7) % 850), "window": WINDOWS[(i // 20) % 6]}
    if kind == 19:
        alert.update({"frequency": "every_time", "cooldown_seconds": 300})
    return alert


def run_latency(port, token, control, maildir, samples, background):
    owner = Api(port, token)
    latencies = []
    known = 0
    for i in range(samples):
        target = 60_000 + i
        status, created = owner.call("POST", "/api/v1/alerts", {"symbol": "BTCUSDT", "price": str(target)})
        assert status == 201, created
        status, pushed = control.call("POST", "/control/price", {"symbol": "BTCUSDT", "price": str(target)})
        if not wait_until(lambda: mail_count(maildir, known) > known, 10, step=0.0005):
            raise RuntimeError(f"sample {i}: no email within 10 s")
        known += 1
        with open(os.path.join(maildir, f"{known:06d}.json")) as envelope:
            received = json.load(envelope)["received_at"]
        latencies.append((received - pushed["sent_at"]) * 1000)
    latencies.sort()
    p50 = statistics.median(latencies)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"latency with {background} active alerts, {samples} samples: p50 {p50:.2f} ms, "
          f"p90 {latencies[int(len(latencies) * 0.9)]:.2f} ms, p99 {p99:.2f} ms, max {latencies[-1]:.2f} ms")
    print(f"targets: p50 <= 2 ms {'PASS' if p50 <= 2 else 'FAIL'}, p99 <= 10 ms {'PASS' if p99 <= 10 else 'FAIL'}")


def envelopes(maildir):
    """The stems of the messages the sink stored: several sink processes name theirs w<k>-<n>, and
    each writes the .json envelope before the .eml message."""
    return [entry.name[:-5] for entry in os.scandir(maildir) if entry.name.endswith(".json")]


# About the size of one alert email as pricewatch writes it (headers and both parts), so that the
# sink does the same work per message for smtp-source as for pricewatch; the storm prints the real
# mean size to compare.
CEILING_MESSAGE_BYTES = 1500


def smtp_source_rate(sink_port, maildir, messages):
    """Messages per second the sink accepts from smtp-source alone: 2 sessions, each kept open for
    all its messages (-d), from the start of the first connection to the last reply."""
    if shutil.which("smtp-source") is None:
        raise RuntimeError("smtp-source is missing: scripts/install-deps.sh bench installs Postfix's tools")
    before = len(envelopes(maildir))
    started = time.time()
    subprocess.run(["smtp-source", "-d", "-s", "2", "-m", str(messages), "-l", str(CEILING_MESSAGE_BYTES),
                    "-f", "ceiling@example.com", "-t", "sink@example.com", f"127.0.0.1:{sink_port}"],
                   check=True, stdout=subprocess.DEVNULL)
    took = time.time() - started
    stored = len(envelopes(maildir)) - before
    if stored != messages:
        raise RuntimeError(f"smtp-source sent {messages} messages, the sink stored {stored}")
    return messages / took


def run_storm(port, token, control, maildir, alerts, sink_port, ceiling_messages):
    owner = Api(port, token)
    ceiling_before = smtp_source_rate(sink_port, maildir, ceiling_messages)
    print(f"ceiling before: the sink alone took {ceiling_before:,.0f} messages/s from smtp-source", flush=True)
    ceiling_stems = set(envelopes(maildir))
    status, pushed = control.call("POST", "/control/price", {"symbol": "BTCUSDT", "price": "70000"})
    fired_at = pushed["sent_at"]
    triggered = wait_until(
        lambda: owner.call("GET", "/api/v1/alerts?status=created&page_size=1")[1]["count"] == 0, 120, step=0.05)
    triggered_after = time.time() - fired_at
    known = [0]

    def alert_mail():
        return [stem for stem in envelopes(maildir) if stem not in ceiling_stems]

    def all_mailed():
        known[0] = len(alert_mail())
        return known[0] >= alerts
    mailed = wait_until(all_mailed, 600, step=0.2)
    mailed_after = time.time() - fired_at
    ids, accepted, size = [], [], 0
    for stem in alert_mail():
        with open(os.path.join(maildir, f"{stem}.json")) as envelope:
            accepted.append(json.load(envelope)["received_at"])
        with open(os.path.join(maildir, f"{stem}.eml"), "rb") as message:
            text = message.read()
            size += len(text)
            header = re.search(rb"Message-ID: <alert-(\d+)@", text[:4096])
            ids.append(int(header.group(1)) if header else -1)
    known[0] = len(ids)
    distinct = len(set(ids))
    ceiling_after = smtp_source_rate(sink_port, maildir, ceiling_messages)
    ceiling = max(ceiling_before, ceiling_after)
    rate = known[0] / (max(accepted) - fired_at) if accepted else 0
    print(f"storm of {alerts} alerts: all triggered {'in' if triggered else 'NOT in'} {triggered_after:.2f} s, "
          f"{known[0]} emails {'in' if mailed else 'by timeout'} {mailed_after:.1f} s, {distinct} distinct, "
          f"{known[0] - distinct} duplicates, {size / max(1, known[0]):,.0f} bytes each on average")
    print(f"emails accepted per second, from the price to the last: {rate:,.0f}; the sink alone (smtp-source, "
          f"{CEILING_MESSAGE_BYTES} bytes, 2 sessions): {ceiling_before:,.0f} before, {ceiling_after:,.0f} after; "
          f"ratio to the higher {rate / ceiling:.2f}")
    print(f"targets: triggered <= 5 s {'PASS' if triggered and triggered_after <= 5 else 'FAIL'}, "
          f"all emails <= 60 s {'PASS' if mailed and mailed_after <= 60 else 'FAIL'}, "
          f"rate >= 0.50 of the sink alone {'PASS' if rate >= 0.5 * ceiling else 'FAIL'}, "
          f"none lost {'PASS' if distinct == alerts else 'FAIL'}, none twice {'PASS' if distinct == known[0] else 'FAIL'}")


if __name__ == "__main__":
    sys.exit(main())
