#pragma once
// Text from input: the one UTF-8 check, the one control-character rule, and the one way input
// is echoed in a message. Account names, book names and units are checked with check_text;
// JSON strings are written with the same UTF-8 rule (json_writer.hpp); error messages quote
// input with quote_for_message, which escapes every byte that could disturb a terminal or a log
// the same way and shows at most a bounded prefix.

#include <cstddef>
#include <string>
#include <string_view>

#include "parse_result.hpp"

namespace tariff::detail {

/// Length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates,
/// nothing above U+10FFFF) that starts at text[i], or 0 if the bytes there are not one.
constexpr std::size_t utf8_length(std::string_view text, std::size_t i) noexcept {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) return 1;
    // The length, and the range the second byte must lie in.
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
    } else if (c == 0xE0) {
        length = 3, low = 0xA0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
        length = 3;
    } else if (c == 0xED) {
        length = 3, high = 0x9F;
    } else if (c == 0xF0) {
        length = 4, low = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
        length = 4;
    } else if (c == 0xF4) {
        length = 4, high = 0x8F;
    }
    if (length == 0 || text.size() - i < length) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        const auto b = static_cast<unsigned char>(text[i + k]);
        if (k == 1 ? (b < low || b > high) : (b < 0x80 || b > 0xBF)) return 0;
    }
    return length;
}

/// Whether the well-formed character of `length` bytes at text[i] is a control character:
/// C0 (U+0000 to U+001F), DEL (U+007F) or C1 (U+0080 to U+009F, encoded C2 80 to C2 9F).
constexpr bool is_control(std::string_view text, std::size_t i, std::size_t length) noexcept {
    const auto c = static_cast<unsigned char>(text[i]);
    if (length == 1) return c < 0x20 || c == 0x7F;
    return length == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
}

/// Checks text that tariff prints (names, units, accounts): well-formed UTF-8 without control
/// characters. not_utf8 or control_character at the first offending byte otherwise.
constexpr parse_result check_text(std::string_view text) noexcept {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = utf8_length(text, i);
        if (length == 0) return {parse_status::not_utf8, i};
        if (is_control(text, i, length)) return {parse_status::control_character, i};
        i += length;
    }
    return {parse_status::ok, text.size()};
}

/// What check_text found, for a message: "not UTF-8" or "control character".
constexpr std::string_view text_defect(parse_status status) noexcept {
    return status == parse_status::not_utf8 ? "not UTF-8" : "control character";
}

/// A UTF-8 byte-order mark, which some editors put before the first line of a text file.
inline constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

/// Removes a byte-order mark from the start of `line` (the first line of an input); returns
/// whether there was one.
constexpr bool skip_byte_order_mark(std::string_view& line) noexcept {
    if (line.substr(0, byte_order_mark.size()) != byte_order_mark) return false;
    line.remove_prefix(byte_order_mark.size());
    return true;
}

/// The most bytes of input that a message shows; longer input is cut and marked with "…".
inline constexpr std::size_t echo_limit = 64;

/// The number of bytes of `text`, at most `limit`, that end on a character boundary: a prefix
/// never ends inside a well-formed UTF-8 sequence.
constexpr std::size_t echo_length(std::string_view text, std::size_t limit = echo_limit) noexcept {
    if (text.size() <= limit) return text.size();
    std::size_t end = 0;
    while (end < text.size()) {
        const std::size_t length = utf8_length(text, end);
        const std::size_t step = length == 0 ? 1 : length;
        if (end + step > limit) break;
        end += step;
    }
    return end;
}

/// Appends at most `limit` bytes of `text` for a message, escaping as \xNN (lower-case hex)
/// every byte of a control character (C0, DEL, C1), of a sequence that is not well-formed UTF-8,
/// and of '"' and '\\'. Returns whether `text` was cut.
inline bool append_escaped(std::string& out, std::string_view text,
                           std::size_t limit = echo_limit) {
    static constexpr char hex[] = "0123456789abcdef";
    const std::size_t end = echo_length(text, limit);
    auto escape = [&](char c) {
        const auto byte = static_cast<unsigned char>(c);
        out += "\\x";
        out += hex[byte >> 4];
        out += hex[byte & 0x0F];
    };
    for (std::size_t i = 0; i < end;) {
        const std::size_t length = utf8_length(text, i);
        if (length == 0) {
            escape(text[i++]);
        } else if (is_control(text, i, length) || text[i] == '"' || text[i] == '\\') {
            for (std::size_t k = 0; k < length; ++k) escape(text[i + k]);
            i += length;
        } else {
            out.append(text, i, length);
            i += length;
        }
    }
    return end < text.size();
}

/// `text` unquoted for a message (a number as written), escaped and bounded as append_escaped
/// does, followed by "…" when cut.
inline std::string echo_for_message(std::string_view text) {
    std::string out;
    if (append_escaped(out, text)) out += "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
    return out;
}

/// `text` in double quotes for an error message: escaped as append_escaped does, at most
/// echo_limit bytes of it, followed by "…" when cut ("\"abc\"…").
inline std::string quote_for_message(std::string_view text) {
    std::string out = "\"";
    const bool cut = append_escaped(out, text);
    out += cut ? "\"\xE2\x80\xA6" : "\"";  // U+2026 HORIZONTAL ELLIPSIS
    return out;
}

/// What check_text refused, for a message: "\"a\\x1b\" has a control character at byte 2".
inline std::string text_refusal(std::string_view text, const parse_result& checked) {
    return quote_for_message(text) + " has a " +
           (checked.status == parse_status::not_utf8 ? "byte that is not UTF-8"
                                                     : "control character") +
           " at byte " + std::to_string(checked.position + 1);
}

}  // namespace tariff::detail
