// Tests for include/tariff/sqlite.hpp: the store suite over database files, the schema (exact
// text amounts and integer quantities, never REAL), final bills and top-ups, the database's
// currency, reopening, isolation between connections, the busy timeout and two connections
// settling the same month at once.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <tariff/money.hpp>
#include <tariff/sqlite.hpp>  // first: it must compile on its own
#include <tariff/testing/store_tests.hpp>
#include <thread>
#include <vector>

#include "sqlite_support.hpp"
#include "support/reps.hpp"

using tariff::billing_period;
using tariff::ledger;
using tariff::service_state;
using tariff::sqlite_options;
using tariff::sqlite_store;

namespace {

const billing_period jan(2024, 1);

// The store suite over fresh database files in one temporary directory.
template <class Amount>
void run_suite(std::optional<tariff::currency> currency = std::nullopt) {
    temp_dir dir;
    int files = 0;
    const auto summary = tariff::testing::run_store_tests<Amount>(
        [&] {
            return std::make_unique<sqlite_store<Amount>>(
                dir.file("suite" + std::to_string(files++) + ".db"),
                sqlite_options{currency, std::chrono::milliseconds(10000)});
        },
        [](const tariff::testing::store_failure& f) { FAIL_CHECK(f.test << ": " << f.message); });
    CHECK(summary.tests >= 11);
    CHECK(summary.checks >= 120);
    CHECK(summary.failures == 0);
}

}  // namespace

TEST_SUITE("sqlite_store") {
    TEST_CASE_TEMPLATE("the store suite passes on SQLite database files", Rep, TARIFF_TEST_REPS) {
        run_suite<tariff::decimal<2, Rep>>();
    }

    TEST_CASE("the store suite passes on SQLite with money and other currencies") {
        run_suite<tariff::money<tariff::iso::USD>>();
        run_suite<tariff::decimal<4>>();
        run_suite<tariff::decimal<3, tariff::cpp_int>>(tariff::iso::JPY::info);
        run_suite<tariff::decimal<3, tariff::cpp_int>>(tariff::iso::BHD::info);
    }

    TEST_CASE("amounts are exact decimal text, quantities integers; nothing is REAL") {
        using D = tariff::decimal<2, tariff::cpp_int>;
        temp_dir dir;
        const std::string path = dir.file("ledger.db");
        {
            sqlite_store<D> store(path);
            ledger<D> books(store);
            books.activate("acme");
            books.top_up("acme", D::parse("123456789012345678901234567890.07"), std::string("r"));
            books.add_pack("acme", "calls", 9000000000000000000, jan, jan);
            auto t = books.begin();
            t.use_packs("acme", "calls", jan, 5);
            t.settle("acme", jan, D::parse("0.10"), "{}");
            t.start_close(jan, tariff::utc_offset::parse("+05:45"),
                          tariff::parse_instant("2024-02-01T00:00:00+05:45"));
            t.commit();
        }
        raw_db db(path);
        // No column is declared with a floating type, and every amount column is TEXT.
        const std::string columns = db.rows(
            "SELECT m.name || '.' || p.name, p.type FROM sqlite_master m"
            " JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY 1");
        CHECK(columns.find("REAL") == std::string::npos);
        CHECK(columns.find("FLOA") == std::string::npos);
        CHECK(columns.find("DOUB") == std::string::npos);
        CHECK(columns.find("NUMERIC") == std::string::npos);
        CHECK(columns.find("DECIMAL") == std::string::npos);
        for (const char* amount :
             {"accounts.balance|TEXT", "top_ups.amount|TEXT", "top_ups.balance_after|TEXT",
              "bills.charge|TEXT", "bills.balance_before|TEXT", "packs.quantity|INTEGER",
              "packs.remaining|INTEGER", "packs.quantity_scale|INTEGER"}) {
            CAPTURE(amount);
            CHECK(columns.find(amount) != std::string::npos);
        }
        // What is stored is text with exactly the currency's digits, and integers.
        CHECK(db.rows("SELECT balance, typeof(balance) FROM accounts") ==
              "123456789012345678901234567889.97|text");
        CHECK(db.rows("SELECT amount, typeof(amount), typeof(balance_before) FROM top_ups") ==
              "123456789012345678901234567890.07|text|text");
        CHECK(db.rows("SELECT charge, typeof(charge), typeof(balance_after) FROM bills") ==
              "0.10|text|text");
        CHECK(db.rows("SELECT quantity, typeof(quantity), remaining, typeof(remaining) FROM "
                      "packs") == "9000000000000000000|integer|8999999999999999995|integer");
        CHECK(db.rows("SELECT currency, billing_offset, latest_closed FROM ledger") ==
              "USD|+05:45|2024-01");
        CHECK(db.rows("PRAGMA journal_mode") == "wal");
        CHECK(db.rows("PRAGMA application_id") == "1414678092");
        CHECK(db.rows("PRAGMA user_version") == "1");
        CHECK(db.rows("PRAGMA integrity_check") == "ok");
        // A value that is not an exact amount or quantity cannot get in through SQL.
        CHECK(db.exec("UPDATE accounts SET balance = x'00'") == SQLITE_CONSTRAINT);
        CHECK(db.exec("UPDATE accounts SET balance = '1e5'") == SQLITE_CONSTRAINT);
        CHECK(db.exec("UPDATE packs SET remaining = 2.5") == SQLITE_CONSTRAINT);
        CHECK(db.exec("UPDATE packs SET quantity_scale = 7") == SQLITE_CONSTRAINT);
    }

    TEST_CASE("bills and top-ups are final, even through SQL: there are no refunds") {
        using D = tariff::decimal<2>;
        temp_dir dir;
        const std::string path = dir.file("ledger.db");
        create_acme_ledger(path, "10.00");
        {
            sqlite_store<D> store(path);
            auto t = ledger<D>(store).begin();
            t.settle("acme", jan, D::parse("4.00"));
            t.commit();
        }
        raw_db db(path);
        CHECK(db.exec("DELETE FROM bills") == SQLITE_CONSTRAINT);
        CHECK(db.exec("UPDATE bills SET charge = '0.00'") == SQLITE_CONSTRAINT);
        CHECK(db.exec("DELETE FROM top_ups") == SQLITE_CONSTRAINT);
        CHECK(db.exec("UPDATE top_ups SET amount = '99.00'") == SQLITE_CONSTRAINT);
        CHECK(db.exec("INSERT INTO bills VALUES ('acme', '2024-01', 'charged', '1.00', '0.00',"
                      " '-1.00', 'suspended', '')") == SQLITE_CONSTRAINT);
        CHECK(db.rows("SELECT count(*), charge FROM bills") == "1|4.00");
        CHECK(db.rows("SELECT balance FROM accounts") == "6.00");
    }

    TEST_CASE("a database keeps its currency; files that are not ledgers are refused") {
        using D = tariff::decimal<3>;
        temp_dir dir;
        const std::string path = dir.file("yen.db");
        { sqlite_store<D> created(path, sqlite_options{tariff::iso::JPY::info, {}}); }
        {
            sqlite_store<D> reopened(path);  // no currency asked for: the database's
            CHECK(reopened.settings().currency == tariff::iso::JPY::info);
        }
        CHECK_THROWS_WITH_AS(sqlite_store<D>(path, sqlite_options{tariff::iso::USD::info, {}}),
                             doctest::Contains("yen.db\" keeps its amounts in JPY, fixed when it "
                                               "was created; USD was asked for"),
                             tariff::refused);
        {
            sqlite_store<D> fresh(dir.file("default.db"));
            CHECK(fresh.settings().currency == tariff::iso::USD::info);
        }
        {
            sqlite_store<tariff::decimal<2>> dinars(dir.file("bhd.db"),
                                                    sqlite_options{tariff::iso::BHD::info, {}});
            CHECK_THROWS_WITH_AS(ledger<tariff::decimal<2>>{dinars},
                                 "decimal<2, int64> cannot hold the 3 minor digits of BHD",
                                 tariff::invalid_argument);
        }

        const std::string other = dir.file("other.db");
        raw_db(other).exec("CREATE TABLE invoices (id INTEGER)");
        CHECK_THROWS_WITH_AS(sqlite_store<D>{other},
                             doctest::Contains("other.db\" is an SQLite database but not a "
                                               "tariff ledger"),
                             tariff::store_error);
        const std::string garbage = dir.file("garbage.db");
        std::ofstream(garbage) << "these are not the pages of an SQLite database, only text\n";
        CHECK_THROWS_WITH_AS(
            sqlite_store<D>{garbage},
            doctest::Contains("garbage.db\": preparing PRAGMA journal_mode = WAL: file is "
                              "not a database"),
            tariff::store_error);
        raw_db(path).exec("PRAGMA user_version = 2");
        CHECK_THROWS_WITH_AS(sqlite_store<D>{path},
                             doctest::Contains("yen.db\" has ledger schema version 2; this tariff "
                                               "reads version 1"),
                             tariff::store_error);
    }

    TEST_CASE("committed work survives closing and reopening") {
        using D = tariff::money<tariff::iso::USD>;
        using tariff::testing::detail::store_tests::take_snapshot;
        temp_dir dir;
        const std::string path = dir.file("ledger.db");
        tariff::testing::detail::store_tests::snapshot<D> before;
        {
            sqlite_store<D> store(path);
            ledger<D> books(store);
            books.activate("acme");
            books.top_up("acme", D::parse("100.00"), std::string("r1"));
            books.add_pack("acme", "calls", 50, jan, billing_period(2024, 3), std::string("p1"));
            auto t = books.begin();
            t.use_packs("acme", "calls", jan, 20);
            t.settle("acme", jan, D::parse("150.00"), "detail\n");
            t.start_close(jan, tariff::utc_offset(), tariff::parse_instant("2024-02-02T00:00:00Z"));
            t.commit();
            before = take_snapshot<D>(store);
        }
        sqlite_store<D> again(path);
        CHECK(take_snapshot<D>(again) == before);
        CHECK(again.find_account("acme")->state == service_state::suspended);
        CHECK(again.packs("acme")[0].remaining == 30);
        CHECK(again.settings().latest_closed == jan);
    }

    TEST_CASE("a second connection sees committed work only") {
        using D = tariff::decimal<2>;
        temp_dir dir;
        const std::string path = dir.file("ledger.db");
        sqlite_store<D> writer(path);
        sqlite_store<D> reader(path);
        ledger<D> books(writer);
        books.activate("acme");
        auto t = books.begin();
        t.top_up("acme", D::parse("5.00"));
        CHECK(reader.find_account("acme")->balance == D());
        t.commit();
        CHECK(reader.find_account("acme")->balance == D::parse("5.00"));
    }

    TEST_CASE("a writer that waits longer than the busy timeout gets store_busy") {
        using D = tariff::decimal<2>;
        temp_dir dir;
        const std::string path = dir.file("ledger.db");
        sqlite_store<D> first(path);
        sqlite_store<D> second(path, sqlite_options{std::nullopt, std::chrono::milliseconds(100)});
        ledger<D> first_books(first);
        ledger<D> second_books(second);
        first_books.activate("acme");

        auto holding = first_books.begin();
        const auto start = std::chrono::steady_clock::now();
        CHECK_THROWS_WITH_AS(second_books.top_up("acme", D::parse("1.00")),
                             doctest::Contains("database busy: ledger database"),
                             tariff::store_busy);
        const auto waited = std::chrono::steady_clock::now() - start;
        CHECK(waited >= std::chrono::milliseconds(90));
        CHECK(!second.in_transaction());
        holding.rollback();
        CHECK(second_books.top_up("acme", D::parse("1.00")).record.receipt.balance_after ==
              D::parse("1.00"));
    }

    TEST_CASE("two connections settling the same month at once charge it once") {
        using D = tariff::decimal<2>;
        temp_dir dir;
        const std::string path = dir.file("ledger.db");
        create_acme_ledger(path, "100.00");
        enum result { charged, refused, busy, other };
        constexpr int rounds = 20;
        for (int round = 0; round < rounds; ++round) {
            CAPTURE(round);
            const billing_period period(2024 + round / 12, 1 + round % 12);
            std::atomic<int> ready{0};
            std::atomic<bool> go{false};
            result results[2] = {other, other};
            const auto settle = [&](int who) {
                sqlite_store<D> store(path);
                ledger<D> books(store);
                ++ready;
                while (!go.load()) std::this_thread::yield();
                try {
                    auto t = books.begin();
                    t.settle("acme", period, D::parse("10.00"));
                    t.commit();
                    results[who] = charged;
                } catch (const tariff::store_busy&) {
                    results[who] = busy;
                } catch (const tariff::refused&) {
                    results[who] = refused;
                } catch (...) {
                    results[who] = other;
                }
            };
            std::thread a(settle, 0);
            std::thread b(settle, 1);
            while (ready.load() < 2) std::this_thread::yield();
            go = true;
            a.join();
            b.join();
            CHECK((results[0] == charged) != (results[1] == charged));
            CHECK(results[0] != other);
            CHECK(results[1] != other);
        }
        sqlite_store<D> store(path);
        CHECK(store.find_account("acme")->balance == D::parse("-100.00"));
        CHECK(store.account_bills("acme").size() == static_cast<std::size_t>(rounds));
    }
}
