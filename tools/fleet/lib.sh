# The fleet on one machine: a PostgreSQL 15 cluster, the department server (`milepost-server
# serve`, plain HTTP on 127.0.0.1) and simulated units (`milepost run` on the sim board, each with
# its own unit key registered on the server and a `server` section in its unit.json).
# Sourced by tools/fleet-test and tools/fleet/demo, which set before sourcing:
#   FLEET_DIR       a directory for everything (cluster, server audit log, unit state)
#   MILEPOST        the unit binary, MILEPOST_SERVER the server binary
# and call fleet_stop_all on exit. PostgreSQL runs as the postgres user when run as root.

fleet_pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
FLEET_UNIT_PIDS=()
FLEET_SERVER_PID=
FLEET_AS_OWNER=()

fleet_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

fleet_fail() {
    echo "${FLEET_NAME:-fleet}: FAILED: $*" >&2
    exit 1
}

# Waits up to $2 seconds (default 30) for $1 to answer /health.
fleet_wait_health() {
    local url=$1 limit=$((${2:-30} * 10))
    for _ in $(seq 1 "$limit"); do
        curl -sf "$url/health" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}

# --- PostgreSQL -----------------------------------------------------------------------------

# Creates the cluster in $FLEET_DIR/postgres if missing, starts it on a free port (or
# $FLEET_PG_PORT) and sets FLEET_PG_URL. fsync is off (a throwaway cluster) unless FLEET_PG_FSYNC=on.
fleet_postgres_start() {
    [ -x "$fleet_pg_bin/initdb" ] || fleet_fail "no PostgreSQL 15 at $fleet_pg_bin; run tools/install-deps server"
    local cluster=$FLEET_DIR/postgres
    mkdir -p "$cluster"
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || fleet_fail "running as root needs the postgres user (installed with postgresql-15)"
        chown postgres: "$cluster"
        chmod 0700 "$cluster"
        FLEET_AS_OWNER=(runuser -u postgres --)
    fi
    FLEET_PG_OWNER=$("${FLEET_AS_OWNER[@]}" id -un)
    if [ ! -f "$cluster/data/PG_VERSION" ]; then
        "${FLEET_AS_OWNER[@]}" "$fleet_pg_bin/initdb" -D "$cluster/data" -U "$FLEET_PG_OWNER" --auth=trust --encoding=UTF8 \
            --locale=C.UTF-8 >"$cluster/initdb.log" 2>&1 || { cat "$cluster/initdb.log" >&2; fleet_fail "initdb failed"; }
    fi
    FLEET_PG_PORT=${FLEET_PG_PORT:-$(fleet_free_port)}
    local options="-c listen_addresses=127.0.0.1 -c port=$FLEET_PG_PORT -c unix_socket_directories=$cluster -c fsync=${FLEET_PG_FSYNC:-off} -c max_connections=100"
    FLEET_PG_CTL=("${FLEET_AS_OWNER[@]}" "$fleet_pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/postgres.log" -o "$options" -w)
    "${FLEET_PG_CTL[@]}" start >/dev/null || { tail -20 "$cluster/postgres.log" >&2; fleet_fail "PostgreSQL did not start"; }
    FLEET_PG_URL="postgres://$FLEET_PG_OWNER@127.0.0.1:$FLEET_PG_PORT/postgres"
}

# An immediate restart: every connection is cut, as in a crash.
fleet_postgres_restart() {
    "${FLEET_PG_CTL[@]}" -m immediate restart >/dev/null || fleet_fail "PostgreSQL did not restart"
}

fleet_postgres_stop() {
    [ ${#FLEET_PG_CTL[@]} -gt 0 ] && "${FLEET_PG_CTL[@]}" -m fast stop >/dev/null 2>&1 || true
}

# One query, unaligned and without headers.
fleet_sql() {
    psql -X -Atq -v ON_ERROR_STOP=1 "$FLEET_PG_URL" -c "$1"
}

# --- the server -----------------------------------------------------------------------------

# Writes $FLEET_DIR/server.json for the cluster and a free port (or $FLEET_SERVER_PORT).
fleet_server_configure() {
    FLEET_SERVER_PORT=${FLEET_SERVER_PORT:-$(fleet_free_port)}
    FLEET_SERVER_URL="http://127.0.0.1:$FLEET_SERVER_PORT"
    jq -n --arg url "$FLEET_PG_URL" --argjson port "$FLEET_SERVER_PORT" --arg audit "$FLEET_DIR/server-audit" '{
        postgres: {url: $url, tls: "disable"},
        https: {host: "127.0.0.1", port: $port, plainHTTPOnLoopback: true},
        retentionDays: 365, auditDirectory: $audit}' >"$FLEET_DIR/server.json"
}

fleet_server_start() {
    "$MILEPOST_SERVER" serve --config "$FLEET_DIR/server.json" >>"$FLEET_DIR/server.log" 2>&1 &
    FLEET_SERVER_PID=$!
    fleet_wait_health "$FLEET_SERVER_URL" 30 || { tail -20 "$FLEET_DIR/server.log" >&2; fleet_fail "the server did not answer /health"; }
}

# Stops the server with signal $1 (default TERM) and waits for it to exit.
fleet_server_stop() {
    [ -n "$FLEET_SERVER_PID" ] || return 0
    kill "-${1:-TERM}" "$FLEET_SERVER_PID" 2>/dev/null || true
    wait "$FLEET_SERVER_PID" 2>/dev/null || true
    FLEET_SERVER_PID=
}

# Issues a server token of role $1 for holder $2 and prints it (once; only its digest is kept).
fleet_server_token() {
    "$MILEPOST_SERVER" tokens issue --config "$FLEET_DIR/server.json" --role "$1" --holder "$2" --name "fleet-$RANDOM$RANDOM" 2>/dev/null \
        | head -1
}

# --- the units ------------------------------------------------------------------------------

fleet_unit_dir() { echo "$FLEET_DIR/unit-$1"; }

# Makes the units run on the sim board with its presence input toggling every 100 ms instead of
# 1.5 s: a vehicle, so a read, every 0.2 s per unit instead of every 3 s.
fleet_busy_road_board() {
    FLEET_BOARD_DIR=$FLEET_DIR/board
    mkdir -p "$FLEET_BOARD_DIR"
    jq '.gpio.simulatedChip.presencePeriodMs = 100' Board/sim.json >"$FLEET_BOARD_DIR/sim.json"
    ln -sfn "$PWD/Board/sim-scenes" "$FLEET_BOARD_DIR/sim-scenes"
}

# Provisions unit $1 (sim-unit-$1) in its own state directory unless already there: keys,
# authorization and demonstration hotlist (tools/sim-provision), a unit.json on a free API port
# forwarding to the server every second, and its unit key registered on the server.
fleet_unit_provision() {
    local n=$1 state
    state=$(fleet_unit_dir "$n")
    mkdir -p "$state"
    MILEPOST="$MILEPOST" tools/sim-provision "$state" "sim-unit-$n" >"$state/provision.log" 2>&1 \
        || { cat "$state/provision.log" >&2; fleet_fail "cannot provision sim-unit-$n"; }
    jq --arg id "sim-unit-$n" --arg state "$state" --argjson port "$(fleet_free_port)" --arg server "$FLEET_SERVER_URL" \
        --argjson capacity "${FLEET_STORE_BYTES:-268435456}" \
        '.unitID = $id | .stateDirectory = $state | .httpPort = $port | .storeCapacityBytes = $capacity
         | .server = {url: $server, loopbackTestServer: true, intervalSeconds: 1}' \
        Config/unit.json >"$state/unit.json"
    [ -s "$state/auditor.token" ] || "$MILEPOST" tokens issue --role auditor --holder fleet --state-dir "$state" >"$state/auditor.token" \
        || fleet_fail "cannot issue sim-unit-$n's auditor token"
    "$MILEPOST_SERVER" units register --config "$FLEET_DIR/server.json" --key "$state/policy/unit.pub" >>"$state/provision.log" 2>&1 \
        || { tail -3 "$state/provision.log" >&2; fleet_fail "cannot register sim-unit-$n's key"; }
}

fleet_unit_api() { echo "http://127.0.0.1:$(jq -r .httpPort "$(fleet_unit_dir "$1")/unit.json")"; }

fleet_unit_start() {
    local n=$1 state
    state=$(fleet_unit_dir "$n")
    "$MILEPOST" run --config "$state/unit.json" --state-dir "$state" ${FLEET_BOARD_DIR:+--board-dir "$FLEET_BOARD_DIR"} >>"$state/run.log" 2>&1 &
    FLEET_UNIT_PIDS[n]=$!
    fleet_wait_health "$(fleet_unit_api "$n")" 60 || { tail -20 "$state/run.log" >&2; fleet_fail "sim-unit-$n did not answer /health"; }
}

# Stops unit $1 with signal $2 (default TERM) and waits for it to exit.
fleet_unit_stop() {
    local n=$1 pid=${FLEET_UNIT_PIDS[$1]:-}
    [ -n "$pid" ] || return 0
    kill "-${2:-TERM}" "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    FLEET_UNIT_PIDS[n]=
}

fleet_stop_all() {
    local n
    for n in "${!FLEET_UNIT_PIDS[@]}"; do fleet_unit_stop "$n"; done
    fleet_server_stop
    fleet_postgres_stop
}

# One field of unit $1's /status under `upload` (e.g. waitingReads), read with the unit's
# auditor token (docs/unit-access.md).
fleet_unit_upload() {
    local state
    state=$(fleet_unit_dir "$1")
    curl -sf -H "Authorization: Bearer $(cat "$state/auditor.token")" "$(fleet_unit_api "$1")/status" | jq -r ".upload.$2"
}

# The last sequence in unit $1's read store, read from its files (read-only, beside the running
# unit). Fails unless the store holds every sequence from 1 to it: then the store's sequences
# are exactly the reads the unit captured.
fleet_unit_last_sequence() {
    local report live next oldest
    report=$("$MILEPOST" store inspect --dir "$(fleet_unit_dir "$1")/reads") || fleet_fail "cannot inspect sim-unit-$1's store: $report"
    live=$(awk '/^live reads:/ { print $3 }' <<<"$report")
    next=$(awk '/^next sequence:/ { print $3 }' <<<"$report")
    oldest=$(awk '/^oldest read:/ { print $3 }' <<<"$report")
    [ -n "$next" ] || fleet_fail "no next sequence in sim-unit-$1's store report: $report"
    if [ "$live" -gt 0 ] && { [ "$oldest" != 1 ] || [ "$live" -ne $((next - 1)) ]; }; then
        fleet_fail "sim-unit-$1's store does not hold sequences 1...$((next - 1)) whole (oldest $oldest, $live live reads): the ring overwrote or lost reads"
    fi
    echo $((next - 1))
}
