#!/usr/bin/env bash
# Runs every test (unit, integration against Azurite, browser) with its own Azurite on free ports.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
# shellcheck source=tools/azurite/azurite.sh
source "$ROOT/tools/azurite/azurite.sh"

install_browser_test_prerequisites() {
  # Browser tests drive Debian's Chromium through Microsoft.Playwright; nothing is downloaded at test time.
  "$ROOT/tests/Callaro.EndToEnd.Tests/install-prerequisites.sh"
}

install_bicep() {
  # The deployment tests build and lint infra/ with the Bicep compiler pinned in tools/bicep (a NuGet package).
  "$ROOT/tools/bicep/bicep.sh" --version >/dev/null
}

WORK="$(mktemp -d -t callaro-test-XXXXXX)"
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  azurite_stop 1
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

azurite_install
install_browser_test_prerequisites
install_bicep

BLOB_PORT="$(free_port $((20000 + RANDOM % 40000)))"
QUEUE_PORT="$(free_port $((20000 + RANDOM % 40000)) "$BLOB_PORT")"
TABLE_PORT="$(free_port $((20000 + RANDOM % 40000)) "$BLOB_PORT" "$QUEUE_PORT")"
azurite_start "$WORK/azurite" "$WORK/azurite.log" "$BLOB_PORT" "$QUEUE_PORT" "$TABLE_PORT"
echo "Azurite for the tests: blob $BLOB_PORT, queue $QUEUE_PORT, table $TABLE_PORT (data in $WORK)"

CALLARO_TEST_STORAGE="$(azurite_connection_string "$BLOB_PORT" "$TABLE_PORT" "$QUEUE_PORT")"
export CALLARO_TEST_STORAGE
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The end-to-end tests run the build that ships: published as the pipeline publishes it, then started as its own
# worker process under the local Functions host.
echo "Publishing the app for the end-to-end tests..."
dotnet publish src/Callaro.Functions -c Release -r linux-x64 -o "$WORK/app" -v quiet -nologo >"$WORK/publish.log" 2>&1 \
  || { cat "$WORK/publish.log"; exit 1; }
export CALLARO_TEST_APP="$WORK/app"

status=0
dotnet test Callaro.Functions.sln "$@" 2>&1 | tee "$WORK/test.log" || status=$?

# One plain closing line over every test project.
awk '
  /^(Passed|Failed)!/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") { gsub(",", "", $(i+1)); failed += $(i+1) }
      if ($i == "Passed:") { gsub(",", "", $(i+1)); passed += $(i+1) }
    }
  }
  END { printf "%d passed, %d failed\n", passed, failed }
' "$WORK/test.log"

if grep -q "Failed:[[:space:]]*[1-9]" "$WORK/test.log"; then
  status=1
fi
exit "$status"
