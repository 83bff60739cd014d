#!/bin/sh
# Install LESLIE Impact on a fresh Debian 12 server, as root, from a copy of the release:
#
#   sudo deploy/install.sh
#
# It installs Python and Caddy (Debian's packages), the system user "leslie", the release in
# /opt/leslie/app with its own Python packages in /opt/leslie/venv, the data directory
# /var/lib/leslie/data, the settings /etc/leslie/leslie.env, Caddy's configuration, and the
# systemd units: the dashboard and the timers of the backup, the reminders and the health
# check. The first run stops after writing the settings, to be edited; the second run
# starts everything. Running it again changes nothing that is already in place.
set -eu
if [ "$(id -u)" != 0 ]; then
  echo "Run it as root: sudo $0" >&2
  exit 2
fi
SRC=$(cd "$(dirname "$0")/.." && pwd)
APP=/opt/leslie/app
VENV=/opt/leslie/venv
HOME_DIR=/var/lib/leslie
DATA=/var/lib/leslie/data
BACKUPS=/var/backups/leslie
SETTINGS=/etc/leslie/leslie.env

echo "1/6 Debian packages (Python, Caddy)"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv caddy rsync >/dev/null

echo "2/6 the system user leslie and its folders"
id leslie >/dev/null 2>&1 || adduser --system --group --home "$HOME_DIR" --no-create-home leslie
install -d -o leslie -g leslie -m 0750 "$HOME_DIR" "$DATA" "$BACKUPS"
install -d -m 0755 /opt/leslie /etc/leslie

echo "3/6 the settings"
if [ ! -e "$SETTINGS" ]; then
  install -o root -g leslie -m 0640 "$SRC/deploy/leslie.env" "$SETTINGS"
  echo "Wrote $SETTINGS. Set the site's address, the certificates and the coordinator's"
  echo "e-mail in it, then run $0 again."
  exit 0
fi
if grep -q '^LESLIE_SITE=impact.example.org$' "$SETTINGS"; then
  echo "$SETTINGS still names impact.example.org: set the site's address first." >&2
  exit 2
fi

echo "4/6 the release in $APP and its Python packages"
rsync -a --delete --exclude .git --exclude .venv --exclude /data "$SRC/" "$APP/"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check -r "$APP/requirements.txt"
"$VENV/bin/pip" install -q --disable-pip-version-check --no-deps -e "$APP"
DATA_DIR=$(sed -n 's/^LESLIE_DATA_DIR=//p' "$SETTINGS")
runuser -u leslie -- env LESLIE_DATA_DIR="${DATA_DIR:-$DATA}" HOME="$HOME_DIR" \
  "$VENV/bin/python" -m pipelines build >/dev/null

echo "5/6 Caddy (HTTPS in front of the dashboard)"
if [ -e /etc/caddy/Caddyfile ] && ! cmp -s /etc/caddy/Caddyfile "$APP/deploy/Caddyfile"; then
  cp -p /etc/caddy/Caddyfile /etc/caddy/Caddyfile.before-leslie
fi
install -m 0644 "$APP/deploy/Caddyfile" /etc/caddy/Caddyfile
install -d -m 0755 /etc/systemd/system/caddy.service.d
install -m 0644 "$APP/deploy/systemd/caddy-leslie.conf" /etc/systemd/system/caddy.service.d/leslie.conf

echo "6/6 the services and timers"
install -m 0644 "$APP"/deploy/systemd/leslie-*.service "$APP"/deploy/systemd/leslie-*.timer \
  /etc/systemd/system/
systemctl daemon-reload
systemctl enable --now leslie-dashboard.service leslie-backup.timer leslie-reminders.timer \
  leslie-doctor.timer
systemctl enable caddy.service
systemctl restart caddy.service

echo
echo "Installed. Next: create the coordinator's account:"
echo "  sudo -u leslie env LESLIE_DATA_DIR=${DATA_DIR:-$DATA} $VENV/bin/python -m pipelines users add NAME --role coordinator"
echo "and the mail settings ${DATA_DIR:-$DATA}/private/smtp.toml (docs/operations.md)."
