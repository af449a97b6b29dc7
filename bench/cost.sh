#!/usr/bin/env bash
# The measured inputs of docs/cost.md, redone on this machine:
#   1. bench/ingestion.sh at concurrency 1: how long one webhook execution takes when calls arrive one at a time
#      (a small team), and the app's memory;
#   2. bench/ingestion.sh at concurrency 16: CPU per event and events/s when a call centre keeps an instance busy;
#   3. the ingestion benchmark's "cost" mode on its own Azurite: executions, storage transactions and billed bytes per
#      call, without and with a recording and a transcript per answered call.
#   bench/cost.sh [--calls N] [--recording-bytes-per-second B]   (default 300 calls, 4000 B/s = 32 kbit/s MP3)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=tools/azurite/azurite.sh
source "$ROOT/tools/azurite/azurite.sh"
calls=300 recording_rate=4000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --calls) calls="$2"; shift 2 ;;
    --recording-bytes-per-second) recording_rate="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

work="$(mktemp -d)"
trap 'azurite_stop 1; rm -rf "$work"' EXIT

echo "1/3 one call at a time (bench/ingestion.sh --concurrency 1)..." >&2
"$ROOT/bench/ingestion.sh" --concurrency 1 --calls 200 --rounds 3 >"$work/serial.txt"
echo "2/3 a busy instance (bench/ingestion.sh --concurrency 16)..." >&2
"$ROOT/bench/ingestion.sh" --concurrency 16 --calls 600 --rounds 3 >"$work/busy.txt"

echo "3/3 storage per call..." >&2
azurite_install
blob=$(free_port $((20000 + RANDOM % 40000))); queue=$(free_port $((20000 + RANDOM % 40000)) "$blob"); table=$(free_port $((20000 + RANDOM % 40000)) "$blob" "$queue")
azurite_start memory "$work/azurite.log" "$blob" "$queue" "$table"
CALLARO_BENCH_STORAGE="$(azurite_connection_string "$blob" "$table")" \
  dotnet "$ROOT/bench/Callaro.Ingestion.Benchmarks/bin/Release/net10.0/Callaro.Ingestion.Benchmarks.dll" \
  cost --calls "$calls" --recording-bytes-per-second "$recording_rate" >"$work/storage.txt"

figure() { # file label: the value column of ingestion.sh's line starting with label
  awk -v l="$2" 'index($0, l) == 1 { print substr($0, 38) }' "$1" | awk '{print $1, $2}' | sed 's/ \[.*//; s/ *$//'
}
cost() { awk -v m="$1" '$1=="cost" && $2==m {print $3}' "$work/storage.txt"; }

printf '\n%-52s %s\n' "cost input (docs/cost.md)" "measured"
printf '%-52s %s\n' "webhook executions per call" "$(cost webhook_executions_per_call)"
printf '%-52s %s\n' "blob-trigger executions per call (with attachments)" "$(cost blob_trigger_executions_per_call)"
printf '%-52s %s\n' "execution ms, one at a time (p50 / p99)" "$(figure "$work/serial.txt" "HTTP latency p50 ms" | cut -d' ' -f1) / $(figure "$work/serial.txt" "HTTP latency p99 ms" | cut -d' ' -f1)"
printf '%-52s %s\n' "worker CPU ms per event, one at a time" "$(figure "$work/serial.txt" "worker CPU ms/event" | cut -d' ' -f1)"
printf '%-52s %s\n' "worker CPU ms per event, concurrency 16" "$(figure "$work/busy.txt" "worker CPU ms/event" | cut -d' ' -f1)"
printf '%-52s %s\n' "events/s over HTTP, concurrency 16" "$(figure "$work/busy.txt" "HTTP events/s" | cut -d' ' -f1)"
printf '%-52s %s\n' "worker peak memory (one at a time / concurrency 16)" "$(figure "$work/serial.txt" "worker peak memory") / $(figure "$work/busy.txt" "worker peak memory")"
printf '%-52s %s\n' "table transactions per call (webhooks)" "$(cost table_transactions_per_call)"
# The benchmark counts table and blob requests together; Table and Blob Storage price them differently.
attachment_table=$(awk -v all="$(cost attachment_transactions_per_call)" -v w="$(cost attachment_blob_writes_per_call)" \
  -v r="$(cost attachment_blob_reads_per_call)" 'BEGIN {printf "%.2f", all - w - r}')
printf '%-52s %s\n' "storage transactions per call (attachments)" "table $attachment_table, blob writes $(cost attachment_blob_writes_per_call), blob reads $(cost attachment_blob_reads_per_call); + $(cost upload_transactions_per_call) uploads"
printf '%-52s %s\n' "table bytes per call, billed (no recordings)" "$(cost table_bytes_per_call)"
printf '%-52s %s\n' "table bytes per call, billed (with attachments)" "$(cost table_bytes_per_call_with_attachments)"
printf '%-52s %s\n' "blob bytes per call (recording + transcript)" "$(cost stored_blob_bytes_per_call)"
printf '%-52s %s\n' "answered share / talk seconds per call" "$(cost answered_share) / $(cost talk_seconds_per_call)"
printf '%-52s %s\n' "calls measured (storage)" "$(cost calls)"
echo "(Recordings: $recording_rate bytes per second of talk. Memory, CPU and duration: the Release build as its own worker process under the local Functions host.)"
