// Writes random price books, quantities and what they cost, as rows for the extension's test
// random_books.sql to load with \copy (tab-separated, COPY's text format):
//
//   case  book (JSON)  quantity  total (minor digits, \N when quote_required)  quote (t|f)
//   billable  lines (JSON: [{"tier", "units", "amount"}], amount null on a quote line)
//
// The expected columns come from the independent reference rater in
// tests/support/rating_reference.hpp, which shares no code with tariff, so the test compares the
// extension with a second implementation, not with itself. Deterministic: mt19937_64 with a
// fixed seed, and no standard distributions (their output is implementation-defined).
//
// usage: tariff_pg_random_cases [SEED [BOOKS]] > random_cases.tsv

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

#include "support/random_tables.hpp"
#include "support/rating_reference.hpp"

namespace {

namespace ref = rating_reference;
using random_tables::random_source;

/// A decimal in a book: a JSON string or a JSON number, both read exactly.
std::string json_decimal(random_source& rnd, const ref::number& n) {
    return rnd.chance(50) ? "\"" + n.to_text() + "\"" : n.to_text();
}

/// The table as a price book in tariff's JSON format, written in one of its equivalent forms.
std::string book_json(random_source& rnd, const random_tables::random_case& rc) {
    const ref::table_spec& spec = rc.spec;
    std::string json = "{\"currency\": \"" + std::string(rc.currency_code) + "\", \"mode\": \"" +
                       (spec.graduated ? "graduated" : "volume") + "\", \"rounding\": \"" +
                       ref::name(spec.rounding) + "\", \"rounding_scope\": \"" +
                       (spec.round_total ? "total" : "line") + "\"";
    if (spec.package_size) {
        json += ", \"package\": {\"size\": " + std::to_string(*spec.package_size) +
                ", \"round\": \"" + (spec.package_up ? "up" : "down") + "\"}";
    }
    if (spec.minimum) json += ", \"minimum\": " + json_decimal(rnd, *spec.minimum);
    if (spec.maximum) json += ", \"maximum\": " + json_decimal(rnd, *spec.maximum);
    if (rnd.chance(30)) json += ", \"name\": \"Random book\", \"unit\": \"request\"";
    json += ", \"tiers\": [";
    for (std::size_t i = 0; i < spec.tiers.size(); ++i) {
        const ref::tier_spec& t = spec.tiers[i];
        json += (i == 0 ? "{\"up_to\": " : ", {\"up_to\": ") +
                (t.up_to ? t.up_to->to_text() : std::string("\"inf\""));
        if (t.quote) {
            json += ", \"quote\": true}";
            continue;
        }
        json += ", \"unit_price\": " + json_decimal(rnd, t.unit_price);
        if (!t.flat_fee.is_zero() || rnd.chance(20))
            json += ", \"flat_fee\": " + json_decimal(rnd, t.flat_fee);
        json += "}";
    }
    return json + "]}";
}

/// `n` with exactly `digits` fraction digits (n has at most that many significant ones).
std::string at_digits(const ref::number& n, int digits) {
    const std::optional<ref::integer> raw = n.raw_at(digits);
    if (!raw) {
        std::cerr << "random_cases: " << n.to_text() << " is finer than " << digits << " digits\n";
        std::exit(1);
    }
    return ref::number(*raw, digits).to_text();
}

}  // namespace

int main(int argc, char** argv) {
    const std::uint64_t seed = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 20260315;
    const long books = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 1500;
    random_source rnd(seed);
    random_tables::options options;
    options.price_fraction_digits = 18;  // all a book holds
    std::string out;
    long row = 0;
    for (long i = 0; i < books; ++i) {
        const random_tables::random_case rc = random_tables::make_case(rnd, options);
        const std::string json = book_json(rnd, rc);
        for (const ref::number& quantity : rc.quantities) {
            const ref::result r = ref::rate(rc.spec, quantity);
            std::string lines = "[";
            for (const ref::line& l : r.lines) {
                if (lines.size() > 1) lines += ", ";
                lines += "{\"tier\": " + std::to_string(l.tier) +
                         ", \"units\": " + l.units.to_text() + ", \"amount\": " +
                         (l.quote ? std::string("null") : "\"" + l.amount.to_text() + "\"") + "}";
            }
            lines += "]";
            out += std::to_string(++row) + '\t' + json + '\t' + quantity.to_text() + '\t' +
                   (r.total ? at_digits(*r.total, rc.spec.minor_units) : std::string("\\N")) +
                   '\t' + (r.quote_required ? "t" : "f") + '\t' + r.billable.to_text() + '\t' +
                   lines + '\n';
        }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
}
