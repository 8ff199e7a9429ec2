#!/usr/bin/env bash
# `npm start`: install, build, migrate, load the demo plan, run the worker and the API.
# Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (or DATABASE_URL/REDIS_URL).
set -euo pipefail
cd "$(dirname "$0")/.."

# Secrets come from the environment or a local, git-ignored .env — never from the repository.
if [ -z "${JWT_SECRET:-}" ]; then
  if [ ! -f .env ]; then
    printf 'JWT_SECRET=%s\n' "$(node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))")" > .env
    chmod 600 .env
  fi
  set -a
  # shellcheck disable=SC1091
  . ./.env
  set +a
fi
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/dondoc}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"

[ -d node_modules ] || npm ci --no-audit --no-fund --ignore-scripts
# Rebuild when a source is newer than the build (DONDOC_NO_BUILD=1: use dist/ as it is, e.g. in tests).
if [ "${DONDOC_NO_BUILD:-}" != 1 ]; then
  [ -f dist/apps/api/src/main.js ] && [ -z "$(find apps libs -name '*.ts' ! -name '*.spec.ts' -newer dist/apps/api/src/main.js -print -quit)" ] || npm run build
fi
tokens_file="${DEMO_TOKENS_FILE:-.demo-tokens}"

node dist/apps/cli/src/main.js migrate
import_summary=$(node dist/apps/cli/src/main.js import-plan fixtures/plan-118-thai-binh-2019.json)
echo "$import_summary"
# The plan's id is derived from the fixture (stream plan-<id>); the README's example reads it here.
plan_id=$(printf '%s\n' "$import_summary" | sed -n 's/^Kế hoạch \([^ ]*\) (plan-118-thai-binh-2019).*/\1/p')

# A committee login for the dashboard (http://localhost:3000/dashboard), created once; its
# password is kept in a git-ignored file beside .env.
password_file="${DEMO_PASSWORD_FILE:-.demo-password}"
if [ ! -s "$password_file" ]; then
  node -e "process.stdout.write(require('crypto').randomBytes(12).toString('base64url'))" > "$password_file"
  chmod 600 "$password_file"
  DONDOC_USER_PASSWORD="$(cat "$password_file")" node dist/apps/cli/src/main.js create-user \
    -u bcd.demo -r committee --name "Ban Chỉ đạo (demo)" || echo "(bcd.demo already exists: its password is the one set when it was created)"
fi

# Demo bearer tokens (8 h) so /docs can be driven at once; real users log in at POST /auth/login.
{
  echo "Demo tokens (paste into /docs → Authorize):"
  echo "  committee (Ban Chỉ đạo):      $(node dist/apps/cli/src/main.js token -u demo-committee -r committee)"
  echo "  agency officer (Công an tỉnh): $(node dist/apps/cli/src/main.js token -u demo-ca-tinh -r agency -a CA_TINH)"
  echo "  auditor (Thanh tra):          $(node dist/apps/cli/src/main.js token -u demo-auditor -r auditor)"
  echo "  plan 118/KH-UBND:             $plan_id"
  echo "Dashboard: http://localhost:${PORT:-3000}/dashboard — user bcd.demo, password $(cat "$password_file")"
} | tee "$tokens_file"

# Both in the background so that a signal to this script reaches them. On a signal, or when
# either exits, stop both: SIGTERM lets them finish the work in hand, and after 10 s (docker's
# grace period too) SIGKILL. The script returns only when both are gone.
worker=""
api=""
stop_both() {
  trap - EXIT INT TERM HUP
  local children=()
  for pid in $worker $api; do children+=("$pid"); done
  [ ${#children[@]} -gt 0 ] || return 0
  kill -TERM "${children[@]}" 2>/dev/null || true
  for _ in $(seq 100); do
    local alive=0
    for pid in "${children[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 1 ] || break
    sleep 0.1
  done
  kill -KILL "${children[@]}" 2>/dev/null || true
  wait "${children[@]}" 2>/dev/null || true
}
trap stop_both EXIT INT TERM HUP
node dist/apps/worker/src/main.js &
worker=$!
node dist/apps/api/src/main.js &
api=$!
wait -n "$worker" "$api"
