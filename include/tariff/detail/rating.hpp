#pragma once
// The rating core: every pricing rule of a tier table, written once. rate() (charge.hpp), the bulk
// rater's exact path and its int64 plan (bulk.hpp), and the budget solver behind cliffs() and
// max_quantity_within() (insight.hpp) all rate through rating_core. They differ only in the error
// policy (throw_on_error: an exception naming the step and the tier; report_error: a status and
// nothing built) and in what they keep (a charge with its lines, or only the total).
//
// Where each rule lives:
//   negative quantity       rating_core::rate
//   free units              tier_table::billable (free_of), ahead of the package; the units
//                           taken off: tier_table::free_taken
//   package transform       tier_table::billable (quantity_traits::packages)
//   tier selection          rating_core::for_each_line (tier_table::tier_index for volume); zero
//                           billable units use no tier, or the first one with 0 units when the
//                           table bills its flat fee at zero (rating_core::uses_tier)
//   line amount             rating_core::line_amount (units x price + fee); a quantity counted in
//                           steps of 10^-s units prices a step at unit price / 10^s
//                           (rating_core::price)
//   rounding                rating_core::round_minor, through detail::divide_rounded
//                           (rounding.hpp), in line or total scope (line_amount, subtotal)
//   quote                   rating_core::subtotal (reaches_quote)
//   minimum and maximum     rating_core::apply_limits
//   guard                   rating_core::guard_cap, applied in rating_core::rate
//
// Amounts are never negative here (prices, fees and limits are not), so the arithmetic works on
// magnitudes and reports overflow instead of throwing (amount_arith).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>

#include "../decimal.hpp"
#include "../error.hpp"
#include "../rounding.hpp"
#include "../tier_table.hpp"
#include "quantity.hpp"
#include "quantity_steps.hpp"
#include "rep.hpp"

namespace tariff::detail {

__extension__ typedef unsigned __int128 uint128;

/// Checked arithmetic on amounts >= 0 that reports overflow instead of throwing. Unbounded
/// representations (cpp_int) never overflow, but may allocate.
template <class Rep, class = void>
struct amount_arith {
    using value = Rep;
    static constexpr bool nothrow = false;
    static bool mul(const value& a, const value& b, value& out) {
        return rep_ops<Rep>::mul(a, b, out);
    }
    static bool add(const value& a, const value& b, value& out) {
        return rep_ops<Rep>::add(a, b, out);
    }
    static const value& from_rep(const Rep& r) noexcept { return r; }
    static const Rep& to_rep(const value& v) noexcept { return v; }
};

/// Built-in integers: the compiler's overflow builtins (rep_ops).
template <class Rep>
struct amount_arith<Rep, std::enable_if_t<std::is_integral_v<Rep>>> {
    using value = Rep;
    static constexpr bool nothrow = true;
    static constexpr bool mul(value a, value b, value& out) noexcept {
        return rep_ops<Rep>::mul(a, b, out);
    }
    static constexpr bool add(value a, value b, value& out) noexcept {
        return rep_ops<Rep>::add(a, b, out);
    }
    static constexpr value from_rep(Rep r) noexcept { return r; }
    static constexpr Rep to_rep(value v) noexcept { return v; }
};

/// Bounded multiprecision representations of at most 128 bits of magnitude (checked_int128_t):
/// the magnitude in unsigned 128 bits with the builtins. Boost's own checked operations report
/// overflow by throwing, which a bulk loop must not pay for.
template <class Rep>
struct amount_arith<Rep, std::enable_if_t<!std::is_integral_v<Rep> && rep_ops<Rep>::bounded &&
                                          (rep_ops<Rep>::digits <= 128)>> {
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
};

/// The error policy of rate(): a failed step throws, naming the step and the tier.
struct throw_on_error {
    template <class Describe>
    [[noreturn]] static bool overflow(const Describe& what) {
        throw_overflow(what());
    }
    template <class Describe>
    [[noreturn]] static bool negative(const Describe& what) {
        throw invalid_argument(what());
    }
};

/// The error policy of bulk rating and the solvers: a failed step only says so (the caller
/// reports the status); no message is built.
struct report_error {
    template <class Describe>
    static constexpr bool overflow(const Describe&) noexcept {
        return false;
    }
    template <class Describe>
    static constexpr bool negative(const Describe&) noexcept {
        return false;
    }
};

/// The outcome of rating one quantity (bulk_status has the same values).
enum class rating_status : std::uint8_t { priced, quote_required, negative_quantity, overflow };

/// What the core tells a caller that keeps the details of a charge (rate() builds its lines
/// from these); this one keeps nothing.
template <class Quantity, class Value>
struct ignore_details {
    void billable(const Quantity&) noexcept {}
    /// One tier used; `amount` is null for a quote tier.
    void line(std::size_t, const Quantity&, const Value*) noexcept {}
    void subtotal(const Value&) noexcept {}
    /// The minimum (or maximum) replaced `subtotal` with `limit`.
    void limit(bool, const Value&, const Value&) noexcept {}
    /// The guard replaced `total` with `limit`, the charge of the larger `quantity`.
    void guard(const Quantity&, const Value&, const Value&) noexcept {}
};

/// The rules of one table over one arithmetic. OwnsTable: keep a copy of the table (a bulk rater
/// that may be copied), or refer to the caller's (rate(), the solvers).
template <class Table, class Arith = amount_arith<typename Table::amount_type::rep>,
          bool OwnsTable = false>
class rating_core {
public:
    using table_type = Table;
    using quantity_type = typename Table::quantity_type;
    using price_type = typename Table::price_type;
    using amount_type = typename Table::amount_type;
    using amount_rep = typename amount_type::rep;
    using arith = Arith;
    using value = typename Arith::value;
    using no_details = ignore_details<quantity_type, value>;

    /// The guard's cap for the charges of one tier: the charge of `quantity`, a larger quantity.
    struct cap {
        quantity_type quantity;
        value amount;
    };

    explicit rating_core(const Table& table) : table_(table) {
        const int minor = table.currency_info().minor_units;
        amount_rep grid = rep_ops<amount_rep>::from_int64(1);
        rounds_ = amount_type::scale > minor;
        if (rounds_) pow10<amount_rep>(amount_type::scale - minor, grid);  // <= Scale: fits
        grid_ = arith::from_rep(grid);
        amount_rep factor = rep_ops<amount_rep>::from_int64(1);
        pow10<amount_rep>(amount_type::scale - price_type::scale, factor);  // the quantity's scale
        fee_factor_ = arith::from_rep(factor);
        scaled_fee_ = amount_type::scale != price_type::scale;
        if (table.minimum()) minimum_ = arith::from_rep(table.minimum()->raw_value());
        if (table.maximum()) maximum_ = arith::from_rep(table.maximum()->raw_value());
        guarded_ = table.guarded() && table.mode() == tier_mode::volume;
        if constexpr (std::is_integral_v<quantity_type>) {
            if (table.quantity_scale() > 0) {
                step_divisor_ = rep_ops<amount_rep>::from_int64(table.quantity_unit());
                per_step_ = true;
            }
        }
    }

    const Table& table() const noexcept { return table_; }
    /// One minor unit of the currency as a raw amount (1 when amounts are no finer).
    const value& grid() const noexcept { return grid_; }
    static amount_type to_amount(const value& v) { return amount_type::from_raw(arith::to_rep(v)); }

    /// The billable quantity: the package transform (tier_table::billable).
    template <class Policy>
    bool billable(const quantity_type& quantity, quantity_type& out) const {
        if (table_.billable(quantity, out)) return true;
        return Policy::overflow([&] { return qtraits::packages_overflow(quantity); });
    }

    /// Whether billable quantity `billable` uses a tier: any above 0; zero only when the table
    /// bills the first tier's flat fee at zero (a quote tier has none to bill).
    bool uses_tier(const quantity_type& billable) const {
        return billable > qtraits::zero() || (table_.flat_fee_at_zero() && !table_[0].quote);
    }

    /// Tier selection: f(tier, units) for each tier that billable quantity `billable` uses, in
    /// order, while f returns true. Volume: the tier containing it, for every unit; graduated:
    /// each tier it reaches, for the units inside. Zero billable units use no tier, or the
    /// first with 0 units (uses_tier).
    template <class F>
    void for_each_line(const quantity_type& billable, F&& f) const {
        if (!(billable > qtraits::zero())) {
            if (uses_tier(billable)) f(std::size_t{0}, billable);
            return;
        }
        if (table_.mode() == tier_mode::volume) {
            f(table_.tier_index(billable), billable);
            return;
        }
        for (std::size_t i = 0; i < table_.size(); ++i) {
            const quantity_type from = table_.lower_bound(i);
            if (!(billable > from)) break;
            const auto& t = table_[i];
            const quantity_type top = (t.is_unbounded || billable < t.up_to) ? billable : t.up_to;
            if (!f(i, static_cast<quantity_type>(top - from))) break;
        }
    }

    /// Whether billable quantity `billable` reaches a quote ("contact sales") tier.
    bool reaches_quote(const quantity_type& billable) const noexcept {
        return table_.has_quote_tier() && billable > table_.lower_bound(table_.size() - 1);
    }

    /// The price of one quantity step in tier i as a raw amount: the unit price's raw value,
    /// divided by 10^s for an integer quantity counted in steps of 10^-s units (exact: the
    /// table refuses a price that is not).
    bool price(std::size_t i, value& out) const noexcept(arith::nothrow) {
        amount_rep p{};
        if (!convert_rep(table_[i].unit_price.raw_value(), p)) return false;
        if (per_step_) p = p / step_divisor_;
        out = arith::from_rep(p);
        return true;
    }

    /// Tier i's flat fee as a raw amount: scaled to the amount's scale (a decimal quantity's
    /// digits), which may not fit.
    bool fee(std::size_t i, value& out) const noexcept(arith::nothrow) {
        amount_rep f{};
        if (!convert_rep(table_[i].flat_fee.raw_value(), f)) return false;
        if (!scaled_fee_) {
            out = arith::from_rep(f);
            return true;
        }
        return arith::mul(arith::from_rep(f), fee_factor_, out);
    }

    /// The line amount of `units` in tier i (not a quote tier): units x unit price + flat fee,
    /// rounded to the minor unit in line scope.
    template <class Policy>
    bool line_amount(std::size_t i, const quantity_type& units, value& out) const {
        const auto& t = table_[i];
        auto in_tier = [i](const std::string& what) {
            return what + " in tiers[" + std::to_string(i) + "]";
        };
        value unit_price{}, count{}, product{}, fee_amount{};
        if (!price(i, unit_price) || !units_value(units, count) ||
            !arith::mul(unit_price, count, product)) {
            return Policy::overflow([&] {
                return in_tier(table_.quantity_text(units) + " x " + to_string(t.unit_price));
            });
        }
        if (!fee(i, fee_amount)) {
            return Policy::overflow([&] {
                return to_string(t.flat_fee) + " does not fit " + amount_name() + " (" +
                       in_tier("adding the flat fee") + ")";
            });
        }
        if (!arith::add(product, fee_amount, out)) {
            return Policy::overflow([&] {
                return to_string(to_amount(product)) + " + " + to_string(to_amount(fee_amount)) +
                       " in " + amount_name() + " (" + in_tier("adding the flat fee") + ")";
            });
        }
        if (table_.scope() != rounding_scope::line) return true;
        return round_minor<Policy>(out, [&] { return in_tier("rounding the amount"); });
    }

    /// Rounds x >= 0 to the currency's minor unit with the table's mode; `where` names the step
    /// for a message.
    template <class Policy, class Where>
    bool round_minor(value& x, const Where& where) const {
        if (!rounds_) return true;
        value rounded{};
        if (arith::mul(divide_rounded(x, grid_, table_.rounding_mode()), grid_, rounded)) {
            x = rounded;
            return true;
        }
        return Policy::overflow([&] {
            return "rounding " + to_string(to_amount(x)) + " to " +
                   std::to_string(table_.currency_info().minor_units) + " digits (" + where() + ")";
        });
    }

    /// The subtotal of billable quantity `billable`: its lines (each passed to the sink) added
    /// up, rounded once in total scope. A quantity that reaches a quote tier is quote_required,
    /// and its lines are not added up; the amounts of the lines before the quote tier are still
    /// worked out, so one that does not fit is an overflow.
    template <class Policy, class Sink>
    rating_status subtotal(const quantity_type& billable, Sink& sink, value& sum) const {
        const bool quote = reaches_quote(billable);
        sum = value{};
        bool failed = false;
        std::optional<value> unsummed;  // the first line the sum could not take
        for_each_line(billable, [&](std::size_t i, const quantity_type& units) {
            if (table_[i].quote) {
                sink.line(i, units, nullptr);
                return true;
            }
            value amount{};
            if (!line_amount<Policy>(i, units, amount)) {
                failed = true;
                return false;
            }
            sink.line(i, units, &amount);
            if (!quote && !unsummed) {
                value next{};
                if (arith::add(sum, amount, next))
                    sum = next;
                else
                    unsummed = amount;
            }
            return true;
        });
        if (failed) return rating_status::overflow;
        if (quote) return rating_status::quote_required;
        if (unsummed) {
            Policy::overflow([&] {
                return to_string(to_amount(sum)) + " + " + to_string(to_amount(*unsummed)) +
                       " in " + amount_name() + " (adding up the lines)";
            });
            return rating_status::overflow;
        }
        if (table_.scope() == rounding_scope::total &&
            !round_minor<Policy>(sum, [] { return std::string("rounding the subtotal"); }))
            return rating_status::overflow;
        sink.subtotal(sum);
        return rating_status::priced;
    }

    /// The monthly minimum and maximum, applied to the subtotal (a minimum at zero usage too).
    template <class Sink>
    void apply_limits(value& total, Sink& sink) const {
        if (table_.minimum() && total < minimum_) {
            sink.limit(true, minimum_, total);
            total = minimum_;
        } else if (table_.maximum() && maximum_ < total) {
            sink.limit(false, maximum_, total);
            total = maximum_;
        }
    }

    /// The charge of billable quantity `billable` without the guard: subtotal and limits.
    template <class Policy, class Sink>
    rating_status total(const quantity_type& billable, Sink& sink, value& out) const {
        const rating_status status = subtotal<Policy>(billable, sink, out);
        if (status == rating_status::priced) apply_limits(out, sink);
        return status;
    }

    /// The guard ("never charge more for less", volume tables with_guard()): a charge in tier
    /// `tier` is capped at the cheapest charge of the first billable value of any later tier up
    /// to a quote tier. A volume charge only drops where a tier begins, and the cheapest
    /// quantity of a tier is its first. Empty when nothing caps it, or the guard is off.
    /// Graduated charges never decrease, so the guard has nothing to do there.
    std::optional<cap> guard_cap(std::size_t tier) const {
        std::optional<cap> best;
        if (!guarded_) return best;
        using steps = quantity_steps<quantity_type>;
        const step_domain<Table> domain(table_);
        no_details none;
        for (std::size_t j = tier + 1; j < table_.size() && !table_[j].quote; ++j) {
            const auto first = domain.first_billable(j);
            if (!first) continue;
            const auto quantity = domain.first_quantity(*first);
            if (!quantity) continue;
            value amount{};
            if (total<report_error>(steps::make(*first), none, amount) != rating_status::priced)
                continue;  // dearer than anything
            if (!best || amount < best->amount) best = cap{steps::make(*quantity), amount};
        }
        return best;
    }

    /// Rates `quantity`: the whole sequence, the total in `out` when priced. `cap_of(tier)`
    /// gives the guard's cap for a volume charge in that tier (guard_cap, or a table of them
    /// worked out once).
    template <class Policy, class Sink, class CapOf>
    rating_status rate(const quantity_type& quantity, Sink& sink, value& out,
                       const CapOf& cap_of) const {
        if (quantity < qtraits::zero()) {
            Policy::negative(
                [&] { return "quantity " + table_.quantity_text(quantity) + " is negative"; });
            return rating_status::negative_quantity;
        }
        quantity_type billable_quantity{};
        if (!billable<Policy>(quantity, billable_quantity)) return rating_status::overflow;
        sink.billable(billable_quantity);
        const rating_status status = total<Policy>(billable_quantity, sink, out);
        if (status != rating_status::priced || !guarded_ || !uses_tier(billable_quantity))
            return status;
        const auto& limit = cap_of(table_.tier_index(billable_quantity));
        if (limit && limit->amount < out) {
            sink.guard(limit->quantity, limit->amount, out);
            out = limit->amount;
        }
        return status;
    }

    template <class Policy, class Sink>
    rating_status rate(const quantity_type& quantity, Sink& sink, value& out) const {
        return rate<Policy>(quantity, sink, out,
                            [this](std::size_t tier) { return guard_cap(tier); });
    }

private:
    using qtraits = quantity_traits<quantity_type>;

    static std::string amount_name() { return decimal_name<amount_type::scale, amount_rep>(); }

    /// A quantity of units as a raw amount multiplier (its raw value: the scales add).
    static bool units_value(const quantity_type& units, value& out) noexcept(arith::nothrow) {
        amount_rep u{};
        if constexpr (std::is_integral_v<quantity_type>) {
            if (!convert_rep(units, u)) return false;
        } else {
            if (!convert_rep(units.raw_value(), u)) return false;
        }
        out = arith::from_rep(u);
        return true;
    }

    std::conditional_t<OwnsTable, Table, const Table&> table_;
    value grid_{};
    value fee_factor_{};
    bool rounds_ = false;
    bool scaled_fee_ = false;
    bool guarded_ = false;
    bool per_step_ = false;
    amount_rep step_divisor_{};
    value minimum_{}, maximum_{};
};

}  // namespace tariff::detail
