#pragma once
// The one formatting implementation on top of the digits: fraction digits, sign, digit grouping,
// padding and alignment, and the format-spec mini-language that selects them. The digits
// themselves come from detail::fixed_digits (decimal.hpp), as to_string's do. format_amount
// (charge.hpp) and to_text's columns (charge_format.hpp) build on this header, and the {fmt}
// formatters of <tariff/format.hpp> are a thin adapter over parse_format_spec and
// append_formatted. Nothing here knows {fmt} or <format>, so the umbrella header stays cheap.
//
// Spec grammar (decimal and money), after the ':' of a replacement field:
//   [[fill]align][sign]["0"][width][grouping]["." precision][type]
//   fill       one UTF-8 character other than '{' and '}'
//   align      '<' left, '>' right (the default), '^' centre
//   sign       '-' (the default: a minus on negative values only), '+' (always), ' ' (space)
//   "0"        zeros between the sign and the digits up to the width; ignored after an align
//   width      digits, or {} / {N}: a further argument
//   grouping   ',' or '_' between groups of three digits of the whole part (Python's spelling)
//   precision  fraction digits, at least the scale: zeros are added, digits never dropped
//   type       money only: 'a' the amount alone, 'c' the code first; none: the code after

#include <climits>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "number.hpp"  // parse_integer: widths and precisions are read as every count is
#include "parse_result.hpp"
#include "text.hpp"  // utf8_length: a fill is one UTF-8 character

namespace tariff::detail {

// --- Fraction digits and grouping ------------------------------------------------------------

/// Gives `fixed`, a number as fixed_digits writes it at `scale`, `digits` fraction digits:
/// zeros are appended, or trailing zeros removed. Returns false, leaving `fixed` alone, when a
/// digit to remove is not a zero: text never rounds.
inline bool set_fraction_digits(std::string& fixed, int scale, int digits) {
    if (digits > scale) {
        if (scale == 0) fixed.push_back('.');
        fixed.append(static_cast<std::size_t>(digits - scale), '0');
    } else if (digits < scale) {
        const std::size_t drop = static_cast<std::size_t>(scale - digits);
        if (fixed.find_first_not_of('0', fixed.size() - drop) != std::string::npos) return false;
        fixed.erase(fixed.size() - drop - (digits == 0 ? 1 : 0));  // with the '.' when none stay
    }
    return true;
}

/// Puts `separator` between groups of three digits of the whole part: 6000.00 -> 6,000.00.
inline void group_digits(std::string& fixed, char separator) {
    const std::size_t begin = !fixed.empty() && fixed[0] == '-' ? 1 : 0;
    std::size_t at = fixed.find('.');
    if (at == std::string::npos) at = fixed.size();
    while (at > begin + 3) {
        at -= 3;
        fixed.insert(at, 1, separator);
    }
}

// --- Padding and alignment ---------------------------------------------------------------------

enum class text_align : unsigned char { none, left, right, center };

/// Appends `text` padded to `width` columns with `fill` (one character, as its UTF-8 bytes);
/// each byte of `text` counts as a column (numbers, codes and invoice columns are ASCII). A
/// centred text gets the odd column on its right, as {fmt} does. `none` is left.
inline void append_aligned(std::string& out, std::string_view text, std::size_t width,
                           text_align align, std::string_view fill = " ") {
    const std::size_t pad = text.size() < width ? width - text.size() : 0;
    const std::size_t before = align == text_align::right    ? pad
                               : align == text_align::center ? pad / 2
                                                             : 0;
    for (std::size_t i = 0; i < before; ++i) out.append(fill);
    out.append(text);
    for (std::size_t i = before; i < pad; ++i) out.append(fill);
}

// --- Format specs ------------------------------------------------------------------------------

enum class sign_style : unsigned char { minus, plus, space };

/// What a spec formats: a decimal, or a money (which takes a type for its code).
enum class format_subject : unsigned char { decimal, money };

/// A width or precision that is not in the spec but in the argument list.
inline constexpr int no_argument = -1;    ///< given in the spec (or not at all)
inline constexpr int next_argument = -2;  ///< "{}": the next argument, numbered by the caller

/// A parsed spec. The {fmt} adapter turns next_argument into the argument's index while
/// parsing and reads the argument into `width` / `precision` before append_formatted.
struct format_spec {
    char fill[4] = {' ', '\0', '\0', '\0'};
    unsigned char fill_size = 1;
    text_align align = text_align::none;
    sign_style sign = sign_style::minus;
    bool zero_pad = false;
    char grouping = '\0';  ///< ',' or '_'; '\0' for none
    int width = 0;
    int width_argument = no_argument;
    int precision = -1;  ///< fraction digits; -1: the value's own scale
    int precision_argument = no_argument;
    char type = '\0';  ///< money: 'a' (amount alone), 'c' (code first), '\0' (code after)

    constexpr std::string_view fill_text() const noexcept { return {fill, fill_size}; }
};

/// Why parse_format_spec refused a spec. The {fmt} adapter names the enumerator in the compile
/// error (refuse_format_spec<...>) and throws format_spec_message(error) at run time.
enum class format_spec_error : unsigned char {
    none,
    fill_is_brace,
    alternate_form,
    malformed_argument,
    too_large,
    zero_padding_with_grouping,
    precision_expected,
    precision_below_scale,
    locale_grouping,
    decimal_type,
    money_type,
    unexpected_character,
    zero_padding_with_code,
    charge_spec,
};

/// What is wrong, for format_error's message.
constexpr const char* format_spec_message(format_spec_error error) noexcept {
    switch (error) {
        case format_spec_error::none:
            break;
        case format_spec_error::fill_is_brace:
            return "the fill cannot be '{' or '}'";
        case format_spec_error::alternate_form:
            return "'#' (alternate form) has no meaning for a decimal or money";
        case format_spec_error::malformed_argument:
            return "a width or precision argument is written {} or {N} (N an argument index)";
        case format_spec_error::too_large:
            return "width, precision or argument index too large";
        case format_spec_error::zero_padding_with_grouping:
            return "zero padding ('0') and digit grouping (',' or '_') do not combine";
        case format_spec_error::precision_expected:
            return "a precision (digits, {} or {N}) is expected after '.'";
        case format_spec_error::precision_below_scale:
            return "a precision below the scale would drop digits; formatting never rounds "
                   "(round with tariff::round or tariff::quantize first)";
        case format_spec_error::locale_grouping:
            return "'L' (locale grouping) is not supported: group digits with ',' or '_', which "
                   "do not depend on the locale";
        case format_spec_error::decimal_type:
            return "a decimal takes no type: it always prints its exact digits";
        case format_spec_error::money_type:
            return "unknown type: a money takes 'a' (amount alone) or 'c' (code first), or none "
                   "(code after)";
        case format_spec_error::unexpected_character:
            return "unexpected character: a spec is [[fill]align][sign][0][width][,|_]"
                   "[.precision][type]";
        case format_spec_error::zero_padding_with_code:
            return "zero padding ('0') needs the amount alone (type 'a')";
        case format_spec_error::charge_spec:
            return "a charge takes no format spec: {} is its invoice text (to_text)";
    }
    return "no error";
}

/// Whether a precision can be used for a value at `scale`: -1 (none) or at least the scale.
constexpr bool precision_fits(int precision, int scale) noexcept {
    return precision < 0 || precision >= scale;
}

namespace format_spec_detail {

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

constexpr text_align align_of(char c) noexcept {
    return c == '<'   ? text_align::left
           : c == '>' ? text_align::right
           : c == '^' ? text_align::center
                      : text_align::none;
}

/// Reads digits at text[i] into `value` (at most INT_MAX), or "{}" / "{N}" into `argument`.
/// `i` moves past what was read; nothing read is ok (the count is optional).
constexpr parse_result read_count(std::string_view text, std::size_t& i, int& value, int& argument,
                                  format_spec_error& error) noexcept {
    const std::size_t n = text.size();
    const bool braced = i < n && text[i] == '{';
    const std::size_t open = i;
    if (braced) ++i;
    const std::size_t digits = i;
    while (i < n && is_digit(text[i])) ++i;
    if (braced && (i == n || text[i] != '}')) {
        error = format_spec_error::malformed_argument;
        return {parse_status::syntax, i < n ? i : open};
    }
    std::int64_t count = 0;
    if (i > digits && !parse_integer(text.substr(digits, i - digits), count, 0, INT_MAX)) {
        error = format_spec_error::too_large;
        return {parse_status::overflow, digits};
    }
    if (braced) {
        argument = i == digits ? next_argument : static_cast<int>(count);
        ++i;  // the '}'
    } else if (i > digits) {
        value = static_cast<int>(count);
    }
    return {parse_status::ok, i};
}

}  // namespace format_spec_detail

/// Reads the spec at the start of `text` (what follows the ':' of a replacement field) for a
/// decimal or money with `scale` fraction digits; see the grammar at the top of this file. The
/// spec ends at '}' or at the end of `text`: ok gives that position. Otherwise syntax (overflow
/// for a count beyond INT_MAX) at the offending byte, and `error` says what is wrong. constexpr,
/// so that {fmt} refuses a bad spec while compiling.
constexpr parse_result parse_format_spec(std::string_view text, format_subject subject, int scale,
                                         format_spec& out, format_spec_error& error) noexcept {
    using namespace format_spec_detail;
    const std::size_t n = text.size();
    format_spec spec;
    std::size_t i = 0;
    auto refuse = [&](format_spec_error why, std::size_t at) {
        error = why;
        return parse_result{parse_status::syntax, at};
    };

    // [[fill]align]: a fill is recognised by the align character after it.
    if (n > 0 && text[0] != '}') {
        const std::size_t length = utf8_length(text, 0);
        if (length > 0 && length < n && align_of(text[length]) != text_align::none) {
            if (text[0] == '{') return refuse(format_spec_error::fill_is_brace, 0);
            for (std::size_t k = 0; k < length; ++k) spec.fill[k] = text[k];
            spec.fill_size = static_cast<unsigned char>(length);
            spec.align = align_of(text[length]);
            i = length + 1;
        } else if (align_of(text[0]) != text_align::none) {
            spec.align = align_of(text[0]);
            i = 1;
        }
    }
    if (i < n && (text[i] == '+' || text[i] == '-' || text[i] == ' ')) {
        spec.sign = text[i] == '+'   ? sign_style::plus
                    : text[i] == ' ' ? sign_style::space
                                     : sign_style::minus;
        ++i;
    }
    if (i < n && text[i] == '#') return refuse(format_spec_error::alternate_form, i);
    std::size_t zero_at = n;
    if (i < n && text[i] == '0') {
        zero_at = i++;
        spec.zero_pad = spec.align == text_align::none;  // an explicit align wins, as in std
    }
    if (const parse_result r = read_count(text, i, spec.width, spec.width_argument, error); !r)
        return r;
    if (i < n && (text[i] == ',' || text[i] == '_')) {
        if (zero_at != n) return refuse(format_spec_error::zero_padding_with_grouping, zero_at);
        spec.grouping = text[i++];
    }
    if (i < n && text[i] == '.') {
        const std::size_t dot = i++;
        if (i == n || (!is_digit(text[i]) && text[i] != '{'))
            return refuse(format_spec_error::precision_expected, dot);
        const std::size_t at = i;
        if (const parse_result r =
                read_count(text, i, spec.precision, spec.precision_argument, error);
            !r)
            return r;
        if (!precision_fits(spec.precision, scale))
            return refuse(format_spec_error::precision_below_scale, at);
    }
    if (i < n && text[i] == 'L') return refuse(format_spec_error::locale_grouping, i);
    if (i < n && text[i] != '}') {
        if (subject == format_subject::money && (text[i] == 'a' || text[i] == 'c')) {
            spec.type = text[i++];
        } else if ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z')) {
            return refuse(subject == format_subject::money ? format_spec_error::money_type
                                                           : format_spec_error::decimal_type,
                          i);
        }
    }
    if (i < n && text[i] != '}') return refuse(format_spec_error::unexpected_character, i);
    if (spec.zero_pad && subject == format_subject::money && spec.type != 'a')
        return refuse(format_spec_error::zero_padding_with_code, zero_at);
    out = spec;
    return {parse_status::ok, i};
}

/// Appends `digits`, a number as fixed_digits writes it with `scale` fraction digits, as `spec`
/// says. `code`, when not empty, is a currency code written after the number ("6000.00 USD"),
/// before it (type 'c': "USD 6000.00") or not at all (type 'a'). The spec must be resolved: no
/// argument indices left, and a precision for which precision_fits.
inline void append_formatted(std::string& out, std::string digits, int scale,
                             const format_spec& spec, std::string_view code = {}) {
    if (spec.precision > scale) set_fraction_digits(digits, scale, spec.precision);
    if (spec.grouping != '\0') group_digits(digits, spec.grouping);
    const bool negative = digits[0] == '-';
    const std::string_view number = std::string_view(digits).substr(negative ? 1 : 0);
    const std::string_view sign = negative                         ? "-"
                                  : spec.sign == sign_style::plus  ? "+"
                                  : spec.sign == sign_style::space ? " "
                                                                   : "";
    const auto width = static_cast<std::size_t>(spec.width > 0 ? spec.width : 0);
    const bool code_first = spec.type == 'c' && !code.empty();
    const bool code_after = spec.type == '\0' && !code.empty();

    std::string body;
    if (code_first) body.append(code).append(1, ' ');
    body.append(sign);
    if (spec.zero_pad && sign.size() + number.size() < width)  // only without a code
        body.append(width - sign.size() - number.size(), '0');
    body.append(number);
    if (code_after) body.append(1, ' ').append(code);
    append_aligned(out, body, width,
                   spec.align == text_align::none ? text_align::right : spec.align,
                   spec.fill_text());
}

}  // namespace tariff::detail
