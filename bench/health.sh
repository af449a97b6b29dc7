#!/usr/bin/env bash
# Health report benchmark: report generation vs a bare $select scan of the same partition, and peak live heap.
# Starts its own Azurite on free ports, seeds days of 10,000 and 100,000 calls, prints the figures.
# Usage: bench/health.sh [sizes, default 10000,100000]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=tools/azurite/azurite.sh
source "$ROOT/tools/azurite/azurite.sh"
work="$(mktemp -d)"
trap 'azurite_stop 1; rm -rf "$work"' EXIT
azurite_install
blob=$(free_port $((20000 + RANDOM % 40000))); queue=$(free_port $((20000 + RANDOM % 40000)) "$blob"); table=$(free_port $((20000 + RANDOM % 40000)) "$blob" "$queue")
# In memory: persisting a day of 100,000 calls to disk makes Azurite serialise one string past V8's limit and
# crash; it also needs more heap than Node's default.
NODE_OPTIONS="--max-old-space-size=12288" azurite_start memory "$work/azurite.log" "$blob" "$queue" "$table"
CALLARO_BENCH_STORAGE="$(azurite_connection_string "$blob" "$table")"
export CALLARO_BENCH_STORAGE
dotnet run -c Release --project "$ROOT/bench/Callaro.Health.Benchmarks" -- "${1:-10000,100000}"
