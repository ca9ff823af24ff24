// Tests for include/tariff/usage_reader.hpp: an events file read on several threads gives the
// usage and the first error of one thread. In the "threads" suite, which the tsan preset runs.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <tariff/decimal.hpp>
#include <tariff/usage_reader.hpp>
#include <tuple>
#include <vector>

#include "support/reps.hpp"

namespace {

const tariff::billing_period february = tariff::billing_period::parse("2024-02");

// A file in the temporary directory, removed when done. Its name carries a number drawn once
// per run, so that two runs of the suite at the same time (on a shared machine) do not write,
// read and remove each other's files.
class temporary_file {
public:
    temporary_file(const std::string& name, const std::string& text)
        : path_((std::filesystem::temp_directory_path() / (run_tag() + name)).string()) {
        std::ofstream(path_, std::ios::binary) << text;
    }
    temporary_file(const temporary_file&) = delete;
    temporary_file& operator=(const temporary_file&) = delete;
    ~temporary_file() { std::remove(path_.c_str()); }
    const std::string& path() const noexcept { return path_; }

private:
    static const std::string& run_tag() {
        static const std::string tag = std::to_string(std::random_device{}()) + "_";
        return tag;
    }

    std::string path_;
};

// Everything observable about a usage, accounts by name.
template <class Amount>
std::vector<std::tuple<std::string, std::string, std::vector<std::int64_t>>> contents(
    const tariff::monthly_usage<Amount>& usage) {
    std::vector<std::tuple<std::string, std::string, std::vector<std::int64_t>>> out;
    for (const std::size_t a : usage.by_name()) {
        std::vector<std::int64_t> cells;
        for (std::size_t p = 0; p < usage.product_count(); ++p) {
            cells.push_back(usage.quantity(a, p));
            cells.push_back(usage.events(a, p));
        }
        out.emplace_back(std::string(usage.name(a)), to_string(usage.balance(a)), cells);
    }
    out.emplace_back("", "",
                     std::vector<std::int64_t>{static_cast<std::int64_t>(usage.events_in_period()),
                                               static_cast<std::int64_t>(usage.events_before()),
                                               static_cast<std::int64_t>(usage.events_after())});
    return out;
}

// `rows` events (header first), with a quoted row, a CR LF and an empty line here and there.
std::string events_text(int rows, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    const char* zones[] = {"Z", "+05:45", "-08:00", "z"};
    std::string text = "account,timestamp,calls\n";
    for (int i = 0; i < rows; ++i) {
        const std::string account = "acct-" + std::to_string(rng() % 37);
        const int day = static_cast<int>(rng() % 31);  // 0: 31 January, near the start
        const std::string date =
            day == 0    ? "2024-01-31"
            : day == 30 ? "2024-03-01"
                        : "2024-02-" + std::string(day < 10 ? "0" : "") + std::to_string(day);
        const std::string when =
            date + "T" + (rng() % 2 ? "23:59:59" : "00:00:01") + zones[rng() % 4];
        const std::string calls = std::to_string(rng() % 1000);
        if (i % 97 == 5) {
            text += "\"" + account + "\"," + when + ",\"" + calls + "\"\r\n";
        } else {
            text += account + "," + when + "," + calls + "\n";
        }
        if (i % 211 == 7) text += "\n";
    }
    return text;
}

template <class Amount>
tariff::monthly_usage<Amount> read(const std::string& path, unsigned threads,
                                   std::size_t buffer = 64) {
    tariff::monthly_usage<Amount> usage(february, tariff::utc_offset());
    usage.set_balance("acct-3", Amount::parse("1.25"));
    tariff::read_usage(usage, path, threads, buffer);
    return usage;
}

template <class Amount>
std::string error_of(const std::string& path, unsigned threads) {
    tariff::monthly_usage<Amount> usage(february, tariff::utc_offset());
    try {
        tariff::read_usage(usage, path, threads, 64);
    } catch (const tariff::csv_error& e) {
        CHECK(usage.account_count() == 0);  // nothing half-applied
        return e.what();
    }
    return "";
}

}  // namespace

TEST_SUITE("threads") {
    TEST_CASE_TEMPLATE("read_usage gives the same usage on any number of threads", Rep,
                       TARIFF_TEST_REPS) {
        using amount = tariff::decimal<2, Rep>;
        const temporary_file file("tariff_usage_reader_same.csv", events_text(3000, 11));
        const auto one = contents(read<amount>(file.path(), 1));
        CHECK(one.size() == 37 + 1);  // acct-0 to acct-36 (acct-3 has the balance), the counts
        for (const unsigned threads : {2u, 3u, 4u, 7u}) {
            CAPTURE(threads);
            CHECK(contents(read<amount>(file.path(), threads)) == one);
        }
        // One thread through a large buffer, and a file too small to split.
        CHECK(contents(read<amount>(file.path(), 1, std::size_t{1} << 20)) == one);
        const temporary_file tiny("tariff_usage_reader_tiny.csv",
                                  "account,timestamp,calls\na,2024-02-01T00:00:00Z,5");
        CHECK(contents(read<amount>(tiny.path(), 3)) == contents(read<amount>(tiny.path(), 1)));
        CHECK(read<amount>(tiny.path(), 2).quantity(1, 0) == 5);
    }

    TEST_CASE("read_usage reports the file's first bad row whatever the number of threads") {
        using amount = tariff::decimal<2>;
        const std::string good = events_text(2000, 5);
        std::vector<std::string> lines;
        for (std::size_t at = 0; at < good.size();) {
            const std::size_t end = good.find('\n', at);
            lines.push_back(good.substr(at, end + 1 - at));
            at = end + 1;
        }
        // Bad rows at several places, near the ends of the parts and inside them; the first one
        // is the one reported.
        for (const std::size_t bad : {1ul, 2ul, 700ul, 1000ul, 1001ul, 1500ul, lines.size() - 1}) {
            std::vector<std::string> broken = lines;
            broken[bad] = bad == 1 ? "account,timestamp\n" : "acct-1,2024-02-30T00:00:00Z,1\n";
            if (bad + 300 < broken.size()) broken[bad + 300] = "acct-2,2024-02-01T00:00:00Z,-4\n";
            std::string text;
            for (const std::string& line : broken) text += line;
            const temporary_file file("tariff_usage_reader_bad.csv", text);
            const std::string expected = error_of<amount>(file.path(), 1);
            CAPTURE(bad);
            CHECK(expected.rfind(file.path() + ":" + std::to_string(bad + 1) + ": ", 0) == 0);
            for (const unsigned threads : {2u, 3u, 5u}) {
                CAPTURE(threads);
                CHECK(error_of<amount>(file.path(), threads) == expected);
            }
        }
    }

    TEST_CASE("read_usage finds a total past 2^63-1 at its row when only the parts' sum passes") {
        using amount = tariff::decimal<2>;
        const std::string big = std::to_string(std::numeric_limits<std::int64_t>::max() / 2 + 1);
        std::string text = "account,timestamp,calls\n";
        for (int i = 0; i < 400; ++i) text += "b,2024-02-02T00:00:00Z,1\n";
        text += "a,2024-02-01T00:00:00Z," + big + "\n";  // line 402
        for (int i = 0; i < 400; ++i) text += "b,2024-02-02T00:00:00Z,1\n";
        text += "a,2024-02-01T00:00:00Z," + big + "\n";  // line 803: the total passes here
        for (int i = 0; i < 400; ++i) text += "b,2024-02-02T00:00:00Z,1\n";
        const temporary_file file("tariff_usage_reader_overflow.csv", text);
        const std::string expected = error_of<amount>(file.path(), 1);
        CHECK(expected.rfind(file.path() + ":803: calls of account \"a\" in 2024-02 exceed", 0) ==
              0);
        for (const unsigned threads : {2u, 3u, 4u}) {
            CAPTURE(threads);
            CHECK(error_of<amount>(file.path(), threads) == expected);
        }
    }
}

TEST_CASE("read_usage reads a catalogue's events and refuses an unpriced product at its row") {
    using amount = tariff::decimal<2>;
    const std::vector<tariff::usage_product> products{
        {"api", 0, {}}, {"gone", 0, "product \"gone\" has no price in 2024-02"}, {"gb", 3, {}}};
    std::string text = "account,product,timestamp,quantity\n";
    for (int i = 0; i < 300; ++i) {
        text += "a,api,2024-02-0" + std::to_string(1 + i % 9) + "T00:00:00Z,2\n";
        text += "b,gb,2024-02-10T10:00:00+01:00,1.5\n";
    }
    const temporary_file file("tariff_usage_reader_catalogue.csv", text);
    for (const unsigned threads : {1u, 2u, 3u}) {
        tariff::monthly_usage<amount> usage(february, tariff::utc_offset(), products);
        tariff::read_usage(usage, file.path(), threads, 100);
        REQUIRE(usage.account_count() == 2);
        CHECK(usage.quantity(usage.find("a"), 0) == 600);
        CHECK(usage.quantity(usage.find("b"), 2) == 450000);
        CHECK(usage.events(usage.find("b"), 2) == 300);
    }
    text += "c,gone,2024-02-01T00:00:00Z,1\n";
    const temporary_file bad("tariff_usage_reader_catalogue_bad.csv", text);
    for (const unsigned threads : {1u, 2u, 3u}) {
        tariff::monthly_usage<amount> usage(february, tariff::utc_offset(), products);
        CHECK_THROWS_WITH_AS(
            tariff::read_usage(usage, bad.path(), threads, 100),
            (bad.path() + ":602: product \"gone\" has no price in 2024-02").c_str(),
            tariff::csv_error);
        CHECK(usage.account_count() == 0);
    }
    tariff::monthly_usage<amount> usage(february, tariff::utc_offset(), products);
    CHECK_THROWS_AS(tariff::read_usage(usage, file.path() + ".missing", 2), tariff::error);
}

TEST_CASE("read_usage reads a one-product catalogue's events in the book's three columns too") {
    using amount = tariff::decimal<2>;
    const std::vector<tariff::usage_product> one{{"calls", 0, {}}};
    const temporary_file three("tariff_usage_reader_three.csv", events_text(2000, 17));
    const auto book_rows = [&](unsigned threads) {
        tariff::monthly_usage<amount> usage(february, tariff::utc_offset());
        tariff::read_usage(usage, three.path(), threads, 100);
        return usage;
    };
    for (const unsigned threads : {1u, 2u, 3u}) {
        CAPTURE(threads);
        tariff::monthly_usage<amount> usage(february, tariff::utc_offset(), one);
        tariff::read_usage(usage, three.path(), threads, 100);
        const auto expected = book_rows(threads);
        REQUIRE(usage.account_count() == expected.account_count());
        for (std::size_t a = 0; a < usage.account_count(); ++a) {
            CHECK(usage.name(a) == expected.name(a));
            CHECK(usage.quantity(a, 0) == expected.quantity(a, 0));
            CHECK(usage.events(a, 0) == expected.events(a, 0));
        }
    }
    // The four-column form still works for one product, and a product without a price in the
    // month is refused at the first row either way.
    const temporary_file four(
        "tariff_usage_reader_four.csv",
        "account,product,timestamp,quantity\na,calls,2024-02-01T00:00:00Z,7\n");
    tariff::monthly_usage<amount> usage(february, tariff::utc_offset(), one);
    tariff::read_usage(usage, four.path(), 1);
    CHECK(usage.quantity(usage.find("a"), 0) == 7);
    const std::vector<tariff::usage_product> unpriced{
        {"calls", 0, "product \"calls\" has no price in 2024-02"}};
    tariff::monthly_usage<amount> refused(february, tariff::utc_offset(), unpriced);
    CHECK_THROWS_WITH_AS(tariff::read_usage(refused, three.path(), 2),
                         (three.path() + ":2: product \"calls\" has no price in 2024-02").c_str(),
                         tariff::csv_error);
}

TEST_CASE("file_chunks hands over a file's bytes alike mapped and read, from any byte") {
    // Longer than a few pages, so that mapped windows start inside a page and end anywhere.
    const std::string text = events_text(1500, 3);
    REQUIRE(text.size() > 3 * 16384);
    const temporary_file file("tariff_usage_reader_chunks.csv", text);
    const auto bytes_of = [&](std::uint64_t from, std::uint64_t end, std::size_t chunk, bool map) {
        const tariff::detail::read_file open(file.path());
        REQUIRE(tariff::detail::is_regular_file(open.get()) == tariff::detail::can_map_files);
        open.seek(from, file.path());
        tariff::detail::file_chunks chunks(open.get(), file.path(), chunk, from, end, map);
        std::string out;
        for (std::string_view part = chunks.next(); !part.empty(); part = chunks.next()) {
            CHECK(part.size() <= chunk);
            out += part;
        }
        return out;
    };
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{100}, std::size_t{4095},
                                    std::size_t{4097}, std::size_t{1} << 20}) {
        for (const std::uint64_t from : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{4095},
                                         std::uint64_t{4096}, std::uint64_t{10001}}) {
            CAPTURE(chunk);
            CAPTURE(from);
            const std::uint64_t end = text.size() - (from % 7);
            const std::string expected = text.substr(from, end - from);
            if (chunk > 1 || from > 4096) {  // a byte at a time is slow mapped
                CHECK(bytes_of(from, end, chunk, true) == expected);
            }
            CHECK(bytes_of(from, end, chunk, false) == expected);
        }
    }
    // Read from where it stands to its end, as for stdin.
    const tariff::detail::read_file open(file.path());
    tariff::detail::file_chunks rest(open.get(), file.path(), 1000);
    std::string all;
    for (std::string_view part = rest.next(); !part.empty(); part = rest.next()) all += part;
    CHECK(all == text);
}

TEST_CASE("read_usage reads a mapped file as it reads the same bytes from a stream") {
    using amount = tariff::decimal<2>;
    const std::string text = events_text(3000, 17);
    const temporary_file file("tariff_usage_reader_mapped.csv", text);
    // The stream overload reads into a buffer, never maps.
    tariff::monthly_usage<amount> streamed(february, tariff::utc_offset());
    std::FILE* stream = std::fopen(file.path().c_str(), "rb");
    REQUIRE(stream != nullptr);
    tariff::read_usage(streamed, stream, file.path(), 100);
    std::fclose(stream);
    const auto expected = contents(streamed);
    for (const std::size_t buffer :
         {std::size_t{100}, std::size_t{4095}, std::size_t{4097}, std::size_t{1} << 20}) {
        for (const unsigned threads : {1u, 2u, 3u}) {
            CAPTURE(buffer);
            CAPTURE(threads);
            tariff::monthly_usage<amount> mapped(february, tariff::utc_offset());
            tariff::read_usage(mapped, file.path(), threads, buffer, tariff::file_access::map);
            CHECK(contents(mapped) == expected);
        }
    }
}
