// The README's billing-cycle example: meter a month in a fixed UTC offset, settle it once
// against a prepaid balance, suspend in arrears, reactivate on a top-up, report late usage.
#include <iostream>
#include <tariff/billing.hpp>

using usd = tariff::decimal<2>;
constexpr tariff::tier_table<tariff::iso::USD, usd> faceid{
    tariff::tier_mode::volume,
    {{1000, "0.40"},
     {10000, "0.35"},
     {100000, "0.30"},
     {200000, "0.25"},
     {tariff::unbounded, tariff::contact_sales}}};

int main() {
    const auto offset = tariff::utc_offset::parse("+05:45");
    const auto feb = tariff::billing_period::parse("2024-02");

    tariff::usage_meter meter(offset);  // events in any offset; months cut at +05:45
    meter.add("acme", tariff::parse_instant("2024-02-10T09:00:00+01:00"), 8000);
    meter.add("acme", tariff::parse_instant("2024-02-29T18:14:59Z"), 12000);  // 23:59:59 local
    meter.add("acme", tariff::parse_instant("2024-02-29T18:15:00Z"), 5);      // already March

    tariff::account<usd> acme("acme", usd::parse("5000.00"));
    acme.activate();  // a service must be activated before use
    const auto charge = tariff::rate(faceid, meter.total("acme", feb));   // 20000 calls
    const auto bill = charge.priced() ? acme.settle(feb, *charge.total)   // 6000.00
                                      : acme.record_quote_required(feb);  // contact sales
    meter.mark_billed(feb);
    std::cout << to_string(bill.period) << ' ' << bill.charge << ' ' << bill.balance_before
              << " -> " << bill.balance_after << ' ' << to_string(bill.state) << '\n';
    // 2024-02 6000.00 5000.00 -> -1000.00 suspended

    try {
        acme.settle(feb, *charge.total);  // a second settlement is refused; nothing changes
    } catch (const tariff::refused& e) {
        std::cout << e.what() << '\n';
    }
    acme.top_up(usd::parse("1000.00"));  // balance 0.00: active again
    std::cout << acme.balance() << ' ' << to_string(acme.state()) << '\n';

    const auto added = meter.add("acme", tariff::parse_instant("2024-02-20T12:00:00Z"), 7);
    std::cout << std::boolalpha << added.late << ' ' << meter.total("acme", feb)
              << '\n';  // true 20000
}
