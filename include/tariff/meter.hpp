#pragma once
/// tariff::usage_meter: per-account usage totals per calendar month in a fixed UTC offset, with
/// late events (for months already billed) kept apart instead of dropped or counted twice. It
/// counts on the same table as billing's monthly_usage (detail/usage_table.hpp): one account
/// index, one usage cell and its overflow rule.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detail/text.hpp"         // quote_for_message
#include "detail/usage_table.hpp"  // account_index, usage_cell: shared with monthly_usage
#include "error.hpp"
#include "period.hpp"

namespace tariff {

/// A number of billable events (calls, units): never negative, and a total never exceeds
/// 2^63 - 1, the largest quantity a tier table rates.
using usage_count = std::int64_t;

/// What usage_meter::add did with one event.
struct usage_added {
    billing_period period;  ///< the month the event falls in, in the meter's offset
    bool late;              ///< true: that month was already billed; the count went to late()
};

/// Usage that arrived for an account and month after the month was billed.
struct late_usage {
    std::string account;
    billing_period period;
    usage_count count;    ///< sum of the late events' counts
    std::int64_t events;  ///< how many late events
};

/// Monthly usage totals per account. Memory grows with accounts x months, not with events.
/// Not synchronised: like a standard container, concurrent const calls are safe, anything else
/// needs external locking. To ingest from several threads, fill one meter per thread and merge().
class usage_meter {
public:
    /// Largest total a month may reach for one account.
    static constexpr usage_count max_total = detail::max_usage;

    /// A meter that assigns events to calendar months in `billing_offset`.
    explicit usage_meter(utc_offset billing_offset = utc_offset()) noexcept
        : offset_(billing_offset) {}

    /// Exchanges the contents of two meters.
    void swap(usage_meter& other) noexcept {
        std::swap(offset_, other.offset_);
        std::swap(accounts_, other.accounts_);
        periods_.swap(other.periods_);
    }

    /// The offset in which months begin and end.
    utc_offset billing_offset() const noexcept { return offset_; }

    /// Records `count` events for `account` at `at`. A count of 0 still makes the account seen in
    /// that month. Throws invalid_argument for an empty account, a negative count or an instant
    /// outside years 0000-9999, overflow_error if the month's total would exceed max_total; then
    /// the meter is unchanged.
    usage_added add(std::string_view account, instant at, usage_count count) {
        // First the month: it checks the instant, which the messages below then print.
        const billing_period period = period_of(at, offset_);
        if (account.empty()) {
            throw invalid_argument("usage at " + to_rfc3339(at, offset_) + " names no account");
        }
        if (count < 0) {
            throw invalid_argument("usage count " + std::to_string(count) + " for account " +
                                   detail::quote_for_message(account) + " at " +
                                   to_rfc3339(at, offset_) + " is negative");
        }
        const auto p = periods_.find(period);
        const bool late = p != periods_.end() && p->second.billed;
        record(account, period, p, detail::usage_cell{count, 1}, late);
        return {period, late};
    }

    /// The on-time total of `account` in `period` (late usage excluded); 0 if none.
    usage_count total(std::string_view account, billing_period period) const noexcept {
        const std::size_t id = accounts_.find(account);
        const auto p = periods_.find(period);
        if (id == npos || p == periods_.end() || id >= p->second.on_time.size()) return 0;
        return p->second.on_time[id].quantity;
    }

    /// Accounts with on-time usage (possibly 0) in `period`, sorted by name.
    std::vector<std::string> accounts(billing_period period) const {
        std::vector<std::string> out;
        const auto p = periods_.find(period);
        if (p != periods_.end()) {
            const std::vector<detail::usage_cell>& cells = p->second.on_time;
            for (std::size_t id = 0; id < cells.size(); ++id) {
                if (cells[id].events != 0) out.emplace_back(accounts_.name(id));
            }
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    /// Months with any usage or billing mark, in order.
    std::vector<billing_period> periods() const {
        std::vector<billing_period> out;
        out.reserve(periods_.size());
        for (const auto& entry : periods_) {
            out.push_back(entry.first);
        }
        return out;
    }

    /// Marks `period` billed: from now on its events are late. Returns false if it already was.
    bool mark_billed(billing_period period) {
        period_usage& usage = periods_[period];
        const bool newly = !usage.billed;
        usage.billed = true;
        return newly;
    }

    /// True once mark_billed(period) was called.
    bool is_billed(billing_period period) const noexcept {
        const auto p = periods_.find(period);
        return p != periods_.end() && p->second.billed;
    }

    /// Late usage not yet drained, sorted by period then account.
    std::vector<late_usage> late() const {
        std::vector<late_usage> out;
        for (const auto& [period, usage] : periods_) {
            const std::size_t first = out.size();
            for (std::size_t id = 0; id < usage.late.size(); ++id) {
                const detail::usage_cell& c = usage.late[id];
                if (c.events != 0) {
                    out.push_back(
                        late_usage{std::string(accounts_.name(id)), period, c.quantity, c.events});
                }
            }
            std::sort(
                out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                [](const late_usage& a, const late_usage& b) { return a.account < b.account; });
        }
        return out;
    }

    /// Returns late() and forgets it, so each late event is handed over exactly once.
    std::vector<late_usage> drain_late() {
        std::vector<late_usage> out = late();
        for (auto& entry : periods_) {
            entry.second.late.clear();
        }
        return out;
    }

    /// Adds the usage of a meter filled elsewhere (e.g. by another thread) as if its events had
    /// been added here: its on-time usage for months billed here becomes late; its late usage
    /// stays late. Throws invalid_argument if the offsets differ, refused if `other` has billed
    /// months (billing belongs to one meter), overflow_error like add(); then nothing changes.
    void merge(const usage_meter& other) {
        if (other.offset_ != offset_) {
            throw invalid_argument("cannot merge usage metered at UTC offset " +
                                   to_string(other.offset_) + " into a meter at " +
                                   to_string(offset_));
        }
        for (const auto& entry : other.periods_) {
            if (entry.second.billed) {
                throw refused("cannot merge a meter that has billed " + to_string(entry.first));
            }
        }
        // Work on a copy so an overflow part-way leaves this meter as it was.
        usage_meter merged(*this);
        for (const auto& [period, usage] : other.periods_) {
            const bool late_here = merged.is_billed(period);
            for (const bool late : {false, true}) {
                const std::vector<detail::usage_cell>& cells = late ? usage.late : usage.on_time;
                for (std::size_t id = 0; id < cells.size(); ++id) {
                    if (cells[id].events == 0) continue;
                    merged.record(other.accounts_.name(id), period, merged.periods_.find(period),
                                  cells[id], late || late_here);
                }
            }
        }
        swap(merged);
    }

private:
    static constexpr std::size_t npos = detail::account_index::npos;

    // The usage of one month, by account number; a cell without events is no usage.
    struct period_usage {
        std::vector<detail::usage_cell> on_time;
        std::vector<detail::usage_cell> late;
        bool billed = false;
    };

    // Adds `amount` to the account's cell for `period`, creating what is missing; on any
    // exception everything created here is removed again (strong guarantee).
    // `p` is periods_.find(period), passed in when the caller already has it.
    void record(std::string_view account, billing_period period,
                std::map<billing_period, period_usage>::iterator p, detail::usage_cell amount,
                bool late) {
        std::size_t id = accounts_.find(account);
        if (id != npos && p != periods_.end()) {
            const std::vector<detail::usage_cell>& cells =
                late ? p->second.late : p->second.on_time;
            // Check both sums before changing anything.
            detail::usage_cell sum = id < cells.size() ? cells[id] : detail::usage_cell{};
            if (!detail::add_usage(sum, amount.quantity, amount.events)) {
                throw overflow_error(
                    std::string(late ? "late usage" : "usage") + " of account " +
                    detail::quote_for_message(account) + " in " + to_string(period) +
                    " overflows: " + std::to_string(sum.quantity) + " + " +
                    std::to_string(amount.quantity) + " exceeds " + std::to_string(max_total));
            }
        }
        bool account_added = false;
        bool period_added = false;
        try {
            if (id == npos) {
                id = accounts_.add_new(account);
                account_added = true;
            }
            if (p == periods_.end()) {
                p = periods_.emplace(period, period_usage()).first;
                period_added = true;
            }
            std::vector<detail::usage_cell>& cells = late ? p->second.late : p->second.on_time;
            if (cells.size() <= id) cells.resize(id + 1);
        } catch (...) {
            if (period_added) periods_.erase(p);
            if (account_added) accounts_.remove_last();
            throw;
        }
        std::vector<detail::usage_cell>& cells = late ? p->second.late : p->second.on_time;
        detail::add_usage(cells[id], amount.quantity, amount.events);  // checked above
    }

    utc_offset offset_;
    detail::account_index accounts_;  // every account named, in any month
    std::map<billing_period, period_usage> periods_;
};

}  // namespace tariff
