// `tariff cliffs [--book FILE] [--json]`: every quantity range in which more usage costs less.
//
// A volume book drops at a tier bound when every unit moves to a cheaper price: 1,000 FaceID calls
// cost 400.00 but 1,001 cost 350.35, and every quantity up to 1,142 costs less than 1,000 does.
// With --json, one object per cliff and line: {"at": 1000, "cheaper_until": 1142, "charge_at":
// "400.00", "charge_after": "350.35"} (cheaper_until null: every larger quantity costs less).

#include <iostream>
#include <string>
#include <string_view>
#include <tariff/insight.hpp>

#include "book.hpp"
#include "commands.hpp"
#include "echo.hpp"
#include "insight_options.hpp"

namespace tariff_cli {
namespace {

constexpr std::string_view cliffs_usage =
    "usage: tariff cliffs [--book FILE] [--json]\n"
    "\n"
    "Lists every quantity range in which more usage costs less: the quantity `at` before a drop,\n"
    "its charge and the charge of the next quantity, and the last quantity that still costs less\n"
    "than `at` does. Volume tiers drop where a cheaper tier begins; graduated tiers never do.\n"
    "A tier that is a quote (contact sales) has no price, so no cliff leads into it.\n"
    "\n"
    "  --book FILE  a price book: tariff's JSON format or a Stripe Price object\n"
    "               (default: the embedded FaceID book)\n"
    "  --json       one JSON object per cliff and line\n"
    "\n"
    "Exit status: 0 listed (possibly none); 2 bad arguments or a bad or missing book; 3 the\n"
    "output could not be written.\n";

int usage_error(const std::string& message) {
    std::cerr << "tariff cliffs: " << message << "\n"
              << "usage: tariff cliffs [--book FILE] [--json]\n";
    return exit_usage;
}

}  // namespace

int run_cliffs(const arguments& args) {
    insight_options options;
    const parsed_arguments parsed = parse_insight_options(args, options);
    if (parsed.error) return usage_error(*parsed.error);
    if (parsed.help) {
        std::cout << cliffs_usage;
        return exit_ok;
    }
    if (!parsed.operands.empty())
        return usage_error("unexpected argument " + quote_input(parsed.operands[0]));

    std::string out;
    try {
        const tariff::price_book book = load_book(options.book_path);
        const tariff::currency& cur = book.table.currency_info();
        const auto list = tariff::cliffs(book.table);
        auto amount = [&](const auto& a) { return tariff::format_amount(a, cur); };
        if (options.json) {
            using layout = tariff::detail::json_writer::layout;
            for (const auto& c : list) {
                tariff::detail::json_writer w(out);
                w.begin_object(layout::inline_spaced).key("at");
                write_quantity(w, book, c.at);
                w.key("cheaper_until");
                if (c.cheaper_until)
                    write_quantity(w, book, *c.cheaper_until);
                else
                    w.null();
                w.member("charge_at", amount(c.charge_at))
                    .member("charge_after", amount(c.charge_after))
                    .end_object();
                out += '\n';
            }
        } else {
            const std::string title = book.name.empty() ? std::string("The price book") : book.name;
            if (list.empty()) {
                out += title + " (" + std::string(cur.code) +
                       "): no cliffs: more usage never costs less\n";
            } else {
                out += title + " (" + std::string(cur.code) + "): " + std::to_string(list.size()) +
                       (list.size() == 1 ? " cliff" : " cliffs") +
                       ", where more usage costs less\n";
            }
            for (const auto& c : list) {
                const std::int64_t after = c.at + 1;
                out += "  " + quantity_phrase(book, c.at) + ": " + amount(c.charge_at) + "; " +
                       quantity_phrase(book, after) + ": " + amount(c.charge_after) + " (" +
                       amount(c.drop) + " less); ";
                if (c.cheaper_until && *c.cheaper_until == after) {
                    out += "only " + quantity_phrase(book, after) + " costs less than " +
                           quantity_phrase(book, c.at) + "\n";
                } else if (c.cheaper_until) {
                    out += quantity_text(book, after) + " to " +
                           quantity_phrase(book, *c.cheaper_until) + " all cost less than " +
                           quantity_phrase(book, c.at) + "\n";
                } else {
                    out += "every quantity above " + quantity_text(book, c.at) +
                           " costs less than " + quantity_phrase(book, c.at) + "\n";
                }
            }
        }
    } catch (const tariff::error& e) {
        std::cerr << "tariff cliffs: " << e.what() << '\n';
        return exit_usage;
    }
    std::cout << out;
    return exit_ok;
}

}  // namespace tariff_cli
