-- tariff_rate gives the object `tariff charge --json` prints, for every book in books/ and
-- quantities around their tiers (cli_cases.tsv, written by running the program).
CREATE TABLE cli_cases (book jsonb, quantity numeric, cli jsonb);
\copy cli_cases FROM 'cli_cases.tsv'
SELECT count(*) AS cases, count(DISTINCT book) AS books,
       count(*) FILTER (WHERE tariff_rate(book, quantity) = cli) AS same
FROM cli_cases;
SELECT quantity, cli, tariff_rate(book, quantity) AS rate
FROM cli_cases WHERE tariff_rate(book, quantity) IS DISTINCT FROM cli;
