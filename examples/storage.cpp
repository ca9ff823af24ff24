// A graduated cloud-storage price table: the quantity is a decimal number of gigabytes
// (decimal<3>, to the megabyte), prices have up to six fraction digits, each band of usage is
// billed at its own price, every line is rounded half-to-even to the cent, and a month costs at
// least 0.50 USD.
#include <iostream>
#include <tariff/charge.hpp>
#include <tariff/charge_format.hpp>

namespace {

using gb = tariff::decimal<3>;
using price = tariff::decimal<6>;
using storage_table = tariff::tier_table<tariff::iso::USD, price, gb>;

constexpr storage_table storage =
    storage_table(tariff::tier_mode::graduated, {{gb(1024), "0.0250"},      // the first TB
                                                 {gb(51200), "0.02185"},    // up to 50 TB
                                                 {gb(512000), "0.020125"},  // up to 500 TB
                                                 {tariff::unbounded, "0.019"}})
        .with_rounding(tariff::rounding::half_even, tariff::rounding_scope::line)
        .with_minimum("0.50");

static_assert(storage.tier_index(gb::parse("1024.001")) == 1);

}  // namespace

int main() {
    const tariff::text_options invoice{"Object storage, GB-month", "GB"};
    for (const char* usage : {"0.5", "1024", "1500.25", "60000.125", "750000"}) {
        std::cout << tariff::to_text(tariff::rate(storage, gb::parse(usage)), invoice) << '\n';
    }
    std::cout << tariff::to_json(tariff::rate(storage, gb::parse("1500.25"))) << '\n';
}
