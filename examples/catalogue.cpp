// Three products on one monthly bill, priced from a catalogue. Face comparison calls get a free
// allowance of 1,000 calls a month from July 2025 on (a new version of the product's price);
// ID-card OCR is graduated with a monthly minimum; storage is billed in GB with two decimals,
// and its first tier's flat fee is charged even in a month without usage. June and July are
// billed for two prepaid accounts; each account's bill is the sum of its products' charges.
#include <iostream>
#include <string>
#include <tariff/catalogue.hpp>
#include <tariff/catalogue_billing.hpp>
#include <tariff/charge.hpp>
#include <tariff/charge_format.hpp>
#include <tariff/json.hpp>
#include <tariff/period.hpp>

namespace {

constexpr const char* catalogue_json = R"({
  "name": "FaceID",
  "currency": "USD",
  "products": {
    "liveness_face_comparison": {
      "name": "Liveness face comparison", "unit": "call",
      "versions": [
        {"mode": "volume",
         "tiers": [{"up_to": 1000, "unit_price": "0.40"}, {"up_to": 10000, "unit_price": "0.35"},
                   {"up_to": 100000, "unit_price": "0.30"}, {"up_to": 200000, "unit_price": "0.25"},
                   {"up_to": "inf", "quote": true}]},
        {"effective_from": "2025-07", "mode": "volume", "free_units": 1000,
         "tiers": [{"up_to": 1000, "unit_price": "0.40"}, {"up_to": 10000, "unit_price": "0.35"},
                   {"up_to": 100000, "unit_price": "0.30"}, {"up_to": 200000, "unit_price": "0.25"},
                   {"up_to": "inf", "quote": true}]}]},
    "id_card_ocr": {
      "name": "ID card OCR", "unit": "call",
      "versions": [
        {"mode": "graduated", "minimum": "10.00",
         "tiers": [{"up_to": 1000, "unit_price": "0.10"}, {"up_to": "inf", "unit_price": "0.08"}]}]},
    "storage": {
      "name": "Storage", "unit": "GB",
      "versions": [
        {"mode": "graduated", "quantity_scale": 2, "flat_fee_at_zero": true,
         "tiers": [{"up_to": 50, "unit_price": "0", "flat_fee": "5.00"},
                   {"up_to": "inf", "unit_price": "0.02"}]}]}
  }
})";

constexpr const char* events_csv =
    "account,product,timestamp,quantity\n"
    "acme,liveness_face_comparison,2025-06-12T09:00:00Z,20000\n"
    "acme,id_card_ocr,2025-06-20T10:00:00Z,1500\n"
    "acme,storage,2025-06-30T12:00:00Z,75.5\n"
    "acme,liveness_face_comparison,2025-07-03T09:00:00Z,20000\n"
    "acme,storage,2025-07-31T12:00:00Z,80.25\n"
    "globex,liveness_face_comparison,2025-06-15T09:00:00Z,800\n"
    "globex,liveness_face_comparison,2025-07-15T09:00:00Z,800\n";

constexpr const char* balances_csv =
    "account,balance\n"
    "acme,10000.00\n"
    "globex,50.00\n";

}  // namespace

int main() {
    const tariff::book_catalogue catalogue = tariff::read_catalogue(catalogue_json, "example");
    std::cout << "Catalogue " << catalogue.name() << " (" << catalogue.currency_info().code
              << "):\n";
    for (const auto& [id, product] : catalogue.products()) {
        std::cout << "  " << id << ": " << product.versions.size() << " version"
                  << (product.versions.size() == 1 ? "" : "s") << ", quantities with "
                  << product.versions[0].table.quantity_scale() << " fraction digits\n";
    }

    // The version in force: the latest whose effective_from is at or before the month.
    std::cout << "\n20000 face comparisons, priced in June and in July 2025:\n";
    for (const tariff::billing_period month :
         {tariff::billing_period(2025, 6), tariff::billing_period(2025, 7)}) {
        const auto& product = catalogue.at("liveness_face_comparison");
        const auto c = tariff::rate(catalogue.price_for(product.id, month), 20000);
        std::cout << to_string(month) << ": "
                  << tariff::to_text(c, {product.name, product.unit, product.unit_plural});
    }

    // Storage counts hundredths of a GB, and bills its 5.00 fee with no usage at all.
    std::cout << "\nStorage with no usage:\n"
              << tariff::to_text(
                     tariff::rate(catalogue.price_for("storage", tariff::billing_period(2025, 7)),
                                  0),
                     {"Storage", "GB"});

    // Both months, both accounts, each month from the same opening balances: one row per product,
    // then the account's total and balance.
    for (const tariff::billing_period month :
         {tariff::billing_period(2025, 6), tariff::billing_period(2025, 7)}) {
        tariff::catalogue_billing_run<tariff::book_table> run(catalogue, month);
        tariff::balances_csv_reader<tariff::book_table::amount_type> balances(
            "balances.csv", catalogue.currency_info());
        auto set = [&](const tariff::balance_row<tariff::book_table::amount_type>& row) {
            run.set_balance(row.account, row.balance);
        };
        balances.feed(balances_csv, set);
        balances.finish(set);
        tariff::product_usage_csv_reader events("events.csv");
        auto add = [&](const tariff::product_usage_event& e) {
            run.add(e.account, e.product, e.at, e.quantity);
        };
        events.feed(events_csv, add);
        events.finish(add);
        std::string rows(tariff::catalogue_bill_csv_header);
        rows += '\n';
        for (const auto& bill : run.bills()) tariff::append_csv(rows, bill);
        std::cout << "\nBills for " << to_string(month) << ":\n" << rows;
    }
}
