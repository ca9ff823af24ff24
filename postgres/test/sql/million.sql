-- A month of usage, 1,000,000 rows for 1000 accounts, rated in the query that aggregates it;
-- then the same queries with parallel workers.
\set faceid `cat books/faceid.json`
\set storage `cat books/storage.json`
SET max_parallel_workers_per_gather = 0;

-- Account a has about 300 x a calls in the month: every tier of the FaceID book is reached, and
-- the accounts above 200000 calls need a quote.
CREATE TABLE usage AS
SELECT i % 1000 AS account, ((i % 1000) * (i % 7) / 10)::bigint AS calls
FROM generate_series(1, 1000000) AS i;
ANALYZE usage;
-- Two plans whose books are stored out of line (TOAST): 10000 characters of name each.
CREATE TABLE plans (plan int PRIMARY KEY, book jsonb);
ALTER TABLE plans ALTER COLUMN book SET STORAGE EXTERNAL;
INSERT INTO plans
SELECT p, jsonb_set(CASE p WHEN 0 THEN :'faceid' ELSE :'storage' END::jsonb, '{name}',
                    to_jsonb(repeat('x', 10000)))
FROM generate_series(0, 1) AS p;
SELECT bool_and(pg_column_size(book) > 10000) AS out_of_line FROM plans;

-- The FaceID tiers in plain SQL, exact with numeric: an independent check.
CREATE FUNCTION pg_temp.faceid_in_sql(calls numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN calls <= 1000 THEN calls * 0.40
                WHEN calls <= 10000 THEN calls * 0.35
                WHEN calls <= 100000 THEN calls * 0.30
                WHEN calls <= 200000 THEN calls * 0.25 END $$;

-- Billing: one total per account.
CREATE TABLE bills AS
SELECT account, sum(calls) AS calls, tariff_charge(:'faceid', sum(calls)) AS total
FROM usage GROUP BY account;
SELECT count(*) AS accounts, count(total) AS priced, count(*) - count(total) AS quote_required,
       min(calls) AS fewest_calls, max(calls) AS most_calls, sum(total) AS billed,
       count(*) FILTER (WHERE total::text IS DISTINCT FROM pg_temp.faceid_in_sql(calls)::text) AS differ
FROM bills;
-- Tiers reached (NULL: no line, the account without calls).
SELECT array_agg(DISTINCT (tariff_rate(:'faceid', calls)->'lines'->0->>'tier')::int) AS tiers_used
FROM bills;

-- One call per row: a million rows, one book, parsed once (tariff reports each parse at DEBUG1;
-- every call site in a query keeps its own books).
SET client_min_messages = debug1;
SELECT sum(tariff_charge(:'faceid', calls * 337)) AS total FROM usage;
-- Two books in one call site: each parsed once.
SELECT count(tariff_charge(CASE WHEN account % 2 = 0 THEN :'faceid' ELSE :'storage' END::jsonb, calls)) AS priced
FROM usage;
-- Books stored out of line, joined to every row: each read once, known by its TOAST pointer;
-- the same books inline give the same total.
SELECT sum(tariff_charge(p.book, u.calls)) AS total
FROM usage u JOIN plans p ON p.plan = u.account % 2;
RESET client_min_messages;
SELECT sum(tariff_charge(p.book - 'name', u.calls)) AS total_inline
FROM usage u JOIN plans p ON p.plan = u.account % 2;
SELECT count(*) AS rows, count(tariff_charge(:'faceid', calls * 337)) AS priced,
       sum(pg_temp.faceid_in_sql(calls * 337)) AS total_in_sql,
       count(*) FILTER (WHERE tariff_charge(:'faceid', calls * 337) IS DISTINCT FROM
                              pg_temp.faceid_in_sql(calls * 337)) AS differ
FROM usage;

-- The same with parallel workers forced on.
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT account, sum(calls) AS calls, tariff_charge(:'faceid', sum(calls)) AS total
FROM usage GROUP BY account;
SELECT count(*) AS accounts, sum(p.total) AS billed,
       count(*) FILTER (WHERE p.total IS DISTINCT FROM b.total) AS differ
FROM (SELECT account, tariff_charge(:'faceid', sum(calls)) AS total FROM usage GROUP BY account) p
JOIN bills b USING (account);
-- Rated in the workers: the function runs under the Partial Aggregate.
EXPLAIN (COSTS OFF)
SELECT sum(tariff_charge(:'faceid', calls * 337)) FROM usage;
SELECT count(tariff_charge(:'faceid', calls * 337)) AS priced,
       sum(tariff_charge(:'faceid', calls * 337)) AS total
FROM usage;
-- An error in a worker reaches the client like any other.
SET parallel_leader_participation = off;
SELECT count(tariff_charge(:'faceid', -1 - calls * 0)) FROM usage;
RESET parallel_leader_participation;
SET force_parallel_mode = on;
EXPLAIN (COSTS OFF) SELECT tariff_charge(:'faceid', 20000 + calls * 0) FROM usage LIMIT 1;
SELECT tariff_charge(:'faceid', 20000 + calls * 0) FROM usage LIMIT 1;
SELECT tariff_rate(:'faceid', 1001 + calls * 0) -> 'total' AS total FROM usage LIMIT 1;
RESET force_parallel_mode;
