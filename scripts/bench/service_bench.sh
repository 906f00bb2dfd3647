#!/usr/bin/env bash
# Service benchmark, one run, printed as a table:
#   - upload MB/s of a 1,000,000×16 (+ target) CSV over HTTP vs the same file loaded with psql \copy
#     into a 17-column float8 table, and their ratio;
#   - ms per GD iteration of a job on that dataset, read from its loss history;
#   - polling throughput of GET /api/v1/jobs/{id} from a second process (wrk, 32 connections) and p99;
#   - submit-to-RUNNING latency (startedAt − createdAt), median of 20 submissions.
# It starts the packaged service on a PostgreSQL database of its own and stops it at the end.
# Needs: PostgreSQL on 127.0.0.1:5432 (user postgres), python3, curl, jq, wrk (apt-get install wrk).
# Usage: ./mvnw -q package -DskipTests && scripts/bench/service_bench.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

ROWS=${ROWS:-1000000}
PORT=${PORT:-18080}
DB=${BENCH_DB:-estimator_bench}
BASE="http://127.0.0.1:${PORT}"
WORK=$(mktemp -d)
JAR=$(ls target/estimator-*.jar | grep -v plain | head -1)
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qtA)

cleanup() {
  [[ -n "${APP_PID:-}" ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS ${DB} WITH (FORCE)" -c "CREATE DATABASE ${DB}"

echo "generating ${ROWS}x16 CSV..."
python3 - "$ROWS" "$WORK/bench.csv" <<'PY'
import sys, random
rows, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(1)
w = [rnd.uniform(-2, 2) for _ in range(16)]
with open(path, "w") as f:
    f.write(",".join(f"x{j}" for j in range(16)) + ",y\n")
    for _ in range(rows):
        x = [rnd.gauss(0, 1) for _ in range(16)]
        y = sum(a * b for a, b in zip(w, x)) + rnd.gauss(0, 0.5)
        f.write(",".join(f"{v:.6f}" for v in x) + f",{y:.6f}\n")
PY
SIZE=$(stat -c %s "$WORK/bench.csv")

SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/${DB}" SPRING_DATASOURCE_USERNAME=postgres \
  SPRING_DATASOURCE_PASSWORD= java --add-modules jdk.incubator.vector -Xmx4g -jar "$JAR" --server.port="$PORT" \
  --estimator.security.admin-key-file="$WORK/admin-key" \
  > "$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 120); do
  curl -sf "$BASE/actuator/health/readiness" >/dev/null 2>&1 && break
  sleep 1
done
curl -sf "$BASE/actuator/health/readiness" >/dev/null || { echo "service did not start"; tail -50 "$WORK/app.log"; exit 1; }
# The fresh database has no key: the service wrote its first-start administrator key to $WORK/admin-key.
AUTH="Authorization: Bearer $(cat "$WORK/admin-key")"

# Upload (median of 3) vs \copy (median of 3).
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
upload_times=()
for i in 1 2 3; do
  t=$(curl -sf -H "$AUTH" -o "$WORK/dataset.json" -w '%{time_total}' -H 'Content-Type: text/csv' \
      --data-binary @"$WORK/bench.csv" "$BASE/api/v1/datasets?name=bench$i")
  upload_times+=("$t")
done
UPLOAD_S=$(printf '%s\n' "${upload_times[@]}" | median)
DATASET=$(jq -r .id "$WORK/dataset.json")

cols=$(for j in $(seq 0 15); do printf 'x%d float8, ' "$j"; done)
copy_times=()
for i in 1 2 3; do
  "${PSQL[@]}" -d "$DB" -c "DROP TABLE IF EXISTS bench_copy" -c "CREATE TABLE bench_copy (${cols} y float8)"
  s=$(date +%s.%N)
  "${PSQL[@]}" -d "$DB" -c "\\copy bench_copy FROM '$WORK/bench.csv' WITH (FORMAT csv, HEADER true)"
  e=$(date +%s.%N)
  copy_times+=("$(echo "$e - $s" | bc -l)")
done
COPY_S=$(printf '%s\n' "${copy_times[@]}" | median)
"${PSQL[@]}" -d "$DB" -c "DROP TABLE bench_copy"

# A GD job: ms per iteration from the loss history.
JOB=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' -d "{\"datasetId\":\"$DATASET\",\"target\":\"y\",\"model\":\"linear\",
  \"optimizer\":{\"algorithm\":\"gd\",\"learningRate\":0.1,\"maxIterations\":100,\"tolerance\":0,\"partitions\":8}}" \
  "$BASE/api/v1/jobs" | jq -r .id)
for _ in $(seq 1 300); do
  status=$(curl -sf -H "$AUTH" "$BASE/api/v1/jobs/$JOB?waitSeconds=5" | jq -r .status)
  [[ "$status" == SUCCEEDED || "$status" == FAILED || "$status" == CANCELLED ]] && break
done
curl -sf -H "$AUTH" "$BASE/api/v1/jobs/$JOB/loss?limit=10000" > "$WORK/loss.json"
MS_PER_ITER=$(jq '[.points[] | .elapsedMs] | ((.[-1] - .[0]) / (length - 1))' "$WORK/loss.json")

# Submit-to-RUNNING: 20 tiny jobs, one at a time.
small=$(printf 'x,y\n'; for i in $(seq 1 200); do echo "$i,$((i * 2 + 1))"; done)
SMALL=$(printf '%s\n' "$small" | curl -sf -H "$AUTH" -H 'Content-Type: text/csv' --data-binary @- "$BASE/api/v1/datasets?name=small" | jq -r .id)
latencies=()
for i in $(seq 1 20); do
  id=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' \
    -d "{\"datasetId\":\"$SMALL\",\"target\":\"y\",\"optimizer\":{\"maxIterations\":5}}" "$BASE/api/v1/jobs" | jq -r .id)
  job=$(curl -sf -H "$AUTH" "$BASE/api/v1/jobs/$id?waitSeconds=10")
  while [[ $(jq -r .startedAt <<<"$job") == null ]]; do job=$(curl -sf -H "$AUTH" "$BASE/api/v1/jobs/$id?waitSeconds=5"); done
  latencies+=("$(jq -r '((.startedAt | sub("\\.[0-9]+";"") | fromdate) - (.createdAt | sub("\\.[0-9]+";"") | fromdate)) as $s
    | ((.startedAt | capture("\\.(?<f>[0-9]+)").f // "0") as $a | (.createdAt | capture("\\.(?<f>[0-9]+)").f // "0") as $b
    | ($s * 1000 + ((("0." + $a) | tonumber) - (("0." + $b) | tonumber)) * 1000))' <<<"$job")")
done
SUBMIT_MS=$(printf '%s\n' "${latencies[@]}" | median)

# Polling throughput from a second process.
wrk -t2 -c32 -d10s --latency -H "$AUTH" "$BASE/api/v1/jobs/$JOB" > "$WORK/wrk.txt"
RPS=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
P99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")

MB=$(echo "$SIZE / 1000000" | bc -l)
printf '\n%-44s %12s\n' "measure" "value"
printf '%-44s %12.1f\n' "CSV size (MB)" "$MB"
printf '%-44s %12.1f\n' "upload over HTTP (MB/s)" "$(echo "$MB / $UPLOAD_S" | bc -l)"
printf '%-44s %12.1f\n' "psql \\copy into 17 float8 columns (MB/s)" "$(echo "$MB / $COPY_S" | bc -l)"
printf '%-44s %12.2f\n' "upload / \\copy ratio (target >= 1.0)" "$(echo "$COPY_S / $UPLOAD_S" | bc -l)"
printf '%-44s %12.2f\n' "GD iteration in a job (ms)" "$MS_PER_ITER"
printf '%-44s %12s\n' "polling GET /jobs/{id}, 32 clients (req/s)" "$RPS"
printf '%-44s %12s\n' "polling p99 latency" "$P99"
printf '%-44s %12.1f\n' "submit-to-RUNNING, median of 20 (ms)" "$SUBMIT_MS"
