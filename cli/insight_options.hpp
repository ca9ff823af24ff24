#pragma once
// What `tariff cliffs` and `tariff afford` share: their options (--book FILE, --json) and how
// they speak about quantities of the book's unit.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tariff/charge_format.hpp>
#include <tariff/json.hpp>
#include <vector>

#include "commands.hpp"

namespace tariff_cli {

struct insight_options {
    std::optional<std::string> book_path;
    bool json = false;
    bool help = false;
    std::vector<std::string_view> operands;
};

/// Parses [--book FILE] [--json] [--help] and operands; an argument that starts with '-' and a
/// digit is an operand (so that "-5" is reported as a negative budget). Returns why not.
inline std::optional<std::string> parse_insight_options(const arguments& args,
                                                        insight_options& out) {
    bool options_end = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        const bool option =
            !options_end && a.size() > 1 && a[0] == '-' && !(a[1] >= '0' && a[1] <= '9');
        if (!option) {
            out.operands.push_back(a);
        } else if (a == "--") {
            options_end = true;
        } else if (a == "--help" || a == "-h") {
            out.help = true;
        } else if (a == "--json") {
            out.json = true;
        } else if (a == "--book" || a.rfind("--book=", 0) == 0) {
            if (out.book_path) return std::string("--book given more than once");
            if (a == "--book") {
                if (i + 1 == args.size()) return std::string("--book needs a FILE");
                out.book_path = std::string(args[++i]);
            } else {
                out.book_path = std::string(a.substr(7));
            }
            if (out.book_path->empty()) return std::string("--book needs a FILE");
        } else {
            return "unknown option " + tariff::json_string(a);
        }
    }
    return std::nullopt;
}

/// "1000 calls", "1 call", or "1000" when the book names no unit.
inline std::string quantity_phrase(const tariff::price_book& book, std::int64_t q) {
    const std::string number = std::to_string(q);
    if (book.unit.empty()) return number;
    return number + " " + tariff::detail::unit_text(book.unit, q == 1);
}

}  // namespace tariff_cli
