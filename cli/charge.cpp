// `tariff charge [--book FILE] [--json] [QUANTITY...]`: the monthly charge for each quantity;
// `tariff charge --catalogue FILE --product ID --period YYYY-MM ...` rates with the version of
// the product in force in that period.
//
// Quantities are plain decimal digits (leading zeros allowed), at most 2^63-1; for a book with a
// quantity_scale s, decimals with at most s fraction digits (read as steps of 10^-s). A bad
// quantity argument is exit 2 with nothing on stdout. Without arguments, quantities are read from
// stdin, one per line: a trailing CR is dropped (CRLF files), empty lines are skipped, anything
// else that is not plain digits (spaces included) is a bad line, reported with its line number
// while the other lines are still rated; then the exit status is 1. A UTF-8 byte-order mark
// before the first line is skipped. Bad input is echoed as a bounded prefix (cli/echo.hpp).

#include <cstdint>
#include <exception>
#include <iostream>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tariff/charge.hpp>
#include <tariff/charge_format.hpp>
#include <tariff/period.hpp>
#include <vector>

#include "book.hpp"
#include "commands.hpp"
#include "echo.hpp"
#include "options.hpp"

namespace tariff_cli {
namespace {

constexpr std::string_view charge_usage =
    "usage: tariff charge [--book FILE] [--json] [QUANTITY...]\n"
    "       tariff charge --catalogue FILE --product ID --period YYYY-MM [--json] [QUANTITY...]\n"
    "\n"
    "Rates each monthly QUANTITY (plain decimal digits; with at most quantity_scale fraction\n"
    "digits for a book that has one) with the price book FILE, or with the embedded FaceID book,\n"
    "and prints an invoice per quantity. Without QUANTITY arguments, reads one quantity per line\n"
    "from stdin (empty lines are skipped).\n"
    "\n"
    "  --book FILE       a price book: tariff's JSON format, or a Stripe Price object\n"
    "  --catalogue FILE  a catalogue; rate with --product ID's version in force in --period\n"
    "  --json            one JSON object per line instead of invoice text\n"
    "\n"
    "Exit status: 0 all rated; 1 some stdin lines were bad (reported, the others rated);\n"
    "2 bad arguments, a bad quantity argument, or a bad or missing book; 3 the output could\n"
    "not be written.\n";

/// Why `text` is not a quantity of a book counting steps of 10^-scale units, or nothing when it
/// is one (then `out` holds its steps).
std::optional<std::string> parse_quantity(std::string_view text, int scale, std::int64_t& out) {
    if (text.empty()) return std::string("empty, expected plain decimal digits");
    const tariff::parse_result read = tariff::detail::parse_steps(text, scale, out);
    if (read) return std::nullopt;
    if (read.status == tariff::parse_status::overflow) {
        return "too large: the largest quantity is " +
               tariff::detail::fixed_digits(std::numeric_limits<std::int64_t>::max(), scale);
    }
    if (scale == 0) {
        return std::string(
            "not a quantity: plain decimal digits only (no sign, spaces, fraction or exponent)");
    }
    return "not a quantity: plain decimal digits with at most " + std::to_string(scale) +
           " fraction digits (the book's quantity_scale; no sign, spaces or exponent)";
}

struct charge_options {
    std::optional<std::string> book_path;
    std::optional<std::string> catalogue_path;
    std::optional<std::string> product;
    std::optional<std::string> period;
    bool json = false;
};

/// The price book to rate with: --book's (or the embedded one), or the version of --product in
/// force in --period in --catalogue's catalogue, named and counted as the product is.
tariff::price_book pricing(const charge_options& options) {
    if (!options.catalogue_path) return load_book(options.book_path);
    const tariff::book_catalogue catalogue = load_catalogue(*options.catalogue_path);
    const tariff::billing_period period = tariff::billing_period::parse(*options.period);
    const auto& product = catalogue.at(*options.product);
    return tariff::price_book{product.name.empty() ? product.id : product.name, product.unit,
                              catalogue.price_for(*options.product, period), product.unit_plural};
}

/// Rates one quantity and appends its text or JSON to `out`.
void append_charge(std::string& out, const tariff::price_book& book, std::int64_t quantity,
                   bool json, bool& first) {
    const auto c = tariff::rate(book.table, quantity);
    if (json) {
        out += tariff::to_json(c);
        out += '\n';
    } else {
        if (!first) out += '\n';
        out += tariff::to_text(c, {book.name, book.unit, book.unit_plural});
    }
    first = false;
}

int usage_error(const std::string& message) {
    std::cerr << "tariff charge: " << message << "\n"
              << "usage: tariff charge [--book FILE | --catalogue FILE --product ID --period "
                 "YYYY-MM] [--json] [QUANTITY...]\n";
    return exit_usage;
}

int rate_stdin(const tariff::price_book& book, bool json) {
    std::string line;
    std::size_t number = 0, bad = 0;
    bool first = true;
    std::string out;
    // Stops early when stdout fails: main() reports it, and nothing more can be delivered.
    while (std::cout && std::getline(std::cin, line)) {
        ++number;
        // A UTF-8 byte-order mark before the first line is no part of it (as in the CSV files).
        if (std::string_view first_line(line);
            number == 1 && tariff::detail::skip_byte_order_mark(first_line)) {
            line.erase(0, line.size() - first_line.size());
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        std::int64_t quantity = 0;
        std::optional<std::string> why =
            parse_quantity(line, book.table.quantity_scale(), quantity);
        if (!why) {
            try {
                append_charge(out, book, quantity, json, first);
            } catch (const tariff::error& e) {
                why = e.what();
            }
        }
        if (why) {
            ++bad;
            std::cerr << "tariff charge: stdin line " << number << ": " << quote_input(line) << ": "
                      << *why << '\n';
            if (json) {
                tariff::detail::json_writer w(out);
                w.begin_object(tariff::detail::json_writer::layout::inline_spaced)
                    .key("line")
                    .integer(static_cast<std::int64_t>(number))
                    .key("input")
                    .echo(line)
                    .member("status", "error")
                    .member("error", *why)
                    .end_object();
                out += '\n';
            }
        }
        std::cout << out;
        out.clear();
    }
    if (bad > 0) {
        std::cerr << "tariff charge: " << bad << (bad == 1 ? " line" : " lines")
                  << " of stdin could not be rated; the others were\n";
        return exit_partial;
    }
    return exit_ok;
}

}  // namespace

int run_charge(const arguments& args) {
    charge_options options;
    const parsed_arguments parsed = option_parser()
                                        .flag("--json", options.json)
                                        .value("--book", options.book_path, "a FILE")
                                        .value("--catalogue", options.catalogue_path, "a FILE")
                                        .value("--product", options.product, "an ID")
                                        .value("--period", options.period, "a value")
                                        .negative_numbers_are_operands()
                                        .parse(args);
    if (parsed.error) return usage_error(*parsed.error);
    if (parsed.help) {
        std::cout << charge_usage;
        return exit_ok;
    }

    if (options.catalogue_path && options.book_path)
        return usage_error("--book and --catalogue cannot both be given");
    if (options.catalogue_path && (!options.product || !options.period))
        return usage_error("--catalogue needs --product ID and --period YYYY-MM");
    if (!options.catalogue_path && (options.product || options.period))
        return usage_error(std::string(options.product ? "--product" : "--period") +
                           " goes with --catalogue FILE");

    std::optional<tariff::price_book> book;
    try {
        book = pricing(options);
    } catch (const tariff::error& e) {
        std::cerr << "tariff charge: " << e.what() << '\n';
        return exit_usage;
    }

    // Quantities are read at the book's scale.
    std::vector<std::int64_t> quantities;
    for (const std::string_view q : parsed.operands) {
        std::int64_t value = 0;
        if (const auto why = parse_quantity(q, book->table.quantity_scale(), value)) {
            return usage_error("quantity " + quote_input(q) + ": " + *why);
        }
        quantities.push_back(value);
    }

    if (parsed.operands.empty()) return rate_stdin(*book, options.json);

    // Everything is rated before anything is printed: a failure leaves stdout empty.
    std::string out;
    bool first = true;
    try {
        for (const std::int64_t q : quantities) append_charge(out, *book, q, options.json, first);
    } catch (const tariff::error& e) {
        std::cerr << "tariff charge: " << e.what() << '\n';
        return exit_usage;
    }
    std::cout << out;
    return exit_ok;
}

}  // namespace tariff_cli
