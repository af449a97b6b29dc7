# Shared by run.sh and test.sh (sourced, not run): install, start and stop the pinned Azurite.
# Expects ROOT (the repository root) to be set.

AZURITE_DIR="$ROOT/tools/azurite"
AZURITE_BIN="$AZURITE_DIR/node_modules/.bin/azurite"
AZURITE_ACCOUNT_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
AZURITE_PID=""

azurite_install() {
  if [[ -x "$AZURITE_BIN" ]]; then
    return
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm is needed to install Azurite (the storage emulator). Install Node.js 20+ (e.g. apt-get install -y nodejs npm) and rerun." >&2
    exit 1
  fi
  echo "Installing Azurite (pinned in tools/azurite/package-lock.json)..."
  (cd "$AZURITE_DIR" && npm ci --no-audit --no-fund --loglevel=error)
}

# True when something accepts connections on 127.0.0.1:$1.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints a port that nothing listens on, trying $1 first; skips any ports given after it.
free_port() {
  local preferred="$1"; shift
  local candidate="$preferred" attempts=0
  while port_in_use "$candidate" || [[ " $* " == *" $candidate "* ]]; do
    attempts=$((attempts + 1))
    if ((attempts > 200)); then
      echo "Could not find a free port near $preferred." >&2
      return 1
    fi
    candidate=$((20000 + RANDOM % 40000))
  done
  echo "$candidate"
}

# azurite_start <data folder, or "memory" to keep nothing on disk> <log file> <blob port> <queue port> <table port>
azurite_start() {
  local location="$1" log="$2" blob="$3" queue="$4" table="$5" storage
  if [[ "$location" == memory ]]; then
    storage=(--inMemoryPersistence)
  else
    mkdir -p "$location"
    storage=(--location "$location")
  fi
  "$AZURITE_BIN" --silent "${storage[@]}" \
    --blobHost 127.0.0.1 --blobPort "$blob" \
    --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" \
    --skipApiVersionCheck --loose >"$log" 2>&1 &
  AZURITE_PID=$!
  local waited=0
  until port_in_use "$blob" && port_in_use "$table"; do
    if ! kill -0 "$AZURITE_PID" 2>/dev/null; then
      echo "Azurite exited during start-up; its log ($log) says:" >&2
      cat "$log" >&2
      return 1
    fi
    if ((waited >= 300)); then
      echo "Azurite did not open ports $blob/$table within 30 s; see $log." >&2
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

# azurite_stop [seconds to wait for a clean shutdown, default 15]
# Azurite saves its data while closing, which can take until idle connections time out; after the grace
# period it is killed (fine for test data; run.sh waits longer so the local log is saved).
azurite_stop() {
  local grace="${1:-15}" waited=0
  if [[ -n "$AZURITE_PID" ]] && kill -0 "$AZURITE_PID" 2>/dev/null; then
    kill "$AZURITE_PID" 2>/dev/null || true
    while kill -0 "$AZURITE_PID" 2>/dev/null && ((waited < grace * 10)); do
      sleep 0.1
      waited=$((waited + 1))
    done
    kill -9 "$AZURITE_PID" 2>/dev/null || true
    wait "$AZURITE_PID" 2>/dev/null || true
  fi
  AZURITE_PID=""
}

# azurite_connection_string <blob port> <table port> [queue port]
azurite_connection_string() {
  local queue=""
  [[ -n "${3:-}" ]] && queue="QueueEndpoint=http://127.0.0.1:$3/devstoreaccount1;"
  echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$AZURITE_ACCOUNT_KEY;BlobEndpoint=http://127.0.0.1:$1/devstoreaccount1;TableEndpoint=http://127.0.0.1:$2/devstoreaccount1;$queue"
}
