#!/usr/bin/env python3
"""Writes the seed corpora of fuzz/corpus/<target>/: a few well-formed inputs of each parser, as
clients, exchanges and operators send them, from which libFuzzer mutates. Run again after
changing it; files are named by content, so re-running adds nothing twice."""
import hashlib
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, data):
    if isinstance(data, str):
        data = data.encode()
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(folder, name), "wb") as out:
        out.write(data)


def choice(n, text):
    return bytes([n]) + text.encode()


def request(method, target, body="", headers=()):
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1:8000"] + list(headers)
    if body:
        lines.append(f"Content-Length: {len(body.encode())}")
    return "\r\n".join(lines) + "\r\n\r\n" + body


AUTH = "Authorization: Bearer @TOKEN@"
JSON = "Content-Type: application/json"
for seed in [
    request("GET", "/healthz"), request("GET", "/readyz"), request("GET", "/metrics"), request("GET", "/"),
    request("GET", "/app.js"), request("GET", "/../../etc/passwd"), request("GET", "/%2e%2e/%2e%2e/etc/passwd"),
    request("POST", "/api/register/", '{"email":"a@example.com","password":"correct horse battery"}', [JSON]),
    request("POST", "/api/login/", '{"email":"fuzz@example.com","password":"correct horse battery"}', [JSON]),
    request("POST", "/api/login/", "email=fuzz%40example.com&password=x",
            ["Content-Type: application/x-www-form-urlencoded"]),
    request("POST", "/api/alerts/create/", '{"symbol":"BTCUSDT","condition":"above","price":"50000.5"}', [AUTH]),
    request("POST", "/api/alerts/create/", "symbol=ETHUSDT&condition=below&price=1e3",
            [AUTH, "Content-Type: application/x-www-form-urlencoded"]),
    request("POST", "/api/alerts/create/",
            '--b\r\nContent-Disposition: form-data; name="price"\r\n\r\n42\r\n--b--\r\n',
            [AUTH, "Content-Type: multipart/form-data; boundary=b"]),
    request("GET", "/api/alerts/?page=2", headers=[AUTH]), request("GET", "/api/alerts/triggered/?page=last", headers=[AUTH]),
    request("POST", "/api/alerts/delete/1/", headers=[AUTH]), request("POST", "/api/delete/2/", headers=["Authorization: Bearer @OTHER@"]),
    request("POST", "/api/v1/users", '{"email":"b@example.com","password":"correct horse battery"}', [JSON]),
    request("POST", "/api/v1/tokens", '{"email":"fuzz@example.com","password":"correct horse battery"}', [JSON]),
    request("POST", "/api/v1/alerts",
            '{"symbol":"BTCUSDT","kind":"crossing","price":"50000","repeat":"recurring","cooldown_seconds":60}', [AUTH, JSON]),
    request("POST", "/api/v1/alerts", '{"symbol":"ETHUSDT","kind":"percent_move","percent":"5","window":"1h"}', [AUTH, JSON]),
    request("PATCH", "/api/v1/alerts/1", '{"paused":true,"price":51000.25}', [AUTH, JSON]),
    request("GET", "/api/v1/alerts?status=active&limit=10&cursor=abc", headers=[AUTH]),
    request("GET", "/api/v1/alerts/1", headers=["Authorization: Bearer @OTHER@"]),
    request("DELETE", "/api/v1/alerts/1", headers=[AUTH]), request("GET", "/api/v1/alerts/1/firings", headers=[AUTH]),
    request("GET", "/api/v1/firings?limit=5", headers=[AUTH]), request("GET", "/api/v1/prices/BTCUSDT"),
    request("GET", "/api/v1/prices/BTCUSDT/stream"), request("GET", "/api/v1/events", headers=[AUTH]),
    request("GET", "/api/v1/prices?symbols=BTCUSDT,ETHUSDT"),
    request("GET", "/api/alerts/", headers=[AUTH, "Forwarded: for=203.0.113.5;proto=https;host=example.com",
                                            "X-Forwarded-For: 198.51.100.1, 10.0.0.1"]),
    "POST /api/v1/alerts HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n" + JSON +
    "\r\nTransfer-Encoding: chunked\r\n\r\n7\r\n{\"a\":1}\r\n0\r\n\r\n",
    "POST /api/v1/alerts HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "GET /api/alerts/ HTTP/1.0\r\n\r\n",
]:
    write("http_request", seed)

for dialect in (0, 1):
    for content_type, body in [
        ("application/json", '{"symbol":"BTCUSDT","condition":"above","price":"50000"}'),
        ("application/json", '{"symbol":"ETHUSDT","kind":"level","price":1e3,"repeat":"once","note":"x"}'),
        ("application/json", '{"kind":"percent_move","percent":"2.5","window":"15m","cooldown_seconds":300}'),
        ("application/json", '{"paused":false,"price":"0.00000001","expires_at":"2030-01-01T00:00:00Z"}'),
        ("application/json", '{"type":"webhook","name":"desk","config":{"url":"https://hooks.example.com/a",'
                             '"template":"{\\"text\\":\\"{{symbol}} {{price}}\\"}"}}'),
        ("application/json", '{"type":"telegram","config":{"chat_id":"-100123","template":"<b>{{symbol}}</b>"}}'),
        ("application/json", '{"type":"ntfy","config":{"server":"https://ntfy.sh","topic":"btc","priority":"4"}}'),
        ("application/json", '{"type":"email","name":"work","config":{"address":"me@example.com"},"status":"active"}'),
        ("application/json", '{"timezone":"Europe/Berlin","quiet_hours":{"start":"22:00","end":"07:00"},'
                             '"digest_seconds":300,"default_channels":[1,2]}'),
        ("application/json", '{"id":1,"email":"me@example.com","quiet_hours":null,"timezone":"UTC"}'),
        ("text/plain;charset=UTF-8", '{"price":50000.000000005}'),
        ("application/x-www-form-urlencoded", "symbol=BTCUSDT&condition=below&price=+5.%20"),
        ("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxk",
         '------WebKitFormBoundary7MA4YWxk\r\nContent-Disposition: form-data; name="price"\r\n\r\n1_000.5\r\n'
         '------WebKitFormBoundary7MA4YWxk\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n'
         'Content-Type: text/plain\r\n\r\nabc\r\n------WebKitFormBoundary7MA4YWxk--\r\n'),
    ]:
        write("request_body", choice(dialect, content_type + "\n" + body))

for text in ["50000", "0.00000001", "1e5", " -5. ", ".5", "1_000.5", "NaN", "-Infinity", "99999999999.99999999",
             "12345678.123456785", "1E-9", "0"]:
    write("price", text)

for n, text in [
    (0, '{"e":"aggTrade","E":1700000000000,"s":"BTCUSDT","a":1,"p":"50000.01","q":"0.1","f":1,"l":1,"T":1700000000000,"m":true}'),
    (0, '{"stream":"btcusdt@aggTrade","data":{"e":"trade","s":"BTCUSDT","t":5,"p":"1.5","T":1700000000000}}'),
    (0, '{"result":null,"id":1}'), (0, '{"e":"serverShutdown","E":1}'),
    (1, '[{"symbol":"BTCUSDT","price":"50000.00000000"},{"symbol":"ETHUSDT","price":"3000.1"}]'),
    (2, '[[1700000000000,"1.0","2.0","0.5","1.5","10",1700000059999,"15",3,"1","1","0"]]'),
    (3, '{"symbol":"BTCUSDT","lastPrice":"50000.1","priceChangePercent":"-1.500","closeTime":1700000000000}'),
    (4, '{"code":-1121,"msg":"Invalid symbol."}'),
    (5, '{"symbols":[{"symbol":"BTCUSDT","status":"TRADING"},{"symbol":"ETHUSDT","status":"BREAK"}]}'),
]:
    write("binance", choice(n, text))

for n, text in [
    (0, '{"type":"match","trade_id":10,"sequence":50,"maker_order_id":"a","taker_order_id":"b",'
        '"time":"2024-01-01T00:00:00.000000Z","product_id":"BTC-USD","size":"0.1","price":"42000.5","side":"sell"}'),
    (0, '{"type":"heartbeat","sequence":90,"last_trade_id":20,"product_id":"BTC-USD","time":"2024-01-01T00:00:01.5Z"}'),
    (0, '{"type":"subscriptions","channels":[{"name":"matches","product_ids":["BTC-USD"]}]}'),
    (0, '{"type":"error","message":"Failed to subscribe","reason":"FOO-USD is not a valid product"}'),
    (1, '{"trade_id":1,"price":"42000.5","size":"1","time":"2024-01-01T00:00:00Z","bid":"1","ask":"2","volume":"3"}'),
    (2, '[[1700000060,1.0,2.0,1.5,1.7,10.0],[1700000000,1.0,2.0,1.5,1.7,10.0]]'),
    (3, '[{"id":"BTC-USD","status":"online"},{"id":"ETH-USD","status":"delisted"}]'),
    (4, '{"message":"NotFound"}'),
]:
    write("coinbase", choice(n, text))

for n, text in [
    (0, '{"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"buy","price":42000.5,"qty":0.1,'
        '"ord_type":"market","trade_id":5,"timestamp":"2024-01-01T00:00:00.123456Z"}]}'),
    (0, '{"channel":"status","type":"update","data":[{"system":"online","api_version":"v2"}]}'),
    (0, '{"method":"subscribe","req_id":1,"success":false,"error":"Currency pair not supported FOO/USD","symbol":"FOO/USD"}'),
    (0, '{"channel":"heartbeat"}'),
    (1, '{"error":["EQuery:Unknown asset pair"],"result":{}}'),
    (2, '{"error":[],"result":{"XXBTZUSD":{"c":["42000.50000","0.1"]}}}'),
    (3, '{"error":[],"result":{"XXBTZUSD":[[1700000000,"1.0","2.0","0.5","1.5","1.2","10",3]],"last":1700000000}}'),
    (4, '{"error":[],"result":{"XXBTZUSD":{"altname":"XBTUSD","wsname":"XBT/USD"},"BTC/EUR":{"altname":"XBTEUR"}}}'),
]:
    write("kraken", choice(n, text))

write("jwt", choice(0, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoxfQ.c2lnbmF0dXJl"))
write("jwt", choice(0, "eyJhbGciOiJub25lIn0.eyJ1c2VyX2lkIjoxfQ."))
for header in ['{"alg":"HS256","typ":"JWT"}', '{"alg":"none"}', '{"alg":"HS256","crit":["x"]}',
               '{"alg":"RS256","kid":"../../key","jku":"http://127.0.0.1/"}']:
    write("jwt", choice(1, header + "\n" + '{"token_type":"access","exp":1790001800,"iat":1790000000,"jti":"j",'
                        '"user_id":1,"sub":"1","email":"a@example.com","iss":"pricewatch","aud":"pricewatch-api"}'))

write("config", choice(0, '[http]\nlisten = "127.0.0.1:8000"\nbody_limit = 65536\n[database]\nurl = "sqlite://x.db"\n'
                          '[auth]\njwt_secret = "0123456789abcdef0123456789abcdef"\n[feed]\nexchange = "binance"\n'))
write("config", choice(0, 'mode = "api"\n[queue]\nurl = "amqp://guest:guest@127.0.0.1:5672/"\n'))
write("config", choice(1, "PRICEWATCH_HTTP_LISTEN=127.0.0.1:0\nPRICEWATCH_DATABASE_URL=sqlite:///tmp/x.db\n"
                          "PRICEWATCH_HTTP_TRUSTED_PROXIES=10.0.0.0/8, ::1\nPRICEWATCH_HTTP_PUBLIC_URL=https://x.example/"))

write("forwarded", "127.0.0.1\nForwarded: for=203.0.113.5;proto=https;host=example.com, for=\"[2001:db8::1]:80\"\n")
write("forwarded", "10.0.0.0/8, ::1\nX-Forwarded-For: 198.51.100.1, 10.0.0.2\nX-Forwarded-Proto: https\nX-Forwarded-Host: a.b\n")

write("django_password", "pbkdf2_sha256$600000$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=")
write("django_password", "pbkdf2_sha256$1$salt$0IvVHm0TQRi6bKl7vRTXmA0ekcL8hU6YhJUrWqkWcGk=")

for n, text in [
    (0, "<b>{{symbol}}</b> is {{ condition }} {{target}}: now {{price}}\nnote: <i>&amp;</i> {{x"),
    (1, "**{{symbol}}** {{percent}}% in {{window}} at {{fired_at}} ({{alert_url}})\n_under_ *star* `code`"),
    (2, "<{{alert_url}}|alert #{{alert_id}}> on {{exchange}}\n<@here> & <!channel>"),
    (3, "plain {{note}} and {{unknown}} and {{\n{{note}}"),
    (0, "no placeholder at all { } }}\n"),
]:
    write("template", choice(n, text))

write("queue_messages", '{"notification_id":12,"attempts":1}')
write("queue_messages", '{"origin":"p1","kind":"alert","event":{"type":"created","alert_id":5,"user_id":2}}')
write("queue_messages", '{"origin":"p1","kind":"price","update":{"symbol":"BTCUSDT","price":"50000.1","time":1700000000000}}')
