// Tests for include/tariff/ledger_store.hpp (the ledger over a store), memory_store.hpp and
// testing/store_tests.hpp: the reusable store suite passes on the memory store and fails on
// broken stores; the ledger's rules, messages, currency checks and transactions; and a random
// run of ledger operations against an independent model.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <tariff/decimal.hpp>
#include <tariff/ledger.hpp>
#include <tariff/ledger_store.hpp>
#include <tariff/memory_store.hpp>
#include <tariff/money.hpp>
#include <tariff/testing/store_tests.hpp>
#include <utility>
#include <vector>

#include "support/reps.hpp"

using tariff::billing_period;
using tariff::ledger;
using tariff::memory_store;
using tariff::service_state;

namespace {

const billing_period jan(2024, 1);
const billing_period feb(2024, 2);

// Runs the store suite, turning each failed check into a doctest failure.
template <class Amount, class MakeStore>
tariff::testing::store_test_summary run_suite(MakeStore make_store) {
    const tariff::testing::store_test_summary summary = tariff::testing::run_store_tests<Amount>(
        std::move(make_store),
        [](const tariff::testing::store_failure& f) { FAIL_CHECK(f.test << ": " << f.message); });
    CHECK(summary.tests >= 11);
    CHECK(summary.checks >= 120);
    CHECK(summary.failures == 0);
    return summary;
}

// The ways broken_store breaks the store contract.
enum class flaw {
    none,
    second_bill_ignored,  // a second bill for (account, period) is dropped, not refused
    rollback_commits,     // rollback() keeps the writes
    balance_loses_cents,  // balances read back truncated to whole units
    packs_reversed,       // packs(account) lists the newest first
    writes_anywhere,      // writes outside a transaction are accepted
    bill_insert_fails,    // insert_bill always fails, as a full disk would
};

// A memory store with one flaw, to show that the suite (and the ledger) notice it.
template <class Amount>
class broken_store final : public tariff::ledger_store<Amount> {
public:
    explicit broken_store(flaw f) : flaw_(f) {}

    void begin() override { inner_.begin(); }
    void commit() override { inner_.commit(); }
    void rollback() noexcept override {
        if (flaw_ == flaw::rollback_commits && inner_.in_transaction()) {
            inner_.commit();
        } else {
            inner_.rollback();
        }
    }
    bool in_transaction() const noexcept override { return inner_.in_transaction(); }
    tariff::ledger_settings settings() override { return inner_.settings(); }
    void set_billing_offset(tariff::utc_offset o) override {
        write([&] { inner_.set_billing_offset(o); });
    }
    void set_latest_closed(billing_period p) override {
        write([&] { inner_.set_latest_closed(p); });
    }
    std::optional<tariff::account_record<Amount>> find_account(std::string_view name) override {
        auto found = inner_.find_account(name);
        if (found && flaw_ == flaw::balance_loses_cents) {
            found->balance = decltype(found->balance)(
                tariff::quantize(found->balance, 0, tariff::rounding::down));
        }
        return found;
    }
    std::vector<tariff::account_record<Amount>> accounts() override { return inner_.accounts(); }
    void insert_account(const tariff::account_record<Amount>& a) override {
        write([&] { inner_.insert_account(a); });
    }
    void update_account(const tariff::account_record<Amount>& a) override {
        write([&] { inner_.update_account(a); });
    }
    std::int64_t insert_top_up(const tariff::top_up_record<Amount>& t) override {
        std::int64_t id = 0;
        write([&] { id = inner_.insert_top_up(t); });
        return id;
    }
    std::optional<tariff::top_up_record<Amount>> find_top_up(std::string_view ref) override {
        return inner_.find_top_up(ref);
    }
    std::vector<tariff::top_up_record<Amount>> top_ups(std::string_view account) override {
        return inner_.top_ups(account);
    }
    std::int64_t insert_pack(const tariff::prepaid_pack& p) override {
        std::int64_t id = 0;
        write([&] { id = inner_.insert_pack(p); });
        return id;
    }
    std::optional<tariff::prepaid_pack> find_pack(std::string_view ref) override {
        return inner_.find_pack(ref);
    }
    std::vector<tariff::prepaid_pack> packs(std::string_view account) override {
        auto out = inner_.packs(account);
        if (flaw_ == flaw::packs_reversed) std::reverse(out.begin(), out.end());
        return out;
    }
    void update_pack_remaining(std::int64_t id, std::int64_t remaining) override {
        write([&] { inner_.update_pack_remaining(id, remaining); });
    }
    void insert_bill(const tariff::bill_record<Amount>& b) override {
        if (flaw_ == flaw::bill_insert_fails) {
            throw tariff::store_error("disk full");
        }
        if (flaw_ == flaw::second_bill_ignored && inner_.find_bill(b.account, b.settled.period)) {
            return;
        }
        write([&] { inner_.insert_bill(b); });
    }
    std::optional<tariff::bill_record<Amount>> find_bill(std::string_view account,
                                                         billing_period p) override {
        return inner_.find_bill(account, p);
    }
    std::vector<tariff::bill_record<Amount>> account_bills(std::string_view account) override {
        return inner_.account_bills(account);
    }
    std::vector<tariff::bill_record<Amount>> period_bills(billing_period p) override {
        return inner_.period_bills(p);
    }

private:
    template <class Write>
    void write(Write w) {
        if (flaw_ == flaw::writes_anywhere && !inner_.in_transaction()) {
            inner_.begin();
            w();
            inner_.commit();
        } else {
            w();
        }
    }

    flaw flaw_;
    memory_store<Amount> inner_;
};

// "12.34" from 1234 cents.
template <class D>
D cents(std::int64_t c) {
    const std::int64_t magnitude = c < 0 ? -c : c;
    std::string digits = std::to_string(magnitude / 100) + "." + (magnitude % 100 < 10 ? "0" : "") +
                         std::to_string(magnitude % 100);
    return D::parse((c < 0 ? "-" : "") + digits);
}

}  // namespace

TEST_CASE_TEMPLATE("the store suite passes on the memory store", Rep, TARIFF_TEST_REPS) {
    using D = tariff::decimal<2, Rep>;
    run_suite<D>([] { return std::make_unique<memory_store<D>>(); });
}

TEST_CASE("the store suite passes on the memory store with money and other currencies") {
    using usd = tariff::money<tariff::iso::USD>;
    run_suite<usd>([] { return std::make_unique<memory_store<usd>>(); });
    // Amounts finer than the currency: only whole cents are kept.
    using d4 = tariff::decimal<4>;
    run_suite<d4>([] { return std::make_unique<memory_store<d4>>(); });
    // A currency without minor units, and one with three.
    using d3 = tariff::decimal<3, tariff::cpp_int>;
    run_suite<d3>([] { return std::make_unique<memory_store<d3>>(tariff::iso::JPY::info); });
    run_suite<d3>([] { return std::make_unique<memory_store<d3>>(tariff::iso::BHD::info); });
}

TEST_CASE("the store suite notices a broken store") {
    using D = tariff::decimal<2>;
    for (const flaw f :
         {flaw::second_bill_ignored, flaw::rollback_commits, flaw::balance_loses_cents,
          flaw::packs_reversed, flaw::writes_anywhere, flaw::bill_insert_fails}) {
        CAPTURE(static_cast<int>(f));
        std::vector<std::string> failures;
        const auto summary = tariff::testing::run_store_tests<D>(
            [f] { return std::make_unique<broken_store<D>>(f); },
            [&](const tariff::testing::store_failure& failure) {
                failures.push_back(failure.test + ": " + failure.message);
            });
        CHECK(summary.failures > 0);
        CHECK(failures.size() == summary.failures);
    }
    // The same decorator without a flaw passes, so the failures above are the flaws'.
    CHECK(tariff::testing::check_store<D>([] {
              return std::make_unique<broken_store<D>>(flaw::none);
          }).failures == 0);
    CHECK_THROWS_WITH_AS(tariff::testing::check_store<D>([] {
                             return std::make_unique<broken_store<D>>(flaw::packs_reversed);
                         }),
                         doctest::Contains("store checks failed:\npacks keep the order"),
                         tariff::testing::store_test_error);
}

TEST_CASE_TEMPLATE("the ledger refuses what the account refuses, in the same words", Rep,
                   TARIFF_TEST_REPS) {
    using D = tariff::decimal<2, Rep>;
    memory_store<D> store;
    ledger<D> books(store);
    books.activate("gamma");
    tariff::account<D> gamma("gamma");
    gamma.activate();

    const auto message = [](auto operation) -> std::string {
        try {
            operation();
        } catch (const tariff::error& e) {
            return e.what();
        }
        return "no error";
    };
    CHECK(message([&] { books.top_up("gamma", D()); }) ==
          "account \"gamma\": top-up 0.00 must be positive");
    CHECK(message([&] { books.top_up("gamma", D()); }) == message([&] { gamma.top_up(D()); }));
    CHECK(message([&] { books.top_up("gamma", D::parse("-1.50")); }) ==
          message([&] { gamma.top_up(D::parse("-1.50")); }));
    {
        auto t = books.begin();
        CHECK(message([&] { t.settle("gamma", jan, D::parse("-0.01")); }) ==
              "account \"gamma\": charge -0.01 for 2024-01 is negative");
        CHECK(message([&] { t.settle("gamma", jan, D::parse("-0.01")); }) ==
              message([&] { gamma.settle(jan, D::parse("-0.01")); }));
        t.settle("gamma", jan, D::parse("6000.00"));
        gamma.settle(jan, D::parse("6000.00"));
        CHECK(message([&] { t.settle("gamma", jan, D::parse("1.00")); }) ==
              "account \"gamma\": 2024-01 is already settled (charged 6000.00)");
        CHECK(message([&] { t.settle("gamma", jan, D::parse("1.00")); }) ==
              message([&] { gamma.settle(jan, D::parse("1.00")); }));
        t.commit();
    }
    CHECK(store.find_account("gamma")->balance == gamma.balance());
    CHECK(store.find_account("gamma")->state == gamma.state());

    if constexpr (std::numeric_limits<Rep>::is_bounded) {
        const D most = D::from_raw(std::numeric_limits<Rep>::max());
        memory_store<D> rich_store;
        ledger<D> rich_books(rich_store);
        rich_books.activate("rich");
        rich_books.top_up("rich", most);
        tariff::account<D> rich("rich", most);
        rich.activate();
        CHECK(message([&] { rich_books.top_up("rich", D::parse("0.01")); }) ==
              message([&] { rich.top_up(D::parse("0.01")); }));
        CHECK(message([&] { rich_books.top_up("rich", D::parse("0.01")); }).find("overflows") !=
              std::string::npos);
    }
}

TEST_CASE_TEMPLATE("ledger operations: activation, top-ups, bills and packs", Rep,
                   TARIFF_TEST_REPS) {
    using D = tariff::decimal<2, Rep>;
    memory_store<D> store;
    ledger<D> books(store);

    // Nothing happens to an account before its activation.
    CHECK_THROWS_WITH_AS(books.top_up("acme", D::parse("5.00")),
                         "account \"acme\" is not activated: cannot top up 5.00", tariff::refused);
    CHECK_THROWS_WITH_AS(books.add_pack("acme", "calls", 10, jan, jan),
                         "account \"acme\" is not activated: cannot add a pack of \"calls\"",
                         tariff::refused);
    {
        auto t = books.begin();
        CHECK_THROWS_WITH_AS(t.settle("acme", jan, D()),
                             "account \"acme\" is not activated: cannot settle 2024-01",
                             tariff::refused);
        CHECK_THROWS_AS(t.record_quote_required("acme", jan), tariff::refused);
        CHECK_THROWS_AS(t.use_packs("acme", "calls", jan, 1), tariff::refused);
    }
    CHECK_THROWS_WITH_AS(books.activate(""), "account name is empty", tariff::invalid_argument);
    CHECK(store.accounts().empty());

    const tariff::activation first = books.activate("acme");
    CHECK(first.state == service_state::active);
    CHECK(!first.already_activated);
    CHECK(books.activate("acme").already_activated);
    REQUIRE(store.accounts().size() == 1);
    CHECK(store.find_account("acme")->balance == D());

    // Top-ups: the receipt, the id, idempotent references.
    const auto paid = books.top_up("acme", D::parse("10000.00"), std::string("inv-1"));
    CHECK(paid.record.id == 1);
    CHECK(paid.record.account == "acme");
    CHECK(paid.record.receipt.balance_before == D());
    CHECK(paid.record.receipt.balance_after == D::parse("10000.00"));
    CHECK(paid.record.ref == std::optional<std::string>("inv-1"));
    CHECK(books.top_up("acme", D::parse("10000.00"), std::string("inv-1")).already_applied);
    CHECK(store.top_ups("acme").size() == 1);
    CHECK_THROWS_WITH_AS(
        books.top_up("acme", D::parse("9.00"), std::string("inv-1")),
        "reference \"inv-1\" was used for a top-up of 10000.00 to account \"acme\"; a top-up of "
        "9.00 to account \"acme\" cannot reuse it",
        tariff::refused);
    CHECK_THROWS_WITH_AS(books.top_up("acme", D::parse("9.00"), std::string()),
                         "top-up reference is empty", tariff::invalid_argument);

    // The FaceID month: 20,000 calls at 0.30, then a cliff month that suspends.
    {
        auto t = books.begin();
        const auto s = t.settle("acme", jan, D::parse("6000.00"), "20000 calls");
        CHECK(s.balance_before == D::parse("10000.00"));
        CHECK(s.balance_after == D::parse("4000.00"));
        CHECK(s.state == service_state::active);
        const auto q = t.record_quote_required("acme", billing_period(2023, 12));
        CHECK(q.status == tariff::settlement_status::quote_required);
        CHECK(q.balance_after == D::parse("10000.00") - D::parse("6000.00"));
        t.commit();
    }
    {
        auto t = books.begin();
        CHECK_THROWS_WITH_AS(t.settle("acme", billing_period(2023, 12), D::parse("1.00")),
                             "account \"acme\": 2023-12 is already settled (quote_required)",
                             tariff::refused);
        CHECK(t.settle("acme", feb, D::parse("4350.35")).state == service_state::suspended);
        t.commit();
    }
    CHECK(store.find_account("acme")->state == service_state::suspended);
    CHECK(store.find_account("acme")->balance == D::parse("-350.35"));
    CHECK(books.top_up("acme", D::parse("350.35")).record.receipt.state == service_state::active);

    // Packs: validated, idempotent, drawn.
    CHECK_THROWS_WITH_AS(books.add_pack("acme", "calls", 0, jan, jan),
                         "pack of \"calls\": quantity 0 is not at least 1",
                         tariff::invalid_argument);
    CHECK_THROWS_WITH_AS(books.add_pack("acme", "calls", 5, feb, jan),
                         "pack of \"calls\": valid until 2024-01 is before valid from 2024-02",
                         tariff::invalid_argument);
    CHECK_THROWS_WITH_AS(books.add_pack("acme", "", 5, jan, jan), "product id is empty",
                         tariff::invalid_argument);
    const auto pack =
        books.add_pack("acme", "calls", 1000, feb, billing_period(2024, 4), std::string("pack-1"));
    CHECK(pack.pack.id == 1);
    CHECK(pack.pack.remaining == 1000);
    CHECK(books.add_pack("acme", "calls", 1000, feb, billing_period(2024, 4), std::string("pack-1"))
              .already_applied);
    CHECK_THROWS_WITH_AS(books.add_pack("acme", "calls", 5, feb, feb, std::string("inv-1")),
                         "reference \"inv-1\" was used for a top-up of 10000.00 to account "
                         "\"acme\"; a pack cannot reuse it",
                         tariff::refused);
    CHECK_THROWS_WITH_AS(books.top_up("acme", D::parse("1.00"), std::string("pack-1")),
                         "reference \"pack-1\" was used for a pack of account \"acme\"; a top-up "
                         "cannot reuse it",
                         tariff::refused);
    {
        auto t = books.begin();
        const tariff::quantity_split split =
            t.use_packs("acme", "calls", billing_period(2024, 3), 600);
        CHECK(split.quantity == 600);
        CHECK(split.from_packs == 600);
        CHECK(split.rest == 0);
        t.commit();
    }
    CHECK(store.packs("acme")[0].remaining == 400);
    CHECK(store.packs("acme")[0].quantity == 1000);

    // A pack of a product counting steps of 10^-3 units: 2.5 GB is 2500 steps.
    CHECK_THROWS_WITH_AS(books.add_pack("acme", "storage", 0, feb, feb, std::nullopt, 3),
                         "pack of \"storage\": quantity 0.000 is not at least 0.001",
                         tariff::invalid_argument);
    CHECK_THROWS_WITH_AS(books.add_pack("acme", "storage", 5, feb, feb, std::nullopt, 7),
                         "pack of \"storage\": quantity scale 7 is not 0 to 6",
                         tariff::invalid_argument);
    const auto gb = books.add_pack("acme", "storage", 2500, feb, feb, std::string("gb"), 3);
    CHECK(gb.pack.quantity_scale == 3);
    CHECK_THROWS_WITH_AS(books.add_pack("acme", "storage", 2500, feb, feb, std::string("gb"), 0),
                         "reference \"gb\" was used for a pack of 2.500 \"storage\" "
                         "(2024-02..2024-02) for account \"acme\"; another pack cannot reuse it",
                         tariff::refused);
}

TEST_CASE("the ledger checks the store's currency and whole minor units") {
    using usd = tariff::money<tariff::iso::USD>;
    using eur = tariff::money<tariff::iso::EUR>;
    memory_store<eur> euros(tariff::iso::EUR::info);
    CHECK_NOTHROW(ledger<eur>{euros});
    memory_store<usd> dollars_in_euros(tariff::iso::EUR::info);
    CHECK_THROWS_WITH_AS(ledger<usd>{dollars_in_euros},
                         "money in USD cannot be kept in a ledger in EUR",
                         tariff::invalid_argument);
    memory_store<tariff::decimal<2>> dinars(tariff::iso::BHD::info);
    CHECK_THROWS_WITH_AS(ledger<tariff::decimal<2>>{dinars},
                         "decimal<2, int64> cannot hold the 3 minor digits of BHD",
                         tariff::invalid_argument);

    using d4 = tariff::decimal<4>;
    memory_store<d4> store;
    ledger<d4> books(store);
    CHECK(books.currency() == tariff::iso::USD::info);
    books.activate("acme");
    // Amounts in messages have the currency's digits, more only when they have more.
    CHECK_THROWS_WITH_AS(books.top_up("acme", d4::parse("1.0050")),
                         "top-up 1.005 is finer than the minor unit of USD",
                         tariff::invalid_argument);
    CHECK_THROWS_WITH_AS(books.top_up("acme", d4::parse("-5")),
                         "account \"acme\": top-up -5.00 must be positive",
                         tariff::invalid_argument);
    auto t = books.begin();
    CHECK_THROWS_WITH_AS(t.settle("acme", jan, d4::parse("0.0001")),
                         "charge 0.0001 is finer than the minor unit of USD",
                         tariff::invalid_argument);
    CHECK(t.settle("acme", jan, d4::parse("0.0100")).balance_after == d4::parse("-0.01"));
    t.commit();

    // The store's currency resolution: a new store takes the one asked for (USD by default),
    // an existing one keeps its own.
    using tariff::detail::resolve_store_currency;
    const tariff::currency jpy = tariff::iso::JPY::info;
    CHECK(resolve_store_currency(std::nullopt, std::nullopt, "db") == tariff::iso::USD::info);
    CHECK(resolve_store_currency(std::nullopt, jpy, "db") == jpy);
    CHECK(resolve_store_currency(jpy, std::nullopt, "db") == jpy);
    CHECK(resolve_store_currency(jpy, jpy, "db") == jpy);
    CHECK_THROWS_WITH_AS(resolve_store_currency(jpy, tariff::iso::USD::info, "db"),
                         "db keeps its amounts in JPY, fixed when it was created; USD was asked "
                         "for",
                         tariff::refused);
}

TEST_CASE("a transaction is used once, one at a time, and a failed write spoils it") {
    using D = tariff::decimal<2>;
    memory_store<D> store;
    ledger<D> books(store);
    books.activate("acme");
    {
        auto t = books.begin();
        CHECK_THROWS_WITH_AS(books.begin(), "memory store: a transaction is already open",
                             tariff::store_error);
        CHECK_THROWS_AS(books.top_up("acme", D::parse("1.00")), tariff::store_error);
        t.top_up("acme", D::parse("1.00"));
        t.commit();
        CHECK_THROWS_WITH_AS(t.commit(), "the transaction is over: it was committed or rolled back",
                             tariff::store_error);
        CHECK_THROWS_AS(t.top_up("acme", D::parse("1.00")), tariff::store_error);
        t.rollback();  // over: nothing to undo
    }
    CHECK(store.find_account("acme")->balance == D::parse("1.00"));

    // A moved-from transaction is over; the moved-to one carries on.
    {
        auto t = books.begin();
        auto moved = std::move(t);
        CHECK_THROWS_AS(t.top_up("acme", D::parse("1.00")), tariff::store_error);
        moved.top_up("acme", D::parse("2.00"));
        moved.commit();
    }
    CHECK(store.find_account("acme")->balance == D::parse("3.00"));

    // The bill insert fails after the balance was written: the transaction cannot commit,
    // and nothing of it remains.
    broken_store<D> failing(flaw::bill_insert_fails);
    ledger<D> failing_books(failing);
    failing_books.activate("acme");
    failing_books.top_up("acme", D::parse("50.00"));
    {
        auto t = failing_books.begin();
        t.top_up("acme", D::parse("5.00"));
        CHECK_THROWS_WITH_AS(t.settle("acme", jan, D::parse("20.00")), "disk full",
                             tariff::store_error);
        CHECK_THROWS_WITH_AS(t.commit(),
                             "the transaction was rolled back: an operation failed while writing",
                             tariff::store_error);
    }
    CHECK(!failing.in_transaction());
    CHECK(failing.find_account("acme")->balance == D::parse("50.00"));
    CHECK(failing.top_ups("acme").size() == 1);
}

TEST_CASE_TEMPLATE("random ledger operations agree with an independent model", Rep,
                   TARIFF_TEST_REPS) {
    using D = tariff::decimal<2, Rep>;
    memory_store<D> store;
    ledger<D> books(store);

    // The model: cents in int64, no tariff code.
    struct model_account {
        std::int64_t balance = 0;
        bool suspended = false;
    };
    std::map<std::string, model_account> accounts;
    std::set<std::pair<std::string, int>> billed;                      // (account, month)
    std::map<std::string, std::pair<std::string, std::int64_t>> refs;  // ref -> (account, cents)

    enum class outcome { done, repeated, refused, invalid };
    std::mt19937_64 random(7);
    const auto pick = [&](std::uint64_t n) { return static_cast<std::int64_t>(random() % n); };
    const char* names[] = {"a", "b", "c"};
    for (int step = 0; step < 4000; ++step) {
        CAPTURE(step);
        const std::string name = names[pick(3)];
        const auto found = accounts.find(name);
        const bool active = found != accounts.end();
        outcome expected = outcome::done;
        outcome got = outcome::done;
        const auto run = [&](auto operation) {
            try {
                got = operation() ? outcome::repeated : outcome::done;
            } catch (const tariff::refused&) {
                got = outcome::refused;
            } catch (const tariff::invalid_argument&) {
                got = outcome::invalid;
            }
        };
        switch (pick(3)) {
            case 0: {  // activate
                expected = active ? outcome::repeated : outcome::done;
                if (!active) accounts[name] = model_account{};
                run([&] { return books.activate(name).already_activated; });
                break;
            }
            case 1: {  // top up, sometimes with a reference
                const std::int64_t amount = pick(8) == 0 ? -pick(3) : 1 + pick(5000);
                std::optional<std::string> ref;
                if (pick(2) == 0) ref = "r" + std::to_string(pick(40));
                const auto used = ref ? refs.find(*ref) : refs.end();
                if (amount <= 0) {
                    expected = outcome::invalid;
                } else if (used != refs.end()) {
                    expected = used->second == std::make_pair(name, amount) ? outcome::repeated
                                                                            : outcome::refused;
                } else if (!active) {
                    expected = outcome::refused;
                } else {
                    model_account& m = found->second;
                    m.balance += amount;
                    m.suspended = m.balance < 0;
                    if (ref) refs[*ref] = {name, amount};
                }
                run([&] { return books.top_up(name, cents<D>(amount), ref).already_applied; });
                break;
            }
            default: {  // this month's bill
                const int month = 1 + static_cast<int>(pick(12));
                const std::int64_t charge = pick(3000);
                if (!active || billed.count({name, month}) != 0) {
                    expected = outcome::refused;
                } else {
                    billed.insert({name, month});
                    model_account& m = found->second;
                    m.balance -= charge;
                    m.suspended = m.balance < 0;
                }
                run([&] {
                    auto t = books.begin();
                    t.settle(name, billing_period(2024, month), cents<D>(charge));
                    t.commit();
                    return false;
                });
                break;
            }
        }
        CHECK(static_cast<int>(got) == static_cast<int>(expected));
        for (const auto& [account_name, m] : accounts) {
            const auto record = store.find_account(account_name);
            REQUIRE(record);
            CHECK(record->balance == cents<D>(m.balance));
            CHECK(record->state ==
                  (m.suspended ? service_state::suspended : service_state::active));
        }
    }
    CHECK(store.accounts().size() == accounts.size());
    std::size_t bills = 0;
    for (const auto& a : store.accounts()) bills += store.account_bills(a.name).size();
    CHECK(bills == billed.size());
}
