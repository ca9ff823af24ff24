// The C++ half of the extension: books are read with the library's reader, totals come from its
// bulk rater and charges from rate() and to_json(), so the extension adds no pricing rule of its
// own. Every entry point catches every exception (see engine.hpp).

#include "engine.hpp"

#include <cstdint>
#include <cstring>
#include <exception>
#include <limits>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <tariff/bulk.hpp>
#include <tariff/charge.hpp>
#include <tariff/charge_format.hpp>
#include <tariff/detail/number.hpp>
#include <tariff/json.hpp>
#include <tariff/stripe.hpp>
#include <utility>
#include <vector>

namespace tariff_pg {

namespace {

/// The book's table in int64 at 9 fraction digits: the same table in a representation the bulk
/// rater runs without allocating, used when every price, fee and limit fits it exactly.
using narrow_price = tariff::decimal<9, std::int64_t>;
using narrow_table = tariff::tier_table<tariff::runtime_currency, narrow_price, std::int64_t,
                                        tariff::book_table::capacity>;

/// `d` at the narrow scale, or nothing when that would lose a digit or not fit.
std::optional<narrow_price> narrow(const tariff::book_price& d) {
    // Magnitude first: printing a price of 10^5 digits takes seconds.
    static const tariff::cpp_int most = tariff::cpp_int(std::numeric_limits<std::int64_t>::max()) *
                                        1000000000;  // narrow_price's largest raw, at book scale
    if (d.raw_value() > most || d.raw_value() < -most) return std::nullopt;
    narrow_price out;
    if (narrow_price::try_parse(tariff::to_string(d), out) != tariff::parse_status::ok)
        return std::nullopt;
    return out;
}

/// `table` with int64 prices, when that is exact: every price, fee, minimum and maximum fits.
/// The copy must carry every rule of the table; books_agree() below is the check that it does.
std::optional<narrow_table> narrow(const tariff::book_table& table) {
    std::vector<narrow_table::tier_type> tiers;
    for (const auto& t : table) {
        narrow_table::tier_type n;
        n.up_to = t.up_to;
        n.is_unbounded = t.is_unbounded;
        n.quote = t.quote;
        const auto price = narrow(t.unit_price), fee = narrow(t.flat_fee);
        if (!price || !fee) return std::nullopt;
        n.unit_price = *price;
        n.flat_fee = *fee;
        tiers.push_back(n);
    }
    narrow_table out = narrow_table(table.currency_info(), table.mode(), tiers.data(), tiers.size())
                           .with_rounding(table.rounding_mode(), table.scope());
    if (table.has_package()) out = out.with_package(table.package_size(), table.package_round());
    for (const auto& [limit, is_minimum] :
         {std::pair{table.minimum(), true}, std::pair{table.maximum(), false}}) {
        if (!limit) continue;
        const auto n = narrow(*limit);
        if (!n) return std::nullopt;
        out = is_minimum ? out.with_minimum(*n) : out.with_maximum(*n);
    }
    if (table.guarded()) out = out.with_guard();
    if (table.free_units() > 0) out = out.with_free_units(table.free_units());
    if (table.flat_fee_at_zero()) out = out.with_flat_fee_at_zero();
    if (table.quantity_scale() > 0) {
        try {
            out = out.with_quantity_scale(table.quantity_scale());
        } catch (const tariff::invalid_table&) {
            return std::nullopt;  // a step's price is finer than the int64 prices hold
        }
    }
    return out;
}

/// Whether the two tables charge the same at zero, one, every tier's edges and their packages:
/// a copy that dropped a rule of the book would differ there.
bool books_agree(const tariff::book_table& book, const narrow_table& copy) {
    std::vector<std::int64_t> probes = {0, 1, 2};
    for (std::size_t i = 0; i + 1 < book.size(); ++i) {
        for (const std::int64_t q : {book[i].up_to, book[i].up_to + 1}) {
            probes.push_back(q);
            if (q <= std::numeric_limits<std::int64_t>::max() / book.package_size())
                probes.push_back(q * book.package_size());
        }
    }
    for (const std::int64_t q : probes) {
        const auto want = tariff::rate(book, q);
        narrow_table::amount_type got{};
        tariff::bulk_status status{};
        if (tariff::rate_many(copy, &q, 1, &got, &status).overflow != 0) continue;
        if (want.priced() != (status == tariff::bulk_status::priced)) return false;
        if (want.priced() &&
            tariff::to_string(*want.total) != tariff::to_string(tariff::book_price(got)))
            return false;
    }
    return true;
}

}  // namespace

struct book {
    explicit book(tariff::price_book read)
        : parsed(std::move(read)), rater(parsed.table), minor_unit(minor_unit_of(parsed.table)) {
        if (std::optional<narrow_table> n = narrow(parsed.table);
            n && books_agree(parsed.table, *n))
            fast.emplace(*n);
        for (int i = parsed.table.currency_info().minor_units; i < narrow_price::scale; ++i)
            fast_minor_unit *= 10;
    }

    tariff::price_book parsed;
    tariff::bulk_rater<tariff::book_table> rater;
    /// One minor unit of the currency as a raw amount: 10^(amount scale - minor digits).
    tariff::cpp_int minor_unit;
    /// The same book rated in int64, when its numbers fit (most books): tried first, and an
    /// element it reports as overflow goes to `rater`.
    std::optional<tariff::bulk_rater<narrow_table>> fast;
    std::int64_t fast_minor_unit = 1;

private:
    static tariff::cpp_int minor_unit_of(const tariff::book_table& table) {
        tariff::cpp_int unit = 1;
        for (int i = table.currency_info().minor_units; i < tariff::book_price::scale; ++i)
            unit *= 10;
        return unit;
    }
};

namespace {

using amount = tariff::book_table::amount_type;

/// `text` copied into the caller's memory context, NUL-terminated; null without memory.
const char* copy_out(std::string_view text) noexcept {
    char* out = allocate_text(text.size() + 1);
    if (out == nullptr) return nullptr;
    std::memcpy(out, text.data(), text.size());
    out[text.size()] = '\0';
    return out;
}

outcome fail(failure& why, outcome kind, std::string_view message) noexcept {
    why.message = copy_out(message);
    why.kind = why.message == nullptr ? outcome::out_of_memory : kind;
    return why.kind;
}

/// Runs `f` (which returns an outcome) and turns whatever it throws into a failure: the
/// library's overflow_error is `overflow`, every other error `invalid`.
template <class F>
outcome guarded(failure& why, F&& f) noexcept {
    try {
        return f();
    } catch (const tariff::overflow_error& e) {
        return fail(why, outcome::overflow, e.what());
    } catch (const std::bad_alloc&) {
        return fail(why, outcome::out_of_memory, "out of memory");
    } catch (const std::exception& e) {
        return fail(why, outcome::invalid, e.what());
    } catch (...) {
        return fail(why, outcome::invalid, "unexpected C++ exception");
    }
}

/// A value from the input as messages show it: whole when short, else its start and length
/// (a numeric may have 131072 digits).
std::string shown(std::string_view text) {
    constexpr std::size_t most = 40;
    if (text.size() <= most) return std::string(text);
    return std::string(text.substr(0, most - 8)) + "... (" + std::to_string(text.size()) +
           " characters)";
}

/// Whether `minor` > 0, an amount in units of 10^-fraction, has more than `limit` digits before
/// the decimal point. Estimated from its bit length, so that a total of 10^5 digits is refused
/// without printing it; only a total at the limit itself is printed to count.
bool too_many_digits(const tariff::cpp_int& minor, int fraction, std::size_t limit) {
    // 2^(bits - 1) <= minor < 2^bits, and 0.30102 < log10(2) < 0.30103.
    const std::size_t bits = boost::multiprecision::msb(minor) + 1;
    const std::size_t shift = static_cast<std::size_t>(fraction);
    const std::size_t fewest = (bits - 1) * 30102 / 100000 + 1;
    const std::size_t most = bits * 30103 / 100000 + 1;
    if (most <= limit + shift) return false;
    if (fewest > limit + shift) return true;
    return minor.str().size() > limit + shift;
}

}  // namespace

book* read_book(const char* json, std::size_t size, const char* source, failure& why) noexcept {
    book* out = nullptr;
    const outcome result = guarded(why, [&] {
        try {
            out = new book(tariff::read_any_price_book(std::string_view(json, size), source));
            return outcome::ok;
        } catch (const tariff::error& e) {
            // A book that cannot be read is bad input, whatever the step that refused it.
            return fail(why, outcome::invalid, e.what());
        }
    });
    if (result != outcome::ok) {
        delete out;
        return nullptr;
    }
    return out;
}

void free_book(book* b) noexcept { delete b; }

int quantity_scale(const book& b) noexcept { return b.parsed.table.quantity_scale(); }

int minor_digits(const book& b) noexcept { return b.parsed.table.currency_info().minor_units; }

outcome read_quantity(const char* text, int scale, std::int64_t& steps, failure& why) noexcept {
    return guarded(why, [&] {
        const std::string_view t(text);
        if (t == "NaN") return fail(why, outcome::invalid, "quantity NaN is not a number");
        if (t == "Infinity" || t == "-Infinity") {
            return fail(why, outcome::invalid,
                        "quantity " + std::string(t) + " is not a finite number");
        }
        if (!t.empty() && t[0] == '-')
            return fail(why, outcome::invalid, "quantity " + shown(t) + " is negative");
        std::int64_t raw = 0;
        // numeric_out writes the column's scale ("20000.000"): zeros beyond the book's are fine.
        const tariff::detail::number_format format{scale, false, true};
        switch (tariff::detail::parse_number(t, format, raw).status) {
            case tariff::parse_status::ok:
                steps = raw;
                return outcome::ok;
            case tariff::parse_status::too_many_fraction_digits:
                return fail(why, outcome::invalid,
                            "quantity " + shown(t) +
                                (scale == 0 ? " is not a whole number (the book counts whole units)"
                                            : " has more than " + std::to_string(scale) +
                                                  " fraction digits (the book's quantity_scale)"));
            case tariff::parse_status::overflow:
                return fail(why, outcome::overflow,
                            "quantity " + shown(t) + " is too large (the largest is " +
                                tariff::detail::fixed_digits(
                                    std::numeric_limits<std::int64_t>::max(), scale) +
                                ")");
            default:
                break;
        }
        return fail(why, outcome::invalid, "quantity " + shown(t) + " is not a number");
    });
}

outcome rate_total(const book& b, std::int64_t steps, std::size_t max_integer_digits, total& out,
                   failure& why) noexcept {
    return guarded(why, [&] {
        out = total{};
        if (b.fast) {
            narrow_table::amount_type narrow_sum{};
            tariff::bulk_status status = tariff::bulk_status::priced;
            b.fast->rate(&steps, 1, &narrow_sum, &status);
            if (status == tariff::bulk_status::priced) {
                out.minor_units = narrow_sum.raw_value() / b.fast_minor_unit;  // exact
                return outcome::ok;
            }
            if (status == tariff::bulk_status::quote_required) {
                out.quote_required = true;
                return outcome::ok;
            }
        }
        amount sum;
        tariff::bulk_status status = tariff::bulk_status::priced;
        b.rater.rate(&steps, 1, &sum, &status);
        switch (status) {
            case tariff::bulk_status::priced:
                break;
            case tariff::bulk_status::quote_required:
                out.quote_required = true;
                return outcome::ok;
            case tariff::bulk_status::negative_quantity:
            case tariff::bulk_status::overflow:
                // rate() refuses the same quantity, and its exception says why.
                (void)tariff::rate(b.parsed.table, steps);
                return fail(why, outcome::overflow,
                            "the charge for quantity " +
                                tariff::detail::fixed_digits(steps, quantity_scale(b)) +
                                " overflows");
        }
        const tariff::cpp_int minor = sum.raw_value() / b.minor_unit;  // exact: at currency scale
        if (minor <= std::numeric_limits<std::int64_t>::max()) {
            out.minor_units = static_cast<std::int64_t>(minor);
            return outcome::ok;
        }
        if (too_many_digits(minor, minor_digits(b), max_integer_digits)) {
            return fail(why, outcome::overflow,
                        "the total for quantity " +
                            tariff::detail::fixed_digits(steps, quantity_scale(b)) +
                            " has more than " + std::to_string(max_integer_digits) +
                            " digits before the decimal point");
        }
        out.text = copy_out(tariff::format_amount(sum, b.parsed.table.currency_info()));
        return out.text == nullptr ? fail(why, outcome::out_of_memory, "out of memory")
                                   : outcome::ok;
    });
}

outcome rate_json(const book& b, std::int64_t steps, const char*& json, failure& why) noexcept {
    return guarded(why, [&] {
        json = copy_out(tariff::to_json(tariff::rate(b.parsed.table, steps)));
        return json == nullptr ? fail(why, outcome::out_of_memory, "out of memory") : outcome::ok;
    });
}

outcome check_book(const char* json, std::size_t size, const char* source, const char*& problem,
                   failure& why) noexcept {
    problem = nullptr;
    return guarded(why, [&] {
        try {
            (void)tariff::read_any_price_book(std::string_view(json, size), source);
            return outcome::ok;
        } catch (const tariff::error& e) {
            problem = copy_out(e.what());
            return problem == nullptr ? fail(why, outcome::out_of_memory, "out of memory")
                                      : outcome::ok;
        }
    });
}

}  // namespace tariff_pg
