// `tariff account activate --db DB [--currency CODE] ACCOUNT`: activates an account of the
// prepaid ledger DB, creating the database on first use. The seed's service takes no calls
// before activation: only activated accounts are billed by `tariff close`, topped up or given
// packs. Activating an activated account changes nothing and says so on stderr.

#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "commands.hpp"
#include "echo.hpp"
#include "ledger_db.hpp"
#include "options.hpp"

namespace tariff_cli {
namespace {

constexpr std::string_view account_usage_line =
    "usage: tariff account activate --db DB [--currency CODE] ACCOUNT\n";

constexpr std::string_view account_usage =
    "usage: tariff account activate --db DB [--currency CODE] ACCOUNT\n"
    "\n"
    "Activates ACCOUNT in the prepaid ledger DB (an SQLite file): from now on it is billed by\n"
    "`tariff close`, and it can be topped up and given packs. Its balance starts at 0.\n"
    "Activating it again changes nothing (said on stderr).\n"
    "\n"
    "  --db DB          the ledger database; created by the first activation\n"
    "  --currency CODE  the ISO 4217 currency of a new database (default USD); an existing\n"
    "                   database keeps its own and refuses another\n"
    "\n"
    "Prints ACCOUNT, its service state and balance. Exit status: 0 done; 2 bad arguments, a\n"
    "bad account name, another currency or a database error (nothing changed).\n";

}  // namespace

int run_account(const arguments& args) {
    std::optional<std::string> db_path, currency_code;
    const parsed_arguments parsed = option_parser()
                                        .value("--db", db_path, "a FILE")
                                        .value("--currency", currency_code, "a CODE")
                                        .parse(args);
    if (const auto done = error_or_help(parsed, "account", account_usage_line, account_usage))
        return *done;
    if (parsed.operands.empty() || parsed.operands[0] != "activate") {
        return usage_error(
            "account",
            parsed.operands.empty()
                ? std::string("a subcommand is required (activate)")
                : "unknown subcommand " + quote_input(parsed.operands[0]) + " (activate)",
            account_usage_line);
    }
    if (parsed.operands.size() != 2) {
        return usage_error("account",
                           parsed.operands.size() < 2 ? std::string("an ACCOUNT is required")
                                                      : "one ACCOUNT at a time, not also " +
                                                            quote_input(parsed.operands[2]),
                           account_usage_line);
    }
    if (!db_path) return usage_error("account", "--db FILE is required", account_usage_line);
    const std::string_view name = parsed.operands[1];
    require_account_name(name);

    ledger_db db = open_ledger(*db_path, true, currency_code);
    const tariff::activation done = db.books->activate(name);
    const auto account = db.store->find_account(name);
    if (done.already_activated) {
        std::cerr << "tariff account: account " << quote_input(name)
                  << " is already activated; nothing changed\n";
    }
    std::cout << name << ": activated, " << tariff::to_string_view(account->state) << ", balance "
              << amount_text(account->balance, db.books->currency()) << ' '
              << db.books->currency().code << '\n';
    return exit_ok;
}

}  // namespace tariff_cli
