#!/usr/bin/env bash
# The recording trigger's cost per invocation for a 10 MiB recording against a 10 KiB one (the baseline): the app
# published as the pipeline publishes it, under the local Functions host, against an Azurite this script starts on
# free ports and stops again.
#   bench/attachments.sh [--count N]   (default 9 invocations per size, after one warm-up)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=tools/azurite/azurite.sh
source "$ROOT/tools/azurite/azurite.sh"
work="$(mktemp -d)"
trap 'azurite_stop 1; rm -rf "$work"' EXIT
azurite_install
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "Publishing the app (Release, linux-x64) and building the benchmark..." >&2
dotnet publish "$ROOT/src/Callaro.Functions" -c Release -r linux-x64 -o "$work/app" -v quiet -nologo >/dev/null
dotnet build -c Release "$ROOT/bench/Callaro.Attachments.Benchmarks" -v quiet -nologo >/dev/null
blob_port=$(free_port $((20000 + RANDOM % 40000))); queue_port=$(free_port $((20000 + RANDOM % 40000)) "$blob_port")
table_port=$(free_port $((20000 + RANDOM % 40000)) "$blob_port" "$queue_port")
azurite_start memory "$work/azurite.log" "$blob_port" "$queue_port" "$table_port"
CALLARO_BENCH_STORAGE="$(azurite_connection_string "$blob_port" "$table_port" "$queue_port")"
export CALLARO_BENCH_STORAGE
# The app creates no storage when it starts: provision once, as a deployment does.
(cd "$work/app" && Callaro__Storage__ConnectionString="$CALLARO_BENCH_STORAGE" Callaro__Storage__NamePrefix=bench \
  CallaroRecordingsContainer=benchrecordings CallaroTranscriptsContainer=benchtranscripts dotnet Callaro.Functions.dll provision >/dev/null)
dotnet "$ROOT/bench/Callaro.Attachments.Benchmarks/bin/Release/net10.0/Callaro.Attachments.Benchmarks.dll" --app "$work/app" "$@"
