#pragma once
/// tariff::billing_run: one month's bills for many accounts with one price book. Usage events
/// are counted per account for one calendar month in one UTC offset (monthly_usage; events
/// outside it are only counted as ignored), opening prepaid balances are set per account, and
/// bills() rates each account's month and deducts it from its balance through the account
/// ledger. Memory grows with the number of accounts, never with the number of events.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "charge.hpp"
#include "charge_format.hpp"
#include "detail/json_writer.hpp"
#include "error.hpp"
#include "ledger.hpp"
#include "monthly_usage.hpp"
#include "period.hpp"

namespace tariff {

/// One account's bill for the month.
template <class Amount>
struct account_bill {
    std::string account;
    billing_period period;
    std::int64_t calls = 0;  ///< the month's usage, in steps of 10^-quantity_scale units
    charge_status status = charge_status::priced;
    tariff::currency currency{};
    std::optional<Amount> total;  ///< what was deducted; empty when quote_required
    Amount balance_before{};
    Amount balance_after{};                         ///< equals balance_before when quote_required
    service_state service = service_state::active;  ///< suspended when balance_after < 0
    int quantity_scale = 0;  ///< the table's: calls print with this many fraction digits
};

namespace detail {

/// Settles one account's month on a ledger account opened with its balance (every account is
/// taken as activated): `total` is deducted, or, when empty (quote_required), nothing is.
template <class Amount>
settlement<Amount> settle_month(const std::string& name, const Amount& balance,
                                billing_period period, const std::optional<Amount>& total) {
    account<Amount> ledger(name, balance);
    ledger.activate();
    return total ? ledger.settle(period, *total) : ledger.record_quote_required(period);
}

}  // namespace detail

/// The month's bills of every account named by an event or a balance. Table is a tier_table
/// with integer quantities; its amount type is the balance type. The usage is a monthly_usage
/// of one product. Not synchronised.
template <class Table>
class billing_run {
public:
    using table_type = Table;
    using amount_type = typename Table::amount_type;
    using bill_type = account_bill<amount_type>;

    /// Bills `period` as it runs in `offset` with `table`.
    billing_run(const Table& table, billing_period period, utc_offset offset = utc_offset())
        : table_(table),
          usage_(period, offset, {usage_product{std::string(), table.quantity_scale(), {}}}) {}

    billing_period period() const noexcept { return usage_.period(); }
    utc_offset offset() const noexcept { return usage_.offset(); }
    /// The instants billed: [local midnight on the 1st, local midnight on the next 1st).
    instant_range range() const noexcept { return usage_.range(); }

    /// Counts `calls` for `account` if `at` falls in the month; otherwise the event is only
    /// counted as ignored. Either way the account gets a bill. Throws invalid_argument for an
    /// empty account or negative calls, overflow_error if the month's calls would exceed
    /// 2^63-1; then nothing changes.
    event_placement add(std::string_view account, instant at, std::int64_t calls) {
        return usage_.add(account, 0, at, calls);
    }

    /// Sets the opening prepaid balance of `account` (negative: arrears). Accounts without one
    /// start at zero. Throws invalid_argument for an empty account, refused if it already has
    /// a balance.
    void set_balance(std::string_view account, const amount_type& balance) {
        usage_.set_balance(account, balance);
    }

    /// Events counted in the month, before it and after it.
    std::uint64_t events_in_period() const noexcept { return usage_.events_in_period(); }
    std::uint64_t events_before() const noexcept { return usage_.events_before(); }
    std::uint64_t events_after() const noexcept { return usage_.events_after(); }
    /// Accounts named so far.
    std::size_t account_count() const noexcept { return usage_.account_count(); }
    /// The month's calls of `account` so far (0 if unknown).
    std::int64_t calls(std::string_view account) const noexcept {
        const std::size_t found = usage_.find(account);
        return found == usage_.npos ? 0 : usage_.quantity(found, 0);
    }
    /// The month's usage: one product, the table's calls at its quantity scale.
    const monthly_usage<amount_type>& usage() const noexcept { return usage_; }
    monthly_usage<amount_type>& usage() noexcept { return usage_; }

    /// One bill per account, sorted by name (byte order). Every account is taken as activated:
    /// its month is rated with the table and settled on a ledger account opened with its
    /// balance; a quote_required month deducts nothing. Throws overflow_error if an amount does
    /// not fit the amount type.
    std::vector<bill_type> bills() const {
        std::vector<bill_type> out;
        out.reserve(usage_.account_count());
        for (const std::size_t i : usage_.by_name()) {
            const std::int64_t calls = usage_.quantity(i, 0);
            const auto c = rate(table_, calls);
            std::optional<amount_type> total;
            if (c.total) total = *c.total;
            std::string name(usage_.name(i));
            const settlement<amount_type> settled =
                detail::settle_month(name, usage_.balance(i), period(), total);
            bill_type bill{std::move(name),
                           period(),
                           calls,
                           c.status,
                           table_.currency_info(),
                           std::move(total),
                           settled.balance_before,
                           settled.balance_after,
                           settled.state,
                           table_.quantity_scale()};
            out.push_back(std::move(bill));
        }
        return out;
    }

private:
    Table table_;
    monthly_usage<amount_type> usage_;
};

/// The columns of a bill as CSV: the header line of `tariff bill`, without the line ending.
inline constexpr std::string_view bill_csv_header =
    "account,period,calls,status,currency,total,balance_before,balance_after,service";

namespace detail {

/// Appends a CSV field, quoted (RFC 4180) when it holds a comma, quote, CR or LF.
inline void append_csv_field(std::string& out, std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += text;
        return;
    }
    out += '"';
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

/// Appends the CSV fields `status,currency,total` of a charge or a bill (the total with the
/// currency's minor digits, empty when there is none: quote_required).
template <class Amount>
void append_csv_total(std::string& out, charge_status status, const currency& cur,
                      const std::optional<Amount>& total) {
    out += to_string_view(status);
    out += ',';
    out += cur.code;
    out += ',';
    if (total) out += format_amount(*total, cur);
}

/// Appends the CSV fields every account's row ends in, `status,currency,total,balance_before,
/// balance_after,service`, and a line feed.
template <class Amount>
void append_csv_settled(std::string& out, charge_status status, const currency& cur,
                        const std::optional<Amount>& total, const Amount& before,
                        const Amount& after, service_state service) {
    append_csv_total(out, status, cur, total);
    out += ',';
    out += format_amount(before, cur);
    out += ',';
    out += format_amount(after, cur);
    out += ',';
    out += to_string_view(service);
    out += '\n';
}

}  // namespace detail

/// Appends one bill as a CSV row (bill_csv_header's columns) and a line feed. Amounts have
/// exactly the currency's minor digits; a quote_required month has an empty total.
template <class Amount>
void append_csv(std::string& out, const account_bill<Amount>& bill) {
    detail::append_csv_field(out, bill.account);
    out += ',';
    out += to_string(bill.period);
    out += ',';
    out += detail::fixed_digits(bill.calls, bill.quantity_scale);
    out += ',';
    detail::append_csv_settled(out, bill.status, bill.currency, bill.total, bill.balance_before,
                               bill.balance_after, bill.service);
}

/// Appends one bill as a JSON object on one line: calls a JSON integer, amounts strings with
/// exactly the currency's minor digits, "total": null when quote_required.
template <class Amount>
void append_json(std::string& out, const account_bill<Amount>& bill) {
    constexpr auto one_line = detail::json_writer::layout::inline_spaced;
    detail::json_writer w(out);
    w.begin_object(one_line)
        .member("account", bill.account)
        .member("period", to_string(bill.period))
        .key("calls")
        .number(detail::fixed_digits(bill.calls, bill.quantity_scale))
        .member("status", to_string_view(bill.status))
        .member("currency", bill.currency.code)
        .key("total");
    if (bill.total)
        w.string(format_amount(*bill.total, bill.currency));
    else
        w.null();
    w.member("balance_before", format_amount(bill.balance_before, bill.currency))
        .member("balance_after", format_amount(bill.balance_after, bill.currency))
        .member("service", to_string_view(bill.service))
        .end_object();
    out += '\n';
}

}  // namespace tariff
