#!/usr/bin/env bash
# Service benchmark: every service-side figure beside its peer, measured in one run, printed as a table of ratios.
#   - polling GET /api/v1/jobs/{id} with an API key (wrk, 32 connections, same machine) for a finished and for a
#     running job, and the liveness and readiness probes: req/s and p99 (goal: >= 5,000 req/s, p99 < 50 ms);
#   - a 4-candidate x 3-fold learning-rate search with refit on 3,000 x 5 rows (SGD, 300 epochs), warm and on the
#     freshly started instance, against scikit-learn's GridSearchCV over SGDRegressor when it is installed, and
#     against numpy (the same grid, folds and refit as full-batch GD) always; where a single small job's time goes;
#   - upload of a 1,000,000 x 16 (+ target) CSV over HTTP against psql \copy of the same file into a 17-column
#     float8 table of the same PostgreSQL (goal: >= 1.5x);
#   - ms per GD iteration of a job on that dataset (from its loss history) against the engine alone on a matrix of
#     the same shape (the recording benchmark's "engine only", unless ENGINE=0) (goal: <= 1.1x).
# Polls also print the service's CPU time per 1,000 requests (from /proc, independent of other load on the machine)
# and their rate against the liveness probe and a static file of the console polled in the same run.
# It starts the packaged service on a PostgreSQL database of its own and stops it at the end.
# Needs: PostgreSQL on 127.0.0.1:5432 (user postgres), python3 with numpy (and scikit-learn for its peer: Debian's
# python3-sklearn; PY names the interpreter, by default /usr/bin/python3 when it has scikit-learn), curl, jq, bc,
# wrk (apt-get install wrk).
# PARTS chooses what runs (default "small polling upload"; "upload" includes the GD job and, unless ENGINE=0, the
# engine alone): e.g. PARTS="small polling" ENGINE=0 for the small-jobs and polling figures in a few minutes.
# Usage: ./mvnw -q package -DskipTests && scripts/bench/service_bench.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

ROWS=${ROWS:-1000000}
PORT=${PORT:-18080}
DB=${BENCH_DB:-estimator_bench}
ENGINE=${ENGINE:-1}
WRK_SECONDS=${WRK_SECONDS:-10}
# Seconds of a warm-up round of polls (see warm_up_polls): the JIT compiles the request path for tens of seconds on a
# loaded machine, and a measurement taken meanwhile measures the compiler (1.9 ms of CPU a poll instead of 0.14).
WARM_SECONDS=${WARM_SECONDS:-5}
PARTS=${PARTS:-small polling upload}
has() { [[ " $PARTS " == *" $1 "* ]]; }
if [[ -z "${PY:-}" ]]; then
  PY=python3
  /usr/bin/python3 -c 'import numpy, sklearn' 2>/dev/null && PY=/usr/bin/python3
fi
BASE="http://127.0.0.1:${PORT}"
WORK=$(mktemp -d)
JAR=${JAR:-$(ls target/estimator-*.jar | grep -v plain | head -1)}
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qtA)
HERE=scripts/bench

cleanup() {
  [[ -n "${APP_PID:-}" ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
LOADS=("$(load)")

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS ${DB} WITH (FORCE)" -c "CREATE DATABASE ${DB}"

has upload || ROWS=0
echo "generating ${ROWS}x16 and 3000x5 CSVs..."
"$PY" - "$ROWS" "$WORK/bench.csv" "$WORK/small.csv" <<'PY'
import sys, random
rows, path, small = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rnd = random.Random(1)
w = [rnd.uniform(-2, 2) for _ in range(16)]
with open(path, "w") as f:
    f.write(",".join(f"x{j}" for j in range(16)) + ",y\n")
    for _ in range(rows):
        x = [rnd.gauss(0, 1) for _ in range(16)]
        y = sum(a * b for a, b in zip(w, x)) + rnd.gauss(0, 0.5)
        f.write(",".join(f"{v:.6f}" for v in x) + f",{y:.6f}\n")
with open(small, "w") as f:
    f.write("x0,x1,x2,x3,x4,y\n")
    for _ in range(3000):
        x = [rnd.gauss(0, 1) for _ in range(5)]
        y = 1 + sum((j + 1) * 0.5 * v for j, v in enumerate(x)) + rnd.gauss(0, 0.3)
        f.write(",".join(f"{v:.6f}" for v in x) + f",{y:.6f}\n")
PY
SIZE=$(stat -c %s "$WORK/bench.csv")

SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/${DB}" SPRING_DATASOURCE_USERNAME=postgres \
  SPRING_DATASOURCE_PASSWORD= java --add-modules jdk.incubator.vector -Xmx4g -jar "$JAR" --server.port="$PORT" \
  --estimator.security.admin-key-file="$WORK/admin-key" \
  > "$WORK/app.log" 2>&1 &
APP_PID=$!
# under heavy load a start can take minutes
for _ in $(seq 1 "${START_SECONDS:-600}"); do
  curl -sf "$BASE/actuator/health/readiness" >/dev/null 2>&1 && break
  sleep 1
done
curl -sf "$BASE/actuator/health/readiness" >/dev/null || { echo "service did not start"; tail -50 "$WORK/app.log"; exit 1; }
# The fresh database has no key: the service wrote its first-start administrator key to $WORK/admin-key.
AUTH="Authorization: Bearer $(cat "$WORK/admin-key")"

# Small jobs: the first search on the fresh instance (its kernels warmed at start-up, off the request path), then
# warm ones and single jobs.
if has small; then
  echo "small jobs..."
  FRESH_S=$("$PY" "$HERE/small_jobs.py" "$PORT" "$WORK/admin-key" "$WORK/small.csv" search | awk '{print $2}')
  "$PY" "$HERE/small_jobs.py" "$PORT" "$WORK/admin-key" "$WORK/small.csv" searches 3 >/dev/null
  WARM_S=$("$PY" "$HERE/small_jobs.py" "$PORT" "$WORK/admin-key" "$WORK/small.csv" searches 5 | tr ' ' '\n' | median)
  JOB_PARTS=$("$PY" "$HERE/small_jobs.py" "$PORT" "$WORK/admin-key" "$WORK/small.csv" jobs 20)
  PEER=$("$PY" "$HERE/small_jobs.py" numpy "$WORK/small.csv")
  NUMPY_S=$(awk '$1 == "numpy_gd" {print $2}' <<<"$PEER")
  SKLEARN_S=$(awk '$1 == "sklearn" {print $2}' <<<"$PEER")
  LOADS+=("$(load)")
fi
part() { tr ' ' '\n' <<<"$JOB_PARTS" | awk -F= -v k="$1" '$1 == k {print $2}'; }

if has upload; then
# Upload (median of 3) vs \copy (median of 3).
echo "upload and \\copy..."
upload_times=()
# the service's peak resident memory over the uploads (writing 5 to clear_refs resets VmHWM): flat in the file's size
RSS_BEFORE=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$APP_PID/status")
echo 5 > "/proc/$APP_PID/clear_refs" 2>/dev/null || true
for i in 1 2 3; do
  t=$(curl -sf -H "$AUTH" -o "$WORK/dataset.json" -w '%{time_total}' -H 'Content-Type: text/csv' \
      --data-binary @"$WORK/bench.csv" "$BASE/api/v1/datasets?name=bench$i")
  upload_times+=("$t")
done
UPLOAD_S=$(printf '%s\n' "${upload_times[@]}" | median)
UPLOAD_LOAD=$(cut -d' ' -f1 /proc/loadavg)
RSS_PEAK=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$APP_PID/status")
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
COPY_LOAD=$(cut -d' ' -f1 /proc/loadavg)
"${PSQL[@]}" -d "$DB" -c "DROP TABLE bench_copy"
LOADS+=("$(load)")

# A GD job: ms per iteration from the loss history.
echo "GD job..."
JOB=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' -d "{\"datasetId\":\"$DATASET\",\"target\":\"y\",\"model\":\"linear\",
  \"optimizer\":{\"algorithm\":\"gd\",\"learningRate\":0.1,\"maxIterations\":100,\"tolerance\":0,\"partitions\":8}}" \
  "$BASE/api/v1/jobs" | jq -r .id)
for _ in $(seq 1 300); do
  status=$(curl -sf -H "$AUTH" "$BASE/api/v1/jobs/$JOB?waitSeconds=5" | jq -r .status)
  [[ "$status" == SUCCEEDED || "$status" == FAILED || "$status" == CANCELLED ]] && break
done
curl -sf -H "$AUTH" "$BASE/api/v1/jobs/$JOB/loss?limit=10000" > "$WORK/loss.json"
MS_PER_ITER=$(jq '[.points[] | .elapsedMs] | ((.[-1] - .[0]) / (length - 1))' "$WORK/loss.json")
fi

# Polling from a second process: warm up, then measure. Beside wrk's figures, the service's CPU time per 1,000
# requests (user + system, from /proc): what a poll costs, whatever else runs on the machine.
poll() { # path, header args...: prints "req/s p99-in-ms cpu-ms-per-1000 load-1-min"
  local path=$1; shift
  wrk -t2 -c32 -d3s "$@" "$BASE$path" >/dev/null
  local before after
  before=$(awk '{print $14 + $15}' "/proc/$APP_PID/stat")
  wrk -t2 -c32 -d"${WRK_SECONDS}s" --latency "$@" "$BASE$path" > "$WORK/wrk.txt"
  after=$(awk '{print $14 + $15}' "/proc/$APP_PID/stat")
  if grep -q 'Non-2xx' "$WORK/wrk.txt"; then echo "non-2xx answers polling $path" >&2; cat "$WORK/wrk.txt" >&2; exit 1; fi
  awk -v ticks="$((after - before))" -v hz="$(getconf CLK_TCK)" -v ld="$(cut -d' ' -f1 /proc/loadavg)" \
      '/requests in/ {n=$1} /Requests\/sec/ {r=$2}
       $1 == "99%" {v=$2; u=v; sub(/[a-z]+$/, "", v); sub(/^[0-9.]+/, "", u);
       m = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v} END {printf "%s %.1f %.0f %s\n", r, m, ticks * 1000 / hz * 1000 / n, ld}' \
      "$WORK/wrk.txt"
}
# Until the engine's start-up warm-up has ended (it fits 30 small models on a thread of its own), and then every
# endpoint polled in rounds of WARM_SECONDS until the JIT's compiler threads took under 5 % of the service's CPU in
# a round (at most 12 rounds), so that the figures are the service's, not the compiler's.
compiler_ticks() { cat /proc/"$APP_PID"/task/*/stat 2>/dev/null | awk '/\((C1|C2) CompilerThre/ {sub(/^.*\) /, ""); t += $12 + $13} END {print t + 0}'; }
warm_up_polls() { # job id
  for _ in $(seq 1 300); do grep -q 'Engine warmed up' "$WORK/app.log" && break; sleep 1; done
  local path round c0 c1 p0 p1
  for path in "/api/v1/jobs/$1" /actuator/health/liveness /actuator/health/readiness /actuator/health /console/api.js; do
    for round in $(seq 1 12); do
      c0=$(compiler_ticks); p0=$(awk '{print $14 + $15}' "/proc/$APP_PID/stat")
      wrk -t2 -c32 -d"${WARM_SECONDS}s" -H "$AUTH" "$BASE$path" >/dev/null
      c1=$(compiler_ticks); p1=$(awk '{print $14 + $15}' "/proc/$APP_PID/stat")
      (( (c1 - c0) * 20 < (p1 - p0) )) && break
    done
    echo "  warm-up of $path: $round round(s) of ${WARM_SECONDS} s" >&2
  done
}
if has polling; then
  echo "polling..."
  if [[ -z "${JOB:-}" ]]; then
    # no upload part: poll a small job
    DATASET=$(curl -sf -H "$AUTH" -H 'Content-Type: text/csv' --data-binary @"$WORK/small.csv" \
      "$BASE/api/v1/datasets?name=poll" | jq -r .id)
    JOB=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' -d "{\"datasetId\":\"$DATASET\",\"target\":\"y\",
      \"optimizer\":{\"algorithm\":\"gd\",\"maxIterations\":100}}" "$BASE/api/v1/jobs" | jq -r .id)
    curl -sf -H "$AUTH" "$BASE/api/v1/jobs/$JOB?waitSeconds=30" >/dev/null
    until [[ $(curl -sf -H "$AUTH" "$BASE/api/v1/jobs/$JOB" | jq -r .status) == SUCCEEDED ]]; do sleep 0.2; done
  fi
  warm_up_polls "$JOB"
  FIN=($(poll "/api/v1/jobs/$JOB" -H "$AUTH"))
  LIVE=($(poll /actuator/health/liveness))
  READY=($(poll /actuator/health/readiness))
  HEALTH=($(poll /actuator/health))
  STATIC=($(poll /console/api.js))
  RUNNING=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' -d "{\"datasetId\":\"$DATASET\",\"target\":\"y\",
    \"optimizer\":{\"algorithm\":\"gd\",\"learningRate\":0.1,\"maxIterations\":100000000,\"tolerance\":0}}" \
    "$BASE/api/v1/jobs" | jq -r .id)
  until [[ $(curl -sf -H "$AUTH" "$BASE/api/v1/jobs/$RUNNING" | jq -r .status) == RUNNING ]]; do sleep 0.2; done
  RUN=($(poll "/api/v1/jobs/$RUNNING" -H "$AUTH"))
  [[ $(curl -sf -H "$AUTH" "$BASE/api/v1/jobs/$RUNNING" | jq -r .status) == RUNNING ]] || { echo "the job stopped running"; exit 1; }
  curl -sf -H "$AUTH" -X POST "$BASE/api/v1/jobs/$RUNNING/cancel" >/dev/null
  LOADS+=("$(load)")
fi

# The engine alone on a matrix of the same shape.
ENGINE_MS=""
if [[ "$ENGINE" == 1 ]] && has upload; then
  echo "engine alone (recording benchmark)..."
  kill "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null || true; APP_PID=
  ESTIMATOR_TEST_DB_URL=${ESTIMATOR_TEST_DB_URL:-jdbc:postgresql://127.0.0.1:5432/${DB}} \
    ./mvnw -q -B -Pbench-checkpoint verify -DskipTests -Dbench.rows="$ROWS" -Dbench.rounds=5 > "$WORK/engine.txt" 2>&1 || true
  ENGINE_MS=$(awk '/^median: engine only/ {print $4}' "$WORK/engine.txt")
  [[ -n "$ENGINE_MS" ]] || { echo "recording benchmark failed:"; tail -20 "$WORK/engine.txt"; }
fi
LOADS+=("$(load)")

ok() { if [[ $(echo "$1" | bc -l) == 1 ]]; then echo "met"; else echo "NOT met"; fi; }
MB=$(echo "$SIZE / 1000000" | bc -l)
echo
echo "machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), \
$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); $(java -version 2>&1 | head -1)"
echo "load average (1, 5, 15 min) at start, after each part ($PARTS), at end: $(IFS='|'; echo "${LOADS[*]}")"
echo
printf '%-58s %14s %14s %10s %s\n' "measure" "service" "peer" "ratio" "goal"
rate() { # label, figures (req/s p99 cpu load): against the 5,000 req/s goal and the liveness probe of the same run
  local label=$1; shift; local f=("$@")
  printf '%-58s %14s %14s %10s %s\n' "$label" "${f[0]}" "5000" "$(printf '%.2f' "$(echo "${f[0]} / 5000" | bc -l)")" \
    "$(ok "${f[0]} >= 5000 && ${f[1]} < 50") (p99 ${f[1]} ms vs 50: $(printf '%.2f' "$(echo "${f[1]} / 50" | bc -l)"); \
${f[2]} ms CPU per 1,000; $(printf '%.2f' "$(echo "${f[0]} / ${LIVE[0]}" | bc -l)") x liveness; load ${f[3]})"
}
if has polling; then
  rate "polling a finished job, req/s (32 connections)" "${FIN[@]}"
  rate "polling a running job, req/s" "${RUN[@]}"
  rate "liveness probe, req/s" "${LIVE[@]}"
  rate "readiness probe, req/s" "${READY[@]}"
  rate "health (all indicators), req/s" "${HEALTH[@]}"
  rate "static file of the console (/console/api.js), req/s" "${STATIC[@]}"
fi
if has small; then
if [[ -n "$SKLEARN_S" && "$SKLEARN_S" != none ]]; then
  printf '%-58s %14.3f %14.3f %10.2f %s\n' "search 4x3 + refit, warm, s (peer: sklearn GridSearchCV)" "$WARM_S" "$SKLEARN_S" \
    "$(echo "$SKLEARN_S / $WARM_S" | bc -l)" "$(ok "$WARM_S < $SKLEARN_S") (ratio = peer / service)"
  printf '%-58s %14.3f %14.3f %10.2f %s\n' "search on the fresh instance, s (peer: 2 x sklearn)" "$FRESH_S" \
    "$(echo "2 * $SKLEARN_S" | bc -l)" "$(echo "2 * $SKLEARN_S / $FRESH_S" | bc -l)" "$(ok "$FRESH_S < 2 * $SKLEARN_S")"
else
  echo "scikit-learn: not importable by $PY: no same-run GridSearchCV peer; numpy below"
fi
printf '%-58s %14.3f %14.3f %10.2f %s\n' "search 4x3 + refit, warm, s (peer: numpy full-batch GD)" "$WARM_S" "$NUMPY_S" \
  "$(echo "$NUMPY_S / $WARM_S" | bc -l)" "(ratio = peer / service; numpy runs GD, not per-row SGD)"
printf '%-58s %14.3f %14.3f %10.2f\n' "search on the fresh instance, s (peer: numpy)" "$FRESH_S" "$NUMPY_S" \
  "$(echo "$NUMPY_S / $FRESH_S" | bc -l)"
printf '%-58s %14s\n' "one 300-epoch SGD job, median of 20 (ms): submit-to-answer" "$(part total)"
printf '%-58s %14s\n' "  of it: POST answered / queued / running / training" \
  "$(part submit) / $(part queued) / $(part run) / $(part train)"
printf '%-58s %14s\n' "  of it: finished to the long poll's answer" "$(part wake)"
fi
if has upload; then
printf '%-58s %14.1f %14.1f %10.2f %s\n' "upload of ${MB%.*} MB CSV, MB/s (peer: psql \\copy)" "$(echo "$MB / $UPLOAD_S" | bc -l)" \
  "$(echo "$MB / $COPY_S" | bc -l)" "$(echo "$COPY_S / $UPLOAD_S" | bc -l)" "$(ok "$COPY_S / $UPLOAD_S >= 1.5") (>= 1.5; \
load ${UPLOAD_LOAD} after the uploads, ${COPY_LOAD} after \\copy)"
printf '%-58s %14s %14s %10.2f %s\n' "  service's resident memory during the uploads, MB" "${RSS_BEFORE} -> ${RSS_PEAK}" "${MB%.*}" \
  "$(echo "($RSS_PEAK - $RSS_BEFORE) / $MB" | bc -l)" "(peak growth per MB of CSV; the heap is bounded by -Xmx4g)"
if [[ -n "$ENGINE_MS" ]]; then
  printf '%-58s %14.2f %14.2f %10.2f %s\n' "GD iteration in a job, ms (peer: engine alone, same shape)" "$MS_PER_ITER" \
    "$ENGINE_MS" "$(echo "$MS_PER_ITER / $ENGINE_MS" | bc -l)" "$(ok "$MS_PER_ITER <= 1.1 * $ENGINE_MS") (<= 1.1)"
else
  printf '%-58s %14.2f\n' "GD iteration in a job, ms (ENGINE=0: no peer)" "$MS_PER_ITER"
fi
fi
