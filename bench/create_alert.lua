-- wrk script of bench/http_bench.sh: POST /api/alerts/create with a JSON price; the bearer token
-- comes from the command line (-H "Authorization: Bearer ...").
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"price": 51000}'
