#!/usr/bin/env bash
# Crash safety and concurrency of `tariff close`, `tariff topup` on an SQLite ledger.
#   close_crash_test.sh TARIFF GROUP     GROUP: close_sigkill | close_concurrent
# close_sigkill: kills a close with SIGKILL at random instants (50 trials, on an events file
# large enough that the close takes at least 0.5 s). After each kill `status` works at once and
# shows the state before the close or the state after it, nothing between; closing again then
# gives exactly the state (and the bills) of an uninterrupted run.
# close_concurrent: two closes of one period at once charge once; the same top-up reference
# from several processes at once credits once.
tariff=$1
group=$2

. "$(dirname "$0")/lib.sh"
cd "$work" || exit 2

accounts=300 # activated; the events name 1000 accounts, the others are not billed
now=2026-02-01T00:00:00Z

# events FILE ROWS: ROWS events of January 2026 over 1000 accounts, the same every time.
events() {
    awk -v n="$2" 'BEGIN {
        print "account,timestamp,calls"
        for (i = 0; i < n; i++) {
            printf "acct-%04d,2026-01-%02dT%02d:%02d:%02dZ,%d\n", (i * 7919) % 1000, 1 + i % 31, i % 24, i % 60, (i * 13) % 60, i % 9
        }
    }' >"$1"
}

# The ledger before the close: `accounts` activated accounts, each with a top-up, some with a
# pack of January, one account in arrears so that the close suspends some.
setup() {
    local i name
    for ((i = 0; i < accounts; i++)); do
        printf -v name 'acct-%04d' "$i"
        "$tariff" account activate --db base.db "$name" >/dev/null || return 1
        if ((i % 3 == 0)); then
            "$tariff" topup --db base.db "$name" "$((i * 7 % 400)).25" --ref "t$i" >/dev/null || return 1
        fi
        if ((i % 10 == 0)); then
            "$tariff" pack add --db base.db "$name" liveness_face_comparison 500 \
                --from 2026-01 --until 2026-02 >/dev/null || return 1
        fi
    done
}

# state FILE DB: what the database holds, as status --json and (when closed) the kept bills.
state() {
    "$tariff" status --db "$2" --json >"$1" 2>&1 || echo "status failed: $?" >>"$1"
}

# fresh DB: a copy of the ledger before the close.
fresh() {
    rm -f "$1" "$1-wal" "$1-shm"
    cp base.db "$1"
}

checks=$((checks + 1))
setup || fail "setting up the ledger failed"
[[ ! -e base.db-wal ]] || fail "a clean exit left a write-ahead log behind"

case $group in
close_sigkill)
    rows=1000000
    events ev.csv "$rows"
    state before.state base.db
    # The uninterrupted run: its duration sets the range of kill instants. The file is doubled
    # until a close takes at least 0.5 s.
    while :; do
        fresh ref.db
        start=$(date +%s%N)
        "$tariff" close --db ref.db --period 2026-01 --now "$now" --json ev.csv >ref.out 2>ref.err
        rc=$?
        took=$((($(date +%s%N) - start) / 1000000))
        ((rc == 0 && took < 500)) || break
        tail -n +2 ev.csv >>ev.csv.more
        cat ev.csv.more >>ev.csv && rm ev.csv.more
    done
    last_command="tariff close --db ref.db (uninterrupted, ${took} ms)"
    expect_rc 0
    echo "close_sigkill: an uninterrupted close takes ${took} ms"
    state after.state ref.db
    "$tariff" close --db ref.db --period 2026-01 --now "$now" --json ev.csv >ref.again 2>/dev/null
    checks=$((checks + 1))
    cmp -s before.state after.state && fail "the close changed nothing"

    all=0 none=0
    for ((trial = 0; trial < 50; trial++)); do
        fresh t.db
        "$tariff" close --db t.db --period 2026-01 --now "$now" --json ev.csv >/dev/null 2>&1 &
        pid=$!
        # A random instant from 0 to twice the uninterrupted run (a loaded machine runs slower).
        delay_ms=$(((RANDOM * 32768 + RANDOM) % (took * 2 + 1)))
        sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        last_command="tariff status after SIGKILL at ${delay_ms} ms (trial $trial)"
        state killed.state t.db
        checks=$((checks + 1))
        if cmp -s killed.state before.state; then
            none=$((none + 1))
        elif cmp -s killed.state after.state; then
            all=$((all + 1))
        else
            fail "the database holds part of a close: $(diff after.state killed.state | head -c 2000)"
        fi
        # Closing again finishes the work: the state and the bills of the uninterrupted run.
        run close --db t.db --period 2026-01 --now "$now" --json ev.csv
        expect_rc 0
        state final.state t.db
        checks=$((checks + 1))
        cmp -s final.state after.state || fail "after a second close the state differs"
        # The bills kept, shown by a third close, are the uninterrupted run's (every 5th trial:
        # a close reads the whole file).
        if ((trial % 5 == 0)); then
            run close --db t.db --period 2026-01 --now "$now" --json ev.csv
            checks=$((checks + 1))
            cmp -s "$work/out" ref.again || fail "the bills kept differ from an uninterrupted run's"
        fi
    done
    echo "close_sigkill: 50 kills: $none left nothing, $all left the whole close"
    ;;

close_concurrent)
    events ev.csv 200000
    fresh ref.db
    "$tariff" close --db ref.db --period 2026-01 --now "$now" ev.csv >/dev/null 2>&1
    state after.state ref.db
    for ((trial = 0; trial < 10; trial++)); do
        fresh t.db
        "$tariff" close --db t.db --period 2026-01 --now "$now" ev.csv >one.out 2>one.err &
        a=$!
        "$tariff" close --db t.db --period 2026-01 --now "$now" ev.csv >two.out 2>two.err &
        b=$!
        wait "$a"
        ra=$?
        wait "$b"
        rb=$?
        last_command="two closes of 2026-01 at once (trial $trial): exit $ra and $rb"
        # One closes; the other reports already_closed (exit 0) or a busy database (exit 2).
        closed=$(cat one.out two.out | grep -c '^closed 2026-01')
        checks=$((checks + 1))
        [[ $closed == 1 ]] || fail "$closed closes reported closing 2026-01"
        for r in "$ra:one" "$rb:two"; do
            checks=$((checks + 1))
            case ${r%%:*} in
            0) ;;
            2) grep -q 'busy' "${r#*:}.err" || fail "exit 2 without \"busy\": $(cat "${r#*:}.err")" ;;
            *) fail "exit ${r%%:*}: $(cat "${r#*:}.err")" ;;
            esac
        done
        state final.state t.db
        checks=$((checks + 1))
        cmp -s final.state after.state || fail "two closes at once differ from one: $(diff after.state final.state | head -c 2000)"
    done

    # The same top-up reference from 8 processes at once: credited once, the others say so.
    fresh t.db
    for ((i = 0; i < 8; i++)); do
        "$tariff" topup --db t.db acct-0001 12.34 --ref same >"topup.$i.out" 2>"topup.$i.err" &
    done
    wait
    last_command="8 top-ups with --ref same at once"
    repeated=$(cat topup.*.err | grep -c 'reference "same" was already applied')
    checks=$((checks + 1))
    [[ $repeated == 7 ]] || fail "$repeated of 8 said the top-up was already applied: $(cat topup.*.err)"
    run status --db t.db --json acct-0001
    expect_out_has '"balance": "12.34"'
    ;;

*)
    echo "unknown group: $group" >&2
    exit 2
    ;;
esac

finish
