// `tariff topup --db DB ACCOUNT AMOUNT [--ref REF]`: adds a positive AMOUNT to the prepaid
// balance of an activated account; a suspended account whose balance reaches zero or more is
// active again. A --ref names the top-up once in the database: the same command again changes
// nothing (said on stderr), the same REF with other arguments is refused. There is no negative
// top-up and no refund.

#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <tariff/usage_csv.hpp>  // parse_amount

#include "commands.hpp"
#include "echo.hpp"
#include "ledger_db.hpp"
#include "options.hpp"

namespace tariff_cli {
namespace {

constexpr std::string_view topup_usage_line =
    "usage: tariff topup --db DB ACCOUNT AMOUNT [--ref REF]\n";

constexpr std::string_view topup_usage =
    "usage: tariff topup --db DB ACCOUNT AMOUNT [--ref REF]\n"
    "\n"
    "Adds AMOUNT to the prepaid balance of the activated ACCOUNT. A suspended account (balance\n"
    "below zero) is active again once its balance reaches zero or more.\n"
    "\n"
    "  --db DB     the ledger database (tariff account activate creates it)\n"
    "  --ref REF   an idempotency reference, unique in the database: the same top-up again\n"
    "              changes nothing (said on stderr); the same REF with another account or\n"
    "              amount is refused\n"
    "\n"
    "AMOUNT is positive, with at most the currency's minor digits (100, 100.5, 100.50 in USD).\n"
    "Prints ACCOUNT, the amount, the balance before and after, and the service state.\n"
    "Exit status: 0 done (or already done); 2 bad arguments, an account not activated, a zero,\n"
    "negative or too fine amount, a reused REF or a database error (nothing changed).\n";

}  // namespace

int run_topup(const arguments& args) {
    std::optional<std::string> db_path, ref;
    const parsed_arguments parsed = option_parser()
                                        .value("--db", db_path, "a FILE")
                                        .value("--ref", ref, "a value")
                                        .negative_numbers_are_operands()
                                        .parse(args);
    if (const auto done = error_or_help(parsed, "topup", topup_usage_line, topup_usage))
        return *done;
    if (parsed.operands.size() != 2) {
        return usage_error("topup",
                           parsed.operands.size() < 2
                               ? std::string("ACCOUNT and AMOUNT are required")
                               : "unexpected argument " + quote_input(parsed.operands[2]),
                           topup_usage_line);
    }
    if (!db_path) return usage_error("topup", "--db FILE is required", topup_usage_line);
    const std::string_view name = parsed.operands[0];
    require_account_name(name);

    ledger_db db = open_ledger(*db_path, false);
    const tariff::currency& cur = db.books->currency();
    const auto amount = tariff::parse_amount<ledger_amount>(parsed.operands[1], cur);
    const tariff::top_up_result<ledger_amount> done = db.books->top_up(name, amount, ref);
    const tariff::top_up_receipt<ledger_amount>& receipt = done.record.receipt;
    if (done.already_applied) {
        std::cerr << "tariff topup: reference " << quote_input(*ref)
                  << " was already applied (top-up " << done.record.id << "); nothing changed\n";
    }
    std::cout << done.record.account << ": top-up " << amount_text(receipt.amount, cur) << ' '
              << cur.code << ", balance " << amount_text(receipt.balance_before, cur) << " -> "
              << amount_text(receipt.balance_after, cur) << ' ' << cur.code << ", "
              << tariff::to_string_view(receipt.state) << '\n';
    return exit_ok;
}

}  // namespace tariff_cli
