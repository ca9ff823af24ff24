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
/// to a table (or CPU) falls back to the next: vector -> scalar -> exact. The int64 plan behind
/// the first two applies when the table's prices, fees and limits fit int64 at the coarsest scale
/// that holds them all exactly (a price book's 0.40 is 40 cents there, whatever its type) and
/// quantities are integers or int64 decimals.
enum class bulk_path {
    automatic,
    vector,  ///< int64 plan, SIMD loop: no packages, no rounding left at that scale, no guard;
             ///< up to 64 tiers (AVX-512; 32 with AVX2)
    scalar,  ///< int64 plan, one element at a time (packages, rounding, the guard, any tiers)
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
/// int64 plan, its overflow bound and its search tables); rate() may then be called any number of
/// times, from any number of threads.
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
    static constexpr std::size_t plan_cuts = detail::bulk::max_padded_cuts(capacity);
    static constexpr bool int64_amounts = std::is_same_v<amount_rep, std::int64_t> &&
                                          sizeof(amount_type) == 8 &&
                                          std::is_trivially_copyable_v<amount_type>;
    // Amounts the loops can write themselves: int64, and the native int128 (a total >= 0 and a
    // zero high half, little-endian).
    static constexpr std::size_t direct_bytes =
        int64_amounts ? 8
        : (std::is_same_v<amount_rep, int128> && sizeof(amount_type) == 16 &&
           std::is_trivially_copyable_v<amount_type> && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
            ? 16
            : 0;

public:
    /// Whether rate() can throw: never for int64, int128 and checked_int128_t amounts; cpp_int
    /// amounts allocate for large values and so may throw std::bad_alloc.
    static constexpr bool nothrow = arith::nothrow;

    explicit bulk_rater(const Table& table, bulk_path preferred = bulk_path::automatic)
        : core_(table) {
        // Totals are whole minor units: 10^(S - m) raw units each at the amount's scale S and
        // the currency's m digits (or 1/10^(m - S) when S < m).
        const int digits = amount_type::scale - minor_digits();
        amount_rep factor = amount_rep(1);
        detail::pow10<amount_rep>(digits < 0 ? -digits : digits, factor);  // at most 10^Scale
        minor_factor_ = arith::from_rep(factor);
        // The guard's cap depends on the tier only: work each out once.
        for (std::size_t i = 0; i < table.size(); ++i) caps_[i] = core_.guard_cap(i);
        if (preferred != bulk_path::exact) prepare_plan(preferred);
    }

    const Table& table() const noexcept { return core_.table(); }
    /// The loop rate() runs (never `automatic`): vector or scalar when the table has an int64
    /// plan, exact when it has none (see bulk_path).
    bulk_path path() const noexcept { return path_; }

    /// Rates quantities[0..n) into totals[0..n) and status[0..n); returns the count per status.
    bulk_summary rate(const quantity_type* quantities, std::size_t n, amount_type* totals,
                      bulk_status* status) const noexcept(nothrow) {
        auto exact = [this](const quantity_type& q, amount_type& total) {
            return exact_one(q, total);
        };
        if (path_ == bulk_path::exact) return run_exact(quantities, n, totals, status, exact);
        if constexpr (direct_bytes != 0) {
            if (amount_factor_ == 1)
                return run_plan<direct_bytes>(quantities, n, totals, status, exact, nullptr);
        }
        return run_plan<0>(quantities, n, totals, status, exact,
                           [this](const std::int64_t* plan, amount_type* out, std::size_t count) {
                               to_amounts(plan, out, count);
                               return true;
                           });
    }

    /// The same with each total as a whole number of the currency's minor units (6000.00 USD is
    /// 600000): what a database stores, and for price books (cpp_int amounts) the int64 output
    /// that runs as fast as a table written in code. A total that does not fit int64 is reported
    /// as `overflow`, like one that does not fit the amount type.
    bulk_summary rate_minor_units(const quantity_type* quantities, std::size_t n,
                                  std::int64_t* minor_units, bulk_status* status) const
        noexcept(nothrow) {
        auto exact = [this](const quantity_type& q, std::int64_t& out) {
            amount_type total{};
            const bulk_status s = exact_one(q, total);
            out = 0;
            if (s != bulk_status::priced) return s;
            return minor_units_of(total.raw_value(), out) ? s : bulk_status::overflow;
        };
        if (path_ == bulk_path::exact) return run_exact(quantities, n, minor_units, status, exact);
        if (minor_div_.value == 1 && minor_mul_ == 1)
            return run_plan<8>(quantities, n, minor_units, status, exact, nullptr);
        return run_plan<0>(quantities, n, minor_units, status, exact,
                           [this](const std::int64_t* plan, std::int64_t* out, std::size_t count) {
                               return plan_minor_units(plan, out, count);
                           });
    }

#if defined(__cpp_lib_span)
    /// The same over spans; throws invalid_argument (before rating anything) unless all three
    /// have the same size.
    bulk_summary rate(std::span<const quantity_type> quantities, std::span<amount_type> totals,
                      std::span<bulk_status> status) const {
        check_sizes(quantities.size(), totals.size(), status.size());
        return rate(quantities.data(), quantities.size(), totals.data(), status.data());
    }
    bulk_summary rate_minor_units(std::span<const quantity_type> quantities,
                                  std::span<std::int64_t> minor_units,
                                  std::span<bulk_status> status) const {
        check_sizes(quantities.size(), minor_units.size(), status.size());
        return rate_minor_units(quantities.data(), quantities.size(), minor_units.data(),
                                status.data());
    }
#endif

    /// One quantity through the checked per-element path (what the fast loops hand back to).
    bulk_status rate_one(const quantity_type& quantity, amount_type& total) const
        noexcept(nothrow) {
        return exact_one(quantity, total);
    }

private:
#if defined(__cpp_lib_span)
    static void check_sizes(std::size_t quantities, std::size_t totals, std::size_t status) {
        if (totals != quantities || status != quantities) {
            throw invalid_argument("rate_many: " + std::to_string(quantities) + " quantities but " +
                                   std::to_string(totals) + " totals and " +
                                   std::to_string(status) + " statuses");
        }
    }
#endif

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

    template <class Out, class Exact>
    static bulk_summary run_exact(const quantity_type* quantities, std::size_t n, Out* out,
                                  bulk_status* status, const Exact& exact) {
        bulk_summary summary;
        for (std::size_t i = 0; i < n; ++i) {
            status[i] = exact(quantities[i], out[i]);
            summary.add(status[i]);
        }
        return summary;
    }

    /// The plan's loops, chunk by chunk. Direct (8 or 16 bytes): the loops write the outputs
    /// themselves; else (0) they write a buffer that `convert(plan, out, count)` turns into
    /// outputs (false when some total did not fit: its status is then overflow). Elements the
    /// plan does not take go through `exact`.
    template <std::size_t Direct, class Out, class Exact, class Convert>
    bulk_summary run_plan(const quantity_type* quantities, std::size_t n, Out* out,
                          bulk_status* status, const Exact& exact, const Convert& convert) const
        noexcept(nothrow) {
        static_assert(static_cast<int>(bulk_status::priced) == 0 &&
                          static_cast<int>(bulk_status::quote_required) == 1,
                      "the int64 loops write 0 for priced and 1 for quote_required");
        static_assert(Direct == 0 || (sizeof(Out) == Direct && std::is_trivially_copyable_v<Out>));
        // One test of the OR of a chunk's quantities; a converted chunk's buffer stays in L1.
        constexpr std::size_t chunk = Direct != 0 ? 1024 : 256;
        bulk_summary summary;
        detail::bulk::plan_view view = plan_view_for(path_ == bulk_path::vector);
        view.wide_totals = Direct == 16;
        for (std::size_t begin = 0; begin < n; begin += chunk) {
            const std::size_t count = n - begin < chunk ? n - begin : chunk;
            const auto* q = reinterpret_cast<const unsigned char*>(quantities + begin);
            auto* s = reinterpret_cast<unsigned char*>(status + begin);
            detail::bulk::chunk_result r;
            bool converted = true;
            if constexpr (Direct != 0) {
                r = run_chunk(view, q, reinterpret_cast<unsigned char*>(out + begin), s, count);
            } else {
                std::int64_t buffer[chunk];
                r = run_chunk(view, q, reinterpret_cast<unsigned char*>(buffer), s, count);
                converted = convert(buffer, out + begin, count);
            }
            if ((r.bits & view.fast_mask) == 0 && converted) {
                summary.priced += count - r.quotes;
                summary.quote_required += r.quotes;
                continue;
            }
            // Some quantity is negative or above the plan's bound, or some total did not fit the
            // output: rate those one by one.
            for (std::size_t i = begin; i < begin + count; ++i) {
                const auto raw = static_cast<std::uint64_t>(qraw::get(quantities[i]));
                if (!converted || (raw & view.fast_mask) != 0)
                    status[i] = exact(quantities[i], out[i]);
                summary.add(status[i]);
            }
        }
        return summary;
    }

    /// Plan totals (raw amounts / amount_factor_) as amounts.
    void to_amounts(const std::int64_t* plan, amount_type* out, std::size_t count) const
        noexcept(nothrow) {
        if (amount_factor_ == 1) {
            for (std::size_t i = 0; i < count; ++i)
                out[i] = amount_type::from_raw(amount_rep(plan[i]));
        } else if constexpr (detail::is_builtin_integer_v<amount_rep>) {
            // A chunk is converted whole; an element whose quantity is beyond the plan's bound
            // holds no total yet (it is rated again one by one), and its product may not fit:
            // the multiply wraps for it instead of overflowing. Within the bound it fits.
            for (std::size_t i = 0; i < count; ++i) {
                amount_rep raw{};
                (void)__builtin_mul_overflow(amount_rep(plan[i]), amount_factor_rep_, &raw);
                out[i] = amount_type::from_raw(raw);
            }
        } else {
            // Boost: a multiply by one limb, in place.
            const auto factor = static_cast<std::uint64_t>(amount_factor_);
            for (std::size_t i = 0; i < count; ++i) {
                amount_rep raw(plan[i]);
                raw *= factor;
                out[i] = amount_type::from_raw(raw);
            }
        }
    }

    /// Plan totals as minor units; false (and the element's status overflow) when one does not
    /// fit int64.
    bool plan_minor_units(const std::int64_t* plan, std::int64_t* out,
                          std::size_t count) const noexcept {
        if (minor_mul_ == 1) {
            // Totals are whole minor units: the division is exact.
            for (std::size_t i = 0; i < count; ++i)
                out[i] = static_cast<std::int64_t>(
                    minor_div_.quotient(static_cast<std::uint64_t>(plan[i])));
            return true;
        }
        bool fits = true;
        for (std::size_t i = 0; i < count; ++i)
            fits &= !__builtin_mul_overflow(plan[i], minor_mul_, &out[i]);
        return fits;
    }

    /// A raw amount as whole minor units; false when that does not fit int64.
    bool minor_units_of(const amount_rep& raw, std::int64_t& out) const noexcept(nothrow) {
        const value v = arith::from_rep(raw);
        if (amount_type::scale >= minor_digits()) return fits_int64(v / minor_factor_, out);
        value minor{};
        return arith::mul(v, minor_factor_, minor) && fits_int64(minor, out);
    }

    int minor_digits() const noexcept { return core_.table().currency_info().minor_units; }

    /// v as int64; false when it is larger.
    static bool fits_int64(const value& v, std::int64_t& out) noexcept(nothrow) {
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
        // A few elements (one per call, as a database rates row by row) are not worth setting a
        // vector loop up for: the scalar loop takes the padded plan as well.
        if (count < 16) return detail::bulk::scalar_kernel(view, q, totals, status, count);
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
        v.search = vector && search_ ? &*search_ : nullptr;
        return v;
    }

    /// The coarsest scale every price, fee and limit is exact at: 10^r divides them all, for the
    /// largest r that keeps totals (rounded to the currency's minor unit) exact. A price book
    /// reads 0.40 as 4 x 10^17 at scale 18; its plan works in cents, where 0.40 is 40.
    value common_factor() const {
        const value ten = arith::from_rep(amount_rep(10));
        value factor = arith::from_rep(amount_rep(1)), grid = core_.grid();
        auto divides = [](const value& d, const value& v) { return v % d == value{}; };
        const Table& table = core_.table();
        while (divides(ten, grid)) {
            value next{};
            bool all = arith::mul(factor, ten, next);
            for (std::size_t i = 0; all && i < table.size(); ++i) {
                if (table[i].quote) continue;
                value p{}, f{};
                all = core_.price(i, p) && core_.fee(i, f) && divides(next, p) && divides(next, f);
            }
            for (const auto* limit : {&table.minimum(), &table.maximum()}) {
                if (all && *limit) all = divides(next, arith::from_rep((*limit)->raw_value()));
            }
            if (!all) break;
            factor = next;
            grid = grid / ten;
        }
        return factor;
    }

    /// A raw amount in plan units (divided by the plan's factor, exactly) within int64.
    bool to_plan(const value& v, std::int64_t& out) const noexcept(nothrow) {
        if (v % plan_factor_ != value{}) return false;
        return fits_int64(v / plan_factor_, out);
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
            plan_factor_ = common_factor();
            int64_t factor = 1;
            if (!fits_int64(plan_factor_, factor)) return;  // not reached: at most 10^18
            std::array<int64_t, capacity> price{}, fee{}, up{};
            for (std::size_t i = 0; i < tiers; ++i) {
                if (!table[i].is_unbounded) up[i] = static_cast<int64_t>(qraw::get(table[i].up_to));
                if (table[i].quote) continue;
                value p{}, f{};
                if (!core_.price(i, p) || !core_.fee(i, f) || !to_plan(p, price[i]) ||
                    !to_plan(f, fee[i]))
                    return;
            }
            int64_t low = 0, high = detail::bulk::int64_max;
            if (table.minimum() && !to_plan(arith::from_rep(table.minimum()->raw_value()), low))
                return;
            // A maximum beyond int64 caps nothing the plan computes.
            if (table.maximum() && !to_plan(arith::from_rep(table.maximum()->raw_value()), high))
                high = detail::bulk::int64_max;
            int64_t pow10 = 1;
            if (!to_plan(core_.grid(), pow10)) return;
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
            // Totals must fit int64 in plan units, and in amount units when the loops write
            // int64 amounts themselves (x factor).
            const wide max =
                int64_amounts ? detail::bulk::int64_max / factor : detail::bulk::int64_max;
            const wide slack = pow10 - 1;
            std::array<std::uint64_t, capacity + 1> slot_price{}, slot_base{}, slot_cum{};
            std::array<int64_t, capacity + 1> slot_cap{};
            slot_cap.fill(detail::bulk::int64_max);
            for (std::size_t i = 0; i < tiers; ++i) {
                if (caps_[i] && !to_plan(caps_[i]->amount, slot_cap[i + 1]))
                    slot_cap[i + 1] = detail::bulk::int64_max;  // a cap above int64 caps nothing
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
                // Largest billable quantity in this tier whose total provably fits.
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
                    !to_plan(full, line))
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
                !to_plan(nothing, zero_total))
                return;
            slot_base[0] = static_cast<std::uint64_t>(zero_total);
            const bool fold = !table[0].quote && fee[0] == zero_total;
            std::size_t cuts = 0;
            std::array<int64_t, capacity> cut{};
            if (!fold) cut[cuts++] = 0;
            for (std::size_t i = 0; i + 1 < tiers; ++i) cut[cuts++] = up[i];
            const std::size_t first = fold ? 1 : 0;  // slot index of cut position 0
            const int level = preferred == bulk_path::scalar ? 0 : detail::bulk::vector_level();
            const std::size_t pad = detail::bulk::padded_cuts(cuts, level) - cuts;
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
            v.clamp = table.minimum().has_value() || high != detail::bulk::int64_max;
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
            prepare_outputs(factor);
            if (preferred != bulk_path::scalar) {
                detail::bulk::plan_view padded = plan_view_for(true);
                if (level >= 2 && padded.cuts > 7 && padded.cuts <= 63) {  // the AVX-512 search
                    search_.emplace();
                    detail::bulk::build_search_tables(padded, *search_);
                    padded.search = &*search_;
                }
                kernels_ = detail::bulk::vector_kernel_for(padded);
                if (kernels_.first == nullptr) search_.reset();
            }
            if (kernels_.first != nullptr) {
                path_ = bulk_path::vector;
            } else {
                kernels_.first = &detail::bulk::scalar_kernel;
                path_ = bulk_path::scalar;
            }
        }
    }

    /// How plan totals (raw amounts / factor) become outputs: amounts, and minor units.
    void prepare_outputs(std::int64_t factor) {
        amount_factor_ = factor;
        amount_factor_rep_ = arith::to_rep(plan_factor_);
        // Plan totals are at scale S - r (S the amount's, factor 10^r); minor units are at the
        // currency's m digits: divide by 10^(S - r - m), or multiply by 10^(m - S + r).
        int digits = amount_type::scale - minor_digits();
        for (std::int64_t f = factor; f > 1; f /= 10) --digits;
        std::int64_t p = 1;
        for (int i = 0; i < (digits < 0 ? -digits : digits); ++i) p *= 10;
        if (digits >= 0)
            minor_div_ = detail::bulk::divisor(static_cast<std::uint64_t>(p));
        else
            minor_mul_ = p;
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
    std::optional<detail::bulk::search_tables> search_{};  // 15 to 63 cut points, vector loops
    detail::bulk::plan_view plan_{};  // without its array pointers: a copied rater stays valid
    std::size_t pad_ = 0;             // padding cut points in front of the real ones
    bool guard_ = false;
    detail::bulk::kernel_choice kernels_{};
    // Plan units: raw amounts divided by plan_factor_ (10^r); outputs multiply back.
    value minor_factor_{};
    value plan_factor_ = arith::from_rep(amount_rep(1));
    std::int64_t amount_factor_ = 1;
    amount_rep amount_factor_rep_ = amount_rep(1);
    detail::bulk::divisor minor_div_{};  // plan totals to minor units, or
    std::int64_t minor_mul_ = 1;
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
