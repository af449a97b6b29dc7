#!/usr/bin/env bash
# Call log benchmark: first page of 50 (all and alerts) from days of 1,000 / 10,000 / 100,000 calls,
# latency relative to a bare Callaro.Storage query, and entities read per page.
# Starts its own Azurite (data kept in .azurite/bench so seeded days are reused between runs).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
AZURITE="${AZURITE:-$ROOT/tools/azurite/node_modules/.bin/azurite}"
[ -x "$AZURITE" ] || AZURITE=/work/main/tools/azurite/node_modules/.bin/azurite
PORT="${CALLARO_BENCH_TABLE_PORT:-10912}"
DATA="$ROOT/.azurite/bench"
mkdir -p "$DATA"
"$AZURITE" --silent --location "$DATA" --blobHost 127.0.0.1 --blobPort $((PORT+1)) --queueHost 127.0.0.1 --queuePort $((PORT+2)) \
  --tableHost 127.0.0.1 --tablePort "$PORT" --skipApiVersionCheck --loose &
AZ_PID=$!
trap 'kill $AZ_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.2; done
export CALLARO_BENCH_STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$PORT/devstoreaccount1;BlobEndpoint=http://127.0.0.1:$((PORT+1))/devstoreaccount1;"
dotnet run -c Release --project "$ROOT/bench/Callaro.CallLog.Benchmarks" -- "$@"
