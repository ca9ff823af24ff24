#!/usr/bin/env bash
# Runs `tariff cliffs`, `tariff afford` and Stripe Price books through the built program and
# checks stdout, stderr and exit status.
#   insight_cli_test.sh TARIFF BOOKS_DIR GROUP     GROUP: cliffs | afford | stripe
# Expected values are worked out by hand from the books (FaceID: DESIGN section 1; Stripe's
# documented tiers: up to 5 at $5, 10 at $4, 15 at $3, 20 at $2, then $1), never taken from the
# program itself.
tariff=$1
books=$2
group=$3

. "$(dirname "$0")/lib.sh"

afford_json() {  # BUDGET MAX_QUANTITY [CURRENCY]
    printf '{"budget": "%s", "currency": "%s", "max_quantity": %s}' "$1" "${3:-USD}" "$2"
}

case $group in
cliffs)
    # FaceID: 1,000 x 0.40 = 400.00 > 350.35 = 1,001 x 0.35, cheaper up to 1,142 (399.70);
    # 10,000 x 0.35 = 3,500.00 > 3,000.30, up to 11,666 (3,499.80); 100,000 x 0.30 = 30,000.00 >
    # 25,000.25, up to 119,999 (29,999.75). 200,000 leads into contact sales: no cliff.
    ok cliffs --json
    expect_out '{"at": 1000, "cheaper_until": 1142, "charge_at": "400.00", "charge_after": "350.35"}' \
        '{"at": 10000, "cheaper_until": 11666, "charge_at": "3500.00", "charge_after": "3000.30"}' \
        '{"at": 100000, "cheaper_until": 119999, "charge_at": "30000.00", "charge_after": "25000.25"}'
    # Quantities in thousandths of a GB (quantity_scale 3) are written as GB: 10.500 GB x 2 =
    # 21.00 > 10.50 = 10.501 GB x 1, and up to 20.994 GB (20.99) costs less.
    ok cliffs --json --book "$books/storage_gb.json"
    expect_out '{"at": 10.500, "cheaper_until": 20.994, "charge_at": "21.00", "charge_after": "10.50"}'
    ok cliffs --book "$books/storage_gb.json"
    expect_out 'Storage (USD): 1 cliff, where more usage costs less' \
        '  10.500 GB: 21.00; 10.501 GB: 10.50 (10.50 less); 10.501 to 20.994 GB all cost less than 10.500 GB'
    ok cliffs
    expect_out 'FaceID liveness face comparison (USD): 3 cliffs, where more usage costs less' \
        '  1000 calls: 400.00; 1001 calls: 350.35 (49.65 less); 1001 to 1142 calls all cost less than 1000 calls' \
        '  10000 calls: 3500.00; 10001 calls: 3000.30 (499.70 less); 10001 to 11666 calls all cost less than 10000 calls' \
        '  100000 calls: 30000.00; 100001 calls: 25000.25 (4999.75 less); 100001 to 119999 calls all cost less than 100000 calls'
    # Graduated tiers never drop: no cliffs, and no JSON line.
    ok cliffs --book "$books/graduated.json"
    expect_out 'Graduated calls (USD): no cliffs: more usage never costs less'
    ok cliffs --json --book "$books/graduated.json"
    expect_out_empty
    # Free units above 100 after a 50.00 fee: 100 calls cost 100.00, every larger quantity 50.00.
    ok cliffs --json --book="$books/free_tail.json"
    expect_out '{"at": 100, "cheaper_until": null, "charge_at": "100.00", "charge_after": "50.00"}'
    ok cliffs --book "$books/free_tail.json"
    expect_out_has '  100 calls: 100.00; 101 calls: 50.00 (50.00 less); every quantity above 100 costs less than 100 calls'
    # A maximum of 500.00 leaves the 1,000 / 1,001 cliff as it is.
    ok cliffs --json --book "$books/capped.json"
    expect_out '{"at": 1000, "cheaper_until": 1142, "charge_at": "400.00", "charge_after": "350.35"}'
    refused 'unexpected argument "1000"' cliffs 1000
    refused 'unknown option "--budget"' cliffs --budget
    refused '--book needs a FILE' cliffs --book
    refused 'missing.json: cannot open' cliffs --book "$books/missing.json"
    ok cliffs --help
    expect_out_has 'usage: tariff cliffs [--book FILE] [--json]'
    # Output that cannot be written is exit 3; with nothing to write, a closed stdout is fine.
    expect_write_failure cliffs
    expect_write_failure cliffs --json
    last_command="tariff cliffs --json --book graduated.json >&-"
    "$tariff" cliffs --json --book "$books/graduated.json" >&- 2>"$work/err"
    rc=$?
    expect_rc 0
    expect_err_empty
    ;;
afford)
    # 1,142 x 0.35 = 399.70 <= 400.00 < 400.05 = 1,143 x 0.35.
    ok afford --json 400.00
    expect_out "$(afford_json 400.00 1142)"
    ok afford --json 400
    expect_out "$(afford_json 400.00 1142)"
    ok afford 400.00
    expect_out '400.00 USD buys at most 1142 calls a month (1142 calls cost 399.70 USD)'
    # 20.004 GB x 1.00 = 20.004, rounded half up to 20.00; 20.005 GB would cost 20.01.
    ok afford --json --book "$books/storage_gb.json" 20
    expect_out '{"budget": "20.00", "currency": "USD", "max_quantity": 20.004}'
    ok afford --book "$books/storage_gb.json" 20
    expect_out '20.00 USD buys at most 20.004 GB a month (20.004 GB cost 20.00 USD)'
    ok afford --json 6000
    expect_out "$(afford_json 6000.00 20000)"
    ok afford --json 0
    expect_out "$(afford_json 0.00 0)"
    ok afford --json 0.39
    expect_out "$(afford_json 0.39 0)"
    # Contact sales is never affordable: 200,000 calls (50,000.00) are the most any budget buys.
    ok afford --json 1000000.00
    expect_out "$(afford_json 1000000.00 200000)"
    # A minimum of 10.00: 9.99 buys nothing, 10.00 buys 25 calls (10.00).
    ok afford --json --book "$books/minimum.json" 9.99
    expect_out "$(afford_json 9.99 null)"
    ok afford --book "$books/minimum.json" 9.99
    expect_out '9.99 USD buys nothing: even zero usage costs 10.00 USD (the monthly minimum)'
    ok afford --json --book "$books/minimum.json" 10.00
    expect_out "$(afford_json 10.00 25)"
    # A maximum of 500.00 and no quote tier: 500.00 buys any quantity; 499.99 buys 1,428 (499.80).
    ok afford --json --book "$books/capped.json" 500
    expect_out "$(afford_json 500.00 '"inf"')"
    ok afford --book "$books/capped.json" 500
    expect_out '500.00 USD buys any quantity: no monthly charge exceeds it'
    ok afford --json --book "$books/capped.json" 499.99
    expect_out "$(afford_json 499.99 1428)"
    # Free units above 100 after a 50.00 fee: 50.00 buys any quantity, 49.99 buys 49 calls.
    ok afford --json --book "$books/free_tail.json" 50
    expect_out "$(afford_json 50.00 '"inf"')"
    ok afford --json --book "$books/free_tail.json" 49.99
    expect_out "$(afford_json 49.99 49)"
    # Graduated: 1,000 x 0.40 + 1,000 x 0.35 = 750.00.
    ok afford --json --book "$books/graduated.json" 750
    expect_out "$(afford_json 750.00 2000)"
    # JPY has no minor unit: 1,142 x 35 = 39,970.
    ok afford --json --book "$books/yen.json" 40000
    expect_out "$(afford_json 40000 1142 JPY)"
    refused 'budget "400.5" is finer than JPY'"'"'s minor unit (0 fraction digits)' afford --book "$books/yen.json" 400.5
    refused 'budget "400.001" is finer than USD'"'"'s minor unit (2 fraction digits)' afford 400.001
    refused 'budget "-5" is negative' afford -5
    refused 'budget "-0.01" is negative' afford --json -0.01
    # Minus zero is zero, not a negative budget.
    for zero in -0 -0.00 -00.0; do
        ok afford --json "$zero"
        expect_out "$(afford_json 0.00 0)"
    done
    ok afford -0
    expect_out '0.00 USD buys at most 0 calls a month (0 calls cost 0.00 USD)'
    refused 'budget "-0.001" is negative' afford -0.001
    refused 'budget "1e3" is not an amount' afford 1e3
    refused 'budget "+5" is not an amount' afford +5
    refused 'budget "1,000" is not an amount' afford 1,000
    refused 'budget ".5" is not an amount' afford .5
    refused 'budget "" is not an amount' afford ''
    refused 'budget " 5" is not an amount' afford ' 5'
    refused 'BUDGET is missing' afford --json
    refused 'one BUDGET only, not 2' afford 1 2
    refused 'missing.json: cannot open' afford --book "$books/missing.json" 5
    ok afford --help
    expect_out_has 'usage: tariff afford [--book FILE] [--json] BUDGET'
    expect_write_failure afford 400
    expect_write_failure afford --json 400
    ;;
stripe)
    # Stripe's documented volume totals: 6 units -> $24, 25 -> $25; graduated: 6 -> $29.
    ok charge --json --book "$books/stripe_volume.json" 6 25
    expect_out_has '{"quantity": 6, "status": "priced", "currency": "USD", "total": "24.00"'
    expect_out_has '{"quantity": 25, "status": "priced", "currency": "USD", "total": "25.00"'
    ok charge --json --book "$books/stripe_graduated.json" 6
    expect_out_has '{"quantity": 6, "status": "priced", "currency": "USD", "total": "29.00"'
    # $10 per 5 seats, rounded up: 5 -> $10, 6 -> $20.
    ok charge --json --book "$books/stripe_per_unit.json" 5 6
    expect_out_has '{"quantity": 5, "status": "priced", "currency": "USD", "total": "10.00"'
    expect_out_has '{"quantity": 6, "status": "priced", "currency": "USD", "total": "20.00"'
    # Cliffs of the documented volume tiers: 5 -> 25 > 24 (6); 10 -> 40 > 33 (11), up to 13 (39);
    # 15 -> 45 > 32 (16), up to 44 x $1; 20 -> 40 > 21 (21), up to 39.
    ok cliffs --json --book "$books/stripe_volume.json"
    expect_out '{"at": 5, "cheaper_until": 6, "charge_at": "25.00", "charge_after": "24.00"}' \
        '{"at": 10, "cheaper_until": 13, "charge_at": "40.00", "charge_after": "33.00"}' \
        '{"at": 15, "cheaper_until": 44, "charge_at": "45.00", "charge_after": "32.00"}' \
        '{"at": 20, "cheaper_until": 39, "charge_at": "40.00", "charge_after": "21.00"}'
    ok cliffs --book "$books/stripe_volume.json"
    expect_out_has 'Fonts (USD): 4 cliffs, where more usage costs less'
    expect_out_has '  5: 25.00; 6: 24.00 (1.00 less); only 6 costs less than 5'
    ok cliffs --json --book "$books/stripe_graduated.json"
    expect_out_empty
    # 24 units at $1 = $24; 25 cost $25.
    ok afford --json --book "$books/stripe_volume.json" 24
    expect_out "$(afford_json 24.00 24)"
    ok afford --json --book "$books/stripe_graduated.json" 29
    expect_out "$(afford_json 29.00 6)"
    # A book that names no unit counts units, with the verb agreeing: 1 unit costs 5.00.
    ok afford --book "$books/stripe_volume.json" 24
    expect_out '24.00 USD buys at most 24 units a month (24 units cost 24.00 USD)'
    ok afford --book "$books/stripe_volume.json" 5
    expect_out '5.00 USD buys at most 1 unit a month (1 unit costs 5.00 USD)'
    ok afford --book "$books/stripe_volume.json" 4.99
    expect_out '4.99 USD buys at most 0 units a month (0 units cost 0.00 USD)'
    ok afford 0.40
    expect_out '0.40 USD buys at most 1 call a month (1 call costs 0.40 USD)'

    refused 'stripe_bad_bounds.json: tiers[1].up_to: must be greater than 10, not 10' \
        cliffs --book "$books/stripe_bad_bounds.json"
    refused 'stripe_bad_bounds.json: tiers[1].up_to: must be greater than 10, not 10' \
        charge --book "$books/stripe_bad_bounds.json" 5
    ;;
*)
    echo "unknown group $group" >&2
    exit 2
    ;;
esac

finish
