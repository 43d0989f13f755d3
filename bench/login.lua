-- wrk script of bench/http_bench.sh: POST /api/login/ with the credentials of the user the script
-- registered (environment variables BENCH_EMAIL and BENCH_PASSWORD); every login succeeds.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"email": "%s", "password": "%s"}', os.getenv("BENCH_EMAIL"), os.getenv("BENCH_PASSWORD"))
