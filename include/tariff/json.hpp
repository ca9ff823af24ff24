#pragma once
/// Price books as data: the native JSON format read into a tier table whose currency, tiers and
/// rules come from the file (tariff::book_table). Every refusal is a tariff::invalid_book whose
/// message names the source and the JSON path: "book.json: tiers[2].up_to: must be greater than
/// 10000, not 10000".
///
/// Numbers are read exactly from their token text, never through a double: 0.1 is one tenth and
/// 0.30000000000000004 keeps all its digits. A number written with an exponent (1e-7) is refused,
/// since exact decimal prices are written with plain digits; so are prices with more than 18
/// fraction digits (trailing zeros beyond the 18th are accepted, they change nothing).

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <nlohmann/json.hpp>  // JSON syntax and UTF-8 checks; its SAX interface hands us number text
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "currency.hpp"
#include "decimal.hpp"
#include "default_book.hpp"
#include "error.hpp"
#include "multiprecision.hpp"  // cpp_int: book prices of any magnitude, with 18 fraction digits
#include "rounding.hpp"
#include "tier_table.hpp"

namespace tariff {

/// Unit prices, fees, minimum and maximum of a price book: up to 18 fraction digits, any size.
using book_price = decimal<18, cpp_int>;

/// The table a price book is read into: currency chosen at run time, integer quantities (calls,
/// requests, ...) up to 2^63-1, up to 64 tiers.
using book_table = tier_table<runtime_currency, book_price, std::int64_t, 64>;

/// A price book read from JSON: what it is called, what it counts, and its table.
struct price_book {
    std::string name;  ///< "name", or empty
    std::string unit;  ///< "unit" (singular, e.g. "call"), or empty
    book_table table;
};

namespace detail::book_json {

/// A JSON value as the reader needs it: numbers keep their token text.
struct value {
    enum class kind { null, boolean, number, string, array, object };
    kind type = kind::null;
    bool boolean = false;
    bool integer_token = false;     ///< a number written without '.' or exponent
    std::string text;               ///< a string's contents, or a number's token text
    std::vector<std::string> keys;  ///< an object's member names, in document order
    std::vector<value> items;       ///< an array's elements, or an object's member values
};

inline constexpr std::size_t max_depth = 64;

/// "tiers[2].up_to" from path components ("tiers", "[2]", "up_to").
inline std::string join_path(const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& p : parts) {
        if (!out.empty() && p[0] != '[') out.push_back('.');
        out += p;
    }
    return out;
}

/// A member name as a path component: plain names as they are, others quoted ("[\"a b\"]").
inline std::string key_part(const std::string& key) {
    bool plain = !key.empty();
    for (char c : key) {
        plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '_');
    }
    if (plain) return key;
    std::string out = "[\"";
    for (char c : key) {
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out + "\"]";
}

/// Builds a value tree through nlohmann's SAX interface: the only way to see a number's text.
class builder {
public:
    explicit builder(value& root) : root_(root) {}

    bool null() { return add(value{}); }
    bool boolean(bool b) {
        value v;
        v.type = value::kind::boolean;
        v.boolean = b;
        return add(std::move(v));
    }
    bool number_integer(nlohmann::json::number_integer_t n) {
        return add(number(std::to_string(n), true));
    }
    bool number_unsigned(nlohmann::json::number_unsigned_t n) {
        return add(number(std::to_string(n), true));
    }
    /// The double is ignored: only the token text is used.
    bool number_float(nlohmann::json::number_float_t, const std::string& token) {
        std::string text = token;
        bool integer = true;
        for (char& c : text) {
            if (c == 'e' || c == 'E') {
                integer = false;
            } else if (c != '-' && c != '+' && (c < '0' || c > '9')) {
                c = '.';  // nlohmann writes the locale's decimal point into the token
                integer = false;
            }
        }
        return add(number(std::move(text), integer));
    }
    bool string(std::string& s) {
        value v;
        v.type = value::kind::string;
        v.text = std::move(s);
        return add(std::move(v));
    }
    bool binary(nlohmann::json::binary_t&) { return fail_at("binary values are not JSON"); }
    bool start_object(std::size_t) { return open(value::kind::object); }
    bool key(std::string& k) {
        value& object = *stack_.back();
        if (!names_.back().insert(k).second) {
            pending_key_ = k;
            return fail_at("duplicate key");
        }
        object.keys.push_back(std::move(k));
        return true;
    }
    bool end_object() {
        stack_.pop_back();
        names_.pop_back();
        return true;
    }
    bool start_array(std::size_t) { return open(value::kind::array); }
    bool end_array() {
        stack_.pop_back();
        names_.pop_back();
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception& e) {
        // "[json.exception.parse_error.101] parse error at line 1, column 9: ..." without the tag.
        std::string what = e.what();
        const std::size_t tag = what.find("] ");
        if (what.rfind("[json.exception.", 0) == 0 && tag != std::string::npos)
            what.erase(0, tag + 2);
        error_ = "malformed JSON: " + what;
        return false;
    }

    /// Why parsing stopped, "path: reason" or "reason".
    const std::string& error() const noexcept { return error_; }

private:
    static value number(std::string text, bool integer) {
        value v;
        v.type = value::kind::number;
        v.text = std::move(text);
        v.integer_token = integer;
        return v;
    }

    bool open(value::kind type) {
        if (stack_.size() >= max_depth)
            return fail_at("nested more than " + std::to_string(max_depth) + " levels deep");
        value v;
        v.type = type;
        if (!add(std::move(v))) return false;
        stack_.push_back(last_);
        names_.emplace_back();
        return true;
    }

    bool add(value&& v) {
        if (stack_.empty()) {
            root_ = std::move(v);
            last_ = &root_;
        } else {
            // Only the innermost open container grows, so pointers to the open ones stay valid.
            value& parent = *stack_.back();
            parent.items.push_back(std::move(v));
            last_ = &parent.items.back();
        }
        return true;
    }

    /// Fails with the path of the value being added (or of the duplicate key).
    bool fail_at(const std::string& reason) {
        std::vector<std::string> parts;
        for (std::size_t i = 0; i < stack_.size(); ++i) {
            const value& c = *stack_[i];
            const bool innermost = i + 1 == stack_.size();
            if (c.type == value::kind::object) {
                parts.push_back(
                    key_part(innermost && pending_key_ ? *pending_key_ : c.keys.back()));
            } else {
                parts.push_back(
                    "[" + std::to_string(innermost ? c.items.size() : c.items.size() - 1) + "]");
            }
        }
        const std::string path = join_path(parts);
        error_ = path.empty() ? reason : path + ": " + reason;
        return false;
    }

    value& root_;
    value* last_ = nullptr;
    std::vector<value*> stack_;
    std::vector<std::set<std::string>> names_;
    std::optional<std::string> pending_key_;
    std::string error_;
};

inline const char* type_name(const value& v) {
    switch (v.type) {
        case value::kind::null:
            return "null";
        case value::kind::boolean:
            return v.boolean ? "true" : "false";
        case value::kind::number:
            return "a number";
        case value::kind::string:
            return "a string";
        case value::kind::array:
            return "an array";
        case value::kind::object:
            return "an object";
    }
    return "?";
}

/// A value as the message shows it: strings quoted, numbers as written, others by type.
inline std::string shown(const value& v) {
    if (v.type == value::kind::string) return "\"" + v.text + "\"";
    if (v.type == value::kind::number) return v.text;
    return type_name(v);
}

/// Walks the value tree of a book and builds the table, failing with the JSON path.
class reader {
public:
    explicit reader(std::string_view source) : source_(source) {}

    [[noreturn]] void fail(const std::string& path, const std::string& rule) const {
        throw invalid_book(std::string(source_) + ": " +
                           (path.empty() ? rule : path + ": " + rule));
    }

    /// A decimal written as a string or as a JSON number, exactly; text keeps it as written.
    book_price decimal_at(const value& v, const std::string& path, std::string& text) const {
        if (v.type != value::kind::string && v.type != value::kind::number) {
            fail(path,
                 "must be a decimal (a string such as \"0.40\" or a number), not " + shown(v));
        }
        text = v.text;
        if (v.type == value::kind::number && text.find_first_of("eE") != std::string::npos) {
            fail(path,
                 text + " has an exponent; write the price with plain digits, e.g. \"0.0000001\"");
        }
        book_price out;
        switch (book_price::try_parse(text, out)) {
            case parse_status::ok:
                return out;
            case parse_status::too_many_fraction_digits:
                fail(path, shown(v) + " has more than " + std::to_string(book_price::scale) +
                               " fraction digits");
            case parse_status::syntax:
            case parse_status::overflow:
                break;
        }
        fail(path, shown(v) + " is not a decimal number (digits, optionally '.' and more digits)");
    }

    /// A non-negative decimal.
    book_price amount_at(const value& v, const std::string& path, std::string& text) const {
        book_price d = decimal_at(v, path, text);
        if (d.is_negative()) fail(path, "must not be negative, not " + text);
        return d;
    }

    /// An integer >= minimum written as a JSON integer, at most 2^63-1.
    std::int64_t integer_at(const value& v, const std::string& path, std::int64_t minimum,
                            const std::string& what) const {
        if (v.type != value::kind::number || !v.integer_token)
            fail(path, "must be " + what + ", not " + shown(v));
        if (v.text[0] == '-') fail(path, "must be " + what + ", not " + v.text);
        std::int64_t out = 0;
        for (char c : v.text) {
            if (!rep_ops<std::int64_t>::mul(out, 10, out) ||
                !rep_ops<std::int64_t>::add(out, c - '0', out)) {
                fail(path, v.text + " is too large (the largest is 9223372036854775807)");
            }
        }
        if (out < minimum) fail(path, "must be " + what + ", not " + v.text);
        return out;
    }

    const std::string& string_at(const value& v, const std::string& path) const {
        if (v.type != value::kind::string) fail(path, "must be a string, not " + shown(v));
        return v.text;
    }

    price_book read(const value& root) const;

private:
    struct price_book_parts {
        std::string name, unit;
    };
    book_table::tier_type read_tier(const value& t, std::size_t i) const;

    std::string_view source_;
};

inline std::string index_part(std::size_t i) { return "[" + std::to_string(i) + "]"; }

inline price_book reader::read(const value& root) const {
    if (root.type != value::kind::object)
        fail("", "a price book must be a JSON object, not " + shown(root));

    static constexpr std::string_view book_keys[] = {
        "name",    "unit",    "currency", "mode",  "rounding", "rounding_scope",
        "package", "minimum", "maximum",  "tiers", "guard"};
    const value* field[std::size(book_keys)] = {};
    for (std::size_t i = 0; i < root.keys.size(); ++i) {
        std::size_t k = 0;
        while (k < std::size(book_keys) && book_keys[k] != root.keys[i]) ++k;
        if (k == std::size(book_keys)) {
            fail(key_part(root.keys[i]),
                 "unknown key (a price book has name, unit, currency, mode, rounding, "
                 "rounding_scope, package, "
                 "minimum, maximum, tiers, guard)");
        }
        field[k] = &root.items[i];
    }
    const value* name = field[0];
    const value* unit = field[1];
    const value* currency_v = field[2];
    const value* mode_v = field[3];
    const value* rounding_v = field[4];
    const value* scope_v = field[5];
    const value* package_v = field[6];
    const value* minimum_v = field[7];
    const value* maximum_v = field[8];
    const value* tiers_v = field[9];
    const value* guard_v = field[10];
    bool guard = false;
    if (guard_v) {
        if (guard_v->type != value::kind::boolean)
            fail("guard", "must be true or false, not " + shown(*guard_v));
        guard = guard_v->boolean;
    }
    for (const auto& [v, key] : {std::pair{currency_v, "currency"}, std::pair{mode_v, "mode"},
                                 std::pair{tiers_v, "tiers"}}) {
        if (v == nullptr) fail(key, "is required but missing");
    }

    price_book_parts parts;
    if (name) parts.name = string_at(*name, "name");
    if (unit) parts.unit = string_at(*unit, "unit");

    const std::string& code = string_at(*currency_v, "currency");
    const currency* cur = find_currency(code);
    if (cur == nullptr) {
        fail("currency", shown(*currency_v) +
                             " is not an active ISO 4217 currency code (upper case, e.g. \"USD\")");
    }

    const std::string& mode_name = string_at(*mode_v, "mode");
    tier_mode mode = tier_mode::volume;
    if (mode_name == "graduated")
        mode = tier_mode::graduated;
    else if (mode_name != "volume")
        fail("mode", shown(*mode_v) + " is not a mode (volume or graduated)");

    rounding round_mode = rounding::half_up;
    if (rounding_v && !rounding_from_name(string_at(*rounding_v, "rounding"), round_mode)) {
        fail("rounding", shown(*rounding_v) +
                             " is not a rounding mode (half_up, half_even, half_down, up, down, "
                             "ceiling, floor)");
    }
    rounding_scope scope = rounding_scope::line;
    if (scope_v) {
        const std::string& s = string_at(*scope_v, "rounding_scope");
        if (s == "total")
            scope = rounding_scope::total;
        else if (s != "line")
            fail("rounding_scope", shown(*scope_v) + " is not a rounding scope (line or total)");
    }

    if (tiers_v->type != value::kind::array)
        fail("tiers", "must be an array of tiers, not " + shown(*tiers_v));
    if (tiers_v->items.empty()) fail("tiers", "must list at least one tier");
    std::vector<book_table::tier_type> tiers;
    for (std::size_t i = 0; i < tiers_v->items.size(); ++i)
        tiers.push_back(read_tier(tiers_v->items[i], i));

    std::int64_t package_size = 1;
    package_rounding package_round = package_rounding::up;
    if (package_v) {
        if (package_v->type != value::kind::object) {
            fail("package", "must be an object such as {\"size\": 100, \"round\": \"up\"}, not " +
                                shown(*package_v));
        }
        const value* size_v = nullptr;
        for (std::size_t i = 0; i < package_v->keys.size(); ++i) {
            const std::string& k = package_v->keys[i];
            const value& v = package_v->items[i];
            if (k == "size") {
                size_v = &v;
            } else if (k == "round") {
                const std::string& r = string_at(v, "package.round");
                if (r == "down")
                    package_round = package_rounding::down;
                else if (r != "up")
                    fail("package.round", shown(v) + " is not a package rounding (up or down)");
            } else {
                fail(join_path({"package", key_part(k)}),
                     "unknown key (a package has size and round)");
            }
        }
        if (size_v == nullptr) fail("package.size", "is required but missing");
        package_size = integer_at(*size_v, "package.size", 1, "an integer >= 1");
    }

    std::string minimum_text, maximum_text;
    std::optional<book_price> minimum, maximum;
    auto limit = [&](const value* v, const char* key,
                     std::string& text) -> std::optional<book_price> {
        if (v == nullptr) return std::nullopt;
        book_price d = amount_at(*v, key, text);
        if (quantize(d, cur->minor_units, rounding::down) != d) {
            fail(key, text + " is finer than " + std::string(cur->code) + "'s minor unit (" +
                          std::to_string(cur->minor_units) + " fraction digits)");
        }
        return d;
    };
    minimum = limit(minimum_v, "minimum", minimum_text);
    maximum = limit(maximum_v, "maximum", maximum_text);
    if (minimum && maximum && *minimum > *maximum) {
        fail("minimum", minimum_text + " is above the maximum " + maximum_text);
    }

    try {
        book_table table(*cur, mode, tiers.data(), tiers.size());
        table = table.with_rounding(round_mode, scope);
        if (package_v) table = table.with_package(package_size, package_round);
        if (minimum) table = table.with_minimum(*minimum);
        if (maximum) table = table.with_maximum(*maximum);
        if (guard) table = table.with_guard();
        return price_book{std::move(parts.name), std::move(parts.unit), std::move(table)};
    } catch (const invalid_table_rule& e) {
        fail(invalid_table_rule::path(e.tier(), e.field()), e.rule());
    }
}

inline book_table::tier_type reader::read_tier(const value& t, std::size_t i) const {
    const std::string at = "tiers" + index_part(i);
    if (t.type != value::kind::object)
        fail(at, "must be an object such as {\"up_to\": 1000, \"unit_price\": \"0.40\"}, not " +
                     shown(t));
    const value *up_to_v = nullptr, *price_v = nullptr, *fee_v = nullptr, *quote_v = nullptr;
    for (std::size_t k = 0; k < t.keys.size(); ++k) {
        const std::string& key = t.keys[k];
        const value* v = &t.items[k];
        if (key == "up_to")
            up_to_v = v;
        else if (key == "unit_price")
            price_v = v;
        else if (key == "flat_fee")
            fee_v = v;
        else if (key == "quote")
            quote_v = v;
        else
            fail(join_path({at, key_part(key)}),
                 "unknown key (a tier has up_to, unit_price, flat_fee, quote)");
    }
    if (up_to_v == nullptr)
        fail(at + ".up_to",
             "is required but missing (an integer >= 1, or \"inf\" for the last tier)");
    bool quote = false;
    if (quote_v) {
        if (quote_v->type != value::kind::boolean)
            fail(at + ".quote", "must be true or false, not " + shown(*quote_v));
        quote = quote_v->boolean;
    }
    book_table::tier_type tier;
    static const std::string bound_rule = "an integer >= 1 or \"inf\"";
    if (up_to_v->type == value::kind::string) {
        if (up_to_v->text != "inf")
            fail(at + ".up_to", "must be " + bound_rule + ", not " + shown(*up_to_v));
        tier.is_unbounded = true;
    } else {
        tier.up_to = integer_at(*up_to_v, at + ".up_to", 1, bound_rule);
    }
    std::string text;
    if (quote) {
        if (price_v) fail(at + ".unit_price", "a quote (contact sales) tier has no unit price");
        if (fee_v) fail(at + ".flat_fee", "a quote (contact sales) tier has no flat fee");
        tier.quote = true;
        return tier;
    }
    if (price_v == nullptr)
        fail(at + ".unit_price", "is required but missing (or \"quote\": true for contact sales)");
    tier.unit_price = amount_at(*price_v, at + ".unit_price", text);
    if (fee_v) tier.flat_fee = amount_at(*fee_v, at + ".flat_fee", text);
    return tier;
}

}  // namespace detail::book_json

/// Reads a price book from JSON text; `source_name` (a file name) starts every error message.
/// Throws invalid_book: "book.json: tiers[2].up_to: must be greater than 10000, not 10000".
inline price_book read_price_book(std::string_view json_text, std::string_view source_name) {
    detail::book_json::value root;
    detail::book_json::builder builder(root);
    bool parsed = false;
    try {
        parsed = nlohmann::json::sax_parse(json_text.begin(), json_text.end(), &builder);
    } catch (const nlohmann::json::exception& e) {
        throw invalid_book(std::string(source_name) + ": malformed JSON: " + e.what());
    }
    if (!parsed) throw invalid_book(std::string(source_name) + ": " + builder.error());
    return detail::book_json::reader(source_name).read(root);
}

namespace detail {
/// A price-book file's whole text; invalid_book naming the path when it cannot be read.
inline std::string read_book_file(const std::string& path) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) throw invalid_book(path + ": cannot open: " + std::strerror(errno));
    std::string text;
    char buffer[1 << 14];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
    const bool failed = std::ferror(file) != 0;
    const int why = errno;
    std::fclose(file);
    if (failed) throw invalid_book(path + ": cannot read: " + std::strerror(why));
    return text;
}
}  // namespace detail

/// Reads a price book from a file; the path names the source in error messages.
inline price_book read_price_book_file(const std::string& path) {
    return read_price_book(detail::read_book_file(path), path);
}

/// The embedded default book (faceid_price_book_json), read like any other.
inline price_book faceid_price_book() {
    return read_price_book(faceid_price_book_json, "embedded FaceID book");
}

}  // namespace tariff
