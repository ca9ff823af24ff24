#pragma once
// Quantities counted in steps, the smallest difference between two quantities: 1 for a count (one
// 10^-s unit when the table counts at quantity scale s), one unit of the last digit for a decimal
// quantity (0.001 GB for decimal<3>). Cliffs, budgets and the rating guard walk a table tier by
// tier in these steps instead of scanning quantities. With a package transform the billable
// quantity is a whole number of packages, so billable values are multiples of one unit; without
// one, the billable quantity is the quantity less the free units.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <type_traits>

#include "../decimal.hpp"
#include "../tier_table.hpp"

namespace tariff::detail {

template <class Q, class = void>
struct quantity_steps;

template <class Q>
struct quantity_steps<Q, std::enable_if_t<std::is_integral_v<Q>>> {
    using rep = Q;
    static constexpr rep raw(const Q& q) noexcept { return q; }
    static constexpr Q make(const rep& r) noexcept { return r; }
    /// Steps in one whole unit.
    static constexpr rep per_unit() noexcept { return 1; }
};

template <int QS, class QR>
struct quantity_steps<decimal<QS, QR>> {
    using rep = QR;
    static rep raw(const decimal<QS, QR>& q) { return q.raw_value(); }
    static decimal<QS, QR> make(const rep& r) { return decimal<QS, QR>::from_raw(r); }
    static rep per_unit() { return decimal<QS, QR>::unit(); }
};

/// The quantity domain of one table, in steps: where each tier's billable values begin and end,
/// and which quantities bill a given billable value. Bounded representations stop at their
/// largest value (quantities beyond it cannot be rated); cpp_int quantities never stop.
template <class Table>
class step_domain {
public:
    using quantity_type = typename Table::quantity_type;
    using steps = quantity_steps<quantity_type>;
    using rep = typename steps::rep;
    using ops = rep_ops<rep>;
    static constexpr bool bounded = ops::bounded;

    explicit step_domain(const Table& table)
        : table_(table), granularity_(ops::from_int64(1)), free_(steps::raw(table.free_units())) {
        rep per_unit = steps::per_unit();
        if constexpr (std::is_integral_v<quantity_type>) per_unit = table.quantity_unit();
        if (table.has_package()) {
            granularity_ = per_unit;
            rep size{}, per{};
            // A package larger than the representation leaves package_steps_ empty: no quantity
            // fills one.
            if (convert_rep(table.package_size(), size) && ops::mul(size, per_unit, per))
                package_steps_ = per;
        }
        if constexpr (bounded) {
            max_quantity_ = std::numeric_limits<rep>::max();
            quantity_type top{};
            if (table.billable(steps::make(*max_quantity_), top)) {
                max_billable_ = steps::raw(top);
            } else {
                // Whole packages of the largest quantities do not fit the type (0.001 rounded up
                // to 1 package near the top of decimal<3>); rate() refuses those quantities, so
                // the largest billable value is the largest whole number of units.
                max_billable_ = floor_to_grid_count(*max_quantity_) * granularity_;
            }
        }
    }

    /// Billable values are multiples of this many steps.
    const rep& granularity() const noexcept { return granularity_; }
    /// The largest quantity, in steps, when the representation is bounded.
    const std::optional<rep>& max_quantity() const noexcept { return max_quantity_; }

    /// Exclusive lower bound of tier i, in steps.
    rep lower(std::size_t i) const {
        return i == 0 ? ops::from_int64(0) : steps::raw(table_[i - 1].up_to);
    }

    /// The smallest billable value in tier i, or empty when no quantity of the type bills one.
    std::optional<rep> first_billable(std::size_t i) const {
        rep next{}, first{};
        if (!ops::add(floor_to_grid_count(lower(i)), ops::from_int64(1), next) ||
            !ops::mul(next, granularity_, first)) {
            return std::nullopt;
        }
        if (max_billable_ && first > *max_billable_) return std::nullopt;
        if (!table_[i].is_unbounded && first > steps::raw(table_[i].up_to)) return std::nullopt;
        return first;
    }

    /// The largest billable value in tier i (which must have a first one); empty when there is
    /// none (an unbounded last tier of an unbounded representation).
    std::optional<rep> last_billable(std::size_t i) const {
        std::optional<rep> last;
        if (!table_[i].is_unbounded)
            last = floor_to_grid_count(steps::raw(table_[i].up_to)) * granularity_;
        if (max_billable_ && (!last || *last > *max_billable_)) last = *max_billable_;
        return last;
    }

    /// The smallest quantity whose billable value is b (a multiple of the granularity), or
    /// empty when it does not fit the type: the package's first, plus the free units.
    std::optional<rep> first_quantity(const rep& b) const {
        if (b == ops::from_int64(0)) return b;
        std::optional<rep> q = first_packaged(b);
        if (q && !ops::add(*q, free_, *q)) return std::nullopt;
        return q;
    }

    /// The largest quantity whose billable value is b, capped at the largest of the type: the
    /// package's last, plus the free units.
    rep last_quantity(const rep& b) const {
        rep q = last_packaged(b);
        if (!ops::add(q, free_, q)) {
            if constexpr (bounded) return *max_quantity_;
            // Unreachable: an unbounded representation never overflows.
        }
        return q;
    }

private:
    /// The smallest quantity less the free units whose billable value is b.
    std::optional<rep> first_packaged(const rep& b) const {
        if (!table_.has_package()) return b;
        const rep n = b / granularity_;
        const rep zero = ops::from_int64(0), one = ops::from_int64(1);
        rep q{};
        if (table_.package_round() == package_rounding::up) {
            if (n == zero) return zero;
            if (n == one) return one;
            if (!package_steps_ || !ops::mul(n - one, *package_steps_, q) || !ops::add(q, one, q))
                return std::nullopt;
        } else {
            if (n != zero && (!package_steps_ || !ops::mul(n, *package_steps_, q)))
                return std::nullopt;
            if (n == zero) q = zero;
        }
        return q;
    }

    /// The largest quantity less the free units whose billable value is b, capped.
    rep last_packaged(const rep& b) const {
        if (!table_.has_package()) return b;
        const rep n = b / granularity_;
        const rep one = ops::from_int64(1);
        if (table_.package_round() == package_rounding::up && n == ops::from_int64(0)) return n;
        rep q{};
        bool fits = package_steps_.has_value();
        if (fits) {
            if (table_.package_round() == package_rounding::up) {
                fits = ops::mul(n, *package_steps_, q);
            } else {
                rep next{};
                fits = ops::add(n, one, next) && ops::mul(next, *package_steps_, q) &&
                       ops::sub(q, one, q);
            }
        }
        if (!fits) {
            if constexpr (bounded) return *max_quantity_;
            // Unreachable: an unbounded representation never overflows.
        }
        return q;
    }

    /// floor(v / granularity) for v >= 0.
    rep floor_to_grid_count(const rep& v) const { return v / granularity_; }

    const Table& table_;
    rep granularity_;
    rep free_;
    std::optional<rep> package_steps_;
    std::optional<rep> max_quantity_;
    std::optional<rep> max_billable_;
};

}  // namespace tariff::detail
