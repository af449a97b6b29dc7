#!/usr/bin/env bash
# Cold start of the app as it ships: published as the pipeline publishes it (Release, linux-x64, ReadyToRun), under
# the local Functions host, against a bare ASP.NET Core app built the same way (Release), median of N runs each,
# alternating which starts first:
#   (a) worker launch -> first 200 on /api/health (what a pre-warmed Functions host on Flex Consumption leaves to the app);
#   (b) host start -> first 200 (the local developer's wait).
# Starts its own Azurite on free ports and stops it again.
#   bench/coldstart.sh [--runs N]   (default 10)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=tools/azurite/azurite.sh
source "$ROOT/tools/azurite/azurite.sh"
runs=10
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
work="$(mktemp -d)"
trap 'azurite_stop 1; rm -rf "$work"' EXIT
azurite_install >&2
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "Publishing the app (Release, linux-x64) and building the host and the baseline (Release)..." >&2
dotnet publish "$ROOT/src/Callaro.Functions" -c Release -r linux-x64 -o "$work/app" -v quiet -nologo >/dev/null
dotnet build -c Release "$ROOT/tools/Callaro.FunctionsHost" -v quiet -nologo >/dev/null
dotnet build -c Release "$ROOT/bench/Callaro.FunctionsHost.Benchmarks" -v quiet -nologo >/dev/null

blob_port="$(free_port $((20000 + RANDOM % 40000)))"
queue_port="$(free_port $((20000 + RANDOM % 40000)) "$blob_port")"
table_port="$(free_port $((20000 + RANDOM % 40000)) "$blob_port" "$queue_port")"
azurite_start memory "$work/azurite.log" "$blob_port" "$queue_port" "$table_port"
storage="$(azurite_connection_string "$blob_port" "$table_port" "$queue_port")"

# The app's settings, as a deployment sets them; storage is provisioned beforehand, as the deployment does.
secret="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export AZURE_FUNCTIONS_ENVIRONMENT=Production AzureWebJobsStorage="$storage" CallaroStorage="$storage" \
  CallaroRecordingsContainer=benchrecordings CallaroTranscriptsContainer=benchtranscripts HealthReportSchedule="0 0 0 1 1 *" \
  Callaro__Storage__ConnectionString="$storage" Callaro__Storage__NamePrefix=bench Callaro__PublicBaseUrl=http://127.0.0.1 \
  Callaro__Webhooks__SigningSecret="$secret" Callaro__Twilio__AuthToken="unused-$secret" Callaro__Vonage__SignatureSecret="unused-$secret"
(cd "$work/app" && dotnet Callaro.Functions.dll provision >/dev/null)

echo "Cold start: $runs runs per side, alternating which starts first..." >&2
dotnet "$ROOT/bench/Callaro.FunctionsHost.Benchmarks/bin/Release/net10.0/Callaro.FunctionsHost.Benchmarks.dll" coldstart \
  --runs "$runs" --port-base "$(free_port $((20000 + RANDOM % 40000)))" --app "$work/app" \
  --host-dll "$ROOT/tools/Callaro.FunctionsHost/bin/Release/net10.0/Callaro.FunctionsHost.dll" --path /api/health >"$work/coldstart.txt"
median() { awk -v s="$1" -v m="$2" '$1==s && $2==m {print $3}' "$work/coldstart.txt" | sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else printf "%.0f\n", (v[NR/2]+v[NR/2+1])/2}'; }
all() { awk -v s="$1" -v m="$2" '$1==s && $2==m {printf "%s%s", sep, $3; sep=" "} END {print ""}' "$work/coldstart.txt"; }
worker=$(median host worker_start_ms); host=$(median host start_ms); bare=$(median bare start_ms)
printf '\n%-58s %s\n' "figure (median of $runs)" "value   [every run]"
printf '%-58s %s   [%s]\n' "(a) worker launch -> first 200 on /api/health (ms)" "$worker" "$(all host worker_start_ms)"
printf '%-58s %s   [%s]\n' "(b) host start -> first 200 on /api/health (ms)" "$host" "$(all host start_ms)"
printf '%-58s %s   [%s]\n' "bare ASP.NET Core app, process start -> first 200 (ms)" "$bare" "$(all bare start_ms)"
printf '%-58s %s\n' "ratio (a)/bare (goal <= 1.5)" "$(awk -v a="$worker" -v b="$bare" 'BEGIN {printf "%.2f", a/b}')"
printf '%-58s %s\n' "ratio (b)/bare" "$(awk -v a="$host" -v b="$bare" 'BEGIN {printf "%.2f", a/b}')"
