#!/usr/bin/env bash
# The README's first command on a fresh machine: a virtual environment with the runtime
# requirements only (no test tools), the sample installation built, the dashboard served
# headless and answering, its first page drawn, and every module of the product imported.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=$(mktemp -d)
VENV="$WORK/venv"
PORT=${FRESH_PORT:-8597}
export LESLIE_DATA_DIR="$WORK/data"
LOG="$WORK/run.log"

make run VENV="$VENV" PORT="$PORT" >"$LOG" 2>&1 &
RUN_PID=$!
stop() {
  pkill -P "$RUN_PID" 2>/dev/null || true
  kill "$RUN_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap stop EXIT

for _ in $(seq 1 600); do
  if curl -fsS "http://127.0.0.1:$PORT/_stcore/health" 2>/dev/null | grep -q ok; then break; fi
  if ! kill -0 "$RUN_PID" 2>/dev/null; then echo "make run stopped:"; cat "$LOG"; exit 1; fi
  sleep 1
done
curl -fsS "http://127.0.0.1:$PORT/_stcore/health" | grep -q ok || { cat "$LOG"; exit 1; }
echo "fresh machine: make run serves the dashboard (health answered on port $PORT)"

"$VENV/bin/python" .ci/import_everything.py
echo "fresh machine: every module imports and the first page draws with the runtime requirements only"
