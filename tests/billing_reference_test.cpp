// Randomized reference test of a billing run: CSV text -> usage_csv_reader / balances_csv_reader
// -> billing_run -> CSV rows, against a reference written from scratch here; and the same for a
// catalogue billing run over random catalogues (see "Catalogues" below). The reference has
// its own calendar (days counted year by year and month by month) and its own money (integer
// cents: the FaceID volume prices are whole cents, so a month costs calls x price exactly).
// Event times cluster within hours of month boundaries, in many UTC offsets, and are billed in
// several billing offsets, for months around the leap-year February 2024.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <tariff/billing_run.hpp>
#include <tariff/catalogue_billing.hpp>
#include <tariff/json.hpp>
#include <tariff/multiprecision.hpp>
#include <tariff/usage_csv.hpp>
#include <vector>

#include "support/random_tables.hpp"

namespace {

// ---- The reference ------------------------------------------------------------------------

bool ref_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int ref_month_days(int year, int month) {
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && ref_leap(year) ? 29 : days[month - 1];
}

// Days from 2000-01-01 to the date (year >= 2000): whole years, then whole months, then days.
std::int64_t ref_days_since_2000(int year, int month, int day) {
    std::int64_t days = 0;
    for (int y = 2000; y < year; ++y) days += ref_leap(y) ? 366 : 365;
    for (int m = 1; m < month; ++m) days += ref_month_days(year, m);
    return days + day - 1;
}

// Seconds since 2000-01-01T00:00:00Z of a local time at `offset` minutes east of UTC.
std::int64_t ref_seconds(int year, int month, int day, int hour, int minute, int second,
                         int offset) {
    return ref_days_since_2000(year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
           std::int64_t{offset} * 60;
}

// FaceID volume price in cents for a month's calls, or -1 for contact sales.
std::int64_t ref_price_cents(std::int64_t calls) {
    if (calls <= 1000) return 40;
    if (calls <= 10000) return 35;
    if (calls <= 100000) return 30;
    if (calls <= 200000) return 25;
    return -1;
}

std::string ref_money(std::int64_t cents) {
    const std::int64_t magnitude = cents < 0 ? -cents : cents;
    const std::int64_t fraction = magnitude % 100;
    return (cents < 0 ? "-" : "") + std::to_string(magnitude / 100) + "." +
           (fraction < 10 ? "0" : "") + std::to_string(fraction);
}

std::string ref_csv_field(const std::string& text) {
    if (text.find_first_of(",\"") == std::string::npos) return text;
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string two_digits(int value) { return (value < 10 ? "0" : "") + std::to_string(value); }

std::string ref_offset_text(int minutes) {
    const int magnitude = minutes < 0 ? -minutes : minutes;
    return (minutes < 0 ? "-" : "+") + two_digits(magnitude / 60) + ":" +
           two_digits(magnitude % 60);
}

struct ref_event {
    std::string account;
    std::string timestamp;
    std::int64_t seconds;
    std::int64_t calls;
};

struct ref_file {
    std::string events_csv;
    std::string balances_csv;
    std::vector<ref_event> events;
    std::map<std::string, std::int64_t> balances;  // cents
};

// ---- Random input -------------------------------------------------------------------------

class generator {
public:
    explicit generator(std::uint64_t seed) : rng_(seed) {}

    std::int64_t below(std::int64_t n) {
        return static_cast<std::int64_t>(rng_() % static_cast<std::uint64_t>(n));
    }
    bool chance(int percent) { return below(100) < percent; }

    ref_file file() {
        ref_file f;
        const std::vector<std::string> names = accounts();
        std::vector<int> size_class;
        for (std::size_t i = 0; i < names.size(); ++i)
            size_class.push_back(static_cast<int>(below(5)));
        const std::int64_t count = 20 + below(300);
        for (std::int64_t i = 0; i < count; ++i) {
            const std::size_t who =
                static_cast<std::size_t>(below(static_cast<std::int64_t>(names.size())));
            f.events.push_back(event(names[who], size_class[who]));
        }
        f.events_csv = chance(50) ? "account,timestamp,calls\n" : "account,timestamp,calls\r\n";
        for (const ref_event& e : f.events) {
            f.events_csv += ref_csv_field(e.account) + "," + e.timestamp + "," +
                            std::to_string(e.calls) + (chance(80) ? "\n" : "\r\n");
            if (chance(3)) f.events_csv += "\n";  // empty lines are skipped
        }
        if (chance(30)) f.events_csv.pop_back();  // no final line ending

        // Balances for some of the accounts, and for some that have no events.
        f.balances_csv = "account,balance\n";
        for (std::size_t i = 0; i < names.size() + 3; ++i) {
            if (!chance(70)) continue;
            const std::string name =
                i < names.size() ? names[i] : "only-balance-" + std::to_string(i);
            const std::int64_t cents = chance(10) ? 0 : below(6'000'000) - 500'000;
            f.balances[name] = cents;
            f.balances_csv += ref_csv_field(name) + "," + balance_text(cents) + "\n";
        }
        return f;
    }

    std::vector<std::string> accounts() {
        std::vector<std::string> names = {"acme", "Acme", "beta, inc.", "o\"brien", "zz-top"};
        const std::int64_t extra = below(12);
        for (std::int64_t i = 0; i < extra; ++i)
            names.push_back("acct-" + std::to_string(below(1000)));
        // Duplicates are harmless: the events of both entries add up.
        return names;
    }

    ref_event event(const std::string& account, int size_class) {
        static const std::int64_t max_calls[5] = {5, 60, 2000, 20000, 150000};
        static const int offsets[] = {0,   0,    0,    345,   -210, 330, -480,
                                      840, -720, 1439, -1439, 60,   -570};
        // Months that begin near the billed ones; 2024-03-01 follows the leap day.
        static const int starts[][2] = {{2023, 12}, {2024, 1}, {2024, 2}, {2024, 3}, {2024, 4}};
        const auto& start = starts[below(5)];
        int year = start[0], month = start[1], day = 1;
        const int side = static_cast<int>(below(5));
        if (side < 2) {  // one of the last two days of the month before
            month = month == 1 ? 12 : month - 1;
            year = start[1] == 1 ? year - 1 : year;
            day = ref_month_days(year, month) - side;
        } else if (side < 4) {  // the 1st or the 2nd
            day = side - 1;
        } else {  // mid-month
            day = 10 + static_cast<int>(below(10));
        }
        const int hour = static_cast<int>(below(24));
        const int minute = static_cast<int>(below(60));
        const int second = static_cast<int>(below(60));
        const std::size_t pick =
            static_cast<std::size_t>(below(sizeof offsets / sizeof offsets[0]));
        const int offset =
            chance(10) ? static_cast<int>(below(2 * 1439 + 1)) - 1439 : offsets[pick];

        std::string stamp = std::to_string(year) + "-" + two_digits(month) + "-" + two_digits(day) +
                            (chance(5) ? "t" : "T") + two_digits(hour) + ":" + two_digits(minute) +
                            ":" + two_digits(second);
        if (chance(10)) stamp += ".999";  // a fraction is floored to the second
        if (offset == 0 && pick == 0) {
            stamp += chance(10) ? "z" : "Z";
        } else if (offset == 0 && pick == 2) {
            stamp += "-00:00";
        } else {
            stamp += ref_offset_text(offset);
        }
        return ref_event{account, stamp,
                         ref_seconds(year, month, day, hour, minute, second, offset),
                         below(max_calls[size_class] + 1)};
    }

private:
    std::string balance_text(std::int64_t cents) {
        const std::int64_t magnitude = cents < 0 ? -cents : cents;
        std::string text = std::to_string(magnitude / 100);
        if (magnitude % 100 != 0 || chance(50)) {
            const std::int64_t fraction = magnitude % 100;
            if (fraction % 10 == 0 && chance(50)) {
                text += "." + std::to_string(fraction / 10);
            } else {
                text += "." + std::string(fraction < 10 ? "0" : "") + std::to_string(fraction);
            }
        }
        if (cents < 0) return "-" + text;
        return chance(10) ? "+" + text : text;
    }

    std::mt19937_64 rng_;
};

// The CSV rows a run of `period` (year, month) at `offset` minutes must print, and the number
// of events before and after the month.
struct ref_result {
    std::string rows;
    std::uint64_t before = 0;
    std::uint64_t after = 0;
    std::map<std::int64_t, int> prices;  // how many accounts at each price (-1: quote)
};

ref_result reference(const ref_file& f, int year, int month, int offset) {
    const std::int64_t start = ref_seconds(year, month, 1, 0, 0, 0, offset);
    const std::int64_t end = month == 12 ? ref_seconds(year + 1, 1, 1, 0, 0, 0, offset)
                                         : ref_seconds(year, month + 1, 1, 0, 0, 0, offset);
    ref_result r;
    std::map<std::string, std::int64_t> calls;
    for (const ref_event& e : f.events) {
        calls[e.account] += 0;
        if (e.seconds < start) {
            ++r.before;
        } else if (e.seconds >= end) {
            ++r.after;
        } else {
            calls[e.account] += e.calls;
        }
    }
    for (const auto& b : f.balances) calls[b.first] += 0;
    const std::string period = std::to_string(year) + "-" + two_digits(month);
    for (const auto& [account, n] : calls) {
        const auto found = f.balances.find(account);
        const std::int64_t before = found == f.balances.end() ? 0 : found->second;
        const std::int64_t price = ref_price_cents(n);
        ++r.prices[price];
        const std::int64_t after = price < 0 ? before : before - n * price;
        r.rows += ref_csv_field(account) + "," + period + "," + std::to_string(n) + "," +
                  (price < 0 ? "quote_required" : "priced") + ",USD," +
                  (price < 0 ? "" : ref_money(n * price)) + "," + ref_money(before) + "," +
                  ref_money(after) + "," + (after < 0 ? "suspended" : "active") + "\n";
    }
    return r;
}

// ---- The system under test ----------------------------------------------------------------

template <class Rep>
struct code_table {
    using table = tariff::tier_table<tariff::iso::USD, tariff::decimal<2, Rep>>;
    static table make() {
        return table(tariff::tier_mode::volume, {{1000, "0.40"},
                                                 {10000, "0.35"},
                                                 {100000, "0.30"},
                                                 {200000, "0.25"},
                                                 {tariff::unbounded, tariff::contact_sales}});
    }
};

// The type the command line reads price books into (tariff::book_table), built in code here.
struct book_like_table {
    using table = tariff::tier_table<tariff::runtime_currency, tariff::decimal<18, tariff::cpp_int>,
                                     std::int64_t, 64>;
    static table make() {
        return table(tariff::currency_from_code("USD"), tariff::tier_mode::volume,
                     {{1000, "0.40"},
                      {10000, "0.35"},
                      {100000, "0.30"},
                      {200000, "0.25"},
                      {tariff::unbounded, tariff::contact_sales}});
    }
};

// Feeds `text` to `reader` in random chunks.
template <class Reader, class OnRow>
void feed_in_chunks(Reader& reader, std::string_view text, generator& g, OnRow&& on_row) {
    while (!text.empty()) {
        const std::size_t n = static_cast<std::size_t>(1 + g.below(g.chance(50) ? 64 : 4096));
        const std::size_t take = n < text.size() ? n : text.size();
        reader.feed(text.substr(0, take), on_row);
        text.remove_prefix(take);
    }
    reader.finish(on_row);
}

}  // namespace

TEST_CASE_TEMPLATE("a billing run agrees with an independent reference", Source,
                   code_table<std::int64_t>, code_table<tariff::checked_int128_t>,
                   code_table<tariff::cpp_int>, book_like_table) {
    using table = typename Source::table;
    using amount = typename table::amount_type;
    const table faceid = Source::make();
    const int periods[][2] = {{2024, 2}, {2024, 1}, {2024, 3}, {2023, 12}};
    const int billing_offsets[] = {0, 345, -480, 840, -720, 1439, -1439, -210};

    generator g(0x7a1ff);
    int runs = 0;
    // What the random files covered, so that a generator change cannot quietly make this easy.
    std::map<std::string, int> seen;
    for (int file_number = 0; file_number < 12; ++file_number) {
        const ref_file f = g.file();
        for (const auto& p : periods) {
            for (const int offset : billing_offsets) {
                CAPTURE(file_number);
                CAPTURE(p[0]);
                CAPTURE(p[1]);
                CAPTURE(offset);
                const ref_result expected = reference(f, p[0], p[1], offset);

                tariff::billing_run<table> run(faceid, tariff::billing_period(p[0], p[1]),
                                               tariff::utc_offset(std::chrono::minutes(offset)));
                tariff::balances_csv_reader<amount> balances("balances.csv",
                                                             tariff::currency_from_code("USD"));
                feed_in_chunks(balances, f.balances_csv, g,
                               [&](const tariff::balance_row<amount>& row) {
                                   run.set_balance(row.account, row.balance);
                               });
                tariff::usage_csv_reader events("events.csv");
                feed_in_chunks(events, f.events_csv, g, [&](const tariff::usage_event& e) {
                    run.add(e.account, e.at, e.calls);
                });

                std::string rows;
                for (const auto& bill : run.bills()) tariff::append_csv(rows, bill);
                CHECK(rows == expected.rows);
                CHECK(run.events_before() == expected.before);
                CHECK(run.events_after() == expected.after);
                CHECK(events.rows() == f.events.size());
                ++runs;
                for (const char* what : {",quote_required,", ",active\n", ",suspended\n",
                                         ",priced,USD,0.00,", "\"", ",-"}) {
                    if (expected.rows.find(what) != std::string::npos) ++seen[what];
                }
                for (const auto& price : expected.prices)
                    ++seen["price " + std::to_string(price.first)];
                seen["before"] += expected.before > 0;
                seen["after"] += expected.after > 0;
            }
        }
    }
    CHECK(runs == 12 * 4 * 8);
    for (const char* what :
         {",quote_required,", ",active\n", ",suspended\n", ",priced,USD,0.00,", "\"", ",-",
          "before", "after", "price 40", "price 35", "price 30", "price 25"}) {
        const std::string covered = what;
        CAPTURE(covered);
        CHECK(seen[what] > runs / 4);
    }
}

TEST_CASE("the reference calendar knows the leap day and the month lengths") {
    // Checks of the reference itself, against dates known by heart.
    CHECK(ref_days_since_2000(2000, 3, 1) == 31 + 29);
    CHECK(ref_days_since_2000(2001, 1, 1) == 366);
    CHECK(ref_days_since_2000(2024, 3, 1) - ref_days_since_2000(2024, 2, 1) == 29);
    CHECK(ref_days_since_2000(2023, 3, 1) - ref_days_since_2000(2023, 2, 1) == 28);
    CHECK(ref_days_since_2000(2024, 1, 1) - ref_days_since_2000(2023, 12, 1) == 31);
    // 2000-01-01 is 10957 days after 1970-01-01, 2024-02-01T00:00:00Z is 1706745600 s.
    CHECK((10957 + ref_days_since_2000(2024, 2, 1)) * 86400 == 1706745600);
    CHECK(ref_seconds(2024, 2, 1, 5, 45, 0, 345) == ref_seconds(2024, 2, 1, 0, 0, 0, 0));
    CHECK(ref_money(-5) == "-0.05");
    CHECK(ref_money(600000) == "6000.00");
}

// ---- Catalogues: several products, dated versions ---------------------------------------------
//
// Random catalogues of 1-4 products with 1-3 versions each (the first one from the beginning of
// time, the others in force from months around the billed ones), every version a random table
// of support/random_tables.hpp (volume or graduated, fees, packages, quote tiers, minimum and
// maximum, every rounding mode and scope) with free units and the first tier's fee at zero now
// and then, and a quantity scale of 0-6 per product. The reference picks the version in force
// and rates each product's month with rating_reference (support/rating_reference.hpp), on its
// own calendar; neither shares code with tariff.

namespace {

namespace ref = rating_reference;

struct ref_version {
    int year = 0, month = 0;  // effective_from; 0: from the beginning of time
    random_tables::random_case table;
};

struct ref_product {
    std::string id;
    int scale = 0;
    std::vector<ref_version> versions;
};

struct ref_catalogue {
    const char* currency = "USD";
    int minor_units = 2;
    std::vector<ref_product> products;  // sorted by id
};

struct ref_product_event {
    std::string account;
    std::size_t product;
    std::string timestamp;
    std::int64_t seconds;
    std::int64_t steps;
};

/// The reference's own choice of version: the latest whose month is at or before the period.
const ref_version& ref_version_for(const ref_product& p, int year, int month) {
    const ref_version* found = &p.versions.front();
    for (const ref_version& v : p.versions) {
        if (v.year == 0 || v.year < year || (v.year == year && v.month <= month)) found = &v;
    }
    return *found;
}

/// A number with exactly `digits` fraction digits (it has no more than that).
std::string ref_fixed(const ref::number& n, int digits) {
    return ref::number(*n.raw_at(digits), digits).to_text();
}

ref_catalogue random_catalogue(random_tables::random_source& rnd) {
    ref_catalogue c;
    const auto count = rnd.between(1, 4);
    static const char* const ids[] = {"api.calls", "id_card_ocr", "liveness", "storage-gb", "sms"};
    std::vector<std::string> chosen;
    while (static_cast<std::int64_t>(chosen.size()) < count) {
        const std::string id = ids[rnd.between(0, 4)];
        bool seen = false;
        for (const auto& x : chosen) seen = seen || x == id;
        if (!seen) chosen.push_back(id);
    }
    std::sort(chosen.begin(), chosen.end());
    for (std::size_t p = 0; p < chosen.size(); ++p) {
        ref_product product;
        product.id = chosen[p];
        product.scale = static_cast<int>(rnd.between(0, 6));
        random_tables::options o;
        o.decimal_quantity = product.scale > 0;
        o.quantity_scale = product.scale;
        const auto versions = rnd.between(1, 3);
        // Later versions from months around the billed ones (2023-12 .. 2024-04), increasing.
        static const int months[][2] = {{2023, 11}, {2023, 12}, {2024, 1}, {2024, 2},
                                        {2024, 3},  {2024, 4},  {2024, 5}};
        std::int64_t from = -1;
        for (std::int64_t v = 0; v < versions; ++v) {
            ref_version version;
            if (v > 0) {
                if (from >= 6) break;
                from = rnd.between(from + 1, 6);
                version.year = months[from][0];
                version.month = months[from][1];
            }
            // Every table of the catalogue is in its currency: draw until the currency matches.
            do {
                version.table = random_tables::make_case(rnd, o);
            } while ((p > 0 || v > 0) && std::string(version.table.currency_code) != c.currency);
            if (p == 0 && v == 0) {
                c.currency = version.table.currency_code;
                c.minor_units = version.table.spec.minor_units;
            }
            ref::table_spec& spec = version.table.spec;
            if (rnd.chance(50)) {
                spec.free_units = random_tables::quantity_number(rnd.magnitude(6), o);
            }
            spec.flat_fee_at_zero = rnd.chance(30);
            product.versions.push_back(std::move(version));
        }
        c.products.push_back(std::move(product));
    }
    return c;
}

/// The catalogue as the JSON tariff reads: the reference's tables written as price books.
std::string catalogue_json(const ref_catalogue& c) {
    std::string out = "{\"currency\": \"" + std::string(c.currency) + "\", \"products\": {";
    for (std::size_t p = 0; p < c.products.size(); ++p) {
        const ref_product& product = c.products[p];
        out += (p ? ", \"" : "\"") + product.id + "\": {\"versions\": [";
        for (std::size_t v = 0; v < product.versions.size(); ++v) {
            const ref_version& version = product.versions[v];
            const ref::table_spec& s = version.table.spec;
            out += v ? ", {" : "{";
            if (version.year != 0) {
                out += "\"effective_from\": \"" + std::to_string(version.year) + "-" +
                       two_digits(version.month) + "\", ";
            }
            out += std::string("\"mode\": \"") + (s.graduated ? "graduated" : "volume") +
                   "\", \"rounding\": \"" + ref::name(s.rounding) + "\", \"rounding_scope\": \"" +
                   (s.round_total ? "total" : "line") + "\", ";
            if (product.scale > 0)
                out += "\"quantity_scale\": " + std::to_string(product.scale) + ", ";
            if (s.free_units) out += "\"free_units\": " + s.free_units->to_text() + ", ";
            if (s.flat_fee_at_zero) out += "\"flat_fee_at_zero\": true, ";
            if (s.package_size) {
                out += "\"package\": {\"size\": " + std::to_string(*s.package_size) +
                       ", \"round\": \"" + (s.package_up ? "up" : "down") + "\"}, ";
            }
            if (s.minimum) out += "\"minimum\": \"" + s.minimum->to_text() + "\", ";
            if (s.maximum) out += "\"maximum\": \"" + s.maximum->to_text() + "\", ";
            out += "\"tiers\": [";
            for (std::size_t t = 0; t < s.tiers.size(); ++t) {
                const ref::tier_spec& tier = s.tiers[t];
                out += t ? ", {" : "{";
                out += "\"up_to\": " + (tier.up_to ? tier.up_to->to_text() : "\"inf\"");
                if (tier.quote) {
                    out += ", \"quote\": true}";
                } else {
                    out += ", \"unit_price\": \"" + tier.unit_price.to_text() +
                           "\", \"flat_fee\": \"" + tier.flat_fee.to_text() + "\"}";
                }
            }
            out += "]}";
        }
        out += "]}";
    }
    return out + "}}";
}

struct ref_catalogue_result {
    std::string rows;
    int quotes = 0, products_without_events = 0, versions_changed = 0;
};

/// The CSV rows of `tariff bill --catalogue` for `period` at `offset` minutes.
ref_catalogue_result catalogue_reference(const ref_catalogue& c,
                                         const std::vector<ref_product_event>& events,
                                         const std::map<std::string, std::int64_t>& balances,
                                         int year, int month, int offset) {
    const std::int64_t start = ref_seconds(year, month, 1, 0, 0, 0, offset);
    const std::int64_t end = month == 12 ? ref_seconds(year + 1, 1, 1, 0, 0, 0, offset)
                                         : ref_seconds(year, month + 1, 1, 0, 0, 0, offset);
    struct usage {
        std::vector<std::int64_t> steps;
        std::vector<bool> used;
    };
    std::map<std::string, usage> accounts;
    auto named = [&](const std::string& a) -> usage& {
        usage& u = accounts[a];
        u.steps.resize(c.products.size(), 0);
        u.used.resize(c.products.size(), false);
        return u;
    };
    for (const ref_product_event& e : events) {
        usage& u = named(e.account);
        if (e.seconds >= start && e.seconds < end) {
            u.steps[e.product] += e.steps;
            u.used[e.product] = true;
        }
    }
    for (const auto& b : balances) named(b.first);
    ref_catalogue_result r;
    const std::string period = std::to_string(year) + "-" + two_digits(month);
    const ref::number minor(ref::integer::from_int64(1), c.minor_units);
    for (const auto& [account, u] : accounts) {
        std::string product_rows;
        bool quote = false;
        ref::number sum;
        for (std::size_t p = 0; p < c.products.size(); ++p) {
            const ref_product& product = c.products[p];
            const ref_version& version = ref_version_for(product, year, month);
            r.versions_changed += &version != &product.versions.front();
            const ref::number q(ref::integer::from_int64(u.steps[p]), product.scale);
            const ref::result rated = ref::rate(version.table.spec, q);
            if (!u.used[p]) {
                // Without events, a product is billed when zero usage costs something.
                if (!rated.quote_required && rated.total->is_zero()) continue;
                ++r.products_without_events;
            }
            const ref::number free = rated.free ? *rated.free : ref::number();
            product_rows +=
                ref_csv_field(account) + "," + period + "," + product.id + "," +
                ref_fixed(q, product.scale) + "," + ref_fixed(free, product.scale) + "," +
                ref_fixed(rated.billable, product.scale) + "," +
                (rated.quote_required ? "quote_required" : "priced") + "," + c.currency + "," +
                (rated.quote_required ? "" : ref_fixed(*rated.total, c.minor_units)) + ",,,\n";
            if (rated.quote_required)
                quote = true;
            else
                sum = sum + *rated.total;
        }
        const auto found = balances.find(account);
        const ref::number before(
            ref::integer::from_int64(found == balances.end() ? 0 : found->second), c.minor_units);
        const ref::number after = quote ? before : before - sum;
        r.quotes += quote;
        r.rows += product_rows + ref_csv_field(account) + "," + period + ",,,,," +
                  (quote ? "quote_required" : "priced") + "," + c.currency + "," +
                  (quote ? "" : ref_fixed(sum, c.minor_units)) + "," +
                  ref_fixed(before, c.minor_units) + "," + ref_fixed(after, c.minor_units) + "," +
                  (after.is_negative() ? "suspended" : "active") + "\n";
    }
    return r;
}

}  // namespace

TEST_CASE("a catalogue billing run agrees with an independent reference") {
    using table = tariff::book_table;
    random_tables::random_source rnd(0xca7a1);
    generator g(0xca7a2);
    const int periods[][2] = {{2023, 12}, {2024, 1}, {2024, 2}, {2024, 3}};
    const int billing_offsets[] = {0, 345, -480, 840, -720};
    int runs = 0, quotes = 0, without_events = 0, versions_changed = 0, suspended = 0;
    for (int file_number = 0; file_number < 25; ++file_number) {
        CAPTURE(file_number);
        const ref_catalogue c = random_catalogue(rnd);
        const std::string json = catalogue_json(c);
        CAPTURE(json);
        const tariff::book_catalogue catalogue = tariff::read_catalogue(json, "catalogue.json");
        // Events of random accounts and products, at times around the month boundaries.
        std::vector<ref_product_event> events;
        std::string events_csv = "account,product,timestamp,quantity\n";
        const std::string accounts[] = {"acme", "beta, inc.", "zz", "o\"brien"};
        for (int i = 0; i < 40; ++i) {
            const std::string account = accounts[g.below(4)];
            const auto product =
                static_cast<std::size_t>(g.below(static_cast<std::int64_t>(c.products.size())));
            const ref_event e = g.event(account, 0);
            const int scale = c.products[product].scale;
            const std::int64_t steps = g.chance(10) ? 0 : rnd.magnitude(9);
            events.push_back({account, product, e.timestamp, e.seconds, steps});
            events_csv += ref_csv_field(account) + "," + c.products[product].id + "," +
                          e.timestamp + "," +
                          ref::number(ref::integer::from_int64(steps), scale).to_text() + "\n";
        }
        std::map<std::string, std::int64_t> balances;
        std::string balances_csv = "account,balance\n";
        for (const std::string name : {"acme", "only-balance"}) {
            if (!g.chance(60)) continue;
            balances[name] = g.below(200'000'000) - 1'000'000;
            balances_csv +=
                name + "," +
                ref::number(ref::integer::from_int64(balances[name]), c.minor_units).to_text() +
                "\n";
        }
        for (const auto& p : periods) {
            for (const int offset : billing_offsets) {
                CAPTURE(p[0]);
                CAPTURE(p[1]);
                CAPTURE(offset);
                const ref_catalogue_result expected =
                    catalogue_reference(c, events, balances, p[0], p[1], offset);
                tariff::catalogue_billing_run<table> run(
                    catalogue, tariff::billing_period(p[0], p[1]),
                    tariff::utc_offset(std::chrono::minutes(offset)));
                tariff::balances_csv_reader<table::amount_type> balance_reader(
                    "balances.csv", catalogue.currency_info());
                feed_in_chunks(balance_reader, balances_csv, g,
                               [&](const tariff::balance_row<table::amount_type>& row) {
                                   run.set_balance(row.account, row.balance);
                               });
                tariff::product_usage_csv_reader reader("events.csv");
                feed_in_chunks(reader, events_csv, g, [&](const tariff::product_usage_event& e) {
                    run.add(e.account, e.product, e.at, e.quantity);
                });
                std::string rows;
                for (const auto& bill : run.bills()) tariff::append_csv(rows, bill);
                CHECK(rows == expected.rows);
                ++runs;
                quotes += expected.quotes;
                without_events += expected.products_without_events;
                versions_changed += expected.versions_changed;
                suspended += expected.rows.find(",suspended\n") != std::string::npos;
            }
        }
    }
    MESSAGE("runs " << runs << ", quote-held accounts " << quotes << ", products billed without "
                    << "events " << without_events << ", later versions in force "
                    << versions_changed);
    CHECK(runs == 25 * 4 * 5);
    CHECK(quotes > 20);
    CHECK(without_events > 20);
    CHECK(versions_changed > 50);
    CHECK(suspended > 20);
}

TEST_CASE("a catalogue billing run refuses products it cannot price in the period") {
    const tariff::book_catalogue catalogue = tariff::read_catalogue(
        R"({"currency": "USD", "products": {
              "ocr": {"versions": [{"mode": "volume", "tiers": [{"up_to": "inf", "unit_price": "1"}]}]},
              "gb": {"versions": [{"effective_from": "2024-03", "mode": "volume", "quantity_scale": 2,
                                   "tiers": [{"up_to": "inf", "unit_price": "1"}]}]}}})",
        "catalogue.json");
    tariff::catalogue_billing_run<tariff::book_table> run(catalogue,
                                                          tariff::billing_period(2024, 2));
    const tariff::instant at = tariff::parse_instant("2024-02-10T00:00:00Z");
    CHECK_THROWS_WITH_AS(run.add("acme", "faceid", at, "1"),
                         "product \"faceid\" has no price in 2024-02: the catalogue has no such "
                         "product",
                         tariff::invalid_argument);
    CHECK_THROWS_WITH_AS(run.add("acme", "gb", at, "1"),
                         "product \"gb\" has no price in 2024-02: its first version is in force "
                         "from 2024-03",
                         tariff::invalid_argument);
    CHECK_THROWS_WITH_AS(run.add("acme", "ocr", at, "1.5"),
                         "invalid quantity \"1.5\": not a whole number (plain decimal digits only)",
                         tariff::parse_error);
    CHECK(run.usage().account_count() == 0);  // nothing refused was counted
    run.add("acme", "ocr", at, "7");
    const auto bills = run.bills();
    REQUIRE(bills.size() == 1);
    CHECK(bills[0].products.size() == 1);
    CHECK(tariff::to_string(*bills[0].total) == "7.000000000000000000");
}
