#pragma once
/// Bulk rating: one tier table, many quantities, caller-provided outputs. Each element gets the
/// total and status that tariff::rate(table, quantity) would give (priced with its total,
/// quote_required), or the reason rate would have thrown (negative_quantity, overflow); totals
/// of elements that are not priced are zero. Nothing is allocated and nothing is thrown inside
/// the loop (cpp_int amounts excepted: they may allocate), and a rater only reads, so any number
/// of threads may share one.

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
#include "detail/quantity_steps.hpp"
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
    exact,   ///< per-element checked arithmetic in the amount's own width (always applies)
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

/// Non-negative exact arithmetic for the per-element path, in a type that holds every
/// non-negative value of Rep: unsigned __int128 for int64 and checked_int128_t (so overflow is
/// a flag from the compiler's builtins, never an exception), Rep itself when it is unbounded.
template <class Rep, class = void>
struct exact_arith {
    using value = Rep;
    static constexpr bool nothrow = false;
    static bool mul(const value& a, const value& b, value& out) {
        out = a * b;
        return true;
    }
    static bool add(const value& a, const value& b, value& out) {
        out = a + b;
        return true;
    }
    static value from_rep(const Rep& r) { return r; }
    static Rep to_rep(const value& v) { return v; }
    static bool to_int64(const value& v, std::int64_t& out) {
        if (v > value(int64_max)) return false;
        out = static_cast<std::int64_t>(v);
        return true;
    }
};

template <class Rep>
struct exact_arith<Rep, std::enable_if_t<rep_ops<Rep>::bounded && (rep_ops<Rep>::digits <= 128)>> {
    using value = uint128;
    static constexpr bool nothrow = true;
    static constexpr uint128 limit =
        rep_ops<Rep>::digits == 128 ? ~uint128{0} : (uint128{1} << rep_ops<Rep>::digits) - 1;
    static bool mul(value a, value b, value& out) noexcept {
        return !__builtin_mul_overflow(a, b, &out) && out <= limit;
    }
    static bool add(value a, value b, value& out) noexcept {
        return !__builtin_add_overflow(a, b, &out) && out <= limit;
    }
    static value from_rep(const Rep& r) noexcept { return static_cast<uint128>(r); }
    static Rep to_rep(value v) noexcept { return Rep(v); }
    static bool to_int64(value v, std::int64_t& out) noexcept {
        if (v > static_cast<uint128>(int64_max)) return false;
        out = static_cast<std::int64_t>(v);
        return true;
    }
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
    using qtraits = detail::quantity_traits<quantity_type>;
    using qraw = detail::bulk::quantity_raw<quantity_type>;
    using amount_rep = typename amount_type::rep;
    using arith = detail::bulk::exact_arith<amount_rep>;
    using value = typename arith::value;
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
        : table_(table) {
        prepare_exact();
        if (preferred != bulk_path::exact) prepare_plan(preferred);
    }

    const Table& table() const noexcept { return table_; }
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
            throw invalid_argument("tariff: rate_many: " + std::to_string(quantities.size()) +
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
    // ---- the exact per-element path: rate()'s arithmetic, step by step, with flags ----

    void prepare_exact() {
        const int scale = amount_type::scale;
        const int minor = table_.currency_info().minor_units;
        drop_ = scale > minor ? scale - minor : 0;
        if (drop_ > 0) {
            amount_rep p{};
            detail::pow10<amount_rep>(drop_, p);  // drop <= Scale, and 10^Scale fits the amount
            pow10_ = arith::from_rep(p);
        }
        for (std::size_t i = 0; i < table_.size(); ++i) {
            const auto& t = table_[i];
            quote_[i] = t.quote;
            if (t.quote) continue;
            amount_rep p{};
            detail::convert_rep(t.unit_price.raw_value(),
                                p);  // the amount's Rep is at least as wide
            price_[i] = arith::from_rep(p);
            // rate() converts the fee to the amount's scale (quantity decimals); that may overflow.
            amount_rep f{}, factor{}, scaled{};
            fee_fits_[i] =
                detail::convert_rep(t.flat_fee.raw_value(), f) &&
                detail::pow10<amount_rep>(amount_type::scale - price_type::scale, factor) &&
                detail::rep_ops<amount_rep>::mul(f, factor, scaled);
            if (fee_fits_[i]) fee_[i] = arith::from_rep(scaled);
        }
        if (table_.minimum()) minimum_ = arith::from_rep(table_.minimum()->raw_value());
        if (table_.maximum()) maximum_ = arith::from_rep(table_.maximum()->raw_value());
        if (table_.guarded() && table_.mode() == tier_mode::volume) prepare_guard();
    }

    /// The guard caps a volume charge in tier i at the cheapest charge of the first billable
    /// quantity of any later tier (as rate() does); that cap depends on i only.
    void prepare_guard() {
        using steps = detail::quantity_steps<quantity_type>;
        const detail::step_domain<Table> domain(table_);
        bool have = false;
        amount_type best{};
        for (std::size_t j = table_.size(); j-- > 1;) {
            if (!table_[j].quote) {
                const auto first = domain.first_billable(j);
                amount_type amount{};
                if (first && domain.first_quantity(*first) &&
                    qtraits::multiply(table_[j].unit_price, steps::make(*first), amount)) {
                    try {
                        amount = table_.round_amount(amount + amount_type(table_[j].flat_fee));
                        if (table_.minimum() && amount < *table_.minimum())
                            amount = *table_.minimum();
                        if (table_.maximum() && amount > *table_.maximum())
                            amount = *table_.maximum();
                        if (!have || amount < best) best = amount;
                        have = true;
                    } catch (const overflow_error&) {
                        // rate() skips a tier whose first charge does not fit
                    }
                }
            } else {
                have = false;  // rate() looks no further than a quote tier
            }
            if (have) cap_[j - 1] = arith::from_rep(best.raw_value());
            has_cap_[j - 1] = have;
        }
    }

    static value units_value(const quantity_type& units) {
        if constexpr (std::is_integral_v<quantity_type>) {
            return value(static_cast<std::uint64_t>(units));
        } else {
            amount_rep u{};
            detail::convert_rep(units.raw_value(), u);  // the amount's Rep holds the quantity's
            return arith::from_rep(u);
        }
    }

    /// Rounds x >= 0 to the currency's minor unit like quantize(); false when it does not fit.
    bool round_minor(value& x) const {
        if (drop_ == 0) return true;
        value q = x / pow10_;
        const value r = x - q * pow10_;
        if (detail::round_away(table_.rounding_mode(), false, q, r, pow10_)) q = q + value(1u);
        return arith::mul(q, pow10_, x);
    }

    /// One line: units x price + fee, rounded in line scope. false on overflow.
    bool line_amount(std::size_t i, const quantity_type& units, value& out) const {
        if (!arith::mul(price_[i], units_value(units), out)) return false;
        if (!fee_fits_[i] || !arith::add(out, fee_[i], out)) return false;
        return table_.scope() == rounding_scope::line ? round_minor(out) : true;
    }

    /// table.billable(quantity), reporting instead of throwing when whole packages of a decimal
    /// quantity do not fit its representation.
    bool billable_of(const quantity_type& quantity, quantity_type& out) const noexcept(nothrow) {
        if constexpr (std::is_integral_v<quantity_type>) {
            out = table_.billable(quantity);
            return true;
        } else {
            if (!table_.has_package()) {
                out = quantity;
                return true;
            }
            using qrep = typename quantity_type::rep;
            using ops = detail::rep_ops<qrep>;
            const qrep& raw = quantity.raw_value();
            const qrep unit = quantity_type::unit();
            qrep size{}, per{}, whole{}, scaled{};
            if (!detail::convert_rep(table_.package_size(), size) || !ops::mul(size, unit, per)) {
                whole = ops::from_int64(
                    table_.package_round() == package_rounding::up && raw != 0 ? 1 : 0);
            } else {
                whole = raw / per;
                if (table_.package_round() == package_rounding::up && raw % per != 0) whole += 1;
            }
            if (!ops::mul(whole, unit, scaled)) return false;
            out = quantity_type::from_raw(scaled);
            return true;
        }
    }

    bulk_status exact_one(const quantity_type& quantity, amount_type& total) const
        noexcept(nothrow) {
        total = amount_type();
        if (quantity < qtraits::zero()) return bulk_status::negative_quantity;
        quantity_type billable{};
        if (!billable_of(quantity, billable)) return bulk_status::overflow;
        value sum(0u);
        std::size_t tier = 0;
        const bool used = billable > qtraits::zero();
        if (used) {
            if (table_.mode() == tier_mode::volume) {
                tier = table_.tier_index(billable);
                if (quote_[tier]) return bulk_status::quote_required;
                if (!line_amount(tier, billable, sum)) return bulk_status::overflow;
            } else {
                bool sum_fits = true;
                for (std::size_t i = 0; i < table_.size(); ++i) {
                    const quantity_type from = table_.lower_bound(i);
                    if (!(billable > from)) break;
                    if (quote_[i]) return bulk_status::quote_required;
                    const auto& t = table_[i];
                    const quantity_type top =
                        (t.is_unbounded || billable < t.up_to) ? billable : t.up_to;
                    value amount;
                    if (!line_amount(i, top - from, amount)) return bulk_status::overflow;
                    // rate() adds the lines up only once it knows no quote tier follows.
                    if (sum_fits) sum_fits = arith::add(sum, amount, sum);
                }
                if (!sum_fits) return bulk_status::overflow;
            }
        }
        if (table_.scope() == rounding_scope::total && !round_minor(sum))
            return bulk_status::overflow;
        if (table_.minimum() && sum < minimum_) {
            sum = minimum_;
        } else if (table_.maximum() && sum > maximum_) {
            sum = maximum_;
        }
        if (used && has_cap_[tier] && cap_[tier] < sum) sum = cap_[tier];
        total = amount_type::from_raw(arith::to_rep(sum));
        return bulk_status::priced;
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
            const std::size_t tiers = table_.size();
            std::array<int64_t, capacity> price{}, fee{}, up{};
            for (std::size_t i = 0; i < tiers; ++i) {
                if (!table_[i].is_unbounded)
                    up[i] = static_cast<int64_t>(qraw::get(table_[i].up_to));
                if (quote_[i]) continue;
                if (!fee_fits_[i] || !arith::to_int64(price_[i], price[i]) ||
                    !arith::to_int64(fee_[i], fee[i]))
                    return;
            }
            int64_t low = 0, high = detail::bulk::int64_max;
            if (table_.minimum() && !arith::to_int64(minimum_, low)) return;
            if (table_.maximum() && !arith::to_int64(maximum_, high)) return;
            int64_t pow10 = 1;
            if (drop_ > 0 && !arith::to_int64(pow10_, pow10)) return;
            const auto unit = static_cast<int64_t>(qraw::unit());
            int64_t package = 1;
            if (table_.has_package() &&
                __builtin_mul_overflow(table_.package_size(), unit, &package))
                return;

            // Slots: 0 = nothing billable, i + 1 = tier i. total = cum + round(base + price x b).
            const bool graduated = table_.mode() == tier_mode::graduated;
            const bool line_round =
                graduated && drop_ > 0 && table_.scope() == rounding_scope::line;
            const wide max = detail::bulk::int64_max;
            const wide slack = pow10 - 1;
            auto round_wide = [&](wide x) {
                const wide q = x / pow10, r = x % pow10;
                return (detail::round_away(table_.rounding_mode(), false, q, r, wide(pow10)) ? q + 1
                                                                                             : q) *
                       pow10;
            };
            std::array<std::uint64_t, capacity + 1> slot_price{}, slot_base{}, slot_cum{};
            std::array<int64_t, capacity + 1> slot_cap{};
            slot_cap.fill(detail::bulk::int64_max);
            for (std::size_t i = 0; i < tiers; ++i) {
                if (has_cap_[i])
                    arith::to_int64(cap_[i], slot_cap[i + 1]);  // a cap above int64 caps nothing
            }
            wide cum_exact = 0, cum_rounded = 0, bound = max;
            for (std::size_t i = 0; i < tiers; ++i) {
                const wide lo = i == 0 ? 0 : up[i - 1];
                if (quote_[i]) break;  // the rest is the quote tier: no arithmetic
                const wide p = price[i], f = fee[i];
                const wide cum = graduated ? (line_round ? cum_rounded : cum_exact) : 0;
                slot_price[i + 1] = static_cast<std::uint64_t>(p);
                slot_base[i + 1] = static_cast<std::uint64_t>(
                    graduated ? (line_round ? f - p * lo : cum_exact + f - p * lo) : f);
                slot_cum[i + 1] = static_cast<std::uint64_t>(line_round ? cum_rounded : 0);
                // Largest billable quantity in this tier whose total provably fits int64.
                const wide room = max - slack - cum - f;
                if (room < 0) {
                    bound = lo;
                    break;
                }
                wide reach = p == 0 ? max : room / p;
                if (graduated) reach += lo;
                if (reach > max) reach = max;
                if (table_[i].is_unbounded || reach < up[i]) {
                    bound = reach > lo ? reach : lo;
                    break;
                }
                const wide full = p * (up[i] - lo) + f;
                cum_exact += full;
                cum_rounded += drop_ > 0 ? round_wide(full) : full;
            }
            // Raw quantities up to `limit` give billable quantities up to `bound`.
            wide limit = bound;
            if (!std::is_integral_v<quantity_type> && table_.has_package()) limit -= unit;
            std::uint64_t mask = ~std::uint64_t{0};
            if (limit >= 0) {
                int bits = 0;
                while (bits < 63 && (wide(1) << (bits + 1)) - 1 <= limit) ++bits;
                mask = ~((std::uint64_t{1} << bits) - 1);
            }

            // Cut points; slot 0 folds into slot 1 when tier 0 at zero units costs nothing.
            const bool fold = !quote_[0] && fee[0] == 0;
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
            v.clamp = table_.minimum().has_value() || table_.maximum().has_value();
            v.low = low;
            v.high = high;
            v.quote_last = table_.has_quote_tier();
            guard_ = table_.guarded() && table_.mode() == tier_mode::volume;
            v.has_package = table_.has_package();
            v.package = package;
            v.unit = unit;
            v.package_up = table_.package_round() == package_rounding::up;
            v.package_div = detail::bulk::divisor(static_cast<std::uint64_t>(package));
            if (drop_ > 0) {
                const auto p = static_cast<std::uint64_t>(pow10);
                v.round.active = true;
                v.round.div = detail::bulk::divisor(p);
                switch (table_.rounding_mode()) {
                    case rounding::down:
                    case rounding::floor:
                        v.round.threshold = p;
                        break;
                    case rounding::up:
                    case rounding::ceiling:
                        v.round.threshold = 0;
                        break;
                    case rounding::half_up:
                        v.round.threshold = p / 2 - 1;
                        break;
                    case rounding::half_down:
                        v.round.threshold = p / 2;
                        break;
                    case rounding::half_even:
                        v.round.threshold = p / 2;
                        v.round.odd_bias = 1;
                        break;
                }
            }
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

    Table table_;
    bulk_path path_ = bulk_path::exact;
    // exact path
    int drop_ = 0;
    value pow10_{};
    std::array<value, capacity> price_{};
    std::array<value, capacity> fee_{};
    std::array<bool, capacity> fee_fits_{};
    std::array<bool, capacity> quote_{};
    value minimum_{}, maximum_{};
    std::array<value, capacity> cap_{};
    std::array<bool, capacity> has_cap_{};
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
