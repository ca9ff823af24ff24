#pragma once
// How the `tariff` program shows bad input back to its user: escaped, and never more than a
// bounded prefix, however long the input (a 20 MB line is reported in a few dozen bytes).

#include <cstddef>
#include <string>
#include <string_view>
#include <tariff/charge_format.hpp>  // json_string
#include <tariff/period.hpp>         // detail::quote_for_message

namespace tariff_cli {

/// At most this many bytes of a bad input are shown in the JSON "input" field (the same bound as
/// tariff::detail::quote_for_message's on stderr).
inline constexpr std::size_t echo_bytes = 64;

/// `text` in double quotes for a message on stderr: escaped, at most a bounded prefix.
inline std::string quote_input(std::string_view text) {
    return tariff::detail::quote_for_message(text);
}

/// `text` as a JSON string for an "input" field: at most echo_bytes bytes, cut before a UTF-8
/// sequence rather than inside it, and "…" (U+2026) at the end when something was cut.
inline std::string json_echo(std::string_view text) {
    if (text.size() <= echo_bytes) return tariff::json_string(text);
    std::size_t cut = echo_bytes;
    // Back up over continuation bytes (10xxxxxx) to the start of the sequence that was cut.
    for (std::size_t back = 0; back < 3 && cut > 0; ++back) {
        if ((static_cast<unsigned char>(text[cut]) & 0xC0) != 0x80) break;
        --cut;
    }
    std::string out = tariff::json_string(text.substr(0, cut));
    out.insert(out.size() - 1, "\xE2\x80\xA6");  // U+2026 in UTF-8
    return out;
}

}  // namespace tariff_cli
