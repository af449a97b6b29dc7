#!/usr/bin/env bash
# Runs the pinned Bicep compiler from the NuGet cache, restoring it into the cache first when it is not there.
# Usage: tools/bicep/bicep.sh build infra/main.bicep --stdout | tools/bicep/bicep.sh lint infra/main.bicep
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VERSION="$(sed -n 's/.*Azure.Bicep.CommandLine.linux-x64" Version="\[\([^]]*\)\]".*/\1/p' "$HERE/Bicep.csproj")"
PACKAGE="azure.bicep.commandline.linux-x64/$VERSION/tools/bicep"

bicep_in() {
  echo "${1%/}/$PACKAGE"
}

# NuGet's default cache, unless NUGET_PACKAGES or a NuGet.Config moves it (then ask dotnet where it is).
BICEP="$(bicep_in "${NUGET_PACKAGES:-$HOME/.nuget/packages}")"
if [[ ! -x "$BICEP" ]]; then
  dotnet restore "$HERE/Bicep.csproj" --nologo -v quiet >&2
  BICEP="$(bicep_in "$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')")"
fi
exec "$BICEP" "$@"
