-- tariff_catalogue_charge: a product's total under the version in force in a period, with
-- totals worked out by hand in the comments (catalogues/catalogue.json).
\set catalogue `cat catalogues/catalogue.json`

-- Liveness: up to 2025-06 the seed's volume tiers; from 2025-07 the same tiers after 1000 free
-- calls.  2025-06 and before: 20000 x 0.30 = 6000.00, 1000 x 0.40 = 400.00, 2001 x 0.35 = 700.35,
--   over 200000 contact sales.
--   2025-07: 19000 x 0.30 = 5700.00; 1000 all free = 0.00; 1001 x 0.35 = 350.35;
--   200000 x 0.25 = 50000.00; 200001 billable: contact sales.
SELECT period, q AS calls,
       tariff_catalogue_charge(:'catalogue', 'liveness_face_comparison', period, q) AS total
FROM unnest(ARRAY['2024-01', '2025-06', '2025-07', '2026-12']) period,
     unnest(ARRAY[20000, 1000, 2001, 201000, 201001]::numeric[]) q
ORDER BY period, q;

-- OCR has one version, from the beginning of time: graduated, minimum 5.00.
--   10: 1.00 -> 5.00;  50: 5.00;  200: 100 x 0.10 + 100 x 0.05 = 15.00
SELECT q AS calls, tariff_catalogue_charge(:'catalogue', 'id_card_ocr', '1999-12', q) AS total
FROM unnest(ARRAY[10, 50, 200]::numeric[]) q;

-- Storage counts thousandths of a GB (quantity_scale 3), bills its first tier's fee at zero.
--   0: 2.00;  12.5: 2.00 + 2.5 x 0.025 = 2.0625 -> 2.06;  10.001: 2.000025 -> 2.00
SELECT q AS gb, tariff_catalogue_charge(:'catalogue', 'storage', '2025-01', q) AS total
FROM unnest(ARRAY[0, 12.5, 10.001]::numeric[]) q;

-- Every product, period and quantity agrees with tariff_charge under the version's own book
-- (the version's keys and the catalogue's currency).
WITH versions AS (
    SELECT p.key AS product, v.value - 'effective_from' || jsonb_build_object('currency', :'catalogue'::jsonb -> 'currency') AS book,
           v.value ->> 'effective_from' AS effective_from
    FROM jsonb_each(:'catalogue'::jsonb -> 'products') p,
         jsonb_array_elements(p.value -> 'versions') WITH ORDINALITY v
), cases AS (
    SELECT product, book, coalesce(effective_from, '2000-01') AS period, q
    FROM versions, generate_series(0, 250000, 997) q
)
SELECT count(*) AS cases,
       count(*) FILTER (WHERE tariff_catalogue_charge(:'catalogue', product, period, q)
                              IS DISTINCT FROM tariff_charge(book, q)) AS disagreements
FROM cases;

-- Bad input names what is wrong (SQLSTATE 22023).
\set VERBOSITY sqlstate
SELECT tariff_catalogue_charge(:'catalogue', 'ocr', '2025-01', 1);
\set VERBOSITY default
SELECT tariff_catalogue_charge(:'catalogue', 'ocr', '2025-01', 1);
SELECT tariff_catalogue_charge(:'catalogue', 'storage', '2024-12', 1);
SELECT tariff_catalogue_charge(:'catalogue', 'storage', '2025-13', 1);
SELECT tariff_catalogue_charge(:'catalogue', 'storage', 'January', 1);
SELECT tariff_catalogue_charge(:'catalogue', 'storage', '2025-01', 0.0005);
SELECT tariff_catalogue_charge(:'catalogue', 'id_card_ocr', '2025-01', 1.5);
SELECT tariff_catalogue_charge(:'catalogue', 'id_card_ocr', '2025-01', -1);
SELECT tariff_catalogue_charge('{"currency": "USD", "products": {}}', 'storage', '2025-01', 1);
SELECT tariff_catalogue_charge('{"currency": "USD"}', 'storage', '2025-01', 1);
-- NULL in, NULL out (STRICT).
SELECT tariff_catalogue_charge(:'catalogue', NULL, '2025-01', 1) IS NULL AS null_product;

-- A catalogue is read once per query, not once per row.
SET client_min_messages = debug1;
SELECT count(tariff_catalogue_charge(:'catalogue', 'liveness_face_comparison', '2025-07', q))
FROM generate_series(1, 10000) q;
RESET client_min_messages;
