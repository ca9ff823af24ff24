#pragma once
/// Rating: a tier table and a month's quantity give a charge, with one line per tier used,
/// any minimum/maximum adjustment, and a total, or status quote_required and no total.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "detail/formatting.hpp"  // set_fraction_digits: amounts at the currency's digits
#include "detail/rating.hpp"
#include "error.hpp"
#include "money.hpp"
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
    /// What the table's free units took off, min(quantity, free units); empty when the table
    /// has no free units.
    std::optional<quantity_type> free;
    quantity_type billable{};  ///< after the free units and the package transform
    /// Integer quantities count steps of 10^-quantity_scale units (the table's quantity scale):
    /// writers print them with that many fraction digits.
    int quantity_scale = 0;
    /// Sum of the lines (rounded once in total scope); empty when quote_required.
    std::optional<amount_type> subtotal;
    std::optional<charge_adjustment<amount_type>> adjustment;
    /// Set when the table's guard capped the total below subtotal + adjustment.
    std::optional<charge_guard<quantity_type, amount_type>> guard;
    /// What the customer pays, at the currency's minor unit; empty when quote_required.
    std::optional<amount_type> total;

    /// The total as money in the table's currency, for tables with a compile-time currency;
    /// empty when quote_required. Exact: the total is a whole number of minor units. Throws
    /// overflow_error only when the total does not fit money's representation at the currency's
    /// precision (an amount type with fewer fraction digits than the currency).
    template <
        class T = Table,
        std::enable_if_t<!std::is_same_v<typename T::currency_tag, runtime_currency>, int> = 0>
    std::optional<money<typename T::currency_tag, typename amount_type::rep>> total_money() const {
        if (!total) return std::nullopt;
        return to_money<typename T::currency_tag>(*total, rounding::down);
    }

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

/// An amount of a charge as the currency writes it: "6000.00" (USD), "6000" (JPY).
template <int Scale, class Rep>
std::string format_amount(const decimal<Scale, Rep>& amount, const currency& cur) {
    std::string s = to_string(amount);
    if (!detail::set_fraction_digits(s, Scale, cur.minor_units)) {
        throw invalid_argument(to_string(amount) + " is finer than " + std::string(cur.code) +
                               "'s minor unit");
    }
    return s;
}

/// A unit price or fee without trailing zeros beyond the currency's minor digits: "0.40",
/// "0.000125".
template <int Scale, class Rep>
std::string format_price(const decimal<Scale, Rep>& price, const currency& cur) {
    std::string s = to_string(price);
    if (Scale == 0) {
        detail::set_fraction_digits(s, Scale, cur.minor_units);  // only adds zeros
        return s;
    }
    const std::size_t dot = s.find('.');
    std::size_t keep =
        dot + 1 + static_cast<std::size_t>(cur.minor_units < Scale ? cur.minor_units : Scale);
    while (s.size() > keep && s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    if (cur.minor_units > Scale) s.append(static_cast<std::size_t>(cur.minor_units - Scale), '0');
    return s;
}

namespace detail {

/// Builds a charge from what the rating core reports.
template <class Table, class Core>
class charge_builder {
public:
    using quantity_type = typename Table::quantity_type;
    using amount_type = typename Table::amount_type;
    using value = typename Core::value;

    charge_builder(const Table& table, charge<Table>& c) noexcept : table_(table), charge_(c) {}

    void billable(const quantity_type& b) { charge_.billable = b; }
    void line(std::size_t i, const quantity_type& units, const value* amount) {
        const auto& t = table_[i];
        typename charge<Table>::line_type
            line{};  // {}: g++ 12 -O1 otherwise warns maybe-uninitialized on the copy
        line.tier = i;
        line.from = table_.lower_bound(i);
        if (!t.is_unbounded) line.up_to = t.up_to;
        line.units = units;
        line.quote = t.quote;
        line.unit_price = t.unit_price;
        line.flat_fee = t.flat_fee;
        if (amount) line.amount = Core::to_amount(*amount);
        charge_.push_line(line);
    }
    void subtotal(const value& v) { charge_.subtotal = Core::to_amount(v); }
    void limit(bool minimum, const value& limit, const value& subtotal) {
        const amount_type to = Core::to_amount(limit);
        charge_.adjustment = charge_adjustment<amount_type>{
            minimum ? adjustment_kind::minimum : adjustment_kind::maximum, to,
            to - Core::to_amount(subtotal)};
    }
    void guard(const quantity_type& quantity, const value& limit, const value& total) {
        const amount_type to = Core::to_amount(limit);
        charge_.guard =
            charge_guard<quantity_type, amount_type>{quantity, to, to - Core::to_amount(total)};
    }

private:
    const Table& table_;
    charge<Table>& charge_;
};

}  // namespace detail

/// Rates `quantity` against `table`. Throws invalid_argument for a negative quantity and
/// overflow_error when an exact amount does not fit the table's representation; the message
/// names the step and the tier.
template <class Currency, class Price, class Quantity, std::size_t Capacity>
charge<tier_table<Currency, Price, Quantity, Capacity>> rate(
    const tier_table<Currency, Price, Quantity, Capacity>& table, const Quantity& quantity) {
    using table_type = tier_table<Currency, Price, Quantity, Capacity>;
    using core_type = detail::rating_core<table_type>;
    charge<table_type> c;
    c.currency = table.currency_info();
    c.mode = table.mode();
    c.quantity = quantity;
    c.quantity_scale = table.quantity_scale();
    if (table.free_units() > detail::quantity_traits<Quantity>::zero())
        c.free = table.free_taken(quantity);
    const core_type core(table);
    detail::charge_builder<table_type, core_type> builder(table, c);
    typename core_type::value total{};
    if (core.template rate<detail::throw_on_error>(quantity, builder, total) ==
        detail::rating_status::priced) {
        c.total = core_type::to_amount(total);
    } else {
        c.status = charge_status::quote_required;  // the only other outcome that does not throw
    }
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
