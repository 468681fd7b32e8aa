#!/usr/bin/env bash
# The built server on the current LTS line (Node 22, from the `node@22` npm package, which ships
# its binary), as `npm start` runs it: on the embedded PostgreSQL in a fresh data directory, with
# the demo data and the first-run key. It must answer the health checks, and the seed page's
# Python workflow (examples/workflow.py) must run against it. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

data=$(mktemp -d)
chmod 755 "$data" # embedded-postgres runs PostgreSQL as another user when started by root
port=$(node -e 'const s=require("net").createServer().listen(0,()=>{console.log(s.address().port);s.close()})')
log=$(mktemp)

cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$log" "$data"
}
trap cleanup EXIT

npm run -s build
# The binary itself, so that the server is this script's child and stops with it.
node22=$(npm exec --yes --package=node@22 -- node -p process.execPath)
"$node22" --version
env -u DATABASE_URL -u REDIS_URL DATA_DIR="$data" PORT=$port HOST=127.0.0.1 NODE_ENV=development \
  "$node22" dist/src/main.js >"$log" 2>&1 &
server=$!

for _ in $(seq 1 120); do
  grep -q 'Prospect API listening' "$log" && break
  kill -0 "$server" 2>/dev/null || { cat "$log"; echo "the server exited"; exit 1; }
  sleep 1
done
grep -q 'Prospect API listening' "$log" || { cat "$log"; echo "the server did not start"; exit 1; }

curl -fsS "http://127.0.0.1:$port/health/live" && echo
curl -fsS "http://127.0.0.1:$port/health/ready" && echo
key=$(grep -o 'wbk_[0-9A-Za-z]*' "$log" | head -1 || true)
[ -n "$key" ] || { cat "$log"; echo "no first-run key in the log"; exit 1; }
PROSPECT_API_URL="http://127.0.0.1:$port" PROSPECT_API_KEY=$key python3 examples/workflow.py
echo "Node 22: the server, its health checks and the Python workflow work"
