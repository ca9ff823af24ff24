#pragma once
/// Currencies: compile-time tags (tariff::iso::USD, ...) so that mixing currencies does not
/// compile, and a runtime table of every active ISO 4217 code for data-driven price books.

#include <cstddef>
#include <string>
#include <string_view>

#include "detail/iso4217.hpp"
#include "error.hpp"

namespace tariff {

/// A currency known at run time: ISO 4217 alphabetic code, numeric code and minor units.
struct currency {
    std::string_view code;
    int numeric;
    int minor_units;

    friend constexpr bool operator==(const currency& a, const currency& b) noexcept {
        return a.code == b.code;
    }
    friend constexpr bool operator!=(const currency& a, const currency& b) noexcept {
        return !(a == b);
    }
};

/// Compile-time currency tags: `money<iso::USD>`. Each carries `code`, `numeric` and
/// `minor_units` and converts to the runtime `currency` via `iso::USD::info`.
namespace iso {
#define TARIFF_DEFINE_CURRENCY_TAG(c, n, m)                         \
    struct c {                                                      \
        static constexpr std::string_view code = #c;                \
        static constexpr int numeric = n;                           \
        static constexpr int minor_units = m;                       \
        static constexpr currency info{code, numeric, minor_units}; \
    };
TARIFF_ISO4217_CURRENCIES(TARIFF_DEFINE_CURRENCY_TAG)
#undef TARIFF_DEFINE_CURRENCY_TAG
}  // namespace iso

namespace detail {
#define TARIFF_CURRENCY_ROW(c, n, m) currency{#c, n, m},
inline constexpr currency iso4217_table[] = {TARIFF_ISO4217_CURRENCIES(TARIFF_CURRENCY_ROW)};
#undef TARIFF_CURRENCY_ROW
}  // namespace detail

/// Every active ISO 4217 code with a minor unit, sorted by code.
constexpr const currency* currencies_begin() noexcept { return detail::iso4217_table; }
constexpr const currency* currencies_end() noexcept {
    return detail::iso4217_table + sizeof(detail::iso4217_table) / sizeof(detail::iso4217_table[0]);
}

/// The currency with this upper-case ISO 4217 code, or nullptr.
constexpr const currency* find_currency(std::string_view code) noexcept {
    const currency* lo = currencies_begin();
    const currency* hi = currencies_end();
    while (lo < hi) {  // binary search: the table is sorted by code
        const currency* mid = lo + (hi - lo) / 2;
        if (mid->code < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (lo != currencies_end() && lo->code == code) ? lo : nullptr;
}

/// The currency with this upper-case ISO 4217 code; throws invalid_argument naming it.
inline currency currency_from_code(std::string_view code) {
    if (const currency* c = find_currency(code)) return *c;
    throw invalid_argument("\"" + std::string(code) + "\" is not an active ISO 4217 currency code");
}

}  // namespace tariff
