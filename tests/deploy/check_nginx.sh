#!/usr/bin/env bash
# Checks deploy/nginx/pricewatch.conf the way it is meant to be used, included in an http {}
# block: `nginx -t` on a wrapper configuration in a temporary directory, so it needs no root and
# touches nothing of the machine's nginx. Fails (never skips) when nginx is missing.
set -euo pipefail
conf="$(cd "$(dirname "$0")/../.." && pwd)/deploy/nginx/pricewatch.conf"

# /usr/sbin is not on every user's PATH.
nginx=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$nginx" ]; then
  echo "nginx is not installed: run scripts/install-deps.sh test" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The temporary paths and the log replace Debian's compiled-in ones under /var, which only root
# may write.
cat >"$work/nginx.conf" <<WRAPPER
events {}
http {
    access_log off;
    client_body_temp_path $work/client_body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    include $conf;
}
WRAPPER
"$nginx" -t -q -e stderr -p "$work" -c "$work/nginx.conf" -g "pid $work/nginx.pid; error_log $work/error.log;"
echo "nginx accepts $conf"
