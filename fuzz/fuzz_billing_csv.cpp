// Arbitrary bytes as the two CSV files of a billing run, through the library's streaming readers
// (usage_csv_reader, balances_csv_reader) and tariff::billing_run, as `tariff bill` uses them.
//
// Input: a flags byte (currency, period, UTC offset, whether a balances file comes first), a
// chunk-size byte, then the text; with a balances file it is the text up to the first form feed
// (\f) and the events file the rest.
//
// Checked: a bad file is refused with a csv_error whose line number lies within the file and
// whose message is "SOURCE:LINE: reason", short and free of control bytes however long or odd the
// input (values are echoed escaped and bounded); nothing else is thrown and nothing crashes.
// Feeding the bytes whole or in chunks gives the same rows and the same error. Every row handed out
// is valid (account well-formed, calls >= 0, the timestamp parses to the instant given). A run that
// reads both files has one bill per account, sorted, each with the calls counted independently
// here, the charge rate() gives, balance_after = balance_before - total, and suspended exactly when
// balance_after < 0; the bills print as CSV and JSON.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tariff/billing_run.hpp>
#include <tariff/charge.hpp>
#include <tariff/json.hpp>
#include <tariff/period.hpp>
#include <tariff/usage_csv.hpp>
#include <vector>

namespace {

using table_type = tariff::book_table;
using amount_type = table_type::amount_type;

std::string_view g_input;

[[noreturn]] void finding(const std::string& what) {
    std::string shown;
    for (const char c : g_input.substr(0, 2000)) {
        const auto u = static_cast<unsigned char>(c);
        if (u == '\n' || (u >= 0x20 && u < 0x7f)) {
            shown.push_back(c);
        } else {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\x%02x", u);
            shown += buffer;
        }
    }
    std::fprintf(stderr, "fuzz_billing_csv: %s\n  input:\n%s\n", what.c_str(), shown.c_str());
    std::abort();
}

const table_type& table_for(unsigned which) {
    static const table_type usd = tariff::faceid_price_book().table;
    static const table_type jpy =
        tariff::read_price_book(
            R"({"currency": "JPY", "mode": "graduated", "minimum": "100", "tiers": [
            {"up_to": 10, "unit_price": "0.5", "flat_fee": "3"}, {"up_to": "inf", "unit_price": "12"}]})",
            "jpy.json")
            .table;
    static const table_type bhd =
        tariff::read_price_book(
            R"({"currency": "BHD", "mode": "volume", "rounding": "half_even", "rounding_scope": "total",
            "package": {"size": 3, "round": "down"}, "maximum": "5000.000",
            "tiers": [{"up_to": 100, "unit_price": "0.0125"}, {"up_to": "inf", "unit_price": "1.0005"}]})",
            "bhd.json")
            .table;
    switch (which % 3) {
        case 0:
            return usd;
        case 1:
            return jpy;
        default:
            return bhd;
    }
}

constexpr tariff::billing_period periods[] = {{2024, 2},  {2024, 1}, {0, 1},    {9999, 12},
                                              {2023, 12}, {1970, 1}, {2000, 2}, {2100, 2}};
const char* const offsets[] = {"+00:00", "+05:45", "-23:59", "+14:00"};

/// A row as handed out, copied.
struct event_row {
    std::string account, timestamp;
    tariff::instant at;
    std::int64_t calls;
    bool operator==(const event_row& o) const {
        return account == o.account && timestamp == o.timestamp && at == o.at && calls == o.calls;
    }
};
struct balance_copy {
    std::string account;
    amount_type balance;
    bool operator==(const balance_copy& o) const {
        return account == o.account && balance == o.balance;
    }
};

/// How reading ended: nothing wrong, or a csv_error at a line.
struct read_end {
    std::optional<std::uint64_t> line;
    std::string message;
    bool operator==(const read_end& o) const { return line == o.line && message == o.message; }
};

std::uint64_t line_count(std::string_view text) {
    std::uint64_t n = 1;
    for (const char c : text) n += c == '\n' ? 1 : 0;
    return n;
}

/// Feeds `text` to `reader` in chunks of `chunk` bytes (all at once when 0); `on_row` gets the
/// rows. Any exception but csv_error is a finding.
template <class Reader, class OnRow>
read_end read(const char* what, Reader& reader, std::string_view text, std::size_t chunk,
              OnRow&& on_row) {
    read_end end;
    try {
        if (chunk == 0) {
            reader.feed(text, on_row);
        } else {
            for (std::size_t at = 0; at < text.size(); at += chunk)
                reader.feed(text.substr(at, chunk), on_row);
        }
        reader.finish(on_row);
    } catch (const tariff::csv_error& e) {
        end.line = e.line();
        end.message = e.what();
        const std::string prefix = e.source() + ":" + std::to_string(e.line()) + ": ";
        if (end.message.rfind(prefix, 0) != 0 || e.reason().empty()) {
            finding(std::string(what) +
                    ": csv_error message is not \"SOURCE:LINE: reason\": " + end.message);
        }
        // Input is echoed escaped and bounded: no control byte, and a line of any length gives
        // a short message (the source, the line number, a reason and a 64-byte prefix).
        for (const char c : end.message) {
            const auto u = static_cast<unsigned char>(c);
            if (u < 0x20 || u == 0x7f)
                finding(std::string(what) + ": a control byte in the message: " + end.message);
        }
        if (end.message.size() > 1000)
            finding(std::string(what) + ": a message of " + std::to_string(end.message.size()) +
                    " bytes");
        if (e.line() < 1 || e.line() > line_count(text)) {
            finding(std::string(what) + ": csv_error at line " + std::to_string(e.line()) +
                    " of a " + std::to_string(line_count(text)) + "-line file: " + end.message);
        }
    } catch (const std::exception& e) {
        finding(std::string(what) + ": threw something other than csv_error: " + e.what());
    } catch (...) {
        finding(std::string(what) + ": threw something not derived from std::exception");
    }
    return end;
}

void check_row(const tariff::usage_event& e) {
    if (!tariff::detail::check_account(e.account))
        finding("an invalid account was handed out: " + std::string(e.account));
    if (e.calls < 0) finding("negative calls handed out");
    try {
        if (tariff::parse_instant(e.timestamp) != e.at)
            finding("the instant differs from its timestamp " + std::string(e.timestamp));
    } catch (const std::exception& x) {
        finding("a handed-out timestamp does not parse: " + std::string(x.what()));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::uint8_t flags = data[0];
    const std::size_t chunk = data[1] + 1u;
    const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
    g_input = text;

    std::string_view balances_text, events_text = text;
    const bool has_balances = (flags & 1) != 0;
    if (has_balances) {
        const std::size_t split = text.find('\f');
        balances_text = text.substr(0, split);
        events_text = split == std::string_view::npos ? std::string_view() : text.substr(split + 1);
    }
    const table_type& table = table_for(flags >> 1 & 3u);
    const tariff::billing_period period = periods[flags >> 3 & 7u];
    const tariff::utc_offset offset = tariff::utc_offset::parse(offsets[flags >> 6 & 3u]);
    const tariff::currency& cur = table.currency_info();

    // Whole and in chunks: the same rows, the same ending.
    std::vector<event_row> whole_rows, chunked_rows;
    read_end whole_end, chunked_end;
    {
        tariff::usage_csv_reader whole("events.csv"), chunked("events.csv");
        whole_end =
            read("events (whole)", whole, events_text, 0, [&](const tariff::usage_event& e) {
                check_row(e);
                whole_rows.push_back(
                    {std::string(e.account), std::string(e.timestamp), e.at, e.calls});
            });
        chunked_end =
            read("events (chunks)", chunked, events_text, chunk, [&](const tariff::usage_event& e) {
                chunked_rows.push_back(
                    {std::string(e.account), std::string(e.timestamp), e.at, e.calls});
            });
        if (!(whole_rows == chunked_rows) || !(whole_end == chunked_end)) {
            finding("events read whole and in chunks of " + std::to_string(chunk) +
                    " differ: " + whole_end.message + " / " + chunked_end.message);
        }
        if (whole.rows() != whole_rows.size()) finding("rows() does not count the rows");
    }
    std::vector<balance_copy> balances;
    read_end balances_end;
    if (has_balances) {
        std::vector<balance_copy> chunked_balances;
        tariff::balances_csv_reader<amount_type> whole("balances.csv", cur),
            chunked("balances.csv", cur);
        balances_end = read("balances (whole)", whole, balances_text, 0,
                            [&](const tariff::balance_row<amount_type>& b) {
                                if (!tariff::detail::check_account(b.account))
                                    finding("an invalid account was handed out");
                                if (tariff::quantize(b.balance, cur.minor_units,
                                                     tariff::rounding::down) != b.balance) {
                                    finding("a balance finer than the minor unit was handed out: " +
                                            tariff::to_string(b.balance));
                                }
                                balances.push_back({std::string(b.account), b.balance});
                            });
        const read_end again =
            read("balances (chunks)", chunked, balances_text, chunk,
                 [&](const tariff::balance_row<amount_type>& b) {
                     chunked_balances.push_back({std::string(b.account), b.balance});
                 });
        if (!(balances == chunked_balances) || !(balances_end == again)) {
            finding("balances read whole and in chunks differ: " + balances_end.message + " / " +
                    again.message);
        }
        std::map<std::string, int> seen;
        for (const balance_copy& b : balances) {
            if (++seen[b.account] > 1)
                finding("account " + b.account + " handed out with two balances");
        }
    }
    if (whole_end.line || balances_end.line) return 0;

    // The run, as `tariff bill` does it: balances, then events, then the bills.
    tariff::billing_run<table_type> run(table, period, offset);
    tariff::balances_csv_reader<amount_type> balance_reader("balances.csv", cur);
    tariff::usage_csv_reader event_reader("events.csv");
    std::map<std::string, std::int64_t> calls;   // in the period, counted here
    std::map<std::string, amount_type> opening;  // balances set
    bool overflowed = false;
    const tariff::instant_range range = tariff::period_range(period, offset);
    if (has_balances) {
        const read_end end = read("billing balances", balance_reader, balances_text, chunk,
                                  [&](const tariff::balance_row<amount_type>& b) {
                                      run.set_balance(b.account, b.balance);
                                      opening[std::string(b.account)] = b.balance;
                                  });
        if (end.line)
            finding("balances refused by the run after the reader accepted them: " + end.message);
    }
    const read_end events_end =
        read("billing events", event_reader, events_text, chunk, [&](const tariff::usage_event& e) {
            std::int64_t& n = calls[std::string(e.account)];
            if (range.contains(e.at) && __builtin_add_overflow(n, e.calls, &n)) overflowed = true;
            run.add(e.account, e.at, e.calls);
        });
    if (events_end.line) {
        // Only a month of more than 2^63-1 calls is refused here (the reader accepted every row).
        if (!overflowed || events_end.message.find("exceed") == std::string::npos) {
            finding("events refused by the run after the reader accepted them: " +
                    events_end.message);
        }
        return 0;
    }
    if (overflowed) finding("a month of more than 2^63-1 calls was not refused");

    std::vector<tariff::account_bill<amount_type>> bills;
    std::string printed;
    try {
        bills = run.bills();
        for (const auto& bill : bills) {
            tariff::append_csv(printed, bill);
            tariff::append_json(printed, bill);
        }
    } catch (const std::exception& e) {
        finding(std::string("bills() or printing threw: ") + e.what());
    }
    for (const auto& [account, balance] : opening) calls.emplace(account, 0);
    if (bills.size() != calls.size()) {
        finding(std::to_string(bills.size()) + " bills for " + std::to_string(calls.size()) +
                " accounts");
    }
    auto expected = calls.begin();
    for (const auto& bill : bills) {
        const std::string at = "bill of " + bill.account + ": ";
        if (bill.account != expected->first)
            finding(at + "expected the account " + expected->first + " (sorted)");
        if (bill.calls != expected->second)
            finding(at + std::to_string(bill.calls) + " calls, counted " +
                    std::to_string(expected->second));
        ++expected;
        if (bill.period != period) finding(at + "wrong period");
        const auto found = opening.find(bill.account);
        const amount_type before = found == opening.end() ? amount_type() : found->second;
        if (bill.balance_before != before)
            finding(at + "balance_before " + tariff::to_string(bill.balance_before));
        const auto charge = tariff::rate(table, bill.calls);
        if (bill.status != charge.status || bill.total != charge.total)
            finding(at + "the total is not rate()'s");
        const amount_type deducted = bill.total ? *bill.total : amount_type();
        if (bill.balance_after != bill.balance_before - deducted)
            finding(at + "balance_after is not balance_before - total");
        const bool suspended = bill.balance_after.is_negative();
        if ((bill.service == tariff::service_state::suspended) != suspended)
            finding(at + "service state disagrees with the balance");
        if (!suspended && bill.service != tariff::service_state::active)
            finding(at + "not active with a balance >= 0");
    }
    return 0;
}
