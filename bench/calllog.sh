#!/usr/bin/env bash
# Call log benchmark on days of 1,000 / 10,000 / 100,000 calls: first page of 50 (all and alerts),
# latency relative to a bare Azure.Data.Tables query and entities read per page; number search (whole number and
# last 4 digits), entities read per page; CSV export of the whole day: time, bytes allocated per call and live heap
# against a bare query reading the same rows.
# Each size seeds its own workspace and reuses it while it holds exactly those calls in the app's row layout. By default
# the days go into an Azurite of this run, kept in memory: Azurite rewrites its whole database file every few seconds,
# which makes seeding a 100,000-call day on disk take the better part of an hour. To keep seeded days between runs,
# point CALLARO_BENCH_STORAGE at a storage account or an Azurite you keep running. CALLARO_BENCH_SIZES=1000,10000 and
# CALLARO_BENCH_ITERATIONS=20 shorten a run.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if [[ -z "${CALLARO_BENCH_STORAGE:-}" ]]; then
  # shellcheck source=tools/azurite/azurite.sh
  source "$ROOT/tools/azurite/azurite.sh"
  trap 'azurite_stop' EXIT
  azurite_install
  PORT="$(free_port "${CALLARO_BENCH_TABLE_PORT:-10912}")"
  BLOB_PORT="$(free_port $((PORT + 1)) "$PORT")"; QUEUE_PORT="$(free_port $((PORT + 2)) "$PORT" "$BLOB_PORT")"
  mkdir -p "$ROOT/.azurite"
  # A 100,000-call day needs more heap than Node's default.
  NODE_OPTIONS="--max-old-space-size=8192" azurite_start memory "$ROOT/.azurite/bench.log" "$BLOB_PORT" "$QUEUE_PORT" "$PORT"
  CALLARO_BENCH_STORAGE="$(azurite_connection_string "$BLOB_PORT" "$PORT")"
  export CALLARO_BENCH_STORAGE
fi
dotnet run -c Release --project "$ROOT/bench/Callaro.CallLog.Benchmarks" -- "$@"
