#pragma once
/// tariff::testing::run_store_tests: every guarantee a ledger store must keep, as checks that
/// run against any tariff::ledger_store<Amount>, your own included. No test framework needed:
/// each failed check goes to a callback, and the summary counts them.
///
///     auto summary = tariff::testing::run_store_tests<tariff::decimal<2>>(
///         [] { return std::make_unique<my_store<tariff::decimal<2>>>(/* a fresh, empty one */); },
///         [](const tariff::testing::store_failure& f) {
///             std::cerr << f.test << ": " << f.message << '\n';
///         });
///     return summary.failures == 0 ? 0 : 1;
///
/// The factory is called once per test and must return a fresh, empty store (a pointer or
/// smart pointer to it) whose currency has no more minor digits than Amount.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "../close_rules.hpp"
#include "../decimal.hpp"
#include "../error.hpp"
#include "../ledger.hpp"
#include "../ledger_store.hpp"
#include "../period.hpp"

namespace tariff::testing {

/// One failed check: the test it belongs to and what went wrong.
struct store_failure {
    std::string test;
    std::string message;
};

/// How many tests and checks ran, and how many checks failed.
struct store_test_summary {
    std::size_t tests = 0;
    std::size_t checks = 0;
    std::size_t failures = 0;
};

/// Thrown by check_store with every failure, one per line.
class store_test_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

namespace detail::store_tests {

// Detects a member named refund, whatever its signature.
template <class T, class = void>
struct has_refund : std::false_type {};
template <class T>
struct has_refund<T, std::void_t<decltype(&T::refund)>> : std::true_type {};

/// Counts checks and reports failures of one test.
class checker {
public:
    checker(std::string test, store_test_summary& summary,
            const std::function<void(const store_failure&)>& report)
        : test_(std::move(test)), summary_(summary), report_(report) {}

    bool expect(bool ok, const std::string& what) {
        ++summary_.checks;
        if (!ok) {
            fail(what);
        }
        return ok;
    }

    /// Expects `operation` to throw Exception (or a class derived from it).
    template <class Exception, class Operation>
    bool expect_throws(Operation operation, const std::string& what) {
        ++summary_.checks;
        try {
            operation();
        } catch (const Exception&) {
            return true;
        } catch (const std::exception& e) {
            fail(what + ": threw the wrong exception: " + e.what());
            return false;
        } catch (...) {
            fail(what + ": threw something that is not a std::exception");
            return false;
        }
        fail(what + ": did not throw");
        return false;
    }

    void fail(const std::string& what) {
        ++summary_.failures;
        report_(store_failure{test_, what});
    }

private:
    std::string test_;
    store_test_summary& summary_;
    const std::function<void(const store_failure&)>& report_;
};

/// Amounts the tests use, built from minor units of the store's currency.
template <class Amount>
class amounts {
    using traits = tariff::detail::ledger_amount<Amount>;
    using decimal_type = typename traits::decimal_type;
    using rep = typename decimal_type::rep;

public:
    explicit amounts(const currency& c) : minor_(c.minor_units) {}

    /// `minor` minor units: minor(1234) is 12.34 USD.
    Amount minor(std::int64_t minor) const {
        const bool negative = minor < 0;
        std::string digits = std::to_string(minor);
        if (negative) {
            digits.erase(0, 1);
        }
        const auto width = static_cast<std::size_t>(minor_) + 1;
        if (digits.size() < width) {
            digits.insert(0, width - digits.size(), '0');
        }
        if (minor_ > 0) {
            digits.insert(digits.size() - static_cast<std::size_t>(minor_), 1, '.');
        }
        return tariff::detail::parse_ledger_amount<Amount>((negative ? "-" : "") + digits);
    }

    /// The largest and smallest whole minor-unit amounts of Amount; for an unbounded Rep,
    /// amounts far beyond 128 bits.
    std::vector<Amount> extremes() const {
        std::vector<Amount> out;
        if constexpr (tariff::detail::rep_ops<rep>::bounded) {
            for (const rep& raw :
                 {std::numeric_limits<rep>::max(), std::numeric_limits<rep>::min()}) {
                out.push_back(traits::from_decimal(
                    quantize(decimal_type::from_raw(raw), minor_, rounding::down)));
            }
        } else {
            std::string digits(60, '9');
            out.push_back(tariff::detail::parse_ledger_amount<Amount>(digits));
            out.push_back(tariff::detail::parse_ledger_amount<Amount>("-" + digits));
        }
        return out;
    }

private:
    int minor_;
};

/// Everything a store holds that the tests can see, for comparing before and after.
template <class Amount>
struct snapshot {
    ledger_settings settings;
    std::vector<account_record<Amount>> accounts;
    std::vector<top_up_record<Amount>> top_ups;
    std::vector<prepaid_pack> packs;
    std::vector<bill_record<Amount>> bills;

    friend bool operator==(const snapshot& a, const snapshot& b) {
        return a.settings == b.settings && a.accounts == b.accounts && a.top_ups == b.top_ups &&
               a.packs == b.packs && a.bills == b.bills;
    }
};

template <class Amount>
snapshot<Amount> take_snapshot(ledger_store<Amount>& store) {
    snapshot<Amount> s;
    s.settings = store.settings();
    s.accounts = store.accounts();
    for (const auto& account : s.accounts) {
        for (auto& t : store.top_ups(account.name)) s.top_ups.push_back(std::move(t));
        for (auto& p : store.packs(account.name)) s.packs.push_back(std::move(p));
        for (auto& b : store.account_bills(account.name)) s.bills.push_back(std::move(b));
    }
    return s;
}

// Runs `body` inside a store transaction and commits it.
template <class Amount, class Body>
void committed(ledger_store<Amount>& store, Body body) {
    store.begin();
    try {
        body();
    } catch (...) {
        store.rollback();
        throw;
    }
    store.commit();
}

template <class Amount>
account_record<Amount> account(std::string name, const Amount& balance,
                               service_state state = service_state::active) {
    return account_record<Amount>{std::move(name), state, balance};
}

template <class Amount>
top_up_record<Amount> top_up(std::string account_name, const Amount& amount,
                             std::optional<std::string> ref = std::nullopt) {
    return top_up_record<Amount>{
        0, std::move(account_name),
        top_up_receipt<Amount>{amount, Amount(), amount, service_state::active}, std::move(ref)};
}

inline prepaid_pack pack(std::string account_name, std::string product, std::int64_t quantity,
                         billing_period from, billing_period until,
                         std::optional<std::string> ref = std::nullopt, int quantity_scale = 0) {
    return prepaid_pack{0,
                        std::move(account_name),
                        std::move(product),
                        quantity,
                        quantity,
                        quantity_scale,
                        from,
                        until,
                        std::move(ref)};
}

template <class Amount>
bill_record<Amount> bill(std::string account_name, billing_period period, const Amount& charge,
                         std::string detail = {}) {
    return bill_record<Amount>{
        std::move(account_name),
        settlement<Amount>{period, settlement_status::charged, charge, Amount(), Amount() - charge,
                           service_state::active},
        std::move(detail)};
}

// --- the tests --------------------------------------------------------------------------------

template <class Amount>
void new_store_is_empty(ledger_store<Amount>& store, checker& check) {
    const ledger_settings s = store.settings();
    check.expect(!s.billing_offset, "a new store has a billing offset");
    check.expect(!s.latest_closed, "a new store has a latest closed period");
    check.expect(store.accounts().empty(), "a new store has accounts");
    check.expect(!store.find_account("acme"), "a new store finds an account");
    check.expect(!store.find_bill("acme", billing_period(2024, 1)), "a new store finds a bill");
    check.expect(!store.find_top_up("ref"), "a new store finds a top-up");
    check.expect(!store.find_pack("ref"), "a new store finds a pack");
    check.expect(store.period_bills(billing_period(2024, 1)).empty(), "a new store has bills");
    check.expect(!store.in_transaction(), "a new store is in a transaction");
}

template <class Amount>
void writes_need_a_transaction(ledger_store<Amount>& store, checker& check) {
    const amounts<Amount> money(store.settings().currency);
    const billing_period jan(2024, 1);
    check.expect_throws<store_error>([&] { store.insert_account(account("a", money.minor(0))); },
                                     "insert_account outside a transaction");
    check.expect_throws<store_error>([&] { store.update_account(account("a", money.minor(0))); },
                                     "update_account outside a transaction");
    check.expect_throws<store_error>([&] { store.insert_top_up(top_up("a", money.minor(1))); },
                                     "insert_top_up outside a transaction");
    check.expect_throws<store_error>([&] { store.insert_pack(pack("a", "p", 1, jan, jan)); },
                                     "insert_pack outside a transaction");
    check.expect_throws<store_error>([&] { store.update_pack_remaining(1, 0); },
                                     "update_pack_remaining outside a transaction");
    check.expect_throws<store_error>([&] { store.insert_bill(bill("a", jan, money.minor(1))); },
                                     "insert_bill outside a transaction");
    check.expect_throws<store_error>([&] { store.set_billing_offset(utc_offset()); },
                                     "set_billing_offset outside a transaction");
    check.expect_throws<store_error>([&] { store.set_latest_closed(jan); },
                                     "set_latest_closed outside a transaction");
    check.expect_throws<store_error>([&] { store.commit(); }, "commit without begin");
    store.rollback();  // without begin: does nothing
    check.expect(store.accounts().empty() && !store.settings().latest_closed,
                 "a refused write outside a transaction changed the store");

    store.begin();
    check.expect(store.in_transaction(), "in_transaction() is false after begin()");
    check.expect_throws<store_error>([&] { store.begin(); }, "begin() twice");
    check.expect(store.in_transaction(), "a second begin() ended the first transaction");
    store.insert_account(account("a", money.minor(5)));
    store.commit();
    check.expect(!store.in_transaction(), "in_transaction() is true after commit()");
    const auto found = store.find_account("a");
    check.expect(found && found->balance == money.minor(5),
                 "an account written in the transaction that outlived a second begin() is lost");
}

template <class Amount>
void accounts_round_trip_in_byte_order(ledger_store<Amount>& store, checker& check) {
    const amounts<Amount> money(store.settings().currency);
    const std::vector<std::string> names = {"zeta",
                                            "Acme",
                                            "acme",
                                            "acme corp",
                                            "\xc3\xbc"
                                            "ber",  // "über" in UTF-8
                                            "a\"b'c\\d",
                                            "a",
                                            "b-2",
                                            "b-10"};
    committed(store, [&] {
        std::int64_t minor = -3;
        for (const auto& name : names) {
            store.insert_account(account(name, money.minor(minor), service_state::suspended));
            minor += 250;
        }
    });
    std::int64_t minor = -3;
    for (const auto& name : names) {
        const auto found = store.find_account(name);
        check.expect(found && *found == account(name, money.minor(minor), service_state::suspended),
                     "account " + name + " does not read back as written");
        minor += 250;
    }
    std::vector<std::string> sorted = names;
    std::sort(sorted.begin(), sorted.end());  // std::string compares bytes as unsigned char
    std::vector<std::string> listed;
    for (const auto& a : store.accounts()) listed.push_back(a.name);
    check.expect(listed == sorted, "accounts() is not every account by name in byte order");

    const snapshot<Amount> before = take_snapshot(store);
    store.begin();
    check.expect_throws<refused>(
        [&] { store.insert_account(account("acme", money.minor(1), service_state::active)); },
        "a second account with the same name");
    store.commit();
    check.expect(take_snapshot(store) == before, "a refused second account changed the store");

    committed(store, [&] {
        store.update_account(account("acme", money.minor(-777), service_state::suspended));
        store.update_account(account("zeta", money.minor(0), service_state::inactive));
    });
    check.expect(
        *store.find_account("acme") == account("acme", money.minor(-777), service_state::suspended),
        "update_account did not replace state and balance");
    check.expect(store.find_account("zeta")->state == service_state::inactive,
                 "update_account did not store the inactive state");
    store.begin();
    check.expect_throws<store_error>(
        [&] { store.update_account(account("nobody", money.minor(1))); },
        "update_account of an account that does not exist");
    store.rollback();
}

template <class Amount>
void amounts_round_trip_exactly(ledger_store<Amount>& store, checker& check) {
    const amounts<Amount> money(store.settings().currency);
    std::vector<Amount> values = {money.minor(0),      money.minor(1),      money.minor(-1),
                                  money.minor(600000), money.minor(-35035), money.minor(999999999)};
    for (const auto& extreme : money.extremes()) values.push_back(extreme);

    const billing_period jan(2024, 1);
    committed(store, [&] {
        for (std::size_t i = 0; i < values.size(); ++i) {
            const std::string name = "account " + std::to_string(i);
            store.insert_account(account(name, values[i]));
            top_up_record<Amount> t{
                0, name,
                top_up_receipt<Amount>{values[i], values[(i + 1) % values.size()],
                                       values[(i + 2) % values.size()], service_state::suspended},
                std::nullopt};
            store.insert_top_up(t);
            store.insert_bill(bill_record<Amount>{
                name,
                settlement<Amount>{jan, settlement_status::charged, values[i],
                                   values[(i + 3) % values.size()], values[(i + 4) % values.size()],
                                   service_state::suspended},
                {}});
        }
    });
    for (std::size_t i = 0; i < values.size(); ++i) {
        const std::string name = "account " + std::to_string(i);
        const std::string shown = to_string(values[i]);
        const auto a = store.find_account(name);
        check.expect(a && a->balance == values[i],
                     "balance " + shown + " reads back as " + (a ? to_string(a->balance) : "none"));
        const auto tops = store.top_ups(name);
        check.expect(tops.size() == 1 && tops[0].receipt.amount == values[i] &&
                         tops[0].receipt.balance_before == values[(i + 1) % values.size()] &&
                         tops[0].receipt.balance_after == values[(i + 2) % values.size()],
                     "top-up amounts around " + shown + " do not read back exactly");
        const auto b = store.find_bill(name, jan);
        check.expect(b && b->settled.charge == values[i] &&
                         b->settled.balance_before == values[(i + 3) % values.size()] &&
                         b->settled.balance_after == values[(i + 4) % values.size()],
                     "bill amounts around " + shown + " do not read back exactly");
    }
}

template <class Amount>
void top_ups_and_references(ledger_store<Amount>& store, checker& check) {
    const amounts<Amount> money(store.settings().currency);
    const billing_period jan(2024, 1);
    std::vector<std::int64_t> ids;
    committed(store, [&] {
        store.insert_account(account("a", money.minor(0)));
        store.insert_account(account("b", money.minor(0)));
        ids.push_back(store.insert_top_up(top_up("a", money.minor(100), std::string("t1"))));
        ids.push_back(store.insert_top_up(top_up("b", money.minor(200))));
        ids.push_back(store.insert_top_up(top_up("a", money.minor(300))));
        ids.push_back(store.insert_top_up(top_up("a", money.minor(400), std::string("t2"))));
        store.insert_pack(pack("b", "calls", 10, jan, jan, std::string("p1")));
    });
    check.expect(std::is_sorted(ids.begin(), ids.end()) &&
                     std::adjacent_find(ids.begin(), ids.end()) == ids.end(),
                 "top-up ids do not grow in the order top-ups were made");
    const auto of_a = store.top_ups("a");
    check.expect(of_a.size() == 3 && of_a[0].receipt.amount == money.minor(100) &&
                     of_a[1].receipt.amount == money.minor(300) &&
                     of_a[2].receipt.amount == money.minor(400) && of_a[0].id == ids[0] &&
                     of_a[2].id == ids[3],
                 "top_ups(account) is not that account's top-ups in the order made");
    check.expect(
        of_a.size() == 3 && of_a[0].ref == std::optional<std::string>("t1") && !of_a[1].ref,
        "a top-up's reference does not read back");
    const auto t2 = store.find_top_up("t2");
    check.expect(t2 && t2->account == "a" && t2->receipt.amount == money.minor(400),
                 "find_top_up does not find the top-up by its reference");
    check.expect(!store.find_top_up("p1"), "find_top_up finds a pack's reference");
    check.expect(!store.find_pack("t1"), "find_pack finds a top-up's reference");

    const snapshot<Amount> before = take_snapshot(store);
    store.begin();
    check.expect_throws<refused>(
        [&] { store.insert_top_up(top_up("b", money.minor(1), std::string("t1"))); },
        "a second top-up with a used reference");
    check.expect_throws<refused>(
        [&] { store.insert_top_up(top_up("b", money.minor(1), std::string("p1"))); },
        "a top-up with a pack's reference");
    check.expect_throws<refused>(
        [&] { store.insert_pack(pack("a", "calls", 5, jan, jan, std::string("t2"))); },
        "a pack with a top-up's reference");
    check.expect_throws<refused>(
        [&] { store.insert_pack(pack("a", "calls", 5, jan, jan, std::string("p1"))); },
        "a second pack with a used reference");
    store.commit();
    check.expect(take_snapshot(store) == before, "refused references changed the store");
}

template <class Amount>
void packs_keep_the_order_they_were_added(ledger_store<Amount>& store, checker& check) {
    const amounts<Amount> money(store.settings().currency);
    const billing_period jan(2024, 1);
    const billing_period jun(2024, 6);
    // Added in an order that is neither by until nor by product.
    const std::vector<prepaid_pack> added = {
        pack("a", "ocr", 50, jan, jun),
        pack("a", "calls", 10, jan, jan, std::string("x")),
        pack("b", "calls", 7, jan, jun),
        pack("a", "calls", 30, jan, billing_period(2024, 3)),
        pack("a", "storage", 2500, billing_period(2023, 12), jan, std::nullopt, 3),
        pack("a", "calls", 20, billing_period(2023, 12), jan)};
    std::vector<std::int64_t> ids;
    committed(store, [&] {
        store.insert_account(account("a", money.minor(0)));
        store.insert_account(account("b", money.minor(0)));
        for (const auto& p : added) ids.push_back(store.insert_pack(p));
    });
    check.expect(std::is_sorted(ids.begin(), ids.end()) &&
                     std::adjacent_find(ids.begin(), ids.end()) == ids.end(),
                 "pack ids do not grow in the order packs were added");
    const auto of_a = store.packs("a");
    bool same = of_a.size() == 5;
    std::size_t k = 0;
    for (std::size_t i = 0; same && i < added.size(); ++i) {
        if (added[i].account != "a") continue;
        prepaid_pack expected = added[i];
        expected.id = ids[i];
        same = of_a[k++] == expected;
    }
    check.expect(same,
                 "packs(account) is not that account's packs (quantity scale included), as "
                 "added, in that order");

    committed(store, [&] { store.update_pack_remaining(ids[1], 3); });
    const auto x = store.find_pack("x");
    check.expect(x && x->id == ids[1] && x->remaining == 3 && x->quantity == 10,
                 "update_pack_remaining did not set what the pack has left");
    check.expect(store.packs("b").size() == 1 && store.packs("b")[0].remaining == 7,
                 "update_pack_remaining changed another pack");
    store.begin();
    check.expect_throws<store_error>([&] { store.update_pack_remaining(ids.back() + 1000, 1); },
                                     "update_pack_remaining of a pack that does not exist");
    store.rollback();
}

template <class Amount>
void one_bill_per_account_and_period(ledger_store<Amount>& store, checker& check) {
    const amounts<Amount> money(store.settings().currency);
    const std::string long_detail(100000, 'x');
    const std::string detail = "{\"products\": [\"a\\nb\"]}\n\ttab 'quote' \"\xc3\xbc\"";
    committed(store, [&] {
        store.insert_account(account("a", money.minor(0)));
        store.insert_account(account("b", money.minor(0)));
        for (const int month : {3, 1, 12, 2}) {
            store.insert_bill(bill("a", billing_period(2024, month), money.minor(month), detail));
        }
        store.insert_bill(bill("b", billing_period(2024, 2), money.minor(5), long_detail));
        store.insert_bill(bill("a", billing_period(2023, 12), money.minor(9)));
    });
    const auto first = store.find_bill("a", billing_period(2024, 3));
    check.expect(first && *first == bill("a", billing_period(2024, 3), money.minor(3), detail),
                 "a bill does not read back as written");
    const auto big = store.find_bill("b", billing_period(2024, 2));
    check.expect(big && big->detail == long_detail, "a 100 kB bill detail does not read back");
    std::vector<billing_period> periods;
    for (const auto& b : store.account_bills("a")) periods.push_back(b.settled.period);
    check.expect(
        periods == std::vector<billing_period>{billing_period(2023, 12), billing_period(2024, 1),
                                               billing_period(2024, 2), billing_period(2024, 3),
                                               billing_period(2024, 12)},
        "account_bills(account) is not that account's bills by period");
    std::vector<std::string> accounts;
    for (const auto& b : store.period_bills(billing_period(2024, 2))) accounts.push_back(b.account);
    check.expect(accounts == std::vector<std::string>{"a", "b"},
                 "period_bills(period) is not that period's bills by account");

    const snapshot<Amount> before = take_snapshot(store);
    store.begin();
    check.expect_throws<refused>(
        [&] { store.insert_bill(bill("a", billing_period(2024, 3), money.minor(3), detail)); },
        "the same bill again");
    check.expect_throws<refused>(
        [&] { store.insert_bill(bill("a", billing_period(2024, 3), money.minor(70))); },
        "a second bill for (account, period) with another charge");
    bill_record<Amount> quote = bill("a", billing_period(2024, 1), money.minor(0));
    quote.settled.status = settlement_status::quote_required;
    check.expect_throws<refused>([&] { store.insert_bill(quote); },
                                 "a second bill for (account, period) awaiting a quote");
    store.commit();
    check.expect(take_snapshot(store) == before, "a refused second bill changed the store");
}

template <class Amount>
void rollback_undoes_every_write(ledger_store<Amount>& store, checker& check) {
    const amounts<Amount> money(store.settings().currency);
    const billing_period jan(2024, 1);
    std::int64_t pack_id = 0;
    committed(store, [&] {
        store.insert_account(account("a", money.minor(100)));
        store.insert_top_up(top_up("a", money.minor(100), std::string("t1")));
        pack_id = store.insert_pack(pack("a", "calls", 10, jan, jan, std::string("p1")));
        store.insert_bill(bill("a", billing_period(2023, 12), money.minor(1)));
        store.set_latest_closed(billing_period(2023, 12));
    });
    const snapshot<Amount> before = take_snapshot(store);

    store.begin();
    store.insert_account(account("b", money.minor(5)));
    store.update_account(account("a", money.minor(-50), service_state::suspended));
    store.update_account(account("b", money.minor(6), service_state::suspended));
    store.insert_top_up(top_up("a", money.minor(7), std::string("t2")));
    store.insert_pack(pack("b", "calls", 3, jan, jan, std::string("p2")));
    store.update_pack_remaining(pack_id, 1);
    store.insert_bill(bill("a", jan, money.minor(150)));
    store.set_billing_offset(utc_offset::parse("+08:00"));
    store.set_latest_closed(jan);
    store.rollback();
    check.expect(!store.in_transaction(), "in_transaction() is true after rollback()");
    check.expect(take_snapshot(store) == before, "rollback() did not undo every write");
    check.expect(!store.find_account("b") && !store.find_top_up("t2") && !store.find_pack("p2") &&
                     !store.find_bill("a", jan),
                 "records written in a rolled-back transaction are still found");

    // What a rolled-back transaction used is free again.
    committed(store, [&] {
        store.insert_account(account("b", money.minor(0)));
        store.insert_top_up(top_up("b", money.minor(7), std::string("t2")));
        store.insert_pack(pack("b", "calls", 3, jan, jan, std::string("p2")));
        store.insert_bill(bill("a", jan, money.minor(150)));
    });
    check.expect(store.find_top_up("t2") && store.find_pack("p2") && store.find_bill("a", jan),
                 "a rolled-back transaction's keys cannot be used again");

    // A write that throws inside a transaction leaves the rest of it to roll back.
    const snapshot<Amount> kept = take_snapshot(store);
    store.begin();
    store.update_account(account("a", money.minor(1), service_state::active));
    check.expect_throws<refused>([&] { store.insert_bill(bill("a", jan, money.minor(1))); },
                                 "a second bill inside a transaction");
    store.rollback();
    check.expect(take_snapshot(store) == kept,
                 "rolling back after a refused write left the earlier write");
}

template <class Amount>
void settings_round_trip(ledger_store<Amount>& store, checker& check) {
    const currency created = store.settings().currency;
    committed(store, [&] {
        store.set_billing_offset(utc_offset::parse("-05:30"));
        store.set_latest_closed(billing_period(2025, 2));
    });
    ledger_settings s = store.settings();
    check.expect(s.billing_offset == utc_offset::parse("-05:30"),
                 "the billing offset does not read back");
    check.expect(s.latest_closed == billing_period(2025, 2),
                 "the latest closed period does not read back");
    check.expect(s.currency == created, "the currency changed");
    committed(store, [&] { store.set_latest_closed(billing_period(2025, 3)); });
    check.expect(store.settings().latest_closed == billing_period(2025, 3),
                 "a second latest closed period does not replace the first");
}

// The ledger's rules, run over the store: what a user sees through tariff::ledger.
template <class Amount>
void ledger_rules_over_the_store(ledger_store<Amount>& store, checker& check) {
    ledger<Amount> books(store);
    const amounts<Amount> money(books.currency());
    const billing_period jan(2024, 1);
    const billing_period feb(2024, 2);

    check.expect(!books.activate("acme").already_activated, "a first activation says repeated");
    check.expect(books.activate("acme").already_activated, "a second activation is not noticed");

    const auto first = books.top_up("acme", money.minor(10000), std::string("order-1"));
    const auto again = books.top_up("acme", money.minor(10000), std::string("order-1"));
    check.expect(!first.already_applied && again.already_applied && again.record == first.record,
                 "the same top-up reference twice is not a no-op that says so");
    check.expect(store.find_account("acme")->balance == money.minor(10000),
                 "a repeated top-up reference credited twice");
    check.expect_throws<refused>(
        [&] { books.top_up("acme", money.minor(10001), std::string("order-1")); },
        "a top-up reference with another amount");
    books.activate("other");
    check.expect_throws<refused>(
        [&] { books.top_up("other", money.minor(10000), std::string("order-1")); },
        "a top-up reference with another account");
    check.expect_throws<invalid_argument>([&] { books.top_up("acme", money.minor(0)); },
                                          "a zero top-up");
    check.expect_throws<invalid_argument>([&] { books.top_up("acme", money.minor(-1)); },
                                          "a negative top-up");
    check.expect_throws<refused>([&] { books.top_up("nobody", money.minor(1)); },
                                 "a top-up of an account not activated");

    {
        auto t = books.begin();
        const settlement<Amount> s = t.settle("acme", jan, money.minor(15000), "bill text");
        check.expect(s.balance_after == money.minor(-5000) && s.state == service_state::suspended,
                     "a bill below zero does not suspend");
        check.expect_throws<refused>([&] { t.settle("acme", jan, money.minor(1)); },
                                     "a second bill of the same period");
        t.commit();
    }
    check.expect(store.find_account("acme")->balance == money.minor(-5000),
                 "a refused second bill changed the balance");
    check.expect(store.find_bill("acme", jan)->detail == "bill text",
                 "a bill's detail was not kept");

    auto partial = books.top_up("acme", money.minor(4999));
    check.expect(partial.record.receipt.state == service_state::suspended,
                 "a top-up that leaves arrears reactivates");
    auto back = books.top_up("acme", money.minor(1));
    check.expect(back.record.receipt.state == service_state::active &&
                     store.find_account("acme")->state == service_state::active,
                 "a top-up to exactly zero does not reactivate");

    // Packs: the earliest until first, then the earliest added.
    books.add_pack("acme", "calls", 100, jan, billing_period(2024, 6));
    books.add_pack("acme", "calls", 50, jan, feb, std::string("pack-b"));
    books.add_pack("acme", "calls", 30, jan, feb);
    check.expect(
        books.add_pack("acme", "calls", 50, jan, feb, std::string("pack-b")).already_applied,
        "the same pack reference twice is not a no-op");
    check.expect_throws<refused>(
        [&] { books.add_pack("acme", "calls", 51, jan, feb, std::string("pack-b")); },
        "a pack reference with another quantity");
    const pack_result scaled =
        books.add_pack("acme", "storage", 1500, jan, feb, std::string("pack-s"), 3);
    check.expect(scaled.pack.quantity_scale == 3 && store.find_pack("pack-s") &&
                     store.find_pack("pack-s")->quantity_scale == 3,
                 "a pack did not keep its quantity scale");
    check.expect_throws<refused>(
        [&] { books.add_pack("acme", "storage", 1500, jan, feb, std::string("pack-s"), 2); },
        "a pack reference with another quantity scale");
    {
        auto t = books.begin();
        const quantity_split split = t.use_packs("acme", "calls", feb, 190);
        check.expect(split.from_packs == 180 && split.rest == 10 && split.draws.size() == 3 &&
                         split.draws[0].units == 50 && split.draws[1].units == 30 &&
                         split.draws[2].units == 100,
                     "use_packs did not draw the earliest until, then the earliest added");
        t.commit();
    }
    std::int64_t left = 0;
    for (const auto& p : store.packs("acme")) left += p.product == "calls" ? p.remaining : 0;
    check.expect(left == 0, "use_packs did not take the drawn units off the packs");

    // Closes: in order, in one offset.
    const utc_offset plus8 = utc_offset::parse("+08:00");
    const instant march = parse_instant("2024-03-02T00:00:00+08:00");
    {
        auto t = books.begin();
        check.expect(t.start_close(feb, plus8, march).order == close_order::first,
                     "the first close is not `first`");
        t.commit();
    }
    {
        auto t = books.begin();
        check.expect(t.start_close(feb, plus8, march).order == close_order::again,
                     "closing the latest period again is not `again`");
        check.expect_throws<refused>([&] { t.start_close(jan, plus8, march); },
                                     "closing an earlier period");
        check.expect_throws<refused>(
            [&] {
                t.start_close(billing_period(2024, 4), plus8,
                              parse_instant("2024-06-01T00:00:00Z"));
            },
            "closing a skipped period");
        check.expect_throws<refused>(
            [&] { t.start_close(billing_period(2024, 3), utc_offset(), march); },
            "closing in another offset");
        check.expect_throws<refused>([&] { t.start_close(billing_period(2024, 3), plus8, march); },
                                     "closing a period that has not ended");
    }
    check.expect(store.settings().billing_offset == plus8 && store.settings().latest_closed == feb,
                 "the first close did not fix the offset and the latest closed period");
}

template <class Amount>
void a_throw_inside_a_transaction_leaves_nothing(ledger_store<Amount>& store, checker& check) {
    ledger<Amount> books(store);
    const amounts<Amount> money(books.currency());
    const billing_period jan(2024, 1);
    books.activate("a");
    books.activate("b");
    books.top_up("a", money.minor(500));
    books.add_pack("a", "calls", 10, jan, jan);
    const snapshot<Amount> before = take_snapshot(store);

    struct boom {};
    try {
        auto t = books.begin();
        t.settle("a", jan, money.minor(700));
        t.settle("b", jan, money.minor(1));
        t.use_packs("a", "calls", jan, 4);
        t.top_up("b", money.minor(9), std::string("r"));
        t.add_pack("b", "calls", 3, jan, jan);
        t.start_close(jan, utc_offset(), parse_instant("2024-02-01T00:00:00Z"));
        throw boom{};
    } catch (const boom&) {
    }
    check.expect(!store.in_transaction(), "a transaction left by a throw is still open");
    check.expect(take_snapshot(store) == before,
                 "a throw inside a ledger transaction left some of its writes");

    // A refusal inside a transaction leaves it usable; its other work commits.
    {
        auto t = books.begin();
        t.settle("a", jan, money.minor(100));
        check.expect_throws<refused>([&] { t.settle("a", jan, money.minor(100)); },
                                     "a second bill inside a transaction");
        check.expect_throws<invalid_argument>([&] { t.top_up("a", money.minor(0)); },
                                              "a zero top-up inside a transaction");
        t.settle("b", jan, money.minor(1));
        t.commit();
    }
    check.expect(store.find_bill("a", jan) && store.find_bill("b", jan) &&
                     store.find_account("a")->balance == money.minor(400) &&
                     store.find_account("b")->balance == money.minor(-1),
                 "a transaction with a refused operation did not commit the rest exactly once");
}

}  // namespace detail::store_tests

/// Runs every store test on fresh stores from `make_store` and calls `report` for each failed
/// check. A test that throws unexpectedly counts as one failure and the others still run.
template <class Amount, class MakeStore>
store_test_summary run_store_tests(MakeStore make_store,
                                   const std::function<void(const store_failure&)>& report) {
    using namespace detail::store_tests;
    using store_type = std::remove_reference_t<decltype(*make_store())>;
    static_assert(std::is_base_of_v<ledger_store<Amount>, store_type>,
                  "make_store must return a pointer to a tariff::ledger_store<Amount>");
    static_assert(!has_refund<store_type>::value && !has_refund<ledger_store<Amount>>::value &&
                      !has_refund<ledger<Amount>>::value &&
                      !has_refund<typename ledger<Amount>::transaction>::value,
                  "there are no refunds: no store or ledger may have a refund operation");

    using test = void (*)(ledger_store<Amount>&, checker&);
    const std::pair<const char*, test> tests[] = {
        {"a new store is empty", &new_store_is_empty<Amount>},
        {"writes need a transaction", &writes_need_a_transaction<Amount>},
        {"accounts round-trip, listed in byte order", &accounts_round_trip_in_byte_order<Amount>},
        {"amounts round-trip exactly, extremes included", &amounts_round_trip_exactly<Amount>},
        {"top-ups and references", &top_ups_and_references<Amount>},
        {"packs keep the order they were added in", &packs_keep_the_order_they_were_added<Amount>},
        {"one bill per (account, period)", &one_bill_per_account_and_period<Amount>},
        {"rollback undoes every write", &rollback_undoes_every_write<Amount>},
        {"settings round-trip", &settings_round_trip<Amount>},
        {"the ledger's rules over the store", &ledger_rules_over_the_store<Amount>},
        {"a throw inside a transaction leaves nothing",
         &a_throw_inside_a_transaction_leaves_nothing<Amount>},
    };
    store_test_summary summary;
    for (const auto& [name, run] : tests) {
        ++summary.tests;
        checker check(name, summary, report);
        try {
            auto store = make_store();
            try {
                run(*store, check);
            } catch (...) {
                store->rollback();
                throw;
            }
        } catch (const std::exception& e) {
            check.fail(std::string("unexpected exception: ") + e.what());
        } catch (...) {
            check.fail("unexpected exception that is not a std::exception");
        }
    }
    return summary;
}

/// run_store_tests, throwing store_test_error with every failure (one per line) if any.
template <class Amount, class MakeStore>
store_test_summary check_store(MakeStore make_store) {
    std::string failures;
    const store_test_summary summary = run_store_tests<Amount>(
        std::move(make_store),
        [&](const store_failure& f) { failures += f.test + ": " + f.message + "\n"; });
    if (summary.failures != 0) {
        throw store_test_error(std::to_string(summary.failures) + " of " +
                               std::to_string(summary.checks) + " store checks failed:\n" +
                               failures);
    }
    return summary;
}

}  // namespace tariff::testing
