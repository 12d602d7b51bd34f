#!/usr/bin/env bash
# Install CLMIS on one Debian 12 server from this checkout, as root: `infra/install.sh`.
#
# It installs the system packages, creates the `clmis` user, puts the application in /opt/clmis, writes
# /etc/clmis/clmis.env (kept when it exists), migrates the database, collects the static files,
# installs the systemd units and the nginx configuration, starts everything and checks /health/ready/
# through nginx. Run again with a newer checkout to upgrade in place. docs/operations.md, "Installing on
# one server", says what each step does and what to change afterwards (certificates, e-mail).
#
# Settings, from the environment:
#   CLMIS_BASE_DOMAIN  the hub's host name; countries at <code>.<domain>    (default: hostname -f)
#   DATABASE_URL       an existing database; unset: a local PostgreSQL with a `clmis` role and database
#   CELERY_BROKER_URL  an existing Redis; unset: a local Redis                (redis://127.0.0.1:6379/0)
#   CLMIS_BIND         where gunicorn listens for nginx                       (127.0.0.1:8000)
#   HTTP_PORT          the port nginx serves HTTP on, sending it to HTTPS     (80)
#   HTTPS_PORT         the port nginx serves HTTPS on                          (443)
# Without systemd (a container, a CI machine) the units' own command lines are started directly, as the
# clmis user, with their process ids in /run/clmis/<unit>.pid (`infra/install.sh stop` stops them).
set -euo pipefail

SOURCE="$(cd "$(dirname "$0")/.." && pwd)"
HOME_DIR=/opt/clmis
ETC_DIR=/etc/clmis
DATA_DIR=/var/lib/clmis
RUN_DIR=/run/clmis
LOG_DIR=/var/log/clmis
ENV_FILE="$ETC_DIR/clmis.env"
WORKER_QUEUES=default,computation,collection,upgrades
UNITS=(clmis-web "clmis-worker@$WORKER_QUEUES" clmis-beat)
DOMAIN="${CLMIS_BASE_DOMAIN:-$(hostname -f)}"
HTTP_PORT="${HTTP_PORT:-80}"
HTTPS_PORT="${HTTPS_PORT:-443}"

say() { printf '\n== %s\n' "$*"; }
fail() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }
has_systemd() { [ -d /run/systemd/system ]; }
reachable() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

packages() {
  say "System packages"
  local missing=()
  /usr/bin/python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3 python3-venv)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  [ -n "${DATABASE_URL:-}" ] || command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
  [ -n "${CELERY_BROKER_URL:-}" ] || reachable 127.0.0.1 6379 || missing+=(redis-server)
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get install -y --no-install-recommends "${missing[@]}" \
      || { apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; }
  fi
}

service_user() {
  say "The clmis user and its directories"
  id clmis >/dev/null 2>&1 \
    || useradd --system --home-dir "$DATA_DIR" --no-create-home --shell /usr/sbin/nologin clmis
  install -d -o clmis -g clmis -m 0750 "$DATA_DIR" "$DATA_DIR/media" "$DATA_DIR/static"
  # Backups hold every country's personal data: for clmis alone, not for nginx.
  install -d -o clmis -g clmis -m 0700 "$DATA_DIR/backups"
  install -d -o clmis -g clmis -m 0755 "$RUN_DIR" "$LOG_DIR"
  install -d -o root -g clmis -m 0750 "$ETC_DIR"
}

application() {
  say "The application in $HOME_DIR"
  # A fresh copy each time, swapped in whole, so no file of an older version stays behind.
  install -d -m 0755 "$HOME_DIR"
  rm -rf "$HOME_DIR/app.new"
  install -d -m 0755 "$HOME_DIR/app.new"
  tar -C "$SOURCE" --exclude=./.git --exclude=./.venv --exclude=./var --exclude='*.egg-info' \
    --exclude=__pycache__ --exclude=./build -cf - . | tar -C "$HOME_DIR/app.new" -xf -
  rm -rf "$HOME_DIR/app.old"
  [ ! -d "$HOME_DIR/app" ] || mv "$HOME_DIR/app" "$HOME_DIR/app.old"
  mv "$HOME_DIR/app.new" "$HOME_DIR/app"
  rm -rf "$HOME_DIR/app.old"
  [ -x "$HOME_DIR/venv/bin/python" ] || /usr/bin/python3 -m venv "$HOME_DIR/venv"
  local extensions=("$HOME_DIR"/app/extensions/*/)
  "$HOME_DIR/venv/bin/pip" install --quiet --disable-pip-version-check \
    -c "$HOME_DIR/app/constraints.txt" "$HOME_DIR/app" "${extensions[@]}"
}

database() {
  [ -z "${DATABASE_URL:-}" ] || return 0
  say "A local PostgreSQL database for clmis"
  if ! runuser -u postgres -- pg_isready -q; then
    if has_systemd; then systemctl enable --now postgresql; else pg_ctlcluster --skip-systemctl-redirect "$(pg_lsclusters -h | awk 'NR==1 {print $1, $2}')" start; fi
  fi
  runuser -u postgres -- psql -qtAc "SELECT 1 FROM pg_roles WHERE rolname = 'clmis'" | grep -q 1 \
    || runuser -u postgres -- createuser clmis
  runuser -u postgres -- psql -qtAc "SELECT 1 FROM pg_database WHERE datname = 'clmis'" | grep -q 1 \
    || runuser -u postgres -- createdb --owner clmis clmis
  # Over the Unix socket, as the clmis user (peer authentication): no password to keep.
  DATABASE_URL="postgres://clmis@/clmis?host=/run/postgresql"
}

broker() {
  [ -z "${CELERY_BROKER_URL:-}" ] || return 0
  if ! reachable 127.0.0.1 6379; then
    say "A local Redis"
    if has_systemd; then systemctl enable --now redis-server; else redis-server /etc/redis/redis.conf --daemonize yes; fi
  fi
  CELERY_BROKER_URL=redis://127.0.0.1:6379/0
}

# Set KEY=VALUE in the environment file, replacing the template's line.
env_set() {
  local key="$1" value="$2"
  if grep -q "^$key=" "$ENV_FILE"; then
    KEY="$key" VALUE="$value" /usr/bin/python3 - "$ENV_FILE" <<'EOF'
import os, sys
path, key, value = sys.argv[1], os.environ["KEY"], os.environ["VALUE"]
lines = open(path, encoding="utf-8").read().splitlines()
lines = [f"{key}={value}" if line.startswith(f"{key}=") else line for line in lines]
open(path, "w", encoding="utf-8").write("\n".join(lines) + "\n")
EOF
  else
    printf '%s=%s\n' "$key" "$value" >>"$ENV_FILE"
  fi
}

environment_file() {
  if [ -f "$ENV_FILE" ]; then
    say "Keeping $ENV_FILE"
    return 0
  fi
  say "Writing $ENV_FILE"
  install -o root -g clmis -m 0640 "$SOURCE/infra/clmis.env.example" "$ENV_FILE"
  env_set SECRET_KEY "$(/usr/bin/python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
  env_set CLMIS_BASE_DOMAIN "$DOMAIN"
  env_set DATABASE_URL "$DATABASE_URL"
  env_set CELERY_BROKER_URL "$CELERY_BROKER_URL"
  # The cache in the broker's Redis, one database number up: rate limits shared by every process.
  if [[ "$CELERY_BROKER_URL" =~ ^(redis://.*/)([0-9]+)$ ]]; then
    env_set CACHE_URL "${CACHE_URL:-${BASH_REMATCH[1]}$((BASH_REMATCH[2] + 1))}"
  fi
  env_set DEFAULT_FROM_EMAIL "\"CLMIS <no-reply@$DOMAIN>\""
  # Printed to the web log until the operator sets a mail server.
  env_set EMAIL_URL "consolemail://"
  env_set CLMIS_BIND "${CLMIS_BIND:-127.0.0.1:8000}"
  [ "$HTTPS_PORT" = 443 ] || env_set CLMIS_LINK_PORT "$HTTPS_PORT"
}

# A command as the clmis user with the environment the units give it (EnvironmentFile, Environment,
# WorkingDirectory): the command's words follow.
AS_CLMIS=(runuser -u clmis -- env -i PATH=/usr/bin:/bin LANG=C.UTF-8 HOME="$DATA_DIR" bash -c
  'set -a; . "$0"; set +a; export DJANGO_SETTINGS_MODULE=clmis.settings PYTHONPATH=/opt/clmis/app/platform:/opt/clmis/app; cd /opt/clmis/app; exec "$@"'
  "$ENV_FILE")

migrate() {
  say "Migrating the database and collecting the static files"
  "${AS_CLMIS[@]}" "$HOME_DIR/venv/bin/clmis" migrate
  "${AS_CLMIS[@]}" "$HOME_DIR/venv/bin/clmis" collectstatic --noinput --verbosity 0
  "${AS_CLMIS[@]}" "$HOME_DIR/venv/bin/clmis" check --deploy --fail-level WARNING
}

units() {
  say "systemd units"
  install -m 0644 "$SOURCE"/infra/systemd/clmis-* /etc/systemd/system/
  if has_systemd; then systemctl daemon-reload; fi
}

proxy() {
  say "nginx for $DOMAIN"
  local bind
  bind="$(sed -n 's/^CLMIS_BIND=//p' "$ENV_FILE")"
  local certificate="/etc/letsencrypt/live/$DOMAIN"
  if [ ! -f "$certificate/fullchain.pem" ]; then
    # A self-signed certificate until Let's Encrypt's exists (docs/operations.md, "Certificates").
    certificate="$ETC_DIR/tls"
    if [ ! -f "$certificate/fullchain.pem" ]; then
      install -d -m 0750 "$certificate"
      openssl req -x509 -newkey rsa:2048 -nodes -days 90 -subj "/CN=$DOMAIN" \
        -addext "subjectAltName=DNS:$DOMAIN,DNS:*.$DOMAIN" \
        -keyout "$certificate/privkey.pem" -out "$certificate/fullchain.pem" 2>/dev/null
    fi
  fi
  install -d -m 0755 /etc/nginx/snippets /etc/nginx/clmis-domains /var/www/letsencrypt
  # nginx serves the static files and, once the application allows it, the case documents: its user
  # reads them through the clmis group (the directories are closed to everyone else).
  local nginx_user
  nginx_user="$(sed -n 's/^[[:space:]]*user[[:space:]]\+\([^;[:space:]]*\).*;/\1/p' /etc/nginx/nginx.conf | head -n 1)"
  usermod -a -G clmis "${nginx_user:-www-data}"
  install -m 0644 "$SOURCE/infra/nginx/clmis-site.conf" "$SOURCE/infra/nginx/clmis-proxy.conf" /etc/nginx/snippets/
  local no_ipv6=""
  # Where the machine has no IPv6 (some containers), nginx would refuse to start on [::].
  [ -f /proc/net/if_inet6 ] || no_ipv6='/listen \[::\]/d'
  sed -e "s/lmis\.example\.org/$DOMAIN/g" \
    -e "s|/etc/letsencrypt/live/$DOMAIN|$certificate|g" \
    -e "s/listen 443 /listen $HTTPS_PORT /; s/listen \[::\]:443 /listen [::]:$HTTPS_PORT /" \
    -e "s/listen 80;/listen $HTTP_PORT;/; s/listen \[::\]:80;/listen [::]:$HTTP_PORT;/" -e "$no_ipv6" \
    -e "s/server 127\.0\.0\.1:8000;/server ${bind:-127.0.0.1:8000};/" \
    "$SOURCE/infra/nginx/clmis.conf" >/etc/nginx/conf.d/clmis.conf
  nginx -t -q
}

# The unit's ExecStart, with the instance name in place of %i (and %% as %).
unit_command() {
  local unit="$1" file="$1" instance=""
  if [[ "$unit" == *@* ]]; then
    instance="${unit#*@}"
    file="${unit%%@*}@"
  fi
  sed -n 's/^ExecStart=//p' "/etc/systemd/system/$file.service" | sed -e "s/%i/$instance/g" -e 's/%%/%/g'
}

start() {
  say "Starting ${UNITS[*]} and nginx"
  if has_systemd; then
    systemctl enable clmis-backup.timer
    systemctl start clmis-backup.timer
    systemctl enable "${UNITS[@]}"
    systemctl restart "${UNITS[@]}"
    systemctl enable nginx
    systemctl reload-or-restart nginx
    return 0
  fi
  stop
  for unit in "${UNITS[@]}"; do
    read -ra command <<<"$(unit_command "$unit")"
    setsid "${AS_CLMIS[@]}" "${command[@]}" >>"$LOG_DIR/${unit%%@*}.log" 2>&1 </dev/null &
    echo $! >"$RUN_DIR/${unit%%@*}.pid"
  done
  if [ -f /run/nginx.pid ] && kill -0 "$(cat /run/nginx.pid)" 2>/dev/null; then nginx -s reload; else nginx; fi
}

# Without systemd: stop what `start` started (each in its own process group).
stop() {
  local pid
  for file in "$RUN_DIR"/*.pid; do
    [ -f "$file" ] || continue
    pid="$(cat "$file")"
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    rm -f "$file"
  done
}

check() {
  say "Checking https://$DOMAIN:$HTTPS_PORT/health/ready/ through nginx"
  local answer=""
  for _ in $(seq 1 60); do
    if answer="$(curl -fsS --insecure --resolve "$DOMAIN:$HTTPS_PORT:127.0.0.1" \
      "https://$DOMAIN:$HTTPS_PORT/health/ready/" 2>&1)"; then
      printf '%s\n\nCLMIS answers at https://%s/ (the hub) and https://<country>.%s/.\n' "$answer" "$DOMAIN" "$DOMAIN"
      printf 'Next: a country (clmis country create), the certificates and EMAIL_URL: docs/operations.md.\n'
      return 0
    fi
    sleep 1
  done
  fail "not ready after 60 s: $answer (logs: journalctl -u clmis-web, or $LOG_DIR)"
}

main() {
  [ "$(id -u)" = 0 ] || fail "run as root (sudo infra/install.sh)"
  command -v apt-get >/dev/null || fail "this script installs on Debian (apt-get); see docs/operations.md for others"
  case "${1:-install}" in
    install)
      packages
      service_user
      application
      database
      broker
      environment_file
      migrate
      units
      proxy
      start
      check
      ;;
    stop) has_systemd && systemctl stop "${UNITS[@]}" || stop ;;
    *) fail "usage: infra/install.sh [install|stop]" ;;
  esac
}

main "$@"
