#pragma once
/// tariff::usage_meter: per-account usage totals per calendar month in a fixed UTC offset, with
/// late events (for months already billed) kept apart instead of dropped or counted twice.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

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
    static constexpr usage_count max_total = std::numeric_limits<usage_count>::max();

    /// A meter that assigns events to calendar months in `billing_offset`.
    explicit usage_meter(utc_offset billing_offset = utc_offset()) noexcept
        : offset_(billing_offset) {}

    usage_meter(const usage_meter& other)
        : offset_(other.offset_), names_(other.names_), periods_(other.periods_) {
        reindex();
    }
    // Moving keeps every string in place (a deque move takes over its blocks), so the index's
    // views stay valid. Not noexcept: libstdc++'s deque allocates when moved from.
    usage_meter(usage_meter&&) = default;
    usage_meter& operator=(const usage_meter& other) {
        usage_meter copy(other);
        swap(copy);
        return *this;
    }
    usage_meter& operator=(usage_meter&&) = default;
    ~usage_meter() = default;

    /// Exchanges the contents of two meters.
    void swap(usage_meter& other) noexcept {
        std::swap(offset_, other.offset_);
        names_.swap(other.names_);
        ids_.swap(other.ids_);
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
        record(account, period, p, cell{count, 1}, late);
        return {period, late};
    }

    /// The on-time total of `account` in `period` (late usage excluded); 0 if none.
    usage_count total(std::string_view account, billing_period period) const noexcept {
        const cell* found = find_cell(account, period, &period_usage::on_time);
        return found ? found->count : 0;
    }

    /// Accounts with on-time usage (possibly 0) in `period`, sorted by name.
    std::vector<std::string> accounts(billing_period period) const {
        std::vector<std::string> out;
        const auto p = periods_.find(period);
        if (p != periods_.end()) {
            out.reserve(p->second.on_time.size());
            for (const auto& entry : p->second.on_time) {
                out.push_back(names_[entry.first]);
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
            for (const auto& [id, c] : usage.late) {
                out.push_back(late_usage{names_[id], period, c.count, c.events});
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
            for (const auto& [id, c] : usage.on_time) {
                merged.record(other.names_[id], period, merged.periods_.find(period), c, late_here);
            }
            for (const auto& [id, c] : usage.late) {
                merged.record(other.names_[id], period, merged.periods_.find(period), c, true);
            }
        }
        swap(merged);
    }

private:
    using account_id = std::size_t;

    struct cell {
        usage_count count;
        std::int64_t events;
    };

    struct period_usage {
        std::unordered_map<account_id, cell> on_time;
        std::unordered_map<account_id, cell> late;
        bool billed = false;
    };

    const cell* find_cell(
        std::string_view account, billing_period period,
        std::unordered_map<account_id, cell> period_usage::*which) const noexcept {
        const auto id = ids_.find(account);
        const auto p = periods_.find(period);
        if (id == ids_.end() || p == periods_.end()) {
            return nullptr;
        }
        const auto& cells = p->second.*which;
        const auto c = cells.find(id->second);
        return c == cells.end() ? nullptr : &c->second;
    }

    // Adds `amount` to the account's cell for `period`, creating what is missing; on any
    // exception everything created here is removed again (strong guarantee).
    // `p` is periods_.find(period), passed in when the caller already has it.
    void record(std::string_view account, billing_period period,
                std::map<billing_period, period_usage>::iterator p, cell amount, bool late) {
        auto id = ids_.find(account);
        if (id != ids_.end() && p != periods_.end()) {
            auto& cells = late ? p->second.late : p->second.on_time;
            const auto c = cells.find(id->second);
            if (c != cells.end()) {
                // Check both sums before changing either.
                if (c->second.count > max_total - amount.count ||
                    c->second.events > std::numeric_limits<std::int64_t>::max() - amount.events) {
                    throw overflow_error(
                        std::string(late ? "late usage" : "usage") + " of account " +
                        detail::quote_for_message(account) + " in " + to_string(period) +
                        " overflows: " + std::to_string(c->second.count) + " + " +
                        std::to_string(amount.count) + " exceeds " + std::to_string(max_total));
                }
                c->second.count += amount.count;
                c->second.events += amount.events;
                return;
            }
        }

        bool name_added = false;
        bool id_added = false;
        bool period_added = false;
        try {
            if (id == ids_.end()) {
                names_.emplace_back(account);
                name_added = true;
                id = ids_.emplace(names_.back(), names_.size() - 1).first;
                id_added = true;
            }
            if (p == periods_.end()) {
                p = periods_.emplace(period, period_usage()).first;
                period_added = true;
            }
            auto& cells = late ? p->second.late : p->second.on_time;
            cells.emplace(id->second, amount);
        } catch (...) {
            if (period_added) {
                periods_.erase(p);
            }
            if (id_added) {
                ids_.erase(id);
            }
            if (name_added) {
                names_.pop_back();
            }
            throw;
        }
    }

    // Rebuilds the name index so its views point into this meter's own strings.
    void reindex() {
        ids_.reserve(names_.size());
        for (account_id i = 0; i < names_.size(); ++i) {
            ids_.emplace(names_[i], i);
        }
    }

    utc_offset offset_;
    // Account names, each stored once; a deque never moves its elements when it grows, so the
    // views in ids_ stay valid. An account's id is its index here.
    std::deque<std::string> names_;
    std::unordered_map<std::string_view, account_id> ids_;
    std::map<billing_period, period_usage> periods_;
};

}  // namespace tariff
