#pragma once
/// Stripe Price objects as tariff price books, and tariff tables as Stripe Price objects.
///   read_stripe_price(text, source)      a Price object (JSON) -> price_book
///   read_any_price_book(text, source)    a Stripe Price or a native book, told apart by content
///   write_stripe_price(table or book)    -> Price object JSON, or invalid_argument naming why not
///
/// Reading. `billing_scheme` "tiered" with `tiers_mode` "volume" or "graduated" and `tiers`
/// (each `up_to`: an integer, or null / "inf" for the last; `unit_amount` or
/// `unit_amount_decimal`; `flat_amount` or `flat_amount_decimal`), or "per_unit" with
/// `unit_amount(_decimal)` and an optional `transform_quantity` {divide_by, round: up|down}
/// (then a one-tier volume table with that package). Amounts are in the currency's minor unit
/// as Stripe counts it (ISO 4217's, except ISK with two decimals and MGA with none), integers or
/// decimal strings with at most 12 fraction digits, converted exactly to major units; a JSON
/// number is read from its text, of any length. The nickname becomes the book's name and, as it
/// is printed, is refused with a control character in it (C0, DEL, C1). Keys that do not change
/// what a quantity costs are ignored (id, object, active, created, livemode, lookup_key,
/// metadata, product, recurring, tax_behavior, type, and currency_options, the same price in
/// other currencies); any other key is refused, as are custom_unit_amount and
/// transform_quantity on a tiered price. Every refusal is an invalid_book naming the source and
/// the JSON path: "price.json: tiers[2].up_to: must be greater than 10, not 5".
///
/// Zero usage. Stripe's first tier starts at unit 0 and a tier's flat amount is owed whatever
/// the number of units in it, so a tiered Price with a first-tier flat amount charges it at
/// quantity 0: such a price is read with flat_fee_at_zero set, and a table with a first-tier fee
/// is written only when it has flat_fee_at_zero set too.
///
/// Rounding. Stripe rounds "on the line item level of your invoices": the exact amount of a
/// price (quantity x decimal unit amount, all its tiers) to the nearest minor unit, 1.5 cents
/// becoming 2. tariff reads that as rounding::half_up in rounding_scope::total: the table's
/// lines stay exact and the charge is rounded once. Charges are rounded to ISO 4217's minor unit.
///
/// Writing goes through tariff's JSON writer, laid out as nlohmann/json's dump(indent) lays it
/// out. It refuses what a Stripe Price cannot say, naming it: a quote tier, a minimum or
/// maximum, the guard, free units, a quantity scale, a first-tier fee not billed at zero, a package
/// on more than one tier or with a flat fee, an amount with more than 12 fraction digits in minor
/// units, and rounding that Stripe would do differently (only when some amount is finer than the
/// minor unit: then the table must round half_up, once per charge). A one-tier table without a fee
/// is written as a per_unit price.

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <nlohmann/json.hpp>  // reading only: stripe_price_json reads the written text back
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "currency.hpp"
#include "decimal.hpp"
#include "detail/enum_names.hpp"
#include "detail/json_writer.hpp"
#include "detail/number.hpp"
#include "error.hpp"
#include "json.hpp"
#include "multiprecision.hpp"  // cpp_int: minor-unit amounts of any size
#include "rounding.hpp"
#include "tier_table.hpp"

namespace tariff {

/// Stripe's exponent for amounts of a currency: ISO 4217's minor units, except ISK, which Stripe
/// keeps at two decimals, and MGA, which Stripe treats as zero-decimal.
inline int stripe_minor_units(const currency& c) {
    if (c.code == "ISK") return 2;
    if (c.code == "MGA") return 0;
    return c.minor_units;
}

namespace detail::stripe_json {

using book_json::key_part;
using book_json::shown;
using book_json::value;

/// Amounts in minor units with up to 12 fraction digits, as Stripe writes them.
using minor_amount = decimal<12, cpp_int>;

inline const value* member(const value& object, std::string_view key) {
    for (std::size_t i = 0; i < object.keys.size(); ++i) {
        if (object.keys[i] == key) return &object.items[i];
    }
    return nullptr;
}

inline bool is_null(const value* v) { return v == nullptr || v->type == value::kind::null; }

/// Whether a parsed document is a Stripe Price rather than a native book: an object with
/// "object": "price", or with a "billing_scheme" (a key native books do not have).
inline bool looks_like_price(const value& root) {
    if (root.type != value::kind::object) return false;
    const value* object = member(root, "object");
    if (object && object->type == value::kind::string && object->text == "price") return true;
    return member(root, "billing_scheme") != nullptr;
}

class reader : public book_json::reader_base {
public:
    using reader_base::reader_base;

    price_book read(const value& root) const {
        if (root.type != value::kind::object)
            fail("", "a Stripe Price must be a JSON object, not " + shown(root));
        static constexpr std::string_view pricing_keys[] = {
            "billing_scheme",      "currency",           "tiers",
            "tiers_mode",          "transform_quantity", "unit_amount",
            "unit_amount_decimal", "custom_unit_amount", "currency_options"};
        static constexpr std::string_view ignored_keys[] = {
            "id",       "object",   "active",  "created",   "livemode",     "lookup_key",
            "metadata", "nickname", "product", "recurring", "tax_behavior", "type"};
        for (const std::string& key : root.keys) {
            bool known = false;
            for (std::string_view k : pricing_keys) known = known || k == key;
            for (std::string_view k : ignored_keys) known = known || k == key;
            if (!known) {
                fail(key_part(key),
                     "unknown key: not a Stripe Price attribute that tariff reads or can ignore "
                     "safely");
            }
        }
        if (const value* object = member(root, "object");
            object && (object->type != value::kind::string || object->text != "price")) {
            fail("object", "must be \"price\", not " + shown(*object));
        }
        if (!is_null(member(root, "custom_unit_amount"))) {
            fail("custom_unit_amount",
                 "the customer chooses the amount: there is no price table to read");
        }

        std::string name;
        if (const value* nickname = member(root, "nickname"); !is_null(nickname)) {
            if (nickname->type != value::kind::string)
                fail("nickname", "must be a string or null, not " + shown(*nickname));
            name = printed_at(*nickname, "nickname");
        }

        const value* currency_v = member(root, "currency");
        if (currency_v == nullptr) fail("currency", "is required but missing");
        if (currency_v->type != value::kind::string)
            fail("currency", "must be a string such as \"usd\", not " + shown(*currency_v));
        std::string code = currency_v->text;
        bool lower = code.size() == 3;
        for (char& c : code) {
            lower = lower && c >= 'a' && c <= 'z';
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        }
        const currency* cur = lower ? find_currency(code) : nullptr;
        if (cur == nullptr) {
            fail(
                "currency",
                shown(*currency_v) +
                    " is not an active ISO 4217 code in lower case, as Stripe writes it (\"usd\")");
        }
        const int exponent = stripe_minor_units(*cur);

        const value* scheme_v = member(root, "billing_scheme");
        if (scheme_v == nullptr)
            fail("billing_scheme", "is required but missing (\"per_unit\" or \"tiered\")");
        if (scheme_v->type != value::kind::string ||
            (scheme_v->text != "per_unit" && scheme_v->text != "tiered")) {
            fail("billing_scheme",
                 shown(*scheme_v) + " is not a billing scheme (\"per_unit\" or \"tiered\")");
        }
        const value* tiers_v = member(root, "tiers");
        const value* mode_v = member(root, "tiers_mode");
        const value* transform_v = member(root, "transform_quantity");
        const value* unit_v = member(root, "unit_amount");
        const value* unit_decimal_v = member(root, "unit_amount_decimal");

        std::vector<book_table::tier_type> tiers;
        tier_mode mode = tier_mode::volume;
        std::optional<std::pair<std::int64_t, package_rounding>> package;
        if (scheme_v->text == "tiered") {
            if (is_null(mode_v))
                fail("tiers_mode", "is required for a tiered price (\"volume\" or \"graduated\")");
            if (mode_v->type != value::kind::string || !from_name(mode_v->text, mode)) {
                fail("tiers_mode",
                     shown(*mode_v) + " is not a tiers mode (" + name_list<tier_mode>(true) + ")");
            }
            if (tiers_v == nullptr) {
                fail("tiers",
                     "is required for a tiered price (Stripe includes it when the price is "
                     "retrieved with "
                     "expand[]=tiers)");
            }
            if (tiers_v->type != value::kind::array)
                fail("tiers", "must be an array of tiers, not " + shown(*tiers_v));
            if (tiers_v->items.empty()) fail("tiers", "must list at least one tier");
            if (!is_null(transform_v))
                fail("transform_quantity",
                     "Stripe applies it to per_unit prices only, not to tiers");
            if (!is_null(unit_v))
                fail("unit_amount", "a tiered price has its amounts in tiers, not here");
            if (!is_null(unit_decimal_v))
                fail("unit_amount_decimal", "a tiered price has its amounts in tiers, not here");
            for (std::size_t i = 0; i < tiers_v->items.size(); ++i)
                tiers.push_back(read_tier(tiers_v->items[i], i, exponent));
        } else {
            if (!is_null(mode_v)) fail("tiers_mode", "a per_unit price has no tiers mode");
            if (!is_null(tiers_v)) fail("tiers", "a per_unit price has no tiers");
            const auto price = amount("", "unit_amount", unit_v, unit_decimal_v, exponent);
            if (!price)
                fail("unit_amount", "a per_unit price needs unit_amount or unit_amount_decimal");
            book_table::tier_type t;
            t.is_unbounded = true;
            t.unit_price = *price;
            tiers.push_back(t);
            if (!is_null(transform_v)) package = read_transform(*transform_v);
        }

        try {
            book_table table(*cur, mode, tiers.data(), tiers.size());
            table = table.with_rounding(rounding::half_up, rounding_scope::total);
            if (package) table = table.with_package(package->first, package->second);
            // Stripe's first tier starts at unit 0 and its flat amount is owed "regardless of
            // the number of units in the tier": quantity 0 owes it too.
            if (!table[0].flat_fee.is_zero()) table = table.with_flat_fee_at_zero();
            return price_book{std::move(name), std::string(), std::move(table), std::string()};
        } catch (const invalid_table_rule& e) {
            std::string field = e.field();
            if (field == "unit_price")
                field = "unit_amount";
            else if (field == "flat_fee")
                field = "flat_amount";
            else if (field == "package.size")
                field = "transform_quantity.divide_by";
            fail(invalid_table_rule::path(e.tier(), field), e.rule());
        }
    }

private:
    /// A non-negative integer JSON number as a minor amount, or empty for null / missing.
    std::optional<minor_amount> integer_amount(const value* v, const std::string& path) const {
        if (is_null(v)) return std::nullopt;
        cpp_int whole;
        if (v->type != value::kind::number ||
            !parse_number(v->text, number_format{0, false, false}, whole)) {
            fail(path, "must be a whole number of minor units >= 0 (e.g. 500 for 5.00 USD), not " +
                           shown(*v));
        }
        return minor_amount(whole);
    }

    /// A decimal string of minor units (a JSON number is read from its text too), at most 12
    /// fraction digits, or empty for null / missing.
    std::optional<minor_amount> decimal_amount(const value* v, const std::string& path) const {
        if (is_null(v)) return std::nullopt;
        if (v->type != value::kind::string && v->type != value::kind::number) {
            fail(path,
                 "must be a decimal string of minor units such as \"0.05\", not " + shown(*v));
        }
        cpp_int raw;
        switch (
            parse_number(v->text, number_format{minor_amount::scale, false, true}, raw).status) {
            case parse_status::ok:
                return minor_amount::from_raw(raw);
            case parse_status::negative:
                fail(path, shown(*v) + " is negative");
            case parse_status::too_many_fraction_digits:
                fail(path, shown(*v) + " has more than 12 fraction digits (Stripe allows 12)");
            default:
                break;
        }
        fail(path, shown(*v) + " is not a plain decimal (digits, optionally '.' and digits)");
    }

    /// `name` or `name`_decimal (both: they must agree), converted to major units.
    std::optional<book_price> amount(const std::string& at, const std::string& name,
                                     const value* integer_v, const value* decimal_v,
                                     int exponent) const {
        const std::string prefix = at.empty() ? "" : at + ".";
        const auto whole = integer_amount(integer_v, prefix + name);
        const auto dec = decimal_amount(decimal_v, prefix + name + "_decimal");
        if (whole && dec && *whole != *dec) {
            fail(prefix + name + "_decimal",
                 shown(*decimal_v) + " disagrees with " + name + " " + shown(*integer_v));
        }
        const auto& minor = dec ? dec : whole;
        if (!minor) return std::nullopt;
        // minor x 10^-12 minor units = minor x 10^-(12 + exponent) major units; book prices keep 18
        // digits, and exponent <= 4, so the raw value only gains zeros.
        cpp_int factor{};
        pow10<cpp_int>(book_price::scale - minor_amount::scale - exponent, factor);
        return book_price::from_raw(cpp_int(minor->raw_value() * factor));
    }

    book_table::tier_type read_tier(const value& t, std::size_t i, int exponent) const {
        const std::string at = "tiers[" + std::to_string(i) + "]";
        if (t.type != value::kind::object)
            fail(at,
                 "must be an object such as {\"up_to\": 5, \"unit_amount\": 500}, not " + shown(t));
        static constexpr std::string_view keys[] = {"up_to", "unit_amount", "unit_amount_decimal",
                                                    "flat_amount", "flat_amount_decimal"};
        for (const std::string& key : t.keys) {
            bool known = false;
            for (std::string_view k : keys) known = known || k == key;
            if (!known) {
                fail(at + "." + key_part(key),
                     "unknown key (a Stripe tier has up_to, unit_amount, unit_amount_decimal, "
                     "flat_amount, "
                     "flat_amount_decimal)");
            }
        }
        book_table::tier_type tier;
        const value* up_to = member(t, "up_to");
        if (up_to == nullptr)
            fail(at + ".up_to",
                 "is required but missing (an integer >= 1, or null for the last tier)");
        if (up_to->type == value::kind::null ||
            (up_to->type == value::kind::string && up_to->text == "inf")) {
            tier.is_unbounded = true;
        } else {
            tier.up_to =
                integer_at(*up_to, at + ".up_to", 0, "an integer >= 1, or null for the last tier");
        }
        if (auto price = amount(at, "unit_amount", member(t, "unit_amount"),
                                member(t, "unit_amount_decimal"), exponent)) {
            tier.unit_price = *price;
        }
        if (auto fee = amount(at, "flat_amount", member(t, "flat_amount"),
                              member(t, "flat_amount_decimal"), exponent)) {
            tier.flat_fee = *fee;
        }
        return tier;
    }

    std::pair<std::int64_t, package_rounding> read_transform(const value& v) const {
        if (v.type != value::kind::object) {
            fail(
                "transform_quantity",
                "must be an object such as {\"divide_by\": 5, \"round\": \"up\"}, not " + shown(v));
        }
        for (const std::string& key : v.keys) {
            if (key != "divide_by" && key != "round") {
                fail("transform_quantity." + key_part(key),
                     "unknown key (transform_quantity has divide_by and round)");
            }
        }
        const value* divide_by = member(v, "divide_by");
        const value* round = member(v, "round");
        if (divide_by == nullptr) fail("transform_quantity.divide_by", "is required but missing");
        if (round == nullptr)
            fail("transform_quantity.round", "is required but missing (\"up\" or \"down\")");
        const std::int64_t size =
            integer_at(*divide_by, "transform_quantity.divide_by", 0, "an integer >= 1", "");
        package_rounding rounding_of_packages = package_rounding::up;
        if (round->type != value::kind::string || !from_name(round->text, rounding_of_packages)) {
            fail("transform_quantity.round",
                 shown(*round) + " is not a rounding (" + name_list<package_rounding>(true) + ")");
        }
        return {size, rounding_of_packages};
    }
};

/// Parses JSON text exactly (numbers keep their text), or throws invalid_book naming the source.
inline value parse(std::string_view json_text, std::string_view source_name) {
    return book_json::parse_document(json_text, source_name);
}

/// An amount in major units as Stripe's minor-unit decimal text ("40", "0.05", "105.5"), or
/// empty when it needs more than 12 fraction digits.
template <int Scale, class Rep>
std::optional<std::string> minor_text(const decimal<Scale, Rep>& amount, int exponent) {
    std::string digits = to_string(amount);  // never negative: tables refuse negative prices
    std::string whole = digits, fraction;
    if (const std::size_t dot = digits.find('.'); dot != std::string::npos) {
        whole = digits.substr(0, dot);
        fraction = digits.substr(dot + 1);
    }
    // Move the point `exponent` digits to the right.
    for (int i = 0; i < exponent; ++i) {
        if (fraction.empty()) {
            whole.push_back('0');
        } else {
            whole.push_back(fraction.front());
            fraction.erase(0, 1);
        }
    }
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    while (whole.size() > 1 && whole.front() == '0') whole.erase(0, 1);
    if (fraction.size() > 12) return std::nullopt;
    return fraction.empty() ? whole : whole + "." + fraction;
}

/// Writes `text` as a JSON integer when it is a whole number that fits Stripe's int64 amounts,
/// else null.
inline void write_integer_or_null(json_writer& w, std::string_view text) {
    std::int64_t whole = 0;
    if (parse_integer(text, whole))
        w.integer(whole);
    else
        w.null();
}

}  // namespace detail::stripe_json

/// Whether `json_text` is a Stripe Price object rather than a native price book: a JSON object
/// with "object": "price" or a "billing_scheme" key. Malformed JSON is not one.
inline bool is_stripe_price(std::string_view json_text) {
    try {
        return detail::stripe_json::looks_like_price(detail::stripe_json::parse(json_text, ""));
    } catch (const invalid_book&) {
        return false;
    }
}

/// Reads a Stripe Price object into a price book (name: its nickname). Throws invalid_book:
/// "price.json: tiers[1].unit_amount_decimal: \"0.0000000000001\" has more than 12 fraction
/// digits".
inline price_book read_stripe_price(std::string_view json_text, std::string_view source_name) {
    return detail::stripe_json::reader(source_name)
        .read(detail::stripe_json::parse(json_text, source_name));
}

/// Reads a Stripe Price object or a native price book, whichever the text is.
inline price_book read_any_price_book(std::string_view json_text, std::string_view source_name) {
    const detail::stripe_json::value root = detail::stripe_json::parse(json_text, source_name);
    if (detail::stripe_json::looks_like_price(root))
        return detail::stripe_json::reader(source_name).read(root);
    return detail::book_json::reader(source_name).read(root);
}

/// Reads a file holding a Stripe Price object or a native price book; the path names the source.
inline price_book read_any_price_book_file(const std::string& path) {
    return read_any_price_book(detail::read_book_file(path), path);
}

/// A table as a Stripe Price object in JSON text (the attributes that price it: object,
/// nickname when given, billing_scheme, currency, tiers_mode, tiers, transform_quantity,
/// unit_amount(_decimal)), laid out as nlohmann/json's dump(indent) lays it out: indent < 0 is
/// one line without spaces, indent >= 0 one member per line. Throws invalid_argument naming
/// what Stripe cannot express.
template <class Currency, class Price, class Quantity, std::size_t Capacity>
std::string write_stripe_price(const tier_table<Currency, Price, Quantity, Capacity>& table,
                               int indent = 2, std::string_view nickname = {}) {
    static_assert(std::is_integral_v<Quantity>, "Stripe quantities are whole numbers");
    using detail::json_writer;
    using detail::stripe_json::minor_text;
    using detail::stripe_json::write_integer_or_null;
    const currency& cur = table.currency_info();
    auto refuse = [](const std::string& where, const std::string& why) -> void {
        throw invalid_argument("cannot write a Stripe price: " + where + ": " + why);
    };
    if (table.minimum()) refuse("minimum", "a Stripe price has no monthly minimum");
    if (table.maximum()) refuse("maximum", "a Stripe price has no monthly maximum");
    if (table.guarded()) refuse("guard", "Stripe has no \"never charge more for less\" guard");
    if (table.free_units() > 0) {
        refuse("free_units",
               "a Stripe price has no free units (a graduated price can start with a tier at 0)");
    }
    if (table.quantity_scale() > 0) {
        refuse("quantity_scale",
               "Stripe quantities are whole numbers, this table counts steps of "
               "10^-" +
                   std::to_string(table.quantity_scale()) + " units");
    }
    if (!table[0].flat_fee.is_zero() && !table.flat_fee_at_zero()) {
        refuse("flat_fee_at_zero",
               "Stripe charges the first tier's flat amount at quantity 0 too; this table charges "
               "nothing there (set flat_fee_at_zero to write it)");
    }
    const bool one_tier = table.size() == 1;
    if (table.has_package() && (!one_tier || !table[0].flat_fee.is_zero())) {
        refuse(
            "package",
            "Stripe's transform_quantity applies to a per-unit price only (one tier, no flat fee)");
    }
    bool on_grid = true;  // every amount a whole number of minor units: no rounding ever happens
    for (std::size_t i = 0; i < table.size(); ++i) {
        const auto& t = table[i];
        if (t.quote)
            refuse("tiers[" + std::to_string(i) + "]",
                   "a quote (contact sales) tier has no Stripe equivalent");
        on_grid = on_grid &&
                  quantize(t.unit_price, cur.minor_units, rounding::down) == t.unit_price &&
                  quantize(t.flat_fee, cur.minor_units, rounding::down) == t.flat_fee;
    }
    const int exponent = stripe_minor_units(cur);
    if (!on_grid) {
        const bool rounded_once =
            table.scope() == rounding_scope::total || table.mode() == tier_mode::volume || one_tier;
        if (table.rounding_mode() != rounding::half_up || !rounded_once) {
            refuse("rounding", "Stripe rounds a price's amount once, half up; this table rounds " +
                                   std::string(to_string_view(table.rounding_mode())) + " per " +
                                   std::string(to_string_view(table.scope())) +
                                   " and has amounts finer than the minor unit");
        }
        if (exponent != cur.minor_units) {
            refuse("rounding", "Stripe counts " + std::string(cur.code) + " in " +
                                   std::to_string(exponent) + " decimals, ISO 4217 in " +
                                   std::to_string(cur.minor_units) +
                                   ", and this table has amounts finer than its minor unit");
        }
    }
    auto minor = [&](const Price& p, const std::string& where) {
        const auto text = minor_text(p, exponent);
        if (!text) {
            refuse(where, to_string(p) + " " + std::string(cur.code) +
                              " needs more than 12 fraction digits in minor units");
        }
        return *text;
    };
    // Every amount is checked before anything is written.
    const bool per_unit = one_tier && table[0].flat_fee.is_zero();
    std::vector<std::string> units, fees;
    for (std::size_t i = 0; i < table.size(); ++i) {
        const std::string at = "tiers[" + std::to_string(i) + "]";
        units.push_back(minor(table[i].unit_price, at + ".unit_price"));
        fees.push_back(table[i].flat_fee.is_zero() ? std::string()
                                                   : minor(table[i].flat_fee, at + ".flat_fee"));
    }

    std::string code(cur.code);
    for (char& c : code) c = static_cast<char>(c - 'A' + 'a');
    const auto layout = indent < 0 ? json_writer::layout::compact : json_writer::layout::lines;
    std::string out;
    json_writer w(out, indent);
    w.begin_object(layout).member("object", "price");
    if (!nickname.empty()) w.member("nickname", nickname);
    w.member("billing_scheme", per_unit ? "per_unit" : "tiered").member("currency", code);
    if (per_unit) {
        w.key("tiers_mode").null().key("transform_quantity");
        if (table.has_package()) {
            w.begin_object(layout)
                .key("divide_by")
                .integer(table.package_size())
                .member("round", to_string_view(table.package_round()))
                .end_object();
        } else {
            w.null();
        }
        w.key("unit_amount");
        write_integer_or_null(w, units[0]);
        w.member("unit_amount_decimal", units[0]).end_object();
        return out;
    }
    w.member("tiers_mode", to_string_view(table.mode())).key("tiers").begin_array(layout);
    for (std::size_t i = 0; i < table.size(); ++i) {
        const auto& t = table[i];
        w.begin_object(layout).key("up_to");
        if (t.is_unbounded)
            w.null();
        else
            w.integer(std::int64_t(t.up_to));
        w.key("flat_amount");
        if (fees[i].empty()) {
            w.null().key("flat_amount_decimal").null();
        } else {
            write_integer_or_null(w, fees[i]);
            w.member("flat_amount_decimal", fees[i]);
        }
        w.key("unit_amount");
        write_integer_or_null(w, units[i]);
        w.member("unit_amount_decimal", units[i]).end_object();
    }
    w.end_array();
    w.key("transform_quantity").null().key("unit_amount").null().key("unit_amount_decimal").null();
    w.end_object();
    return out;
}

/// The Price object of write_stripe_price(table, -1, nickname), read back into nlohmann/json
/// for callers that want to inspect or extend it.
template <class Currency, class Price, class Quantity, std::size_t Capacity>
nlohmann::ordered_json stripe_price_json(
    const tier_table<Currency, Price, Quantity, Capacity>& table, std::string_view nickname = {}) {
    return nlohmann::ordered_json::parse(write_stripe_price(table, -1, nickname));
}

/// A price book as a Stripe Price object; its name becomes the nickname.
inline std::string write_stripe_price(const price_book& book, int indent = 2) {
    return write_stripe_price(book.table, indent, book.name);
}

}  // namespace tariff
