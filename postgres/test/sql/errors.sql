-- Every kind of bad input raises an error with its SQLSTATE, and the server stays up.
\set faceid `cat books/faceid.json`
SELECT pg_postmaster_start_time() AS started, pg_backend_pid() AS backend \gset

-- How an error looks to a client:
SELECT tariff_charge(:'faceid', -5);
SELECT tariff_charge('{"currency": "USD", "mode": "volume", "tiers": [{"up_to": 10, "unit_price": "1"}, {"up_to": 5, "unit_price": "1"}, {"up_to": "inf", "unit_price": "1"}]}', 1);

-- The rest as "SQLSTATE: message", caught in PL/pgSQL.
CREATE FUNCTION pg_temp.error_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- Invalid books: 22023 with the JSON path, from every function that reads a book.
CREATE TABLE bad_books (problem text, book jsonb);
INSERT INTO bad_books VALUES
    ('not an object', '[1, 2]'),
    ('missing key', '{"currency": "USD", "mode": "volume"}'),
    ('unknown key', '{"currency": "USD", "mode": "volume", "tier": []}'),
    ('unknown currency', '{"currency": "XYZ", "mode": "volume", "tiers": [{"up_to": "inf", "unit_price": "1"}]}'),
    ('bad mode', '{"currency": "USD", "mode": "stairs", "tiers": [{"up_to": "inf", "unit_price": "1"}]}'),
    ('bounds out of order', '{"currency": "USD", "mode": "volume", "tiers": [{"up_to": 10, "unit_price": "1"}, {"up_to": 5, "unit_price": "1"}, {"up_to": "inf", "unit_price": "1"}]}'),
    ('bad price', '{"currency": "USD", "mode": "volume", "tiers": [{"up_to": "inf", "unit_price": "0.4O"}]}'),
    ('negative price', '{"currency": "USD", "mode": "volume", "tiers": [{"up_to": "inf", "unit_price": -1}]}'),
    ('too many fraction digits', '{"currency": "USD", "mode": "volume", "tiers": [{"up_to": "inf", "unit_price": "0.0000000000000000001"}]}'),
    ('quote tier not last', '{"currency": "USD", "mode": "volume", "tiers": [{"up_to": 10, "quote": true}, {"up_to": "inf", "unit_price": "1"}]}'),
    ('minimum finer than a cent', '{"currency": "USD", "mode": "volume", "minimum": "0.001", "tiers": [{"up_to": "inf", "unit_price": "1"}]}'),
    ('package size 0', '{"currency": "USD", "mode": "volume", "package": {"size": 0}, "tiers": [{"up_to": "inf", "unit_price": "1"}]}'),
    ('bound beyond int64', '{"currency": "USD", "mode": "volume", "tiers": [{"up_to": 9223372036854775808, "unit_price": "1"}, {"up_to": "inf", "unit_price": "1"}]}'),
    ('Stripe: bad tiers_mode', '{"object": "price", "billing_scheme": "tiered", "currency": "usd", "tiers_mode": "stairs", "tiers": [{"up_to": null, "unit_amount": 1}]}');
SELECT problem, tariff_check_book(book) AS message,
       pg_temp.error_of(format('SELECT tariff_charge(%L, 1)', book)) = '22023: ' || tariff_check_book(book) AS charge,
       pg_temp.error_of(format('SELECT tariff_rate(%L, 1)', book)) = '22023: ' || tariff_check_book(book) AS rate
FROM bad_books ORDER BY problem;

-- Bad quantities: 22023 naming the problem, 22003 beyond the engine's range; tariff_rate says
-- the same.
SELECT q AS quantity, pg_temp.error_of(format('SELECT tariff_charge(%L, %L::numeric)', :'faceid', q)) AS charge,
       pg_temp.error_of(format('SELECT tariff_rate(%L, %L::numeric)', :'faceid', q))
       = pg_temp.error_of(format('SELECT tariff_charge(%L, %L::numeric)', :'faceid', q)) AS rate
FROM unnest(ARRAY['-5', '-0.5', '1.5', '20000.01', 'NaN', 'Infinity', '-Infinity',
                  '9223372036854775808', '1e40', '123456789012345678901234567890123456789012345678901234567890']) q;

-- A total beyond what numeric holds (131072 digits before the decimal point): 22003.
SELECT pg_temp.error_of(format('SELECT tariff_charge(%L, 1000)',
    jsonb_build_object('currency', 'USD', 'mode', 'volume',
        'tiers', jsonb_build_array(jsonb_build_object('up_to', 'inf', 'unit_price', repeat('9', 131071)))))) AS beyond_numeric;
-- Below that, totals of any size are exact: 1000 x (10^1000 - 1), checked with numeric.
SELECT tariff_charge(jsonb_build_object('currency', 'USD', 'mode', 'volume',
           'tiers', jsonb_build_array(jsonb_build_object('up_to', 'inf', 'unit_price', repeat('9', 1000)))), 1000)
       = repeat('9', 1000)::numeric * 1000 AS exact;

-- Errors in the middle of a scan leave nothing behind: the same session rates on.
SELECT pg_temp.error_of(format('SELECT sum(tariff_charge(%L, q)) FROM unnest(ARRAY[1, 2, -3, 4]::numeric[]) q', :'faceid')) AS mid_scan;
SELECT tariff_charge(:'faceid', 20000) AS after_errors;
SELECT pg_postmaster_start_time() = :'started' AS same_server, pg_backend_pid() = :backend AS same_session;
