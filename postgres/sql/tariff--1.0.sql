-- tariff 1.0: rating with price books (DESIGN §13). Loaded by CREATE EXTENSION tariff.
\echo Use "CREATE EXTENSION tariff" to load this file. \quit

-- Each function reads its book with tariff's reader (tariff's JSON format or a Stripe Price
-- object) and keeps the parsed book for the rest of the query. IMMUTABLE: the result depends on
-- the arguments only. STRICT: a NULL argument gives NULL. PARALLEL SAFE: workers rate too.

CREATE FUNCTION tariff_charge(book jsonb, quantity numeric) RETURNS numeric
    AS 'MODULE_PATHNAME', 'tariff_charge'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION tariff_charge(jsonb, numeric) IS
    'The total for a quantity under a price book, with the currency''s minor digits; NULL when the quantity needs a quote (contact sales)';

CREATE FUNCTION tariff_rate(book jsonb, quantity numeric) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'tariff_rate'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION tariff_rate(jsonb, numeric) IS
    'The charge for a quantity under a price book, as `tariff charge --json` prints it: status, total, lines, adjustment';

CREATE FUNCTION tariff_check_book(book jsonb) RETURNS text
    AS 'MODULE_PATHNAME', 'tariff_check_book'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION tariff_check_book(jsonb) IS
    'NULL when the price book is valid, else what is wrong with it and where (its JSON path)';

CREATE FUNCTION tariff_catalogue_charge(catalogue jsonb, product text, period text, quantity numeric)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'tariff_catalogue_charge'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION tariff_catalogue_charge(jsonb, text, text, numeric) IS
    'The total for a quantity of a catalogue''s product under the version in force in a period (YYYY-MM), with the currency''s minor digits; NULL when the quantity needs a quote';
