-- Random price books against the independent reference rater of the C++ tests
-- (tests/support/rating_reference.hpp): tariff_pg_random_cases wrote the books, the quantities
-- and what the reference says they cost into random_cases.tsv.
CREATE TABLE random_cases (id int PRIMARY KEY, book jsonb, quantity numeric, total numeric,
                           quote boolean, billable numeric, lines jsonb);
\copy random_cases FROM 'random_cases.tsv'

-- What the cases cover.
SELECT count(*) >= 10000 AS many_cases, count(DISTINCT book) >= 1000 AS many_books,
       count(*) FILTER (WHERE quote) > 300 AS quotes,
       count(*) FILTER (WHERE book->>'mode' = 'graduated') > 3000 AS graduated,
       count(DISTINCT book->>'currency') = 4 AS currencies,
       count(DISTINCT book->>'rounding') = 7 AS rounding_modes,
       count(*) FILTER (WHERE book->>'rounding_scope' = 'total') > 3000 AS total_scope,
       count(*) FILTER (WHERE book ? 'package') > 1000 AS packages,
       count(*) FILTER (WHERE book ? 'minimum' OR book ? 'maximum') > 1000 AS limits,
       count(*) FILTER (WHERE quantity > 4611686018427387903) > 50 AS near_int64_max,
       count(*) FILTER (WHERE total > 92233720368547758.07) > 50 AS beyond_int64_cents
FROM random_cases;

-- Totals differing from the reference, in value or in digits (none expected).
SELECT id, quantity, total AS want, tariff_charge(book, quantity) AS got
FROM random_cases
WHERE tariff_charge(book, quantity)::text IS DISTINCT FROM total::text;

-- Charges differing from the reference: status, quantity, billable, total, and each line's
-- tier, units and amount (none expected).
SELECT id, quantity
FROM random_cases c, LATERAL (SELECT tariff_rate(c.book, c.quantity) AS r) x
WHERE x.r->>'status' IS DISTINCT FROM CASE WHEN c.quote THEN 'quote_required' ELSE 'priced' END
   OR (x.r->>'quantity')::numeric IS DISTINCT FROM c.quantity
   OR (x.r->>'billable')::numeric IS DISTINCT FROM c.billable
   OR x.r->>'total' IS DISTINCT FROM c.total::text
   OR ARRAY(SELECT ARRAY[(l->>'tier')::numeric, (l->>'units')::numeric, (l->>'amount')::numeric]
            FROM jsonb_array_elements(x.r->'lines') WITH ORDINALITY AS e(l, n) ORDER BY n)
      IS DISTINCT FROM
      ARRAY(SELECT ARRAY[(l->>'tier')::numeric, (l->>'units')::numeric, (l->>'amount')::numeric]
            FROM jsonb_array_elements(c.lines) WITH ORDINALITY AS e(l, n) ORDER BY n);
