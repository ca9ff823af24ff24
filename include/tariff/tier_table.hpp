#pragma once
/// Tier tables: how a month's quantity becomes money. Volume ("all units") and graduated
/// pricing, inclusive upper bounds, an unbounded last tier, per-tier flat fees, packages,
/// a "contact sales" quote tier, monthly minimum and maximum, and the rounding rule.
/// A table written in code can be constexpr; an invalid constexpr table does not compile.

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "currency.hpp"
#include "decimal.hpp"
#include "detail/quantity.hpp"
#include "error.hpp"
#include "rounding.hpp"

namespace tariff {

/// Volume: the tier containing the quantity prices every unit. Graduated: each tier prices
/// the units that fall inside it.
enum class tier_mode { volume, graduated };

/// Where amounts are rounded to the currency's minor unit: each line (the invoice adds up),
/// or only the total (lines stay exact).
enum class rounding_scope { line, total };

/// How a quantity becomes whole packages: ceil (up) or floor (down) of quantity / size.
enum class package_rounding { up, down };

namespace detail {
template <>
struct enum_names<tier_mode> {
    static constexpr std::string_view names[] = {"volume", "graduated"};
};
template <>
struct enum_names<rounding_scope> {
    static constexpr std::string_view names[] = {"line", "total"};
};
template <>
struct enum_names<package_rounding> {
    static constexpr std::string_view names[] = {"up", "down"};
};
}  // namespace detail

/// The upper bound of the last tier.
struct unbounded_t {
    explicit constexpr unbounded_t() = default;
};
inline constexpr unbounded_t unbounded{};

/// The price of a tier that has none: "contact sales".
struct contact_sales_t {
    explicit constexpr contact_sales_t() = default;
};
inline constexpr contact_sales_t contact_sales{};

/// The table's currency is fixed at run time (data-driven price books).
struct runtime_currency {};

/// An `invalid_table` that says which tier (if any) and which field broke which rule, so that
/// a price-book reader can name the JSON path. what(): "tiers[2].up_to: must be greater than
/// 10000".
class invalid_table_rule : public invalid_table {
public:
    invalid_table_rule(std::optional<std::size_t> tier, std::string field, std::string rule)
        : invalid_table("invalid table: " + path(tier, field) + ": " + rule),
          tier_(tier),
          field_(std::move(field)),
          rule_(std::move(rule)) {}
    /// Index of the offending tier, if the rule is about one.
    std::optional<std::size_t> tier() const noexcept { return tier_; }
    /// The field: "up_to", "unit_price", "flat_fee", "quote", "tiers", "minimum", "maximum",
    /// "package.size".
    const std::string& field() const noexcept { return field_; }
    /// The rule broken, naming the bad value.
    const std::string& rule() const noexcept { return rule_; }
    static std::string path(std::optional<std::size_t> tier, const std::string& field) {
        return tier ? "tiers[" + std::to_string(*tier) + "]" + (field.empty() ? "" : "." + field)
                    : field;
    }

private:
    std::optional<std::size_t> tier_;
    std::string field_;
    std::string rule_;
};

namespace detail {
struct checked_tag {};
[[noreturn]] inline void throw_table(std::optional<std::size_t> tier, std::string field,
                                     std::string rule) {
    throw invalid_table_rule(tier, std::move(field), std::move(rule));
}
}  // namespace detail

/// One tier: units up to and including `up_to` (or unbounded) at `unit_price` each, plus
/// `flat_fee` when the tier is used; or a quote tier with no price.
template <class Quantity, class Price>
struct tier {
    Quantity up_to{};
    bool is_unbounded = false;
    bool quote = false;
    Price unit_price{};
    Price flat_fee{};

    constexpr tier() = default;
    template <class Q, std::enable_if_t<std::is_constructible_v<Quantity, Q>, int> = 0>
    constexpr tier(const Q& bound, const Price& price, const Price& fee = Price())
        : up_to(bound), unit_price(price), flat_fee(fee) {}
    template <class Q, std::enable_if_t<std::is_constructible_v<Quantity, Q>, int> = 0>
    constexpr tier(const Q& bound, std::string_view price, std::string_view fee = "0")
        : up_to(bound), unit_price(Price::parse(price)), flat_fee(Price::parse(fee)) {}
    constexpr tier(unbounded_t, const Price& price, const Price& fee = Price())
        : is_unbounded(true), unit_price(price), flat_fee(fee) {}
    constexpr tier(unbounded_t, std::string_view price, std::string_view fee = "0")
        : is_unbounded(true), unit_price(Price::parse(price)), flat_fee(Price::parse(fee)) {}
    constexpr tier(unbounded_t, contact_sales_t) : is_unbounded(true), quote(true) {}
};

/// A tier table. Currency: a tag such as iso::USD, or runtime_currency. Price: the decimal
/// type of unit prices and fees (decimal<2> for 0.40; decimal<18, cpp_int> for anything).
/// Quantity: std::int64_t for counts, or a decimal quantity (decimal<3> gigabytes). An integer
/// quantity may also count steps of 10^-s units chosen at run time (with_quantity_scale).
/// Capacity: the most tiers the table holds (storage is inline; nothing is allocated).
template <class Currency, class Price, class Quantity = std::int64_t, std::size_t Capacity = 16>
class tier_table {
    using qtraits = detail::quantity_traits<Quantity>;

public:
    using currency_tag = Currency;
    using price_type = Price;
    using quantity_type = Quantity;
    using tier_type = tier<Quantity, Price>;
    /// Exact amount: price x quantity (+ fee); rounded amounts keep this type.
    using amount_type = typename qtraits::template amount_t<Price::scale, typename Price::rep>;
    static constexpr std::size_t capacity = Capacity;

    /// A table in a compile-time currency. Throws invalid_table (a compile error when constexpr).
    template <class C = Currency, std::enable_if_t<!std::is_same_v<C, runtime_currency>, int> = 0>
    constexpr tier_table(tier_mode mode, std::initializer_list<tier_type> tiers)
        : tier_table(detail::checked_tag{}, C::info, mode, tiers.begin(), tiers.size()) {}
    template <class C = Currency, std::enable_if_t<!std::is_same_v<C, runtime_currency>, int> = 0>
    constexpr tier_table(tier_mode mode, const tier_type* tiers, std::size_t count)
        : tier_table(detail::checked_tag{}, C::info, mode, tiers, count) {}

    /// A table in a currency chosen at run time (price books).
    template <class C = Currency, std::enable_if_t<std::is_same_v<C, runtime_currency>, int> = 0>
    constexpr tier_table(currency cur, tier_mode mode, std::initializer_list<tier_type> tiers)
        : tier_table(detail::checked_tag{}, cur, mode, tiers.begin(), tiers.size()) {}
    template <class C = Currency, std::enable_if_t<std::is_same_v<C, runtime_currency>, int> = 0>
    constexpr tier_table(currency cur, tier_mode mode, const tier_type* tiers, std::size_t count)
        : tier_table(detail::checked_tag{}, cur, mode, tiers, count) {}

    /// Same table with another rounding mode and scope (default half_up, line).
    constexpr tier_table with_rounding(rounding mode,
                                       rounding_scope scope = rounding_scope::line) const {
        tier_table t = *this;
        t.rounding_ = mode;
        t.scope_ = scope;
        return t;
    }
    /// Same table billing whole packages of `size` units (size >= 1); unit prices are per package.
    constexpr tier_table with_package(std::int64_t size,
                                      package_rounding round = package_rounding::up) const {
        if (size < 1)
            detail::throw_table(std::nullopt, "package.size",
                                "must be at least 1, not " + std::to_string(size));
        tier_table t = *this;
        t.has_package_ = true;
        t.package_size_ = size;
        t.package_rounding_ = round;
        return t;
    }
    /// Same table with a monthly minimum (applies at zero usage too), at currency precision.
    constexpr tier_table with_minimum(const amount_type& minimum) const {
        tier_table t = *this;
        t.minimum_ = std::optional<amount_type>(
            minimum);  // optional's converting operator= is not constexpr in C++17
        t.check_limits();
        return t;
    }
    constexpr tier_table with_minimum(std::string_view minimum) const {
        return with_minimum(amount_type::parse(minimum));
    }
    /// Same table with a monthly maximum (cap), at currency precision.
    constexpr tier_table with_maximum(const amount_type& maximum) const {
        tier_table t = *this;
        t.maximum_ = std::optional<amount_type>(maximum);
        t.check_limits();
        return t;
    }
    constexpr tier_table with_maximum(std::string_view maximum) const {
        return with_maximum(amount_type::parse(maximum));
    }
    /// Same table with the "never charge more for less" guard on or off: rate() then caps a
    /// charge at the cheapest charge of any larger quantity (see charge::guard).
    constexpr tier_table with_guard(bool on = true) const {
        tier_table t = *this;
        t.guard_ = on;
        return t;
    }
    /// Same table with a monthly allowance: `free` units (>= 0, in the table's quantity steps)
    /// are taken off the month's quantity before the package and the tiers.
    constexpr tier_table with_free_units(const Quantity& free) const {
        if (free < qtraits::zero())
            detail::throw_table(std::nullopt, "free_units",
                                "must not be negative, not " + quantity_text(free));
        tier_table t = *this;
        t.free_units_ = free;
        return t;
    }
    /// Same table where zero billable units use the first tier with 0 units, so that its flat
    /// fee is charged (as Stripe, Lago and OpenMeter do), or (off, the default) use no tier.
    constexpr tier_table with_flat_fee_at_zero(bool on = true) const {
        tier_table t = *this;
        t.flat_fee_at_zero_ = on;
        return t;
    }
    /// Same table counting quantities, tier bounds and free units in steps of 10^-scale units
    /// (0 <= scale <= 6; integer quantities only). Unit prices stay per whole unit, so the
    /// price of one step must be exact in Price: a price with more than Price::scale - scale
    /// fraction digits is refused, naming the tier. Packages count whole units.
    template <class Q = Quantity, std::enable_if_t<std::is_integral_v<Q>, int> = 0>
    constexpr tier_table with_quantity_scale(int scale) const {
        if (scale < 0 || scale > max_quantity_scale) {
            detail::throw_table(std::nullopt, "quantity_scale",
                                "must be 0 to " + std::to_string(max_quantity_scale) + ", not " +
                                    std::to_string(scale));
        }
        tier_table t = *this;
        t.quantity_scale_ = scale;
        t.quantity_unit_ = 1;
        for (int i = 0; i < scale; ++i) t.quantity_unit_ *= 10;
        t.validate();
        return t;
    }
    /// Same table with other tiers, checked against everything else the table says (its
    /// quantity scale among it).
    constexpr tier_table with_tiers(const tier_type* tiers, std::size_t count) const {
        tier_table t = *this;
        t.set_tiers(tiers, count);
        return t;
    }

    constexpr const currency& currency_info() const noexcept { return currency_; }
    constexpr tier_mode mode() const noexcept { return mode_; }
    constexpr rounding rounding_mode() const noexcept { return rounding_; }
    constexpr rounding_scope scope() const noexcept { return scope_; }
    constexpr std::size_t size() const noexcept { return count_; }
    constexpr const tier_type& operator[](std::size_t i) const noexcept { return tiers_[i]; }
    constexpr const tier_type* begin() const noexcept { return tiers_.data(); }
    constexpr const tier_type* end() const noexcept { return tiers_.data() + count_; }
    /// Package size (1 when there is no package transform) and its rounding.
    constexpr std::int64_t package_size() const noexcept { return package_size_; }
    constexpr package_rounding package_round() const noexcept { return package_rounding_; }
    /// Whether with_package() set a package transform. Even a package of 1 matters for a
    /// decimal quantity: 0.5 GB then bills as one whole GB (up) or none (down).
    constexpr bool has_package() const noexcept { return has_package_; }
    constexpr const std::optional<amount_type>& minimum() const noexcept { return minimum_; }
    constexpr const std::optional<amount_type>& maximum() const noexcept { return maximum_; }
    /// Whether rate() caps each charge at the cheapest charge of any larger quantity.
    constexpr bool guarded() const noexcept { return guard_; }
    /// The monthly allowance taken off the quantity (0 without one).
    constexpr const Quantity& free_units() const noexcept { return free_units_; }
    /// Whether zero billable units use the first tier, charging its flat fee.
    constexpr bool flat_fee_at_zero() const noexcept { return flat_fee_at_zero_; }
    /// The largest quantity scale with_quantity_scale takes.
    static constexpr int max_quantity_scale = detail::max_quantity_scale;
    /// Integer quantities count steps of 10^-quantity_scale() units (0: whole units, and always
    /// 0 for a decimal quantity type, whose steps are its own last digit).
    constexpr int quantity_scale() const noexcept { return quantity_scale_; }
    /// Steps in one whole unit: 10^quantity_scale().
    constexpr std::int64_t quantity_unit() const noexcept { return quantity_unit_; }
    /// A quantity of this table as text: steps of an integer quantity with quantity_scale()
    /// fraction digits ("1.500"), a decimal quantity as it prints.
    std::string quantity_text(const Quantity& q) const {
        if constexpr (std::is_integral_v<Quantity>)
            if (quantity_scale_ > 0) return detail::fixed_digits(q, quantity_scale_);
        return qtraits::text(q);
    }
    /// Whether the last tier is a quote ("contact sales") tier.
    constexpr bool has_quote_tier() const noexcept { return tiers_[count_ - 1].quote; }
    /// Exclusive lower bound of tier i: 0 for the first, else the previous tier's up_to.
    constexpr Quantity lower_bound(std::size_t i) const
        noexcept(std::is_nothrow_copy_constructible_v<Quantity>) {
        return i == 0 ? qtraits::zero() : tiers_[i - 1].up_to;
    }

    /// The billable quantity: the free units taken off (never below 0), then the package
    /// transform. Throws overflow_error when whole packages do not fit the quantity type.
    constexpr Quantity billable(const Quantity& quantity) const {
        Quantity out{};
        if (!billable(quantity, out)) detail::throw_overflow(qtraits::packages_overflow(quantity));
        return out;
    }
    /// The same without throwing: false when whole packages do not fit. The allowance and the
    /// package rule are written here once: package(max(0, quantity - free units)).
    constexpr bool billable(const Quantity& quantity, Quantity& out) const {
        const Quantity rest = free_of(quantity);
        if (!has_package_) {
            out = rest;
            return true;
        }
        const bool up = package_rounding_ == package_rounding::up;
        if constexpr (std::is_integral_v<Quantity>)
            return qtraits::packages(rest, package_size_, up, out,
                                     static_cast<Quantity>(quantity_unit_));
        else
            return qtraits::packages(rest, package_size_, up, out);
    }
    /// The units the free allowance takes off `quantity` (>= 0): min(quantity, free units).
    constexpr Quantity free_taken(const Quantity& quantity) const {
        return quantity < free_units_ ? quantity : free_units_;
    }
    /// Index of the tier containing billable quantity q > 0: the tier a volume charge uses.
    constexpr std::size_t tier_index(const Quantity& q) const noexcept {
        std::size_t i = 0;
        while (i + 1 < count_ && q > tiers_[i].up_to) ++i;
        return i;
    }

    /// Rounds an exact amount to the currency's minor unit with the table's mode.
    constexpr amount_type round_amount(const amount_type& exact) const {
        return quantize(exact, currency_.minor_units, rounding_);
    }

private:
    constexpr tier_table(detail::checked_tag, currency cur, tier_mode mode, const tier_type* tiers,
                         std::size_t count)
        : currency_(cur), mode_(mode), count_(count) {
        set_tiers(tiers, count);
    }

    constexpr void set_tiers(const tier_type* tiers, std::size_t count) {
        if (count == 0)
            detail::throw_table(std::nullopt, "tiers", "a table needs at least one tier");
        if (count > Capacity) {
            detail::throw_table(std::nullopt, "tiers",
                                std::to_string(count) + " tiers, more than this table holds (" +
                                    std::to_string(Capacity) + ")");
        }
        for (std::size_t i = 0; i < count; ++i) tiers_[i] = tiers[i];
        for (std::size_t i = count; i < Capacity; ++i) tiers_[i] = tier_type();
        count_ = count;
        validate();
    }

    /// max(0, quantity - free units).
    constexpr Quantity free_of(const Quantity& quantity) const {
        if (!(free_units_ > qtraits::zero())) return quantity;
        return free_units_ < quantity ? static_cast<Quantity>(quantity - free_units_)
                                      : qtraits::zero();
    }

    constexpr void validate() const {
        for (std::size_t i = 0; i < count_; ++i) {
            const tier_type& t = tiers_[i];
            const bool last = i + 1 == count_;
            if (t.is_unbounded && !last)
                detail::throw_table(i, "up_to", "only the last tier may be unbounded");
            if (!t.is_unbounded && last) {
                detail::throw_table(
                    i, "up_to",
                    "the last tier must be unbounded (\"inf\"), not " + quantity_text(t.up_to));
            }
            if (t.quote && !last)
                detail::throw_table(i, "quote",
                                    "only the last tier may be a quote (contact sales) tier");
            if (!t.is_unbounded) {
                if (i == 0 && !(t.up_to > qtraits::zero())) {
                    detail::throw_table(i, "up_to",
                                        "must be greater than 0, not " + quantity_text(t.up_to));
                }
                if (i > 0 && !(t.up_to > tiers_[i - 1].up_to)) {
                    detail::throw_table(i, "up_to",
                                        "must be greater than " +
                                            quantity_text(tiers_[i - 1].up_to) + ", not " +
                                            quantity_text(t.up_to));
                }
            }
            if (t.quote) {
                if (!t.unit_price.is_zero()) {
                    detail::throw_table(
                        i, "quote",
                        "a quote tier has no unit price, not " + to_string(t.unit_price));
                }
                if (!t.flat_fee.is_zero()) {
                    detail::throw_table(
                        i, "quote", "a quote tier has no flat fee, not " + to_string(t.flat_fee));
                }
            } else {
                if (t.unit_price.is_negative()) {
                    detail::throw_table(i, "unit_price",
                                        "must not be negative, not " + to_string(t.unit_price));
                }
                if (t.flat_fee.is_negative()) {
                    detail::throw_table(i, "flat_fee",
                                        "must not be negative, not " + to_string(t.flat_fee));
                }
                check_step_price(i);
            }
        }
    }

    /// At a quantity scale s the price of one step, unit_price / 10^s, must be exact in Price.
    constexpr void check_step_price(std::size_t i) const {
        if (quantity_scale_ == 0) return;
        using price_rep = typename Price::rep;
        price_rep unit{};
        detail::pow10<price_rep>(quantity_scale_, unit);  // <= 6 digits: fits every Rep
        if (tiers_[i].unit_price.raw_value() % unit == price_rep{}) return;
        const int digits = Price::scale - quantity_scale_;
        detail::throw_table(i, "unit_price",
                            to_string(tiers_[i].unit_price) + " has more than " +
                                std::to_string(digits < 0 ? 0 : digits) +
                                " fraction digits: at quantity_scale " +
                                std::to_string(quantity_scale_) + " the price of one step (10^-" +
                                std::to_string(quantity_scale_) + " units) must be exact in " +
                                detail::decimal_name<Price::scale, price_rep>());
    }

    constexpr void check_limits() const {
        auto check = [this](const std::optional<amount_type>& v, const char* field) {
            if (!v) return;
            if (v->is_negative())
                detail::throw_table(std::nullopt, field,
                                    "must not be negative, not " + to_string(*v));
            if (quantize(*v, currency_.minor_units, rounding::down) != *v) {
                detail::throw_table(std::nullopt, field,
                                    to_string(*v) + " is finer than " +
                                        std::string(currency_.code) + "'s minor unit (" +
                                        std::to_string(currency_.minor_units) + " digits)");
            }
        };
        check(minimum_, "minimum");
        check(maximum_, "maximum");
        if (minimum_ && maximum_ && *minimum_ > *maximum_) {
            detail::throw_table(
                std::nullopt, "minimum",
                to_string(*minimum_) + " is above the maximum " + to_string(*maximum_));
        }
    }

    currency currency_;
    tier_mode mode_;
    std::size_t count_;
    std::array<tier_type, Capacity> tiers_{};
    rounding rounding_ = rounding::half_up;
    rounding_scope scope_ = rounding_scope::line;
    bool has_package_ = false;
    std::int64_t package_size_ = 1;
    package_rounding package_rounding_ = package_rounding::up;
    std::optional<amount_type> minimum_{};
    std::optional<amount_type> maximum_{};
    bool guard_ = false;
    Quantity free_units_{};
    bool flat_fee_at_zero_ = false;
    int quantity_scale_ = 0;
    std::int64_t quantity_unit_ = 1;
};

}  // namespace tariff
