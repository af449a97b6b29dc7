#!/usr/bin/env bash
# Runs the pinned Bicep compiler from the NuGet cache, restoring it first when the cache lacks it.
# Usage: tools/bicep/bicep.sh build infra/main.bicep --stdout | tools/bicep/bicep.sh lint infra/main.bicep
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VERSION="$(sed -n 's/.*Azure.Bicep.CommandLine.linux-x64" Version="\[\([^]]*\)\]".*/\1/p' "$HERE/Bicep.csproj")"

packages_folder() {
  if [[ -n "${NUGET_PACKAGES:-}" ]]; then
    echo "${NUGET_PACKAGES%/}"
  else
    dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p' | sed 's:/*$::'
  fi
}

BICEP="$(packages_folder)/azure.bicep.commandline.linux-x64/$VERSION/tools/bicep"
if [[ ! -x "$BICEP" ]]; then
  dotnet restore "$HERE/Bicep.csproj" --nologo -v quiet >&2
fi
exec "$BICEP" "$@"
