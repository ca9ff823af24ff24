#!/usr/bin/env bash
# Runs the prepaid ledger commands (`tariff account activate`, `topup`, `pack add`, `close`,
# `status`) on a database in a scratch directory and checks stdout, stderr and exit status.
#   close_test.sh TARIFF GROUP     GROUP: close_months | close_refusals
# Expected bills are worked out by hand from the embedded FaceID table (DESIGN section 1); the
# comments show the arithmetic.
tariff=$1
group=$2
here=$(cd "$(dirname "$0")" && pwd)

. "$here/lib.sh"
cd "$work" || exit 2

# The ledger of both groups: alice with 500.00 and two packs, bob with 10.00, carol with a pack
# of January only.
setup() {
    ok account activate --db l.db alice
    expect_out 'alice: activated, active, balance 0.00 USD'
    ok account activate --db l.db bob
    ok account activate --db l.db carol
    ok topup --db l.db alice 500 --ref t1
    expect_out 'alice: top-up 500.00 USD, balance 0.00 -> 500.00 USD, active'
    ok topup --db l.db bob 10
    ok pack add --db l.db alice liveness_face_comparison 1000 --from 2026-01 --until 2026-01
    expect_out 'alice: pack 1 of 1000 liveness_face_comparison, 2026-01..2026-01'
    ok pack add --db l.db alice liveness_face_comparison 500 --from 2026-02 --until 2026-03 --ref p-a
    ok pack add --db l.db carol liveness_face_comparison 100 --from 2026-01 --until 2026-01
    # The same pack with its reference again: added once, said on stderr.
    run pack add --db l.db alice liveness_face_comparison 500 --from 2026-02 --until 2026-03 --ref p-a
    expect_rc 0
    expect_err_has 'tariff pack: reference "p-a" was already applied (pack 2'
}

# January: alice 1200 calls (one in the last second), bob 30 (in +02:00), carol 40, dave (not
# activated) 5, and one of alice's calls of February.
cat >jan.csv <<'EOF'
account,timestamp,calls
alice,2026-01-03T10:00:00Z,700
alice,2026-01-31T23:59:59Z,500
bob,2026-01-15T08:00:00+02:00,30
carol,2026-01-20T00:00:00Z,40
dave,2026-01-21T00:00:00Z,5
alice,2026-02-01T00:00:00Z,9
EOF
# February: alice 300; a late event of January (closed: not billed again).
printf 'account,timestamp,calls\nalice,2026-02-10T00:00:00Z,300\nalice,2026-01-31T12:00:00Z,50\n' >feb.csv
printf 'account,timestamp,calls\nalice,2026-03-10T00:00:00Z,2000\n' >mar.csv
heads='  product                   quantity  free  packs  billable  total'

# The state of the database, to show that a refused command changed nothing.
snapshot() { "$tariff" status --db l.db --json >"$work/state.$1"; }
expect_unchanged() {
    checks=$((checks + 1))
    "$tariff" status --db l.db --json >"$work/state.now"
    cmp -s "$work/state.$1" "$work/state.now" || fail "the database changed: $(diff "$work/state.$1" "$work/state.now")"
}

case $group in
close_months)
    setup
    # alice: pack 1 (January) takes 1000 calls, 200 are rated: 200 x 0.40 = 80.00.
    # bob: 30 x 0.40 = 12.00 from 10.00: -2.00, suspended. carol: pack 3 covers her 40 calls
    # (its other 60 expire with January: no refunds).
    run close --db l.db --period 2026-01 --now 2026-02-01T00:00:00Z jan.csv
    expect_rc 0
    expect_out 'alice 2026-01: 80.00 USD deducted, balance 500.00 -> 420.00 USD, active' "$heads" \
        '  liveness_face_comparison      1200     0   1000       200  80.00' \
        'bob 2026-01: 12.00 USD deducted, balance 10.00 -> -2.00 USD, suspended' "$heads" \
        '  liveness_face_comparison        30     0      0        30  12.00' \
        'carol 2026-01: 0.00 USD deducted, balance 0.00 -> 0.00 USD, active' "$heads" \
        '  liveness_face_comparison        40     0     40         0   0.00' \
        'closed 2026-01 (UTC offset +00:00): 3 accounts, 92.00 USD deducted'
    expect_err 'tariff close: 1 event of 1 account not activated, not billed' \
        'tariff close: 1 event after 2026-01 not billed now: the close of their month bills them'

    ok status --db l.db
    expect_out 'alice: active, balance 420.00 USD, last closed 2026-01' \
        '  pack 2: 500 of 500 liveness_face_comparison left, 2026-02..2026-03' \
        'bob: suspended, balance -2.00 USD, last closed 2026-01' \
        'carol: active, balance 0.00 USD, last closed 2026-01'
    ok status --db l.db --json bob alice
    expect_out '{"account": "alice", "activated": true, "balance": "420.00", "service": "active", "last_closed": "2026-01", "packs": [{"product": "liveness_face_comparison", "remaining": 500, "from": "2026-02", "until": "2026-03"}]}' \
        '{"account": "bob", "activated": true, "balance": "-2.00", "service": "suspended", "last_closed": "2026-01", "packs": []}'

    # January again: nothing changes, every bill as it was, "already_closed".
    snapshot jan
    run close --db l.db --period 2026-01 --now 2026-02-02T00:00:00Z --json jan.csv
    expect_rc 0
    expect_out_line '{"account": "bob", "period": "2026-01", "status": "already_closed", "currency": "USD", "total": "12.00", "balance_before": "10.00", "balance_after": "-2.00", "service": "suspended", "products": [{"product": "liveness_face_comparison", "quantity": 30, "free": 0, "packs_used": 0, "billable": 30, "status": "priced", "total": "12.00", "lines": [{"tier": 0, "from": 0, "up_to": 1000, "units": 30, "quote": false, "unit_price": "0.40", "flat_fee": "0.00", "amount": "12.00"}]}]}'
    expect_err_has 'tariff close: 2026-01 is already closed; nothing changed'
    expect_unchanged jan

    # February, as JSON: alice's 300 calls come from pack 2 (0.00); bob has no usage. The late
    # January event is counted, not billed. Closed on the 5th: late, with a warning.
    run close --db l.db --period 2026-02 --now 2026-03-05T00:00:00Z --json feb.csv
    expect_rc 0
    expect_out '{"account": "alice", "period": "2026-02", "status": "priced", "currency": "USD", "total": "0.00", "balance_before": "420.00", "balance_after": "420.00", "service": "active", "products": [{"product": "liveness_face_comparison", "quantity": 300, "free": 0, "packs_used": 300, "billable": 0, "status": "priced", "total": "0.00", "lines": []}]}' \
        '{"account": "bob", "period": "2026-02", "status": "priced", "currency": "USD", "total": "0.00", "balance_before": "-2.00", "balance_after": "-2.00", "service": "suspended", "products": []}' \
        '{"account": "carol", "period": "2026-02", "status": "priced", "currency": "USD", "total": "0.00", "balance_before": "0.00", "balance_after": "0.00", "service": "active", "products": []}'
    expect_err_has 'tariff close: warning: 2026-02 closed late'
    expect_err_has 'tariff close: 1 event before 2026-02 not billed'

    # A top-up that leaves bob below zero keeps him suspended; the next one reactivates him.
    ok topup --db l.db bob 1.00 --ref b1
    expect_out 'bob: top-up 1.00 USD, balance -2.00 -> -1.00 USD, suspended'
    # The same reference again: credited once, said on stderr.
    run topup --db l.db bob 1.00 --ref b1
    expect_rc 0
    expect_err_has 'tariff topup: reference "b1" was already applied'
    ok topup --db l.db bob 1
    expect_out 'bob: top-up 1.00 USD, balance -1.00 -> 0.00 USD, active'

    # March: pack 2 has 200 left; 1800 calls are rated at 0.35 (the tier of 1800): 630.00 from
    # 420.00 is -210.00, suspended; a top-up of 210.00 reactivates alice.
    run close --db l.db --period 2026-03 --now 2026-04-01T00:00:00Z mar.csv
    expect_rc 0
    expect_out_line 'alice 2026-03: 630.00 USD deducted, balance 420.00 -> -210.00 USD, suspended'
    expect_out_line '  liveness_face_comparison      2000     0    200      1800  630.00'
    expect_out_line 'closed 2026-03 (UTC offset +00:00): 3 accounts, 630.00 USD deducted'
    ok topup --db l.db alice 210.00
    expect_out 'alice: top-up 210.00 USD, balance -210.00 -> 0.00 USD, active'
    ok status --db l.db alice
    expect_out 'alice: active, balance 0.00 USD, last closed 2026-03'

    # A catalogue (tests/cli/catalogues/catalogue.json) in July 2025, when liveness's second
    # version gives 1000 free calls: 500 are rated at 0.40 = 200.00. id_card_ocr's 5.00 minimum
    # and storage's 2.00 fee at zero apply to every account; a pack of 5.5 GB (storage counts
    # to the MB) leaves 6.750 GB, inside the 2.00 first tier. 207.00 from 300.00 is 93.00.
    cat="$here/catalogues/catalogue.json"
    ok account activate --db c.db x
    ok topup --db c.db x 300
    ok pack add --db c.db x storage 5.5 --from 2025-07 --until 2025-07 --catalogue "$cat"
    expect_out 'x: pack 1 of 5.500 storage, 2025-07..2025-07'
    printf 'account,product,timestamp,quantity\nx,liveness_face_comparison,2025-07-02T00:00:00Z,1500\nx,storage,2025-07-03T00:00:00Z,12.250\n' >cat.csv
    ok close --db c.db --period 2025-07 --now 2025-08-01T00:00:00Z --catalogue "$cat" cat.csv
    expect_out 'x 2025-07: 207.00 USD deducted, balance 300.00 -> 93.00 USD, active' \
        '  product                   quantity   free  packs  billable   total' \
        '  id_card_ocr                      0      0      0         0    5.00' \
        '  liveness_face_comparison      1500   1000      0       500  200.00' \
        '  storage                     12.250  0.000  5.500     6.750    2.00' \
        'closed 2025-07 (UTC offset +00:00): 1 account, 207.00 USD deducted'
    ;;

close_refusals)
    setup
    snapshot start
    # Closes refused with nothing changed: not ended, a bad period, a bad row (FILE:LINE).
    expect_refused 'tariff close: period 2026-01 has not ended in UTC offset +00:00: it may be closed from 2026-02-01T00:00:00Z on, and it is 2026-01-31T23:59:59Z' \
        close --db l.db --period 2026-01 --now 2026-01-31T23:59:59Z jan.csv
    expect_refused 'tariff close: --period: invalid billing period "2026-13"' \
        close --db l.db --period 2026-13 --now 2026-02-01T00:00:00Z jan.csv
    printf 'account,timestamp,calls\nalice,2026-01-05T00:00:00Z,10\nbob,2026-01-05T00:00:00Z,-3\n' >bad.csv
    expect_refused 'tariff close: bad.csv:3: invalid calls "-3"' \
        close --db l.db --period 2026-01 --now 2026-02-01T00:00:00Z bad.csv
    expect_refused 'tariff close: no ledger database "none.db"' \
        close --db none.db --period 2026-01 --now 2026-02-01T00:00:00Z jan.csv
    # --threads N: the file is cut at line starts, and the first bad row is reported whatever N.
    {
        echo 'account,timestamp,calls'
        for ((i = 0; i < 3000; i++)); do
            printf '%s,2026-01-%02dT%02d:00:00Z,%d\n' "$([[ $((i % 3)) == 0 ]] && echo alice || echo bob)" \
                $((i % 28 + 1)) $((i % 24)) $((i % 7))
        done
    } >many.csv
    sed '2001s/.*/alice,2026-01-32T00:00:00Z,1/; 2500s/.*/bob,2026-01-02T00:00:00Z,-1/' many.csv >many_bad.csv
    for n in 1 2 3; do
        expect_refused 'tariff close: many_bad.csv:2001: invalid timestamp "2026-01-32T00:00:00Z"' \
            close --db l.db --period 2026-01 --now 2026-02-01T00:00:00Z --threads "$n" many_bad.csv
    done
    expect_refused 'tariff close: --threads: "0" is not a number of threads from 1 to 1024' \
        close --db l.db --period 2026-01 --now 2026-02-01T00:00:00Z --threads 0 jan.csv
    expect_unchanged start
    # ... and the bills are the same for every N (each close on its own copy of the ledger).
    for n in 1 2 3; do
        cp l.db "threads$n.db"
        ok close --db "threads$n.db" --period 2026-01 --now 2026-02-01T00:00:00Z --threads "$n" --json many.csv
        cp out "threads$n.out"
    done
    checks=$((checks + 2))
    [[ $(wc -l <threads1.out) == 3 ]] || fail "expected 3 bills, got $(cat threads1.out)"
    cmp -s threads1.out threads2.out || fail "--threads 2 bills differ from one thread's"
    cmp -s threads1.out threads3.out || fail "--threads 3 bills differ from one thread's"

    # Ledger commands refused with nothing changed.
    expect_refused 'tariff topup: account "dave" is not activated' topup --db l.db dave 5
    expect_refused 'tariff topup: account "alice": top-up 0.00 must be positive' topup --db l.db alice 0
    expect_refused 'tariff topup: account "alice": top-up -5.00 must be positive' topup --db l.db alice -5
    expect_refused 'tariff topup: invalid amount "1.005"' topup --db l.db alice 1.005
    expect_refused 'tariff topup: reference "t1" was used for a top-up of 500.00 to account "alice"' \
        topup --db l.db alice 50 --ref t1
    expect_refused 'tariff pack: no product "nope" in the catalogue' \
        pack add --db l.db alice nope 10 --from 2026-01 --until 2026-01
    expect_refused 'tariff pack: account "dave" is not activated' \
        pack add --db l.db dave liveness_face_comparison 10 --from 2026-01 --until 2026-01
    expect_refused 'is before valid from 2026-02' \
        pack add --db l.db alice liveness_face_comparison 10 --from 2026-02 --until 2026-01
    expect_refused 'tariff pack: ' \
        pack add --db l.db alice liveness_face_comparison 0 --from 2026-01 --until 2026-01
    expect_refused 'tariff pack: reference "p-a" was used for a pack of 500' \
        pack add --db l.db alice liveness_face_comparison 400 --from 2026-02 --until 2026-03 --ref p-a
    expect_refused 'tariff status: account "dave" is not activated' status --db l.db dave
    expect_refused 'tariff: unknown command "refund"' refund --db l.db alice 5
    expect_unchanged start
    # Activating twice changes nothing.
    run account activate --db l.db alice
    expect_rc 0
    expect_unchanged start

    # Out of order: the first close may be any month; then a skipped or earlier one is refused.
    run close --db l.db --period 2026-01 --now 2026-02-01T00:00:00Z jan.csv
    expect_rc 0
    snapshot jan
    expect_refused 'tariff close: period 2026-03 skips 2026-02: the latest closed period is 2026-01, so the next one to close is 2026-02' \
        close --db l.db --period 2026-03 --now 2026-04-01T00:00:00Z mar.csv
    expect_refused 'tariff close: ' close --db l.db --period 2025-12 --now 2026-04-01T00:00:00Z jan.csv
    # The first close fixed the offset and the database its currency.
    expect_refused 'tariff close: the ledger bills in UTC offset +00:00' \
        close --db l.db --period 2026-02 --utc-offset +05:45 --now 2026-04-01T00:00:00Z feb.csv
    printf '{"name": "eu", "currency": "EUR", "mode": "volume", "tiers": [{"up_to": "inf", "unit_price": "0.10"}]}\n' >eur.json
    expect_refused 'tariff close: the catalogue is priced in EUR; the ledger keeps USD' \
        close --db l.db --period 2026-02 --book eur.json --now 2026-04-01T00:00:00Z feb.csv
    expect_unchanged jan
    ;;

*)
    echo "unknown group: $group" >&2
    exit 2
    ;;
esac

finish
