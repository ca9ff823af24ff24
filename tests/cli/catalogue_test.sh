#!/usr/bin/env bash
# Runs the built `tariff` program on the keys of the second version (free units, the first
# tier's fee at zero, quantity scales) and on catalogues, checking stdout, stderr and exit status.
#   catalogue_test.sh TARIFF TESTS_CLI_DIR GROUP
#   GROUP: book_keys | catalogue_charge | catalogue_malformed | catalogue_bill
# Expected values are worked out by hand from the books in books/ and catalogues/.
tariff=$1
dir=$2
group=$3
books=$dir/books
catalogues=$dir/catalogues

. "$(dirname "$0")/lib.sh"

case $group in
book_keys)
    # storage_gb.json: 1.5 GB free, then 10 GB for a 2.00 fee, then 0.025 per GB; the fee is
    # billed at zero usage; quantities have three fraction digits.
    run charge --book "$books/storage_gb.json" 0
    expect_rc 0
    expect_err_empty
    expect_out 'Storage: 0.000 GB (graduated, USD)
  free 0.000 (monthly allowance)
  tiers[0]  up to 10.000  0.000 x 0.00 + 2.00  2.00
  total                                        2.00 USD'

    run charge --book "$books/storage_gb.json" --json 12.5
    expect_rc 0
    expect_err_empty
    expect_out '{"quantity": 12.500, "status": "priced", "currency": "USD", "total": "2.03", "mode": "graduated", "free": 1.500, "billable": 11.000, "subtotal": "2.03", "adjustment": null, "lines": [{"tier": 0, "from": 0.000, "up_to": 10.000, "units": 10.000, "quote": false, "unit_price": "0.00", "flat_fee": "2.00", "amount": "2.00"}, {"tier": 1, "from": 10.000, "up_to": null, "units": 1.000, "quote": false, "unit_price": "0.025", "flat_fee": "0.00", "amount": "0.03"}]}'

    # A quantity finer than the scale is refused as any bad quantity is.
    run charge --book "$books/storage_gb.json" 1.2345
    expect_rc 2
    expect_out_empty
    expect_err_has 'tariff charge: quantity "1.2345": not a quantity: plain decimal digits with at most 3 fraction digits'
    run charge --book "$books/storage_gb.json" 1e3
    expect_rc 2
    expect_out_empty

    # Stdin: the good lines are rated, the bad one reported.
    run --stdin $'1.5\n1.0001\n' charge --book "$books/storage_gb.json" --json
    expect_rc 1
    expect_out_has '{"quantity": 1.500, "status": "priced", "currency": "USD", "total": "2.00", "mode": "graduated", "free": 1.500, "billable": 0.000,'
    expect_out_has '{"line": 2, "input": "1.0001", "status": "error", "error": "not a quantity: plain decimal digits with at most 3 fraction digits'
    expect_err_has 'stdin line 2: "1.0001"'

    # Books without the new keys keep whole quantities.
    run charge 1.5
    expect_rc 2
    expect_err_has 'not a quantity: plain decimal digits only (no sign, spaces, fraction or exponent)'

    # The events CSV of a single book reads decimal calls at the book's scale.
    printf 'account,timestamp,calls\nacme,2025-03-01T00:00:00Z,1.25\nacme,2025-03-02T00:00:00Z,10.75\n' >"$work/events.csv"
    run bill --period 2025-03 --book "$books/storage_gb.json" "$work/events.csv"
    expect_rc 0
    expect_err_empty
    expect_out 'account,period,calls,status,currency,total,balance_before,balance_after,service
acme,2025-03,12.000,priced,USD,2.01,0.00,-2.01,suspended'
    run bill --period 2025-03 --book "$books/storage_gb.json" --json "$work/events.csv"
    expect_rc 0
    expect_out '{"account": "acme", "period": "2025-03", "calls": 12.000, "status": "priced", "currency": "USD", "total": "2.01", "balance_before": "0.00", "balance_after": "-2.01", "service": "suspended"}'
    printf 'account,timestamp,calls\nacme,2025-03-01T00:00:00Z,1.0001\n' >"$work/fine.csv"
    run bill --period 2025-03 --book "$books/storage_gb.json" "$work/fine.csv"
    expect_rc 2
    expect_out_empty
    expect_err_has 'fine.csv:2: invalid calls "1.0001": more than 3 fraction digits (the quantity scale)'
    ;;

catalogue_charge)
    c=$catalogues/catalogue.json
    # The price changed in July 2025: 1000 calls a month free from then on.
    run charge --catalogue "$c" --product liveness_face_comparison --period 2025-06 20000
    expect_rc 0
    expect_err_empty
    expect_out 'Liveness face comparison: 20000 calls (volume, USD)
  tiers[2]  over 10000 up to 100000  20000 x 0.30  6000.00
  total                                            6000.00 USD'
    run charge --catalogue "$c" --product liveness_face_comparison --period 2025-07 20000
    expect_rc 0
    expect_out 'Liveness face comparison: 20000 calls (volume, USD)
  free 1000 (monthly allowance)
  billable 19000
  tiers[2]  over 10000 up to 100000  19000 x 0.30  5700.00
  total                                            5700.00 USD'
    run charge --catalogue "$c" --product storage --period 2025-01 --json 12.5
    expect_rc 0
    expect_out '{"quantity": 12.500, "status": "priced", "currency": "USD", "total": "2.06", "mode": "graduated", "billable": 12.500, "subtotal": "2.06", "adjustment": null, "lines": [{"tier": 0, "from": 0.000, "up_to": 10.000, "units": 10.000, "quote": false, "unit_price": "0.00", "flat_fee": "2.00", "amount": "2.00"}, {"tier": 1, "from": 10.000, "up_to": null, "units": 2.500, "quote": false, "unit_price": "0.025", "flat_fee": "0.00", "amount": "0.06"}]}'
    # Quantities from stdin, at the product's scale.
    run --stdin $'0\n' charge --catalogue "$c" --product storage --period 2026-02 --json
    expect_rc 0
    expect_out_has '{"quantity": 0.000, "status": "priced", "currency": "USD", "total": "2.00",'

    run charge --catalogue "$c" --product face --period 2025-07 1
    expect_rc 2
    expect_out_empty
    expect_err 'tariff charge: no product "face" in the catalogue "FaceID"'
    run charge --catalogue "$c" --product storage --period 2024-12 1
    expect_rc 2
    expect_out_empty
    expect_err 'tariff charge: product "storage" has no price in 2024-12: its first version is in force from 2025-01'
    run charge --catalogue "$c" --product storage --period 2024-13 1
    expect_rc 2
    expect_out_empty
    expect_err_has 'invalid billing period "2024-13"'
    run charge --catalogue "$c" --product storage 1
    expect_rc 2
    expect_out_empty
    expect_err_has 'tariff charge: --catalogue needs --product ID and --period YYYY-MM'
    run charge --catalogue "$c" --book "$books/flat.json" --product storage --period 2025-01 1
    expect_rc 2
    expect_err_has 'tariff charge: --book and --catalogue cannot both be given'
    run charge --product storage 1
    expect_rc 2
    expect_err_has 'tariff charge: --product goes with --catalogue FILE'
    run charge --catalogue "$c" --product storage --period 2025-01 1.0001
    expect_rc 2
    expect_out_empty
    expect_err_has 'not a quantity: plain decimal digits with at most 3 fraction digits'
    run charge --catalogue "$catalogues/missing.json" --product storage --period 2025-01 1
    expect_rc 2
    expect_out_empty
    expect_err_has 'missing.json: cannot open'
    ;;

catalogue_malformed)
    # Every kind of malformed catalogue: exit 2, nothing on stdout, the JSON path on stderr.
    while IFS='|' read -r file message; do
        [[ -z $file ]] && continue
        run charge --catalogue "$catalogues/$file" --product ocr --period 2025-01 1
        expect_rc 2
        expect_out_empty
        expect_err_has "$file: $message"
        run bill --catalogue "$catalogues/$file" --period 2025-01 "$catalogues/events.csv"
        expect_rc 2
        expect_out_empty
        expect_err_has "$file: $message"
    done <<'EOF'
not_object.json|a catalogue must be a JSON object, not an array
unknown_key.json|colour: unknown key (a catalogue has name, currency, products)
missing_currency.json|currency: is required but missing
bad_currency.json|currency: "XXY" is not an active ISO 4217 currency code
missing_products.json|products: is required but missing
products_not_object.json|products: must be an object of products by id, not an array
no_products.json|products: must have at least one product
bad_product_id.json|products["ID Card"]: "ID Card" is not a product id
product_not_object.json|products.ocr: must be an object such as {"unit": "call", "versions": [...]}, not "cheap"
product_unknown_key.json|products.ocr.price: unknown key (a product has name, unit, unit_plural, versions)
no_versions.json|products.ocr.versions: is required but missing
empty_versions.json|products.ocr.versions: must list at least one version
version_not_object.json|products.ocr.versions[0]: must be an object with a version's pricing (mode, tiers, ...), not "v1"
version_unknown_key.json|products.ocr.versions[0].unit: unknown key (a version has mode, rounding
missing_effective_from.json|products.ocr.versions[1].effective_from: is required on every version but the first (YYYY-MM)
bad_effective_from.json|products.ocr.versions[0].effective_from: invalid billing period "2025-1": expected YYYY-MM
effective_from_order.json|products.ocr.versions[1].effective_from: must be after 2025-06 (versions[0]), not 2025-01
scale_differs.json|products.gb.versions[1].quantity_scale: 0 differs from versions[0]'s 3: every version of a product counts quantities alike
bad_tier.json|products.ocr.versions[0].tiers[1].up_to: must be greater than 10, not 5
bad_free_units.json|products.ocr.versions[0].free_units: must be an integer >= 0, not -5
duplicate_product.json|products.ocr: duplicate key
malformed.json|malformed JSON: parse error at line 1, column
EOF
    ;;

catalogue_bill)
    c=$catalogues/catalogue.json
    # July 2025: acme uses three products; beta's events fall outside the month, so beta pays
    # what zero usage costs (ID card OCR's minimum, Storage's fee billed at zero); gamma reaches
    # the quote tier, which holds its whole deduction.
    run bill --catalogue "$c" --period 2025-07 --balances "$catalogues/balances.csv" "$catalogues/events.csv"
    expect_rc 0
    expect_out 'account,period,product,quantity,free,billable,status,currency,total,balance_before,balance_after,service
acme,2025-07,id_card_ocr,150,0,150,priced,USD,12.50,,,
acme,2025-07,liveness_face_comparison,1500,1000,500,priced,USD,200.00,,,
acme,2025-07,storage,12.500,0.000,12.500,priced,USD,2.06,,,
acme,2025-07,,,,,priced,USD,214.56,0.00,-214.56,suspended
beta,2025-07,id_card_ocr,0,0,0,priced,USD,5.00,,,
beta,2025-07,storage,0.000,0.000,0.000,priced,USD,2.00,,,
beta,2025-07,,,,,priced,USD,7.00,10.00,3.00,active
gamma,2025-07,id_card_ocr,0,0,0,priced,USD,5.00,,,
gamma,2025-07,liveness_face_comparison,300000,1000,299000,quote_required,USD,,,,
gamma,2025-07,storage,0.000,0.000,0.000,priced,USD,2.00,,,
gamma,2025-07,,,,,quote_required,USD,,0.00,0.00,active'
    expect_err 'tariff bill: 2 events outside 2025-07 (UTC offset +00:00) ignored: 1 before, 1 after; 4 events billed'

    run bill --catalogue "$c" --period 2025-07 --balances "$catalogues/balances.csv" --json "$catalogues/events.csv"
    expect_rc 0
    expect_out_line '{"account": "beta", "period": "2025-07", "status": "priced", "currency": "USD", "total": "7.00", "balance_before": "10.00", "balance_after": "3.00", "service": "active", "products": [{"product": "id_card_ocr", "quantity": 0, "free": 0, "billable": 0, "status": "priced", "total": "5.00", "lines": []}, {"product": "storage", "quantity": 0.000, "free": 0.000, "billable": 0.000, "status": "priced", "total": "2.00", "lines": [{"tier": 0, "from": 0.000, "up_to": 10.000, "units": 0.000, "quote": false, "unit_price": "0.00", "flat_fee": "2.00", "amount": "2.00"}]}]}'
    expect_out_has '{"account": "gamma", "period": "2025-07", "status": "quote_required", "currency": "USD", "total": null, "balance_before": "0.00", "balance_after": "0.00", "service": "active", "products": [{"product": "id_card_ocr",'
    expect_out_has '{"product": "liveness_face_comparison", "quantity": 300000, "free": 1000, "billable": 299000, "status": "quote_required", "total": null, "lines": [{"tier": 4, "from": 200000, "up_to": null, "units": 299000, "quote": true,'
    expect_out_has '{"product": "storage", "quantity": 12.500, "free": 0.000, "billable": 12.500, "status": "priced", "total": "2.06", "lines": [{"tier": 0,'

    # June 2025: the version before the price change (no free calls), beta's last-second event.
    run bill --catalogue "$c" --period 2025-06 --balances "$catalogues/balances.csv" "$catalogues/events.csv"
    expect_rc 0
    expect_out 'account,period,product,quantity,free,billable,status,currency,total,balance_before,balance_after,service
acme,2025-06,id_card_ocr,0,0,0,priced,USD,5.00,,,
acme,2025-06,storage,0.000,0.000,0.000,priced,USD,2.00,,,
acme,2025-06,,,,,priced,USD,7.00,0.00,-7.00,suspended
beta,2025-06,id_card_ocr,0,0,0,priced,USD,5.00,,,
beta,2025-06,liveness_face_comparison,500,0,500,priced,USD,200.00,,,
beta,2025-06,storage,0.000,0.000,0.000,priced,USD,2.00,,,
beta,2025-06,,,,,priced,USD,207.00,10.00,-197.00,suspended
gamma,2025-06,id_card_ocr,0,0,0,priced,USD,5.00,,,
gamma,2025-06,storage,0.000,0.000,0.000,priced,USD,2.00,,,
gamma,2025-06,,,,,priced,USD,7.00,0.00,-7.00,suspended'

    # A product without a price in the period, or unknown, anywhere in the file: exit 2, nothing
    # printed, the message naming product and period.
    run bill --catalogue "$c" --period 2024-12 "$catalogues/events.csv"
    expect_rc 2
    expect_out_empty
    expect_err_has 'events.csv:4: product "storage" has no price in 2024-12: its first version is in force from 2025-01'
    printf 'account,product,timestamp,quantity
acme,storage,2025-07-01T00:00:00Z,1
zed,faceid,2025-01-01T00:00:00Z,1
' >"$work/unknown.csv"
    run bill --catalogue "$c" --period 2025-07 "$work/unknown.csv"
    expect_rc 2
    expect_out_empty
    expect_err_has 'unknown.csv:3: product "faceid" has no price in 2025-07: the catalogue has no such product'
    printf 'account,product,timestamp,quantity
acme,storage,2025-07-01T00:00:00Z,1.0005
' >"$work/fine.csv"
    run bill --catalogue "$c" --period 2025-07 "$work/fine.csv"
    expect_rc 2
    expect_out_empty
    expect_err_has 'fine.csv:2: invalid quantity "1.0005": more than 3 fraction digits (the quantity scale)'
    printf 'account,timestamp,calls
acme,2025-07-01T00:00:00Z,1
' >"$work/three.csv"
    run bill --catalogue "$c" --period 2025-07 "$work/three.csv"
    expect_rc 2
    expect_out_empty
    expect_err_has 'three.csv:1: expected the header "account,product,timestamp,quantity"'
    run bill --catalogue "$c" --book "$books/flat.json" --period 2025-07 "$catalogues/events.csv"
    expect_rc 2
    expect_err_has 'tariff bill: --book and --catalogue cannot both be given'
    ;;

*)
    echo "unknown group: $group" >&2
    exit 2
    ;;
esac

finish
