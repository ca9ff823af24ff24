#pragma once
/// tariff::billing_run: one month's bills for many accounts. Usage events are counted per
/// account for one calendar month in one UTC offset (events outside it are only counted as
/// ignored), opening prepaid balances are set per account, and bills() rates each account's
/// month and deducts it from its balance through the account ledger. Memory grows with the
/// number of accounts, never with the number of events.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "charge.hpp"
#include "charge_format.hpp"
#include "detail/json_writer.hpp"
#include "error.hpp"
#include "ledger.hpp"
#include "period.hpp"

namespace tariff {

/// Where an event fell relative to the billed month.
enum class event_placement { before, in_period, after };

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

/// The month's bills of every account named by an event or a balance. Table is a tier_table
/// with integer quantities; its amount type is the balance type. Not synchronised.
template <class Table>
class billing_run {
public:
    using table_type = Table;
    using amount_type = typename Table::amount_type;
    using bill_type = account_bill<amount_type>;

    /// Bills `period` as it runs in `offset` with `table`.
    billing_run(const Table& table, billing_period period, utc_offset offset = utc_offset())
        : table_(table), period_(period), offset_(offset), range_(period_range(period, offset)) {}

    billing_period period() const noexcept { return period_; }
    utc_offset offset() const noexcept { return offset_; }
    /// The instants billed: [local midnight on the 1st, local midnight on the next 1st).
    instant_range range() const noexcept { return range_; }

    /// Counts `calls` for `account` if `at` falls in the month; otherwise the event is only
    /// counted as ignored. Either way the account gets a bill. Throws invalid_argument for an
    /// empty account or negative calls, overflow_error if the month's calls would exceed
    /// 2^63-1; then nothing changes.
    event_placement add(std::string_view account, instant at, std::int64_t calls) {
        if (calls < 0) {
            throw invalid_argument("calls " + std::to_string(calls) + " for account " +
                                   detail::quote_for_message(account) + " are negative");
        }
        const event_placement where = at < range_.start ? event_placement::before
                                      : at < range_.end ? event_placement::in_period
                                                        : event_placement::after;
        state& s = named(account);
        if (where == event_placement::in_period) {
            if (s.calls > std::numeric_limits<std::int64_t>::max() - calls) {
                throw overflow_error("calls of account " + detail::quote_for_message(account) +
                                     " in " + to_string(period_) + " exceed 9223372036854775807: " +
                                     std::to_string(s.calls) + " + " + std::to_string(calls));
            }
            s.calls += calls;
            ++events_in_period_;
        } else if (where == event_placement::before) {
            ++events_before_;
        } else {
            ++events_after_;
        }
        return where;
    }

    /// Sets the opening prepaid balance of `account` (negative: arrears). Accounts without one
    /// start at zero. Throws invalid_argument for an empty account, refused if it already has
    /// a balance.
    void set_balance(std::string_view account, const amount_type& balance) {
        if (const std::size_t found = find(account, hash(account)); found != npos) {
            state& s = states_[found];
            if (s.has_balance) {
                throw refused("account " + detail::quote_for_message(account) +
                              " already has a balance (" + to_string(s.balance) + ")");
            }
            s.balance = balance;
            s.has_balance = true;
            return;
        }
        amount_type copy = balance;  // before adding the account, so a throwing copy adds nothing
        state& s = named(account);
        s.balance = std::move(copy);
        s.has_balance = true;
    }

    /// Events counted in the month, before it and after it.
    std::uint64_t events_in_period() const noexcept { return events_in_period_; }
    std::uint64_t events_before() const noexcept { return events_before_; }
    std::uint64_t events_after() const noexcept { return events_after_; }
    /// Accounts named so far.
    std::size_t account_count() const noexcept { return states_.size(); }
    /// The month's calls of `account` so far (0 if unknown).
    std::int64_t calls(std::string_view account) const noexcept {
        const std::size_t found = find(account, hash(account));
        return found == npos ? 0 : states_[found].calls;
    }

    /// One bill per account, sorted by name (byte order). Every account is taken as activated:
    /// its month is rated with the table and settled on a ledger account opened with its
    /// balance; a quote_required month deducts nothing. Throws overflow_error if an amount does
    /// not fit the amount type.
    std::vector<bill_type> bills() const {
        std::vector<std::size_t> order(states_.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(),
                  [this](std::size_t a, std::size_t b) { return names_[a] < names_[b]; });
        std::vector<bill_type> out;
        out.reserve(order.size());
        for (const std::size_t i : order) {
            const state& s = states_[i];
            account<amount_type> ledger(names_[i], s.balance);
            ledger.activate();
            const auto c = rate(table_, s.calls);
            const settlement<amount_type> settled =
                c.total ? ledger.settle(period_, *c.total) : ledger.record_quote_required(period_);
            std::optional<amount_type> total;
            if (c.total) total = *c.total;
            bill_type bill{names_[i],
                           period_,
                           s.calls,
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
    struct state {
        std::int64_t calls = 0;
        bool has_balance = false;
        amount_type balance{};
    };

    struct slot {
        std::uint64_t hash;
        std::size_t index;  // account number + 1; 0 marks an empty slot
    };

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    // FNV-1a: short account names hash in a few cycles, which matters once per event.
    static std::uint64_t hash(std::string_view text) noexcept {
        std::uint64_t h = 14695981039346656037ull;
        for (const char c : text) {
            h ^= static_cast<unsigned char>(c);
            h *= 1099511628211ull;
        }
        // A multiplication only carries upward, so fold the high bits into the low ones that
        // pick the slot.
        return h ^ (h >> 32);
    }

    // Index of the account in names_/states_, or npos.
    std::size_t find(std::string_view account, std::uint64_t h) const noexcept {
        if (slots_.empty()) return npos;
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
            const slot& at = slots_[i];
            if (at.index == 0) return npos;
            if (at.hash == h && names_[at.index - 1] == account) return at.index - 1;
        }
    }

    // Puts account number `index` into an empty slot of `slots` (a power of two, not full).
    static void place(std::vector<slot>& slots, std::uint64_t h, std::size_t index) noexcept {
        const std::size_t mask = slots.size() - 1;
        std::size_t i = static_cast<std::size_t>(h) & mask;
        while (slots[i].index != 0) i = (i + 1) & mask;
        slots[i] = slot{h, index + 1};
    }

    // The account's state, added if new; a failure part-way removes what it added.
    state& named(std::string_view account) {
        const std::uint64_t h = hash(account);
        if (const std::size_t found = find(account, h); found != npos) return states_[found];
        if (account.empty()) throw invalid_argument("an event names no account");
        if (2 * (states_.size() + 1) > slots_.size()) {
            // Keep the table at most half full; a failed allocation leaves the old one.
            std::vector<slot> grown(slots_.empty() ? 64 : 2 * slots_.size());
            for (const slot& s : slots_) {
                if (s.index != 0) place(grown, s.hash, s.index - 1);
            }
            slots_.swap(grown);
        }
        names_.emplace_back(account);
        try {
            states_.emplace_back();
        } catch (...) {
            names_.pop_back();
            throw;
        }
        place(slots_, h, states_.size() - 1);
        return states_.back();
    }

    Table table_;
    billing_period period_;
    utc_offset offset_;
    instant_range range_;
    // Account i is names_[i] and states_[i]; slots_ is an open-addressing index into them.
    std::vector<std::string> names_;
    std::vector<state> states_;
    std::vector<slot> slots_;
    std::uint64_t events_in_period_ = 0;
    std::uint64_t events_before_ = 0;
    std::uint64_t events_after_ = 0;
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
    out += to_string_view(bill.status);
    out += ',';
    out += bill.currency.code;
    out += ',';
    if (bill.total) out += format_amount(*bill.total, bill.currency);
    out += ',';
    out += format_amount(bill.balance_before, bill.currency);
    out += ',';
    out += format_amount(bill.balance_after, bill.currency);
    out += ',';
    out += to_string_view(bill.service);
    out += '\n';
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
