// `tariff status --db DB [--json] [ACCOUNT...]`: the activated accounts of the ledger DB (or the
// ones named), sorted: balance, service state, the latest closed month billed to it, and its
// packs that have units left and have not expired. Read from one snapshot of the database, so a
// close committing meanwhile is seen whole or not at all; it never waits for a writer.
//
// --json: one object per line, {"account", "activated", "balance", "service", "last_closed",
// "packs": [{"product", "remaining", "from", "until"}]}; "activated" is true (accounts exist from
// their activation on), balance a string with the currency's minor digits, last_closed YYYY-MM
// or null, remaining a JSON number with the product's quantity scale.

#include <algorithm>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <tariff/detail/json_writer.hpp>
#include <vector>

#include "commands.hpp"
#include "echo.hpp"
#include "ledger_db.hpp"
#include "options.hpp"

namespace tariff_cli {
namespace {

constexpr std::string_view status_usage_line =
    "usage: tariff status --db DB [--json] [ACCOUNT...]\n";

constexpr std::string_view status_usage =
    "usage: tariff status --db DB [--json] [ACCOUNT...]\n"
    "\n"
    "Shows every activated account of the ledger DB, or the ACCOUNTs named, sorted: its\n"
    "balance, service state (suspended while the balance is below zero), the latest closed\n"
    "month it was billed for, and its packs with units left that have not expired (valid after\n"
    "the latest closed month).\n"
    "\n"
    "  --db DB   the ledger database\n"
    "  --json    one JSON object per account and line: account, activated, balance, service,\n"
    "            last_closed, packs [{product, remaining, from, until}]\n"
    "\n"
    "Exit status: 0 shown; 2 bad arguments, an ACCOUNT not activated, or a database error.\n";

}  // namespace

int run_status(const arguments& args) {
    std::optional<std::string> db_path;
    bool json = false;
    const parsed_arguments parsed =
        option_parser().flag("--json", json).value("--db", db_path, "a FILE").parse(args);
    if (const auto done = error_or_help(parsed, "status", status_usage_line, status_usage))
        return *done;
    if (!db_path) return usage_error("status", "--db FILE is required", status_usage_line);
    for (const std::string_view name : parsed.operands) require_account_name(name);

    ledger_db db = open_ledger(*db_path, false);
    ledger_store& store = *db.store;
    const tariff::currency& cur = db.books->currency();
    const auto snapshot = store.read_snapshot();
    const std::optional<tariff::billing_period> latest = store.settings().latest_closed;

    std::vector<tariff::account_record<ledger_amount>> accounts;
    if (parsed.operands.empty()) {
        accounts = store.accounts();
    } else {
        std::vector<std::string> names(parsed.operands.begin(), parsed.operands.end());
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
        for (const std::string& name : names) {
            auto found = store.find_account(name);
            if (!found || found->state == tariff::service_state::inactive) {
                throw tariff::refused("account " + quote_input(name) + " is not activated");
            }
            accounts.push_back(std::move(*found));
        }
    }

    std::string out;
    for (const auto& account : accounts) {
        if (account.state == tariff::service_state::inactive) continue;
        const auto bills = store.account_bills(account.name);
        std::optional<std::string> last_closed;
        if (!bills.empty()) last_closed = tariff::to_string(bills.back().settled.period);
        std::vector<tariff::prepaid_pack> packs;
        for (auto& pack : store.packs(account.name)) {
            if (pack.remaining > 0 && (!latest || *latest < pack.until)) {
                packs.push_back(std::move(pack));
            }
        }
        const std::string balance = amount_text(account.balance, cur);
        if (json) {
            constexpr auto one_line = tariff::detail::json_writer::layout::inline_spaced;
            tariff::detail::json_writer w(out);
            w.begin_object(one_line)
                .member("account", account.name)
                .key("activated")
                .boolean(true)
                .member("balance", balance)
                .member("service", tariff::to_string_view(account.state))
                .key("last_closed");
            if (last_closed)
                w.string(*last_closed);
            else
                w.null();
            w.key("packs").begin_array(one_line);
            for (const auto& pack : packs) {
                w.begin_object(one_line)
                    .member("product", pack.product)
                    .key("remaining")
                    .number(tariff::detail::fixed_digits(pack.remaining, pack.quantity_scale))
                    .member("from", tariff::to_string(pack.from))
                    .member("until", tariff::to_string(pack.until))
                    .end_object();
            }
            w.end_array().end_object();
            out += '\n';
            continue;
        }
        out += account.name + ": " + std::string(tariff::to_string_view(account.state)) +
               ", balance " + balance + ' ' + std::string(cur.code) + ", last closed " +
               (last_closed ? *last_closed : std::string("never")) + '\n';
        for (const auto& pack : packs) {
            out += "  pack " + std::to_string(pack.id) + ": " +
                   tariff::detail::fixed_digits(pack.remaining, pack.quantity_scale) + " of " +
                   tariff::detail::fixed_digits(pack.quantity, pack.quantity_scale) + ' ' +
                   pack.product + " left, " + tariff::to_string(pack.from) + ".." +
                   tariff::to_string(pack.until) + '\n';
        }
    }
    std::cout << out;
    return exit_ok;
}

}  // namespace tariff_cli
