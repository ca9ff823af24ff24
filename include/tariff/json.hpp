#pragma once
/// Price books as data: the native JSON format read into a tier table whose currency, tiers and
/// rules come from the file (tariff::book_table), and written back (write_price_book). Every
/// refusal is a tariff::invalid_book whose message names the source and the JSON path:
/// "book.json: tiers[2].up_to: must be greater than 10000, not 10000". Messages show at most a
/// bounded, escaped prefix of any input (detail::quote_for_message).
///
/// Numbers are read exactly from their token text, never through a double: 0.1 is one tenth and
/// 0.30000000000000004 keeps all its digits, and a number of any length reads as its string form
/// does (a 400-digit price is a price; nlohmann's lexer, which would refuse it as beyond a
/// double's range, is handed a placeholder of the same length and the reader takes the token's
/// own text). A number written with an exponent (1e-7) is refused, since exact decimal prices
/// are written with plain digits; so are prices with more than 18 fraction digits (trailing zeros
/// beyond the 18th are accepted, they change nothing).
///
/// `name`, `unit` and `unit_plural` are printed on invoices, so they are refused when they hold
/// a control character (C0, DEL or C1, e.g. U+001B or U+0085): a book cannot clear a terminal
/// or forge an invoice line. `unit_plural` (optional, with `unit`) is the unit's plural where
/// English has no regular one ("person", "people"); without it invoices use the regular plural
/// (detail::unit_text). A book file holds at most max_book_file_size bytes (16 MiB).
///
/// Keys of the second version, all optional: `quantity_scale` (0-6) counts quantities, `up_to`
/// bounds and `free_units` in steps of 10^-scale units (at a scale above 0 they are JSON numbers
/// or strings with at most that many fraction digits; unit prices stay per whole unit, with at
/// most 18 - scale fraction digits); `free_units` (>= 0) is a monthly allowance taken off the
/// quantity before the package and the tiers; `flat_fee_at_zero` (true/false) bills the first
/// tier's flat fee at zero billable units.

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>  // JSON syntax and UTF-8 checks; its SAX interface hands us number text
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalogue.hpp"
#include "charge.hpp"  // format_price: prices written back with every digit they have
#include "currency.hpp"
#include "decimal.hpp"
#include "default_book.hpp"
#include "detail/enum_names.hpp"
#include "detail/json_writer.hpp"
#include "detail/number.hpp"
#include "detail/text.hpp"
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
    /// "unit_plural" ("people" for "person"), or empty: the regular plural of `unit`.
    std::string unit_plural{};
};

/// The largest price-book file read_price_book_file reads: 16 MiB. A book of 64 tiers is a few
/// kilobytes; the cap stops a wrong path (/dev/zero, a log file) from filling memory.
inline constexpr std::size_t max_book_file_size = std::size_t{16} << 20;

namespace detail::book_json {

/// A JSON value as the reader needs it: numbers keep their token text.
struct value {
    enum class kind { null, boolean, number, string, array, object };
    kind type = kind::null;
    bool boolean = false;
    std::string text;               ///< a string's contents, or a number's token text
    std::vector<std::string> keys;  ///< an object's member names, in document order
    std::vector<value> items;       ///< an array's elements, or an object's member values
};

inline constexpr std::size_t max_depth = 64;

/// "tiers[2].up_to" from path components ("tiers", "[2]", "up_to"); a path deeper or longer
/// than a message should hold is cut after 256 bytes, marked with "…".
inline std::string join_path(const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& p : parts) {
        if (!out.empty() && p[0] != '[') out.push_back('.');
        out += p;
    }
    const std::size_t shown = echo_length(out, 4 * echo_limit);
    if (shown < out.size()) out.replace(shown, std::string::npos, "\xE2\x80\xA6");
    return out;
}

/// A member name as a path component: short plain names as they are, others quoted, escaped and
/// bounded ("[\"a b\"]").
inline std::string key_part(const std::string& key) {
    bool plain = !key.empty() && key.size() <= echo_limit;
    for (char c : key) {
        plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '_');
    }
    return plain ? key : "[" + quote_for_message(key) + "]";
}

/// Numbers longer than this are handed to nlohmann as a placeholder (see number_tokens):
/// shorter ones without an exponent are below 10^300, well inside a double's range.
inline constexpr std::size_t long_number = 300;

/// Length of the JSON number (RFC 8259) at text[i], cut as nlohmann's lexer cuts it, or 0 when
/// the lexer refuses the text there.
inline std::size_t json_number_length(std::string_view text, std::size_t i) noexcept {
    const std::size_t start = i, n = text.size();
    auto digit = [&](std::size_t k) { return k < n && text[k] >= '0' && text[k] <= '9'; };
    if (i < n && text[i] == '-') ++i;
    if (!digit(i)) return 0;
    if (text[i] == '0') {
        ++i;
    } else {
        while (digit(i)) ++i;
    }
    if (i < n && text[i] == '.') {
        if (!digit(++i)) return 0;
        while (digit(i)) ++i;
    }
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
        if (!digit(i)) return 0;
        while (digit(i)) ++i;
    }
    return i - start;
}

/// The number tokens of a JSON text in document order, and what nlohmann is to parse. nlohmann
/// converts a number it cannot hold as an integer to a double and refuses one beyond a double's
/// range before a SAX handler sees its text. So every number token with an exponent or longer
/// than long_number bytes is replaced by "0" and spaces, of the same length: line and column of
/// everything after it stay right, and the reader takes the token's own text from `tokens`.
/// A number of a well-formed document is always a token here; where the scan and the lexer could
/// disagree, the lexer has already stopped at an error.
struct number_tokens {
    std::vector<std::string_view> tokens;  ///< views into the original text
    std::string substituted;               ///< the text with placeholders, or empty if none

    explicit number_tokens(std::string_view text) {
        const std::size_t n = text.size();
        for (std::size_t i = 0; i < n;) {
            const char c = text[i];
            if (c == '"') {  // a string: skip it, escapes included
                for (++i; i < n && text[i] != '"'; ++i) {
                    if (text[i] == '\\') ++i;
                }
                ++i;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                const std::size_t length = json_number_length(text, i);
                if (length == 0) return;  // the lexer refuses the document here
                const std::string_view token = text.substr(i, length);
                tokens.push_back(token);
                if (length > long_number || token.find_first_of("eE") != std::string_view::npos) {
                    if (substituted.empty()) substituted.assign(text);
                    substituted.replace(i, length, length, ' ');
                    substituted[i] = '0';
                }
                i += length;
            } else {
                ++i;
            }
        }
    }
};

/// The input bytes behind nlohmann's "last read" token `shown`: nlohmann shows the bytes of
/// `parsed` that end at `position` (the bytes read), bytes up to 0x1F as "<U+XXXX>". The same
/// bytes of `original` are returned, so that a placeholder never shows; empty if they do not
/// match.
inline std::optional<std::string_view> input_behind(std::string_view parsed,
                                                    std::string_view original, std::size_t position,
                                                    std::string_view shown) {
    const std::size_t end = position < parsed.size() ? position : parsed.size();
    std::size_t begin = end, length = 0;
    auto shown_length = [&](std::size_t k) {
        return static_cast<unsigned char>(parsed[k]) <= 0x1F ? std::size_t{8} : std::size_t{1};
    };
    while (length < shown.size() && begin > 0) length += shown_length(--begin);
    if (length != shown.size()) return std::nullopt;
    for (std::size_t k = begin, at = 0; k < end; at += shown_length(k), ++k) {
        if (shown_length(k) == 1 && shown[at] != parsed[k]) return std::nullopt;
    }
    return original.substr(begin, end - begin);
}

/// nlohmann's message without its tag, with the token it quotes ("last read: '<token>'", where
/// `token` is the text nlohmann passed with the error) replaced by `input`, the raw bytes behind
/// it when known, escaped and cut to a bounded prefix. Without a token, the whole message is
/// bounded.
inline std::string lexer_message(std::string what, std::optional<std::string_view> token = {},
                                 std::optional<std::string_view> input = {}) {
    // "[json.exception.parse_error.101] parse error at line 1, column 9: ..." without the tag.
    const std::size_t tag = what.find("] ");
    if (what.rfind("[json.exception.", 0) == 0 && tag != std::string::npos) what.erase(0, tag + 2);
    static constexpr std::string_view quoted = "last read: '";
    // Only nlohmann's own words come before "last read": the first one is its own.
    const std::size_t begin = what.find(quoted);
    if (token && begin != std::string::npos) {
        const std::size_t from = begin + quoted.size();
        if (what.compare(from, token->size(), *token) == 0) {
            return what.substr(0, from) + echo_for_message(input ? *input : *token) +
                   what.substr(from + token->size());
        }
    }
    std::string out;
    if (append_escaped(out, what, 4 * echo_limit)) out += "\xE2\x80\xA6";
    return out;
}

/// Builds a value tree through nlohmann's SAX interface: the only way to see a number's text.
class builder {
public:
    /// `original` is the document, `parsed` what nlohmann reads (see number_tokens).
    builder(value& root, const number_tokens& numbers, std::string_view original,
            std::string_view parsed)
        : root_(root), numbers_(numbers.tokens), original_(original), parsed_(parsed) {}

    bool null() { return add(value{}); }
    bool boolean(bool b) {
        value v;
        v.type = value::kind::boolean;
        v.boolean = b;
        return add(std::move(v));
    }
    // The values nlohmann converted are ignored: the token's own text is the number.
    bool number_integer(nlohmann::json::number_integer_t n) { return number(std::to_string(n)); }
    bool number_unsigned(nlohmann::json::number_unsigned_t n) { return number(std::to_string(n)); }
    bool number_float(nlohmann::json::number_float_t, const std::string& token) {
        return number(token);
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
    bool parse_error(std::size_t position, const std::string& last_token,
                     const nlohmann::json::exception& e) {
        error_ = "malformed JSON: " +
                 lexer_message(e.what(), last_token,
                               input_behind(parsed_, original_, position, last_token));
        return false;
    }

    /// Why parsing stopped, "path: reason" or "reason".
    const std::string& error() const noexcept { return error_; }

private:
    /// The next number token's own text (nlohmann's `fallback` only if the scan has none).
    bool number(std::string fallback) {
        value v;
        v.type = value::kind::number;
        if (next_number_ < numbers_.size())
            v.text = std::string(numbers_[next_number_++]);
        else
            v.text = std::move(fallback);
        return add(std::move(v));
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
    const std::vector<std::string_view>& numbers_;
    std::string_view original_, parsed_;
    std::size_t next_number_ = 0;
    value* last_ = nullptr;
    std::vector<value*> stack_;
    std::vector<std::set<std::string>> names_;
    std::optional<std::string> pending_key_;
    std::string error_;
};

/// Parses JSON text exactly (numbers keep their text), or throws invalid_book naming the source:
/// the one entry point of the native and the Stripe readers.
inline value parse_document(std::string_view json_text, std::string_view source_name) {
    const number_tokens numbers(json_text);
    const std::string_view parsed =
        numbers.substituted.empty() ? json_text : std::string_view(numbers.substituted);
    value root;
    builder handler(root, numbers, json_text, parsed);
    bool ok = false;
    try {
        // nlohmann's JSON parser itself: basic_json::sax_parse would also compile its readers
        // of CBOR, MessagePack, UBJSON, BSON and BJData (about a second of every translation
        // unit that reads a book).
        auto input = nlohmann::detail::input_adapter(parsed.begin(), parsed.end());
        ok = nlohmann::detail::parser<nlohmann::json, decltype(input)>(std::move(input))
                 .sax_parse(&handler, true);
    } catch (const nlohmann::json::exception& e) {
        throw invalid_book(std::string(source_name) +
                           ": malformed JSON: " + lexer_message(e.what()));
    }
    if (!ok) throw invalid_book(std::string(source_name) + ": " + handler.error());
    return root;
}

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

/// A value as a message shows it: strings quoted, numbers as written (both escaped and
/// bounded), others by type.
inline std::string shown(const value& v) {
    if (v.type == value::kind::string) return quote_for_message(v.text);
    if (v.type == value::kind::number) return echo_for_message(v.text);
    return type_name(v);
}

inline std::string index_part(std::size_t i) { return "[" + std::to_string(i) + "]"; }

/// What the native and the Stripe readers share: the source in every message, and the reading
/// of strings, printed text and whole numbers.
class reader_base {
public:
    /// `prefix`: the JSON path of the object read, ahead of every path (a catalogue's version).
    explicit reader_base(std::string_view source, std::string prefix = {})
        : source_(source), prefix_(std::move(prefix)) {}

    [[noreturn]] void fail(const std::string& path, const std::string& rule) const {
        const std::string at =
            prefix_.empty() || path.empty() ? prefix_ + path : join_path({prefix_, path});
        throw invalid_book(std::string(source_) + ": " + (at.empty() ? rule : at + ": " + rule));
    }

    /// The members of `object` by name; a key that is not one of `keys` is refused, naming
    /// `what` has ("a price book has name, unit, ...").
    std::vector<const value*> members(const value& object,
                                      const std::vector<std::string_view>& keys,
                                      std::string_view what) const {
        std::vector<const value*> out(keys.size(), nullptr);
        for (std::size_t i = 0; i < object.keys.size(); ++i) {
            std::size_t k = 0;
            while (k < keys.size() && keys[k] != object.keys[i]) ++k;
            if (k == keys.size()) {
                std::string known;
                for (const std::string_view key : keys) {
                    if (!known.empty()) known += ", ";
                    known += key;
                }
                fail(key_part(object.keys[i]),
                     "unknown key (" + std::string(what) + " has " + known + ")");
            }
            out[k] = &object.items[i];
        }
        return out;
    }

    /// true or false.
    bool boolean_at(const value& v, const std::string& path) const {
        if (v.type != value::kind::boolean) fail(path, "must be true or false, not " + shown(v));
        return v.boolean;
    }

    /// A quantity in steps of 10^-scale units, at least `minimum` steps: at scale 0 a JSON
    /// integer (as books have always written them), at a larger scale a JSON number or a
    /// string with at most `scale` fraction digits, read exactly.
    std::int64_t quantity_at(const value& v, const std::string& path, int scale,
                             std::int64_t minimum, const std::string& rule) const {
        if (scale == 0) return integer_at(v, path, minimum, rule);
        std::int64_t out = 0;
        const parse_result read = v.type == value::kind::number || v.type == value::kind::string
                                      ? parse_steps(v.text, scale, out, minimum)
                                      : parse_result{parse_status::syntax, 0};
        if (read.status == parse_status::too_many_fraction_digits) {
            fail(path, shown(v) + " has more than " + std::to_string(scale) +
                           " fraction digits (the book's quantity_scale)");
        }
        if (read.status == parse_status::overflow) {
            fail(path, shown(v) + " is too large (the largest is " +
                           fixed_digits(std::numeric_limits<std::int64_t>::max(), scale) + ")");
        }
        if (!read) fail(path, "must be " + rule + ", not " + shown(v));
        return out;
    }

    const std::string& string_at(const value& v, const std::string& path) const {
        if (v.type != value::kind::string) fail(path, "must be a string, not " + shown(v));
        return v.text;
    }

    /// A string that is printed (a name, a unit): refused with a control character in it.
    const std::string& printed_at(const value& v, const std::string& path) const {
        const std::string& text = string_at(v, path);
        if (const parse_result checked = check_text(text); !checked) {
            fail(path, text_refusal(text, checked) +
                           " (names and units are printed: no C0, DEL or C1 controls)");
        }
        return text;
    }

    /// A whole number written as a JSON number, minimum <= n <= 2^63-1. Anything else is "must
    /// be <rule>, not <value>"; a number too large is "<value> is too large<note>".
    std::int64_t integer_at(
        const value& v, const std::string& path, std::int64_t minimum, const std::string& rule,
        std::string_view too_large_note = " (the largest is 9223372036854775807)") const {
        std::int64_t out = 0;
        const parse_result read = v.type == value::kind::number
                                      ? parse_integer(v.text, out, minimum)
                                      : parse_result{parse_status::syntax, 0};
        if (read.status == parse_status::overflow)
            fail(path, shown(v) + " is too large" + std::string(too_large_note));
        if (!read) fail(path, "must be " + rule + ", not " + shown(v));
        return out;
    }

    std::string_view source() const noexcept { return source_; }
    const std::string& prefix() const noexcept { return prefix_; }

private:
    std::string_view source_;
    std::string prefix_;
};

/// Walks the value tree of a book and builds the table, failing with the JSON path.
class reader : public reader_base {
public:
    using reader_base::reader_base;

    /// A decimal written as a string or as a JSON number, exactly.
    book_price decimal_at(const value& v, const std::string& path) const {
        if (v.type != value::kind::string && v.type != value::kind::number) {
            fail(path,
                 "must be a decimal (a string such as \"0.40\" or a number), not " + shown(v));
        }
        if (v.type == value::kind::number && v.text.find_first_of("eE") != std::string::npos) {
            fail(path, shown(v) +
                           " has an exponent; write the price with plain digits, e.g. "
                           "\"0.0000001\"");
        }
        book_price out;
        const parse_status status = book_price::try_parse(v.text, out).status;
        if (status == parse_status::ok) return out;
        if (status == parse_status::too_many_fraction_digits) {
            fail(path, shown(v) + " has more than " + std::to_string(book_price::scale) +
                           " fraction digits");
        }
        fail(path, shown(v) + " is not a decimal number (digits, optionally '.' and more digits)");
    }

    /// A non-negative decimal.
    book_price amount_at(const value& v, const std::string& path) const {
        book_price d = decimal_at(v, path);
        if (d.is_negative()) fail(path, "must not be negative, not " + echo_for_message(v.text));
        return d;
    }

    /// An active ISO 4217 code, as a currency.
    const currency& currency_at(const value& v, const std::string& path) const {
        const currency* cur = find_currency(string_at(v, path));
        if (cur == nullptr) {
            fail(path,
                 shown(v) + " is not an active ISO 4217 currency code (upper case, e.g. \"USD\")");
        }
        return *cur;
    }

    price_book read(const value& root) const;

    /// The pricing of a book object (a price book, a catalogue's version): the members for
    /// table_keys, in their order, in currency `cur`.
    book_table read_table(const std::vector<const value*>& member, const currency& cur) const;

private:
    book_table::tier_type read_tier(const value& t, std::size_t i, int scale) const;
};

/// The keys that price a book: a price book has these after name, unit, unit_plural and
/// currency (book_keys); a catalogue's version has them with effective_from.
inline constexpr std::string_view table_keys[] = {
    "mode",  "rounding", "rounding_scope", "package",          "minimum",       "maximum",
    "tiers", "guard",    "free_units",     "flat_fee_at_zero", "quantity_scale"};

/// The keys of a price book.
inline std::vector<std::string_view> book_keys() {
    std::vector<std::string_view> keys = {"name", "unit", "unit_plural", "currency"};
    keys.insert(keys.end(), std::begin(table_keys), std::end(table_keys));
    return keys;
}

inline price_book reader::read(const value& root) const {
    if (root.type != value::kind::object)
        fail("", "a price book must be a JSON object, not " + shown(root));
    const std::vector<const value*> member = members(root, book_keys(), "a price book");
    const value *name = member[0], *unit = member[1], *unit_plural = member[2],
                *currency_v = member[3];
    if (currency_v == nullptr) fail("currency", "is required but missing");

    std::string book_name, book_unit, book_plural;
    if (name) book_name = printed_at(*name, "name");
    if (unit) book_unit = printed_at(*unit, "unit");
    if (unit_plural) {
        book_plural = printed_at(*unit_plural, "unit_plural");
        if (book_unit.empty())
            fail("unit_plural", "is the plural of the unit: give a unit (the singular) too");
    }
    const currency& cur = currency_at(*currency_v, "currency");
    book_table table = read_table(std::vector<const value*>(member.begin() + 4, member.end()), cur);
    return price_book{std::move(book_name), std::move(book_unit), std::move(table),
                      std::move(book_plural)};
}

inline book_table reader::read_table(const std::vector<const value*>& member,
                                     const currency& cur) const {
    const value *mode_v = member[0], *rounding_v = member[1], *scope_v = member[2],
                *package_v = member[3], *minimum_v = member[4], *maximum_v = member[5],
                *tiers_v = member[6], *guard_v = member[7], *free_v = member[8],
                *at_zero_v = member[9], *scale_v = member[10];
    const bool guard = guard_v && boolean_at(*guard_v, "guard");
    for (const auto& [v, key] : {std::pair{mode_v, "mode"}, std::pair{tiers_v, "tiers"}}) {
        if (v == nullptr) fail(key, "is required but missing");
    }

    tier_mode mode = tier_mode::volume;
    if (!from_name(string_at(*mode_v, "mode"), mode))
        fail("mode", shown(*mode_v) + " is not a mode (" + name_list<tier_mode>() + ")");

    rounding round_mode = rounding::half_up;
    if (rounding_v && !from_name(string_at(*rounding_v, "rounding"), round_mode)) {
        fail("rounding", shown(*rounding_v) + " is not a rounding mode (" +
                             name_list<rounding>(false, ", ") + ")");
    }
    rounding_scope scope = rounding_scope::line;
    if (scope_v && !from_name(string_at(*scope_v, "rounding_scope"), scope)) {
        fail("rounding_scope",
             shown(*scope_v) + " is not a rounding scope (" + name_list<rounding_scope>() + ")");
    }

    // The scale first: bounds and free units are read at it.
    int scale = 0;
    if (scale_v) {
        scale = static_cast<int>(integer_at(
            *scale_v, "quantity_scale", 0,
            "an integer from 0 to " + std::to_string(book_table::max_quantity_scale), ""));
        if (scale > book_table::max_quantity_scale) {
            fail("quantity_scale", "must be an integer from 0 to " +
                                       std::to_string(book_table::max_quantity_scale) + ", not " +
                                       shown(*scale_v));
        }
    }
    std::int64_t free_units = 0;
    if (free_v) {
        free_units = quantity_at(*free_v, "free_units", scale, 0,
                                 scale == 0 ? "an integer >= 0"
                                            : "a quantity >= 0 with at most " +
                                                  std::to_string(scale) + " fraction digits");
    }
    const bool at_zero = at_zero_v && boolean_at(*at_zero_v, "flat_fee_at_zero");

    if (tiers_v->type != value::kind::array)
        fail("tiers", "must be an array of tiers, not " + shown(*tiers_v));
    if (tiers_v->items.empty()) fail("tiers", "must list at least one tier");
    std::vector<book_table::tier_type> tiers;
    for (std::size_t i = 0; i < tiers_v->items.size(); ++i)
        tiers.push_back(read_tier(tiers_v->items[i], i, scale));

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
                if (!from_name(string_at(v, "package.round"), package_round)) {
                    fail("package.round", shown(v) + " is not a package rounding (" +
                                              name_list<package_rounding>() + ")");
                }
            } else {
                fail(join_path({"package", key_part(k)}),
                     "unknown key (a package has size and round)");
            }
        }
        if (size_v == nullptr) fail("package.size", "is required but missing");
        package_size = integer_at(*size_v, "package.size", 1, "an integer >= 1");
    }

    std::optional<book_price> minimum, maximum;
    auto limit = [&](const value* v, const char* key) -> std::optional<book_price> {
        if (v == nullptr) return std::nullopt;
        book_price d = amount_at(*v, key);
        if (quantize(d, cur.minor_units, rounding::down) != d) {
            fail(key, echo_for_message(v->text) + " is finer than " + std::string(cur.code) +
                          "'s minor unit (" + std::to_string(cur.minor_units) +
                          " fraction digits)");
        }
        return d;
    };
    minimum = limit(minimum_v, "minimum");
    maximum = limit(maximum_v, "maximum");
    if (minimum && maximum && *minimum > *maximum) {
        fail("minimum", echo_for_message(minimum_v->text) + " is above the maximum " +
                            echo_for_message(maximum_v->text));
    }

    try {
        // The scale is set before the tiers are, so that a refused bound or price is named at it.
        const book_table::tier_type placeholder(unbounded, book_price());
        book_table table(cur, mode, &placeholder, 1);
        if (scale > 0) table = table.with_quantity_scale(scale);
        table = table.with_tiers(tiers.data(), tiers.size()).with_rounding(round_mode, scope);
        if (package_v) table = table.with_package(package_size, package_round);
        if (minimum) table = table.with_minimum(*minimum);
        if (maximum) table = table.with_maximum(*maximum);
        if (guard) table = table.with_guard();
        if (free_units > 0) table = table.with_free_units(free_units);
        if (at_zero) table = table.with_flat_fee_at_zero();
        return table;
    } catch (const invalid_table_rule& e) {
        fail(invalid_table_rule::path(e.tier(), e.field()), e.rule());
    }
}

inline book_table::tier_type reader::read_tier(const value& t, std::size_t i, int scale) const {
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
    if (quote_v) quote = boolean_at(*quote_v, at + ".quote");
    book_table::tier_type tier;
    const std::string bound_rule = scale == 0
                                       ? "an integer >= 1 or \"inf\""
                                       : "a quantity > 0 with at most " + std::to_string(scale) +
                                             " fraction digits, or \"inf\"";
    if (up_to_v->type == value::kind::string && (scale == 0 || up_to_v->text == "inf")) {
        if (up_to_v->text != "inf")
            fail(at + ".up_to", "must be " + bound_rule + ", not " + shown(*up_to_v));
        tier.is_unbounded = true;
    } else {
        tier.up_to = quantity_at(*up_to_v, at + ".up_to", scale, 1, bound_rule);
    }
    if (quote) {
        if (price_v) fail(at + ".unit_price", "a quote (contact sales) tier has no unit price");
        if (fee_v) fail(at + ".flat_fee", "a quote (contact sales) tier has no flat fee");
        tier.quote = true;
        return tier;
    }
    if (price_v == nullptr)
        fail(at + ".unit_price", "is required but missing (or \"quote\": true for contact sales)");
    tier.unit_price = amount_at(*price_v, at + ".unit_price");
    if (fee_v) tier.flat_fee = amount_at(*fee_v, at + ".flat_fee");
    return tier;
}

}  // namespace detail::book_json

/// Reads a price book from JSON text; `source_name` (a file name) starts every error message.
/// Throws invalid_book: "book.json: tiers[2].up_to: must be greater than 10000, not 10000".
inline price_book read_price_book(std::string_view json_text, std::string_view source_name) {
    return detail::book_json::reader(source_name)
        .read(detail::book_json::parse_document(json_text, source_name));
}

/// The catalogue a JSON catalogue is read into.
using book_catalogue = catalogue<book_table>;

namespace detail::book_json {

/// Reads a catalogue: {"name", "currency", "products": {id: {"name", "unit", "unit_plural",
/// "versions": [version...]}}}; a version has every key of table_keys and effective_from.
inline book_catalogue read_catalogue(const value& root, std::string_view source) {
    const reader top(source);
    if (root.type != value::kind::object)
        top.fail("", "a catalogue must be a JSON object, not " + shown(root));
    const std::vector<const value*> member =
        top.members(root, {"name", "currency", "products"}, "a catalogue");
    if (member[1] == nullptr) top.fail("currency", "is required but missing");
    if (member[2] == nullptr) top.fail("products", "is required but missing");
    std::string name;
    if (member[0]) name = top.printed_at(*member[0], "name");
    const currency& cur = top.currency_at(*member[1], "currency");
    const value& products = *member[2];
    if (products.type != value::kind::object)
        top.fail("products", "must be an object of products by id, not " + shown(products));
    if (products.items.empty()) top.fail("products", "must have at least one product");

    std::vector<std::string_view> version_keys(std::begin(table_keys), std::end(table_keys));
    version_keys.push_back("effective_from");
    book_catalogue out(std::move(name), cur);
    for (std::size_t p = 0; p < products.items.size(); ++p) {
        const std::string& id = products.keys[p];
        const std::string at = product_path(id);
        if (!check_product_id(id)) top.fail(at, product_id_refusal(id));
        const reader in_product(source, at);
        const value& object = products.items[p];
        if (object.type != value::kind::object) {
            in_product.fail("",
                            "must be an object such as {\"unit\": \"call\", \"versions\": "
                            "[...]}, not " +
                                shown(object));
        }
        const std::vector<const value*> field =
            in_product.members(object, {"name", "unit", "unit_plural", "versions"}, "a product");
        book_catalogue::product_type product;
        product.id = id;
        if (field[0]) product.name = in_product.printed_at(*field[0], "name");
        if (field[1]) product.unit = in_product.printed_at(*field[1], "unit");
        if (field[2]) {
            product.unit_plural = in_product.printed_at(*field[2], "unit_plural");
            if (product.unit.empty()) {
                in_product.fail("unit_plural",
                                "is the plural of the unit: give a unit (the singular) too");
            }
        }
        if (field[3] == nullptr) in_product.fail("versions", "is required but missing");
        const value& versions = *field[3];
        if (versions.type != value::kind::array)
            in_product.fail("versions", "must be an array of versions, not " + shown(versions));
        if (versions.items.empty()) in_product.fail("versions", "must list at least one version");
        for (std::size_t i = 0; i < versions.items.size(); ++i) {
            const reader in_version(source, join_path({at, "versions" + index_part(i)}));
            const value& version = versions.items[i];
            if (version.type != value::kind::object) {
                in_version.fail("",
                                "must be an object with a version's pricing (mode, tiers, "
                                "...), not " +
                                    shown(version));
            }
            const std::vector<const value*> key =
                in_version.members(version, version_keys, "a version");
            product_version<book_table> read{std::nullopt, in_version.read_table(key, cur)};
            if (const value* from = key.back()) {
                try {
                    read.effective_from =
                        billing_period::parse(in_version.string_at(*from, "effective_from"));
                } catch (const parse_error& e) {
                    in_version.fail("effective_from", e.what());
                } catch (const invalid_argument& e) {
                    in_version.fail("effective_from", e.what());
                }
            }
            product.versions.push_back(std::move(read));
        }
        try {
            out.add(std::move(product));
        } catch (const catalogue_rule& e) {
            top.fail(e.path(), e.rule());
        }
    }
    return out;
}

}  // namespace detail::book_json

/// Reads a catalogue from JSON text; `source_name` (a file name) starts every error message.
/// Throws invalid_book naming the JSON path:
/// "catalogue.json: products.id_card_ocr.versions[1].effective_from: is required ...".
inline book_catalogue read_catalogue(std::string_view json_text, std::string_view source_name) {
    return detail::book_json::read_catalogue(
        detail::book_json::parse_document(json_text, source_name), source_name);
}

namespace detail {
/// A price-book file's whole text, at most max_book_file_size bytes; invalid_book naming the
/// path when it cannot be read or is larger.
inline std::string read_book_file(const std::string& path) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) throw invalid_book(path + ": cannot open: " + std::strerror(errno));
    std::string text;
    char buffer[1 << 14];
    std::size_t n = 0;
    bool too_large = false;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
        if (n > max_book_file_size - text.size()) {
            too_large = true;
            break;
        }
        text.append(buffer, n);
    }
    const bool failed = !too_large && std::ferror(file) != 0;
    const int why = errno;
    std::fclose(file);
    if (too_large) {
        throw invalid_book(path + ": larger than " + std::to_string(max_book_file_size) +
                           " bytes (16 MiB), the most a price book may be");
    }
    if (failed) throw invalid_book(path + ": cannot read: " + std::strerror(why));
    return text;
}
}  // namespace detail

/// Reads a price book from a file of at most max_book_file_size bytes; the path names the
/// source in error messages.
inline price_book read_price_book_file(const std::string& path) {
    return read_price_book(detail::read_book_file(path), path);
}

/// The embedded default book (faceid_price_book_json), read like any other.
inline price_book faceid_price_book() {
    return read_price_book(faceid_price_book_json, "embedded FaceID book");
}

/// Reads a catalogue from a file of at most max_book_file_size bytes; the path names the source.
inline book_catalogue read_catalogue_file(const std::string& path) {
    return read_catalogue(detail::read_book_file(path), path);
}

/// A catalogue `name` of one product, `product_id`, whose one version (in force from the
/// beginning of time) is `book`'s table: the catalogue is in the book's currency, the product
/// has the book's name and unit. Throws catalogue_rule for a bad product id.
inline book_catalogue one_product_catalogue(price_book book, std::string product_id,
                                            std::string name = {}) {
    book_catalogue out(std::move(name), book.table.currency_info());
    book_catalogue::product_type product;
    product.id = std::move(product_id);
    product.name = std::move(book.name);
    product.unit = std::move(book.unit);
    product.unit_plural = std::move(book.unit_plural);
    product.versions.push_back({std::nullopt, std::move(book.table)});
    out.add(std::move(product));
    return out;
}

/// The embedded default catalogue, "FaceID": one product, liveness_face_comparison, whose one
/// version (in force from the beginning of time) is the embedded FaceID book's table.
inline book_catalogue faceid_catalogue() {
    return one_product_catalogue(faceid_price_book(), "liveness_face_comparison", "FaceID");
}

/// A price book as native JSON that read_price_book reads back to the same book, exactly: name,
/// unit and unit_plural when given, currency, mode, rounding and rounding_scope always,
/// package, minimum, maximum, guard, quantity_scale, free_units and flat_fee_at_zero when set
/// (quantities as JSON numbers with quantity_scale fraction digits), and every tier (prices and
/// fees as decimal strings with every digit they have, a zero fee left out). One member per line
/// and one tier per line, ending in a newline: the embedded FaceID book is written this way. Throws
/// invalid_argument for a book that could not be read back (a control character in a name or
/// unit, a unit_plural without a unit).
inline std::string write_price_book(const price_book& book) {
    using detail::json_writer;
    auto refuse = [](const char* key, const std::string& why) {
        throw invalid_argument(std::string("cannot write a price book: ") + key + ": " + why);
    };
    for (const auto& [text, key] : {std::pair{&book.name, "name"}, std::pair{&book.unit, "unit"},
                                    std::pair{&book.unit_plural, "unit_plural"}}) {
        if (const parse_result checked = detail::check_text(*text); !checked)
            refuse(key, detail::text_refusal(*text, checked));
    }
    if (!book.unit_plural.empty() && book.unit.empty())
        refuse("unit_plural", "a plural without a unit");

    const book_table& t = book.table;
    const currency& cur = t.currency_info();
    constexpr auto lines = json_writer::layout::lines;
    constexpr auto one_line = json_writer::layout::inline_spaced;
    std::string out;
    json_writer w(out, 2);
    w.begin_object(lines);
    if (!book.name.empty()) w.member("name", book.name);
    if (!book.unit.empty()) w.member("unit", book.unit);
    if (!book.unit_plural.empty()) w.member("unit_plural", book.unit_plural);
    w.member("currency", cur.code)
        .member("mode", to_string_view(t.mode()))
        .member("rounding", to_string_view(t.rounding_mode()))
        .member("rounding_scope", to_string_view(t.scope()));
    if (t.has_package()) {
        w.key("package")
            .begin_object(one_line)
            .key("size")
            .integer(t.package_size())
            .member("round", to_string_view(t.package_round()))
            .end_object();
    }
    if (t.minimum()) w.member("minimum", format_amount(*t.minimum(), cur));
    if (t.maximum()) w.member("maximum", format_amount(*t.maximum(), cur));
    if (t.guarded()) w.key("guard").boolean(true);
    // Quantities at the book's scale: JSON numbers with exactly that many fraction digits.
    const int scale = t.quantity_scale();
    if (scale > 0) w.key("quantity_scale").integer(scale);
    if (t.free_units() > 0) w.key("free_units").number(detail::fixed_digits(t.free_units(), scale));
    if (t.flat_fee_at_zero()) w.key("flat_fee_at_zero").boolean(true);
    w.key("tiers").begin_array(lines);
    for (const auto& tier : t) {
        w.begin_object(one_line).key("up_to");
        if (tier.is_unbounded)
            w.string("inf");
        else
            w.number(detail::fixed_digits(tier.up_to, scale));
        if (tier.quote) {
            w.key("quote").boolean(true);
        } else {
            w.member("unit_price", format_price(tier.unit_price, cur));
            if (!tier.flat_fee.is_zero()) w.member("flat_fee", format_price(tier.flat_fee, cur));
        }
        w.end_object();
    }
    w.end_array().end_object();
    out += '\n';
    return out;
}

}  // namespace tariff
