// Tests for include/tariff/ledger.hpp: activation, settlement once per month, suspension,
// reactivation, refusals, overflow and the strong exception guarantee.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <new>
#include <string>
#include <tariff/decimal.hpp>
#include <tariff/ledger.hpp>
#include <tariff/money.hpp>
#include <type_traits>
#include <utility>
#include <vector>

#include "support/billing_strings.hpp"
#include "support/reps.hpp"

using tariff::account;
using tariff::billing_period;
using tariff::service_state;
using tariff::settlement_status;

namespace {

const billing_period jan(2024, 1);
const billing_period feb(2024, 2);
const billing_period mar(2024, 3);

template <class Amount>
bool same_records(const tariff::settlement<Amount>& a, const tariff::settlement<Amount>& b) {
    return a.period == b.period && a.status == b.status && a.charge == b.charge &&
           a.balance_before == b.balance_before && a.balance_after == b.balance_after &&
           a.state == b.state;
}

// True when nothing observable differs between two accounts.
template <class Amount>
bool same_account(const account<Amount>& a, const account<Amount>& b) {
    const auto ha = a.history();
    const auto hb = b.history();
    if (a.name() != b.name() || !(a.balance() == b.balance()) || a.state() != b.state() ||
        ha.size() != hb.size()) {
        return false;
    }
    for (std::size_t i = 0; i < ha.size(); ++i) {
        if (!same_records(ha[i], hb[i])) {
            return false;
        }
    }
    return true;
}

// Detects a member function named refund, whatever its arguments.
template <class T, class = void>
struct has_refund : std::false_type {};
template <class T>
struct has_refund<T, std::void_t<decltype(&T::refund)>> : std::true_type {};

}  // namespace

static_assert(!has_refund<account<tariff::decimal<2>>>::value, "no refund operation exists");
static_assert(!std::is_default_constructible_v<account<tariff::decimal<2>>>);

TEST_CASE_TEMPLATE("a new account is inactive until activated", Rep, TARIFF_TEST_REPS) {
    using D = tariff::decimal<2, Rep>;
    account<D> a("acme", D::parse("10.00"));
    CHECK(a.name() == "acme");
    CHECK(a.state() == service_state::inactive);
    CHECK(!a.can_use_service());
    CHECK(a.balance() == D::parse("10.00"));

    // Nothing can be billed before activation; a prepayment can be made.
    CHECK_THROWS_WITH_AS(a.settle(jan, D::parse("1.00")),
                         "account \"acme\" is not activated: cannot settle 2024-01",
                         tariff::refused);
    CHECK_THROWS_AS(a.record_quote_required(jan), tariff::refused);
    const tariff::top_up_receipt<D> prepaid = a.top_up(D::parse("5.00"));
    CHECK(prepaid.state == service_state::inactive);
    CHECK(prepaid.balance_after == D::parse("15.00"));
    CHECK(a.state() == service_state::inactive);
    CHECK(a.history().empty());

    CHECK(a.activate() == service_state::active);
    CHECK(a.can_use_service());
    const account<D> before = a;
    CHECK_THROWS_WITH_AS(a.activate(), "account \"acme\" is already activated (active)",
                         tariff::refused);
    CHECK(same_account(a, before));

    // An opening balance in arrears is suspended as soon as it is activated.
    account<D> owing("owing", D::parse("-0.01"));
    CHECK(owing.activate() == service_state::suspended);
    CHECK(!owing.can_use_service());
    // A default opening balance is zero, which is not arrears.
    account<D> fresh("fresh");
    CHECK(fresh.balance() == D());
    CHECK(fresh.activate() == service_state::active);
}

TEST_CASE_TEMPLATE("settling deducts once per month", Rep, TARIFF_TEST_REPS) {
    using D = tariff::decimal<2, Rep>;
    account<D> a("acme", D::parse("10000.00"));
    a.activate();

    // The FaceID example: 20,000 calls at 0.30 in January.
    const tariff::settlement<D> s = a.settle(jan, D::parse("0.30") * 20000);
    CHECK(s.period == jan);
    CHECK(s.status == settlement_status::charged);
    CHECK(s.charge == D::parse("6000.00"));
    CHECK(s.balance_before == D::parse("10000.00"));
    CHECK(s.balance_after == D::parse("4000.00"));
    CHECK(s.state == service_state::active);
    CHECK(a.balance() == D::parse("4000.00"));
    CHECK(a.is_settled(jan));
    CHECK(!a.is_settled(feb));

    // The same month again is refused and changes nothing.
    const account<D> before = a;
    CHECK_THROWS_WITH_AS(a.settle(jan, D::parse("6000.00")),
                         "account \"acme\": 2024-01 is already settled (charged 6000.00)",
                         tariff::refused);
    CHECK_THROWS_AS(a.settle(jan, D()), tariff::refused);
    CHECK_THROWS_AS(a.record_quote_required(jan), tariff::refused);
    CHECK(same_account(a, before));

    // A month without usage may be settled at zero.
    const tariff::settlement<D> zero = a.settle(feb, D());
    CHECK(zero.balance_after == zero.balance_before);
    CHECK(a.is_settled(feb));

    // Months need not be settled in order.
    a.settle(billing_period(2023, 12), D::parse("1.00"));
    const auto history = a.history();
    REQUIRE(history.size() == 3);
    CHECK(history[0].period == billing_period(2023, 12));
    CHECK(history[1].period == jan);
    CHECK(history[2].period == feb);
    REQUIRE(a.find_settlement(jan) != nullptr);
    CHECK(a.find_settlement(jan)->charge == D::parse("6000.00"));
    CHECK(a.find_settlement(mar) == nullptr);
}

TEST_CASE_TEMPLATE("arrears suspend; a top-up to zero or more reactivates", Rep, TARIFF_TEST_REPS) {
    using D = tariff::decimal<2, Rep>;
    account<D> a("beta", D::parse("100.00"));
    a.activate();

    // Exactly zero after the deduction is not arrears.
    CHECK(a.settle(jan, D::parse("100.00")).state == service_state::active);
    CHECK(a.balance() == D());

    const tariff::settlement<D> s = a.settle(feb, D::parse("350.35"));
    CHECK(s.balance_after == D::parse("-350.35"));
    CHECK(s.state == service_state::suspended);
    CHECK(a.state() == service_state::suspended);
    CHECK(!a.can_use_service());

    // A suspended account is still billed; it stays suspended.
    CHECK(a.settle(mar, D::parse("10.00")).state == service_state::suspended);
    CHECK(a.balance() == D::parse("-360.35"));

    // A top-up that leaves arrears does not reactivate.
    const tariff::top_up_receipt<D> partial = a.top_up(D::parse("360.34"));
    CHECK(partial.amount == D::parse("360.34"));
    CHECK(partial.balance_before == D::parse("-360.35"));
    CHECK(partial.balance_after == D::parse("-0.01"));
    CHECK(partial.state == service_state::suspended);

    // One that reaches exactly zero does.
    const tariff::top_up_receipt<D> back = a.top_up(D::parse("0.01"));
    CHECK(back.balance_after == D());
    CHECK(back.state == service_state::active);
    CHECK(a.can_use_service());

    // Topping up an active account keeps it active.
    CHECK(a.top_up(D::parse("5.00")).state == service_state::active);
}

TEST_CASE_TEMPLATE("bad amounts are refused, naming them, with nothing changed", Rep,
                   TARIFF_TEST_REPS) {
    using D = tariff::decimal<2, Rep>;
    account<D> a("gamma", D::parse("-5.00"));
    a.activate();
    const account<D> before = a;

    CHECK_THROWS_WITH_AS(a.top_up(D()), "account \"gamma\": top-up 0.00 must be positive",
                         tariff::invalid_argument);
    CHECK_THROWS_WITH_AS(a.top_up(D::parse("-1.50")),
                         "account \"gamma\": top-up -1.50 must be positive",
                         tariff::invalid_argument);
    CHECK_THROWS_WITH_AS(a.settle(jan, D::parse("-0.01")),
                         "account \"gamma\": charge -0.01 for 2024-01 is negative",
                         tariff::invalid_argument);
    CHECK(same_account(a, before));
    CHECK(!a.is_settled(jan));
}

TEST_CASE_TEMPLATE("balance overflow throws and leaves the account unchanged", Rep,
                   TARIFF_TEST_REPS) {
    using D = tariff::decimal<2, Rep>;
    if constexpr (std::numeric_limits<Rep>::is_bounded) {
        const D most = D::from_raw(std::numeric_limits<Rep>::max());
        const D least = D::from_raw(std::numeric_limits<Rep>::min());

        account<D> rich("rich", most);
        rich.activate();
        const account<D> rich_before = rich;
        CHECK_THROWS_WITH_AS(rich.top_up(D::parse("0.01")),
                             doctest::Contains("account \"rich\": topping up 0.01 with balance"),
                             tariff::overflow_error);
        CHECK(same_account(rich, rich_before));

        account<D> poor("poor", least);
        poor.activate();
        CHECK(poor.state() == service_state::suspended);
        const account<D> poor_before = poor;
        CHECK_THROWS_WITH_AS(poor.settle(jan, D::parse("0.01")),
                             doctest::Contains("account \"poor\": deducting 0.01 for 2024-01"),
                             tariff::overflow_error);
        CHECK(same_account(poor, poor_before));
        CHECK(!poor.is_settled(jan));
        // Still settleable with a charge that fits.
        CHECK(poor.settle(jan, D()).balance_after == least);
    } else {
        // Unbounded: balances far beyond 64 bits stay exact.
        account<D> a("huge", D::parse("99999999999999999999999999999999.99"));
        a.activate();
        CHECK(a.top_up(D::parse("0.01")).balance_after ==
              D::parse("100000000000000000000000000000000.00"));
    }
}

TEST_CASE_TEMPLATE("a contact-sales month deducts nothing and waits for one settlement", Rep,
                   TARIFF_TEST_REPS) {
    using D = tariff::decimal<2, Rep>;
    account<D> a("whale", D::parse("1000.00"));
    a.activate();

    const tariff::settlement<D> q = a.record_quote_required(feb);
    CHECK(q.status == settlement_status::quote_required);
    CHECK(q.charge == D());
    CHECK(q.balance_before == D::parse("1000.00"));
    CHECK(q.balance_after == D::parse("1000.00"));
    CHECK(q.state == service_state::active);
    CHECK(a.balance() == D::parse("1000.00"));
    CHECK(a.is_awaiting_quote(feb));
    CHECK(!a.is_settled(feb));

    const account<D> before = a;
    CHECK_THROWS_WITH_AS(a.record_quote_required(feb),
                         "account \"whale\": 2024-02 is already awaiting a quote", tariff::refused);
    CHECK(same_account(a, before));

    // The agreed price settles it, once.
    const tariff::settlement<D> agreed = a.settle(feb, D::parse("1500.00"));
    CHECK(agreed.status == settlement_status::charged);
    CHECK(agreed.balance_after == D::parse("-500.00"));
    CHECK(agreed.state == service_state::suspended);
    CHECK(a.is_settled(feb));
    CHECK(!a.is_awaiting_quote(feb));
    CHECK(a.history().size() == 1);
    CHECK_THROWS_AS(a.settle(feb, D::parse("1500.00")), tariff::refused);
    CHECK_THROWS_WITH_AS(a.record_quote_required(feb),
                         "account \"whale\": 2024-02 is already settled", tariff::refused);
}

TEST_CASE("account works with money and names the currency") {
    using usd = tariff::money<tariff::iso::USD>;
    account<usd> a("acme", usd::parse("400.00"));
    a.activate();
    const tariff::settlement<usd> s = a.settle(jan, usd::parse("350.35"));
    CHECK(tariff::to_string(s.balance_after) == "49.65 USD");
    CHECK_THROWS_WITH_AS(a.settle(jan, usd::parse("1.00")),
                         "account \"acme\": 2024-01 is already settled (charged 350.35 USD)",
                         tariff::refused);
    CHECK_THROWS_WITH_AS(a.top_up(usd()), "account \"acme\": top-up 0.00 USD must be positive",
                         tariff::invalid_argument);
    CHECK(tariff::to_string(service_state::suspended) == "suspended");
    CHECK(tariff::to_string(service_state::inactive) == "inactive");
    CHECK(tariff::to_string(settlement_status::quote_required) == "quote_required");
}

// --- strong guarantee under failing copies ----------------------------------------------------

namespace fault {

// How many more copies of flaky_amount may succeed; negative: no limit.
int copies_left = -1;

// An amount whose copies fail on demand, to exercise every failure point of an operation.
struct flaky_amount {
    std::int64_t cents = 0;

    flaky_amount() = default;
    explicit flaky_amount(std::int64_t c) : cents(c) {}
    flaky_amount(const flaky_amount& other) : cents(other.cents) { tick(); }
    flaky_amount(flaky_amount&& other) noexcept : cents(other.cents) {}
    flaky_amount& operator=(const flaky_amount& other) {
        tick();
        cents = other.cents;
        return *this;
    }
    flaky_amount& operator=(flaky_amount&& other) noexcept {
        cents = other.cents;
        return *this;
    }
    ~flaky_amount() = default;

    static void tick() {
        if (copies_left == 0) {
            throw std::bad_alloc();
        }
        if (copies_left > 0) {
            --copies_left;
        }
    }

    friend flaky_amount operator+(const flaky_amount& a, const flaky_amount& b) {
        return flaky_amount(a.cents + b.cents);
    }
    friend flaky_amount operator-(const flaky_amount& a, const flaky_amount& b) {
        return flaky_amount(a.cents - b.cents);
    }
    friend bool operator<(const flaky_amount& a, const flaky_amount& b) {
        return a.cents < b.cents;
    }
    friend bool operator==(const flaky_amount& a, const flaky_amount& b) {
        return a.cents == b.cents;
    }
};

std::string to_string(const flaky_amount& a) { return std::to_string(a.cents); }

}  // namespace fault

TEST_CASE("every account operation is all-or-nothing when a copy fails") {
    using fault::flaky_amount;
    using operation = void (*)(account<flaky_amount>&);
    const operation operations[] = {
        [](account<flaky_amount>& a) { a.settle(feb, flaky_amount(700)); },
        [](account<flaky_amount>& a) { a.settle(mar, flaky_amount(50)); },  // awaiting a quote
        [](account<flaky_amount>& a) { a.record_quote_required(feb); },
        [](account<flaky_amount>& a) { a.top_up(flaky_amount(1000)); },
        [](account<flaky_amount>& a) { a.activate(); },
    };
    int operation_index = 0;
    for (const operation op : operations) {
        CAPTURE(operation_index);
        bool completed = false;
        for (int allowed = 0; !completed && allowed < 50; ++allowed) {
            CAPTURE(allowed);
            fault::copies_left = -1;
            account<flaky_amount> a("flaky", flaky_amount(500));
            if (operation_index != 4) {
                a.activate();
                a.settle(jan, flaky_amount(600));  // suspended at -100
                a.record_quote_required(mar);
            }
            const account<flaky_amount> before = a;
            fault::copies_left = allowed;
            try {
                op(a);
                completed = true;
            } catch (const std::bad_alloc&) {
                fault::copies_left = -1;
                CHECK(same_account(a, before));
            }
            fault::copies_left = -1;
        }
        CHECK(completed);
        ++operation_index;
    }
}
