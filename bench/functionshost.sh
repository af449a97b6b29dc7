#!/usr/bin/env bash
# The local Functions host (tools/Callaro.FunctionsHost) serving the sample app's Hello function (GET /sample/Hello
# -> "hello") against the same handler served two other ways, all Release, with one in-memory Azurite that this
# script starts and stops (through tools/azurite):
#   cold start: process start -> first 200, the host running the sample app vs a bare ASP.NET Core app, median of N;
#   HTTP at concurrency C: requests/s, p50/p99 latency and CPU ms per request of each process, through the host vs
#   the bare app and vs the worker alone (reached on its own HttpUri, sent only the invocation over gRPC).
# Sides alternate: which goes first changes every run/round. Figures are medians over runs/rounds.
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
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

blob_port="$(free_port $((20000 + RANDOM % 40000)))"
queue_port="$(free_port $((20000 + RANDOM % 40000)) "$blob_port")"
table_port="$(free_port $((20000 + RANDOM % 40000)) "$blob_port" "$queue_port")"
azurite_start memory "$work/azurite.log" "$blob_port" "$queue_port" "$table_port"

# The sample app's settings; its timer never comes due and its blob containers stay empty during the run.
storage="$(azurite_connection_string "$blob_port" "$table_port" "$queue_port")"
export AzureWebJobsStorage="$storage" SampleStorage="$storage" SampleTickSchedule="0 0 0 1 1 *" \
  SampleBlobContainer=bench-blobs SampleTextContainer=bench-texts SamplePoisonContainer=bench-poison \
  AzureFunctionsWebHost__hostid=bench

echo "Cold start: $runs runs per side, alternating which starts first..." >&2
dotnet "$bench_dll" coldstart --runs "$runs" --port-base "$(free_port $((20000 + RANDOM % 40000)))" --app "$app_dir" --host-dll "$host_dll" >"$work/coldstart.txt"

host_port="$(free_port $((20000 + RANDOM % 40000)))"
bare_port="$(free_port $((20000 + RANDOM % 40000)) "$host_port")"
dotnet "$host_dll" --app "$app_dir" --port "$host_port" >"$work/host.log" 2>&1 &
host_pid=$!
pids+=("$host_pid")
wait_for_200 "http://127.0.0.1:$host_port/sample/Hello" "$host_pid" host
dotnet "$bench_dll" bare --port "$bare_port" >"$work/bare.log" 2>&1 &
bare_pid=$!
pids+=("$bare_pid")
wait_for_200 "http://127.0.0.1:$bare_port/sample/Hello" "$bare_pid" bare
echo "HTTP: concurrency $concurrency, $rounds rounds of $seconds s per side, rotating which side goes first..." >&2
bench_failed=false
dotnet "$bench_dll" throughput --host "http://127.0.0.1:$host_port/sample/Hello" --host-pid "$host_pid" \
  --bare "http://127.0.0.1:$bare_port/sample/Hello" --bare-pid "$bare_pid" --app "$app_dir" --function Hello \
  --clock-ticks "$(getconf CLK_TCK)" --concurrency "$concurrency" --seconds "$seconds" --rounds "$rounds" \
  >"$work/throughput.txt" || bench_failed=true

median() { # file side metric
  awk -v s="$2" -v m="$3" '$1==s && $2==m {print $3}' "$1" | sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else printf "%.3f\n", (v[NR/2]+v[NR/2+1])/2}'
}
all() { awk -v s="$2" -v m="$3" '$1==s && $2==m {printf "%s%s", sep, $3; sep=" "} END {print ""}' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a-b}'; }
row() { printf '%-52s %s\n' "$1" "$2"; }
t="$work/throughput.txt" c="$work/coldstart.txt"

host_start=$(median "$c" host start_ms); bare_start=$(median "$c" bare start_ms)
for side in host worker bare; do
  declare "${side}_rate=$(median "$t" $side requests_per_s)" "${side}_p50=$(median "$t" $side p50_ms)" "${side}_p99=$(median "$t" $side p99_ms)"
done
echo
row "figure (medians)" "value   [every run/round]"
row "cold start, host + sample app (ms)" "$host_start   [$(all "$c" host start_ms)]"
row "cold start, bare ASP.NET Core app (ms)" "$bare_start   [$(all "$c" bare start_ms)]"
row "cold start ratio host/bare" "$(ratio "$host_start" "$bare_start")"
row "requests/s through the host" "$host_rate   [$(all "$t" host requests_per_s)]"
row "requests/s, worker alone (its HttpUri)" "$worker_rate   [$(all "$t" worker requests_per_s)]"
row "requests/s, bare app" "$bare_rate   [$(all "$t" bare requests_per_s)]"
row "throughput ratio host/bare" "$(ratio "$host_rate" "$bare_rate")"
row "throughput ratio host/worker alone" "$(ratio "$host_rate" "$worker_rate")"
row "CPU ms/request, host process (through the host)" "$(median "$t" host host_cpu_ms)   [$(all "$t" host host_cpu_ms)]"
row "CPU ms/request, worker process (through the host)" "$(median "$t" host worker_cpu_ms)   [$(all "$t" host worker_cpu_ms)]"
row "CPU ms/request, worker process (alone)" "$(median "$t" worker worker_cpu_ms)   [$(all "$t" worker worker_cpu_ms)]"
row "CPU ms/request, bare app" "$(median "$t" bare bare_cpu_ms)   [$(all "$t" bare bare_cpu_ms)]"
row "p50 latency (ms) host / worker alone / bare" "$host_p50 / $worker_p50 / $bare_p50"
row "p50 added by the host vs bare / vs worker alone" "$(minus "$host_p50" "$bare_p50") / $(minus "$host_p50" "$worker_p50")"
row "p99 latency (ms) host / worker alone / bare" "$host_p99 / $worker_p99 / $bare_p99"
row "p99 added by the host vs bare / vs worker alone" "$(minus "$host_p99" "$bare_p99") / $(minus "$host_p99" "$worker_p99")"
row "failed requests (all rounds)" "$(awk '$1=="all" && $2=="failures" {print $3}' "$t")"
[[ "$bench_failed" == false ]]
