// Tests for include/tariff/usage_csv.hpp: the streaming events and balances readers.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <tariff/usage_csv.hpp>
#include <vector>

#include "support/reps.hpp"

namespace {

// 2024-02-01T00:00:00Z in seconds since the epoch: 2024-01-01 is 19723 days after 1970-01-01
// (54 years, 13 of them leap), plus the 31 days of January.
constexpr std::int64_t feb_1_2024 = (19723 + 31) * 86400;

struct row {
    std::string account;
    std::string timestamp;
    std::int64_t seconds;
    std::int64_t calls;
    std::uint64_t line;
    bool operator==(const row& o) const {
        return account == o.account && timestamp == o.timestamp && seconds == o.seconds &&
               calls == o.calls && line == o.line;
    }
};

// Reads `text` fed in chunks of the given sizes (cycled); 0 means all at once. Calls count
// steps of 10^-scale.
std::vector<row> read_events(std::string_view text, std::vector<std::size_t> chunks = {0},
                             int scale = 0) {
    std::vector<row> out;
    tariff::usage_csv_reader reader("events.csv", scale);
    auto on_event = [&](const tariff::usage_event& e) {
        out.push_back(row{std::string(e.account), std::string(e.timestamp),
                          e.at.time_since_epoch().count(), e.calls, reader.line()});
    };
    std::size_t k = 0;
    while (!text.empty()) {
        const std::size_t size = chunks[k++ % chunks.size()];
        const std::size_t n = size == 0 || size > text.size() ? text.size() : size;
        reader.feed(text.substr(0, n), on_event);
        text.remove_prefix(n);
    }
    reader.finish(on_event);
    CHECK(reader.rows() == out.size());
    return out;
}

// The csv_error message reading `text` gives ("" if none).
std::string events_error(std::string_view text, std::vector<std::size_t> chunks = {0}) {
    try {
        read_events(text, chunks);
    } catch (const tariff::csv_error& e) {
        return e.what();
    }
    return "";
}

const std::string header = "account,timestamp,calls\n";

}  // namespace

TEST_CASE("usage_csv_reader hands over each row with its line") {
    const auto rows = read_events(header +
                                  "alice,2024-02-01T00:00:00Z,5\n"
                                  "bob,2024-02-01T05:45:00+05:45,0\n"
                                  "alice,2024-01-31T23:00:00-01:00,9223372036854775807\n");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0] == row{"alice", "2024-02-01T00:00:00Z", feb_1_2024, 5, 2});
    CHECK(rows[1] == row{"bob", "2024-02-01T05:45:00+05:45", feb_1_2024, 0, 3});
    CHECK(rows[2] == row{"alice", "2024-01-31T23:00:00-01:00", feb_1_2024, 9223372036854775807, 4});
}

TEST_CASE("usage_csv_reader: line endings, empty lines, byte order mark") {
    const std::vector<row> expected{{"a", "2024-02-01T00:00:00Z", feb_1_2024, 1, 2},
                                    {"b", "2024-02-01T00:00:01Z", feb_1_2024 + 1, 2, 4}};
    // LF, CR LF, no final line ending, blank lines anywhere, a UTF-8 BOM before the header.
    CHECK(read_events(header + "a,2024-02-01T00:00:00Z,1\n\nb,2024-02-01T00:00:01Z,2\n") ==
          expected);
    CHECK(read_events("account,timestamp,calls\r\na,2024-02-01T00:00:00Z,1\r\n\r\n"
                      "b,2024-02-01T00:00:01Z,2") == expected);
    CHECK(read_events("\xEF\xBB\xBF" + header +
                      "a,2024-02-01T00:00:00Z,1\n\nb,2024-02-01T00:00:01Z,2\n\n\n") == expected);
    // A header and nothing else is an empty, valid file.
    CHECK(read_events(header).empty());
    CHECK(read_events("account,timestamp,calls").empty());
}

TEST_CASE("usage_csv_reader gives the same rows however the input is cut") {
    std::string text =
        "\xEF\xBB\xBF"
        "account,timestamp,calls\r\n";
    std::vector<row> expected;
    std::mt19937_64 rng(20240229);
    for (std::uint64_t i = 0; i < 300; ++i) {
        const std::int64_t calls = static_cast<std::int64_t>(rng() % 100000);
        const bool quoted = i % 7 == 0;
        const std::string account = quoted ? "Acme \"" + std::to_string(i % 5) + "\", Inc."
                                           : "acct-" + std::to_string(i % 13);
        const std::string field =
            quoted ? "\"Acme \"\"" + std::to_string(i % 5) + "\"\", Inc.\"" : account;
        const std::int64_t second = static_cast<std::int64_t>(i % 60);
        const std::string stamp = std::string("2024-02-01T00:00:") + (second < 10 ? "0" : "") +
                                  std::to_string(second) + "Z";
        text += field + "," + stamp + "," + std::to_string(calls) + (i % 3 ? "\n" : "\r\n");
        expected.push_back(row{account, stamp, feb_1_2024 + second, calls, i + 2});
    }
    CHECK(read_events(text) == expected);
    CHECK(read_events(text, {1}) == expected);
    CHECK(read_events(text, {2, 3, 5, 7}) == expected);
    for (int round = 0; round < 20; ++round) {
        std::vector<std::size_t> sizes;
        for (int k = 0; k < 16; ++k) sizes.push_back(1 + rng() % 97);
        CHECK(read_events(text, sizes) == expected);
    }
}

TEST_CASE("usage_csv_reader: RFC 4180 quoted fields") {
    const auto rows = read_events(header +
                                  "\"Acme, Inc.\",2024-02-01T00:00:00Z,1\n"
                                  "\"say \"\"hi\"\"\",\"2024-02-01T00:00:00Z\",\"2\"\n"
                                  "\"\"\"\"\"\",2024-02-01T00:00:00Z,3\n");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].account == "Acme, Inc.");
    CHECK(rows[1].account == "say \"hi\"");
    CHECK(rows[1].calls == 2);
    CHECK(rows[2].account == "\"\"");

    CHECK(events_error(header + "\"Acme,2024-02-01T00:00:00Z,1\n") ==
          "events.csv:2: field 1: no closing quote");
    CHECK(events_error(header + "\"Acme\"x,2024-02-01T00:00:00Z,1\n") ==
          "events.csv:2: field 1: \"x\" after the closing quote");
    CHECK(events_error(header + "Ac\"me,2024-02-01T00:00:00Z,1\n") ==
          "events.csv:2: field 1: a quote inside an unquoted field (quote the whole field and "
          "write \"\" for a quote)");
    CHECK(events_error(header + "\"\",2024-02-01T00:00:00Z,1\n") ==
          "events.csv:2: invalid account \"\": empty");
}

TEST_CASE("usage_csv_reader refuses each malformed row with FILE:LINE and the reason") {
    const std::string ok = "ok,2024-02-01T00:00:00Z,1\n";
    auto at_line_3 = [&](const std::string& bad) { return events_error(header + ok + bad); };

    CHECK(at_line_3("a,2024-02-01T00:00:00,1\n") ==
          "events.csv:3: invalid timestamp \"2024-02-01T00:00:00\": expected a UTC offset ('Z', "
          "'+HH:MM' or '-HH:MM') at position 20");
    CHECK(at_line_3("a,2024-13-01T00:00:00Z,1\n") ==
          "events.csv:3: invalid timestamp \"2024-13-01T00:00:00Z\": month 13 is not 01-12");
    CHECK(at_line_3("a,2023-02-29T00:00:00Z,1\n") ==
          "events.csv:3: invalid timestamp \"2023-02-29T00:00:00Z\": day 29 does not exist in "
          "2023-02");
    CHECK(at_line_3("a,2024-02-01 00:00:00Z,1\n") ==
          "events.csv:3: invalid timestamp \"2024-02-01 00:00:00Z\": expected 'T' at position 11");
    CHECK(at_line_3("a,2024-02-01T00:00:00Z,-5\n") ==
          "events.csv:3: invalid calls \"-5\": negative; calls are a whole number from 0 to "
          "9223372036854775807");
    CHECK(at_line_3("a,2024-02-01T00:00:00Z,abc\n") ==
          "events.csv:3: invalid calls \"abc\": not a whole number (plain decimal digits only)");
    CHECK(at_line_3("a,2024-02-01T00:00:00Z,1.5\n") ==
          "events.csv:3: invalid calls \"1.5\": not a whole number (plain decimal digits only)");
    CHECK(at_line_3("a,2024-02-01T00:00:00Z, 7\n") ==
          "events.csv:3: invalid calls \" 7\": not a whole number (plain decimal digits only)");
    CHECK(at_line_3("a,2024-02-01T00:00:00Z,+7\n") ==
          "events.csv:3: invalid calls \"+7\": not a whole number (plain decimal digits only)");
    CHECK(at_line_3("a,2024-02-01T00:00:00Z,\n") ==
          "events.csv:3: invalid calls \"\": empty, expected a whole number from 0 to "
          "9223372036854775807");
    CHECK(at_line_3("a,2024-02-01T00:00:00Z,9223372036854775808\n") ==
          "events.csv:3: invalid calls \"9223372036854775808\": larger than 9223372036854775807");
    CHECK(at_line_3("a,2024-02-01T00:00:00Z\n") ==
          "events.csv:3: expected 3 fields (account,timestamp,calls), found 2");
    CHECK(at_line_3("a,2024-02-01T00:00:00Z,1,\n") ==
          "events.csv:3: expected 3 fields (account,timestamp,calls), found 4");
    CHECK(at_line_3("a,2024-02-01T00:00:00Z,1,x\r\n") ==
          "events.csv:3: expected 3 fields (account,timestamp,calls), found 4");
    CHECK(at_line_3(" \n") == "events.csv:3: expected 3 fields (account,timestamp,calls), found 1");
    CHECK(at_line_3(",2024-02-01T00:00:00Z,1\n") == "events.csv:3: invalid account \"\": empty");
    CHECK(at_line_3(" a,2024-02-01T00:00:00Z,1\n") ==
          "events.csv:3: invalid account \" a\": leading or trailing space");
    CHECK(at_line_3("a\t,2024-02-01T00:00:00Z,1\n") ==
          "events.csv:3: invalid account \"a\\x09\": control character");
    CHECK(at_line_3("a\rb,2024-02-01T00:00:00Z,1\n") ==
          "events.csv:3: invalid account \"a\\x0db\": control character");
    // Bytes that are not UTF-8 are echoed escaped, as control characters are.
    CHECK(at_line_3("caf\xC3,2024-02-01T00:00:00Z,1\n") ==
          "events.csv:3: invalid account \"caf\\xc3\": not UTF-8");
    CHECK(at_line_3("\xED\xA0\x80,2024-02-01T00:00:00Z,1\n") ==
          "events.csv:3: invalid account \"\\xed\\xa0\\x80\": not UTF-8");  // a surrogate
    // C1 controls are control characters too (issue 16): U+0085 NEXT LINE, U+009B CSI.
    CHECK(at_line_3("a\xC2\x85"
                    "b,2024-02-01T00:00:00Z,1\n") ==
          "events.csv:3: invalid account \"a\\xc2\\x85b\": control character");
    CHECK(at_line_3("\xC2\x9b"
                    "2J,2024-02-01T00:00:00Z,1\n") ==
          "events.csv:3: invalid account \"\\xc2\\x9b2J\": control character");
    CHECK(at_line_3("a\x7f,2024-02-01T00:00:00Z,1\n") ==
          "events.csv:3: invalid account \"a\\x7f\": control character");
    // A long bad value is echoed as a bounded prefix, marked as cut.
    CHECK(at_line_3("a,2024-02-01T00:00:00Z," + std::string(1000, '9') + "x\n") ==
          "events.csv:3: invalid calls \"" + std::string(64, '9') +
              "\"\xE2\x80\xA6: not a whole number (plain decimal digits only)");
    CHECK(at_line_3("a,2024-02-01T00:00:00Z,-0\n") ==
          "events.csv:3: invalid calls \"-0\": not a whole number (plain decimal digits only)");
    CHECK(at_line_3("a,2024-02-01T00:00:00Z,-99999999999999999999\n") ==
          "events.csv:3: invalid calls \"-99999999999999999999\": negative; calls are a whole "
          "number from 0 to 9223372036854775807");
    CHECK(at_line_3("a,2024-02-01T00:00:00Z,99999999999999999999x\n") ==
          "events.csv:3: invalid calls \"99999999999999999999x\": not a whole number (plain "
          "decimal digits only)");
    // Well-formed UTF-8 is an account like any other, U+00A0 (just above the C1 range) too.
    CHECK(read_events(header + "a\xC2\xA0"
                               "b,2024-02-01T00:00:00Z,1\n")
              .size() == 1);
    CHECK(read_events(header + "caf\xC3\xA9 \xF0\x9F\x98\x80,2024-02-01T00:00:00Z,1\n").size() ==
          1);
}

TEST_CASE("usage_csv_reader refuses a missing or wrong header") {
    CHECK(events_error("") == "events.csv:1: no header: expected \"account,timestamp,calls\"");
    CHECK(events_error("\n" + header) ==
          "events.csv:1: expected the header \"account,timestamp,calls\", found an empty line");
    CHECK(events_error("a,2024-02-01T00:00:00Z,1\n") ==
          "events.csv:1: expected the header \"account,timestamp,calls\", found "
          "\"a,2024-02-01T00:00:00Z,1\"");
    CHECK(events_error("Account,Timestamp,Calls\n") ==
          "events.csv:1: expected the header \"account,timestamp,calls\", found "
          "\"Account,Timestamp,Calls\"");
    CHECK(events_error("account,timestamp,calls,extra\n") ==
          "events.csv:1: expected the header \"account,timestamp,calls\", found "
          "\"account,timestamp,calls,extra\"");
    CHECK(events_error("account, timestamp, calls\n") ==
          "events.csv:1: expected the header \"account,timestamp,calls\", found "
          "\"account, timestamp, calls\"");
}

TEST_CASE("usage_csv_reader bounds the length of a line, however it is cut") {
    using reader = tariff::usage_csv_reader;
    const std::string longest(reader::max_line_length - 23, 'x');
    const std::string fits = header + longest + ",2024-02-01T00:00:00Z,1\r\n";
    REQUIRE(fits.size() == header.size() + reader::max_line_length + 2);
    const std::string too_long = header + "y" + longest + ",2024-02-01T00:00:00Z,1\n";
    for (const std::vector<std::size_t>& chunks :
         std::vector<std::vector<std::size_t>>{{0}, {1}, {100}, {4096}, {4097}}) {
        CHECK(read_events(fits, chunks).size() == 1);
        CHECK(events_error(too_long, chunks) == "events.csv:2: line longer than 4096 bytes");
        CHECK(events_error(too_long + "a,2024-02-01T00:00:00Z,1\n", chunks) ==
              "events.csv:2: line longer than 4096 bytes");
    }
    // A long line without a line ending at all.
    CHECK(events_error(header + std::string(5000, 'z'), {1000}) ==
          "events.csv:2: line longer than 4096 bytes");
    // Memory stays bounded: the reader refuses while the line is still being fed, not at its end.
    tariff::usage_csv_reader endless("endless.csv");
    const auto ignore = [](const tariff::usage_event&) {};
    endless.feed(header, ignore);
    const std::string chunk(1000, 'z');
    for (int i = 0; i < 4; ++i) endless.feed(chunk, ignore);
    CHECK_THROWS_WITH_AS(endless.feed(chunk, ignore), "endless.csv:2: line longer than 4096 bytes",
                         tariff::csv_error);
}

TEST_CASE("usage_csv_reader reports the callback's errors at the row's line") {
    tariff::usage_csv_reader reader("stdin");
    const auto refuse_bob = [](const tariff::usage_event& e) {
        if (e.account == "bob") throw tariff::overflow_error("too many calls for bob");
    };
    reader.feed(header + "alice,2024-02-01T00:00:00Z,1\n", refuse_bob);
    try {
        reader.feed("bob,2024-02-01T00:00:00Z,1\n", refuse_bob);
        FAIL("bob was not refused");
    } catch (const tariff::csv_error& e) {
        CHECK(std::string(e.what()) == "stdin:3: too many calls for bob");
        CHECK(e.source() == "stdin");
        CHECK(e.line() == 3);
        CHECK(e.reason() == "too many calls for bob");
    }
}

TEST_CASE_TEMPLATE("balances_csv_reader reads balances at the currency's precision", Rep,
                   TARIFF_TEST_REPS) {
    using amount = tariff::decimal<2, Rep>;
    struct balance {
        std::string account;
        amount value;
    };
    const auto read = [](std::string_view text, tariff::currency cur) {
        std::vector<balance> out;
        tariff::balances_csv_reader<amount> reader("balances.csv", cur);
        const auto on_row = [&](const tariff::balance_row<amount>& b) {
            out.push_back(balance{std::string(b.account), b.balance});
        };
        reader.feed(text, on_row);
        reader.finish(on_row);
        return out;
    };
    const auto error = [&](std::string_view text, tariff::currency cur) -> std::string {
        try {
            read(text, cur);
        } catch (const tariff::csv_error& e) {
            return e.what();
        }
        return "";
    };
    const tariff::currency usd = tariff::iso::USD::info;
    const tariff::currency jpy = tariff::iso::JPY::info;

    const auto rows =
        read("account,balance\r\nalice,100.00\r\nbob,-0.05\n\"c, d\",7.5\ne,+3\n", usd);
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].account == "alice");
    CHECK(rows[0].value.raw_value() == 10000);
    CHECK(rows[1].value.raw_value() == -5);
    CHECK(rows[2].account == "c, d");
    CHECK(rows[2].value.raw_value() == 750);
    CHECK(rows[3].value.raw_value() == 300);
    CHECK(read("account,balance\nyen,-1500\n", jpy)[0].value.raw_value() == -150000);

    CHECK(error("account,balance\nalice,1.005\n", usd) ==
          "balances.csv:2: invalid balance \"1.005\": more than 2 fraction digits (USD has 2)");
    CHECK(error("account,balance\nalice,1.000\n", usd) ==
          "balances.csv:2: invalid balance \"1.000\": more than 2 fraction digits (USD has 2)");
    CHECK(error("account,balance\nyen,5.0\n", jpy) ==
          "balances.csv:2: invalid balance \"5.0\": more than 0 fraction digits (JPY has 0)");
    CHECK(error("account,balance\nalice,abc\n", usd) ==
          "balances.csv:2: invalid balance \"abc\": expected [+|-]digits[.digits]");
    CHECK(error("account,balance\nalice,1e3\n", usd) ==
          "balances.csv:2: invalid balance \"1e3\": expected [+|-]digits[.digits]");
    CHECK(error("account,balance\nalice,.5\n", usd) ==
          "balances.csv:2: invalid balance \".5\": expected [+|-]digits[.digits]");
    CHECK(error("account,balance\nalice,\n", usd) ==
          "balances.csv:2: invalid balance \"\": empty, expected [+|-]digits[.digits]");
    CHECK(error("account,balance\nalice,1,2\n", usd) ==
          "balances.csv:2: expected 2 fields (account,balance), found 3");
    CHECK(error("account,balance\nalice,1\nbob,2\nalice,3\n", usd) ==
          "balances.csv:4: account \"alice\" already has a balance on line 2");
    CHECK(error("account,timestamp,calls\n", usd) ==
          "balances.csv:1: expected the header \"account,balance\", found "
          "\"account,timestamp,calls\"");
    CHECK(error("", usd) == "balances.csv:1: no header: expected \"account,balance\"");
    if constexpr (std::is_same_v<Rep, std::int64_t>) {
        CHECK(error("account,balance\nalice,92233720368547758.08\n", usd) ==
              "balances.csv:2: invalid balance \"92233720368547758.08\": too large");
    }
    // A balance type coarser than the currency cannot hold its balances.
    using coarse = tariff::balances_csv_reader<amount>;
    CHECK_THROWS_AS(coarse("b.csv", tariff::iso::BHD::info), tariff::invalid_argument);
}

TEST_CASE("usage_csv_reader reads plain rows as it reads the same rows quoted") {
    // A plain row takes the eight-bytes-at-a-time path; the same row with its fields quoted
    // takes the general one. Both must hand over the same event, or refuse it alike.
    std::mt19937 rng(7);
    const std::vector<std::string> accounts{
        "a",     "acct-00042", "with space", "caf\xC3\xA9",
        " lead", "trail ",     "x,y",        "0123456789abcdefghij"};
    const std::vector<std::string> times{
        "2024-02-01T00:00:00Z",      "2024-02-29t23:59:59z", "2024-02-10T18:47:47+05:45",
        "2024-02-04T13:08:49-08:00", "2016-12-31T23:59:60Z", "2024-02-01T00:00:00.25Z",
        "2024-02-30T00:00:00Z",      "2024-02-01T24:00:00Z", "2024-02-01T00:00:00+24:00"};
    const std::vector<std::string> calls{
        "0", "7", "9223372036854775807", "9223372036854775808", "-1", "", "1.5", "12a"};
    auto quoted = [](const std::string& field) {
        std::string out = "\"";
        for (const char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
        return out + '"';
    };
    for (int i = 0; i < 400; ++i) {
        const std::string& a = accounts[rng() % accounts.size()];
        const std::string& t = times[rng() % times.size()];
        const std::string& c = calls[rng() % calls.size()];
        const std::string plain =
            (a.find(',') == std::string::npos ? a : quoted(a)) + "," + t + "," + c + "\n";
        const std::string all_quoted = quoted(a) + "," + quoted(t) + "," + quoted(c) + "\n";
        CAPTURE(plain);
        const std::string plain_error = events_error(header + plain);
        CHECK(plain_error == events_error(header + all_quoted));
        if (plain_error.empty())
            CHECK(read_events(header + plain) == read_events(header + all_quoted));
    }
}

TEST_CASE("usage_csv_reader reads a file of plain rows as the same file quoted, at any scale") {
    // A file of plain rows takes the fast path row after row (months remembered from earlier
    // rows, calls read to the row's end); the same rows with every field quoted take the general
    // path. Rows cross month boundaries with offsets, and calls have up to 25 digits.
    std::mt19937 rng(11);
    const std::vector<std::string> accounts{"a", "acct-00042", "with space",
                                            "0123456789abcdefghij"};
    const std::vector<std::string> times{
        "2024-02-01T00:00:00+05:45", "2024-01-31T23:59:59-08:00", "2024-02-29T23:59:59-08:00",
        "2024-03-01T00:00:00+14:00", "2024-02-10T18:47:47Z",      "2023-02-10T18:47:47z",
        "2024-12-31T23:00:00-01:00", "2025-01-01T00:00:00Z",      "2024-02-29t00:00:00Z"};
    // Calls every row of a file at `scale` reads: up to 18 digits at scale 0, fractions above.
    const auto calls_at = [](int scale) {
        std::vector<std::string> calls{"0", "7", "10", "25", "007", "123456789012345"};
        if (scale == 0) {
            for (const char* more : {"123456789012345678", "922337203685477580",
                                     "9223372036854775807", "0000000000000000000000001"}) {
                calls.push_back(more);
            }
        } else {
            for (const char* more : {"1.5", "0.25", scale == 3 ? "12.000" : "12.00"}) {
                calls.push_back(more);
            }
        }
        return calls;
    };
    const std::vector<std::string> endings{"\n", "\r\n"};
    auto quoted = [](const std::string& field) { return "\"" + field + "\""; };
    for (const int scale : {0, 2, 3}) {
        const std::vector<std::string> calls = calls_at(scale);
        std::string plain = header;
        std::string all_quoted = header;
        for (int i = 0; i < 300; ++i) {
            const std::string& a = accounts[rng() % accounts.size()];
            const std::string& t = times[rng() % times.size()];
            const std::string& c = calls[rng() % calls.size()];
            const std::string& end = endings[rng() % endings.size()];
            plain += a + "," + t + "," + c + end;
            all_quoted += quoted(a) + "," + quoted(t) + "," + quoted(c) + end;
        }
        for (const std::size_t chunk :
             {std::size_t{0}, std::size_t{1}, std::size_t{37}, std::size_t{4096}}) {
            CAPTURE(scale);
            CAPTURE(chunk);
            const std::vector<row> fast = read_events(plain, {chunk}, scale);
            CHECK(fast == read_events(all_quoted, {chunk}, scale));
            CHECK(fast.size() == 300);
        }
    }
    // A CR that does not end the line is part of the calls, and refused as such.
    CHECK(events_error(header + "a,2024-02-01T00:00:00Z,5\r\r\n") ==
          "events.csv:2: invalid calls \"5\\x0d\": not a whole number (plain decimal digits only)");
    CHECK(events_error(header + "a,2024-02-01T00:00:00Z,5\rb,2024-02-01T00:00:00Z,6\n") ==
          "events.csv:2: expected 3 fields (account,timestamp,calls), found 5");
    // Nineteen digits or more are read by the general path, which bounds them.
    CHECK(read_events(header + "a,2024-02-01T00:00:00Z,9223372036854775807\n").at(0).calls ==
          std::numeric_limits<std::int64_t>::max());
    CHECK(events_error(header + "a,2024-02-01T00:00:00Z,9223372036854775808\n") ==
          "events.csv:2: invalid calls \"9223372036854775808\": larger than 9223372036854775807");
    // The longest line: 4,096 bytes before an LF is read, one more is refused.
    const std::string account(tariff::usage_csv_reader::max_line_length - 23, 'x');
    CHECK(read_events(header + account + ",2024-02-01T00:00:00Z,1\n").size() == 1);
    CHECK(events_error(header + account + "x,2024-02-01T00:00:00Z,1\n") ==
          "events.csv:2: line longer than 4096 bytes");
}
