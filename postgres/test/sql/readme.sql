-- The README's "Inside PostgreSQL" example, as written there.
\set faceid `cat books/faceid.json`
CREATE SCHEMA readme;
SET search_path = readme, public;
CREATE TABLE price_books (
    plan text PRIMARY KEY,
    book jsonb NOT NULL CHECK (tariff_check_book(book) IS NULL)
);
CREATE TABLE usage (account text, plan text REFERENCES price_books, at timestamptz, calls bigint);

INSERT INTO price_books VALUES ('faceid', :'faceid');
-- A book that is not valid is refused as it is stored.
INSERT INTO price_books VALUES ('broken', '{"currency": "USD", "mode": "volume", "tiers": []}');
INSERT INTO usage
SELECT account, 'faceid', timestamptz '2026-02-01 00:00:00+00' + (i % 27) * interval '1 day', calls
FROM (VALUES ('acme', 20000), ('globex', 1000), ('initech', 1001), ('umbrella', 200001)) a(account, total),
     generate_series(1, 10) AS i,
     LATERAL (SELECT total / 10 + CASE WHEN i <= total % 10 THEN 1 ELSE 0 END AS calls) c;
INSERT INTO usage VALUES ('acme', 'faceid', '2026-03-15 12:00:00+00', 99999);  -- March: not billed

-- February's bill per account: aggregated and rated in one query.
SELECT account, sum(calls) AS calls, tariff_charge(book, sum(calls)) AS total
FROM usage JOIN price_books USING (plan)
WHERE at >= '2026-02-01' AND at < '2026-03-01'
GROUP BY account, book
ORDER BY account;

-- The invoice lines of one account.
SELECT jsonb_pretty(tariff_rate(book, 20000)) FROM price_books WHERE plan = 'faceid';

-- How errors look.
SELECT tariff_charge(book, -5) FROM price_books WHERE plan = 'faceid';
SELECT tariff_charge('{"currency": "USD", "mode": "volume", "tiers": [{"up_to": 10, "unit_price": "1"}, {"up_to": 5, "unit_price": "1"}, {"up_to": "inf", "unit_price": "1"}]}', 1);
