#pragma once
/// tariff::monthly_usage: one calendar month's usage per (account, product), and each account's
/// opening prepaid balance. Events are placed in the month by their instant in one UTC offset;
/// those outside it are only counted. This is the one aggregation behind billing: a single-book
/// billing run (billing_run.hpp) is the one-product case of it, a catalogue billing run
/// (catalogue_billing.hpp) rates each product of an account with the version in force, and
/// read_usage (usage_reader.hpp) fills it from an events file on several threads. Memory grows
/// with accounts x products, never with the number of events.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detail/text.hpp"         // quote_for_message
#include "detail/usage_table.hpp"  // account_index, usage_cell: shared with usage_meter
#include "error.hpp"
#include "period.hpp"
#include "usage_csv.hpp"  // read_quantity

namespace tariff {

/// Where an event fell relative to the billed month.
enum class event_placement { before, in_period, after };

/// A product whose usage a monthly_usage counts.
struct usage_product {
    /// Its id; empty for the one product of a price book, whose quantities are calls.
    std::string id;
    /// Its quantities count steps of 10^-quantity_scale units.
    int quantity_scale = 0;
    /// Empty when the product has a price in the month; otherwise why it has none, the message
    /// with which its events are refused.
    std::string refusal;
};

/// A month's usage per account and product. Amount is the balance type. Products are numbered
/// 0..product_count()-1 in the order given. Not synchronised: to fill one from several threads,
/// fill one per thread and merge() them (read_usage does).
template <class Amount>
class monthly_usage {
public:
    /// The month `period` as it runs in `offset`, for `products` (none given: one unnamed
    /// product at quantity scale 0, a price book's calls).
    monthly_usage(billing_period period, utc_offset offset,
                  std::vector<usage_product> products = {})
        : period_(period),
          offset_(offset),
          range_(period_range(period, offset)),
          products_(products.empty() ? std::vector<usage_product>(1) : std::move(products)),
          width_(products_.size()) {}

    billing_period period() const noexcept { return period_; }
    utc_offset offset() const noexcept { return offset_; }
    /// The instants counted: [local midnight on the 1st, local midnight on the next 1st).
    instant_range range() const noexcept { return range_; }
    std::size_t product_count() const noexcept { return width_; }
    const std::vector<usage_product>& products() const noexcept { return products_; }
    const usage_product& product(std::size_t i) const noexcept { return products_[i]; }

    /// The number of the product `id`. Throws invalid_argument naming the product and the
    /// period when there is no such product or it has no price in the month (its refusal).
    std::size_t product_index(std::string_view id) const {
        for (std::size_t i = 0; i < width_; ++i) {
            if (products_[i].id != id) continue;
            if (!products_[i].refusal.empty()) throw invalid_argument(products_[i].refusal);
            return i;
        }
        throw invalid_argument("product " + detail::quote_for_message(id) + " has no price in " +
                               to_string(period_) + ": the catalogue has no such product");
    }

    /// Counts `quantity` (in the product's steps) of product number `product` for `account` if
    /// `at` falls in the month; otherwise the event is only counted as ignored. Either way the
    /// account is named. Throws invalid_argument for an empty account or a negative quantity,
    /// overflow_error if the month's quantity would exceed 2^63-1; then nothing changes.
    event_placement add(std::string_view account, std::size_t product, instant at,
                        std::int64_t quantity) {
        if (quantity < 0) throw_negative(account, product, quantity);
        // Without a branch on where the event falls (which varies from row to row): an event
        // outside the month adds nothing to its cell, and that never overflows.
        static_assert(placed(event_placement::before) == 0 &&
                          placed(event_placement::in_period) == 1 &&
                          placed(event_placement::after) == 2,
                      "an event's placement is how many of the month's ends it is at or after");
        const std::size_t where = std::size_t{at >= range_.start} + std::size_t{at >= range_.end};
        const bool in = where == placed(event_placement::in_period);
        std::size_t i = accounts_.find(account);
        if (i == npos) i = add_account(account);
        detail::usage_cell& cell = cells_[i * width_ + product];
        if (!detail::add_usage(cell, in ? quantity : 0, in ? 1 : 0)) {
            throw_overflow(account, product, cell.quantity, quantity);
        }
        ++placed_[where];
        return static_cast<event_placement>(where);
    }

    /// Counts one row of a catalogue's events file: `product` is an id (product_index) and
    /// `quantity` is read at that product's quantity scale (read_quantity). Throws as those do
    /// and as add(); then nothing changes.
    event_placement add(std::string_view account, std::string_view product, instant at,
                        std::string_view quantity) {
        const std::size_t i = product_index(product);
        return add(account, i, at, read_quantity(quantity, products_[i].quantity_scale));
    }

    /// Sets the opening prepaid balance of `account` (negative: arrears); accounts without one
    /// start at zero. Throws invalid_argument for an empty account, refused if it already has
    /// a balance.
    void set_balance(std::string_view account, const Amount& balance) {
        if (const std::size_t found = accounts_.find(account); found != npos) {
            if (has_balance_[found]) refuse_balance(account, balances_[found]);
            balances_[found] = balance;
            has_balance_[found] = 1;
            return;
        }
        Amount copy = balance;  // before adding the account, so a throwing copy adds nothing
        const std::size_t i = add_account(account);
        balances_[i] = std::move(copy);
        has_balance_[i] = 1;
    }

    /// Adds the accounts, usage and balances of `other` (the same month and products) as if its
    /// events and balances had come after these: its new accounts are numbered after these, in
    /// its order. Throws invalid_argument when the months or products differ, overflow_error
    /// when a total would exceed 2^63-1, refused when an account has a balance in both; then
    /// nothing changes.
    void merge(const monthly_usage& other) {
        if (other.period_ != period_ || other.offset_ != offset_ || other.width_ != width_) {
            throw invalid_argument("cannot merge the usage of " + to_string(other.period_) +
                                   " at UTC offset " + to_string(other.offset_) + " into " +
                                   to_string(period_) + " at " + to_string(offset_) +
                                   " or a usage of other products");
        }
        // First every check, and the copies that may throw, with nothing changed.
        std::vector<std::size_t> number(other.account_count());
        std::vector<std::pair<std::size_t, Amount>> balances;
        for (std::size_t j = 0; j < number.size(); ++j) {
            const std::size_t i = accounts_.find(other.name(j));
            number[j] = i;
            if (other.has_balance_[j]) {
                if (i != npos && has_balance_[i]) refuse_balance(other.name(j), balances_[i]);
                balances.emplace_back(j, other.balances_[j]);
            }
            if (i == npos) continue;
            for (std::size_t p = 0; p < width_; ++p) {
                const detail::usage_cell& add = other.cells_[j * width_ + p];
                detail::usage_cell sum = cells_[i * width_ + p];
                if (!detail::add_usage(sum, add.quantity, add.events)) {
                    throw_overflow(other.name(j), p, sum.quantity, add.quantity);
                }
            }
        }
        // Then the new accounts, all or none.
        const std::size_t before = account_count();
        try {
            for (std::size_t j = 0; j < number.size(); ++j) {
                if (number[j] == npos) number[j] = add_account(other.name(j));
            }
        } catch (...) {
            while (account_count() > before) remove_last_account();
            throw;
        }
        // Then the sums, which cannot fail now.
        for (std::size_t j = 0; j < number.size(); ++j) {
            for (std::size_t p = 0; p < width_; ++p) {
                const detail::usage_cell& add = other.cells_[j * width_ + p];
                detail::add_usage(cells_[number[j] * width_ + p], add.quantity, add.events);
            }
        }
        for (auto& [j, balance] : balances) {
            balances_[number[j]] = std::move(balance);
            has_balance_[number[j]] = 1;
        }
        for (std::size_t k = 0; k < 3; ++k) placed_[k] += other.placed_[k];
    }

    /// Forgets every account, balance and event, keeping the month, the products and the memory.
    void clear() noexcept {
        accounts_.clear();
        balances_.clear();
        has_balance_.clear();
        cells_.clear();
        placed_[0] = placed_[1] = placed_[2] = 0;
    }

    /// Events counted in the month, before it and after it.
    std::uint64_t events_in_period() const noexcept {
        return placed_[placed(event_placement::in_period)];
    }
    std::uint64_t events_before() const noexcept {
        return placed_[placed(event_placement::before)];
    }
    std::uint64_t events_after() const noexcept { return placed_[placed(event_placement::after)]; }

    /// Accounts named so far, numbered in the order they were first named.
    std::size_t account_count() const noexcept { return accounts_.size(); }
    /// Account numbers sorted by name (byte order).
    std::vector<std::size_t> by_name() const { return accounts_.by_name(); }
    /// The name of account number `account`; valid until an account is added.
    std::string_view name(std::size_t account) const noexcept { return accounts_.name(account); }
    const Amount& balance(std::size_t account) const noexcept { return balances_[account]; }
    /// The month's quantity of `product` for account number `account`.
    std::int64_t quantity(std::size_t account, std::size_t product) const noexcept {
        return cells_[account * width_ + product].quantity;
    }
    /// The number of the month's events of `product` for account number `account`.
    std::int64_t events(std::size_t account, std::size_t product) const noexcept {
        return cells_[account * width_ + product].events;
    }
    /// The events of account number `account` counted in the month, of every product (each event
    /// is one row of input, so the sum is far below 2^64).
    std::uint64_t events(std::size_t account) const noexcept {
        std::uint64_t sum = 0;
        for (std::size_t p = 0; p < width_; ++p)
            sum += static_cast<std::uint64_t>(events(account, p));
        return sum;
    }
    /// Whether the account had an event of `product` in the month (of any quantity, 0 too).
    bool used(std::size_t account, std::size_t product) const noexcept {
        return events(account, product) != 0;
    }
    /// The account number of `account`, or npos when it was never named.
    std::size_t find(std::string_view account) const noexcept { return accounts_.find(account); }

    static constexpr std::size_t npos = detail::account_index::npos;

private:
    std::string what_of(std::size_t product) const {
        if (products_[product].id.empty()) return "calls";
        return "quantity of product " + detail::quote_for_message(products_[product].id);
    }

    [[noreturn]] void throw_negative(std::string_view account, std::size_t product,
                                     std::int64_t quantity) const {
        throw invalid_argument(
            (products_[product].id.empty() ? "calls " : "quantity ") + std::to_string(quantity) +
            (products_[product].id.empty()
                 ? ""
                 : " of product " + detail::quote_for_message(products_[product].id)) +
            " for account " + detail::quote_for_message(account) +
            (products_[product].id.empty() ? " are negative" : " is negative"));
    }

    [[noreturn]] void throw_overflow(std::string_view account, std::size_t product,
                                     std::int64_t total, std::int64_t quantity) const {
        throw overflow_error(what_of(product) + " of account " +
                             detail::quote_for_message(account) + " in " + to_string(period_) +
                             " exceed 9223372036854775807: " + std::to_string(total) + " + " +
                             std::to_string(quantity));
    }

    [[noreturn]] static void refuse_balance(std::string_view account, const Amount& balance) {
        throw refused("account " + detail::quote_for_message(account) + " already has a balance (" +
                      to_string(balance) + ")");
    }

    // Adds an account that find() does not know; a failure part-way removes what it added.
    std::size_t add_account(std::string_view account) {
        if (account.empty()) throw invalid_argument("an event names no account");
        const std::size_t count = accounts_.size();
        accounts_.add_new(account);
        try {
            balances_.emplace_back();
            has_balance_.push_back(0);
            cells_.resize(cells_.size() + width_);
        } catch (...) {
            balances_.resize(count);
            has_balance_.resize(count);
            cells_.resize(count * width_);
            accounts_.remove_last();
            throw;
        }
        return count;
    }

    void remove_last_account() noexcept {
        const std::size_t count = accounts_.size() - 1;
        balances_.resize(count);
        has_balance_.resize(count);
        cells_.resize(count * width_);
        accounts_.remove_last();
    }

    billing_period period_;
    utc_offset offset_;
    instant_range range_;
    std::vector<usage_product> products_;
    std::size_t width_;  // products_.size()
    // Account i is accounts_.name(i), balances_[i], has_balance_[i], and its products' totals
    // are cells_[i * width_ ...].
    detail::account_index accounts_;
    std::vector<Amount> balances_;
    std::vector<char> has_balance_;
    std::vector<detail::usage_cell> cells_;
    /// The slot of placed_ that counts events of `where`.
    static constexpr std::size_t placed(event_placement where) noexcept {
        return static_cast<std::size_t>(where);
    }

    std::uint64_t placed_[3] = {};  // events counted before, in and after the month
};

}  // namespace tariff
