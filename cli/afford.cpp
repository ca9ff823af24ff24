// `tariff afford [--book FILE] [--json] BUDGET`: the largest monthly quantity whose charge fits
// BUDGET, e.g. what a prepaid balance still buys this month.
//
// BUDGET is an amount in the book's currency: plain digits with at most the currency's minor
// digits ("400", "400.00"; not "-5", "1e3", "400.001" for USD; "-0" is zero). With --json:
// {"budget": "400.00", "currency": "USD", "max_quantity": 1142}; max_quantity is null when not
// even zero usage fits (a minimum above the budget) and "inf" when no quantity, however large,
// costs more (a maximum at or below the budget, or free units in the last tier). A quote tier
// is never affordable: its price is unknown.

#include <cstdint>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <tariff/insight.hpp>

#include "book.hpp"
#include "commands.hpp"
#include "echo.hpp"
#include "insight_options.hpp"

namespace tariff_cli {
namespace {

constexpr std::string_view afford_usage =
    "usage: tariff afford [--book FILE] [--json] BUDGET\n"
    "\n"
    "Prints the largest monthly quantity whose charge is at most BUDGET (an amount in the book's\n"
    "currency, e.g. 400.00), counting fees, packages, minimum and maximum. A quote (contact\n"
    "sales) tier is never affordable.\n"
    "\n"
    "  --book FILE  a price book: tariff's JSON format or a Stripe Price object\n"
    "               (default: the embedded FaceID book)\n"
    "  --json       {\"budget\": \"400.00\", \"currency\": \"USD\", \"max_quantity\": 1142}; "
    "max_quantity\n"
    "               is null when not even zero usage fits, \"inf\" when no quantity costs more\n"
    "\n"
    "Exit status: 0 answered; 2 bad arguments, a bad budget, or a bad or missing book; 3 the\n"
    "output could not be written.\n";

int usage_error(const std::string& message) {
    std::cerr << "tariff afford: " << message << "\n"
              << "usage: tariff afford [--book FILE] [--json] BUDGET\n";
    return exit_usage;
}

/// Why `text` is not a budget in `cur`, or nothing when it is one (then `out` holds it).
std::optional<std::string> parse_budget(std::string_view text, const tariff::currency& cur,
                                        tariff::book_price& out) {
    const std::string shown = "budget " + quote_input(text);
    // A '-' is read so that "-0" and "-0.00" are the zero they are; a '+' is no part of an amount.
    tariff::cpp_int raw;
    const tariff::parse_result read = tariff::detail::parse_number(
        text, tariff::detail::number_format{tariff::book_price::scale, true, true}, raw);
    if (!read || text[0] == '+') {
        return shown +
               " is not an amount: plain digits, optionally '.' and more digits (e.g. 400.00)";
    }
    out = tariff::book_price::from_raw(raw);
    if (out.is_negative()) return shown + " is negative";
    if (tariff::quantize(out, cur.minor_units, tariff::rounding::down) != out) {
        return shown + " is finer than " + std::string(cur.code) + "'s minor unit (" +
               std::to_string(cur.minor_units) + " fraction digits)";
    }
    return std::nullopt;
}

}  // namespace

int run_afford(const arguments& args) {
    insight_options options;
    const parsed_arguments parsed = parse_insight_options(args, options);
    if (parsed.error) return usage_error(*parsed.error);
    if (parsed.help) {
        std::cout << afford_usage;
        return exit_ok;
    }
    if (parsed.operands.empty()) return usage_error("BUDGET is missing");
    if (parsed.operands.size() > 1)
        return usage_error("one BUDGET only, not " + std::to_string(parsed.operands.size()));

    std::string out;
    try {
        const tariff::price_book book = load_book(options.book_path);
        const tariff::currency& cur = book.table.currency_info();
        tariff::book_price budget;
        std::string_view budget_arg = parsed.operands[0];
        if (const auto why = parse_budget(budget_arg, cur, budget)) return usage_error(*why);
        const std::string budget_text = tariff::format_amount(budget, cur);
        const auto answer = tariff::max_quantity_within(book.table, budget);
        if (options.json) {
            tariff::detail::json_writer w(out);
            w.begin_object(tariff::detail::json_writer::layout::inline_spaced)
                .member("budget", budget_text)
                .member("currency", cur.code)
                .key("max_quantity");
            if (answer.fit == tariff::budget_fit::bounded)
                write_quantity(w, book, answer.quantity);
            else if (answer.unbounded())
                w.string("inf");
            else
                w.null();
            w.end_object();
            out += '\n';
        } else {
            const std::string money = budget_text + " " + std::string(cur.code);
            if (answer.fit == tariff::budget_fit::bounded) {
                const auto c = tariff::rate(book.table, answer.quantity);
                // A book that names no unit counts units: "0 units", never a bare "0".
                const std::string quantity = quantity_phrase(book, answer.quantity, "unit");
                out = money + " buys at most " + quantity + " a month (" + quantity +
                      (answer.quantity == 1 ? " costs " : " cost ") +
                      tariff::format_amount(*c.total, cur) + " " + std::string(cur.code) + ")\n";
            } else if (answer.unbounded()) {
                out = money + " buys any quantity: no monthly charge exceeds it\n";
            } else {
                const auto zero = tariff::rate(book.table, std::int64_t{0});
                out = money + " buys nothing: even zero usage costs " +
                      tariff::format_amount(*zero.total, cur) + " " + std::string(cur.code) +
                      " (the monthly minimum)\n";
            }
        }
    } catch (const tariff::error& e) {
        std::cerr << "tariff afford: " << e.what() << '\n';
        return exit_usage;
    }
    std::cout << out;
    return exit_ok;
}

}  // namespace tariff_cli
