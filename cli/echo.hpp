#pragma once
// How the `tariff` program shows bad input back to its user: escaped, and never more than a
// bounded prefix (tariff::detail::echo_limit bytes), however long the input: a 20 MB line is
// reported in a few dozen bytes. It is the library's quoting, so CLI and library messages quote
// input the same way; JSON output echoes input through json_writer::echo, its JSON form.

#include <string>
#include <string_view>
#include <tariff/detail/text.hpp>  // quote_for_message

namespace tariff_cli {

/// `text` in double quotes for a message on stderr: escaped, at most a bounded prefix.
inline std::string quote_input(std::string_view text) {
    return tariff::detail::quote_for_message(text);
}

}  // namespace tariff_cli
