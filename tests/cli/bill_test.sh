#!/usr/bin/env bash
# Runs `tariff bill` and checks its stdout, stderr and exit status.
#   bill_test.sh TARIFF BOOKS_DIR GROUP     GROUP: bill_periods | bill_rows | bill_threads | bill_arguments
# Expected bills are worked out by hand from the FaceID table (DESIGN section 1); the comments
# show the arithmetic.
tariff=$1
books=$2
group=$3

. "$(dirname "$0")/lib.sh"
cd "$work" || exit 2

# bill [--stdin FILE] ARGS...: runs `tariff bill ARGS`, stdin from FILE (default: empty).
bill() {
    if [[ $1 == --stdin ]]; then
        local file=$2
        shift 2
        run --stdin-file "$file" bill "$@"
    else
        run bill "$@"
    fi
}

# refused MESSAGE ARGS...: `tariff bill ARGS` exits 2, nothing on stdout, MESSAGE on stderr.
refused() { expect_refused "$1" bill "${@:2}"; }

header='account,period,calls,status,currency,total,balance_before,balance_after,service'

# Events near the ends of February 2024 (a leap year) in several offsets. In UTC:
#   alice  2024-01-31T23:59:59Z, 2024-02-01T00:00:00Z, 2024-03-01T00:30:00Z
#   bob    2024-02-29T23:59:59Z twice
#   Carol  2024-02-14T22:00:00Z      dave 2024-03-01T00:00:00Z      erin 2024-02-01T00:00:00Z
cat >events.csv <<'EOF'
account,timestamp,calls
alice,2024-01-31T23:59:59Z,100
alice,2024-02-01T00:00:00Z,900
alice,2024-02-29T23:30:00-01:00,1
bob,2024-02-29T23:59:59+00:00,20000
bob,2024-03-01T05:44:59+05:45,5
"Carol, Ltd",2024-02-15T12:00:00+14:00,200001
dave,2024-03-01T00:00:00Z,7
erin,2024-02-01T05:45:00+05:45,0
EOF
printf 'account,balance\r\nalice,400.00\r\nbob,6000\r\n"Carol, Ltd",-1.00\r\nfrank,12.5\r\n' >balances.csv

case $group in
bill_periods)
    # UTC: alice 900 x 0.40 = 360.00; bob 20005 x 0.30 = 6001.50; Carol reaches contact sales.
    # Byte order puts "Carol, Ltd" first. frank is named by the balances only.
    bill --period 2024-02 --balances balances.csv events.csv
    expect_rc 0
    expect_out "$header
\"Carol, Ltd\",2024-02,200001,quote_required,USD,,-1.00,-1.00,suspended
alice,2024-02,900,priced,USD,360.00,400.00,40.00,active
bob,2024-02,20005,priced,USD,6001.50,6000.00,-1.50,suspended
dave,2024-02,0,priced,USD,0.00,0.00,0.00,active
erin,2024-02,0,priced,USD,0.00,0.00,0.00,active
frank,2024-02,0,priced,USD,0.00,12.50,12.50,active"
    expect_err 'tariff bill: 3 events outside 2024-02 (UTC offset +00:00) ignored: 1 before, 2 after; 5 events billed'

    # Billed at +05:45 the month is [2024-01-31T18:15Z, 2024-02-29T18:15Z): alice has exactly
    # 1000 calls (400.00, her whole balance); both of bob's events fall in March.
    bill --period 2024-02 --utc-offset +05:45 --balances balances.csv events.csv
    expect_rc 0
    expect_out "$header
\"Carol, Ltd\",2024-02,200001,quote_required,USD,,-1.00,-1.00,suspended
alice,2024-02,1000,priced,USD,400.00,400.00,0.00,active
bob,2024-02,0,priced,USD,0.00,6000.00,6000.00,active
dave,2024-02,0,priced,USD,0.00,0.00,0.00,active
erin,2024-02,0,priced,USD,0.00,0.00,0.00,active
frank,2024-02,0,priced,USD,0.00,12.50,12.50,active"
    expect_err 'tariff bill: 4 events outside 2024-02 (UTC offset +05:45) ignored: 0 before, 4 after; 4 events billed'

    # Billed at -08:00 the month is [2024-02-01T08:00Z, 2024-03-01T08:00Z): alice keeps only her
    # 1 call (0.40), dave's 7 calls are February's (2.80), as JSON without balances.
    bill --period 2024-02 --utc-offset=-08:00 --json events.csv
    expect_rc 0
    expect_out '{"account": "Carol, Ltd", "period": "2024-02", "calls": 200001, "status": "quote_required", "currency": "USD", "total": null, "balance_before": "0.00", "balance_after": "0.00", "service": "active"}
{"account": "alice", "period": "2024-02", "calls": 1, "status": "priced", "currency": "USD", "total": "0.40", "balance_before": "0.00", "balance_after": "-0.40", "service": "suspended"}
{"account": "bob", "period": "2024-02", "calls": 20005, "status": "priced", "currency": "USD", "total": "6001.50", "balance_before": "0.00", "balance_after": "-6001.50", "service": "suspended"}
{"account": "dave", "period": "2024-02", "calls": 7, "status": "priced", "currency": "USD", "total": "2.80", "balance_before": "0.00", "balance_after": "-2.80", "service": "suspended"}
{"account": "erin", "period": "2024-02", "calls": 0, "status": "priced", "currency": "USD", "total": "0.00", "balance_before": "0.00", "balance_after": "0.00", "service": "active"}'
    expect_err 'tariff bill: 3 events outside 2024-02 (UTC offset -08:00) ignored: 3 before, 0 after; 5 events billed'

    # March in UTC: alice's 1 call and dave's 7; the rest is before.
    bill --period 2024-03 --json --balances balances.csv events.csv
    expect_rc 0
    expect_out '{"account": "Carol, Ltd", "period": "2024-03", "calls": 0, "status": "priced", "currency": "USD", "total": "0.00", "balance_before": "-1.00", "balance_after": "-1.00", "service": "suspended"}
{"account": "alice", "period": "2024-03", "calls": 1, "status": "priced", "currency": "USD", "total": "0.40", "balance_before": "400.00", "balance_after": "399.60", "service": "active"}
{"account": "bob", "period": "2024-03", "calls": 0, "status": "priced", "currency": "USD", "total": "0.00", "balance_before": "6000.00", "balance_after": "6000.00", "service": "active"}
{"account": "dave", "period": "2024-03", "calls": 7, "status": "priced", "currency": "USD", "total": "2.80", "balance_before": "0.00", "balance_after": "-2.80", "service": "suspended"}
{"account": "erin", "period": "2024-03", "calls": 0, "status": "priced", "currency": "USD", "total": "0.00", "balance_before": "0.00", "balance_after": "0.00", "service": "active"}
{"account": "frank", "period": "2024-03", "calls": 0, "status": "priced", "currency": "USD", "total": "0.00", "balance_before": "12.50", "balance_after": "12.50", "service": "active"}'
    expect_err_has '6 events outside 2024-03 (UTC offset +00:00) ignored: 6 before, 0 after; 2 events billed'

    # The events from stdin ("-") bill exactly as from the file; all in the month: no summary.
    bill --period 2024-02 --balances balances.csv events.csv
    cp out from_file
    bill --stdin events.csv --period 2024-02 --balances balances.csv -
    expect_rc 0
    checks=$((checks + 1))
    cmp -s out from_file || fail "stdin and file differ: $(diff from_file out)"
    printf 'account,timestamp,calls\nx,2024-02-10T00:00:00Z,1000\nx,2024-02-10T00:00:00Z,1\n' >feb.csv
    bill --stdin feb.csv --period 2024-02 -
    expect_rc 0
    expect_out "$header
x,2024-02,1001,priced,USD,350.35,0.00,-350.35,suspended"
    expect_err_empty

    # The balances may come from stdin when the events come from a file.
    bill --stdin balances.csv --period 2024-02 --balances - feb.csv
    expect_rc 0
    expect_out "$header
\"Carol, Ltd\",2024-02,0,priced,USD,0.00,-1.00,-1.00,suspended
alice,2024-02,0,priced,USD,0.00,400.00,400.00,active
bob,2024-02,0,priced,USD,0.00,6000.00,6000.00,active
frank,2024-02,0,priced,USD,0.00,12.50,12.50,active
x,2024-02,1001,priced,USD,350.35,0.00,-350.35,suspended"

    # A header and no rows, no balances: no accounts, just the header.
    printf 'account,timestamp,calls\n' >empty.csv
    bill --period 2024-02 empty.csv
    expect_rc 0
    expect_out "$header"
    bill --period 2024-02 --json empty.csv
    expect_rc 0
    expect_out_empty
    ;;

bill_rows)
    # Each bad row: exit 2, FILE:LINE: reason, nothing on stdout, even after good rows.
    good='account,timestamp,calls
a,2024-02-01T00:00:00Z,5
b,2024-02-02T00:00:00Z,6'
    bad_row() {  # ROW MESSAGE: ROW is line 4 of events.csv
        printf '%s\n%s\nc,2024-02-03T00:00:00Z,7\n' "$good" "$1" >bad.csv
        refused "tariff bill: bad.csv:4: $2" --period 2024-02 bad.csv
    }
    bad_row 'x,2024-02-10T10:00:00,1' 'invalid timestamp "2024-02-10T10:00:00": expected a UTC offset'
    bad_row 'x,2024-13-01T00:00:00Z,1' 'invalid timestamp "2024-13-01T00:00:00Z": month 13 is not 01-12'
    bad_row 'x,2023-02-29T00:00:00Z,1' 'invalid timestamp "2023-02-29T00:00:00Z": day 29 does not exist in 2023-02'
    bad_row 'x,2024-02-10T10:00:00Z,-5' 'invalid calls "-5": negative'
    bad_row 'x,2024-02-10T10:00:00Z,abc' 'invalid calls "abc": not a whole number'
    bad_row 'x,2024-02-10T10:00:00Z,1.0' 'invalid calls "1.0": not a whole number'
    bad_row 'x,2024-02-10T10:00:00Z,' 'invalid calls "": empty'
    bad_row 'x,2024-02-10T10:00:00Z,99999999999999999999' 'invalid calls "99999999999999999999": larger than 9223372036854775807'
    bad_row 'x,2024-02-10T10:00:00Z' 'expected 3 fields (account,timestamp,calls), found 2'
    bad_row 'x,2024-02-10T10:00:00Z,1,2' 'expected 3 fields (account,timestamp,calls), found 4'
    bad_row ',2024-02-10T10:00:00Z,1' 'invalid account "": empty'
    bad_row '"x,2024-02-10T10:00:00Z,1' 'field 1: no closing quote'
    # A row outside the month is checked as strictly as one inside it.
    bad_row 'x,2030-02-30T00:00:00Z,1' 'invalid timestamp "2030-02-30T00:00:00Z": day 30 does not exist'

    # The month's calls of one account overflow: refused at the row that overflows.
    printf 'account,timestamp,calls\na,2024-02-01T00:00:00Z,9223372036854775807\na,2024-02-02T00:00:00Z,1\n' >huge.csv
    refused 'tariff bill: huge.csv:3: calls of account "a" in 2024-02 exceed 9223372036854775807: 9223372036854775807 + 1' --period 2024-02 huge.csv

    # Bad headers.
    printf 'account,time,calls\na,2024-02-01T00:00:00Z,1\n' >bad.csv
    refused 'tariff bill: bad.csv:1: expected the header "account,timestamp,calls", found "account,time,calls"' --period 2024-02 bad.csv
    printf 'a,2024-02-01T00:00:00Z,1\n' >bad.csv
    refused 'tariff bill: bad.csv:1: expected the header "account,timestamp,calls", found "a,2024-02-01T00:00:00Z,1"' --period 2024-02 bad.csv
    : >bad.csv
    refused 'tariff bill: bad.csv:1: no header: expected "account,timestamp,calls"' --period 2024-02 bad.csv

    # Bad balances, with good events.
    bad_balance() {  # ROW MESSAGE: ROW is line 3 of bal.csv
        printf 'account,balance\nalice,1.00\n%s\n' "$1" >bal.csv
        refused "tariff bill: bal.csv:3: $2" --period 2024-02 --balances bal.csv events.csv
    }
    bad_balance 'bob,1.005' 'invalid balance "1.005": more than 2 fraction digits (USD has 2)'
    bad_balance 'bob,ten' 'invalid balance "ten": expected [+|-]digits[.digits]'
    bad_balance 'bob,' 'invalid balance "": empty, expected [+|-]digits[.digits]'
    bad_balance 'bob,1,2' 'expected 2 fields (account,balance), found 3'
    bad_balance 'alice,2.00' 'account "alice" already has a balance on line 2'
    printf 'account,amount\n' >bal.csv
    refused 'tariff bill: bal.csv:1: expected the header "account,balance", found "account,amount"' --period 2024-02 --balances bal.csv events.csv

    # From stdin the file is called stdin.
    printf 'account,timestamp,calls\na,2024-02-01T00:00:00Z,1\na,2024-02-01,1\n' >bad.csv
    bill --stdin bad.csv --period 2024-02 -
    expect_rc 2
    expect_out_empty
    expect_err 'tariff bill: stdin:3: invalid timestamp "2024-02-01": expected '"'T'"' at position 11'
    ;;

bill_threads)
    # Labelled "threads" too: the tsan preset runs it on a ThreadSanitizer build of tariff.
    # --threads N: the same bills, and the same first bad row, for every N.
    {
        echo 'account,timestamp,calls'
        for ((i = 0; i < 3000; i++)); do
            printf 'acct-%d,2024-02-%02dT%02d:00:00%s,%d\n' $((i % 41)) $((i % 29 + 1)) $((i % 24)) \
                "$([[ $((i % 3)) == 0 ]] && echo Z || echo +05:45)" $((i * 7 % 1000))
        done
    } >many.csv
    bill --period 2024-02 --threads 1 many.csv
    expect_rc 0
    cp out one_thread.out
    checks=$((checks + 1))
    [[ $(wc -l <one_thread.out) == 42 ]] || fail "expected 41 bills, got $(cat one_thread.out)"
    for n in 2 3 4; do
        bill --period 2024-02 --threads "$n" many.csv
        expect_rc 0
        checks=$((checks + 1))
        cmp -s out one_thread.out || fail "--threads $n bills differ from one thread's"
    done
    for line in 2 1500 1501 2999 3001; do
        sed "${line}s/.*/x,2024-02-30T00:00:00Z,1/; $((line + 200))s/.*/y,2024-02-01T00:00:00Z,-1/" \
            many.csv >many_bad.csv
        for n in 1 2 3; do
            refused "tariff bill: many_bad.csv:$line: invalid timestamp \"2024-02-30T00:00:00Z\": day 30 does not exist in 2024-02" \
                --period 2024-02 --threads "$n" many_bad.csv
        done
    done
    ;;

bill_arguments)
    refused 'tariff bill: --period YYYY-MM is required' events.csv
    refused 'tariff bill: --period: invalid billing period "2024-13": month 13 is not 01-12' --period 2024-13 events.csv
    refused 'tariff bill: --period: invalid billing period "2024-2": expected YYYY-MM' --period 2024-2 events.csv
    refused 'tariff bill: --period needs a value' events.csv --period
    refused 'tariff bill: --period given more than once' --period 2024-02 --period 2024-03 events.csv
    refused 'tariff bill: --utc-offset: invalid UTC offset "+5:45": expected +HH:MM or -HH:MM' --period 2024-02 --utc-offset +5:45 events.csv
    refused 'tariff bill: --utc-offset: invalid UTC offset "+24:00": hours must be 00-23' --period 2024-02 --utc-offset +24:00 events.csv
    refused 'tariff bill: --utc-offset: invalid UTC offset "Z"' --period 2024-02 --utc-offset Z events.csv
    refused 'tariff bill: an events file (or - for stdin) is required' --period 2024-02
    refused 'tariff bill: --threads: "0" is not a number of threads from 1 to 1024' --period 2024-02 --threads 0 events.csv
    refused 'tariff bill: --threads: "two" is not a number of threads from 1 to 1024' --period 2024-02 --threads two events.csv
    refused 'tariff bill: --threads needs a value' --period 2024-02 events.csv --threads
    refused 'tariff bill: more than one events file ("events.csv" and "other.csv")' --period 2024-02 events.csv other.csv
    refused 'tariff bill: unknown option "--bogus"' --period 2024-02 --bogus events.csv
    refused 'tariff bill: stdin (-) can hold the events or the balances, not both' --period 2024-02 --balances - -
    refused 'tariff bill: missing.csv: cannot open: No such file or directory' --period 2024-02 missing.csv
    refused 'tariff bill: missing.csv: cannot open: No such file or directory' --period 2024-02 --balances missing.csv events.csv
    mkdir -p adir
    refused 'tariff bill: adir: cannot read: Is a directory' --period 2024-02 adir
    refused "tariff bill: $books/bound_order.json: tiers[2].up_to: must be greater than 10000, not 10000" --period 2024-02 --book "$books/bound_order.json" events.csv

    # Another book: EUR, graduated, packages of 1000 requests, a 5.00 minimum (cli_test.sh has
    # the arithmetic: 10,500 requests are 7.95). The idle account pays the minimum.
    printf 'account,timestamp,calls\nx,2024-02-10T00:00:00Z,10500\nidle,2024-03-10T00:00:00Z,1\n' >storage.csv
    printf 'account,balance\nx,10\n' >eur.csv
    bill --period 2024-02 --book "$books/storage.json" --balances eur.csv storage.csv
    expect_rc 0
    expect_out "$header
idle,2024-02,0,priced,EUR,5.00,0.00,-5.00,suspended
x,2024-02,10500,priced,EUR,7.95,10.00,2.05,active"

    # Output that cannot be written (a full disk, a closed stdout) is exit 3: the bills are lost.
    expect_write_failure bill --period 2024-02 --balances balances.csv events.csv
    expect_write_failure bill --period 2024-02 --json events.csv
    # Names are echoed as a bounded prefix.
    long=$(printf 'x%.0s' {1..64})
    refused "tariff bill: more than one events file (\"events.csv\" and \"$long" --period 2024-02 events.csv "$long$long"
    refused "tariff bill: more than one events file (\"$long" --period 2024-02 "$long$long" events.csv
    expect_size_at_most err 400
    refused 'tariff bill: --book needs a FILE' --period 2024-02 events.csv --book
    refused 'tariff bill: --balances needs a FILE' --period 2024-02 --balances= events.csv

    bill --help
    expect_rc 0
    expect_err_empty
    checks=$((checks + 1))
    grep -qF 'usage: tariff bill --period YYYY-MM' out || fail "no usage on stdout"
    ;;

*)
    echo "unknown group: $group" >&2
    exit 2
    ;;
esac

finish
