// `tariff pack add --db DB ACCOUNT PRODUCT QUANTITY --from YYYY-MM --until YYYY-MM [--ref REF]
// [--catalogue FILE | --book FILE]`: a prepaid pack (a "resource pack") of QUANTITY units of
// PRODUCT for an activated account, used by `tariff close` for the periods from..until, after
// the product's free units and before the tiers. What it has left after `until` is forfeited.
//
// The product must be one the catalogue prices: the catalogue named like `tariff close` names
// it (--catalogue FILE, --book FILE as product "default", or the embedded FaceID catalogue), so
// QUANTITY is read at the product's quantity scale and the pack keeps that scale.

#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <tariff/monthly_close.hpp>  // require_ledger_currency
#include <tariff/usage_csv.hpp>      // read_quantity

#include "commands.hpp"
#include "echo.hpp"
#include "ledger_db.hpp"
#include "options.hpp"

namespace tariff_cli {
namespace {

constexpr std::string_view pack_usage_line =
    "usage: tariff pack add --db DB ACCOUNT PRODUCT QUANTITY --from YYYY-MM --until YYYY-MM\n"
    "                       [--ref REF] [--catalogue FILE | --book FILE]\n";

constexpr std::string_view pack_usage =
    "usage: tariff pack add --db DB ACCOUNT PRODUCT QUANTITY --from YYYY-MM --until YYYY-MM\n"
    "                       [--ref REF] [--catalogue FILE | --book FILE]\n"
    "\n"
    "Adds a prepaid pack of QUANTITY units of PRODUCT to the activated ACCOUNT. `tariff close`\n"
    "takes each month's usage first from the product's free units, then from the packs valid\n"
    "in that month (the one valid until the earliest month first, then the earliest added),\n"
    "and rates the rest. What a pack has left after --until is forfeited: there are no refunds.\n"
    "\n"
    "  --db DB           the ledger database (tariff account activate creates it)\n"
    "  --from YYYY-MM    the first month the pack is used in\n"
    "  --until YYYY-MM   the last month (inclusive), not before --from\n"
    "  --ref REF         an idempotency reference, unique in the database: the same pack again\n"
    "                    changes nothing (said on stderr); the same REF otherwise is refused\n"
    "  --catalogue FILE  the catalogue PRODUCT is in (as `tariff close` is given it)\n"
    "  --book FILE       a price book: PRODUCT is then \"default\"\n"
    "                    (neither: the embedded FaceID catalogue, liveness_face_comparison)\n"
    "\n"
    "QUANTITY is at least one unit, with at most the product's quantity_scale fraction digits.\n"
    "Exit status: 0 done (or already done); 2 bad arguments, an account not activated, a\n"
    "product the catalogue does not have, a reused REF or a database error (nothing changed).\n";

tariff::billing_period period_option(const char* name, const std::optional<std::string>& text) {
    if (!text) throw tariff::invalid_argument(std::string(name) + " YYYY-MM is required");
    try {
        return tariff::billing_period::parse(*text);
    } catch (const tariff::error& e) {
        throw tariff::invalid_argument(std::string(name) + ": " + e.what());
    }
}

}  // namespace

int run_pack(const arguments& args) {
    std::optional<std::string> db_path, from_text, until_text, ref, catalogue_path, book_path;
    const parsed_arguments parsed = option_parser()
                                        .value("--db", db_path, "a FILE")
                                        .value("--from", from_text, "a value")
                                        .value("--until", until_text, "a value")
                                        .value("--ref", ref, "a value")
                                        .value("--catalogue", catalogue_path, "a FILE")
                                        .value("--book", book_path, "a FILE")
                                        .negative_numbers_are_operands()
                                        .parse(args);
    if (const auto done = error_or_help(parsed, "pack", pack_usage_line, pack_usage)) return *done;
    if (parsed.operands.empty() || parsed.operands[0] != "add") {
        return usage_error("pack",
                           parsed.operands.empty()
                               ? std::string("a subcommand is required (add)")
                               : "unknown subcommand " + quote_input(parsed.operands[0]) + " (add)",
                           pack_usage_line);
    }
    if (parsed.operands.size() != 4) {
        return usage_error("pack",
                           parsed.operands.size() < 4
                               ? std::string("ACCOUNT, PRODUCT and QUANTITY are required")
                               : "unexpected argument " + quote_input(parsed.operands[4]),
                           pack_usage_line);
    }
    if (!db_path) return usage_error("pack", "--db FILE is required", pack_usage_line);
    if (catalogue_path && book_path) {
        return usage_error("pack", "--book and --catalogue cannot both be given", pack_usage_line);
    }
    const std::string_view name = parsed.operands[1];
    const std::string_view product_id = parsed.operands[2];
    require_account_name(name);
    const tariff::billing_period from = period_option("--from", from_text);
    const tariff::billing_period until = period_option("--until", until_text);

    const tariff::book_catalogue prices = load_prices(catalogue_path, book_path);
    const auto* product = prices.find(product_id);
    if (product == nullptr) {
        throw tariff::invalid_argument(
            "no product " + quote_input(product_id) + " in the catalogue" +
            (catalogue_path ? " " + quote_input(*catalogue_path)
             : book_path    ? " of the book " + quote_input(*book_path) + " (its product is \"" +
                               std::string(book_product_id) + "\")"
                         : std::string(" (the embedded FaceID one; name yours with --catalogue "
                                       "FILE)")));
    }
    const int scale = product->versions.front().table.quantity_scale();
    const std::int64_t quantity = tariff::read_quantity(parsed.operands[3], scale);

    ledger_db db = open_ledger(*db_path, false);
    tariff::detail::require_ledger_currency(prices.currency_info(), db.books->currency());
    const tariff::pack_result done =
        db.books->add_pack(name, product_id, quantity, from, until, ref, scale);
    if (done.already_applied) {
        std::cerr << "tariff pack: reference " << quote_input(*ref) << " was already applied (pack "
                  << done.pack.id << "); nothing changed\n";
    }
    const tariff::prepaid_pack& pack = done.pack;
    std::cout << pack.account << ": pack " << pack.id << " of "
              << tariff::detail::fixed_digits(pack.quantity, pack.quantity_scale) << ' '
              << pack.product << ", " << tariff::to_string(pack.from) << ".."
              << tariff::to_string(pack.until) << '\n';
    return exit_ok;
}

}  // namespace tariff_cli
