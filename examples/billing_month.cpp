// A month of the FaceID API for four prepaid accounts, billed the way the product bills: calls are
// metered per calendar month (here in Nepal time, UTC+05:45), the bill is issued on the 1st-3rd
// of the next month and deducted from the prepaid balance, an account in arrears is suspended,
// and a top-up that brings its balance back to zero or above reactivates it. A month that
// reaches the contact-sales tier deducts nothing until sales agree a price.
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <tariff/charge.hpp>
#include <tariff/charge_format.hpp>
#include <tariff/ledger.hpp>
#include <tariff/meter.hpp>
#include <tariff/money.hpp>
#include <tariff/period.hpp>

namespace {

using usd = tariff::money<tariff::iso::USD>;

constexpr tariff::tier_table<tariff::iso::USD, tariff::decimal<2>> faceid{
    tariff::tier_mode::volume,
    {{1000, "0.40"},
     {10000, "0.35"},
     {100000, "0.30"},
     {200000, "0.25"},
     {tariff::unbounded, tariff::contact_sales}}};

struct usage_event {
    const char* account;
    const char* at;  // RFC 3339, as the API gateway logged it
    std::int64_t calls;
};

void print_state(const tariff::account<usd>& a) {
    std::cout << "  " << a.name() << ": balance " << to_string(a.balance()) << ", "
              << to_string(a.state()) << '\n';
}

}  // namespace

int main() {
    const auto kathmandu = tariff::utc_offset::parse("+05:45");
    const tariff::billing_period february(2024, 2);
    tariff::usage_meter meter(kathmandu);

    std::cout << "Usage, metered in calendar months at UTC " << to_string(kathmandu) << ":\n";
    const usage_event events[] = {
        {"acme", "2024-02-01T00:00:00+05:45", 5000},  // the month's first second there
        {"acme", "2024-02-12T10:00:00Z", 10000},
        {"acme", "2024-02-29T18:14:59Z", 5000},  // 23:59:59 on the leap day in Kathmandu
        {"acme", "2024-02-29T18:15:00Z", 700},   // already 1 March there
        {"globex", "2024-02-10T08:00:00-05:00", 600},
        {"globex", "2024-02-20T08:00:00-05:00", 401},
        {"hooli", "2024-01-31T18:15:00Z", 1000},  // midnight starting 1 February there
        {"initech", "2024-02-05T09:00:00+09:00", 150000},
        {"initech", "2024-02-25T09:00:00+09:00", 100000},
    };
    for (const usage_event& e : events) {
        const auto added = meter.add(e.account, tariff::parse_instant(e.at), e.calls);
        std::cout << "  " << std::left << std::setw(8) << e.account << std::setw(27) << e.at
                  << std::right << std::setw(6) << e.calls << " calls -> "
                  << to_string(added.period) << '\n';
    }

    // Prepaid balances; every account is activated before it uses the service.
    std::map<std::string, tariff::account<usd>> accounts;
    for (const auto& [name, balance] :
         {std::pair{"acme", "10000.00"}, std::pair{"globex", "300.00"},
          std::pair{"hooli", "500.00"}, std::pair{"initech", "60000.00"}}) {
        auto& a =
            accounts.emplace(name, tariff::account<usd>(name, usd::parse(balance))).first->second;
        a.activate();
    }

    const auto window = tariff::issue_window(february, kathmandu);
    const auto issued_at = tariff::parse_instant("2024-03-01T09:00:00+05:45");
    std::cout << "\nThe bills for " << to_string(february) << " are issued from "
              << tariff::to_rfc3339(window.start, kathmandu) << " to "
              << tariff::to_rfc3339(window.end, kathmandu) << "; now it is "
              << tariff::to_rfc3339(issued_at, kathmandu)
              << (tariff::is_in_issue_window(issued_at, february, kathmandu) ? " (in the window)"
                                                                             : " (too early)")
              << ".\n";

    const tariff::text_options invoice{"FaceID liveness face comparison", "call"};
    for (const std::string& name : meter.accounts(february)) {
        tariff::account<usd>& a = accounts.at(name);
        const auto charge = tariff::rate(faceid, meter.total(name, february));
        std::cout << '\n' << name << ": " << tariff::to_text(charge, invoice);
        const std::optional<usd> total = charge.total_money();  // the table's currency: USD
        const auto settled = total ? a.settle(february, *total) : a.record_quote_required(february);
        std::cout << "  " << to_string(settled.status) << ": balance "
                  << to_string(settled.balance_before) << " -> " << to_string(settled.balance_after)
                  << ", service " << to_string(settled.state) << '\n';
    }
    meter.mark_billed(february);

    // Usage for February that arrives after its bill is kept apart: not lost, not billed twice.
    std::cout << "\nAfter the bills:\n";
    const auto late = meter.add("hooli", tariff::parse_instant("2024-02-28T12:00:00Z"), 10);
    std::cout << "  hooli   2024-02-28T12:00:00Z             10 calls -> " << to_string(late.period)
              << (late.late ? ", late: that month is billed" : "") << '\n';
    for (const tariff::late_usage& l : meter.drain_late()) {
        std::cout << "  late usage to review: " << l.account << ' ' << to_string(l.period) << ' '
                  << l.count << " calls in " << l.events
                  << (l.events == 1 ? " event\n" : " events\n");
    }
    std::cout << "  acme's March so far: " << meter.total("acme", february.next()) << " calls\n";

    std::cout << "\nAccount states:\n";
    for (const auto& entry : accounts) print_state(entry.second);

    std::cout << "\nTop-ups for globex (no refunds exist; only top-ups move a balance up):\n";
    tariff::account<usd>& globex = accounts.at("globex");
    for (const char* amount : {"25.00", "100.00"}) {
        const auto receipt = globex.top_up(usd::parse(amount));
        std::cout << "  +" << to_string(receipt.amount) << ": " << to_string(receipt.balance_before)
                  << " -> " << to_string(receipt.balance_after) << ", " << to_string(receipt.state)
                  << '\n';
    }

    std::cout << "\nSales agree 55000.00 USD for initech's " << to_string(february) << ":\n";
    tariff::account<usd>& initech = accounts.at("initech");
    const auto agreed = initech.settle(february, usd::parse("55000.00"));
    std::cout << "  " << to_string(agreed.status) << ": balance "
              << to_string(agreed.balance_before) << " -> " << to_string(agreed.balance_after)
              << ", service " << to_string(agreed.state) << '\n';

    std::cout << "\nAccount states:\n";
    for (const auto& entry : accounts) print_state(entry.second);
}
