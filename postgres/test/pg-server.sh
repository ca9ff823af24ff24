# shellcheck shell=bash
# A private PostgreSQL server for the extension's tests and benchmark. Sourced by
# postgres/test/run and postgres/bench/run (bash); not a program.
#
#   pg_server_start BUILD_DIR PG_CONFIG   stage the extension, initdb, start; sets PGHOST etc.
#   pg_server_stop                         stop the server and remove its directory
#   pg_as_owner CMD...                     run CMD as the user that owns the server
#
# Where the extension comes from. PostgreSQL 15 looks for extensions only in its own sharedir
# and pkglibdir, but it finds those relative to the directory of its executable. So the server
# here runs from a private tree: `cmake --install --component tariff_postgres` stages the
# extension under DESTDIR=$PG_WORK/install, the server's programs are copied into that tree's
# bindir, and the rest of sharedir and pkglibdir is symlinked from the real installation.
# Nothing outside $PG_WORK is written, root is not needed, and an installed tariff (if any) is
# not the one tested.
#
# Who runs it. initdb refuses to run as root; as root the server runs as $TARIFF_PG_USER
# (default: postgres, the Debian package's system user) through runuser, otherwise as the
# current user. It listens on a Unix socket in $PG_WORK only (no TCP).

pg_server_owner=""

pg_as_owner() {
    if [[ -n "$pg_server_owner" ]]; then
        runuser -u "$pg_server_owner" -- "$@"
    else
        "$@"
    fi
}

pg_server_start() {
    local build_dir="$1" pg_config="$2"
    local bindir sharedir pkglibdir
    bindir="$("$pg_config" --bindir)"
    sharedir="$("$pg_config" --sharedir)"
    pkglibdir="$("$pg_config" --pkglibdir)"

    if [[ "$(id -u)" == 0 ]]; then
        pg_server_owner="${TARIFF_PG_USER:-postgres}"
        if ! id "$pg_server_owner" >/dev/null 2>&1; then
            echo "pg-server: running as root, but there is no user '$pg_server_owner' to run" \
                 "PostgreSQL as (set TARIFF_PG_USER to an unprivileged user)" >&2
            return 1
        fi
    fi

    PG_WORK="$(mktemp -d "${TMPDIR:-/tmp}/tariff-pg.XXXXXX")"
    export PG_WORK

    # The private installation: the staged extension, plus the server's own files.
    local root="$PG_WORK/install"
    DESTDIR="$root" "${CMAKE:-cmake}" --install "$build_dir" --component tariff_postgres >"$PG_WORK/install.log" ||
        { cat "$PG_WORK/install.log" >&2; return 1; }
    mkdir -p "$root$bindir" "$root$sharedir/extension" "$root$pkglibdir"
    local program entry
    for program in postgres initdb pg_ctl; do
        cp "$bindir/$program" "$root$bindir/$program"
    done
    for entry in "$sharedir"/*; do
        [[ "$(basename "$entry")" == extension ]] || ln -s "$entry" "$root$sharedir/"
    done
    for entry in "$sharedir"/extension/* "$pkglibdir"/*; do
        [[ -e "$root$entry" ]] || ln -s "$entry" "$root$entry"
    done
    PG_BIN="$root$bindir"
    export PG_BIN

    mkdir -p "$PG_WORK/socket"
    if [[ -n "$pg_server_owner" ]]; then
        chown -R "$pg_server_owner" "$PG_WORK"
    fi

    pg_as_owner "$PG_BIN/initdb" -D "$PG_WORK/data" --auth=trust --username=postgres \
        --encoding=UTF8 --locale=C --no-sync >"$PG_WORK/initdb.log" 2>&1 ||
        { cat "$PG_WORK/initdb.log" >&2; return 1; }
    cat >>"$PG_WORK/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$PG_WORK/socket'
port = 5432
fsync = off
synchronous_commit = off
full_page_writes = off
max_worker_processes = 8
max_parallel_workers = 8
EOF
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_WORK/data" -l "$PG_WORK/server.log" -w start \
        >"$PG_WORK/pg_ctl.log" 2>&1 ||
        { cat "$PG_WORK/pg_ctl.log" "$PG_WORK/server.log" >&2; return 1; }

    export PGHOST="$PG_WORK/socket" PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
    export PGPSQL="$bindir/psql"
}

pg_server_stop() {
    [[ -n "${PG_WORK:-}" && -d "$PG_WORK" ]] || return 0
    if [[ -f "$PG_WORK/data/postmaster.pid" ]]; then
        pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_WORK/data" -m fast -w stop >/dev/null 2>&1 ||
            pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_WORK/data" -m immediate -w stop >/dev/null 2>&1 ||
            true
    fi
    if [[ -n "${TARIFF_PG_KEEP:-}" ]]; then
        echo "pg-server: kept $PG_WORK (TARIFF_PG_KEEP is set)" >&2
    else
        rm -rf "$PG_WORK"
    fi
    PG_WORK=""
}
