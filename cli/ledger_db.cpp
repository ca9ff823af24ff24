#include "ledger_db.hpp"

#include <sys/stat.h>

#include <cstdint>
#include <iostream>
#include <string>
#include <tariff/detail/number.hpp>
#include <tariff/usage_csv.hpp>

#include "book.hpp"
#include "commands.hpp"
#include "echo.hpp"

namespace tariff_cli {

ledger_db open_ledger(const std::string& path, bool create,
                      const std::optional<std::string>& currency_code) {
    tariff::sqlite_options options;
    if (currency_code) options.currency = tariff::currency_from_code(*currency_code);
    struct stat info {};
    if (!create && stat(path.c_str(), &info) != 0) {
        throw tariff::error("no ledger database " + quote_input(path) +
                            " (tariff account activate --db FILE creates one)");
    }
    ledger_db db;
    db.store = std::make_unique<ledger_store>(path, options);
    db.books = std::make_unique<ledger_books>(*db.store);
    return db;
}

void require_account_name(std::string_view account) {
    if (const tariff::parse_result checked = tariff::detail::check_account(account); !checked) {
        throw tariff::invalid_argument(
            "invalid account " + quote_input(account) + ": " +
            std::string(tariff::detail::account_defect(account, checked.status)));
    }
}

tariff::book_catalogue load_prices(const std::optional<std::string>& catalogue_path,
                                   const std::optional<std::string>& book_path) {
    if (catalogue_path) return load_catalogue(*catalogue_path);
    if (book_path) {
        return tariff::one_product_catalogue(load_book(book_path), std::string(book_product_id));
    }
    return tariff::faceid_catalogue();
}

int usage_error(std::string_view command, const std::string& message, std::string_view usage) {
    std::cerr << "tariff " << command << ": " << message << '\n' << usage;
    return exit_usage;
}

std::optional<int> error_or_help(const parsed_arguments& parsed, std::string_view command,
                                 std::string_view usage_line, std::string_view usage) {
    if (parsed.error) return usage_error(command, *parsed.error, usage_line);
    if (parsed.help) {
        std::cout << usage;
        return exit_ok;
    }
    return std::nullopt;
}

std::string amount_text(const ledger_amount& amount, const tariff::currency& cur) {
    return tariff::format_amount(amount, cur);
}

}  // namespace tariff_cli
