#pragma once
/// Pricing insight: what a tier table does to customers.
///   cliffs(table)                     every quantity range in which more usage costs less
///   max_quantity_within(table, b)     the largest quantity whose charge fits budget b (what a
///                                     prepaid balance still buys this month)
/// Free units, quantity scales and a fee billed at zero usage are taken into account: both
/// rate through the table's own billable() and the rating core.
/// Both are exact, rate through the same core as rate(), and work tier by tier (a short search
/// per tier), never by scanning quantities.

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "charge.hpp"
#include "decimal.hpp"
#include "detail/quantity_steps.hpp"
#include "detail/rating.hpp"
#include "error.hpp"
#include "money.hpp"
#include "rounding.hpp"
#include "tier_table.hpp"

namespace tariff {

/// A quantity range in which more usage costs less. `at` costs `charge_at`; the next quantity
/// (at + 1 for counts) costs `charge_after`, `drop` less; every quantity after `at` up to and
/// including `cheaper_until` costs less than `at` does.
template <class Quantity, class Amount>
struct cliff {
    Quantity at{};
    std::optional<Quantity> cheaper_until;  ///< empty: every larger quantity costs less than `at`
    Amount charge_at{};
    Amount charge_after{};
    Amount drop{};  ///< charge_at - charge_after, > 0
};

/// What max_quantity_within found.
enum class budget_fit {
    nothing,    ///< no quantity fits: a negative budget, a minimum above it, or every charge
                ///< above it (a first-tier fee billed at zero usage)
    bounded,    ///< `quantity` is the largest quantity that fits
    unbounded,  ///< there is no largest: the charge stays within the budget however large the
                ///< quantity (a maximum at or below the budget, or free units in the last tier)
};

/// The answer of max_quantity_within.
template <class Quantity>
struct affordable {
    budget_fit fit = budget_fit::nothing;
    Quantity quantity{};  ///< the largest quantity that fits, when fit == bounded

    /// Whether anything fits (zero usage at least).
    explicit operator bool() const noexcept { return fit != budget_fit::nothing; }
    bool unbounded() const noexcept { return fit == budget_fit::unbounded; }
    /// The largest quantity that fits; empty when nothing fits or there is no largest.
    std::optional<Quantity> largest() const
        noexcept(std::is_nothrow_copy_constructible_v<Quantity>) {
        return fit == budget_fit::bounded ? std::optional<Quantity>(quantity) : std::nullopt;
    }
};

namespace detail {

/// Solves, per tier, "the largest billable value whose subtotal fits a budget". In tier j the
/// billable values are b = first + step x k (k = 0, 1, ...) and the subtotal never falls as k
/// grows, so the values that fit are a prefix of the tier: a search over k finds its end. Every
/// candidate's subtotal is the rating core's (lines, fees, rounding, scope); the exact amount per
/// step only tells the search where to start looking.
template <class Table>
class budget_solver {
public:
    using quantity_type = typename Table::quantity_type;
    using amount_type = typename Table::amount_type;
    using core_type = rating_core<Table>;
    using value = typename core_type::value;
    using domain = step_domain<Table>;
    using quantity_rep = typename domain::rep;
    using quantity_ops = rep_ops<quantity_rep>;
    using amount_rep = typename amount_type::rep;

    enum class outcome { none, some, whole };
    struct result {
        outcome kind = outcome::none;
        quantity_rep billable{};  ///< the largest billable value that fits (some, or whole with a
                                  ///< last one)
        bool endless = false;  ///< whole, and the tier has no last value (unbounded representation)
        bool free = false;     ///< the tier's units cost nothing
    };

    explicit budget_solver(const Table& table) : core_(table), domain_(table) {}

    const domain& steps() const noexcept { return domain_; }
    /// One minor unit as a raw amount.
    amount_rep grid() const { return core_type::arith::to_rep(core_.grid()); }

    /// The largest billable value in tier j whose subtotal is at most `budget` (on the minor
    /// unit grid, >= 0). `first` is the tier's first billable value.
    result solve(std::size_t j, const quantity_rep& first, const amount_type& budget) const {
        result r;
        const value limit = core_type::arith::from_rep(budget.raw_value());
        const quantity_rep step = domain_.granularity();
        const quantity_rep zero = quantity_ops::from_int64(0);
        auto billable_at = [&](const quantity_rep& k, quantity_rep& b) {
            return quantity_ops::mul(step, k, b) && quantity_ops::add(first, b, b);
        };
        auto fits = [&](const quantity_rep& k) {
            quantity_rep b{};
            value subtotal{};
            typename core_type::no_details none;
            return billable_at(k, b) &&
                   core_.template subtotal<report_error>(domain::steps::make(b), none, subtotal) ==
                       rating_status::priced &&
                   !(limit < subtotal);
        };
        if (!fits(zero)) return r;
        r.free = core_.table()[j].unit_price.is_zero();
        std::optional<quantity_rep> last;  // the tier's last k
        if (const std::optional<quantity_rep> last_billable = domain_.last_billable(j))
            last = (*last_billable - first) / step;
        quantity_rep k = zero;
        if (last && fits(*last)) {
            r.kind = outcome::whole;
            k = *last;
        } else if (!last && r.free) {
            r.kind = outcome::whole;
            r.endless = true;
            return r;
        } else {
            r.kind = outcome::some;
            k = largest_fit(start(j, first, limit), last, fits);
        }
        if (!billable_at(k, r.billable)) {
            throw_overflow("billable quantity beyond the quantity type in tiers[" +
                           std::to_string(j) + "]");
        }
        return r;
    }

private:
    /// The largest k that fits, given that k = 0 does and `last` (when known) does not: from
    /// `from`, gallop up to a k that does not fit, then halve the gap.
    template <class Fits>
    static quantity_rep largest_fit(const quantity_rep& from,
                                    const std::optional<quantity_rep>& last, const Fits& fits) {
        const quantity_rep zero = quantity_ops::from_int64(0), one = quantity_ops::from_int64(1);
        quantity_rep low = from;
        if ((last && !(low < *last)) || (low != zero && !fits(low))) low = zero;
        std::optional<quantity_rep> high;  // the smallest k known not to fit
        for (quantity_rep stride = one; !high;) {
            quantity_rep next{};
            if (!quantity_ops::add(low, stride, next) || (last && !(next < *last))) {
                high = last;  // a bounded representation always has a last k
            } else if (fits(next)) {
                low = next;
                if (!quantity_ops::add(stride, stride, stride)) stride = *last;
            } else {
                high = next;
            }
        }
        while (one < *high - low) {
            const quantity_rep middle = low + (*high - low) / quantity_ops::from_int64(2);
            if (fits(middle))
                low = middle;
            else
                high = middle;
        }
        return low;
    }

    /// Where to start looking in tier j (first billable value `first`): a k whose subtotal is
    /// within the budget. The amount that is rounded grows by the exact price of a step per k,
    /// and lies within a minor unit of the subtotal at k = 0 (less what the tiers before add),
    /// so k = (limit - (that subtotal + a minor unit)) / (price of a step) still fits; 0 when
    /// that does not work out. A hint only: largest_fit checks it.
    quantity_rep start(std::size_t j, const quantity_rep& first, const value& limit) const {
        using arith = typename core_type::arith;
        const quantity_rep zero = quantity_ops::from_int64(0);
        value base{}, price{}, per_step{}, room{};
        amount_rep step{};
        typename core_type::no_details none;
        if (core_.template subtotal<report_error>(domain::steps::make(first), none, base) !=
                rating_status::priced ||
            !core_.price(j, price) || !convert_rep(domain_.granularity(), step) ||
            !arith::mul(price, arith::from_rep(step), per_step) || per_step == value{} ||
            !arith::add(base, core_.grid(), room) || limit < room)
            return zero;
        quantity_rep k{};
        if (!convert_rep(arith::to_rep((limit - room) / per_step), k)) return zero;
        return k;
    }

    core_type core_;
    domain domain_;
};

}  // namespace detail

/// Every quantity range in which more usage costs less, in order of `at`. Only volume tables
/// drop: at a tier bound all units move to a cheaper price. Graduated charges never decrease
/// (prices and fees are >= 0 and each tier adds), and neither does a guarded table's
/// (with_guard()), so both have none. No cliff leads into a quote tier: its price is unknown.
/// Charges include fees, packages, minimum and maximum, exactly as rate() computes them.
/// `cheaper_until` is empty when every larger quantity the table's quantity type holds costs
/// less.
template <class Currency, class Price, class Quantity, std::size_t Capacity>
std::vector<cliff<Quantity, typename tier_table<Currency, Price, Quantity, Capacity>::amount_type>>
cliffs(const tier_table<Currency, Price, Quantity, Capacity>& table) {
    using table_type = tier_table<Currency, Price, Quantity, Capacity>;
    using amount_type = typename table_type::amount_type;
    using solver_type = detail::budget_solver<table_type>;
    using steps = detail::quantity_steps<Quantity>;
    using quantity_rep = typename steps::rep;
    std::vector<cliff<Quantity, amount_type>> out;
    if (table.mode() != tier_mode::volume || table.guarded()) return out;

    const solver_type solver(table);
    const auto& domain = solver.steps();
    const quantity_rep one = detail::rep_ops<quantity_rep>::from_int64(1);
    for (std::size_t j = 1; j < table.size(); ++j) {
        if (table[j].quote) break;
        const std::optional<quantity_rep> first = domain.first_billable(j);
        if (!first) continue;
        const std::optional<quantity_rep> after = domain.first_quantity(*first);
        if (!after) continue;
        const quantity_rep at = *after - one;
        const auto before_charge = rate(table, steps::make(at));
        const auto after_charge = rate(table, steps::make(*after));
        if (!before_charge.total || !after_charge.total ||
            !(*after_charge.total < *before_charge.total))
            continue;

        cliff<Quantity, amount_type> c;
        c.at = steps::make(at);
        c.charge_at = *before_charge.total;
        c.charge_after = *after_charge.total;
        c.drop = c.charge_at - c.charge_after;

        // Cheaper means at most charge_at less one minor unit. A maximum is at least charge_at,
        // so only the subtotal can stay below it; the minimum is at most charge_after. The range
        // ends in the first tier where not every value fits, or where a quote tier begins; when
        // no tier ends it, it runs to the largest quantity of the type, or forever.
        const amount_type limit = amount_type::from_raw(c.charge_at.raw_value() - solver.grid());
        std::optional<quantity_rep> until;
        for (std::size_t k = j; k < table.size() && !until; ++k) {
            const std::optional<quantity_rep> first_in_tier = domain.first_billable(k);
            if (!first_in_tier) continue;  // an empty tier, or none of the type reaches it
            const std::optional<quantity_rep> first_quantity =
                domain.first_quantity(*first_in_tier);
            if (table[k].quote) {
                if (first_quantity) until = *first_quantity - one;
                break;
            }
            const auto r = solver.solve(k, *first_in_tier, limit);
            if (r.kind == solver_type::outcome::none)
                until = *first_quantity - one;
            else if (r.kind == solver_type::outcome::some)
                until = domain.last_quantity(r.billable);
        }
        // Up to the largest quantity of the type is every larger quantity there is.
        if (until && !(domain.max_quantity() && *until == *domain.max_quantity()))
            c.cheaper_until = steps::make(*until);
        out.push_back(c);
    }
    return out;
}

namespace detail {

/// A budget of any scale and representation on the table's amount grid: rounded down to the
/// currency's minor unit (charges are whole minor units), and above the largest amount the
/// representation holds, that largest (no charge is more). `budget` is >= 0.
template <class Table, int Scale, class Rep>
typename Table::amount_type budget_on_grid(const Table& table, const decimal<Scale, Rep>& budget) {
    using amount_type = typename Table::amount_type;
    using amount_rep = typename amount_type::rep;
    constexpr int scale = amount_type::scale;
    Rep raw = budget.raw_value();
    if constexpr (Scale > scale) {
        Rep divisor{};
        pow10<Rep>(Scale - scale, divisor);  // <= Scale: fits
        raw = divide_rounded(raw, divisor, rounding::floor);
    }
    constexpr int shift = Scale < scale ? scale - Scale : 0;
    amount_rep converted{}, factor{}, scaled{};
    if (!convert_rep(raw, converted) || !pow10<amount_rep>(shift, factor) ||
        !rep_ops<amount_rep>::mul(converted, factor, scaled)) {
        if constexpr (rep_ops<amount_rep>::bounded) scaled = std::numeric_limits<amount_rep>::max();
    }
    return quantize(amount_type::from_raw(scaled), table.currency_info().minor_units,
                    rounding::floor);
}

}  // namespace detail

/// The largest quantity whose charge (rate(table, q).total) is at most `budget`: exact, for
/// volume and graduated tables with fees, packages, minimum, maximum and the guard (which never
/// changes the answer: the largest affordable quantity is never guarded down). A quote tier is
/// never affordable. The budget is a decimal of any scale in the table's currency: charges are
/// whole minor units, so a budget finer than that counts as rounded down. Quantities are those
/// of the table's type: when every quantity up to the largest it holds fits, that largest is the
/// answer (or `unbounded` when no quantity, however large, would exceed the budget). With a
/// maximum at or below the budget the answer is `unbounded`, even though rate() may still throw
/// overflow_error for a quantity whose uncapped amount does not fit the table's representation.
template <class Currency, class Price, class Quantity, std::size_t Capacity, int Scale, class Rep>
affordable<Quantity> max_quantity_within(
    const tier_table<Currency, Price, Quantity, Capacity>& table,
    const decimal<Scale, Rep>& budget) {
    using table_type = tier_table<Currency, Price, Quantity, Capacity>;
    using amount_type = typename table_type::amount_type;
    using solver_type = detail::budget_solver<table_type>;
    using steps = detail::quantity_steps<Quantity>;
    using quantity_rep = typename steps::rep;
    affordable<Quantity> out;
    if (budget.is_negative()) return out;
    const amount_type limit = detail::budget_on_grid(table, budget);
    if (table.minimum() && *table.minimum() > limit) return out;

    const solver_type solver(table);
    const auto& domain = solver.steps();
    const quantity_rep one = detail::rep_ops<quantity_rep>::from_int64(1);
    auto bounded = [&](const quantity_rep& q) {
        out.fit = budget_fit::bounded;
        out.quantity = steps::make(q);
        return out;
    };

    if (table.maximum() && *table.maximum() <= limit) {
        // Every priced quantity fits: all of them, or all below the quote tier.
        if (table.has_quote_tier()) {
            if (const auto first = domain.first_billable(table.size() - 1)) {
                if (const auto q = domain.first_quantity(*first)) return bounded(*q - one);
            }
        }
        out.fit = budget_fit::unbounded;
        return out;
    }

    // Otherwise a charge fits exactly when its subtotal does. The affordable values of a tier are
    // a prefix of it, so the answer lies in the last tier that has any.
    for (std::size_t j = table.size(); j-- > 0;) {
        if (table[j].quote) continue;
        const std::optional<quantity_rep> first = domain.first_billable(j);
        if (!first) continue;
        const auto r = solver.solve(j, *first, limit);
        if (r.kind == solver_type::outcome::none) continue;
        if (r.kind == solver_type::outcome::whole && j + 1 == table.size() &&
            (r.endless || r.free)) {
            out.fit = budget_fit::unbounded;
            return out;
        }
        return bounded(domain.last_quantity(r.billable));
    }
    // Only zero billable units may fit: they cost the minimum, or the first tier's fee where
    // the table bills it at zero (then larger quantities in a cheaper tier may cost less).
    if (const auto at_zero = rate(table, detail::quantity_traits<Quantity>::zero());
        !at_zero.total || limit < *at_zero.total)
        return out;
    return bounded(domain.last_quantity(detail::rep_ops<quantity_rep>::from_int64(0)));
}

/// The same with the budget as money. A table in a compile-time currency takes only money in
/// that currency (anything else does not compile); a table in a runtime currency checks the
/// code and throws invalid_argument naming both on a mismatch.
template <class Currency, class Price, class Quantity, std::size_t Capacity, class BudgetCurrency,
          class Rep,
          std::enable_if_t<std::is_same_v<Currency, runtime_currency> ||
                               std::is_same_v<Currency, BudgetCurrency>,
                           int> = 0>
affordable<Quantity> max_quantity_within(
    const tier_table<Currency, Price, Quantity, Capacity>& table,
    const money<BudgetCurrency, Rep>& budget) {
    if (table.currency_info() != BudgetCurrency::info) {
        throw invalid_argument("a budget in " + std::string(BudgetCurrency::code) +
                               " for a table in " + std::string(table.currency_info().code));
    }
    return max_quantity_within(table, budget.amount());
}

/// The budget as text in the table's currency ("400.00"); throws parse_error naming it.
template <class Currency, class Price, class Quantity, std::size_t Capacity>
affordable<Quantity> max_quantity_within(
    const tier_table<Currency, Price, Quantity, Capacity>& table, std::string_view budget) {
    using amount_type = typename tier_table<Currency, Price, Quantity, Capacity>::amount_type;
    return max_quantity_within(table, amount_type::parse(budget));
}

}  // namespace tariff
