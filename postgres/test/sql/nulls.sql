-- STRICT: a NULL argument gives NULL without calling the function.
\set faceid `cat books/faceid.json`
SELECT tariff_charge(NULL, 1) IS NULL AS charge_book,
       tariff_charge(:'faceid', NULL) IS NULL AS charge_quantity,
       tariff_rate(NULL, 1) IS NULL AS rate_book,
       tariff_rate(:'faceid', NULL) IS NULL AS rate_quantity,
       tariff_check_book(NULL) IS NULL AS check_book;
-- NULL quantities among others: skipped by the aggregate, like any NULL.
SELECT count(*) AS rows, count(tariff_charge(:'faceid', q)) AS rated,
       sum(tariff_charge(:'faceid', q)) AS total
FROM (VALUES (1000), (NULL), (20000), (NULL), (300000)) v(q);
-- A JSON null is a value, not SQL NULL: it is not a price book.
SELECT tariff_check_book('null');
