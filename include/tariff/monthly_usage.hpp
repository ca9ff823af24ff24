#pragma once
/// tariff::monthly_usage: one calendar month's usage per (account, product), and each account's
/// opening prepaid balance. Events are placed in the month by their instant in one UTC offset;
/// those outside it are only counted. This is the one aggregation behind billing: a single-book
/// billing run (billing_run.hpp) is the one-product case of it, a catalogue billing run
/// (catalogue_billing.hpp) rates each product of an account with the version in force. Memory
/// grows with accounts x products, never with the number of events.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detail/text.hpp"  // quote_for_message
#include "error.hpp"
#include "period.hpp"

namespace tariff {

/// Where an event fell relative to the billed month.
enum class event_placement { before, in_period, after };

/// A month's usage per account and product. Amount is the balance type. Products are numbered
/// 0..products-1 by the caller; `product_names` (optional) name them in messages. Not
/// synchronised.
template <class Amount>
class monthly_usage {
public:
    /// The month `period` as it runs in `offset`, for `product_names.size()` products (one
    /// unnamed product when empty: a single price book's calls).
    monthly_usage(billing_period period, utc_offset offset,
                  std::vector<std::string> product_names = {})
        : period_(period),
          offset_(offset),
          range_(period_range(period, offset)),
          product_names_(std::move(product_names)),
          products_(product_names_.empty() ? 1 : product_names_.size()) {}

    billing_period period() const noexcept { return period_; }
    utc_offset offset() const noexcept { return offset_; }
    /// The instants counted: [local midnight on the 1st, local midnight on the next 1st).
    instant_range range() const noexcept { return range_; }
    std::size_t product_count() const noexcept { return products_; }

    /// Counts `quantity` (>= 0, in the product's steps) of `product` for `account` if `at` falls
    /// in the month; otherwise the event is only counted as ignored. Either way the account is
    /// named. Throws invalid_argument for an empty account, overflow_error if the month's
    /// quantity would exceed 2^63-1; then nothing changes.
    event_placement add(std::string_view account, std::size_t product, instant at,
                        std::int64_t quantity) {
        const event_placement where = at < range_.start ? event_placement::before
                                      : at < range_.end ? event_placement::in_period
                                                        : event_placement::after;
        const std::size_t i = named(account);
        if (where == event_placement::in_period) {
            std::int64_t& total = quantities_[i * products_ + product];
            if (total > std::numeric_limits<std::int64_t>::max() - quantity) {
                throw overflow_error(what_of(product) + " of account " +
                                     detail::quote_for_message(account) + " in " +
                                     to_string(period_) + " exceed 9223372036854775807: " +
                                     std::to_string(total) + " + " + std::to_string(quantity));
            }
            total += quantity;
            used_[i * products_ + product] = 1;
            ++events_[i];
            ++events_in_period_;
        } else if (where == event_placement::before) {
            ++events_before_;
        } else {
            ++events_after_;
        }
        return where;
    }

    /// Sets the opening prepaid balance of `account` (negative: arrears); accounts without one
    /// start at zero. Throws invalid_argument for an empty account, refused if it already has
    /// a balance.
    void set_balance(std::string_view account, const Amount& balance) {
        if (const std::size_t found = find(account, hash(account)); found != npos) {
            if (has_balance_[found]) {
                throw refused("account " + detail::quote_for_message(account) +
                              " already has a balance (" + to_string(balances_[found]) + ")");
            }
            balances_[found] = balance;
            has_balance_[found] = 1;
            return;
        }
        Amount copy = balance;  // before adding the account, so a throwing copy adds nothing
        const std::size_t i = named(account);
        balances_[i] = std::move(copy);
        has_balance_[i] = 1;
    }

    /// Events counted in the month, before it and after it.
    std::uint64_t events_in_period() const noexcept { return events_in_period_; }
    std::uint64_t events_before() const noexcept { return events_before_; }
    std::uint64_t events_after() const noexcept { return events_after_; }

    /// Accounts named so far, numbered in the order they were first named.
    std::size_t account_count() const noexcept { return names_.size(); }
    /// Account numbers sorted by name (byte order).
    std::vector<std::size_t> by_name() const {
        std::vector<std::size_t> order(names_.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(),
                  [this](std::size_t a, std::size_t b) { return names_[a] < names_[b]; });
        return order;
    }
    const std::string& name(std::size_t account) const noexcept { return names_[account]; }
    const Amount& balance(std::size_t account) const noexcept { return balances_[account]; }
    /// The month's quantity of `product` for account number `account`.
    std::int64_t quantity(std::size_t account, std::size_t product) const noexcept {
        return quantities_[account * products_ + product];
    }
    /// The events of account number `account` counted in the month.
    std::uint64_t events(std::size_t account) const noexcept { return events_[account]; }
    /// Whether the account had an event of `product` in the month (of any quantity, 0 too).
    bool used(std::size_t account, std::size_t product) const noexcept {
        return used_[account * products_ + product] != 0;
    }
    /// The account number of `account`, or npos when it was never named.
    std::size_t find(std::string_view account) const noexcept {
        return find(account, hash(account));
    }

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

private:
    struct slot {
        std::uint64_t hash;
        std::size_t index;  // account number + 1; 0 marks an empty slot
    };

    std::string what_of(std::size_t product) const {
        if (product_names_.empty()) return "calls";
        return "quantity of product " + detail::quote_for_message(product_names_[product]);
    }

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

    // The account's number, added if new; a failure part-way removes what it added.
    std::size_t named(std::string_view account) {
        const std::uint64_t h = hash(account);
        if (const std::size_t found = find(account, h); found != npos) return found;
        if (account.empty()) throw invalid_argument("an event names no account");
        if (2 * (names_.size() + 1) > slots_.size()) {
            // Keep the table at most half full; a failed allocation leaves the old one.
            std::vector<slot> grown(slots_.empty() ? 64 : 2 * slots_.size());
            for (const slot& s : slots_) {
                if (s.index != 0) place(grown, s.hash, s.index - 1);
            }
            slots_.swap(grown);
        }
        const std::size_t count = names_.size();
        try {
            names_.emplace_back(account);
            balances_.emplace_back();
            has_balance_.push_back(0);
            events_.push_back(0);
            quantities_.resize(quantities_.size() + products_, 0);
            used_.resize(used_.size() + products_, 0);
        } catch (...) {
            names_.resize(count);
            balances_.resize(count);
            has_balance_.resize(count);
            events_.resize(count);
            quantities_.resize(count * products_);
            used_.resize(count * products_);
            throw;
        }
        place(slots_, h, count);
        return count;
    }

    billing_period period_;
    utc_offset offset_;
    instant_range range_;
    std::vector<std::string> product_names_;
    std::size_t products_;
    // Account i is names_[i], balances_[i], has_balance_[i], events_[i], and its products'
    // quantities are quantities_[i * products_ ...]; slots_ is an open-addressing index into them.
    std::vector<std::string> names_;
    std::vector<Amount> balances_;
    std::vector<char> has_balance_;
    std::vector<std::uint64_t> events_;
    std::vector<std::int64_t> quantities_;
    std::vector<char> used_;
    std::vector<slot> slots_;
    std::uint64_t events_in_period_ = 0;
    std::uint64_t events_before_ = 0;
    std::uint64_t events_after_ = 0;
};

}  // namespace tariff
