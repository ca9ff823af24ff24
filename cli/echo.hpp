#pragma once
// How the `tariff` program shows bad input back to its user: escaped, and never more than a
// bounded prefix (tariff::detail::echo_limit bytes), however long the input: a 20 MB line is
// reported in a few dozen bytes. Both forms are the library's, so the CLI and library messages
// quote input the same way.

#include <string>
#include <string_view>
#include <tariff/detail/json_writer.hpp>  // json_quote_for_message
#include <tariff/detail/text.hpp>         // quote_for_message

namespace tariff_cli {

/// `text` in double quotes for a message on stderr: escaped, at most a bounded prefix.
inline std::string quote_input(std::string_view text) {
    return tariff::detail::quote_for_message(text);
}

/// `text` as a JSON string for an "input" field: escaped, at most a bounded prefix, "…" when cut.
inline std::string json_echo(std::string_view text) {
    return tariff::detail::json_quote_for_message(text);
}

}  // namespace tariff_cli
