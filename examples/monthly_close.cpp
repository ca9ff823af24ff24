// The monthly close over a ledger, three months of one account: activation, a top-up, a prepaid
// pack, a price change, a month that leaves the account in arrears (suspended) and the top-up
// that reactivates it. The ledger here is in memory; <tariff/sqlite.hpp>'s sqlite_store keeps
// the same ledger in a file (as `tariff close --db FILE` does).
#include <iostream>
#include <string>
#include <tariff/catalogue.hpp>
#include <tariff/catalogue_billing.hpp>
#include <tariff/memory_store.hpp>
#include <tariff/monthly_close.hpp>

namespace {

using table = tariff::tier_table<tariff::iso::USD, tariff::decimal<2>>;
using amount = table::amount_type;

// Face comparison calls: the FaceID volume table until January, cheaper from February 2026.
tariff::catalogue<table> prices() {
    const table faceid(tariff::tier_mode::volume, {{1000, "0.40"},
                                                   {10000, "0.35"},
                                                   {100000, "0.30"},
                                                   {200000, "0.25"},
                                                   {tariff::unbounded, tariff::contact_sales}});
    const table cheaper(tariff::tier_mode::volume, {{1000, "0.30"},
                                                    {10000, "0.25"},
                                                    {100000, "0.20"},
                                                    {tariff::unbounded, tariff::contact_sales}});
    tariff::catalogue<table> c("FaceID", tariff::iso::USD::info);
    c.add({"calls",
           "Face comparison",
           "call",
           "calls",
           {{std::nullopt, faceid}, {tariff::billing_period(2026, 2), cheaper}}});
    return c;
}

// Closes `month` of 2026 with `calls` calls by acme, printing the bill.
void close(tariff::ledger<amount>& books, const tariff::catalogue<table>& catalogue, int month,
           std::int64_t calls) {
    const tariff::billing_period period(2026, month);
    tariff::catalogue_billing_run<table> run(catalogue, period);
    run.add("acme", "calls", tariff::parse_instant(tariff::to_string(period) + "-15T12:00:00Z"),
            std::to_string(calls));
    // The close runs once the month has ended: here, at midnight on the 1st of the next one.
    const tariff::instant now = tariff::period_range(period, tariff::utc_offset()).end;
    const auto summary = tariff::close_month(
        books, run, now, [](const tariff::catalogue_bill<table>& bill, const std::string&) {
            const auto& calls_bill = bill.products.at(0);
            std::cout << bill.account << ' ' << tariff::to_string(bill.period) << ": "
                      << calls_bill.charge.quantity << " calls, "
                      << calls_bill.packs_used.value_or(0) << " from packs, "
                      << calls_bill.charge.billable << " billed, "
                      << tariff::format_amount(*bill.total, bill.currency) << " USD; balance "
                      << tariff::format_amount(bill.balance_before, bill.currency) << " -> "
                      << tariff::format_amount(bill.balance_after, bill.currency) << ", "
                      << tariff::to_string_view(bill.service) << '\n';
        });
    if (summary.order == tariff::close_order::again) {
        std::cout << tariff::to_string(period) << " was closed already: nothing changed\n";
    }
}

void show_top_up(const tariff::top_up_result<amount>& done) {
    const auto& r = done.record.receipt;
    const tariff::currency usd = tariff::iso::USD::info;
    std::cout << done.record.account << " tops up " << tariff::format_amount(r.amount, usd)
              << (done.already_applied ? " (already applied, nothing changed)" : "") << "; balance "
              << tariff::format_amount(r.balance_after, usd) << ", "
              << tariff::to_string_view(r.state) << '\n';
}

}  // namespace

int main() {
    const tariff::catalogue<table> catalogue = prices();
    tariff::memory_store<amount> store;  // USD
    tariff::ledger<amount> books(store);

    books.activate("acme");
    show_top_up(books.top_up("acme", amount::parse("500.00"), "invoice-1001"));
    show_top_up(books.top_up("acme", amount::parse("500.00"), "invoice-1001"));  // a retry
    // 1200 prepaid calls for January and February; what is left after February is forfeited.
    books.add_pack("acme", "calls", 1200, tariff::billing_period(2026, 1),
                   tariff::billing_period(2026, 2));

    // January: the pack takes 1200 calls, 300 are billed at 0.40.
    close(books, catalogue, 1, 1500);
    // February, at the new prices: 2000 calls at 0.25 go below zero: suspended.
    close(books, catalogue, 2, 2000);
    close(books, catalogue, 2, 2000);  // the same month again changes nothing
    // A top-up that brings the balance back to zero or above reactivates the service.
    show_top_up(books.top_up("acme", amount::parse("250.00")));
    // March: 100 calls at 0.30.
    close(books, catalogue, 3, 100);
}
