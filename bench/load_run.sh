#!/usr/bin/env bash
# One load run with CPU accounting (not a test): fresh benchmark users, `phlov serve`, locust
# for DURATION, then the per-request table and where the machine's CPU went.
#
#   bench/load_run.sh TAG DURATION [phlov serve arguments]     e.g. bench/load_run.sh a 5m
#
# Needs the national database (docs/benchmarks.md, "Synthetic data generator") and static files
# collected with the same DATABASE_URL. Results go to var/locust-TAG_*.csv. CPU per request is
# read from /proc before and after the run: the server's processes (user + system time), locust
# (its own time), and the whole machine (/proc/stat, all processes, PostgreSQL included).
set -euo pipefail
tag=$1 duration=$2
shift 2
cd "$(dirname "$0")/.."
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/phlov_bench_national}
export PHLOV_DEMO=1
.venv/bin/python bench/locust_users.py 50 > var/locust-users.csv
setsid .venv/bin/phlov serve --bind 127.0.0.1:8000 "$@" > "var/serve-$tag.log" 2>&1 &
server=$!
trap 'kill -- -$server 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -sf http://127.0.0.1:8000/healthz > /dev/null && break; sleep 1; done

server_ticks() {  # user and system clock ticks of every `phlov serve` process, as "user,system"
  local user=0 system=0 pid
  for pid in $(pgrep -f "phlov serve"); do
    read -r u s < <(awk '{print $14, $15}' "/proc/$pid/stat" 2>/dev/null || echo 0 0)
    user=$(( user + u )) system=$(( system + s ))
  done
  echo "$user,$system"
}
machine_before=$(head -1 /proc/stat) server_before=$(server_ticks)
PHLOV_LOCUST_USERS=var/locust-users.csv /usr/bin/time -f "%U %S" -o "var/locust-$tag.time" \
  .venv/bin/locust -f bench/locustfile.py --headless -u 50 -r 5 -t "$duration" --only-summary \
  --host http://127.0.0.1:8000 --csv "var/locust-$tag" > "var/locust-$tag.log" 2>&1
machine_after=$(head -1 /proc/stat) server_after=$(server_ticks)

.venv/bin/python - "$tag" "$machine_before" "$machine_after" "$server_before" "$server_after" "$(getconf CLK_TCK)" <<'PY'
import csv, sys

tag, before, after, server_before, server_after, hz = sys.argv[1:]
rows = list(csv.DictReader(open(f"var/locust-{tag}_stats.csv")))
for r in rows:
    print(f"{r['Name']:<24} {r['Request Count']:>7} requests  {r['Failure Count']:>3} failed  median {r['Median Response Time']:>5} ms"
          f"  p95 {r['95%']:>5} ms  p99 {r['99%']:>5} ms  {float(r['Requests/s']):6.1f}/s")
n = int(next(r for r in rows if r["Name"] == "Aggregated")["Request Count"])
ms = 1000 / int(hz)
user, system = map(float, open(f"var/locust-{tag}.time").read().split()[-2:])
ticks = [b - a for a, b in zip(map(int, before.split()[1:]), map(int, after.split()[1:]))]
busy = sum(ticks) - ticks[3] - ticks[4]  # all but idle and iowait
server_user, server_system = (int(b) - int(a) for a, b in zip(server_before.split(","), server_after.split(",")))
print(f"CPU per request: server {(server_user + server_system) * ms / n:.1f} ms "
      f"({server_user * ms / n:.1f} user, {server_system * ms / n:.1f} system), "
      f"locust {(user + system) * 1000 / n:.1f} ms, whole machine {busy * ms / n:.1f} ms "
      f"(idle {100 * ticks[3] / sum(ticks):.0f} %)")
PY
