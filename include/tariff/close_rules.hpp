#pragma once
/// The rules of the monthly close that need no price: which units of a month prepaid packs
/// cover once the free units are taken (tariff::split_quantity), the calendar order in which
/// periods are closed (tariff::check_close_order) and when a period may be closed
/// (tariff::check_period_ended).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"
#include "period.hpp"

namespace tariff {

/// A prepaid pack of one product's units (a "resource pack"), valid for the periods `from`
/// to `until` inclusive. What it has left when `until` has passed is forfeited: there are no
/// refunds. Quantities count the product's quantity steps: 10^-quantity_scale units, so that a
/// pack of 2.5 GB at quantity scale 3 holds 2500 steps.
struct prepaid_pack {
    std::int64_t id = 0;  ///< the order packs were added in, from 1; assigned by the store
    std::string account;
    std::string product;
    std::int64_t quantity = 0;   ///< steps bought, >= 1
    std::int64_t remaining = 0;  ///< steps left, 0..quantity
    int quantity_scale = 0;      ///< the product's quantity scale (0-6) when the pack was added
    billing_period from{1970, 1};
    billing_period until{1970, 1};
    std::optional<std::string> ref;  ///< the idempotency reference it was added with, if any

    /// True when the pack may give units to `period`.
    constexpr bool is_valid_in(billing_period period) const noexcept {
        return from <= period && period <= until;
    }

    /// Packs are equal when every field is.
    friend bool operator==(const prepaid_pack& a, const prepaid_pack& b) {
        return a.id == b.id && a.account == b.account && a.product == b.product &&
               a.quantity == b.quantity && a.remaining == b.remaining &&
               a.quantity_scale == b.quantity_scale && a.from == b.from && a.until == b.until &&
               a.ref == b.ref;
    }
    friend bool operator!=(const prepaid_pack& a, const prepaid_pack& b) { return !(a == b); }
};

/// Units one pack gave to a month.
struct pack_draw {
    std::int64_t pack_id = 0;
    std::int64_t units = 0;  ///< > 0
};

/// How prepaid packs cover what the free units left of a product's month. The free units come
/// off first, in the rating core (tier_table::free_taken), so they are not part of a split:
/// quantity == from_packs + rest.
struct quantity_split {
    std::int64_t quantity = 0;     ///< the units offered to the packs
    std::int64_t from_packs = 0;   ///< the sum of `draws`
    std::vector<pack_draw> draws;  ///< in the order the packs were drawn
    std::int64_t rest = 0;         ///< what the packs left: rated by the tiers
};

/// Splits `units` of `product` in `period` (what the month's free units left) between the
/// packs of `packs` for that product that are valid in `period` and have units left, the one
/// with the earliest `until` first, then the earliest added (lowest id), and the rest, to be
/// rated. `packs` may hold any account's or product's packs in any order; only the product's
/// are drawn. Throws invalid_argument for negative units, naming them.
inline quantity_split split_quantity(std::int64_t units, std::string_view product,
                                     billing_period period,
                                     const std::vector<prepaid_pack>& packs) {
    if (units < 0) {
        throw invalid_argument("product " + detail::quote_for_message(product) + " in " +
                               to_string(period) + ": quantity " + std::to_string(units) +
                               " is negative");
    }
    quantity_split out;
    out.quantity = units;
    std::int64_t left = units;

    std::vector<const prepaid_pack*> usable;
    for (const prepaid_pack& pack : packs) {
        if (pack.product == product && pack.is_valid_in(period) && pack.remaining > 0) {
            usable.push_back(&pack);
        }
    }
    std::sort(usable.begin(), usable.end(), [](const prepaid_pack* a, const prepaid_pack* b) {
        return a->until != b->until ? a->until < b->until : a->id < b->id;
    });
    for (const prepaid_pack* pack : usable) {
        if (left == 0) {
            break;
        }
        const std::int64_t taken = std::min(left, pack->remaining);
        out.draws.push_back(pack_draw{pack->id, taken});
        out.from_packs += taken;
        left -= taken;
    }
    out.rest = left;
    return out;
}

/// Where a period stands among the closes of a ledger.
enum class close_order {
    first,  ///< nothing was closed yet: any period may be the first
    next,   ///< the month after the latest closed one
    again,  ///< the latest closed period itself: closing it again changes nothing
};

/// Checks that `period` may be closed after `latest_closed` (none: a new ledger). Periods are
/// closed in calendar order: the next close is the month after the latest closed one, and the
/// latest one may be closed again. Throws refused for an earlier or a skipped month, naming
/// the month that may be closed.
inline close_order check_close_order(std::optional<billing_period> latest_closed,
                                     billing_period period) {
    if (!latest_closed) {
        return close_order::first;
    }
    if (period == *latest_closed) {
        return close_order::again;
    }
    if (period < *latest_closed) {
        throw refused("period " + to_string(period) + " comes before " + to_string(*latest_closed) +
                      ", the latest closed period: periods are closed in calendar order and only " +
                      to_string(*latest_closed) + " may be closed again");
    }
    // period > latest_closed, so latest_closed is not 9999-12 and next() cannot throw.
    const billing_period next = latest_closed->next();
    if (period != next) {
        throw refused("period " + to_string(period) + " skips " + to_string(next) +
                      ": the latest closed period is " + to_string(*latest_closed) +
                      ", so the next one to close is " + to_string(next));
    }
    return close_order::next;
}

/// When a close runs relative to its period's bill issue window.
enum class close_timing {
    in_window,  ///< on the 1st-3rd of the next month, as the bills are meant to be issued
    late,       ///< after the 3rd: the close works, and the caller should warn
};

/// Checks that `period` has ended in `offset` at `now`: `now` must be at or after local 00:00
/// on the 1st of the next month. Throws refused otherwise, naming the first instant at which
/// it may be closed. Returns late when `now` is past the issue window (after the 3rd).
inline close_timing check_period_ended(billing_period period, utc_offset offset, instant now) {
    const instant_range window = issue_window(period, offset);
    if (now < window.start) {
        throw refused("period " + to_string(period) + " has not ended in UTC offset " +
                      to_string(offset) + ": it may be closed from " +
                      to_rfc3339(window.start, offset) + " on, and it is " +
                      to_rfc3339(now, offset));
    }
    return now < window.end ? close_timing::in_window : close_timing::late;
}

}  // namespace tariff
