#pragma once
/// Rating: a tier table and a month's quantity give a charge, with one line per tier used,
/// any minimum/maximum adjustment, and a total, or status quote_required and no total.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "detail/quantity_steps.hpp"
#include "error.hpp"
#include "tier_table.hpp"

namespace tariff {

/// priced: the total is known. quote_required: the quantity reached a "contact sales" tier;
/// there is no total, never one made up from a neighbouring tier.
enum class charge_status { priced, quote_required };

namespace detail {
template <>
struct enum_names<charge_status> {
    static constexpr std::string_view names[] = {"priced", "quote_required"};
};
}  // namespace detail

/// One tier used by a charge.
template <class Quantity, class Price, class Amount>
struct charge_line {
    std::size_t tier = 0;           ///< index into the table (tiers[i])
    Quantity from{};                ///< exclusive lower bound of the tier
    std::optional<Quantity> up_to;  ///< inclusive upper bound; empty when unbounded
    Quantity units{};               ///< units billed in this tier
    bool quote = false;             ///< a contact-sales tier: no price, no amount
    Price unit_price{};
    Price flat_fee{};
    Amount amount{};  ///< units x unit_price + flat_fee; rounded per line in line scope
};

enum class adjustment_kind { minimum, maximum };

namespace detail {
template <>
struct enum_names<adjustment_kind> {
    static constexpr std::string_view names[] = {"minimum", "maximum"};
};
}  // namespace detail

/// The monthly minimum or maximum applied to the subtotal.
template <class Amount>
struct charge_adjustment {
    adjustment_kind kind;
    Amount limit;   ///< the table's minimum or maximum
    Amount amount;  ///< what was added (minimum, > 0) or taken off (maximum, < 0)
};

/// The "never charge more for less" guard (tier_table::with_guard()) at work: `quantity`, a
/// larger quantity, costs less, so this charge's total is capped at its charge.
template <class Quantity, class Amount>
struct charge_guard {
    Quantity quantity;  ///< the smallest larger quantity with the lowest charge
    Amount limit;       ///< its charge, now this charge's total
    Amount amount;      ///< what was taken off (< 0)
};

/// The result of rating one quantity against one table.
template <class Table>
class charge {
public:
    using quantity_type = typename Table::quantity_type;
    using price_type = typename Table::price_type;
    using amount_type = typename Table::amount_type;
    using line_type = charge_line<quantity_type, price_type, amount_type>;

    charge_status status = charge_status::priced;
    tariff::currency currency{};
    tier_mode mode = tier_mode::volume;
    quantity_type quantity{};  ///< as given
    quantity_type billable{};  ///< after the package transform
    /// Sum of the lines (rounded once in total scope); empty when quote_required.
    std::optional<amount_type> subtotal;
    std::optional<charge_adjustment<amount_type>> adjustment;
    /// Set when the table's guard capped the total below subtotal + adjustment.
    std::optional<charge_guard<quantity_type, amount_type>> guard;
    /// What the customer pays, at the currency's minor unit; empty when quote_required.
    std::optional<amount_type> total;

    const line_type* begin() const noexcept { return lines_.data(); }
    const line_type* end() const noexcept { return lines_.data() + count_; }
    std::size_t line_count() const noexcept { return count_; }
    const line_type& line(std::size_t i) const noexcept { return lines_[i]; }
    bool priced() const noexcept { return status == charge_status::priced; }

    void push_line(const line_type& l) noexcept { lines_[count_++] = l; }

private:
    std::array<line_type, Table::capacity> lines_{};
    std::size_t count_ = 0;
};

namespace detail {

/// Prints an amount that is a multiple of 10^-digits with exactly `digits` fraction digits.
template <int Scale, class Rep>
std::string format_fixed(const decimal<Scale, Rep>& v, int digits) {
    std::string s = to_string(v);
    if (digits < Scale) {
        s.erase(s.size() - static_cast<std::size_t>(Scale - digits));
        if (digits == 0) s.pop_back();  // the '.'
    } else if (digits > Scale) {
        if (Scale == 0) s.push_back('.');
        s.append(static_cast<std::size_t>(digits - Scale), '0');
    }
    return s;
}

}  // namespace detail

/// An amount of a charge as the currency writes it: "6000.00" (USD), "6000" (JPY).
template <int Scale, class Rep>
std::string format_amount(const decimal<Scale, Rep>& amount, const currency& cur) {
    return detail::format_fixed(
        quantize(amount, cur.minor_units, rounding::down) == amount
            ? amount
            : throw invalid_argument("tariff: " + to_string(amount) + " is finer than " +
                                     std::string(cur.code) + "'s minor unit"),
        cur.minor_units);
}

/// A unit price or fee without trailing zeros beyond the currency's minor digits: "0.40",
/// "0.000125".
template <int Scale, class Rep>
std::string format_price(const decimal<Scale, Rep>& price, const currency& cur) {
    std::string s = to_string(price);
    if (Scale == 0) return detail::format_fixed(price, cur.minor_units);
    const std::size_t dot = s.find('.');
    std::size_t keep =
        dot + 1 + static_cast<std::size_t>(cur.minor_units < Scale ? cur.minor_units : Scale);
    while (s.size() > keep && s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    if (cur.minor_units > Scale) s.append(static_cast<std::size_t>(cur.minor_units - Scale), '0');
    return s;
}

namespace detail {

/// The guard: in a volume table the charge only drops where a tier begins, and the cheapest
/// quantity of a tier is its first, so the cheapest larger quantity is the first of a later tier.
/// Graduated charges never decrease, so the guard has nothing to do there.
template <class Table>
void apply_guard(const Table& table, charge<Table>& c) {
    using amount_type = typename Table::amount_type;
    using qtraits = quantity_traits<typename Table::quantity_type>;
    using steps = quantity_steps<typename Table::quantity_type>;
    if (table.mode() != tier_mode::volume || !c.total || !(c.billable > qtraits::zero())) return;
    const step_domain<Table> domain(table);
    amount_type best = *c.total;
    std::optional<typename steps::rep> best_quantity;
    for (std::size_t j = table.tier_index(c.billable) + 1; j < table.size() && !table[j].quote;
         ++j) {
        const auto first = domain.first_billable(j);
        if (!first) continue;
        const auto quantity = domain.first_quantity(*first);
        if (!quantity) continue;
        amount_type amount{};
        if (!qtraits::multiply(table[j].unit_price, steps::make(*first), amount))
            continue;  // dearer than anything
        try {
            amount = table.round_amount(amount + amount_type(table[j].flat_fee));
        } catch (const overflow_error&) {
            continue;
        }
        if (table.minimum() && amount < *table.minimum()) amount = *table.minimum();
        if (table.maximum() && amount > *table.maximum()) amount = *table.maximum();
        if (amount < best) {
            best = amount;
            best_quantity = *quantity;
        }
    }
    if (!best_quantity) return;
    c.guard = charge_guard<typename Table::quantity_type, amount_type>{steps::make(*best_quantity),
                                                                       best, best - *c.total};
    c.total = best;
}

/// Runs `f`; an overflow_error from it gets `where()` (built only then) added to its message,
/// so that it says which step of the rating overflowed.
template <class F, class W>
auto explain_overflow(F&& f, W&& where) -> decltype(f()) {
    try {
        return f();
    } catch (const overflow_error& e) {
        throw overflow_error(std::string(e.what()) + " (" + where() + ")");
    }
}

}  // namespace detail

/// Rates `quantity` against `table`. Throws invalid_argument for a negative quantity and
/// overflow_error when an exact amount does not fit the table's representation.
template <class Currency, class Price, class Quantity, std::size_t Capacity>
charge<tier_table<Currency, Price, Quantity, Capacity>> rate(
    const tier_table<Currency, Price, Quantity, Capacity>& table, const Quantity& quantity) {
    using table_type = tier_table<Currency, Price, Quantity, Capacity>;
    using qtraits = detail::quantity_traits<Quantity>;
    using amount_type = typename table_type::amount_type;
    charge<table_type> c;
    c.currency = table.currency_info();
    c.mode = table.mode();
    c.quantity = quantity;
    if (quantity < qtraits::zero()) {
        throw invalid_argument("tariff: quantity " + qtraits::text(quantity) + " is negative");
    }
    const Quantity billable = table.billable(quantity);
    c.billable = billable;

    auto add_line = [&](std::size_t i, const Quantity& units) {
        const auto& t = table[i];
        typename charge<table_type>::line_type
            line{};  // {}: g++ 12 -O1 otherwise warns maybe-uninitialized on the copy
        line.tier = i;
        line.from = table.lower_bound(i);
        if (!t.is_unbounded) line.up_to = t.up_to;
        line.units = units;
        line.quote = t.quote;
        line.unit_price = t.unit_price;
        line.flat_fee = t.flat_fee;
        if (t.quote) {
            c.status = charge_status::quote_required;
        } else {
            amount_type exact{};
            if (!qtraits::multiply(t.unit_price, units, exact)) {
                detail::throw_overflow(qtraits::text(units) + " x " + to_string(t.unit_price) +
                                       " in tiers[" + std::to_string(i) + "]");
            }
            const auto in_tier = [i](const char* step) {
                return std::string(step) + " in tiers[" + std::to_string(i) + "]";
            };
            exact = detail::explain_overflow([&] { return exact + amount_type(t.flat_fee); },
                                             [&] { return in_tier("adding the flat fee"); });
            line.amount =
                table.scope() == rounding_scope::line
                    ? detail::explain_overflow([&] { return table.round_amount(exact); },
                                               [&] { return in_tier("rounding the amount"); })
                    : exact;
        }
        c.push_line(line);
    };

    if (billable > qtraits::zero()) {
        if (table.mode() == tier_mode::volume) {
            add_line(table.tier_index(billable), billable);
        } else {
            for (std::size_t i = 0; i < table.size(); ++i) {
                const Quantity from = table.lower_bound(i);
                if (!(billable > from)) break;
                const auto& t = table[i];
                const Quantity top = (t.is_unbounded || billable < t.up_to) ? billable : t.up_to;
                add_line(i, top - from);
            }
        }
    }
    if (c.status == charge_status::quote_required) return c;

    amount_type sum{};
    for (const auto& line : c) {
        sum = detail::explain_overflow([&] { return sum + line.amount; },
                                       [] { return std::string("adding up the lines"); });
    }
    const amount_type subtotal =
        table.scope() == rounding_scope::total
            ? detail::explain_overflow([&] { return table.round_amount(sum); },
                                       [] { return std::string("rounding the subtotal"); })
            : sum;
    c.subtotal = subtotal;
    amount_type total = subtotal;
    if (table.minimum() && subtotal < *table.minimum()) {
        total = *table.minimum();
        c.adjustment =
            charge_adjustment<amount_type>{adjustment_kind::minimum, total, total - subtotal};
    } else if (table.maximum() && subtotal > *table.maximum()) {
        total = *table.maximum();
        c.adjustment =
            charge_adjustment<amount_type>{adjustment_kind::maximum, total, total - subtotal};
    }
    c.total = total;
    if (table.guarded()) detail::apply_guard(table, c);
    return c;
}

/// Integer literals for integer-quantity tables: rate(table, 20000).
template <class Currency, class Price, class Quantity, std::size_t Capacity, class I,
          std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, Quantity> &&
                               std::is_integral_v<Quantity>,
                           int> = 0>
charge<tier_table<Currency, Price, Quantity, Capacity>> rate(
    const tier_table<Currency, Price, Quantity, Capacity>& table, I quantity) {
    Quantity q{};
    if (!detail::convert_rep(quantity, q))
        detail::throw_overflow("quantity " + std::to_string(quantity));
    return rate(table, q);
}

}  // namespace tariff
