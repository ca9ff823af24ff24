#pragma once
/// tariff::catalogue_billing_run: one month's bills for many accounts, each billed for every
/// product of a catalogue it used. Usage is counted per (account, product) for one calendar month
/// in one UTC offset (monthly_usage); each product's month is rated with the version of the
/// product in force in the period; the account's bill is the sum of its products' charges,
/// deducted once from its prepaid balance.
///
/// - A product appears on an account's bill when the account has an event of it in the month, or
///   when zero usage of it costs something (a minimum, or a first-tier fee billed at zero): as
///   with one price book, those apply to every account billed.
/// - A quote_required product holds the whole account: its status is quote_required, it has no
///   total and nothing is deducted; the other products' charges are still shown.
/// - Every product named by an event must have a price in the billed period, whenever the event
///   happened (product_index refuses it otherwise, naming product and period).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "billing_run.hpp"  // account_bill's CSV helpers, detail::settle_month
#include "catalogue.hpp"
#include "charge.hpp"
#include "charge_format.hpp"
#include "detail/json_writer.hpp"
#include "error.hpp"
#include "ledger.hpp"
#include "monthly_usage.hpp"
#include "period.hpp"

namespace tariff {

/// One product on an account's bill: its id and the month's charge (quantity, free units,
/// billable quantity, status, total, lines).
template <class Table>
struct product_bill {
    std::string product;
    tariff::charge<Table> charge;
    /// Units drawn from prepaid packs (a monthly close); empty when packs do not apply (tariff
    /// bill). The charge rates what the free units and the packs left; its quantity is the
    /// month's whole quantity.
    std::optional<typename Table::quantity_type> packs_used{};
};

/// One account's bill for the month across the products of a catalogue.
template <class Table>
struct catalogue_bill {
    using amount_type = typename Table::amount_type;
    std::string account;
    billing_period period{1970, 1};
    charge_status status = charge_status::priced;  ///< quote_required if any product is
    tariff::currency currency{};
    std::optional<amount_type> total;  ///< the sum of the products' totals; empty when quote
    amount_type balance_before{};
    amount_type balance_after{};  ///< equals balance_before when quote_required
    service_state service = service_state::active;
    std::vector<product_bill<Table>> products;  ///< sorted by product id
};

/// The products of `prices` as a monthly_usage of `period` counts them, sorted by id: each with
/// its quantity scale and, when it has no version in force in the period, the message with which
/// its events are refused (catalogue::price_for's).
template <class Table>
std::vector<usage_product> usage_products(const catalogue<Table>& prices, billing_period period) {
    std::vector<usage_product> out;
    for (const auto& [id, product] : prices.products()) {
        usage_product p{id, product.versions.front().table.quantity_scale(), {}};
        if (prices.version_for(product, period) == nullptr) {
            try {
                (void)prices.price_for(id, period);
            } catch (const invalid_argument& e) {
                p.refusal = e.what();
            }
        }
        out.push_back(std::move(p));
    }
    return out;
}

/// The month's bills of every account named by an event or a balance, with a catalogue. Table
/// is the catalogue's table type (integer quantities); its amount type is the balance type.
/// Not synchronised.
template <class Table>
class catalogue_billing_run {
public:
    using table_type = Table;
    using amount_type = typename Table::amount_type;
    using bill_type = catalogue_bill<Table>;

    /// Bills `period` as it runs in `offset` with the products of `prices` (kept by reference:
    /// it must outlive the run).
    catalogue_billing_run(const catalogue<Table>& prices, billing_period period,
                          utc_offset offset = utc_offset())
        : catalogue_(prices), usage_(period, offset, usage_products(prices, period)) {
        for (const auto& entry : prices.products()) {
            products_.push_back(&entry.second);
            const product_version<Table>* version = prices.version_for(entry.second, period);
            tables_.push_back(version);
            // Whether zero usage costs something: then the product is on every bill.
            bool costs = false;
            if (version != nullptr) {
                const auto zero = rate(version->table, std::int64_t{0});
                costs = !zero.total || !zero.total->is_zero();
            }
            charged_at_zero_.push_back(costs);
        }
    }

    billing_period period() const noexcept { return usage_.period(); }
    utc_offset offset() const noexcept { return usage_.offset(); }
    /// The month's usage, one product per product of the catalogue (usage_products).
    const monthly_usage<amount_type>& usage() const noexcept { return usage_; }
    monthly_usage<amount_type>& usage() noexcept { return usage_; }
    /// The catalogue billed.
    const catalogue<Table>& prices() const noexcept { return catalogue_; }
    /// The number of products; products are numbered in the catalogue's order (by id).
    std::size_t product_count() const noexcept { return products_.size(); }
    /// The id of product number `product`.
    const std::string& product_id(std::size_t product) const noexcept {
        return products_[product]->id;
    }

    /// The number of product `id`, whose events may then be added. Throws invalid_argument
    /// naming the product and the period when the catalogue has no such product or no price
    /// for it in the period.
    std::size_t product_index(std::string_view id) const { return usage_.product_index(id); }
    /// The quantity scale of product number `product`: its events count steps of 10^-scale.
    int quantity_scale(std::size_t product) const noexcept {
        return usage_.product(product).quantity_scale;
    }

    /// Counts `quantity` (steps) of product number `product` for `account` if `at` falls in the
    /// month. Throws invalid_argument for an empty account or a negative quantity,
    /// overflow_error when the month's quantity would exceed 2^63-1; then nothing changes.
    event_placement add(std::string_view account, std::size_t product, instant at,
                        std::int64_t quantity) {
        return usage_.add(account, product, at, quantity);
    }

    /// Counts one row of a catalogue's events file: its product must be priced in the period
    /// (product_index) and its quantity is read at the product's scale (read_quantity).
    event_placement add(std::string_view account, std::string_view product, instant at,
                        std::string_view quantity) {
        return usage_.add(account, product, at, quantity);
    }

    /// Sets the opening prepaid balance of `account`; see monthly_usage::set_balance.
    void set_balance(std::string_view account, const amount_type& balance) {
        usage_.set_balance(account, balance);
    }

    /// One bill per account, sorted by name. Throws overflow_error if an amount does not fit.
    std::vector<bill_type> bills() const {
        std::vector<bill_type> out;
        out.reserve(usage_.account_count());
        for (const std::size_t a : usage_.by_name()) {
            bill_type bill = rate_bill<no_packs>(usage_.name(a), a, nullptr);
            const settlement<amount_type> settled =
                detail::settle_month(bill.account, usage_.balance(a), period(), bill.total);
            bill.balance_before = settled.balance_before;
            bill.balance_after = settled.balance_after;
            bill.service = settled.state;
            out.push_back(std::move(bill));
        }
        return out;
    }

    /// The month's products of `name`, account number `account` (monthly_usage::npos for an
    /// account without events), on one bill: every product it has events of in the month, and
    /// every product whose zero usage costs something, each rated with its version in force.
    /// Each product's month is taken in this order: its free units (in the rating core), then
    /// `from_packs(product, units)`, the number of the `units` the free units left that prepaid
    /// packs cover (0 to units), then the tiers rate the rest. The status is quote_required
    /// when any product is. Balances and service are left for the caller to settle. Throws
    /// overflow_error if an amount does not fit, invalid_argument if from_packs returns more
    /// than it was offered.
    template <class FromPacks>
    bill_type rate_account(std::string_view name, std::size_t account, FromPacks from_packs) const {
        return rate_bill(name, account, &from_packs);
    }

private:
    struct no_packs {
        std::int64_t operator()(std::size_t, std::int64_t) const noexcept { return 0; }
    };

    // from_packs null: packs do not apply, and the bill says nothing of them.
    template <class FromPacks>
    bill_type rate_bill(std::string_view name, std::size_t account,
                        const FromPacks* from_packs) const {
        bill_type bill;
        bill.account = std::string(name);
        bill.period = period();
        bill.currency = catalogue_.currency_info();
        amount_type sum{};
        const bool named = account != monthly_usage<amount_type>::npos;
        for (std::size_t p = 0; p < products_.size(); ++p) {
            const bool used = named && usage_.used(account, p);
            if (!used && !charged_at_zero_[p]) continue;
            // A product with events has a price in the period (product_index checked it).
            const Table& table = tables_[p]->table;
            const std::int64_t quantity = used ? usage_.quantity(account, p) : 0;
            std::optional<std::int64_t> packs;
            if (from_packs != nullptr) {
                const std::int64_t units = quantity - table.free_taken(quantity);
                packs = units > 0 ? (*from_packs)(p, units) : 0;
                if (*packs < 0 || *packs > units) {
                    throw invalid_argument(
                        "product " + detail::quote_for_message(products_[p]->id) + " of account " +
                        detail::quote_for_message(name) + ": packs cannot cover " +
                        std::to_string(*packs) + " of " + std::to_string(units) + " units");
                }
            }
            auto c = rate(table, quantity - packs.value_or(0));
            c.quantity = quantity;
            if (!c.total)
                bill.status = charge_status::quote_required;
            else
                sum = sum + *c.total;
            bill.products.push_back(product_bill<Table>{products_[p]->id, std::move(c), packs});
        }
        if (bill.status == charge_status::priced) bill.total = sum;
        return bill;
    }

    const catalogue<Table>& catalogue_;
    std::vector<const product<Table>*> products_;        // by id, as the catalogue sorts them
    std::vector<const product_version<Table>*> tables_;  // in force in the period, or null
    std::vector<bool> charged_at_zero_;                  // zero usage costs something
    monthly_usage<amount_type> usage_;
};

/// The columns of `tariff bill --catalogue` as CSV: one row per product of an account, then one
/// row for the account (empty product columns) with its total, balances and service.
inline constexpr std::string_view catalogue_bill_csv_header =
    "account,period,product,quantity,free,billable,status,currency,total,balance_before,"
    "balance_after,service";

/// Appends an account's bill as CSV rows (catalogue_bill_csv_header's columns), each ending in a
/// line feed: a row per product (quantities with the product's quantity scale, free 0 without
/// free units, balance columns empty), then the account's row (product columns empty). Amounts
/// have exactly the currency's minor digits; a quote_required total is empty.
template <class Table>
void append_csv(std::string& out, const catalogue_bill<Table>& bill) {
    auto row_start = [&] {
        detail::append_csv_field(out, bill.account);
        out += ',';
        out += to_string(bill.period);
        out += ',';
    };
    for (const product_bill<Table>& p : bill.products) {
        const auto& c = p.charge;
        const int scale = c.quantity_scale;
        row_start();
        out += p.product;
        out += ',';
        out += detail::quantity_string(c.quantity, scale);
        out += ',';
        out += detail::quantity_string(c.free.value_or(0), scale);
        out += ',';
        out += detail::quantity_string(c.billable, scale);
        out += ',';
        detail::append_csv_total(out, c.status, bill.currency, c.total);
        out += ",,,\n";
    }
    row_start();
    out += ",,,,";
    detail::append_csv_settled(out, bill.status, bill.currency, bill.total, bill.balance_before,
                               bill.balance_after, bill.service);
}

/// Appends an account's bill as one JSON object on one line and a line feed:
/// {"account", "period", "status", "currency", "total", "balance_before", "balance_after",
/// "service", "products": [{"product", "quantity", "free", "billable", "status", "total",
/// "lines"}]}, and "packs_used" after "free" when packs apply (a monthly close). Quantities are
/// JSON numbers with the product's quantity scale, amounts strings with exactly the currency's
/// minor digits, "total": null when quote_required.
template <class Table>
void append_json(std::string& out, const catalogue_bill<Table>& bill) {
    constexpr auto one_line = detail::json_writer::layout::inline_spaced;
    const currency& cur = bill.currency;
    detail::json_writer w(out);
    auto total_or_null = [&](const auto& total) {
        w.key("total");
        if (total)
            w.string(format_amount(*total, cur));
        else
            w.null();
    };
    w.begin_object(one_line)
        .member("account", bill.account)
        .member("period", to_string(bill.period))
        .member("status", to_string_view(bill.status))
        .member("currency", cur.code);
    total_or_null(bill.total);
    w.member("balance_before", format_amount(bill.balance_before, cur))
        .member("balance_after", format_amount(bill.balance_after, cur))
        .member("service", to_string_view(bill.service))
        .key("products")
        .begin_array(one_line);
    for (const product_bill<Table>& p : bill.products) {
        const auto& c = p.charge;
        const int scale = c.quantity_scale;
        w.begin_object(one_line).member("product", p.product).key("quantity");
        detail::write_quantity(w, c.quantity, scale);
        w.key("free");
        detail::write_quantity(w, c.free.value_or(0), scale);
        if (p.packs_used) {
            w.key("packs_used");
            detail::write_quantity(w, *p.packs_used, scale);
        }
        w.key("billable");
        detail::write_quantity(w, c.billable, scale);
        w.member("status", to_string_view(c.status));
        total_or_null(c.total);
        w.key("lines");
        detail::write_lines(w, c);
        w.end_object();
    }
    w.end_array().end_object();
    out += '\n';
}

}  // namespace tariff
