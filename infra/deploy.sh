#!/usr/bin/env bash
# Deploys Callaro Functions to Azure with the Azure CLI (signed in: az login, or the pipeline's service connection).
#
#   infra/deploy.sh infrastructure      create or update every resource (infra/main.bicep), blob triggers not yet connected
#   infra/deploy.sh app <package.zip>   deploy the published app to the Flex Consumption app
#   infra/deploy.sh blob-triggers       the same as infrastructure, plus the Event Grid subscriptions of the blob
#                                       triggers (they need the app's code running: run after app)
#
# Settings come from the environment:
#   CALLARO_RESOURCE_GROUP, CALLARO_LOCATION, CALLARO_APP_NAME            where, and the app's name (unique in Azure)
#   CALLARO_WEBHOOK_SIGNING_SECRET, CALLARO_TWILIO_AUTH_TOKEN,
#   CALLARO_VONAGE_SIGNATURE_SECRET, CALLARO_CALL_LOG_CURSOR_KEY          the secrets (stored in Key Vault)
# Optional (the template's default when empty):
#   CALLARO_ACCESS_KEYS            JSON array: [{"name":"ops","sha256":"<hex>","roles":["telephony"],"workspaces":["*"]}]
#   CALLARO_TWILIO_WORKSPACES      JSON object, Twilio account SID -> workspace id: {"AC0123...":"sales"}
#   CALLARO_VONAGE_WORKSPACES      JSON object, Vonage application id -> workspace id
#   CALLARO_NAME_PREFIX, CALLARO_PUBLIC_BASE_URL, CALLARO_HEALTH_REPORT_SCHEDULE
#   CALLARO_TEMPLATE               a compiled infra/main.json (the pipeline's); otherwise infra/main.bicep is compiled here
set -euo pipefail
shopt -s inherit_errexit

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

require() {
  local name
  for name in "$@"; do
    if [[ -z "${!name:-}" ]]; then
      echo "deploy.sh: set $name (see docs/deploy.md)" >&2
      exit 2
    fi
  done
}

WORK="$(mktemp -d -t callaro-deploy-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

template() {
  if [[ -n "${CALLARO_TEMPLATE:-}" ]]; then
    echo "$CALLARO_TEMPLATE"
  else
    "$ROOT/tools/bicep/bicep.sh" build "$ROOT/infra/main.bicep" --outfile "$WORK/main.json" >&2
    echo "$WORK/main.json"
  fi
}

# Parameters go through a file only this user can read, so no secret shows in a process list.
write_parameters() {
  local connect_blob_triggers="$1" file="$WORK/parameters.json"
  (umask 077 && CONNECT_BLOB_TRIGGERS="$connect_blob_triggers" python3 - > "$file") <<'PY'
import json, os

def value(name):
    return os.environ.get(name, "")

parameters = {
    "appName": value("CALLARO_APP_NAME"),
    "webhookSigningSecret": value("CALLARO_WEBHOOK_SIGNING_SECRET"),
    "twilioAuthToken": value("CALLARO_TWILIO_AUTH_TOKEN"),
    "vonageSignatureSecret": value("CALLARO_VONAGE_SIGNATURE_SECRET"),
    "callLogCursorKey": value("CALLARO_CALL_LOG_CURSOR_KEY"),
    "connectBlobTriggers": value("CONNECT_BLOB_TRIGGERS") == "true",
}
optional = {
    "namePrefix": "CALLARO_NAME_PREFIX",
    "publicBaseUrl": "CALLARO_PUBLIC_BASE_URL",
    "healthReportSchedule": "CALLARO_HEALTH_REPORT_SCHEDULE",
}
for parameter, variable in optional.items():
    if value(variable):
        parameters[parameter] = value(variable)
as_json = {
    "accessKeys": "CALLARO_ACCESS_KEYS",
    "twilioWorkspaces": "CALLARO_TWILIO_WORKSPACES",
    "vonageWorkspaces": "CALLARO_VONAGE_WORKSPACES",
}
for parameter, variable in as_json.items():
    if value(variable):
        try:
            parameters[parameter] = json.loads(value(variable))
        except json.JSONDecodeError as e:
            raise SystemExit(f"deploy.sh: {variable} is not valid JSON ({e}); see docs/deploy.md")

print(json.dumps({
    "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
    "contentVersion": "1.0.0.0",
    "parameters": {name: {"value": v} for name, v in parameters.items()},
}))
PY
  echo "$file"
}

deploy_template() {
  require CALLARO_RESOURCE_GROUP CALLARO_LOCATION CALLARO_APP_NAME CALLARO_WEBHOOK_SIGNING_SECRET \
    CALLARO_TWILIO_AUTH_TOKEN CALLARO_VONAGE_SIGNATURE_SECRET CALLARO_CALL_LOG_CURSOR_KEY
  local connect_blob_triggers="$1" template_file parameters_file
  template_file="$(template)"
  parameters_file="$(write_parameters "$connect_blob_triggers")"
  az group create --name "$CALLARO_RESOURCE_GROUP" --location "$CALLARO_LOCATION" --output none
  az deployment group create \
    --resource-group "$CALLARO_RESOURCE_GROUP" \
    --name callaro \
    --template-file "$template_file" \
    --parameters "@$parameters_file" \
    --query properties.outputs --output json
}

deploy_app() {
  require CALLARO_RESOURCE_GROUP CALLARO_APP_NAME
  local package="${1:?usage: deploy.sh app <package.zip>}"
  az functionapp deployment source config-zip \
    --resource-group "$CALLARO_RESOURCE_GROUP" --name "$CALLARO_APP_NAME" --src "$package"
}

# The blob triggers' subscriptions use the host's blobs_extension key, which the host creates when it starts
# with the code that declares them: wake it (the anonymous health endpoint) before asking for the key.
wake_host() {
  require CALLARO_RESOURCE_GROUP CALLARO_APP_NAME
  local host deadline=$((SECONDS + 180))
  host="$(az functionapp show --resource-group "$CALLARO_RESOURCE_GROUP" --name "$CALLARO_APP_NAME" --query defaultHostName --output tsv)"
  until curl --silent --output /dev/null --max-time 30 "https://$host/api/health"; do
    if ((SECONDS > deadline)); then
      echo "deploy.sh: https://$host/api/health did not answer within 3 minutes; is the app deployed?" >&2
      exit 1
    fi
    sleep 5
  done
}

case "${1:-}" in
  infrastructure) deploy_template false ;;
  app) deploy_app "${2:-}" ;;
  blob-triggers) wake_host && deploy_template true ;;
  *)
    sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
