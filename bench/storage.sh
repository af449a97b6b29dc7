#!/usr/bin/env bash
# Benchmarks Callaro.Storage against the official JavaScript SDK (@azure/data-tables) on one Azurite
# that this script starts on free ports and stops again. Prints ours, theirs and ours/theirs.
#   bench/storage.sh [--operations N] [--partition-size N] [--concurrency N] [--rounds N]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
operations=4000 partition_size=20000 concurrency=16 rounds=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --operations) operations="$2"; shift 2 ;;
    --partition-size) partition_size="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
work="$(mktemp -d)"
azurite_pid=""
cleanup() { [[ -n "$azurite_pid" ]] && kill "$azurite_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

[[ -d "$root/tools/azurite/node_modules" ]] || (cd "$root/tools/azurite" && npm ci --no-audit --no-fund >/dev/null)
[[ -d "$root/tools/sdk-check/node_modules" ]] || (cd "$root/tools/sdk-check" && npm ci --no-audit --no-fund >/dev/null)

blob_port=$(free_port); queue_port=$(free_port); table_port=$(free_port)
"$root/tools/azurite/node_modules/.bin/azurite" --silent --inMemoryPersistence \
  --blobHost 127.0.0.1 --blobPort "$blob_port" --queueHost 127.0.0.1 --queuePort "$queue_port" \
  --tableHost 127.0.0.1 --tablePort "$table_port" --skipApiVersionCheck --loose >"$work/azurite.log" 2>&1 &
azurite_pid=$!
command -v /usr/bin/time >/dev/null || { echo "bench/storage.sh needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
for _ in $(seq 1 50); do (echo >/dev/tcp/127.0.0.1/"$table_port") 2>/dev/null && break; sleep 0.2; done
if ! (echo >/dev/tcp/127.0.0.1/"$table_port") 2>/dev/null; then
  echo "Azurite did not start:" >&2; cat "$work/azurite.log" >&2; exit 1
fi

endpoint="http://127.0.0.1:$table_port/devstoreaccount1"
connection="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;TableEndpoint=$endpoint;"
common=(--table bench --scan-partition scan --partition-size "$partition_size" --operations "$operations" --concurrency "$concurrency")

echo "Building the benchmark (Release)..." >&2
dotnet build -c Release "$root/bench/Callaro.Storage.Benchmarks" -v quiet -nologo >/dev/null
ours=(dotnet "$root/bench/Callaro.Storage.Benchmarks/bin/Release/net10.0/Callaro.Storage.Benchmarks.dll")

echo "Seeding a partition of $partition_size entities on Azurite :$table_port..." >&2
"${ours[@]}" --mode seed --connection "$connection" "${common[@]}"

# Interleave the clients and keep each one's best round: the machine is shared, so noise is one-sided.
for round in $(seq 1 "$rounds"); do
  echo "Round $round/$rounds: Callaro.Storage..." >&2
  /usr/bin/time -f "client_cpu_s %U %S" -a -o "$work/ours.cpu" \
    "${ours[@]}" --mode run --connection "$connection" --run-id "o$round$RANDOM" "${common[@]}" >>"$work/ours.txt"
  echo "Round $round/$rounds: official JavaScript SDK..." >&2
  /usr/bin/time -f "client_cpu_s %U %S" -a -o "$work/theirs.cpu" \
    node "$root/bench/official-sdk-bench.js" --endpoint "$endpoint" --key "$key" --run-id "t$round$RANDOM" "${common[@]}" >>"$work/theirs.txt"
done

best() { # metric file: highest value, or lowest for latencies
  awk -v m="$1" '$1==m {v=$2; if (best=="" || (m ~ /_ms$/ ? v<best : v>best)) best=v} END {print best}' "$2"
}

printf '\n%-34s %14s %14s %12s\n' "figure (concurrency $concurrency)" "Callaro" "official JS" "ours/theirs"
for metric in upserts_per_s point_reads_per_s first_page_50_ms scan_select_entities_per_s; do
  o=$(best "$metric" "$work/ours.txt"); t=$(best "$metric" "$work/theirs.txt")
  # For a latency the better figure is the smaller one, so the ratio is theirs/ours there.
  ratio=$(awk -v o="$o" -v t="$t" -v m="$metric" 'BEGIN { printf "%.2f", (m ~ /_ms$/) ? t/o : o/t }')
  printf '%-34s %14s %14s %12s\n' "$metric" "$o" "$t" "$ratio"
done
# CPU the client itself burned for one round (user+sys); on a small machine it is taken from the server.
o=$(awk '$1=="client_cpu_s" {v=$2+$3; if (b=="" || v<b) b=v} END {printf "%.2f", b}' "$work/ours.cpu")
t=$(awk '$1=="client_cpu_s" {v=$2+$3; if (b=="" || v<b) b=v} END {printf "%.2f", b}' "$work/theirs.cpu")
printf '%-34s %14s %14s %12s\n' "client_cpu_s_per_round" "$o" "$t" "$(awk -v o="$o" -v t="$t" 'BEGIN { printf "%.2f", t/o }')"
echo "(ratio >= 1.0 means Callaro.Storage is at least as good; for first_page_50_ms and client CPU it is theirs / ours)"
