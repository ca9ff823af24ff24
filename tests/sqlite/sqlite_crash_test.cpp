// Crash safety and concurrency of the SQLite store, with real processes:
// - a child commits large ledger transactions one after another and is killed with SIGKILL at
//   a random instant; the database then opens, passes PRAGMA integrity_check, and holds
//   exactly the state after a whole number of transactions: every one the child saw commit,
//   and at most the one it was inside;
// - two processes settle the same (account, period) at the same moment: one charges, the
//   other is refused (or finds the database busy), never both.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <new>
#include <optional>
#include <random>
#include <string>
#include <tariff/memory_store.hpp>
#include <tariff/sqlite.hpp>
#include <tariff/testing/store_tests.hpp>
#include <thread>

#include "sqlite_support.hpp"

using tariff::billing_period;
using tariff::ledger;

namespace {

using amount = tariff::decimal<2>;
constexpr int accounts = 32;

std::string account_name(int i) { return "account-" + std::to_string(i); }

amount cents(std::int64_t c) { return amount::from_raw(c); }

// The period closed by transaction k (1, 2, ...): 2000-01, 2000-02, ...
billing_period period_of_transaction(int k) {
    return billing_period(2000 + (k - 1) / 12, 1 + (k - 1) % 12);
}

// Transaction k: for every account a top-up with a reference, now and then a pack, the month's
// packs drawn, a bill (now and then one awaiting a quote) with half a kilobyte of detail, and the
// month marked closed. Deterministic, so the memory model can replay it.
void run_transaction(ledger<amount>& books, int k) {
    const billing_period period = period_of_transaction(k);
    const std::string detail(512, static_cast<char>('a' + k % 26));
    auto t = books.begin();
    for (int i = 0; i < accounts; ++i) {
        const std::string name = account_name(i);
        if (k == 1) {
            t.activate(name);
        }
        t.top_up(name, cents(1 + (k * 37 + i * 11) % 900),
                 std::to_string(k) + "/" + std::to_string(i));
        if ((k + i) % 4 == 0) {
            t.add_pack(name, "calls", 10 + i, period, billing_period(2999, 12));
        }
        t.use_packs(name, "calls", period, (k * 7 + i) % 40);
        if ((k * 3 + i) % 23 == 0) {
            t.record_quote_required(name, period, detail);
        } else {
            t.settle(name, period, cents((k * 53 + i * 29) % 1200), detail);
        }
    }
    t.start_close(period, tariff::utc_offset(), tariff::parse_instant("9000-01-01T00:00:00Z"));
    t.commit();
}

// How many transactions the database holds, read from its latest closed period.
int transactions_in(tariff::ledger_store<amount>& store) {
    const auto latest = store.settings().latest_closed;
    return latest ? (latest->year() - 2000) * 12 + latest->month() : 0;
}

// Progress the child shares with the parent: the transaction it began, and the last whose
// commit() returned. Lives in memory shared across fork().
struct progress {
    std::atomic<std::int64_t> begun{0};
    std::atomic<std::int64_t> committed{0};
};

// The child: continues the database from where it stands until it is killed.
[[noreturn]] void writer(const std::string& path, progress* shared) {
    try {
        tariff::sqlite_store<amount> store(path);
        ledger<amount> books(store);
        for (int k = transactions_in(store) + 1;; ++k) {
            shared->begun.store(k);
            run_transaction(books, k);
            shared->committed.store(k);
        }
    } catch (...) {
        _exit(2);
    }
}

}  // namespace

TEST_SUITE("sqlite_crash") {
    TEST_CASE("a writer killed at random instants leaves whole transactions") {
        using tariff::testing::detail::store_tests::take_snapshot;
        static_assert(std::atomic<std::int64_t>::is_always_lock_free);
        temp_dir dir;
        const std::string path = dir.file("ledger.db");

        void* memory = mmap(nullptr, sizeof(progress), PROT_READ | PROT_WRITE,
                            MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        REQUIRE(memory != MAP_FAILED);
        auto* shared = new (memory) progress();

        // The model: the same transactions on a memory store.
        tariff::memory_store<amount> model_store;
        ledger<amount> model(model_store);
        int model_transactions = 0;

        std::mt19937 random(12345);
        constexpr int trials = 60;
        int killed_inside = 0;  // trials whose kill came after begin and before commit returned
        const auto started = std::chrono::steady_clock::now();
        for (int trial = 0; trial < trials; ++trial) {
            CAPTURE(trial);
            shared->begun.store(0);
            shared->committed.store(0);
            const pid_t child = fork();
            REQUIRE(child >= 0);
            if (child == 0) {
                writer(path, shared);
            }
            std::this_thread::sleep_for(std::chrono::microseconds(random() % 100000));
            REQUIRE(kill(child, SIGKILL) == 0);
            int status = 0;
            REQUIRE(waitpid(child, &status, 0) == child);
            REQUIRE_MESSAGE(WIFSIGNALED(status), "the writer exited by itself: status ", status);
            CHECK(WTERMSIG(status) == SIGKILL);

            const std::int64_t begun = shared->begun.load();
            const std::int64_t committed = shared->committed.load();
            if (begun != 0 && begun != committed) {
                ++killed_inside;
            }

            // Opening runs SQLite's recovery; then the file must be sound...
            {
                raw_db db(path);
                CHECK(db.rows("PRAGMA integrity_check") == "ok");
            }
            tariff::sqlite_store<amount> store(path);
            const int held = transactions_in(store);
            // ...hold every transaction whose commit returned, and at most the one under way...
            CHECK(held >= model_transactions);
            if (committed != 0) {
                CHECK(held >= committed);
            }
            if (begun != 0) {
                CHECK(held <= begun);
            } else {
                CHECK(held == model_transactions);
            }
            // ...and be exactly the state after that many whole transactions.
            while (model_transactions < held) {
                run_transaction(model, ++model_transactions);
            }
            CHECK(take_snapshot(store) == take_snapshot(model_store));
        }
        const auto elapsed = std::chrono::steady_clock::now() - started;
        MESSAGE(trials, " kills, ", killed_inside, " inside a transaction, ", model_transactions,
                " transactions held, ",
                std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), " ms");
        CHECK(model_transactions >= trials);  // the writers got work done between kills
        CHECK(killed_inside >= trials / 4);   // and were often killed in the middle of it
        shared->~progress();
        munmap(memory, sizeof(progress));
    }

    TEST_CASE("two processes settling the same month at once charge it once") {
        temp_dir dir;
        const std::string path = dir.file("ledger.db");
        create_acme_ledger(path, "100.00");
        enum exit_code { charged = 0, refused = 3, busy = 4, failed = 5 };
        constexpr int rounds = 20;
        for (int round = 0; round < rounds; ++round) {
            CAPTURE(round);
            const billing_period period(2024 + round / 12, 1 + round % 12);
            int go[2];
            REQUIRE(pipe(go) == 0);
            pid_t children[2];
            for (pid_t& child : children) {
                child = fork();
                REQUIRE(child >= 0);
                if (child == 0) {
                    close(go[1]);
                    int code = failed;
                    try {
                        tariff::sqlite_store<amount> store(path);
                        ledger<amount> books(store);
                        char byte = 0;
                        if (read(go[0], &byte, 1) != 1) _exit(failed);
                        auto t = books.begin();
                        t.settle("acme", period, amount::parse("10.00"));
                        t.commit();
                        code = charged;
                    } catch (const tariff::store_busy&) {
                        code = busy;
                    } catch (const tariff::refused&) {
                        code = refused;
                    } catch (...) {
                        code = failed;
                    }
                    _exit(code);
                }
            }
            close(go[0]);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));  // both are waiting
            REQUIRE(write(go[1], "gg", 2) == 2);
            close(go[1]);
            int codes[2];
            for (int i = 0; i < 2; ++i) {
                int status = 0;
                REQUIRE(waitpid(children[i], &status, 0) == children[i]);
                REQUIRE(WIFEXITED(status));
                codes[i] = WEXITSTATUS(status);
            }
            CHECK((codes[0] == charged) != (codes[1] == charged));
            for (const int code : codes) {
                CHECK((code == charged || code == refused || code == busy));
            }
        }
        tariff::sqlite_store<amount> store(path);
        CHECK(store.find_account("acme")->balance == amount::parse("-100.00"));
        CHECK(store.account_bills("acme").size() == static_cast<std::size_t>(rounds));
        raw_db db(path);
        CHECK(db.rows("SELECT count(*), sum(CAST(charge AS INTEGER)) FROM bills") == "20|200");
    }
}
