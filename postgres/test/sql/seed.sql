-- The seed's FaceID book (DESIGN section 1) and a few books of other shapes, with totals worked
-- out by hand in the comments.
\set faceid `cat books/faceid.json`
\set storage `cat books/storage.json`
\set ocr `cat books/ocr_jpy.json`
\set stripe `cat books/stripe_graduated.json`

-- 20000 calls x 0.30 = 6000.00; the cliff at 1000/1001; over 200000: contact sales (NULL).
SELECT q AS calls, tariff_charge(:'faceid', q) AS total
FROM unnest(ARRAY[20000, 1000, 1001, 200001, 0, 1, 10000, 10001, 100000, 100001, 200000]::numeric[]) q;
SELECT tariff_charge(:'faceid', 20000) = 6000.00 AS "6000.00",
       tariff_charge(:'faceid', 1000) = 400.00 AS "400.00",
       tariff_charge(:'faceid', 1001) = 350.35 AS "350.35",
       tariff_charge(:'faceid', 200001) IS NULL AS quote_required;
-- Exactly the currency's minor digits, whatever the quantity's own scale.
SELECT tariff_charge(:'faceid', 20000)::text AS text, scale(tariff_charge(:'faceid', 20000)),
       tariff_charge(:'faceid', 20000.000) AS "20000.000", tariff_charge(:'faceid', 1e4) AS "1e4",
       tariff_charge(:'faceid', 20000::bigint) AS bigint;

-- The charge as `tariff charge --json` prints it (key order is jsonb's).
SELECT jsonb_pretty(tariff_rate(:'faceid', 20000));
SELECT tariff_rate(:'faceid', 200001);
SELECT tariff_rate(:'faceid', 0);
SELECT tariff_check_book(:'faceid') IS NULL AS valid;

-- JPY has no minor digits; floor rounding: 999 x 1.5 = 1498.5 -> 1498, 1000 x 1.5 = 1500,
-- 1001 x 1.25 + 300 = 1551.25 -> 1551.
SELECT q AS pages, tariff_charge(:'ocr', q) AS total, scale(tariff_charge(:'ocr', q))
FROM unnest(ARRAY[0, 999, 1000, 1001]::numeric[]) q;

-- Graduated, packages of 1000 (up), one rounding of the total (half_even), minimum 5.00,
-- maximum 20000.00:
--   0 and 1 request: under the minimum -> 5.00
--   5000000 = 5000 packages: 1.25 + 4900 x 0.0045 = 23.30
--   20000001 = 20001 packages: 1.25 + 9900 x 0.0045 + 10001 x 0.0032 = 77.8032 -> 77.80
--   10^10 = 10^7 packages: 32013.80, over the maximum -> 20000.00
SELECT q AS requests, tariff_charge(:'storage', q) AS total
FROM unnest(ARRAY[0, 1, 5000000, 20000001, 10000000000]::numeric[]) q;
SELECT jsonb_pretty(tariff_rate(:'storage', 20000001));
SELECT tariff_rate(:'storage', 0) -> 'adjustment' AS adjustment;

-- A Stripe Price object (amounts in cents, rounded once, half_up):
--   7: 5 x 5.00 + 2 x 4.005 = 33.01;  11: 25.00 + 20.025 + 1.00 + 25.00 = 71.025 -> 71.03
SELECT q AS quantity, tariff_charge(:'stripe', q) AS total
FROM unnest(ARRAY[0, 7, 11]::numeric[]) q;

-- Quantities up to 2^63-1; totals beyond int64 minor units are exact too.
SELECT tariff_charge('{"currency": "USD", "mode": "volume", "tiers": [{"up_to": "inf", "unit_price": "0.01"}]}',
                     9223372036854775807) AS "(2^63-1) x 0.01",
       tariff_charge('{"currency": "USD", "mode": "volume", "tiers": [{"up_to": "inf", "unit_price": "1000000.000001"}]}',
                     9223372036854775807) AS "(2^63-1) x 1000000.000001",
       tariff_charge('{"currency": "CLF", "mode": "volume", "tiers": [{"up_to": "inf", "unit_price": "0.00005"}]}',
                     3) AS "CLF 3 x 0.00005";

-- A book is read from jsonb's text: jsonb keeps the last of duplicate keys and turns a number
-- with an exponent into plain digits (4e-1 is 0.4), before tariff's reader sees them.
SELECT tariff_check_book('{"currency": "XYZ", "currency": "USD", "mode": "volume", "tiers": [{"up_to": "inf", "unit_price": 1}]}') IS NULL AS last_key_wins,
       tariff_charge('{"currency": "USD", "mode": "volume", "tiers": [{"up_to": "inf", "unit_price": 4e-1}]}', 1001) AS "1001 x 4e-1";

-- The cache of parsed books follows the book argument wherever it changes: a PL/pgSQL loop
-- evaluates one expression again with another book each time (FaceID, OCR, storage at 1001:
-- 350.35, 1551 JPY, the storage minimum 5.00) ...
CREATE FUNCTION pg_temp.rate_each(books jsonb[], quantity numeric) RETURNS numeric[]
LANGUAGE plpgsql AS $$
DECLARE
    b jsonb;
    totals numeric[] := '{}';
BEGIN
    FOREACH b IN ARRAY books LOOP
        totals := totals || tariff_charge(b, quantity);
    END LOOP;
    RETURN totals;
END $$;
SELECT pg_temp.rate_each(ARRAY[:'faceid', :'ocr', :'storage', :'faceid']::jsonb[], 1001);
-- ... and ten books taken in turn, more than a call site keeps (1000 x 1..10, ten times each:
-- 10 x 1000 x 55 = 550000.00).
SELECT sum(tariff_charge(jsonb_set(:'faceid', '{tiers,0,unit_price}', to_jsonb((i % 10 + 1)::text)), 1000)) AS total
FROM generate_series(1, 100) AS i;
