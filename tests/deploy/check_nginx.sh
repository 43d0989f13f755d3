#!/usr/bin/env bash
# Checks deploy/nginx/pricewatch.conf the way it is meant to be used, included in an http {}
# block: `nginx -t` on the shipped file with its placeholders replaced (nginx_test_setup.sh: a
# certificate made for the check, ports and paths in a temporary directory), so it needs no root
# and touches nothing of the machine's nginx. Fails (never skips) when nginx or openssl is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

# /usr/sbin is not on every user's PATH.
nginx=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$nginx" ] || ! command -v openssl >/dev/null; then
  echo "nginx or openssl is not installed: run scripts/install-deps.sh test" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# nginx -t binds nothing: any ports do.
"$here/nginx_test_setup.sh" "$work" 8080 8443 8001 8002
"$nginx" -t -q -e stderr -p "$work" -c "$work/nginx.conf"
echo "nginx accepts $here/../../deploy/nginx/pricewatch.conf"
