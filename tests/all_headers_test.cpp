// A translation unit that includes every public header. Linked with the other test files, which
// include the same headers, it turns a definition that should have been inline (or a header that
// is not self-sufficient in this order) into a build error.

#include <doctest/doctest.h>

// The foundation, always present.
#include <tariff/allocate.hpp>
#include <tariff/currency.hpp>
#include <tariff/decimal.hpp>
#include <tariff/error.hpp>
#include <tariff/money.hpp>
#include <tariff/multiprecision.hpp>
#include <tariff/rounding.hpp>
#include <tariff/tariff.hpp>

// The layers built on it, included when they exist.
#if __has_include(<tariff/billing.hpp>)
#include <tariff/billing.hpp>
#endif
#if __has_include(<tariff/billing_run.hpp>)
#include <tariff/billing_run.hpp>
#endif
#if __has_include(<tariff/bulk.hpp>)
#include <tariff/bulk.hpp>
#endif
#if __has_include(<tariff/charge.hpp>)
#include <tariff/charge.hpp>
#endif
#if __has_include(<tariff/charge_format.hpp>)
#include <tariff/charge_format.hpp>
#endif
#if __has_include(<tariff/default_book.hpp>)
#include <tariff/default_book.hpp>
#endif
#if __has_include(<tariff/insight.hpp>)
#include <tariff/insight.hpp>
#endif
#if __has_include(<tariff/json.hpp>)
#include <tariff/json.hpp>
#endif
#if __has_include(<tariff/ledger.hpp>)
#include <tariff/ledger.hpp>
#endif
#if __has_include(<tariff/meter.hpp>)
#include <tariff/meter.hpp>
#endif
#if __has_include(<tariff/period.hpp>)
#include <tariff/period.hpp>
#endif
#if __has_include(<tariff/stripe.hpp>)
#include <tariff/stripe.hpp>
#endif
#if __has_include(<tariff/tier_table.hpp>)
#include <tariff/tier_table.hpp>
#endif
#if __has_include(<tariff/usage_csv.hpp>)
#include <tariff/usage_csv.hpp>
#endif

#include <string>
#include <vector>

TEST_CASE("all headers: a second translation unit including every public header") {
    // Use a little of the foundation here too, so its inline functions are emitted in this unit.
    const auto fee = tariff::money<tariff::iso::USD>::parse("0.30") * 20000;
    CHECK(tariff::to_string(fee) == "6000.00 USD");
    CHECK(tariff::currency_from_code("JPY").minor_units == 0);
    CHECK(tariff::allocate(fee, std::vector<int>{1, 2}).size() == 2);
}
