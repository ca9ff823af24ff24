// `tariff bill --period YYYY-MM [--book FILE | --catalogue FILE] [--utc-offset ±HH:MM]
// [--balances FILE] [--threads N] [--json] EVENTS.csv|-`: one month's bill per account, deducted
// from its prepaid balance. With --catalogue the events name a product each, and each account's
// bill has a charge per product (tariff::catalogue_billing_run).
//
// The events are streamed through a fixed read buffer per thread (no whole-file read) and
// aggregated per account (tariff::read_usage), so memory grows with the number of accounts and
// threads, not events. Both files are read
// completely before anything is printed: any bad row is exit 2 with "FILE:LINE: reason" on
// stderr and nothing on stdout.

#include <cstdint>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <tariff/billing_run.hpp>
#include <tariff/catalogue_billing.hpp>
#include <tariff/detail/number.hpp>
#include <tariff/usage_csv.hpp>
#include <tariff/usage_reader.hpp>
#include <vector>

#include "book.hpp"
#include "commands.hpp"
#include "echo.hpp"
#include "options.hpp"

namespace tariff_cli {
namespace {

constexpr std::string_view bill_usage =
    "usage: tariff bill --period YYYY-MM [--book FILE | --catalogue FILE] [--utc-offset +HH:MM]\n"
    "                   [--balances FILE] [--threads N] [--json] EVENTS.csv|-\n"
    "\n"
    "Bills one calendar month of usage per account and deducts it from the account's prepaid\n"
    "balance. EVENTS.csv (or stdin for -) has the header account,timestamp,calls: RFC 3339\n"
    "timestamps with Z or an offset, calls a whole number. Events whose time falls in the month\n"
    "in the billing offset are billed; the others are ignored and counted on stderr.\n"
    "\n"
    "  --period YYYY-MM     the month to bill\n"
    "  --book FILE          a price book in tariff's JSON format (default: the FaceID book)\n"
    "  --catalogue FILE     a catalogue: EVENTS.csv has the header\n"
    "                       account,product,timestamp,quantity and each product is rated\n"
    "                       with its version in force in the period\n"
    "  --utc-offset +HH:MM  the offset in which the month begins and ends (default +00:00)\n"
    "  --balances FILE      prepaid balances, header account,balance (default: all zero)\n"
    "  --threads N          read EVENTS.csv on N threads (default: one per core; stdin is read\n"
    "                       on one); the output does not depend on N\n"
    "  --json               one JSON object per account instead of CSV\n"
    "\n"
    "Prints one row per account named in either file, sorted by account:\n"
    "  account,period,calls,status,currency,total,balance_before,balance_after,service\n"
    "Every account is taken as activated. A quote_required month deducts nothing; service is\n"
    "suspended when balance_after < 0.\n"
    "With --catalogue, one row per product of an account, then the account's row:\n"
    "  account,period,product,quantity,free,billable,status,currency,total,balance_before,\n"
    "  balance_after,service\n"
    "(product rows leave the balances empty, the account's row the product columns). A product\n"
    "needing a quote holds the whole account's deduction. An event for a product the catalogue\n"
    "does not price in the period, anywhere in the file, is an error.\n"
    "\n"
    "Exit status: 0 billed; 2 bad arguments, a bad or missing file, or a bad row\n"
    "(FILE:LINE: reason on stderr, nothing on stdout); 3 the output could not be written.\n";

struct bill_options {
    std::optional<tariff::billing_period> period;
    std::optional<std::string> book_path;
    std::optional<std::string> catalogue_path;
    tariff::utc_offset offset;
    std::optional<std::string> balances_path;
    bool json = false;
    unsigned threads = 0;  // 0: one per core
    std::optional<std::string> events_path;
};

int usage_error(const std::string& message) {
    std::cerr << "tariff bill: " << message << "\n"
              << "usage: tariff bill --period YYYY-MM [--book FILE | --catalogue FILE] "
                 "[--utc-offset +HH:MM] [--balances FILE] [--threads N] [--json] EVENTS.csv|-\n";
    return exit_usage;
}

/// Parses the arguments; returns an exit status when the command is done (help or an error).
std::optional<int> parse_arguments(const arguments& args, bill_options& options) {
    std::optional<std::string> period_text, offset_text, threads_text;
    const parsed_arguments parsed = option_parser()
                                        .flag("--json", options.json)
                                        .value("--period", period_text, "a value")
                                        .value("--book", options.book_path, "a FILE")
                                        .value("--catalogue", options.catalogue_path, "a FILE")
                                        .value("--utc-offset", offset_text, "a value")
                                        .value("--balances", options.balances_path, "a FILE")
                                        .value("--threads", threads_text, "a value")
                                        .parse(args);
    if (parsed.error) return usage_error(*parsed.error);
    if (parsed.help) {
        std::cout << bill_usage;
        return exit_ok;
    }
    if (parsed.operands.size() > 1) {
        return usage_error("more than one events file (" + quote_input(parsed.operands[0]) +
                           " and " + quote_input(parsed.operands[1]) + ")");
    }
    if (!parsed.operands.empty()) options.events_path = std::string(parsed.operands[0]);

    if (!period_text) return usage_error("--period YYYY-MM is required");
    try {
        options.period = tariff::billing_period::parse(*period_text);
    } catch (const tariff::error& e) {
        return usage_error(std::string("--period: ") + e.what());
    }
    if (offset_text) {
        try {
            options.offset = tariff::utc_offset::parse(*offset_text);
        } catch (const tariff::error& e) {
            return usage_error(std::string("--utc-offset: ") + e.what());
        }
    }
    if (threads_text) {
        if (const auto why = read_threads(*threads_text, options.threads)) return usage_error(*why);
    }
    if (!options.events_path) return usage_error("an events file (or - for stdin) is required");
    if (options.book_path && options.catalogue_path)
        return usage_error("--book and --catalogue cannot both be given");
    if (options.balances_path && *options.balances_path == "-" && *options.events_path == "-") {
        return usage_error("stdin (-) can hold the events or the balances, not both");
    }
    return std::nullopt;
}

std::string plural(std::uint64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

/// Says on stderr how many events fell outside the period.
template <class Run>
void report_ignored(const Run& run) {
    const std::uint64_t ignored = run.events_before() + run.events_after();
    if (ignored > 0) {
        std::cerr << "tariff bill: " << plural(ignored, "event", "events") << " outside "
                  << tariff::to_string(run.period()) << " (UTC offset "
                  << tariff::to_string(run.offset()) << ") ignored: " << run.events_before()
                  << " before, " << run.events_after() << " after; "
                  << plural(run.events_in_period(), "event", "events") << " billed\n";
    }
}

/// Reads the balances file (or stdin), if any, into `run`.
template <class Run>
void read_balances(const bill_options& options, Run& run, const tariff::currency& cur) {
    if (!options.balances_path) return;
    using amount = typename Run::amount_type;
    const std::string& path = *options.balances_path;
    tariff::balances_csv_reader<amount> reader(path == "-" ? "stdin" : path, cur);
    auto on_row = [&](const tariff::balance_row<amount>& row) {
        run.set_balance(row.account, row.balance);
    };
    constexpr std::size_t chunk_size = std::size_t{1} << 16;
    const auto to_the_end = [] { return false; };
    if (path == "-") {
        tariff::detail::file_chunks chunks(stdin, reader.source(), chunk_size);
        tariff::detail::feed_file(chunks, reader, on_row, to_the_end);
    } else {
        const tariff::detail::read_file file(path);
        tariff::detail::file_chunks chunks(file.get(), path, chunk_size);
        tariff::detail::feed_file(chunks, reader, on_row, to_the_end);
    }
}

/// Reads the events file (or stdin) into `usage`, on options.threads threads.
template <class Amount>
void read_events(const bill_options& options, tariff::monthly_usage<Amount>& usage) {
    tariff::read_usage(usage, *options.events_path, options.threads, tariff::usage_buffer_size,
                       tariff::file_access::map);
}

/// `tariff bill --catalogue FILE ...`.
int bill_catalogue(const bill_options& options) {
    std::optional<tariff::book_catalogue> catalogue;
    try {
        catalogue = load_catalogue(*options.catalogue_path);
    } catch (const tariff::error& e) {
        std::cerr << "tariff bill: " << e.what() << '\n';
        return exit_usage;
    }
    tariff::catalogue_billing_run<tariff::book_table> run(*catalogue, *options.period,
                                                          options.offset);
    std::string out;
    try {
        read_balances(options, run, catalogue->currency_info());
        read_events(options, run.usage());
        const auto bills = run.bills();
        if (!options.json) {
            out += tariff::catalogue_bill_csv_header;
            out += '\n';
        }
        for (const auto& bill : bills) {
            if (options.json)
                tariff::append_json(out, bill);
            else
                tariff::append_csv(out, bill);
        }
    } catch (const tariff::error& e) {
        std::cerr << "tariff bill: " << e.what() << '\n';
        return exit_usage;
    }
    std::cout << out;
    report_ignored(run.usage());
    return exit_ok;
}

}  // namespace

int run_bill(const arguments& args) {
    bill_options options;
    if (const auto done = parse_arguments(args, options)) return *done;
    if (options.catalogue_path) return bill_catalogue(options);

    std::optional<tariff::price_book> book;
    try {
        book = load_book(options.book_path);
    } catch (const tariff::error& e) {
        std::cerr << "tariff bill: " << e.what() << '\n';
        return exit_usage;
    }

    using run_type = tariff::billing_run<tariff::book_table>;
    run_type run(book->table, *options.period, options.offset);
    std::string out;
    try {
        read_balances(options, run, book->table.currency_info());
        read_events(options, run.usage());

        const auto bills = run.bills();
        if (!options.json) {
            out += tariff::bill_csv_header;
            out += '\n';
        }
        for (const auto& bill : bills) {
            if (options.json) {
                tariff::append_json(out, bill);
            } else {
                tariff::append_csv(out, bill);
            }
        }
    } catch (const tariff::error& e) {
        std::cerr << "tariff bill: " << e.what() << '\n';
        return exit_usage;
    }

    std::cout << out;
    report_ignored(run);
    return exit_ok;
}

}  // namespace tariff_cli
