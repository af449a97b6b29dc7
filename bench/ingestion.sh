#!/usr/bin/env bash
# Ingestion throughput: events/s over HTTP into the real app (Release build, its own worker process under the
# local Functions host, as in production behind the Functions host) versus the same storage operations through
# CallIngestor in-process, both at concurrency 16 against one Azurite that this script starts on free ports and
# stops again.
#   bench/ingestion.sh [--calls N] [--rounds N] [--concurrency N] [--big]
# Default: 600 calls (about 1,600 events) per side per round, 3 rounds alternating; --big: 3,000 calls, 5 rounds.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$root"
# shellcheck source=tools/azurite/azurite.sh
source "$ROOT/tools/azurite/azurite.sh"
calls=600 rounds=3 concurrency=16
while [[ $# -gt 0 ]]; do
  case "$1" in
    --calls) calls="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --big) calls=3000 rounds=5; shift ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

work="$(mktemp -d)"
host_pid="" app_pid="" bench_failed=false
cleanup() {
  [[ -n "$host_pid" ]] && kill "$host_pid" 2>/dev/null || true
  azurite_stop 1
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

wait_for_port() { # port pid what
  for _ in $(seq 1 300); do
    (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { echo "$3 exited during start-up:" >&2; cat "$work/$3.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "$3 did not open port $1 within 30 s:" >&2; cat "$work/$3.log" >&2; exit 1
}

azurite_install

echo "Building the app and the benchmark (Release)..." >&2
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release "$root/src/Callaro.Functions" -v quiet -nologo >/dev/null
dotnet build -c Release "$root/tools/Callaro.FunctionsHost" -v quiet -nologo >/dev/null
dotnet build -c Release "$root/bench/Callaro.Ingestion.Benchmarks" -v quiet -nologo >/dev/null
bench=(dotnet "$root/bench/Callaro.Ingestion.Benchmarks/bin/Release/net10.0/Callaro.Ingestion.Benchmarks.dll")

blob_port=$(free_port $((20000 + RANDOM % 40000))); queue_port=$(free_port $((20000 + RANDOM % 40000)) "$blob_port")
table_port=$(free_port $((20000 + RANDOM % 40000)) "$blob_port" "$queue_port"); app_port=$(free_port $((20000 + RANDOM % 40000)) "$blob_port" "$queue_port" "$table_port")
azurite_start memory "$work/azurite.log" "$blob_port" "$queue_port" "$table_port"

connection="$(azurite_connection_string "$blob_port" "$table_port")"
secret="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
app_url="http://127.0.0.1:$app_port"

# The host reads the app from its Release build folder; every setting comes from here (environment variables win
# over any local.settings.json there).
app_dir="$root/src/Callaro.Functions/bin/Release/net10.0"
app_env=(
  AZURE_FUNCTIONS_ENVIRONMENT=Production AzureWebJobsStorage="$connection" CallaroStorage="$connection"
  CallaroRecordingsContainer=benchrecordings CallaroTranscriptsContainer=benchtranscripts HealthReportSchedule="0 0 0 1 1 *"
  Callaro__Storage__ConnectionString="$connection" Callaro__Storage__NamePrefix=bench
  Callaro__PublicBaseUrl="$app_url" Callaro__Webhooks__SigningSecret="$secret"
  Callaro__Twilio__AuthToken="unused-$secret" Callaro__Vonage__SignatureSecret="unused-$secret"
)
# The app creates no storage when it starts: provision once, as a deployment does.
(cd "$app_dir" && env "${app_env[@]}" dotnet Callaro.Functions.dll provision >/dev/null)
env "${app_env[@]}" \
  dotnet "$root/tools/Callaro.FunctionsHost/bin/Release/net10.0/Callaro.FunctionsHost.dll" --app "$app_dir" --port "$app_port" >"$work/app.log" 2>&1 &
host_pid=$!
wait_for_port "$app_port" "$host_pid" app
for _ in $(seq 1 300); do curl -fsS -o /dev/null "$app_url/api/health" && break; sleep 0.1; done
# The worker is the host's child process: its CPU and memory are the app's.
app_pid="$(pgrep -P "$host_pid" | head -1)"
echo "Azurite :$table_port, app $app_url (host pid $host_pid, worker pid $app_pid); $calls calls per side per round, concurrency $concurrency" >&2

# One process drives both sides, alternating each round (the machine is shared, so noise drifts), after one
# unreported warm-up round per side; the median round is reported, every round is shown.
Callaro__Webhooks__SigningSecret="$secret" "${bench[@]}" --url "$app_url" --connection "$connection" --prefix bench --app-pid "$app_pid" \
  --calls "$calls" --rounds "$rounds" --concurrency "$concurrency" >"$work/rounds.txt" || bench_failed=true
peak_kib=$(awk '/^VmHWM:/ {print $2}' "/proc/$app_pid/status")

median() { # side metric
  awk -v s="$1" -v m="$2" '$1==s && $2==m {print $3}' "$work/rounds.txt" | sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else printf "%.2f\n", (v[NR/2]+v[NR/2+1])/2}'
}
all() { awk -v s="$1" -v m="$2" '$1==s && $2==m {printf "%s%s", sep, $3; sep=" "} END {print ""}' "$work/rounds.txt"; }

http_rate=$(median http events_per_s); direct_rate=$(median direct events_per_s)
failures=$(awk '$2=="failures" {s+=$3} END {print s+0}' "$work/rounds.txt")
printf '\n%-36s %s\n' "figure (concurrency $concurrency, median of $rounds)" "value   [every round]"
printf '%-36s %s   [%s]\n' "HTTP events/s" "$http_rate" "$(all http events_per_s)"
printf '%-36s %s   [%s]\n' "direct events/s (CallIngestor)" "$direct_rate" "$(all direct events_per_s)"
paired=$(paste <(all http events_per_s | tr ' ' '\n') <(all direct events_per_s | tr ' ' '\n') | awk '{printf "%s%.2f", sep, $1/$2; sep=" "}')
printf '%-36s %s   [per round: %s] (goal >= 0.85)\n' "ratio HTTP/direct (of the medians)" "$(awk -v h="$http_rate" -v d="$direct_rate" 'BEGIN {printf "%.2f", h/d}')" "$paired"
printf '%-36s %s   [%s]\n' "storage transactions/event (direct)" "$(median direct transactions_per_event)" "$(all direct transactions_per_event)"
printf '%-36s %s   [%s]\n' "HTTP latency p50 ms" "$(median http p50_ms)" "$(all http p50_ms)"
printf '%-36s %s   [%s]\n' "HTTP latency p99 ms" "$(median http p99_ms)" "$(all http p99_ms)"
printf '%-36s %s   [%s]\n' "direct latency p50 / p99 ms" "$(median direct p50_ms) / $(median direct p99_ms)" "p99: $(all direct p99_ms)"
printf '%-36s %s   [%s]\n' "worker CPU ms/event (HTTP side)" "$(median http app_cpu_ms_per_event)" "$(all http app_cpu_ms_per_event)"
printf '%-36s %s / %s\n' "bench client CPU ms/event http/direct" "$(median http bench_cpu_ms_per_event)" "$(median direct bench_cpu_ms_per_event)"
printf '%-36s %s\n' "worker peak memory (VmHWM)" "$(awk -v k="$peak_kib" 'BEGIN {printf "%.1f MiB", k/1024}')"
printf '%-36s %s\n' "events per side per round" "$(median http events)"
printf '%-36s %s\n' "failed deliveries (all rounds)" "$failures"
echo "(Transactions are counted by a pipeline policy in the direct run; the HTTP run drives the same CallIngestor code.)"
[[ "$failures" == 0 && "$bench_failed" == false ]]
