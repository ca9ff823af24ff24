#pragma once
/// Bulk rating: one tier table, many quantities, caller-provided outputs. Each element gets the
/// total and status that tariff::rate(table, quantity) would give (priced with its total,
/// quote_required), or the reason rate would have thrown (negative_quantity, overflow); totals
/// of elements that are not priced are zero. Nothing is allocated and nothing is thrown inside
/// the loop (cpp_int amounts excepted: they may allocate), and a rater only reads, so any number
/// of threads may share one.
///
/// A table counting quantities in steps of 10^-s units (with_quantity_scale) or billing the
/// first tier's fee at zero runs the same int64 loops as any table. A table with free units
/// is rated on the exact path, one element at a time (path() says bulk_path::exact).

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#if __cplusplus >= 202002L && defined(__has_include)
#if __has_include(<span>)
#include <span>
#endif
#endif

#include "decimal.hpp"
#include "detail/bulk_kernels.hpp"
#include "detail/quantity.hpp"
#include "detail/rating.hpp"
#include "error.hpp"
#include "rounding.hpp"
#include "tier_table.hpp"

namespace tariff {

/// Per-element outcome of bulk rating.
enum class bulk_status : std::uint8_t {
    priced,             ///< the total is what rate(table, quantity).total holds
    quote_required,     ///< the quantity reached a "contact sales" tier; total 0
    negative_quantity,  ///< rate would throw invalid_argument; total 0
    overflow,           ///< rate would throw overflow_error; total 0
};

namespace detail {
template <>
struct enum_names<bulk_status> {
    static constexpr std::string_view names[] = {"priced", "quote_required", "negative_quantity",
                                                 "overflow"};
};
}  // namespace detail

/// How many elements of a batch ended in each status.
struct bulk_summary {
    std::size_t priced = 0;
    std::size_t quote_required = 0;
    std::size_t negative_quantity = 0;
    std::size_t overflow = 0;

    constexpr std::size_t size() const noexcept {
        return priced + quote_required + negative_quantity + overflow;
    }
    constexpr bool all_priced() const noexcept { return size() == priced; }
    constexpr void add(bulk_status s) noexcept {
        switch (s) {
            case bulk_status::priced:
                ++priced;
                break;
            case bulk_status::quote_required:
                ++quote_required;
                break;
            case bulk_status::negative_quantity:
                ++negative_quantity;
                break;
            case bulk_status::overflow:
                ++overflow;
                break;
        }
    }
    constexpr bulk_summary& operator+=(const bulk_summary& o) noexcept {
        priced += o.priced;
        quote_required += o.quote_required;
        negative_quantity += o.negative_quantity;
        overflow += o.overflow;
        return *this;
    }
    friend constexpr bool operator==(const bulk_summary& a, const bulk_summary& b) noexcept {
        return a.priced == b.priced && a.quote_required == b.quote_required &&
               a.negative_quantity == b.negative_quantity && a.overflow == b.overflow;
    }
    friend constexpr bool operator!=(const bulk_summary& a, const bulk_summary& b) noexcept {
        return !(a == b);
    }
};

/// Which loop a bulk_rater runs. `automatic` picks the fastest that applies; the others exist so
/// that tests and benchmarks can hold every loop to the same results. A loop that does not apply
/// to a table (or CPU) falls back to the next: vector -> scalar -> exact.
enum class bulk_path {
    automatic,
    vector,  ///< int64 plan, SIMD loop (no packages, no rounding, at most 16 tiers)
    scalar,  ///< int64 plan, one element at a time (packages, rounding, any number of tiers)
    exact,   ///< per-element checked arithmetic in the amount's own width (always applies; the
             ///< only loop for a table with free units)
};

namespace detail {
template <>
struct enum_names<bulk_path> {
    static constexpr std::string_view names[] = {"automatic", "vector", "scalar", "exact"};
};
}  // namespace detail

namespace detail::bulk {

template <class Q>
struct quantity_raw {
    using type = Q;
    static constexpr bool int64_like =
        std::is_integral_v<Q> && std::is_signed_v<Q> && sizeof(Q) == 8;
    static const Q& get(const Q& q) noexcept { return q; }
    static Q unit() { return Q(1); }
};
template <int QS, class QR>
struct quantity_raw<decimal<QS, QR>> {
    using type = QR;
    static constexpr bool int64_like = std::is_integral_v<QR> && std::is_signed_v<QR> &&
                                       sizeof(QR) == 8 && sizeof(decimal<QS, QR>) == 8 &&
                                       std::is_trivially_copyable_v<decimal<QS, QR>>;
    static const QR& get(const decimal<QS, QR>& q) noexcept { return q.raw_value(); }
    static QR unit() { return decimal<QS, QR>::unit(); }
};

}  // namespace detail::bulk

/// Rates many quantities against one table. Construction does the per-table work once (the
/// int64 plan and its overflow bound); rate() may then be called any number of times, from any
/// number of threads.
template <class Table>
class bulk_rater {
public:
    using table_type = Table;
    using quantity_type = typename Table::quantity_type;
    using price_type = typename Table::price_type;
    using amount_type = typename Table::amount_type;

private:
    using qraw = detail::bulk::quantity_raw<quantity_type>;
    using amount_rep = typename amount_type::rep;
    using core_type = detail::rating_core<Table, detail::amount_arith<amount_rep>, true>;
    using arith = typename core_type::arith;
    using value = typename core_type::value;
    static constexpr std::size_t capacity = Table::capacity;
    static constexpr std::size_t plan_cuts = detail::bulk::padded_cuts(capacity);
    static constexpr bool direct_output = std::is_same_v<amount_rep, std::int64_t> &&
                                          sizeof(amount_type) == 8 &&
                                          std::is_trivially_copyable_v<amount_type>;
    static constexpr std::size_t chunk = direct_output ? 1024 : 256;

public:
    /// Whether rate() can throw: never for int64 and checked_int128_t amounts; cpp_int amounts
    /// allocate for large values and so may throw std::bad_alloc.
    static constexpr bool nothrow = arith::nothrow;

    explicit bulk_rater(const Table& table, bulk_path preferred = bulk_path::automatic)
        : core_(table) {
        // The guard's cap depends on the tier only: work each out once.
        for (std::size_t i = 0; i < table.size(); ++i) caps_[i] = core_.guard_cap(i);
        if (preferred != bulk_path::exact) prepare_plan(preferred);
    }

    const Table& table() const noexcept { return core_.table(); }
    /// The loop rate() runs (never `automatic`).
    bulk_path path() const noexcept { return path_; }

    /// Rates quantities[0..n) into totals[0..n) and status[0..n); returns the count per status.
    bulk_summary rate(const quantity_type* quantities, std::size_t n, amount_type* totals,
                      bulk_status* status) const noexcept(nothrow) {
        bulk_summary summary;
        if (path_ == bulk_path::exact) {
            for (std::size_t i = 0; i < n; ++i) {
                status[i] = exact_one(quantities[i], totals[i]);
                summary.add(status[i]);
            }
            return summary;
        }
        static_assert(static_cast<int>(bulk_status::priced) == 0 &&
                          static_cast<int>(bulk_status::quote_required) == 1,
                      "the int64 loops write 0 for priced and 1 for quote_required");
        const detail::bulk::plan_view view = plan_view_for(path_ == bulk_path::vector);
        for (std::size_t begin = 0; begin < n; begin += chunk) {
            const std::size_t count = n - begin < chunk ? n - begin : chunk;
            const auto* q = reinterpret_cast<const unsigned char*>(quantities + begin);
            auto* s = reinterpret_cast<unsigned char*>(status + begin);
            detail::bulk::chunk_result r;
            if constexpr (direct_output) {
                r = run_chunk(view, q, reinterpret_cast<unsigned char*>(totals + begin), s, count);
            } else {
                std::int64_t buffer[chunk];
                r = run_chunk(view, q, reinterpret_cast<unsigned char*>(buffer), s, count);
                for (std::size_t i = 0; i < count; ++i) {
                    totals[begin + i] = amount_type::from_raw(amount_rep(buffer[i]));
                }
            }
            if ((r.bits & view.fast_mask) == 0) {
                summary.priced += count - r.quotes;
                summary.quote_required += r.quotes;
            } else {
                // Some quantity is negative or above the plan's bound: rate those one by one.
                for (std::size_t i = begin; i < begin + count; ++i) {
                    const auto raw = static_cast<std::uint64_t>(qraw::get(quantities[i]));
                    if ((raw & view.fast_mask) != 0)
                        status[i] = exact_one(quantities[i], totals[i]);
                    summary.add(status[i]);
                }
            }
        }
        return summary;
    }

#if defined(__cpp_lib_span)
    /// The same over spans; throws invalid_argument (before rating anything) unless all three
    /// have the same size.
    bulk_summary rate(std::span<const quantity_type> quantities, std::span<amount_type> totals,
                      std::span<bulk_status> status) const {
        if (totals.size() != quantities.size() || status.size() != quantities.size()) {
            throw invalid_argument("rate_many: " + std::to_string(quantities.size()) +
                                   " quantities but " + std::to_string(totals.size()) +
                                   " totals and " + std::to_string(status.size()) + " statuses");
        }
        return rate(quantities.data(), quantities.size(), totals.data(), status.data());
    }
#endif

    /// One quantity through the checked per-element path (what the fast loops hand back to).
    bulk_status rate_one(const quantity_type& quantity, amount_type& total) const
        noexcept(nothrow) {
        return exact_one(quantity, total);
    }

private:
    /// The exact per-element path: the rating core with per-element status.
    bulk_status exact_one(const quantity_type& quantity, amount_type& total) const
        noexcept(nothrow) {
        static_assert(static_cast<int>(bulk_status::overflow) ==
                          static_cast<int>(detail::rating_status::overflow) &&
                      static_cast<int>(bulk_status::negative_quantity) ==
                          static_cast<int>(detail::rating_status::negative_quantity) &&
                      static_cast<int>(bulk_status::quote_required) ==
                          static_cast<int>(detail::rating_status::quote_required));
        typename core_type::no_details none;
        value sum{};
        const detail::rating_status status = core_.template rate<detail::report_error>(
            quantity, none, sum,
            [this](std::size_t tier) -> const std::optional<typename core_type::cap>& {
                return caps_[tier];
            });
        total = status == detail::rating_status::priced ? core_type::to_amount(sum) : amount_type();
        return static_cast<bulk_status>(status);
    }

    /// A raw amount as int64; false when it is larger.
    static bool to_int64(const value& v, std::int64_t& out) noexcept(nothrow) {
        if constexpr (std::is_same_v<value, std::int64_t>) {
            out = v;
        } else {
            if (v > static_cast<value>(detail::bulk::int64_max)) return false;
            out = static_cast<std::int64_t>(v);
        }
        return true;
    }

    // ---- the int64 plan ----

    /// One chunk through the plan's loop; a chunk the 32-bit loop cannot take goes to the 64-bit
    /// one.
    detail::bulk::chunk_result run_chunk(const detail::bulk::plan_view& view,
                                         const unsigned char* q, unsigned char* totals,
                                         unsigned char* status, std::size_t count) const noexcept {
        detail::bulk::chunk_result r = kernels_.first(view, q, totals, status, count);
        if (kernels_.second != nullptr && (r.bits & kernels_.first_mask) != 0) {
            r = kernels_.second(view, q, totals, status, count);
        }
        return r;
    }

    /// The plan over this rater's arrays; the vector loop sees the padded cut points.
    detail::bulk::plan_view plan_view_for(bool vector) const noexcept {
        detail::bulk::plan_view v = plan_;
        const std::size_t offset = vector ? 0 : pad_;
        if (vector) v.cuts += pad_;
        v.cut = cut_.data() + offset;
        v.price = price_slot_.data() + offset;
        v.base = base_slot_.data() + offset;
        v.cum = cum_slot_.data() + offset;
        v.cap = guard_ ? cap_slot_.data() + offset : nullptr;
        return v;
    }

    void prepare_plan(bulk_path preferred) {
        __extension__ typedef __int128 wide;
        using std::int64_t;
        if constexpr (!qraw::int64_like) {
            return;
        } else {
            // Every number of the plan comes from the rating core: prices, fees, full lines,
            // the minor unit, limits and the guard's caps; the loops only add and compare.
            const Table& table = core_.table();
            if (table.free_units() > quantity_type{}) return;  // free units: the exact path
            const std::size_t tiers = table.size();
            std::array<int64_t, capacity> price{}, fee{}, up{};
            for (std::size_t i = 0; i < tiers; ++i) {
                if (!table[i].is_unbounded) up[i] = static_cast<int64_t>(qraw::get(table[i].up_to));
                if (table[i].quote) continue;
                value p{}, f{};
                if (!core_.price(i, p) || !core_.fee(i, f) || !to_int64(p, price[i]) ||
                    !to_int64(f, fee[i]))
                    return;
            }
            int64_t low = 0, high = detail::bulk::int64_max;
            if (table.minimum() && !to_int64(arith::from_rep(table.minimum()->raw_value()), low))
                return;
            if (table.maximum() && !to_int64(arith::from_rep(table.maximum()->raw_value()), high))
                return;
            int64_t pow10 = 1;
            if (!to_int64(core_.grid(), pow10)) return;
            const bool rounds = pow10 > 1;
            // One whole unit in raw steps: 10^s for a count at quantity scale s.
            int64_t unit = static_cast<int64_t>(qraw::unit());
            if constexpr (std::is_integral_v<quantity_type>) unit = table.quantity_unit();
            int64_t package = 1;
            if (table.has_package() && __builtin_mul_overflow(table.package_size(), unit, &package))
                return;

            // Slots: 0 = nothing billable, i + 1 = tier i. total = cum + round(base + price x b),
            // where cum adds up the full tiers below (graduated); with per-line rounding their
            // rounded lines, and the rounding of the slot's own line stays in round().
            const bool graduated = table.mode() == tier_mode::graduated;
            const bool line_round = graduated && rounds && table.scope() == rounding_scope::line;
            const wide max = detail::bulk::int64_max;
            const wide slack = pow10 - 1;
            std::array<std::uint64_t, capacity + 1> slot_price{}, slot_base{}, slot_cum{};
            std::array<int64_t, capacity + 1> slot_cap{};
            slot_cap.fill(detail::bulk::int64_max);
            for (std::size_t i = 0; i < tiers; ++i) {
                if (caps_[i])
                    to_int64(caps_[i]->amount, slot_cap[i + 1]);  // a cap above int64 caps nothing
            }
            if (core_.uses_tier(quantity_type{})) slot_cap[0] = slot_cap[1];  // zero bills tier 0
            wide cum = 0, bound = max;
            for (std::size_t i = 0; i < tiers; ++i) {
                const wide lo = i == 0 ? 0 : up[i - 1];
                if (table[i].quote) break;  // the rest is the quote tier: no arithmetic
                const wide p = price[i], f = fee[i];
                slot_price[i + 1] = static_cast<std::uint64_t>(p);
                slot_base[i + 1] = static_cast<std::uint64_t>(
                    graduated ? (line_round ? f - p * lo : cum + f - p * lo) : f);
                slot_cum[i + 1] = static_cast<std::uint64_t>(line_round ? cum : 0);
                // Largest billable quantity in this tier whose total provably fits int64.
                const wide room = max - slack - (graduated ? cum : 0) - f;
                if (room < 0) {
                    bound = lo;
                    break;
                }
                wide reach = p == 0 ? max : room / p;
                if (graduated) reach += lo;
                if (reach > max) reach = max;
                if (table[i].is_unbounded || reach < up[i]) {
                    bound = reach > lo ? reach : lo;
                    break;
                }
                if (!graduated) continue;
                // The whole tier fits: its line, as the core works it out (rounded in line scope).
                value full{};
                int64_t line = 0;
                if (!core_.template line_amount<detail::report_error>(
                        i, static_cast<quantity_type>(table[i].up_to - table.lower_bound(i)),
                        full) ||
                    !to_int64(full, line))
                    return;  // not reached: the bound above says it fits
                cum += line;
            }
            // Raw quantities up to `limit` give billable quantities up to `bound`.
            wide limit = bound;
            if (unit > 1 && table.has_package()) limit -= unit;  // a package rounded up
            std::uint64_t mask = ~std::uint64_t{0};
            if (limit >= 0) {
                int bits = 0;
                while (bits < 63 && (wide(1) << (bits + 1)) - 1 <= limit) ++bits;
                mask = ~((std::uint64_t{1} << bits) - 1);
            }

            // Slot 0, nothing billable: the core's subtotal of zero units (no tier is used, so
            // 0). It folds into slot 1 when tier 0 at zero units costs the same.
            value nothing{};
            int64_t zero_total = 0;
            typename core_type::no_details none;
            if (core_.template subtotal<detail::report_error>(quantity_type{}, none, nothing) !=
                    detail::rating_status::priced ||
                !to_int64(nothing, zero_total))
                return;
            slot_base[0] = static_cast<std::uint64_t>(zero_total);
            const bool fold = !table[0].quote && fee[0] == zero_total;
            std::size_t cuts = 0;
            std::array<int64_t, capacity> cut{};
            if (!fold) cut[cuts++] = 0;
            for (std::size_t i = 0; i + 1 < tiers; ++i) cut[cuts++] = up[i];
            const std::size_t first = fold ? 1 : 0;  // slot index of cut position 0
            const std::size_t pad = detail::bulk::padded_cuts(cuts) - cuts;
            for (std::size_t k = 0; k < pad; ++k) cut_[k] = std::numeric_limits<int64_t>::min();
            for (std::size_t k = 0; k < cuts; ++k) cut_[pad + k] = cut[k];
            for (std::size_t s = 0; s <= pad + cuts; ++s) {
                const std::size_t from = s <= pad ? first : first + (s - pad);
                price_slot_[s] = slot_price[from];
                base_slot_[s] = slot_base[from];
                cum_slot_[s] = slot_cum[from];
                cap_slot_[s] = slot_cap[from];
            }

            detail::bulk::plan_view& v = plan_;
            pad_ = pad;
            v.cuts = cuts;
            for (std::size_t s = 0; s <= cuts; ++s) {
                v.has_base = v.has_base || base_slot_[pad + s] != 0;
                v.has_cum = v.has_cum || cum_slot_[pad + s] != 0;
            }
            v.clamp = table.minimum().has_value() || table.maximum().has_value();
            v.low = low;
            v.high = high;
            v.quote_last = table.has_quote_tier();
            guard_ = table.guarded() && table.mode() == tier_mode::volume;
            v.has_package = table.has_package();
            v.package = package;
            v.unit = unit;
            v.package_up = table.package_round() == package_rounding::up;
            v.package_div = detail::bulk::divisor(static_cast<std::uint64_t>(package));
            if (rounds)
                v.round =
                    detail::bulk::rounder(static_cast<std::uint64_t>(pow10), table.rounding_mode());
            v.fast_mask = mask;
            v.narrow = true;
            for (std::size_t s = 0; s <= pad + cuts; ++s) {
                const auto b = static_cast<int64_t>(base_slot_[s]);
                v.narrow = v.narrow && price_slot_[s] <= 0xffffffffu && b >= -0x7fffffffLL - 1 &&
                           b <= 0x7fffffffLL;
            }
            if (preferred != bulk_path::scalar)
                kernels_ = detail::bulk::vector_kernel_for(plan_view_for(true));
            if (kernels_.first != nullptr) {
                path_ = bulk_path::vector;
            } else {
                kernels_.first = &detail::bulk::scalar_kernel;
                path_ = bulk_path::scalar;
            }
        }
    }

    core_type core_;  // owns the table
    bulk_path path_ = bulk_path::exact;
    std::array<std::optional<typename core_type::cap>, capacity> caps_{};  // the guard, per tier
    // int64 plan
    std::array<std::int64_t, plan_cuts> cut_{};
    std::array<std::uint64_t, plan_cuts + 1> price_slot_{};
    std::array<std::uint64_t, plan_cuts + 1> base_slot_{};
    std::array<std::uint64_t, plan_cuts + 1> cum_slot_{};
    std::array<std::int64_t, plan_cuts + 1> cap_slot_{};
    detail::bulk::plan_view plan_{};  // without its array pointers: a copied rater stays valid
    std::size_t pad_ = 0;             // padding cut points in front of the real ones
    bool guard_ = false;
    detail::bulk::kernel_choice kernels_{};
};

/// Rates quantities[0..n) against `table` into totals[0..n) and status[0..n) (see bulk_rater,
/// which keeps the per-table preparation for reuse).
template <class Currency, class Price, class Quantity, std::size_t Capacity>
bulk_summary rate_many(
    const tier_table<Currency, Price, Quantity, Capacity>& table,
    const typename tier_table<Currency, Price, Quantity, Capacity>::quantity_type* quantities,
    std::size_t n, typename tier_table<Currency, Price, Quantity, Capacity>::amount_type* totals,
    bulk_status*
        status) noexcept(bulk_rater<tier_table<Currency, Price, Quantity, Capacity>>::nothrow) {
    return bulk_rater<tier_table<Currency, Price, Quantity, Capacity>>(table).rate(quantities, n,
                                                                                   totals, status);
}

#if defined(__cpp_lib_span)
/// The same over spans; throws invalid_argument before rating unless the sizes agree.
template <class Currency, class Price, class Quantity, std::size_t Capacity>
bulk_summary rate_many(
    const tier_table<Currency, Price, Quantity, Capacity>& table,
    std::type_identity_t<std::span<const Quantity>> quantities,
    std::span<typename tier_table<Currency, Price, Quantity, Capacity>::amount_type> totals,
    std::span<bulk_status> status) {
    return bulk_rater<tier_table<Currency, Price, Quantity, Capacity>>(table).rate(quantities,
                                                                                   totals, status);
}
#endif

}  // namespace tariff
