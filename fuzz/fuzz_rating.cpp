// Differential rating. The bytes describe a tier table -- mode, 1 to 16 tiers, bounds, unit
// prices, flat fees, a quote tier, a package, minimum and maximum, rounding mode and scope, the
// guard, the currency's minor digits -- and a list of quantities. The table is built with its
// prices in int64, checked_int128_t and cpp_int, at three shapes (decimal<2> prices and integer
// quantities, decimal<18> prices and integer quantities, decimal<6> prices and decimal<3>
// quantities), and every quantity is rated:
// - by tariff::rate in every representation: where two give a charge, the charges are the same to
//   the last line and printed the same (to_text, to_json); a narrower one may instead throw
//   overflow_error, a wider one never fails where a narrower one succeeds;
// - by the independent reference rater of tests/support/rating_reference.hpp: tariff agrees with
//   it, and throws overflow_error exactly when an exact value of the rating does not fit;
// - by bulk rating, every loop (vector, scalar, exact): each element has rate()'s total and status;
// - and the insight functions agree with rate() (cpp_int prices): every cliff costs what rate()
//   says on both sides, and max_quantity_within() answers no quantity smaller than one that
//   rate() shows to fit the budget, and nothing that rate() shows not to.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <tariff/charge.hpp>
#include <tariff/charge_format.hpp>
#include <tariff/currency.hpp>
#include <tariff/insight.hpp>
#include <tariff/multiprecision.hpp>
#include <tariff/tier_table.hpp>
#include <type_traits>
#include <vector>
#if __has_include(<tariff/bulk.hpp>)
#include <tariff/bulk.hpp>
#define TARIFF_FUZZ_BULK 1
#endif

#include "support/rating_reference.hpp"

namespace {

namespace ref = rating_reference;
using tariff::rounding;

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

std::string g_description;  // the case being rated, for findings

[[noreturn]] void finding(const std::string& what) {
    std::fprintf(stderr, "fuzz_rating: %s\n%s\n", what.c_str(), g_description.c_str());
    std::abort();
}

/// Reads the fuzzer's bytes as numbers; zeros once they run out.
class byte_reader {
public:
    byte_reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    std::uint8_t u8() {
        if (size_ == 0) return 0;
        --size_;
        return *data_++;
    }
    std::uint64_t u64(int bytes = 8) {
        std::uint64_t v = 0;
        for (int i = 0; i < bytes; ++i) v = v << 8 | u8();
        return v;
    }

private:
    const std::uint8_t* data_;
    std::size_t size_;
};

ref::integer from_u64(std::uint64_t v) { return ref::integer::from_text(std::to_string(v)); }

/// A non-negative integer of any magnitude up to 2^128 and a little beyond, with the interesting
/// ones (0, 1, powers of ten, the edges of int64 and of 128 bits) likely.
ref::integer magnitude(byte_reader& in) {
    static const ref::integer two64 = ref::integer::max_of_bits(64) + ref::integer::from_int64(1);
    static const ref::integer bits128 = ref::integer::max_of_bits(128);
    const std::uint8_t kind = in.u8();
    switch (kind % 12) {
        case 0:
            return ref::integer();
        case 1:
            return from_u64(in.u8() % 10 + 1u);
        case 2:
            return from_u64(in.u8());
        case 3:
            return from_u64(in.u64(2));
        case 4:
            return from_u64(in.u64(4));
        case 5:
            return from_u64(in.u64() >> (in.u8() % 64));
        case 6:
            return from_u64(static_cast<std::uint64_t>(int64_max) - in.u8());
        case 7:
            return ref::integer::pow10(in.u8() % 40);
        case 8:
            return ref::integer::pow10(in.u8() % 40) - ref::integer::from_int64(1);
        case 9:
            return from_u64(in.u64()) * two64 + from_u64(in.u64());
        case 10:
            return bits128 - from_u64(in.u8());
        default:
            return from_u64(in.u64(3));
    }
}

/// A positive int64 increment, of any size.
std::int64_t increment(byte_reader& in) {
    switch (in.u8() % 7) {
        case 0:
            return in.u8() % 16 + 1;
        case 1:
            return in.u8() + 1;
        case 2:
            return static_cast<std::int64_t>(in.u64(2)) + 1;
        case 3:
            return static_cast<std::int64_t>(in.u64(4)) + 1;
        case 4: {
            const auto v = static_cast<std::int64_t>(in.u64() >> 1 >> (in.u8() % 63));
            return v == 0 ? 1 : v;
        }
        case 5:
            return std::stoll(ref::integer::pow10(in.u8() % 19).to_text());
        default:
            return int64_max - in.u8();
    }
}

constexpr rounding all_modes[] = {rounding::half_up, rounding::half_even, rounding::half_down,
                                  rounding::up,      rounding::down,      rounding::ceiling,
                                  rounding::floor};
constexpr ref::round_mode ref_modes[] = {ref::round_mode::half_up,   ref::round_mode::half_even,
                                         ref::round_mode::half_down, ref::round_mode::up,
                                         ref::round_mode::down,      ref::round_mode::ceiling,
                                         ref::round_mode::floor};

/// The table and quantities the bytes describe. Prices, fees and limits are raw integers whose
/// scale each shape decides.
struct spec {
    struct tier_spec {
        std::optional<std::int64_t> up_to;  // raw; none: unbounded
        bool quote = false;
        ref::integer price, fee;
    };
    bool graduated = false;
    const tariff::currency* currency = nullptr;
    std::size_t mode = 0;
    bool total_scope = false;
    std::vector<tier_spec> tiers;
    std::optional<std::int64_t> package;
    bool package_up = true;
    std::optional<ref::integer> minimum, maximum;  // in units of the coarser of amount and currency
    bool guard = false;
    std::vector<std::int64_t> quantities;  // raw
    bool long_batch = false;               // bulk: repeat the quantities past a chunk

    std::string describe() const {
        std::string s = std::string(graduated ? "graduated" : "volume") + " " +
                        std::string(currency->code) + " " +
                        std::string(tariff::to_string_view(all_modes[mode])) +
                        (total_scope ? " total" : " line");
        if (package) s += " package " + std::to_string(*package) + (package_up ? " up" : " down");
        if (minimum) s += " minimum#" + minimum->to_text();
        if (maximum) s += " maximum#" + maximum->to_text();
        if (guard) s += " guard";
        for (std::size_t i = 0; i < tiers.size(); ++i) {
            const tier_spec& t = tiers[i];
            s += "\n  tiers[" + std::to_string(i) + "] up_to " +
                 (t.up_to ? std::to_string(*t.up_to) : "inf");
            if (t.quote)
                s += " quote";
            else
                s += " price#" + t.price.to_text() + " fee#" + t.fee.to_text();
        }
        s += "\n  quantities#";
        for (const std::int64_t q : quantities) s += " " + std::to_string(q);
        return s;
    }
};

spec read_spec(byte_reader& in) {
    static const char* const codes[] = {"USD", "JPY", "BHD", "CLF", "EUR", "KWD"};
    spec s;
    const std::uint8_t flags = in.u8();
    s.graduated = (flags & 1) != 0;
    s.total_scope = (flags & 2) != 0;
    s.guard = (flags & 4) != 0;
    const bool has_package = (flags & 8) != 0;
    s.package_up = (flags & 16) == 0;
    const bool has_minimum = (flags & 32) != 0;
    const bool has_maximum = (flags & 64) != 0;
    const bool quote = (flags & 128) != 0;
    s.currency = tariff::find_currency(codes[in.u8() % 6]);
    s.mode = in.u8() % 7;
    const std::size_t count = in.u8() % 16 + 1u;
    std::int64_t bound = 0;
    for (std::size_t i = 0; i < count; ++i) {
        spec::tier_spec t;
        const std::int64_t step = increment(in);
        const bool last = i + 1 == count || bound > int64_max - step;
        if (!last) {
            bound += step;
            t.up_to = bound;
        }
        t.quote = last && quote;
        if (!t.quote) {
            t.price = magnitude(in);
            if (in.u8() % 3 == 0) t.fee = magnitude(in);
        }
        s.tiers.push_back(t);
        if (last) break;
    }
    if (has_package) s.package = increment(in);
    if (has_minimum) s.minimum = magnitude(in);
    if (has_maximum) s.maximum = magnitude(in);
    if (s.minimum && s.maximum && *s.minimum > *s.maximum) std::swap(*s.minimum, *s.maximum);

    // Quantities: zero, on and next to every bound, at and near the largest, multiples of the
    // package, any size, and now and then a negative one.
    const std::size_t n = in.u8() % 24 + 1u;
    for (std::size_t k = 0; k < n; ++k) {
        const std::uint8_t kind = in.u8();
        const spec::tier_spec& t = s.tiers[in.u8() % s.tiers.size()];
        const std::int64_t on = t.up_to ? *t.up_to : int64_max;
        std::int64_t q = 0;
        switch (kind % 10) {
            case 0:
                q = 0;
                break;
            case 1:
                q = on;
                break;
            case 2:
                q = on == int64_max ? on : on + 1;
                break;
            case 3:
                q = on - 1;
                break;
            case 4:
                q = int64_max - in.u8();
                break;
            case 5:
                q = static_cast<std::int64_t>(in.u64() >> 1 >> (in.u8() % 63));
                break;
            case 6:
                q = -static_cast<std::int64_t>(in.u8() % 4 + 1);
                break;
            case 7: {
                const std::int64_t size = s.package ? *s.package : 1;
                const std::int64_t times = in.u8();
                if (__builtin_mul_overflow(size, times, &q)) q = int64_max;
                if (q < int64_max && (in.u8() & 1)) ++q;
                break;
            }
            default:
                q = static_cast<std::int64_t>(in.u64(3));
                break;
        }
        s.quantities.push_back(q);
    }
    s.long_batch = in.u8() % 4 == 1;
    return s;
}

// ---- one shape: Price = decimal<PS, R>, Quantity = int64 or decimal<QS, int64> ----------------

template <class Quantity>
struct quantity_info {
    static constexpr int scale = 0;
    static Quantity make(std::int64_t raw) { return raw; }
};
template <int QS>
struct quantity_info<tariff::decimal<QS, std::int64_t>> {
    static constexpr int scale = QS;
    static tariff::decimal<QS, std::int64_t> make(std::int64_t raw) {
        return tariff::decimal<QS, std::int64_t>::from_raw(raw);
    }
};

template <class Rep>
std::optional<ref::integer> max_raw() {
    if constexpr (std::is_same_v<Rep, std::int64_t>)
        return ref::integer::max_of_bits(63);
    else if constexpr (std::is_same_v<Rep, tariff::checked_int128_t>)
        return ref::integer::max_of_bits(128);
    else
        return std::nullopt;
}

template <class Rep>
const char* rep_label() {
    if constexpr (std::is_same_v<Rep, std::int64_t>)
        return "int64";
    else if constexpr (std::is_same_v<Rep, tariff::checked_int128_t>)
        return "checked_int128_t";
    else
        return "cpp_int";
}

template <class T>
ref::number as_number(const T& v) {
    if constexpr (std::is_integral_v<T>)
        return ref::number::whole(v);
    else
        return ref::number::parse(tariff::to_string(v));
}

/// What rating one quantity gave.
struct outcome {
    enum kind { priced, quote, overflow, negative } result = priced;
    std::string charge;                // everything in the charge, printed
    std::string printed;               // to_text and to_json
    std::string total;                 // priced: the total
    std::string subtotal;              // priced: the subtotal
    std::vector<std::string> amounts;  // the lines' amounts (quote lines: empty)
    std::string message;               // an exception's what()
};

const char* kind_name(enum outcome::kind k) {
    switch (k) {
        case outcome::priced:
            return "priced";
        case outcome::quote:
            return "quote_required";
        case outcome::overflow:
            return "overflow_error";
        case outcome::negative:
            return "invalid_argument (negative quantity)";
    }
    return "?";
}

template <class Q>
std::string quantity_text(const Q& q) {
    if constexpr (std::is_integral_v<Q>)
        return std::to_string(q);
    else
        return tariff::to_string(q);
}

template <class Charge>
std::string print_charge(const Charge& c) {
    auto opt = [](const auto& o) { return o ? tariff::to_string(*o) : std::string("none"); };
    std::string s = std::string(tariff::to_string_view(c.status)) + " billable " +
                    quantity_text(c.billable) + " subtotal " + opt(c.subtotal) + " total " +
                    opt(c.total);
    if (c.adjustment) {
        s += std::string(c.adjustment->kind == tariff::adjustment_kind::minimum ? " minimum "
                                                                                : " maximum ") +
             tariff::to_string(c.adjustment->limit) + " " + tariff::to_string(c.adjustment->amount);
    }
    if (c.guard) {
        s += " guard " + quantity_text(c.guard->quantity) + " " +
             tariff::to_string(c.guard->limit) + " " + tariff::to_string(c.guard->amount);
    }
    for (const auto& l : c) {
        s += " | tiers[" + std::to_string(l.tier) + "] from " + quantity_text(l.from) + " up_to " +
             (l.up_to ? quantity_text(*l.up_to) : std::string("inf")) + " units " +
             quantity_text(l.units) + (l.quote ? " quote" : "") + " price " +
             tariff::to_string(l.unit_price) + " fee " + tariff::to_string(l.flat_fee) +
             " amount " + tariff::to_string(l.amount);
    }
    return s;
}

template <class Table>
struct rated {
    std::optional<Table> table;  // empty: a value of the spec does not fit this representation
    std::vector<outcome> outcomes;
    std::vector<typename Table::amount_type> totals;  // priced: the total, else zero
};

template <class Table>
std::optional<Table> build(const spec& s) {
    using price_type = typename Table::price_type;
    using amount_type = typename Table::amount_type;
    using quantity_type = typename Table::quantity_type;
    using tier_type = typename Table::tier_type;
    const int minor = s.currency->minor_units;
    const int limit_scale = amount_type::scale < minor ? amount_type::scale : minor;
    try {
        std::vector<tier_type> tiers;
        for (const spec::tier_spec& t : s.tiers) {
            tier_type tier;
            if (t.up_to)
                tier.up_to = quantity_info<quantity_type>::make(*t.up_to);
            else
                tier.is_unbounded = true;
            tier.quote = t.quote;
            if (!t.quote) {
                tier.unit_price =
                    price_type::parse(ref::number(t.price, price_type::scale).to_text());
                tier.flat_fee = price_type::parse(ref::number(t.fee, price_type::scale).to_text());
            }
            tiers.push_back(tier);
        }
        Table table(*s.currency,
                    s.graduated ? tariff::tier_mode::graduated : tariff::tier_mode::volume,
                    tiers.data(), tiers.size());
        table =
            table.with_rounding(all_modes[s.mode], s.total_scope ? tariff::rounding_scope::total
                                                                 : tariff::rounding_scope::line);
        if (s.package)
            table = table.with_package(*s.package, s.package_up ? tariff::package_rounding::up
                                                                : tariff::package_rounding::down);
        if (s.minimum)
            table = table.with_minimum(
                amount_type::parse(ref::number(*s.minimum, limit_scale).to_text()));
        if (s.maximum)
            table = table.with_maximum(
                amount_type::parse(ref::number(*s.maximum, limit_scale).to_text()));
        if (s.guard) table = table.with_guard();
        return table;
    } catch (const tariff::overflow_error&) {
        return std::nullopt;  // a price or limit beyond this representation
    } catch (const std::exception& e) {
        finding(std::string(rep_label<typename price_type::rep>()) +
                ": building the table threw: " + e.what());
    }
}

template <class Table>
rated<Table> rate_all(const spec& s) {
    using quantity_type = typename Table::quantity_type;
    rated<Table> r;
    r.table = build<Table>(s);
    if (!r.table) return r;
    for (const std::int64_t raw : s.quantities) {
        outcome o;
        typename Table::amount_type total{};
        try {
            const auto c = tariff::rate(*r.table, quantity_info<quantity_type>::make(raw));
            o.result = c.priced() ? outcome::priced : outcome::quote;
            o.charge = print_charge(c);
            if (c.total) o.total = tariff::to_string(*c.total);
            total = c.total ? *c.total : typename Table::amount_type();
            if (c.subtotal) o.subtotal = tariff::to_string(*c.subtotal);
            for (const auto& l : c)
                o.amounts.push_back(l.quote ? std::string() : tariff::to_string(l.amount));
            try {
                o.printed = tariff::to_text(c) + tariff::to_json(c);
            } catch (const std::exception& e) {
                finding(std::string(rep_label<typename Table::price_type::rep>()) + ": quantity " +
                        std::to_string(raw) + ": printing the charge threw: " + e.what());
            }
        } catch (const tariff::overflow_error& e) {
            o.result = outcome::overflow;
            o.message = e.what();
        } catch (const tariff::invalid_argument& e) {
            o.result = outcome::negative;
            o.message = e.what();
        } catch (const std::exception& e) {
            finding(std::string(rep_label<typename Table::price_type::rep>()) + ": rating " +
                    std::to_string(raw) + " threw: " + e.what());
        }
        if ((o.result == outcome::negative) != (raw < 0)) {
            finding(std::string(rep_label<typename Table::price_type::rep>()) + ": quantity " +
                    std::to_string(raw) + ": " + kind_name(o.result) + " " + o.message);
        }
        r.outcomes.push_back(o);
        r.totals.push_back(total);
    }
    return r;
}

/// A narrower representation agrees with a wider one, or overflows.
template <class Narrow, class Wide>
void compare_reps(const spec& s, const rated<Narrow>& narrow, const rated<Wide>& wide) {
    const std::string names = std::string(rep_label<typename Narrow::price_type::rep>()) + " vs " +
                              rep_label<typename Wide::price_type::rep>();
    if (!wide.table) {
        if (narrow.table)
            finding(names + ": the narrower representation holds the table, the wider does not");
        return;
    }
    if (!narrow.table) return;
    for (std::size_t k = 0; k < s.quantities.size(); ++k) {
        const outcome& a = narrow.outcomes[k];
        const outcome& b = wide.outcomes[k];
        const std::string at = names + ": quantity " + std::to_string(s.quantities[k]) + ": ";
        if (a.result == outcome::overflow) continue;
        if (b.result == outcome::overflow)
            finding(at + "the wider one overflows: " + b.message + "\n  narrower: " + a.charge);
        if (a.result != b.result) finding(at + kind_name(a.result) + " vs " + kind_name(b.result));
        if (a.charge != b.charge)
            finding(at + "different charges\n  " + a.charge + "\n  " + b.charge);
        if (a.printed != b.printed)
            finding(at + "printed differently\n" + a.printed + "\n" + b.printed);
    }
}

/// The reference's charge for each quantity (none for a negative one), for a shape whose prices
/// have `price_scale` and quantities `quantity_scale` fraction digits.
std::vector<std::optional<ref::result>> reference_results(const spec& s, int price_scale,
                                                          int quantity_scale, int amount_scale) {
    const int minor = s.currency->minor_units;
    const int limit_scale = amount_scale < minor ? amount_scale : minor;
    ref::table_spec t;
    t.graduated = s.graduated;
    t.minor_units = minor;
    t.rounding = ref_modes[s.mode];
    t.round_total = s.total_scope;
    t.package_size = s.package;
    t.package_up = s.package_up;
    if (s.minimum) t.minimum = ref::number(*s.minimum, limit_scale);
    if (s.maximum) t.maximum = ref::number(*s.maximum, limit_scale);
    for (const spec::tier_spec& x : s.tiers) {
        ref::tier_spec y;
        if (x.up_to) y.up_to = ref::number(ref::integer::from_int64(*x.up_to), quantity_scale);
        y.quote = x.quote;
        if (!x.quote) {
            y.unit_price = ref::number(x.price, price_scale);
            y.flat_fee = ref::number(x.fee, price_scale);
        }
        t.tiers.push_back(y);
    }
    std::vector<std::optional<ref::result>> out;
    for (const std::int64_t raw : s.quantities) {
        if (raw < 0)
            out.emplace_back();
        else
            out.emplace_back(
                ref::rate(t, ref::number(ref::integer::from_int64(raw), quantity_scale)));
    }
    return out;
}

/// tariff agrees with the reference rater, and overflows exactly when an exact value of the
/// rating does not fit the amount's representation (or the billable quantity the quantity's).
template <class Table>
void compare_reference(const spec& s, const rated<Table>& r,
                       const std::vector<std::optional<ref::result>>& expected) {
    if (!r.table) return;
    using quantity_type = typename Table::quantity_type;
    using amount_type = typename Table::amount_type;
    constexpr int qs = quantity_info<quantity_type>::scale;
    const std::optional<ref::integer> limit = max_raw<typename amount_type::rep>();
    static const ref::integer quantity_limit = ref::integer::max_of_bits(63);
    for (std::size_t k = 0; k < s.quantities.size(); ++k) {
        if (!expected[k]) continue;
        const ref::result& want = *expected[k];
        const std::int64_t raw = s.quantities[k];
        const outcome& got = r.outcomes[k];
        const std::string at = std::string(rep_label<typename Table::price_type::rep>()) +
                               ": quantity " + std::to_string(raw) + ": ";
        const std::optional<ref::integer> billable = want.billable.raw_at(qs);
        const bool fits = billable && billable->abs() <= quantity_limit &&
                          (!limit || ref::all_fit(want.held, amount_type::scale, *limit));
        if (!fits) {
            if (got.result != outcome::overflow)
                finding(at + "an exact value does not fit, yet " + kind_name(got.result) + ": " +
                        got.charge);
            continue;
        }
        if (got.result == outcome::overflow)
            finding(at + "unexpected overflow_error: " + got.message);
        if ((got.result == outcome::quote) != want.quote_required)
            finding(at + kind_name(got.result) + ", the reference disagrees");
        if (got.result == outcome::quote) continue;
        if (got.amounts.size() != want.lines.size()) {
            finding(at + std::to_string(got.amounts.size()) + " lines, the reference has " +
                    std::to_string(want.lines.size()));
        }
        for (std::size_t i = 0; i < want.lines.size(); ++i) {
            if (!want.lines[i].quote &&
                ref::number::parse(got.amounts[i]) != want.lines[i].amount) {
                finding(at + "line " + std::to_string(i) + " amount " + got.amounts[i] +
                        ", the reference says " + want.lines[i].amount.to_text());
            }
        }
        if (ref::number::parse(got.subtotal) != *want.subtotal) {
            finding(at + "subtotal " + got.subtotal + ", the reference says " +
                    want.subtotal->to_text());
        }
        const ref::number total = ref::number::parse(got.total);
        if (s.guard) {
            // The guard only ever lowers a volume charge.
            if (total > *want.total)
                finding(at + "guarded total " + got.total + " above " + want.total->to_text());
            if (s.graduated && total != *want.total)
                finding(at + "a graduated total moved by the guard");
        } else if (total != *want.total) {
            finding(at + "total " + got.total + ", the reference says " + want.total->to_text() +
                    "\n  " + got.charge);
        }
    }
}

#ifdef TARIFF_FUZZ_BULK
/// Every bulk loop gives, element by element, rate()'s status and total.
template <class Table>
void compare_bulk(const spec& s, const rated<Table>& r) {
    if (!r.table) return;
    using quantity_type = typename Table::quantity_type;
    using amount_type = typename Table::amount_type;
    std::vector<quantity_type> quantities;
    for (const std::int64_t raw : s.quantities)
        quantities.push_back(quantity_info<quantity_type>::make(raw));
    // Repeat the quantities past a chunk (1024 elements with int64 amounts, else 256), so the
    // loops run full chunks and a tail.
    const std::size_t n0 = quantities.size();
    const std::size_t batch = std::is_same_v<typename amount_type::rep, std::int64_t> ? 1100 : 300;
    for (std::size_t i = 0; s.long_batch && quantities.size() < batch; ++i)
        quantities.push_back(quantities[i % n0]);
    const std::size_t n = quantities.size();
    std::vector<amount_type> totals(n);
    std::vector<tariff::bulk_status> status(n);
    for (const tariff::bulk_path path : {tariff::bulk_path::automatic, tariff::bulk_path::vector,
                                         tariff::bulk_path::scalar, tariff::bulk_path::exact}) {
        const tariff::bulk_rater<Table> rater(*r.table, path);
        const tariff::bulk_summary summary =
            rater.rate(quantities.data(), n, totals.data(), status.data());
        tariff::bulk_summary counted;
        for (std::size_t i = 0; i < n; ++i) {
            const outcome& want = r.outcomes[i % n0];
            auto at = [&] {
                return std::string(rep_label<typename Table::price_type::rep>()) + " bulk " +
                       std::string(tariff::to_string_view(path)) + " (runs " +
                       std::string(tariff::to_string_view(rater.path())) + "): quantity " +
                       std::to_string(s.quantities[i % n0]) + ": ";
            };
            counted.add(status[i]);
            tariff::bulk_status expected = tariff::bulk_status::priced;
            switch (want.result) {
                case outcome::priced:
                    expected = tariff::bulk_status::priced;
                    break;
                case outcome::quote:
                    expected = tariff::bulk_status::quote_required;
                    break;
                case outcome::overflow:
                    expected = tariff::bulk_status::overflow;
                    break;
                case outcome::negative:
                    expected = tariff::bulk_status::negative_quantity;
                    break;
            }
            if (status[i] != expected) {
                finding(at() + std::string(tariff::to_string_view(status[i])) + ", rate gives " +
                        kind_name(want.result) + " " + want.total + want.message);
            }
            const amount_type& expected_total = r.totals[i % n0];
            if (totals[i] != expected_total) {
                finding(at() + "total " + tariff::to_string(totals[i]) + ", rate gives " +
                        tariff::to_string(expected_total));
            }
        }
        if (summary != counted) finding("bulk summary does not count the statuses");
    }
}
#endif

/// cliffs() and max_quantity_within() agree with rate() (prices in cpp_int: never an overflow).
template <class Table>
void compare_insight(const spec& s, const rated<Table>& r) {
    if (!r.table) return;
    using quantity_type = typename Table::quantity_type;
    using amount_type = typename Table::amount_type;
    using info = quantity_info<quantity_type>;
    const Table& table = *r.table;
    auto total_at = [&](std::int64_t raw) -> std::optional<amount_type> {
        try {
            const auto c = tariff::rate(table, info::make(raw));
            return c.total;
        } catch (const tariff::overflow_error&) {
            return std::nullopt;  // the billable quantity does not fit its type
        }
    };
    auto raw_of = [](const quantity_type& q) -> std::int64_t {
        if constexpr (std::is_integral_v<quantity_type>)
            return q;
        else
            return q.raw_value();
    };
    try {
        for (const auto& c : tariff::cliffs(table)) {
            const std::int64_t at = raw_of(c.at);
            const std::string where = "cliff at " + quantity_text(c.at) + ": ";
            const auto before = total_at(at);
            const auto after = at < int64_max ? total_at(at + 1) : std::nullopt;
            if (!before || *before != c.charge_at)
                finding(where + "rate() gives another charge at it");
            if (!after || *after != c.charge_after)
                finding(where + "rate() gives another charge after it");
            if (!(c.drop > amount_type()) || c.charge_at - c.charge_after != c.drop)
                finding(where + "the drop is wrong");
            if (c.cheaper_until) {
                const std::int64_t until = raw_of(*c.cheaper_until);
                const auto last = total_at(until);
                if (!last || !(*last < c.charge_at))
                    finding(where + "not cheaper at cheaper_until");
                if (until < int64_max) {
                    const auto next = total_at(until + 1);
                    if (next && *next < c.charge_at)
                        finding(where + "still cheaper after cheaper_until");
                }
            }
        }
        // Budgets: zero, every total rated, and each a hair (one raw unit) less.
        std::vector<amount_type> budgets = {amount_type()};
        const amount_type hair = amount_type::from_raw(typename amount_type::rep(1));
        for (std::size_t k = 0; k < s.quantities.size() && budgets.size() < 9; ++k) {
            if (r.outcomes[k].result != outcome::priced) continue;
            budgets.push_back(r.totals[k]);
            if (r.totals[k] > amount_type()) budgets.push_back(r.totals[k] - hair);
        }
        for (const amount_type& budget : budgets) {
            const auto answer = tariff::max_quantity_within(table, budget);
            const std::string where = "max_quantity_within(" + tariff::to_string(budget) + "): ";
            for (std::size_t k = 0; k < s.quantities.size(); ++k) {
                const std::int64_t q = s.quantities[k];
                if (q < 0 || r.outcomes[k].result != outcome::priced) continue;
                const bool fits = !(budget < r.totals[k]);
                if (!answer) {
                    if (fits)
                        finding(where + "nothing fits, yet " + std::to_string(q) + " costs " +
                                r.outcomes[k].total);
                } else if (!answer.unbounded()) {
                    if (fits && q > raw_of(answer.quantity)) {
                        finding(where + "answers " + quantity_text(answer.quantity) +
                                ", yet the larger " + std::to_string(q) + " costs " +
                                r.outcomes[k].total);
                    }
                }
            }
            if (answer.unbounded()) {
                // No largest: the largest quantity of all fits too (or cannot be rated).
                const auto top = total_at(int64_max);
                if (top && budget < *top)
                    finding(where + "unbounded, yet the largest quantity costs " +
                            tariff::to_string(*top));
            }
            if (answer && !answer.unbounded()) {
                const std::int64_t q = raw_of(answer.quantity);
                const auto at = total_at(q);
                if (!at || budget < *at)
                    finding(where + "the answer " + quantity_text(answer.quantity) +
                            " does not fit");
                if (q < int64_max) {
                    const auto next = total_at(q + 1);
                    if (next && !(budget < *next))
                        finding(where + "the quantity after the answer fits too");
                }
            }
        }
    } catch (const std::exception& e) {
        finding(std::string("insight threw: ") + e.what());
    }
}

template <class Price, class Quantity>
void run_shape(const spec& s) {
    using P64 = tariff::decimal<Price::scale, std::int64_t>;
    using P128 = tariff::decimal<Price::scale, tariff::checked_int128_t>;
    using Pbig = tariff::decimal<Price::scale, tariff::cpp_int>;
    using T64 = tariff::tier_table<tariff::runtime_currency, P64, Quantity>;
    using T128 = tariff::tier_table<tariff::runtime_currency, P128, Quantity>;
    using Tbig = tariff::tier_table<tariff::runtime_currency, Pbig, Quantity>;
    const rated<T64> r64 = rate_all<T64>(s);
    const rated<T128> r128 = rate_all<T128>(s);
    const rated<Tbig> rbig = rate_all<Tbig>(s);
    compare_reps(s, r64, r128);
    compare_reps(s, r64, rbig);
    compare_reps(s, r128, rbig);
    const auto expected =
        reference_results(s, Price::scale, quantity_info<Quantity>::scale, T64::amount_type::scale);
    compare_reference(s, r64, expected);
    compare_reference(s, r128, expected);
    compare_reference(s, rbig, expected);
    compare_insight(s, rbig);
#ifdef TARIFF_FUZZ_BULK
    compare_bulk(s, r64);
    compare_bulk(s, r128);
    compare_bulk(s, rbig);
#endif
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    byte_reader in(data, size);
    const spec s = read_spec(in);
    // FUZZ_RATING_PRINT=1 shows what an input means (run the executable on the file).
    static const bool print = std::getenv("FUZZ_RATING_PRINT") != nullptr;
    if (print) std::fprintf(stderr, "%s\n", s.describe().c_str());
    g_description = "  shape decimal<2> x int64: " + s.describe();
    run_shape<tariff::decimal<2>, std::int64_t>(s);
    g_description = "  shape decimal<18> x int64: " + s.describe();
    run_shape<tariff::decimal<18>, std::int64_t>(s);
    g_description = "  shape decimal<6> x decimal<3>: " + s.describe();
    run_shape<tariff::decimal<6>, tariff::decimal<3>>(s);
    return 0;
}
