// `tariff close --db DB --period YYYY-MM [--catalogue FILE | --book FILE] [--utc-offset ±HH:MM]
// [--now RFC3339] [--threads N] [--json] EVENTS.csv|-`: the monthly close. Every account
// activated in the ledger DB gets its bill for the month (tariff::close_month): each product's
// usage goes to its free units, then to the account's packs, then the tiers; the bill is
// deducted once, and an account below zero is suspended. One transaction: all or nothing.
//
// Order of work: the arguments, the prices and the ledger's settings are checked first (a close
// that will be refused is refused before the events are read); then the events are read through
// the library's one aggregation (tariff::read_usage, as `tariff bill` reads them);
// then the close runs; only once it has committed is anything printed. Closing the latest
// closed period again prints each account's bill as it was closed, status "already_closed".

#include <chrono>
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <tariff/charge_format.hpp>  // pad_left, pad_right
#include <tariff/monthly_close.hpp>
#include <tariff/usage_reader.hpp>
#include <vector>

#include "commands.hpp"
#include "echo.hpp"
#include "ledger_db.hpp"
#include "options.hpp"

namespace tariff_cli {
namespace {

constexpr std::string_view close_usage_line =
    "usage: tariff close --db DB --period YYYY-MM [--catalogue FILE | --book FILE]\n"
    "                    [--utc-offset +HH:MM] [--now RFC3339] [--threads N] [--json]\n"
    "                    EVENTS.csv|-\n";

constexpr std::string_view close_usage =
    "usage: tariff close --db DB --period YYYY-MM [--catalogue FILE | --book FILE]\n"
    "                    [--utc-offset +HH:MM] [--now RFC3339] [--threads N] [--json]\n"
    "                    EVENTS.csv|-\n"
    "\n"
    "Closes a month: every account activated in the ledger DB gets its bill, deducted from its\n"
    "prepaid balance once; an account below zero is suspended. Each product's usage goes first\n"
    "to its free units, then to the account's packs valid in the month (the one ending first,\n"
    "then the earliest added), and the tiers of the price in force rate the rest. A bill that\n"
    "needs a quote deducts nothing and leaves the packs untouched. The close is one\n"
    "transaction: interrupted, it leaves nothing behind, and running it again finishes it.\n"
    "\n"
    "  --db DB            the ledger database (tariff account activate creates it)\n"
    "  --period YYYY-MM   the month to close: it must have ended (local 00:00 on the 1st of\n"
    "                     the next month) and be the month after the latest closed one (any\n"
    "                     month for the first close); the latest one may be closed again,\n"
    "                     which changes nothing and prints its bills, \"already_closed\"\n"
    "  --catalogue FILE   the prices: EVENTS.csv has the header\n"
    "                     account,product,timestamp,quantity\n"
    "  --book FILE        a price book, as a catalogue of one product, \"default\"\n"
    "                     (neither: the embedded FaceID catalogue, liveness_face_comparison;\n"
    "                     with one product the header account,timestamp,calls works too)\n"
    "  --utc-offset +HH:MM  where the month begins and ends (default +00:00); the first close\n"
    "                     fixes it for the database\n"
    "  --now RFC3339      the time of the close (default: the clock); after the 3rd of the\n"
    "                     next month the close works and warns\n"
    "  --threads N        read EVENTS.csv on N threads (default: one per core; stdin is read\n"
    "                     on one); the bills do not depend on N\n"
    "  --json             one JSON object per account, as `tariff bill --catalogue --json`,\n"
    "                     each product with packs_used\n"
    "\n"
    "Not billed, and counted on stderr: events of accounts not activated, and events outside\n"
    "the month (those before it belong to closed months: bills are final). Every row is\n"
    "checked: a bad row, a product without a price in the month, a month not ended or out of\n"
    "order, another currency or offset than the database's: exit 2, nothing changed.\n"
    "Exit status: 0 closed (or already closed); 2 refused, nothing changed; 3 the output could\n"
    "not be written (the close itself is done: run it again to see its bills).\n";

struct close_options {
    std::optional<std::string> db_path;
    std::optional<tariff::billing_period> period;
    std::optional<std::string> catalogue_path;
    std::optional<std::string> book_path;
    tariff::utc_offset offset;
    std::optional<tariff::instant> now;
    bool json = false;
    unsigned threads = 0;  // 0: one per core
    std::string events_path;
};

/// Parses the arguments; returns an exit status when the command is done (help or an error).
std::optional<int> parse_arguments(const arguments& args, close_options& options) {
    std::optional<std::string> period_text, offset_text, now_text, threads_text;
    const parsed_arguments parsed = option_parser()
                                        .flag("--json", options.json)
                                        .value("--db", options.db_path, "a FILE")
                                        .value("--period", period_text, "a value")
                                        .value("--catalogue", options.catalogue_path, "a FILE")
                                        .value("--book", options.book_path, "a FILE")
                                        .value("--utc-offset", offset_text, "a value")
                                        .value("--now", now_text, "a value")
                                        .value("--threads", threads_text, "a value")
                                        .parse(args);
    auto refuse = [](const std::string& message) {
        return usage_error("close", message, close_usage_line);
    };
    if (const auto done = error_or_help(parsed, "close", close_usage_line, close_usage))
        return *done;
    if (parsed.operands.size() > 1) {
        return refuse("more than one events file (" + quote_input(parsed.operands[0]) + " and " +
                      quote_input(parsed.operands[1]) + ")");
    }
    if (!options.db_path) return refuse("--db FILE is required");
    if (!period_text) return refuse("--period YYYY-MM is required");
    if (parsed.operands.empty()) return refuse("an events file (or - for stdin) is required");
    options.events_path = std::string(parsed.operands[0]);
    if (threads_text) {
        if (const auto why = read_threads(*threads_text, options.threads)) return refuse(*why);
    }
    if (options.catalogue_path && options.book_path)
        return refuse("--book and --catalogue cannot both be given");
    try {
        options.period = tariff::billing_period::parse(*period_text);
    } catch (const tariff::error& e) {
        return refuse(std::string("--period: ") + e.what());
    }
    if (offset_text) {
        try {
            options.offset = tariff::utc_offset::parse(*offset_text);
        } catch (const tariff::error& e) {
            return refuse(std::string("--utc-offset: ") + e.what());
        }
    }
    if (now_text) {
        try {
            options.now = tariff::parse_instant(*now_text);
        } catch (const tariff::error& e) {
            return refuse(std::string("--now: ") + e.what());
        }
    }
    return std::nullopt;
}

// --- The text a person reads ---------------------------------------------------------------------

/// A bill as the text output shows it: every value already written as text.
struct bill_text {
    struct product_line {
        std::string product, quantity, free, packs_used, billable;
        std::optional<std::string> total;  ///< none: needs a quote
    };
    std::string account, period, currency;
    std::optional<std::string> total;  ///< none: needs a quote
    std::string balance_before, balance_after, service;
    std::vector<product_line> products;
};

bill_text text_of(const tariff::catalogue_bill<tariff::book_table>& bill) {
    const tariff::currency& cur = bill.currency;
    bill_text out;
    out.account = bill.account;
    out.period = tariff::to_string(bill.period);
    out.currency = cur.code;
    if (bill.total) out.total = tariff::format_amount(*bill.total, cur);
    out.balance_before = tariff::format_amount(bill.balance_before, cur);
    out.balance_after = tariff::format_amount(bill.balance_after, cur);
    out.service = tariff::to_string_view(bill.service);
    for (const auto& p : bill.products) {
        const auto& c = p.charge;
        auto quantity = [&](std::int64_t q) {
            return tariff::detail::quantity_string(q, c.quantity_scale);
        };
        bill_text::product_line line{p.product,
                                     quantity(c.quantity),
                                     quantity(c.free.value_or(0)),
                                     quantity(p.packs_used.value_or(0)),
                                     quantity(c.billable),
                                     std::nullopt};
        if (c.total) line.total = tariff::format_amount(*c.total, cur);
        out.products.push_back(std::move(line));
    }
    return out;
}

/// The member `key` of a JSON object read by the library's document reader, or null.
const tariff::detail::book_json::value* member(const tariff::detail::book_json::value& object,
                                               std::string_view key) {
    for (std::size_t i = 0; i < object.keys.size(); ++i) {
        if (object.keys[i] == key) return &object.items[i];
    }
    return nullptr;
}

/// A bill as a close kept it: from the JSON line kept with it, or, for a bill kept by other
/// means, from its record (without products).
bill_text text_of(const tariff::bill_record<ledger_amount>& bill, const tariff::currency& cur) {
    using tariff::detail::book_json::value;
    const tariff::settlement<ledger_amount>& s = bill.settled;
    bill_text out;
    out.account = bill.account;
    out.period = tariff::to_string(s.period);
    out.currency = cur.code;
    if (s.status == tariff::settlement_status::charged) {
        out.total = amount_text(s.charge, cur);
    }
    out.balance_before = amount_text(s.balance_before, cur);
    out.balance_after = amount_text(s.balance_after, cur);
    out.service = tariff::to_string_view(s.state);
    try {
        const value kept = tariff::detail::book_json::parse_document(bill.detail, "a kept bill");
        const value* products = member(kept, "products");
        if (products == nullptr) return out;
        for (const value& p : products->items) {
            auto text = [&](std::string_view key) {
                const value* v = member(p, key);
                return v == nullptr ? std::string("0") : v->text;
            };
            const value* total = member(p, "total");
            bill_text::product_line line{text("product"),    text("quantity"), text("free"),
                                         text("packs_used"), text("billable"), std::nullopt};
            if (total != nullptr && total->type == value::kind::string) line.total = total->text;
            out.products.push_back(std::move(line));
        }
    } catch (const tariff::error&) {
        out.products.clear();  // not a close's JSON: the record alone is shown
    }
    return out;
}

/// Appends a bill for a person: a line for the account, then one per product.
void append_text(std::string& out, const bill_text& bill, bool already_closed) {
    out += bill.account + ' ' + bill.period + ": ";
    if (already_closed) out += "already closed; ";
    if (bill.total) {
        out += *bill.total + ' ' + bill.currency + " deducted, balance " + bill.balance_before +
               " -> " + bill.balance_after + ' ' + bill.currency;
    } else {
        out +=
            "quote required, nothing deducted, balance " + bill.balance_after + ' ' + bill.currency;
    }
    out += ", " + bill.service + '\n';
    if (bill.products.empty()) {
        out += "  no usage\n";
        return;
    }
    const std::vector<std::string> heads = {"product", "quantity", "free",
                                            "packs",   "billable", "total"};
    std::vector<std::vector<std::string>> rows;
    for (const auto& p : bill.products) {
        rows.push_back({p.product, p.quantity, p.free, p.packs_used, p.billable,
                        p.total ? *p.total : std::string("quote")});
    }
    std::vector<std::size_t> width(heads.size());
    for (std::size_t i = 0; i < heads.size(); ++i) {
        width[i] = heads[i].size();
        for (const auto& row : rows) width[i] = std::max(width[i], row[i].size());
    }
    auto append_row = [&](const std::vector<std::string>& row) {
        out += "  " + tariff::detail::pad_right(row[0], width[0]);
        for (std::size_t i = 1; i < row.size(); ++i) {
            out += "  " + tariff::detail::pad_left(row[i], width[i]);
        }
        out += '\n';
    };
    append_row(heads);
    for (const auto& row : rows) append_row(row);
}

std::string plural(std::uint64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

tariff::instant clock_now() {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace

int run_close(const arguments& args) {
    close_options options;
    if (const auto done = parse_arguments(args, options)) return *done;
    const tariff::instant now = options.now ? *options.now : clock_now();
    const tariff::billing_period period = *options.period;

    const tariff::book_catalogue prices = load_prices(options.catalogue_path, options.book_path);
    ledger_db db = open_ledger(*options.db_path, false);
    const tariff::currency& cur = db.books->currency();
    tariff::check_close_month(*db.books, prices.currency_info(), period, options.offset, now);

    tariff::catalogue_billing_run<tariff::book_table> run(prices, period, options.offset);
    tariff::read_usage(run.usage(), options.events_path, options.threads, tariff::usage_buffer_size,
                       tariff::file_access::map);

    std::string out;
    ledger_amount deducted{};
    std::size_t quotes = 0;
    const auto summary = tariff::close_month(
        *db.books, run, now,
        [&](const tariff::catalogue_bill<tariff::book_table>& bill, const std::string& json) {
            if (options.json) {
                out += json;
                out += '\n';
            } else {
                append_text(out, text_of(bill), false);
            }
            if (bill.total)
                deducted = deducted + *bill.total;
            else
                ++quotes;
        });

    const std::string month = tariff::to_string(period);
    const tariff::monthly_usage<ledger_amount>& usage = run.usage();
    if (summary.order == tariff::close_order::again) {
        for (const auto& bill : summary.already_closed) {
            if (options.json) {
                out += tariff::already_closed_json(bill, cur);
                out += '\n';
            } else {
                append_text(out, text_of(bill, cur), true);
            }
        }
        std::cout << out;
        std::cerr << "tariff close: " << month << " is already closed; nothing changed";
        if (usage.events_in_period() > 0) {
            std::cerr << " (" << plural(usage.events_in_period(), "event", "events") << " of "
                      << month << " not billed: bills are final)";
        }
        std::cerr << '\n';
        return exit_ok;
    }
    if (!options.json) {
        out += "closed " + month + " (UTC offset " + tariff::to_string(options.offset) +
               "): " + plural(summary.accounts_billed, "account", "accounts") + ", " +
               amount_text(deducted, cur) + ' ' + std::string(cur.code) + " deducted";
        if (quotes > 0) out += ", " + plural(quotes, "bill needs", "bills need") + " a quote";
        out += '\n';
    }
    std::cout << out;
    if (summary.timing == tariff::close_timing::late) {
        std::cerr << "tariff close: warning: " << month << " closed late: its bills were due by "
                  << tariff::to_rfc3339(tariff::issue_window(period, options.offset).end,
                                        options.offset)
                  << " (the 1st to 3rd of the next month)\n";
    }
    if (summary.inactive_events > 0) {
        std::cerr << "tariff close: " << plural(summary.inactive_events, "event", "events")
                  << " of " << plural(summary.inactive_accounts, "account", "accounts")
                  << " not activated, not billed\n";
    }
    if (usage.events_before() > 0) {
        std::cerr << "tariff close: " << plural(usage.events_before(), "event", "events")
                  << " before " << month
                  << " not billed: earlier months are not billed again (bills are final)\n";
    }
    if (usage.events_after() > 0) {
        std::cerr << "tariff close: " << plural(usage.events_after(), "event", "events")
                  << " after " << month << " not billed now: the close of their month bills them\n";
    }
    return exit_ok;
}

}  // namespace tariff_cli
