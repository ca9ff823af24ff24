#!/usr/bin/env bash
# Runs the built `tariff` program and checks its stdout, stderr and exit status.
#   cli_test.sh TARIFF BOOKS_DIR GROUP     GROUP: seed | stdin | books | arguments
# The expected values come from the FaceID price table (DESIGN section 1) and from hand
# calculation, never from the program itself.
tariff=$1
books=$2
group=$3

. "$(dirname "$0")/lib.sh"

faceid_json_total() {  # QUANTITY TOTAL: the line for a priced FaceID charge starts like this
    printf '{"quantity": %s, "status": "priced", "currency": "USD", "total": "%s", "mode": "volume", ' "$1" "$2"
}

case $group in
seed)
    run charge 0 1000 1001 20000 200000 200001
    expect_rc 0
    expect_err_empty
    expect_out 'FaceID liveness face comparison: 0 calls (volume, USD)
  total    0.00 USD

FaceID liveness face comparison: 1000 calls (volume, USD)
  tiers[0]  up to 1000  1000 x 0.40  400.00
  total                              400.00 USD

FaceID liveness face comparison: 1001 calls (volume, USD)
  tiers[1]  over 1000 up to 10000  1001 x 0.35  350.35
  total                                         350.35 USD

FaceID liveness face comparison: 20000 calls (volume, USD)
  tiers[2]  over 10000 up to 100000  20000 x 0.30  6000.00
  total                                            6000.00 USD

FaceID liveness face comparison: 200000 calls (volume, USD)
  tiers[3]  over 100000 up to 200000  200000 x 0.25  50000.00
  total                                              50000.00 USD

FaceID liveness face comparison: 200001 calls (volume, USD)
  tiers[4]  over 200000  200001 x contact sales  -
  total     quote required (contact sales)'

    run charge --json 0 1000 1001 20000 200000 200001
    expect_rc 0
    expect_err_empty
    expect_out "$(faceid_json_total 0 0.00)\"billable\": 0, \"subtotal\": \"0.00\", \"adjustment\": null, \"lines\": []}
$(faceid_json_total 1000 400.00)\"billable\": 1000, \"subtotal\": \"400.00\", \"adjustment\": null, \"lines\": [{\"tier\": 0, \"from\": 0, \"up_to\": 1000, \"units\": 1000, \"quote\": false, \"unit_price\": \"0.40\", \"flat_fee\": \"0.00\", \"amount\": \"400.00\"}]}
$(faceid_json_total 1001 350.35)\"billable\": 1001, \"subtotal\": \"350.35\", \"adjustment\": null, \"lines\": [{\"tier\": 1, \"from\": 1000, \"up_to\": 10000, \"units\": 1001, \"quote\": false, \"unit_price\": \"0.35\", \"flat_fee\": \"0.00\", \"amount\": \"350.35\"}]}
$(faceid_json_total 20000 6000.00)\"billable\": 20000, \"subtotal\": \"6000.00\", \"adjustment\": null, \"lines\": [{\"tier\": 2, \"from\": 10000, \"up_to\": 100000, \"units\": 20000, \"quote\": false, \"unit_price\": \"0.30\", \"flat_fee\": \"0.00\", \"amount\": \"6000.00\"}]}
$(faceid_json_total 200000 50000.00)\"billable\": 200000, \"subtotal\": \"50000.00\", \"adjustment\": null, \"lines\": [{\"tier\": 3, \"from\": 100000, \"up_to\": 200000, \"units\": 200000, \"quote\": false, \"unit_price\": \"0.25\", \"flat_fee\": \"0.00\", \"amount\": \"50000.00\"}]}
{\"quantity\": 200001, \"status\": \"quote_required\", \"currency\": \"USD\", \"total\": null, \"mode\": \"volume\", \"billable\": 200001, \"subtotal\": null, \"adjustment\": null, \"lines\": [{\"tier\": 4, \"from\": 200000, \"up_to\": null, \"units\": 200001, \"quote\": true, \"unit_price\": null, \"flat_fee\": null, \"amount\": null}]}"

    # The options may come after the quantities; leading zeros are digits too.
    run charge 020000 --json
    expect_rc 0
    expect_out_line "$(faceid_json_total 20000 6000.00)\"billable\": 20000, \"subtotal\": \"6000.00\", \"adjustment\": null, \"lines\": [{\"tier\": 2, \"from\": 10000, \"up_to\": 100000, \"units\": 20000, \"quote\": false, \"unit_price\": \"0.30\", \"flat_fee\": \"0.00\", \"amount\": \"6000.00\"}]}"

    run --version
    expect_rc 0
    expect_out 'tariff 0.1.0'
    for help in help --help; do
        run "$help"
        expect_rc 0
        expect_out_line 'usage: tariff <command> [arguments]'
        expect_err_empty
    done
    run charge --help
    expect_rc 0
    expect_out_line 'usage: tariff charge [--book FILE] [--json] [QUANTITY...]'

    # Output that cannot be written (a full disk, a closed stdout) is exit 3, never success.
    expect_write_failure charge 5
    expect_write_failure charge --json 0 1000 1001
    expect_write_failure charge --help
    expect_write_failure --help
    expect_write_failure --version
    ;;

stdin)
    # A bad line in the middle: reported with its line number, the others still rated, exit 1.
    # Line 4 is empty (skipped), line 5 ends in CR LF, the last line has no newline.
    input=$'1000\n1001\nabc\n\n20000\r\n-5\n 7\n200001'
    run --stdin "$input" charge --json
    expect_rc 1
    expect_out "$(faceid_json_total 1000 400.00)\"billable\": 1000, \"subtotal\": \"400.00\", \"adjustment\": null, \"lines\": [{\"tier\": 0, \"from\": 0, \"up_to\": 1000, \"units\": 1000, \"quote\": false, \"unit_price\": \"0.40\", \"flat_fee\": \"0.00\", \"amount\": \"400.00\"}]}
$(faceid_json_total 1001 350.35)\"billable\": 1001, \"subtotal\": \"350.35\", \"adjustment\": null, \"lines\": [{\"tier\": 1, \"from\": 1000, \"up_to\": 10000, \"units\": 1001, \"quote\": false, \"unit_price\": \"0.35\", \"flat_fee\": \"0.00\", \"amount\": \"350.35\"}]}
{\"line\": 3, \"input\": \"abc\", \"status\": \"error\", \"error\": \"not a quantity: plain decimal digits only (no sign, spaces, fraction or exponent)\"}
$(faceid_json_total 20000 6000.00)\"billable\": 20000, \"subtotal\": \"6000.00\", \"adjustment\": null, \"lines\": [{\"tier\": 2, \"from\": 10000, \"up_to\": 100000, \"units\": 20000, \"quote\": false, \"unit_price\": \"0.30\", \"flat_fee\": \"0.00\", \"amount\": \"6000.00\"}]}
{\"line\": 6, \"input\": \"-5\", \"status\": \"error\", \"error\": \"not a quantity: plain decimal digits only (no sign, spaces, fraction or exponent)\"}
{\"line\": 7, \"input\": \" 7\", \"status\": \"error\", \"error\": \"not a quantity: plain decimal digits only (no sign, spaces, fraction or exponent)\"}
{\"quantity\": 200001, \"status\": \"quote_required\", \"currency\": \"USD\", \"total\": null, \"mode\": \"volume\", \"billable\": 200001, \"subtotal\": null, \"adjustment\": null, \"lines\": [{\"tier\": 4, \"from\": 200000, \"up_to\": null, \"units\": 200001, \"quote\": true, \"unit_price\": null, \"flat_fee\": null, \"amount\": null}]}"
    expect_err_has 'tariff charge: stdin line 3: "abc": not a quantity'
    expect_err_has 'tariff charge: stdin line 6: "-5": not a quantity'

    # The same in text: invoices on stdout, the bad lines on stderr.
    run --stdin "$input" charge
    expect_rc 1
    expect_out_line '  total                              400.00 USD'
    expect_out_line '  total                                         350.35 USD'
    expect_out_line '  total                                            6000.00 USD'
    expect_out_line '  total     quote required (contact sales)'
    expect_err_has 'tariff charge: stdin line 3: "abc": not a quantity'
    expect_err_has 'tariff charge: stdin line 7: " 7": not a quantity'
    expect_err_has 'tariff charge: 3 lines of stdin could not be rated'

    # Too large for 2^63-1 is an error line, not a wrapped number; the largest still rates.
    run --stdin $'99999999999999999999\n9223372036854775808\n9223372036854775807\n' charge --json --book "$books/flat.json"
    expect_rc 1
    expect_out_line '{"line": 1, "input": "99999999999999999999", "status": "error", "error": "too large: the largest quantity is 9223372036854775807"}'
    expect_out_line '{"line": 2, "input": "9223372036854775808", "status": "error", "error": "too large: the largest quantity is 9223372036854775807"}'
    expect_out_line '{"quantity": 9223372036854775807, "status": "priced", "currency": "USD", "total": "3689348814741910322.80", "mode": "volume", "billable": 9223372036854775807, "subtotal": "3689348814741910322.80", "adjustment": null, "lines": [{"tier": 0, "from": 0, "up_to": null, "units": 9223372036854775807, "quote": false, "unit_price": "0.40", "flat_fee": "0.00", "amount": "3689348814741910322.80"}]}'

    # Control characters and bytes that are not UTF-8 stay valid JSON in "input".
    run --stdin $'1\x01\n\xff\n' charge --json
    expect_rc 1
    expect_out_line '{"line": 1, "input": "1\u0001", "status": "error", "error": "not a quantity: plain decimal digits only (no sign, spaces, fraction or exponent)"}'
    expect_out_line '{"line": 2, "input": "\ufffd", "status": "error", "error": "not a quantity: plain decimal digits only (no sign, spaces, fraction or exponent)"}'

    # A UTF-8 byte-order mark before the first line is skipped, as in the CSV files; anywhere
    # else it is a bad character.
    bom=$'\xEF\xBB\xBF'
    run --stdin "${bom}1000"$'\r\n'"${bom}5"$'\n' charge --json
    expect_rc 1
    expect_out "$(faceid_json_total 1000 400.00)\"billable\": 1000, \"subtotal\": \"400.00\", \"adjustment\": null, \"lines\": [{\"tier\": 0, \"from\": 0, \"up_to\": 1000, \"units\": 1000, \"quote\": false, \"unit_price\": \"0.40\", \"flat_fee\": \"0.00\", \"amount\": \"400.00\"}]}
{\"line\": 2, \"input\": \"${bom}5\", \"status\": \"error\", \"error\": \"not a quantity: plain decimal digits only (no sign, spaces, fraction or exponent)\"}"
    run --stdin "${bom}20000" charge
    expect_rc 0
    expect_err_empty
    expect_out_line '  total                                            6000.00 USD'

    # A huge bad line is echoed as a bounded prefix: its first 64 bytes, then "…" in JSON. Cut
    # before a character, never inside one (64 bytes end in the middle of the 22nd "é").
    long=$(printf 'x%.0s' {1..64})
    huge=$(printf "$long%.0s" {1..3000})  # 192,000 bytes
    run --stdin "$huge" charge --json
    expect_rc 1
    expect_out '{"line": 1, "input": "'"$long"'…", "status": "error", "error": "not a quantity: plain decimal digits only (no sign, spaces, fraction or exponent)"}'
    expect_err_has "tariff charge: stdin line 1: \"$long"
    expect_size_at_most err 400
    run --stdin "$(printf 'x\xC3\xA9%.0s' {1..3000})" charge --json
    expect_rc 1
    expect_out_line '{"line": 1, "input": "'"$(printf 'xé%.0s' {1..21})"'x…", "status": "error", "error": "not a quantity: plain decimal digits only (no sign, spaces, fraction or exponent)"}'
    expect_size_at_most err 400

    # Output that cannot be written stops the run: exit 3, not 0 or 1.
    seq 1 20000 >"$work/many"
    expect_write_failure --stdin-file "$work/many" charge --json
    printf '5\nabc\n' >"$work/some_bad"
    expect_write_failure --stdin-file "$work/some_bad" charge

    # All good: exit 0. Nothing at all: exit 0, no output.
    run --stdin $'1\n2\n' charge --json
    expect_rc 0
    expect_err_empty
    run --stdin '' charge
    expect_rc 0
    expect_out_empty
    ;;

books)
    # A book of every feature: graduated, EUR, half_even, packages of 1000 (rounded up), a fee,
    # a minimum, a price written as a JSON number. Hand calculation:
    #   0 requests: nothing used, the 5.00 minimum.
    #   10,500 requests = 11 packages: 10 x 0.50 = 5.00; 1 x 0.45 + 2.50 = 2.95; 7.95.
    #   250,000 requests = 250 packages: 5.00; 90 x 0.45 + 2.50 = 43.00;
    #   150 x 0.4125 = 61.875 -> 61.88 (half_even); 109.88.
    run charge --book "$books/storage.json" --json 0 10500 250000
    expect_rc 0
    expect_out '{"quantity": 0, "status": "priced", "currency": "EUR", "total": "5.00", "mode": "graduated", "billable": 0, "subtotal": "0.00", "adjustment": {"kind": "minimum", "limit": "5.00", "amount": "5.00"}, "lines": []}
{"quantity": 10500, "status": "priced", "currency": "EUR", "total": "7.95", "mode": "graduated", "billable": 11, "subtotal": "7.95", "adjustment": null, "lines": [{"tier": 0, "from": 0, "up_to": 10, "units": 10, "quote": false, "unit_price": "0.50", "flat_fee": "0.00", "amount": "5.00"}, {"tier": 1, "from": 10, "up_to": 100, "units": 1, "quote": false, "unit_price": "0.45", "flat_fee": "2.50", "amount": "2.95"}]}
{"quantity": 250000, "status": "priced", "currency": "EUR", "total": "109.88", "mode": "graduated", "billable": 250, "subtotal": "109.88", "adjustment": null, "lines": [{"tier": 0, "from": 0, "up_to": 10, "units": 10, "quote": false, "unit_price": "0.50", "flat_fee": "0.00", "amount": "5.00"}, {"tier": 1, "from": 10, "up_to": 100, "units": 90, "quote": false, "unit_price": "0.45", "flat_fee": "2.50", "amount": "43.00"}, {"tier": 2, "from": 100, "up_to": null, "units": 150, "quote": false, "unit_price": "0.4125", "flat_fee": "0.00", "amount": "61.88"}]}'
    run charge --book="$books/storage.json" 10500
    expect_rc 0
    expect_out 'Storage API: 10500 requests (graduated, EUR)
  billable 11 (whole packages)
  tiers[0]  up to 10           10 x 0.50        5.00
  tiers[1]  over 10 up to 100  1 x 0.45 + 2.50  2.95
  subtotal                                      7.95
  total                                         7.95 EUR'

    # A book gives the plural English has no rule for; one unit keeps the singular.
    run charge --book "$books/people.json" 5 1
    expect_rc 0
    expect_out 'Seats: 5 people (volume, USD)
  tiers[0]  all  5 x 2.00  10.00
  total                    10.00 USD

Seats: 1 person (volume, USD)
  tiers[0]  all  1 x 2.00  2.00
  total                    2.00 USD'

    # Each bad book: exit 2, the file and the JSON path on stderr, nothing on stdout. Quantity
    # arguments and stdin mode alike.
    refused "tariff charge: $books/unknown_key.json: discount: unknown key (a price book has name, unit, unit_plural, currency, mode, rounding, rounding_scope, package, minimum, maximum, tiers, guard, free_units, flat_fee_at_zero, quantity_scale)" charge --book "$books/unknown_key.json" 5
    refused "tariff charge: $books/bound_order.json: tiers[2].up_to: must be greater than 10000, not 10000" charge --book "$books/bound_order.json" 5
    refused "tariff charge: $books/quote_not_last.json: tiers[1].quote: only the last tier may be a quote (contact sales) tier" charge --book "$books/quote_not_last.json" --json 5
    refused "tariff charge: $books/min_above_max.json: minimum: 100.00 is above the maximum 50.00" charge --book "$books/min_above_max.json" 5
    refused "tariff charge: $books/minimum_too_fine.json: minimum: 9.999 is finer than USD's minor unit (2 fraction digits)" charge --book "$books/minimum_too_fine.json" 5
    refused "tariff charge: $books/unknown_currency.json: currency: \"ABC\" is not an active ISO 4217 currency code" charge --book "$books/unknown_currency.json" 5
    refused "tariff charge: $books/fraction_digits.json: tiers[0].unit_price: \"0.4000000000000000001\" has more than 18 fraction digits" charge --book "$books/fraction_digits.json" 5
    refused "tariff charge: $books/malformed.json: malformed JSON: parse error at line 1, column 44: syntax error while parsing object" charge --book "$books/malformed.json" 5
    refused "tariff charge: $books/no_such_book.json: cannot open: No such file or directory" charge --book "$books/no_such_book.json" 5
    refused "tariff charge: $books: cannot read: Is a directory" charge --book "$books" 5
    run --stdin $'5\n' charge --book "$books/bound_order.json"
    expect_rc 2
    expect_out_empty
    expect_err_has "tiers[2].up_to: must be greater than 10000, not 10000"
    ;;

arguments)
    for bad in -5 1e3 1.5 ' 7' '7 ' +7 0x10 1,000 -; do
        refused "tariff charge: quantity \"$bad\": not a quantity: plain decimal digits only (no sign, spaces, fraction or exponent)" charge "$bad"
        refused "tariff charge: quantity \"$bad\": not a quantity" charge --json 20000 "$bad"
    done
    refused 'tariff charge: quantity "": empty, expected plain decimal digits' charge ''
    refused "tariff charge: quantity \"99999999999999999999\": too large: the largest quantity is 9223372036854775807" charge 99999999999999999999
    refused "too large" charge 9223372036854775808
    refused 'tariff charge: unknown option "--bogus"' charge --bogus 5
    # Arguments are echoed as a bounded prefix too.
    long=$(printf 'x%.0s' {1..64})
    refused "tariff charge: quantity \"$long" charge "$(printf "$long%.0s" {1..100})"
    expect_size_at_most err 500
    refused "tariff charge: unknown option \"--${long:2}" charge "--$(printf "$long%.0s" {1..100})" 5
    expect_size_at_most err 500
    refused 'tariff charge: --book needs a FILE' charge --book
    refused 'tariff charge: --book needs a FILE' charge --book= 5
    refused 'tariff charge: --book given more than once' charge --book "$books/flat.json" --book "$books/flat.json" 5
    # After --, everything is a quantity.
    refused 'tariff charge: quantity "--json": not a quantity' charge -- --json
    refused 'tariff: unknown command "frobnicate"' frobnicate
    run
    expect_rc 2
    expect_out_empty
    expect_err_has 'usage: tariff <command> [arguments]'
    ;;

*)
    echo "unknown group: $group" >&2
    exit 2
    ;;
esac

finish
