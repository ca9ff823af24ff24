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
#include <random>
#include <string>
#include <vector>

#include "support/rating_reference.hpp"

namespace {

namespace ref = rating_reference;

class random_source {
public:
    explicit random_source(std::uint64_t seed) : engine_(seed) {}
    /// Uniform in [lo, hi] (modulo bias is irrelevant here).
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
        return lo + static_cast<std::int64_t>(span == 0 ? engine_() : engine_() % span);
    }
    bool chance(int percent) { return between(1, 100) <= percent; }
    /// Up to `whole` integer digits and exactly `fraction` fraction digits.
    std::string decimal(int whole, int fraction) {
        std::string s = whole == 0 ? "0" : std::to_string(between(0, pow10(whole) - 1));
        if (fraction > 0) {
            s += '.';
            for (int i = 0; i < fraction; ++i) s += static_cast<char>('0' + between(0, 9));
        }
        return s;
    }
    static std::int64_t pow10(int n) {
        std::int64_t r = 1;
        for (int i = 0; i < n; ++i) r *= 10;
        return r;
    }

private:
    std::mt19937_64 engine_;
};

struct currency_choice {
    const char* code;
    int minor_units;
};
constexpr currency_choice currencies[] = {{"JPY", 0}, {"USD", 2}, {"BHD", 3}, {"CLF", 4}};

/// A decimal in a book: a JSON string or a JSON number, both read exactly.
std::string json_decimal(random_source& rnd, const ref::number& n) {
    return rnd.chance(50) ? "\"" + n.to_text() + "\"" : n.to_text();
}

struct book_case {
    ref::table_spec spec;
    std::string json;
    std::vector<std::int64_t> quantities;
};

book_case make_book(random_source& rnd) {
    book_case bc;
    ref::table_spec& spec = bc.spec;
    const currency_choice& cur = currencies[rnd.between(0, 3)];
    spec.minor_units = cur.minor_units;
    spec.graduated = rnd.chance(50);
    spec.rounding = ref::all_round_modes[rnd.between(0, 6)];
    spec.round_total = rnd.chance(50);

    const auto tiers = static_cast<std::size_t>(rnd.between(1, 8));
    const int step_digits = static_cast<int>(rnd.between(0, 9));
    std::vector<std::int64_t> bounds;
    std::int64_t bound = 0;
    for (std::size_t i = 0; i + 1 < tiers; ++i) {
        bound += rnd.between(1, random_source::pow10(step_digits));
        bounds.push_back(bound);
    }
    const bool quote = rnd.chance(25);
    std::string tiers_json;
    for (std::size_t i = 0; i < tiers; ++i) {
        ref::tier_spec t;
        std::string tier = "{\"up_to\": ";
        if (i < bounds.size()) {
            t.up_to = ref::number::whole(bounds[i]);
            tier += std::to_string(bounds[i]);
        } else {
            tier += "\"inf\"";
        }
        if (i + 1 == tiers && quote) {
            t.quote = true;
            tier += ", \"quote\": true";
        } else {
            // Prices of every size: up to 4 integer digits and 18 fraction digits, or zero.
            t.unit_price =
                rnd.chance(5)
                    ? ref::number()
                    : ref::number::parse(rnd.decimal(static_cast<int>(rnd.between(0, 4)),
                                                     static_cast<int>(rnd.between(0, 18))));
            tier += ", \"unit_price\": " + json_decimal(rnd, t.unit_price);
            if (rnd.chance(40)) {
                t.flat_fee = ref::number::parse(rnd.decimal(static_cast<int>(rnd.between(0, 4)),
                                                            static_cast<int>(rnd.between(0, 12))));
                tier += ", \"flat_fee\": " + json_decimal(rnd, t.flat_fee);
            }
        }
        spec.tiers.push_back(t);
        tiers_json += (i == 0 ? "" : ", ") + tier + "}";
    }

    std::string json = "{\"currency\": \"" + std::string(cur.code) + "\", \"mode\": \"" +
                       (spec.graduated ? "graduated" : "volume") + "\", \"rounding\": \"" +
                       ref::name(spec.rounding) + "\", \"rounding_scope\": \"" +
                       (spec.round_total ? "total" : "line") + "\"";
    if (rnd.chance(30)) {
        spec.package_size = rnd.chance(20) ? rnd.between(1, 2) : rnd.between(1, 1000);
        spec.package_up = rnd.chance(50);
        json += ", \"package\": {\"size\": " + std::to_string(*spec.package_size) +
                ", \"round\": \"" + (spec.package_up ? "up" : "down") + "\"}";
    }
    auto limit = [&] {
        return ref::number::parse(rnd.decimal(static_cast<int>(rnd.between(0, 6)),
                                              static_cast<int>(rnd.between(0, cur.minor_units))));
    };
    if (rnd.chance(30)) spec.minimum = limit();
    if (rnd.chance(30)) spec.maximum = limit();
    if (spec.minimum && spec.maximum && *spec.minimum > *spec.maximum)
        std::swap(spec.minimum, spec.maximum);
    if (spec.minimum) json += ", \"minimum\": " + json_decimal(rnd, *spec.minimum);
    if (spec.maximum) json += ", \"maximum\": " + json_decimal(rnd, *spec.maximum);
    if (rnd.chance(30)) json += ", \"name\": \"Random book\", \"unit\": \"request\"";
    bc.json = json + ", \"tiers\": [" + tiers_json + "]}";

    // Quantities: zero, one, a bound and its neighbours (and scaled by the package size), random
    // ones around the tiers and up to 10^12, and now and then one near 2^63.
    std::vector<std::int64_t>& q = bc.quantities;
    q = {0, 1};
    if (!bounds.empty()) {
        const std::int64_t b = bounds[static_cast<std::size_t>(
            rnd.between(0, static_cast<std::int64_t>(bounds.size()) - 1))];
        q.insert(q.end(), {b - 1, b, b + 1});
        if (spec.package_size && b <= random_source::pow10(12) / *spec.package_size) {
            const std::int64_t scaled = b * *spec.package_size;
            q.insert(q.end(), {scaled - 1, scaled, scaled + 1});
        }
        q.push_back(rnd.between(0, bounds.back() + bounds.back() / 2));
    }
    q.push_back(rnd.between(0, random_source::pow10(12)));
    if (rnd.chance(20)) q.push_back(rnd.between(INT64_MAX / 2, INT64_MAX));
    return bc;
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
    std::string out;
    long row = 0;
    for (long i = 0; i < books; ++i) {
        const book_case bc = make_book(rnd);
        for (const std::int64_t quantity : bc.quantities) {
            if (quantity < 0) continue;
            const ref::result r = ref::rate(bc.spec, ref::number::whole(quantity));
            std::string lines = "[";
            for (const ref::line& l : r.lines) {
                if (lines.size() > 1) lines += ", ";
                lines += "{\"tier\": " + std::to_string(l.tier) +
                         ", \"units\": " + l.units.to_text() + ", \"amount\": " +
                         (l.quote ? std::string("null") : "\"" + l.amount.to_text() + "\"") + "}";
            }
            lines += "]";
            out += std::to_string(++row) + '\t' + bc.json + '\t' + std::to_string(quantity) + '\t' +
                   (r.total ? at_digits(*r.total, bc.spec.minor_units) : std::string("\\N")) +
                   '\t' + (r.quote_required ? "t" : "f") + '\t' + r.billable.to_text() + '\t' +
                   lines + '\n';
        }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
}
