#pragma once
/// Pricing insight: what a tier table does to customers.
///   cliffs(table)                     every quantity range in which more usage costs less
///   max_quantity_within(table, b)     the largest quantity whose charge fits budget b (what a
///                                     prepaid balance still buys this month)
/// Both are exact, agree with rate() by construction, and work tier by tier (a division and a
/// short binary search per tier), never by scanning quantities.

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "charge.hpp"
#include "decimal.hpp"
#include "detail/quantity_steps.hpp"
#include "error.hpp"
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
    nothing,    ///< not even zero usage fits: a negative budget, or a minimum above it
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
    std::optional<Quantity> largest() const {
        return fit == budget_fit::bounded ? std::optional<Quantity>(quantity) : std::nullopt;
    }
};

namespace detail {

/// Solves, per tier, "the largest billable value whose subtotal fits a budget". In tier j the
/// billable values are b = first + g*k (k = 0, 1, ...), and the amount that is rounded is linear
/// in k: c0 + pg*k. Rounding is monotone, so the values that fit are a prefix of the tier: an
/// exact division finds the last k whose exact amount fits, and a binary search over the at most
/// minor-unit/pg further candidates settles the rounding mode.
template <class Table>
class budget_solver {
public:
    using quantity_type = typename Table::quantity_type;
    using amount_type = typename Table::amount_type;
    using domain = step_domain<Table>;
    using qrep = typename domain::rep;
    using arep = typename amount_type::rep;
    using aops = rep_ops<arep>;
    using qtraits = quantity_traits<quantity_type>;

    enum class outcome { none, some, whole };
    struct result {
        outcome kind = outcome::none;
        qrep billable{};  ///< the largest billable value that fits (some, or whole with a last one)
        bool endless = false;  ///< whole, and the tier has no last value (unbounded representation)
        bool free = false;     ///< the tier's units cost nothing (pg == 0)
    };

    explicit budget_solver(const Table& table) : table_(table), domain_(table) {
        const int scale = amount_type::scale;
        const int minor = table.currency_info().minor_units;
        grid_ = aops::from_int64(1);
        if (scale > minor) pow10<arep>(scale - minor, grid_);
        if (table.mode() == tier_mode::graduated) prefix_sums();
    }

    const domain& steps() const noexcept { return domain_; }
    /// One minor unit as a raw amount.
    const arep& grid() const noexcept { return grid_; }

    /// The largest billable value in tier j whose subtotal is at most `budget` (on the minor
    /// unit grid, >= 0). `first` is the tier's first billable value.
    result solve(std::size_t j, const qrep& first, const amount_type& budget) const {
        result r;
        const auto& t = table_[j];
        const qrep g = domain_.granularity();
        amount_type pg_amount{}, c0{};
        if (!qtraits::multiply(t.unit_price, domain::steps::make(g), pg_amount))
            return r;  // even one step is too dear
        arep bt = budget.raw_value();
        const quantity_type lower = domain::steps::make(domain_.lower(j));
        const quantity_type first_q = domain::steps::make(first);
        // c0: the amount that is rounded at the tier's first billable value.
        const quantity_type units = table_.mode() == tier_mode::volume
                                        ? first_q
                                        : static_cast<quantity_type>(first_q - lower);
        if (!qtraits::multiply(t.unit_price, units, c0)) return r;
        arep c0r{};
        if (!aops::add(c0.raw_value(), amount_type(t.flat_fee).raw_value(), c0r)) return r;
        if (table_.mode() == tier_mode::graduated) {
            if (!prefix_[j]) return r;  // the tiers before cost more than any budget
            if (table_.scope() == rounding_scope::line) {
                if (!aops::sub(bt, prefix_[j]->raw_value(), bt) || bt < 0) return r;
            } else if (!aops::add(c0r, prefix_[j]->raw_value(), c0r)) {
                return r;
            }
        }
        const arep pg = pg_amount.raw_value();
        const arep zero = aops::from_int64(0), one = aops::from_int64(1);

        std::optional<arep> kmax;
        if (const std::optional<qrep> last = domain_.last_billable(j)) {
            arep l{}, f{}, gg{};
            convert_rep(*last, l);
            convert_rep(first, f);
            convert_rep(g, gg);
            kmax = (l - f) / gg;
        }
        auto fits = [&](const arep& k) {
            arep x{};
            if (!aops::mul(pg, k, x) || !aops::add(c0r, x, x))
                return false;  // beyond the representation
            return rounded_within(x, bt);
        };
        if (!fits(zero)) return r;
        r.free = pg == zero;
        arep k{};
        if (kmax && fits(*kmax)) {
            r.kind = outcome::whole;
            k = *kmax;
        } else if (!kmax && r.free) {
            r.kind = outcome::whole;
            r.endless = true;
            return r;
        } else {
            r.kind = outcome::some;
            // lo fits; hi does not (or is the last k the representation holds).
            arep lo = zero;
            if (bt >= c0r) {
                const arep estimate = (bt - c0r) / pg;  // its exact amount is within the budget
                if (estimate > lo) lo = estimate;
            }
            arep span = grid_ / pg;
            if (grid_ % pg != zero) span += one;
            arep hi{};
            if (!aops::add(lo, span, hi) || !aops::add(hi, one, hi)) {
                if constexpr (aops::bounded) hi = std::numeric_limits<arep>::max();
            }
            if (kmax && hi > *kmax) hi = *kmax;
            if (fits(hi)) {
                lo = hi;
            } else {
                while (hi - lo > one) {
                    const arep mid = lo + (hi - lo) / aops::from_int64(2);
                    if (fits(mid))
                        lo = mid;
                    else
                        hi = mid;
                }
            }
            k = lo;
        }
        arep f{}, gg{}, b{};
        convert_rep(first, f);
        convert_rep(g, gg);
        if (!aops::mul(gg, k, b) || !aops::add(f, b, b) || !convert_rep(b, r.billable)) {
            throw overflow_error(
                "tariff: overflow: billable quantity beyond the quantity type in tiers[" +
                std::to_string(j) + "]");
        }
        return r;
    }

private:
    /// Whether x (a raw amount >= 0) rounded to the minor unit by the table's mode is <= bt.
    bool rounded_within(const arep& x, const arep& bt) const {
        if (grid_ == aops::from_int64(1)) return x <= bt;
        return !(bt / grid_ < divide_rounded(x, grid_, table_.rounding_mode()));
    }

    /// Graduated: what the tiers before tier j add when they are full (rounded per line in line
    /// scope, exact in total scope); empty once that no longer fits the representation.
    void prefix_sums() {
        prefix_.assign(table_.size(), std::nullopt);
        amount_type sum{};
        bool ok = true;
        for (std::size_t j = 0; j < table_.size(); ++j) {
            if (ok) prefix_[j] = sum;
            const auto& t = table_[j];
            if (!ok || t.is_unbounded || t.quote) continue;
            const quantity_type width = t.up_to - table_.lower_bound(j);
            amount_type line{};
            arep total{};
            ok = qtraits::multiply(t.unit_price, width, line) &&
                 aops::add(line.raw_value(), amount_type(t.flat_fee).raw_value(), total);
            if (ok) {
                line = amount_type::from_raw(total);
                if (table_.scope() == rounding_scope::line) {
                    try {
                        line = table_.round_amount(line);
                    } catch (const overflow_error&) {
                        ok = false;
                    }
                }
            }
            ok = ok && aops::add(sum.raw_value(), line.raw_value(), total);
            if (ok) sum = amount_type::from_raw(total);
        }
    }

    const Table& table_;
    domain domain_;
    arep grid_{};
    std::vector<std::optional<amount_type>> prefix_;
};

}  // namespace detail

/// Every quantity range in which more usage costs less, in order of `at`. Only volume tables
/// drop: at a tier bound all units move to a cheaper price. Graduated charges never decrease
/// (prices and fees are >= 0 and each tier adds), and neither does a guarded table's
/// (with_guard()), so both have none. No cliff leads into a quote tier: its price is unknown.
/// Charges include fees, packages, minimum and maximum, exactly as rate() computes them.
template <class Currency, class Price, class Quantity, std::size_t Capacity>
std::vector<cliff<Quantity, typename tier_table<Currency, Price, Quantity, Capacity>::amount_type>>
cliffs(const tier_table<Currency, Price, Quantity, Capacity>& table) {
    using table_type = tier_table<Currency, Price, Quantity, Capacity>;
    using amount_type = typename table_type::amount_type;
    using solver_type = detail::budget_solver<table_type>;
    using steps = detail::quantity_steps<Quantity>;
    using qrep = typename steps::rep;
    std::vector<cliff<Quantity, amount_type>> out;
    if (table.mode() != tier_mode::volume || table.guarded()) return out;

    const solver_type solver(table);
    const auto& domain = solver.steps();
    const qrep one = detail::rep_ops<qrep>::from_int64(1);
    for (std::size_t j = 1; j < table.size(); ++j) {
        if (table[j].quote) break;
        const std::optional<qrep> first = domain.first_billable(j);
        if (!first) continue;
        const std::optional<qrep> after = domain.first_quantity(*first);
        if (!after) continue;
        const qrep at = *after - one;
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
        // so only the subtotal can stay below it; the minimum is at most charge_after.
        const amount_type limit = amount_type::from_raw(c.charge_at.raw_value() - solver.grid());
        std::optional<qrep> until;
        bool endless = false, settled = false;
        for (std::size_t k = j; k < table.size() && !settled; ++k) {
            const std::optional<qrep> kfirst = domain.first_billable(k);
            if (!kfirst) continue;  // an empty tier, or none of the type reaches it
            if (table[k].quote) {
                if (const auto q = domain.first_quantity(*kfirst)) until = *q - one;
                settled = until.has_value();
                break;
            }
            const auto r = solver.solve(k, *kfirst, limit);
            switch (r.kind) {
                case solver_type::outcome::none:
                    until = *domain.first_quantity(*kfirst) - one;
                    settled = true;
                    break;
                case solver_type::outcome::some:
                    until = domain.last_quantity(r.billable);
                    settled = true;
                    break;
                case solver_type::outcome::whole:
                    if (r.endless || (r.free && k + 1 == table.size())) {
                        endless = true;
                        settled = true;
                    } else {
                        until = domain.last_quantity(r.billable);
                    }
                    break;
            }
        }
        if (!endless) c.cheaper_until = steps::make(*until);
        out.push_back(c);
    }
    return out;
}

/// The largest quantity whose charge (rate(table, q).total) is at most `budget`: exact, for
/// volume and graduated tables with fees, packages, minimum, maximum and the guard (which never
/// changes the answer: the largest affordable quantity is never guarded down). A quote tier is
/// never affordable. Charges are whole minor units, so a budget finer than that counts as
/// rounded down. Quantities are those of the table's type: when every quantity up to the largest
/// it holds fits, that largest is the answer (or `unbounded` when no quantity, however large,
/// would exceed the budget). With a maximum at or below the budget the answer is `unbounded`,
/// even though rate() may still throw overflow_error for a quantity whose uncapped amount does
/// not fit the table's representation.
template <class Currency, class Price, class Quantity, std::size_t Capacity>
affordable<Quantity> max_quantity_within(
    const tier_table<Currency, Price, Quantity, Capacity>& table,
    const typename tier_table<Currency, Price, Quantity, Capacity>::amount_type& budget) {
    using table_type = tier_table<Currency, Price, Quantity, Capacity>;
    using amount_type = typename table_type::amount_type;
    using solver_type = detail::budget_solver<table_type>;
    using steps = detail::quantity_steps<Quantity>;
    using qrep = typename steps::rep;
    affordable<Quantity> out;
    if (budget.is_negative()) return out;
    const amount_type limit = quantize(budget, table.currency_info().minor_units, rounding::floor);
    if (table.minimum() && *table.minimum() > limit) return out;

    const solver_type solver(table);
    const auto& domain = solver.steps();
    const qrep one = detail::rep_ops<qrep>::from_int64(1);
    auto bounded = [&](const qrep& q) {
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
        const std::optional<qrep> first = domain.first_billable(j);
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
    // Only zero billable units fit.
    return bounded(domain.last_quantity(detail::rep_ops<qrep>::from_int64(0)));
}

/// The budget as text in the table's currency ("400.00"); throws parse_error naming it.
template <class Currency, class Price, class Quantity, std::size_t Capacity>
affordable<Quantity> max_quantity_within(
    const tier_table<Currency, Price, Quantity, Capacity>& table, std::string_view budget) {
    using amount_type = typename tier_table<Currency, Price, Quantity, Capacity>::amount_type;
    return max_quantity_within(table, amount_type::parse(budget));
}

}  // namespace tariff
