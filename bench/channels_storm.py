"""The channels storm of issue 14 (bench/delivery_bench.py channels-storm): one price fires N
alerts, each naming three channels (the account's email to the SMTP sink, a webhook to the
Standard Webhooks receiver, ntfy to the fake chat services), so 3N deliveries.

Checked at the receivers: every delivery arrives exactly once (the webhooks by webhook-id, each
signature verified by the receiver with the `standardwebhooks` package; ntfy and email by the
alert they tell of), none missing, none twice, also after a quiet period once all arrived.

Measured: the webhook deliveries' rate at the receiver (first to last arrival), against the
ceiling: the same receiver driven alone by wrk, in the same run, before and after the storm,
with signed POSTs of the same size as pricewatch's; the higher of the two is the ceiling.
Target: the webhook deliveries at least 50 % of the ceiling.
"""
import base64
import hashlib
import hmac
import json
import os
import re
import subprocess
import time

from delivery_bench import Api, create_alerts, wait_until

HOOK = "storm"        # the receiver's /hooks/<name> pricewatch delivers to
CEILING_HOOK = "wrk"  # the one wrk drives, so that its requests are not counted as deliveries


class Fake:
    """A fake service's control API, a connection per call (node closes idle ones after 5 s)."""

    def __init__(self, port):
        self.port = port

    def call(self, method, path, body=None):
        return Api(self.port).call(method, path, body)


def add_channel(owner, body):
    status, channel = owner.call("POST", "/api/v1/channels", body)
    if status != 201:
        raise RuntimeError(f"channel not made: {status} {channel}")
    return channel


def sample_body(alert_id):
    """A body as pricewatch's default webhook body for a level alert (webhook_sender.cpp)."""
    fired_at = time.strftime("%Y-%m-%dT%H:%M:%S.123Z", time.gmtime())
    return json.dumps({"type": "alert.triggered", "timestamp": fired_at,
                       "data": {"alert_id": alert_id, "firing_id": alert_id, "symbol": "BTCUSDT",
                                "exchange": "binance", "condition": "above", "target": "70000",
                                "price": "70000", "percent": None, "window": None, "fired_at": fired_at,
                                "note": None}}, separators=(",", ":"))


def wrk_script(path, secret, body):
    """A wrk script that POSTs one signed webhook, as pricewatch signs it (Standard Webhooks v1)."""
    message_id, timestamp = "msg_ceiling", str(int(time.time()))
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signature = base64.b64encode(hmac.new(key, f"{message_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest())
    with open(path, "w") as script:
        script.write(f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\n'
                     f'wrk.headers["Content-Type"] = "application/json"\n'
                     f'wrk.headers["webhook-id"] = "{message_id}"\n'
                     f'wrk.headers["webhook-timestamp"] = "{timestamp}"\n'
                     f'wrk.headers["webhook-signature"] = "v1,{signature.decode()}"\n')


def ceiling(receiver, work, secret, connections, seconds):
    """Requests per second the receiver accepts from wrk alone, all verified."""
    script = os.path.join(work, "webhook.lua")
    wrk_script(script, secret, sample_body(1_000_000))
    receiver.call("POST", "/control/secrets", {"name": CEILING_HOOK, "secrets": [secret]})
    before = len(receiver.call("GET", f"/control/received?name={CEILING_HOOK}")[1])
    output = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", script,
                             f"http://127.0.0.1:{receiver.port}/hooks/{CEILING_HOOK}"],
                            capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    received = receiver.call("GET", f"/control/received?name={CEILING_HOOK}")[1][before:]
    if not received or not all(record["verified"] and record["status"] == 204 for record in received):
        raise RuntimeError("the receiver did not verify and accept every request of wrk")
    return rate


def email_alerts(maildir):
    """The alert each stored message tells of, by its Message-ID (-1: none)."""
    found = []
    for entry in os.scandir(maildir):
        if entry.name.endswith(".eml"):
            with open(entry.path, "rb") as message:
                header = re.search(rb"Message-ID: <alert-(\d+)@", message.read(4096))
                found.append(int(header.group(1)) if header else -1)
    return found


def run_channels_storm(port, token, control, maildir, alerts, receiver, services, work, wrk_connections,
                       kinds=("email", "webhook", "ntfy")):
    owner = Api(port, token)
    webhook = add_channel(owner, {"type": "webhook", "name": "storm hook",
                                  "config": {"url": f"http://127.0.0.1:{receiver.port}/hooks/{HOOK}"}})
    receiver.call("POST", "/control/secrets", {"name": HOOK, "secrets": [webhook["secret"]]})
    ntfy = add_channel(owner, {"type": "ntfy", "name": "storm push",
                               "config": {"server": f"http://127.0.0.1:{services.port}/ntfy", "topic": "storm"}})
    email = owner.call("GET", "/api/v1/channels")[1]["results"][0]
    chosen = {"email": email["id"], "webhook": webhook["id"], "ntfy": ntfy["id"]}
    # Per kind: what arrived, as (the key a duplicate would repeat, the alert it tells of).
    arrivals = {
        "webhook": lambda: [(h["id"], json.loads(h["body"])["data"]["alert_id"])
                            for h in receiver.call("GET", f"/control/received?name={HOOK}")[1]],
        "ntfy": lambda: [(alert, alert) for alert in
                         (int(re.search(r"alert #(\d+)", p["body"]).group(1))
                          for p in services.call("GET", "/control/received?key=/ntfy/storm")[1])],
        "email": lambda: [(alert, alert) for alert in email_alerts(maildir)],
    }
    # Polled twice a second while the storm runs: counts, not the lists (megabytes of JSON made
    # on the receivers' own threads, which the storm's deliveries wait for meanwhile).
    counters = {
        "webhook": lambda: receiver.call("GET", f"/control/count?name={HOOK}")[1]["count"],
        "ntfy": lambda: services.call("GET", "/control/count?key=/ntfy/storm")[1]["count"],
        "email": lambda: sum(1 for entry in os.scandir(maildir) if entry.name.endswith(".json")),
    }

    before = ceiling(receiver, work, webhook["secret"], wrk_connections, 10)
    print(f"ceiling before the storm: the receiver alone accepts {before:.0f} webhooks/s "
          f"(wrk -t1 -c{wrk_connections} -d10s, signed POSTs of {len(sample_body(1_000_000))} bytes)", flush=True)

    started = time.time()
    channels = [chosen[kind] for kind in kinds]
    create_alerts(port, token, [{"symbol": "BTCUSDT", "price": "70000", "channels": channels} for _ in range(alerts)])
    alert_ids = {alert["id"] for alert in all_alerts(owner)}
    print(f"created {alerts} alerts naming {len(kinds)} channels each ({', '.join(kinds)}) in "
          f"{time.time() - started:.1f} s", flush=True)
    wait_until(lambda: "btcusdt@aggTrade" in control.call("GET", "/control/state")[1]["subscriptions"], 20)

    connections_before = receiver.call("GET", f"/control/count?name={HOOK}")[1]["connections"]
    status, pushed = control.call("POST", "/control/price", {"symbol": "BTCUSDT", "price": "70000"})
    fired_at = pushed["sent_at"]
    complete = wait_until(lambda: all(counters[kind]() >= alerts for kind in kinds), 600, step=0.5)
    done_after = time.time() - fired_at
    time.sleep(3)  # a quiet period: a late duplicate would arrive now

    print(f"channels storm of {alerts} alerts x {len(kinds)} channels: "
          f"{'all arrived' if complete else 'NOT all arrived'} {done_after:.1f} s after the price")
    exactly_once = True
    for kind in kinds:
        received = arrivals[kind]()
        keys = {key for key, _ in received}
        missing = len(alert_ids - {alert for _, alert in received})
        twice = len(received) - len(keys)
        exactly_once = exactly_once and missing == 0 and twice == 0 and len(received) == alerts
        print(f"  {kind}: {len(received)} received, {len(keys)} distinct, {missing} missing, {twice} twice")
    if "webhook" not in kinds:
        return
    hooks = receiver.call("GET", f"/control/received?name={HOOK}")[1]
    unverified = sum(1 for h in hooks if not h["verified"])
    first, last = min(h["received_ms"] for h in hooks) / 1000, max(h["received_ms"] for h in hooks) / 1000
    rate = len(hooks) / max(last - first, 1e-3)
    connections = receiver.call("GET", f"/control/count?name={HOOK}")[1]["connections"] - connections_before
    print(f"  webhooks {first - fired_at:.2f}-{last - fired_at:.2f} s after the price; signatures the "
          f"standardwebhooks package did not verify: {unverified}; connections the receiver accepted "
          f"meanwhile: {connections} (the bench's own polls included, one each)")
    after = ceiling(receiver, work, webhook["secret"], wrk_connections, 10)
    top = max(before, after)
    print(f"ceiling after the storm: {after:.0f} webhooks/s")
    print(f"webhook deliveries {rate:.0f}/s = {100 * rate / top:.0f} % of the ceiling {top:.0f}/s "
          f"(before {before:.0f}/s, after {after:.0f}/s)")
    print(f"targets: every delivery exactly once {'PASS' if exactly_once and unverified == 0 else 'FAIL'}, "
          f"webhooks >= 50 % of the ceiling {'PASS' if rate >= 0.5 * top else 'FAIL'}")


def all_alerts(owner):
    found, page = [], 1
    while True:
        status, listed = owner.call("GET", f"/api/v1/alerts?page={page}&page_size=100")
        found += listed["results"]
        if not listed.get("next"):
            return found
        page += 1
