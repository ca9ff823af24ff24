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

/// A quantity of the book as written: its quantity scale's fraction digits ("10.500" at scale 3).
inline std::string quantity_text(const tariff::price_book& book, std::int64_t q) {
    return tariff::detail::quantity_string(q, book.table.quantity_scale());
}

/// "1000 calls", "1 call", "10.500 GB". A book that names no unit gives "1000", or with
/// `unnamed` ("unit") "1000 units".
inline std::string quantity_phrase(const tariff::price_book& book, std::int64_t q,
                                   std::string_view unnamed = {}) {
    const std::string number = quantity_text(book, q);
    const bool one = number == "1";
    if (book.unit.empty()) {
        return unnamed.empty() ? number : number + " " + tariff::detail::unit_text(unnamed, one);
    }
    return number + " " + tariff::detail::unit_text(book.unit, one, book.unit_plural);
}

/// Writes a quantity of the book as a JSON number with its quantity scale's fraction digits.
inline void write_quantity(tariff::detail::json_writer& w, const tariff::price_book& book,
                           std::int64_t q) {
    tariff::detail::write_quantity(w, q, book.table.quantity_scale());
}

}  // namespace tariff_cli
