#!/bin/sh
# Upgrade an installation made by install.sh to the release this script is part of:
#
#   sudo deploy/upgrade.sh
#
# It stops the dashboard, takes a backup (the leslie-backup service: kept and copied as
# configured), installs the new release and its Python packages, upgrades the data
# directory (python -m pipelines upgrade, which takes its own backup first), installs the
# new units and Caddy configuration, and starts the dashboard again. Any failing step stops
# it; the dashboard then stays stopped until the cause is fixed (docs/operations.md says how
# to restore the backup).
set -eu
if [ "$(id -u)" != 0 ]; then
  echo "Run it as root: sudo $0" >&2
  exit 2
fi
SRC=$(cd "$(dirname "$0")/.." && pwd)
APP=/opt/leslie/app
VENV=/opt/leslie/venv
SETTINGS=/etc/leslie/leslie.env
DATA_DIR=$(sed -n 's/^LESLIE_DATA_DIR=//p' "$SETTINGS")

echo "1/5 stopping the dashboard"
systemctl stop leslie-dashboard.service

echo "2/5 backup"
systemctl start leslie-backup.service

echo "3/5 the new release and its Python packages"
rsync -a --delete --exclude .git --exclude .venv --exclude /data "$SRC/" "$APP/"
"$VENV/bin/pip" install -q --disable-pip-version-check -r "$APP/requirements.txt"
"$VENV/bin/pip" install -q --disable-pip-version-check --no-deps -e "$APP"

echo "4/5 upgrading the data directory"
runuser -u leslie -- env LESLIE_DATA_DIR="$DATA_DIR" HOME=/var/lib/leslie \
  "$VENV/bin/python" -m pipelines upgrade

echo "5/5 units, Caddy, and the dashboard again"
install -m 0644 "$APP"/deploy/systemd/leslie-*.service "$APP"/deploy/systemd/leslie-*.timer \
  /etc/systemd/system/
install -m 0644 "$APP/deploy/systemd/caddy-leslie.conf" /etc/systemd/system/caddy.service.d/leslie.conf
install -m 0644 "$APP/deploy/Caddyfile" /etc/caddy/Caddyfile
systemctl daemon-reload
systemctl reload-or-restart caddy.service
systemctl start leslie-dashboard.service
runuser -u leslie -- env LESLIE_DATA_DIR="$DATA_DIR" HOME=/var/lib/leslie \
  "$VENV/bin/python" -m pipelines doctor || true
echo "Upgraded."
