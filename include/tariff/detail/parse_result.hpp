#pragma once
// The one result shape of tariff's non-throwing parsers, modelled on std::from_chars_result: a
// status and the position in the text where it applies. decimal::try_parse, the number reader
// (detail/number.hpp), the text check (detail/text.hpp) and from_name (detail/enum_names.hpp)
// all return it; each throwing parser is a thin wrapper that turns it into a message.

#include <cstddef>

namespace tariff {

/// Why a parser stopped. Every non-throwing parser in tariff reports one of these.
enum class parse_status : unsigned char {
    ok,
    syntax,                    ///< not in the grammar (empty text, a stray character, a sign)
    too_many_fraction_digits,  ///< more fraction digits than the scale, not all of them zeros
    overflow,                  ///< too large for the type, or above the caller's bound
    negative,                  ///< a value below zero where the caller allows no sign
    too_small,                 ///< below the caller's lower bound
    not_utf8,                  ///< bytes that are not well-formed UTF-8 (RFC 3629)
    control_character,         ///< a C0 control, DEL, or a C1 control (U+0080 to U+009F)
};

/// A status and where it applies: the offending byte for syntax, too_many_fraction_digits,
/// not_utf8 and control_character; 0 for negative; the end of the text otherwise.
struct parse_result {
    parse_status status = parse_status::ok;
    std::size_t position = 0;

    /// True when the text was read.
    constexpr explicit operator bool() const noexcept { return status == parse_status::ok; }
    /// The status alone, so that code that only asks why keeps reading as it did.
    constexpr operator parse_status() const noexcept {  // NOLINT(google-explicit-constructor)
        return status;
    }
    friend constexpr bool operator==(const parse_result& r, parse_status s) noexcept {
        return r.status == s;
    }
    friend constexpr bool operator!=(const parse_result& r, parse_status s) noexcept {
        return r.status != s;
    }
};

}  // namespace tariff
