// The C++ half of the extension: books are read with the library's reader, totals come from its
// bulk rater and charges from rate() and to_json(), so the extension adds no pricing rule of its
// own. Every entry point catches every exception (see engine.hpp).

#include "engine.hpp"

#include <cstdint>
#include <cstring>
#include <exception>
#include <limits>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <tariff/bulk.hpp>
#include <tariff/catalogue.hpp>
#include <tariff/charge.hpp>
#include <tariff/charge_format.hpp>
#include <tariff/detail/number.hpp>
#include <tariff/json.hpp>
#include <tariff/stripe.hpp>
#include <utility>
#include <vector>

namespace tariff_pg {

struct book {
    explicit book(tariff::price_book read)
        : parsed(std::move(read)), rater(parsed.table), minor_unit(minor_unit_of(parsed.table)) {}

    tariff::price_book parsed;
    /// The library's bulk rater: its int64 plan (bulk_rater::path()) when the book's numbers fit
    /// int64 at some scale (most books), else the exact cpp_int path.
    tariff::bulk_rater<tariff::book_table> rater;
    /// One minor unit of the currency as a raw amount: 10^(amount scale - minor digits).
    tariff::cpp_int minor_unit;

private:
    static tariff::cpp_int minor_unit_of(const tariff::book_table& table) {
        tariff::cpp_int unit = 1;
        for (int i = table.currency_info().minor_units; i < tariff::book_price::scale; ++i)
            unit *= 10;
        return unit;
    }
};

/// A catalogue and, for each of its products, one book per version, in the catalogue's order.
struct catalogue {
    explicit catalogue(tariff::book_catalogue read) : parsed(std::move(read)) {
        for (const auto& [id, product] : parsed.products()) {
            std::vector<std::unique_ptr<book>>& prepared = versions[id];
            for (const auto& v : product.versions) {
                prepared.push_back(std::make_unique<book>(
                    tariff::price_book{product.name, product.unit, v.table, product.unit_plural}));
            }
        }
    }

    tariff::book_catalogue parsed;
    std::map<std::string, std::vector<std::unique_ptr<book>>, std::less<>> versions;
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

/// A new T made from what `read` returns, or null with `why` filled. Input that cannot be read
/// is bad input, whatever the step that refused it.
template <class T, class Read>
T* read_new(failure& why, Read&& read) noexcept {
    T* out = nullptr;
    guarded(why, [&] {
        try {
            out = new T(read());
            return outcome::ok;
        } catch (const tariff::error& e) {
            return fail(why, outcome::invalid, e.what());
        }
    });
    return out;
}

}  // namespace

book* read_book(const char* json, std::size_t size, const char* source, failure& why) noexcept {
    return read_new<book>(
        why, [&] { return tariff::read_any_price_book(std::string_view(json, size), source); });
}

void free_book(book* b) noexcept { delete b; }

catalogue* read_catalogue(const char* json, std::size_t size, const char* source,
                          failure& why) noexcept {
    return read_new<catalogue>(
        why, [&] { return tariff::read_catalogue(std::string_view(json, size), source); });
}

void free_catalogue(catalogue* c) noexcept { delete c; }

outcome catalogue_price(const catalogue& c, const char* product, std::size_t product_size,
                        const char* period, std::size_t period_size, const book*& price,
                        failure& why) noexcept {
    return guarded(why, [&] {
        try {
            const std::string_view id(product, product_size);
            const auto& p = c.parsed.at(id);  // names a product the catalogue lacks
            const auto when = tariff::billing_period::parse(std::string_view(period, period_size));
            const auto* version = c.parsed.version_for(p, when);
            if (version == nullptr) (void)c.parsed.price_for(id, when);  // says why, and throws
            const auto index = static_cast<std::size_t>(version - p.versions.data());
            price = c.versions.find(id)->second.at(index).get();
            return outcome::ok;
        } catch (const tariff::error& e) {
            return fail(why, outcome::invalid, e.what());
        }
    });
}

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
        // Minor units in int64 first: the int64 plan when the book has one. A total beyond
        // int64 is reported as overflow there and rated again below in cpp_int.
        std::int64_t minor_units = 0;
        tariff::bulk_status fast = tariff::bulk_status::priced;
        b.rater.rate_minor_units(&steps, 1, &minor_units, &fast);
        if (fast == tariff::bulk_status::priced) {
            out.minor_units = minor_units;
            return outcome::ok;
        }
        if (fast == tariff::bulk_status::quote_required) {
            out.quote_required = true;
            return outcome::ok;
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
