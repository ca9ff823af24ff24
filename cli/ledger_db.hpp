#pragma once
// The ledger database of `tariff account`, `topup`, `pack add`, `close` and `status`: an SQLite
// file (tariff::sqlite_store) named by --db. `tariff account activate` creates it, with the
// currency of --currency (default USD); every other command needs it to exist, so that a
// mistyped path is an error rather than a new, empty ledger.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tariff/json.hpp>
#include <tariff/sqlite.hpp>

#include "options.hpp"

namespace tariff_cli {

/// Amounts of the ledger: the type of a price book's charges, so a bill settles as rated.
using ledger_amount = tariff::book_table::amount_type;
using ledger_store = tariff::sqlite_store<ledger_amount>;
using ledger_books = tariff::ledger<ledger_amount>;

/// An open ledger database and the ledger over it.
struct ledger_db {
    std::unique_ptr<ledger_store> store;
    std::unique_ptr<ledger_books> books;
};

/// Opens the ledger at `path`. With `create`, a missing file is created in `currency_code`
/// (none: USD); an existing one must be in that currency. Without, a missing file is refused.
/// Throws tariff::error (store_busy when another writer holds it too long).
ledger_db open_ledger(const std::string& path, bool create,
                      const std::optional<std::string>& currency_code = std::nullopt);

/// Throws tariff::invalid_argument unless `account` is an account name as the events files have
/// them: not empty, UTF-8 without control characters, no leading or trailing space.
void require_account_name(std::string_view account);

/// The catalogue a ledger command prices with: --catalogue FILE, --book FILE as the one-product
/// catalogue of product "default", or the embedded FaceID catalogue. Throws tariff::invalid_book
/// naming the file.
tariff::book_catalogue load_prices(const std::optional<std::string>& catalogue_path,
                                   const std::optional<std::string>& book_path);

/// The id of the one product of a catalogue made from a --book.
inline constexpr std::string_view book_product_id = "default";

/// Prints "tariff COMMAND: MESSAGE" and then `usage` on stderr; returns exit_usage.
int usage_error(std::string_view command, const std::string& message, std::string_view usage);

/// The usual end of parsing a command's arguments: a parse error is usage_error's exit 2, --help
/// prints `usage` on stdout and is exit 0; otherwise nothing, and the command goes on.
std::optional<int> error_or_help(const parsed_arguments& parsed, std::string_view command,
                                 std::string_view usage_line, std::string_view usage);

/// An amount of the ledger with exactly the currency's minor digits ("-350.35").
std::string amount_text(const ledger_amount& amount, const tariff::currency& cur);

}  // namespace tariff_cli
