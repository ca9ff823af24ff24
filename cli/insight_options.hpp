#pragma once
// What `tariff cliffs` and `tariff afford` share: their options (--book FILE, --json) and how
// they speak about quantities of the book's unit.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tariff/charge_format.hpp>
#include <tariff/json.hpp>

#include "commands.hpp"
#include "options.hpp"

namespace tariff_cli {

struct insight_options {
    std::optional<std::string> book_path;
    bool json = false;
};

/// Parses [--book FILE] [--json] [--help] and operands; an argument that starts with '-' and a
/// digit is an operand (so that "-5" is reported as a negative budget).
inline parsed_arguments parse_insight_options(const arguments& args, insight_options& out) {
    return option_parser()
        .flag("--json", out.json)
        .value("--book", out.book_path, "a FILE")
        .negative_numbers_are_operands()
        .parse(args);
}

/// "1000 calls", "1 call". A book that names no unit gives "1000", or with `unnamed` ("unit")
/// "1000 units".
inline std::string quantity_phrase(const tariff::price_book& book, std::int64_t q,
                                   std::string_view unnamed = {}) {
    const std::string number = std::to_string(q);
    if (book.unit.empty()) {
        return unnamed.empty() ? number : number + " " + tariff::detail::unit_text(unnamed, q == 1);
    }
    return number + " " + tariff::detail::unit_text(book.unit, q == 1, book.unit_plural);
}

}  // namespace tariff_cli
