#!/usr/bin/env bash
# Prepares deploy/nginx/pricewatch.conf to run without root, on loopback, in a directory of its
# own: the shipped file with only its placeholders replaced, never a configuration of the tests'.
# Usage: nginx_test_setup.sh DIR HTTP_PORT HTTPS_PORT API_PORT_1 API_PORT_2
# Writes into DIR:
#   cert.pem, key.pem  a self-signed certificate for alerts.example.com (and 127.0.0.1), made by
#                      the openssl command; clients trust it as their only authority
#   pricewatch.conf    the shipped file: listen 80 -> 127.0.0.1:HTTP_PORT, listen 443 ->
#                      127.0.0.1:HTTPS_PORT, the certificate paths -> these two files, the api
#                      processes 127.0.0.1:8001 and :8002 -> API_PORT_1 and API_PORT_2
#   nginx.conf         what includes it inside http {}, with every file nginx writes in DIR, its
#                      error log on stderr at "notice" (it says "start worker processes" when ready)
# Then: nginx -e stderr -p DIR -c DIR/nginx.conf [-t]. Fails when a placeholder is not found, so a
# change to the shipped file cannot quietly leave the tests on the wrong ports or certificates.
set -euo pipefail
if [ $# -ne 5 ]; then
  sed -n '4p' "$0" | sed 's/^# //' >&2
  exit 2
fi
dir=$1 http_port=$2 https_port=$3 api_1=$4 api_2=$5
shipped="$(cd "$(dirname "$0")/../.." && pwd)/deploy/nginx/pricewatch.conf"
mkdir -p "$dir"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
  -subj "/CN=alerts.example.com" -addext "subjectAltName=DNS:alerts.example.com,IP:127.0.0.1" \
  -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null

# Each placeholder, and how many times the shipped file must hold it.
replace() {
  local from=$1 to=$2 expected=$3 found
  found=$(grep -cF -- "$from" "$dir/pricewatch.conf" || true)
  if [ "$found" -ne "$expected" ]; then
    echo "$shipped: expected \"$from\" on $expected lines, found it on $found" >&2
    exit 1
  fi
  local escaped_from escaped_to
  escaped_from=$(printf '%s' "$from" | sed 's/[][\/.*^$]/\\&/g')
  escaped_to=$(printf '%s' "$to" | sed 's/[\/&]/\\&/g')
  sed -i "s/$escaped_from/$escaped_to/g" "$dir/pricewatch.conf"
}
cp "$shipped" "$dir/pricewatch.conf"
replace "listen 80;" "listen 127.0.0.1:$http_port;" 1
replace "listen 80 default_server;" "listen 127.0.0.1:$http_port default_server;" 1
replace "listen 443 ssl http2;" "listen 127.0.0.1:$https_port ssl http2;" 1
replace "listen 443 ssl http2 default_server;" "listen 127.0.0.1:$https_port ssl http2 default_server;" 1
replace "/etc/letsencrypt/live/alerts.example.com/fullchain.pem;" "$dir/cert.pem;" 1
replace "/etc/letsencrypt/live/alerts.example.com/privkey.pem;" "$dir/key.pem;" 1
replace "server 127.0.0.1:8001 " "server 127.0.0.1:$api_1 " 1
replace "server 127.0.0.1:8002 " "server 127.0.0.1:$api_2 " 1
if grep -nE '^[^#]*listen +(80|443)[ ;]' "$dir/pricewatch.conf" >&2; then
  echo "$shipped: a listen line above was not moved to loopback" >&2
  exit 1
fi

# As root, nginx's workers would run as nobody, who may not write in DIR.
user_line=""
if [ "$(id -u)" -eq 0 ]; then user_line="user root;"; fi
cat >"$dir/nginx.conf" <<CONF
$user_line
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log stderr notice;
events {
    worker_connections 256;
}
http {
    access_log $dir/access.log;
    client_body_temp_path $dir/client_body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    include $dir/pricewatch.conf;
}
CONF
