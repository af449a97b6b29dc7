#!/usr/bin/env bash
# Health report benchmark: report generation vs a bare $select scan of the same partition, and peak live heap.
# Starts its own Azurite on free ports, seeds days of 10,000 and 100,000 calls, prints the figures.
# Usage: bench/health.sh [sizes, default 10000,100000]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
azurite="${AZURITE:-$root/tools/azurite/node_modules/.bin/azurite}"
[ -x "$azurite" ] || azurite=/work/main/tools/azurite/node_modules/.bin/azurite
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
blob=$(free_port); queue=$(free_port); table=$(free_port)
# In-memory Azurite: persisting a day of 100,000 calls to disk makes it serialise one string past V8's limit and
# crash; it also needs more heap than Node's default.
NODE_OPTIONS="--max-old-space-size=12288" "$azurite" --silent --inMemoryPersistence --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
  --tableHost 127.0.0.1 --tablePort "$table" --skipApiVersionCheck --loose >/dev/null 2>&1 &
azurite_pid=$!
trap 'kill "$azurite_pid" 2>/dev/null' EXIT
for _ in $(seq 50); do (echo >/dev/tcp/127.0.0.1/"$table") 2>/dev/null && break; sleep 0.2; done
export CALLARO_BENCH_STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
dotnet run -c Release --project "$root/bench/Callaro.Health.Benchmarks" -- "${1:-10000,100000}"
