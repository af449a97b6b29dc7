#!/usr/bin/env bash
# The local Functions host (tools/Callaro.FunctionsHost) against a bare ASP.NET Core app with the same handler
# (GET /sample/Hello -> "hello"), both Release, against one in-memory Azurite that this script starts and stops:
#   cold start: process start -> first 200 (host running the sample worker app vs the bare app), median of N;
#   HTTP overhead: requests/s at concurrency C through the host vs the bare app, and p50/p99 latency added.
#   bench/functionshost.sh [--runs N] [--concurrency C] [--seconds S] [--rounds R]   (default 10, 16, 5, 3)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$root"
# shellcheck source=tools/azurite/azurite.sh
source "$ROOT/tools/azurite/azurite.sh"
runs=10 concurrency=16 seconds=5 rounds=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  azurite_stop 1
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

any_free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_for_200() { # url pid what
  for _ in $(seq 1 1200); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { echo "$3 exited during start-up:" >&2; cat "$work/$3.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "$3 did not answer within 120 s:" >&2; cat "$work/$3.log" >&2; exit 1
}

azurite_install >&2

echo "Building the host, the sample app and the baseline (Release)..." >&2
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
for project in tools/Callaro.FunctionsHost tests/Callaro.FunctionsHost.SampleApp bench/Callaro.FunctionsHost.Benchmarks; do
  dotnet build -c Release "$root/$project" -v quiet -nologo >/dev/null
done
host_dll="$root/tools/Callaro.FunctionsHost/bin/Release/net10.0/Callaro.FunctionsHost.dll"
app_dir="$root/tests/Callaro.FunctionsHost.SampleApp/bin/Release/net10.0"
bench_dll="$root/bench/Callaro.FunctionsHost.Benchmarks/bin/Release/net10.0/Callaro.FunctionsHost.Benchmarks.dll"

blob_port=$(free_port $((20000 + RANDOM % 40000))); queue_port=$(free_port $((20000 + RANDOM % 40000)) "$blob_port")
table_port=$(free_port $((20000 + RANDOM % 40000)) "$blob_port" "$queue_port")
azurite_start memory "$work/azurite.log" "$blob_port" "$queue_port" "$table_port"

# The sample app's settings; its timer never comes due and its blob containers stay empty during the run.
storage="$(azurite_connection_string "$blob_port" "$table_port" "$queue_port")"
export AzureWebJobsStorage="$storage" SampleStorage="$storage" SampleTickSchedule="0 0 0 1 1 *" \
  SampleBlobContainer=bench-blobs SampleTextContainer=bench-texts SamplePoisonContainer=bench-poison \
  AzureFunctionsWebHost__hostid=bench

echo "Cold start: $runs runs per side, alternating..." >&2
dotnet "$bench_dll" coldstart --runs "$runs" --port-base "$(any_free_port)" --app "$app_dir" --host-dll "$host_dll" >"$work/coldstart.txt"

host_port=$(any_free_port); bare_port=$(any_free_port)
dotnet "$host_dll" --app "$app_dir" --port "$host_port" >"$work/host.log" 2>&1 &
pids+=($!)
wait_for_200 "http://127.0.0.1:$host_port/sample/Hello" "${pids[-1]}" host
dotnet "$bench_dll" bare --port "$bare_port" >"$work/bare.log" 2>&1 &
pids+=($!)
wait_for_200 "http://127.0.0.1:$bare_port/sample/Hello" "${pids[-1]}" bare
echo "HTTP overhead: concurrency $concurrency, $rounds rounds of $seconds s per side, alternating..." >&2
bench_failed=false
dotnet "$bench_dll" throughput --host "http://127.0.0.1:$host_port/sample/Hello" --bare "http://127.0.0.1:$bare_port/sample/Hello" \
  --concurrency "$concurrency" --seconds "$seconds" --rounds "$rounds" >"$work/throughput.txt" || bench_failed=true

median() { # file side metric
  awk -v s="$2" -v m="$3" '$1==s && $2==m {print $3}' "$1" | sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else printf "%.2f\n", (v[NR/2]+v[NR/2+1])/2}'
}
all() { awk -v s="$2" -v m="$3" '$1==s && $2==m {printf "%s%s", sep, $3; sep=" "} END {print ""}' "$1"; }

host_start=$(median "$work/coldstart.txt" host start_ms); bare_start=$(median "$work/coldstart.txt" bare start_ms)
host_rate=$(median "$work/throughput.txt" host requests_per_s); bare_rate=$(median "$work/throughput.txt" bare requests_per_s)
host_p50=$(median "$work/throughput.txt" host p50_ms); bare_p50=$(median "$work/throughput.txt" bare p50_ms)
host_p99=$(median "$work/throughput.txt" host p99_ms); bare_p99=$(median "$work/throughput.txt" bare p99_ms)
printf '\n%-40s %s\n' "figure" "value   [every run/round]"
printf '%-40s %s   [%s]\n' "cold start, host + sample app (ms)" "$host_start" "$(all "$work/coldstart.txt" host start_ms)"
printf '%-40s %s   [%s]\n' "cold start, bare ASP.NET Core app (ms)" "$bare_start" "$(all "$work/coldstart.txt" bare start_ms)"
printf '%-40s %s\n' "cold start ratio host/bare (medians)" "$(awk -v h="$host_start" -v b="$bare_start" 'BEGIN {printf "%.1f", h/b}')"
printf '%-40s %s   [%s]\n' "requests/s through the host" "$host_rate" "$(all "$work/throughput.txt" host requests_per_s)"
printf '%-40s %s   [%s]\n' "requests/s, bare app" "$bare_rate" "$(all "$work/throughput.txt" bare requests_per_s)"
printf '%-40s %s   (goal >= 0.8)\n' "throughput ratio host/bare (medians)" "$(awk -v h="$host_rate" -v b="$bare_rate" 'BEGIN {printf "%.2f", h/b}')"
printf '%-40s %s - %s = %s\n' "p50 latency host - bare (ms)" "$host_p50" "$bare_p50" "$(awk -v h="$host_p50" -v b="$bare_p50" 'BEGIN {printf "%.2f", h-b}')"
printf '%-40s %s - %s = %s\n' "p99 latency host - bare (ms)" "$host_p99" "$bare_p99" "$(awk -v h="$host_p99" -v b="$bare_p99" 'BEGIN {printf "%.2f", h-b}')"
printf '%-40s %s\n' "failed requests (all rounds)" "$(awk '$1=="all" && $2=="failures" {print $3}' "$work/throughput.txt")"
[[ "$bench_failed" == false ]]
