// Tests for include/tariff/monthly_close.hpp: tariff::close_month over the memory store, month
// after month, against an independent model (cents in int64, tiers and packs counted by hand):
// free units, packs across months and their expiry, a price change, arrears and reactivation,
// quote-required accounts, accounts not activated, and closing a month or topping up again.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <tariff/catalogue.hpp>
#include <tariff/catalogue_billing.hpp>
#include <tariff/decimal.hpp>
#include <tariff/ledger_store.hpp>
#include <tariff/memory_store.hpp>
#include <tariff/monthly_close.hpp>
#include <utility>
#include <vector>

#include "support/reps.hpp"

using tariff::billing_period;
using tariff::service_state;

namespace {

template <class Rep>
using usd_table = tariff::tier_table<tariff::iso::USD, tariff::decimal<2, Rep>>;

// "calls": the FaceID volume table until 2024-03, then from 2024-04 cheaper tiers and 100 free
// calls a month. "ocr": graduated, 0.10 for the first 100 and 0.05 after, 20 free a month.
template <class Rep>
tariff::catalogue<usd_table<Rep>> prices() {
    using table = usd_table<Rep>;
    const table faceid(tariff::tier_mode::volume, {{1000, "0.40"},
                                                   {10000, "0.35"},
                                                   {100000, "0.30"},
                                                   {200000, "0.25"},
                                                   {tariff::unbounded, tariff::contact_sales}});
    const table cheaper = table(tariff::tier_mode::volume,
                                {{1000, "0.30"}, {10000, "0.20"}, {tariff::unbounded, "0.10"}})
                              .with_free_units(100);
    const table ocr =
        table(tariff::tier_mode::graduated, {{100, "0.10"}, {tariff::unbounded, "0.05"}})
            .with_free_units(20);
    tariff::catalogue<table> c("test", tariff::iso::USD::info);
    c.add({"calls", "", "", "", {{std::nullopt, faceid}, {billing_period(2024, 4), cheaper}}});
    c.add({"ocr", "", "", "", {{std::nullopt, ocr}}});
    return c;
}

// --- The model: no tariff code -------------------------------------------------------------------

// The cents a month's `units` of a product cost after free units and packs; none: a quote.
std::optional<std::int64_t> model_cents(const std::string& product, int month, std::int64_t units) {
    if (product == "ocr") {
        const std::int64_t first = std::min<std::int64_t>(units, 100);
        return first * 10 + (units - first) * 5;
    }
    if (month < 4) {
        if (units <= 1000) return units * 40;
        if (units <= 10000) return units * 35;
        if (units <= 100000) return units * 30;
        if (units <= 200000) return units * 25;
        return std::nullopt;
    }
    if (units <= 1000) return units * 30;
    if (units <= 10000) return units * 20;
    return units * 10;
}

std::int64_t model_free_units(const std::string& product, int month) {
    if (product == "ocr") return 20;
    return month < 4 ? 0 : 100;
}

struct model_pack {
    std::string account, product;
    std::int64_t remaining;
    int from, until;  // months of 2024
};

struct model_account {
    bool activated = false;
    std::int64_t balance = 0;
    bool suspended = false;
};

struct model_bill {
    std::optional<std::int64_t> total;  // none: quote_required
    std::int64_t before = 0, after = 0;
    bool suspended = false;
    std::map<std::string, std::int64_t> packs_used;
};

template <class D>
D cents(std::int64_t c) {
    return D::from_raw(typename D::rep(c));
}

template <class D>
std::int64_t to_cents(const D& d) {
    return static_cast<std::int64_t>(d.raw_value());
}

}  // namespace

TEST_CASE_TEMPLATE("close_month agrees with an independent model over months and accounts", Rep,
                   TARIFF_TEST_REPS) {
    using table = usd_table<Rep>;
    using D = typename table::amount_type;
    const tariff::catalogue<table> catalogue = prices<Rep>();
    tariff::memory_store<D> store;
    tariff::ledger<D> books(store);

    std::map<std::string, model_account> accounts;
    std::vector<model_pack> packs;  // in the order added: the store's ids are index + 1
    std::vector<std::pair<std::string, std::int64_t>> top_ups;  // by reference "t<index>"
    std::mt19937_64 random(12);
    const auto pick = [&](std::uint64_t n) { return static_cast<std::int64_t>(random() % n); };
    const std::vector<std::string> names = {"a", "b", "c", "d", "e", "f"};
    const std::vector<std::string> products = {"calls", "ocr"};
    std::size_t quotes = 0, suspensions = 0, reactivations = 0, pack_units_used = 0;

    for (int month = 1; month <= 9; ++month) {
        CAPTURE(month);
        // The ledger's work before the close: activations, top-ups (some repeated), packs.
        for (int op = 0; op < 8; ++op) {
            const std::string& name = names[static_cast<std::size_t>(pick(names.size()))];
            model_account& m = accounts[name];
            switch (pick(3)) {
                case 0:
                    if (name == "f") break;  // f is never activated: its events are not billed
                    CHECK(books.activate(name).already_activated == m.activated);
                    m.activated = true;
                    break;
                case 1: {
                    if (!m.activated) break;
                    if (!top_ups.empty() && pick(3) == 0) {
                        // The same reference and arguments again: credited once.
                        const std::size_t i = static_cast<std::size_t>(pick(top_ups.size()));
                        const auto again = books.top_up(
                            top_ups[i].first, cents<D>(top_ups[i].second), "t" + std::to_string(i));
                        CHECK(again.already_applied);
                        break;
                    }
                    // Sometimes exactly enough, or more, to clear arrears: reactivated.
                    const std::int64_t amount = m.suspended && pick(2) == 0
                                                    ? -m.balance + pick(2) * pick(5000)
                                                    : 1 + pick(60000);
                    const std::string ref = "t" + std::to_string(top_ups.size());
                    top_ups.emplace_back(name, amount);
                    CHECK_FALSE(books.top_up(name, cents<D>(amount), ref).already_applied);
                    if (m.suspended && m.balance + amount >= 0) ++reactivations;
                    m.balance += amount;
                    m.suspended = m.balance < 0;
                    break;
                }
                default: {
                    if (!m.activated) break;
                    const std::string& product =
                        products[static_cast<std::size_t>(pick(products.size()))];
                    const int from = std::max(1, month + static_cast<int>(pick(3)) - 1);
                    const int until = from + static_cast<int>(pick(3));
                    const std::int64_t quantity = 1 + pick(1500);
                    const auto added =
                        books.add_pack(name, product, quantity, billing_period(2024, from),
                                       billing_period(2024, until));
                    CHECK(added.pack.id == static_cast<std::int64_t>(packs.size() + 1));
                    packs.push_back({name, product, quantity, from, until});
                    break;
                }
            }
        }

        // The month's events, a few of them large enough to need a quote before April.
        const billing_period period(2024, month);
        tariff::catalogue_billing_run<table> run(catalogue, period);
        std::map<std::pair<std::string, std::string>, std::int64_t> usage;
        if (month == 2 || month == 3) {
            // a's calls reach contact sales while the first version is in force: a quote.
            if (!accounts["a"].activated) books.activate("a");
            accounts["a"].activated = true;
            run.add("a", 0, tariff::parse_instant(tariff::to_string(period) + "-02T00:00:00Z"),
                    210000);
            usage[{"a", "calls"}] += 210000;
        }
        for (const std::string& name : names) {
            for (std::size_t p = 0; p < products.size(); ++p) {
                if (pick(3) == 0) continue;
                const std::int64_t q = pick(8) == 0 ? 195000 + pick(20000) : pick(3000);
                const std::string day = "-1" + std::to_string(pick(9)) + "T12:00:00Z";
                run.add(name, p, tariff::parse_instant(tariff::to_string(period) + day), q);
                usage[{name, products[p]}] += q;
            }
        }

        // The model's bills: every activated account, each product's month to free units, then
        // packs unit by unit (ending first, then added first), then the tiers.
        std::map<std::string, model_bill> expected;
        std::vector<model_pack> packs_after = packs;
        for (auto& [name, m] : accounts) {
            if (!m.activated) continue;
            model_bill bill;
            bill.total = 0;
            std::vector<model_pack> drawn = packs_after;
            for (const std::string& product : products) {
                const auto used = usage.find({name, product});
                // ocr costs nothing at zero and calls neither: only used products are billed.
                if (used == usage.end()) continue;
                std::int64_t units =
                    used->second - std::min(used->second, model_free_units(product, month));
                std::int64_t from_packs = 0;
                for (; units > 0; --units) {
                    model_pack* best = nullptr;
                    for (model_pack& p : drawn) {
                        if (p.account != name || p.product != product || p.remaining == 0 ||
                            p.from > month || p.until < month) {
                            continue;
                        }
                        if (best == nullptr || p.until < best->until) best = &p;
                    }
                    if (best == nullptr) break;
                    --best->remaining;
                    ++from_packs;
                }
                bill.packs_used[product] = from_packs;
                const std::optional<std::int64_t> c = model_cents(product, month, units);
                if (!c || !bill.total) {
                    bill.total = std::nullopt;
                } else {
                    *bill.total += *c;
                }
            }
            bill.before = m.balance;
            if (bill.total) {
                packs_after = drawn;
                m.balance -= *bill.total;
                m.suspended = m.balance < 0;
                if (m.suspended && bill.before >= 0) ++suspensions;
            } else {
                ++quotes;
                for (auto& [product, units] : bill.packs_used) units = 0;
            }
            bill.after = m.balance;
            bill.suspended = m.suspended;
            expected[name] = bill;
        }

        const tariff::instant now = tariff::period_range(period, tariff::utc_offset()).end;
        std::size_t seen = 0;
        const auto summary = tariff::close_month(
            books, run, now,
            [&](const tariff::catalogue_bill<table>& bill, const std::string& json) {
                CAPTURE(bill.account);
                ++seen;
                const auto e = expected.find(bill.account);
                REQUIRE(e != expected.end());
                const model_bill& want = e->second;
                REQUIRE(bill.total.has_value() == want.total.has_value());
                if (want.total) CHECK(to_cents(*bill.total) == *want.total);
                CHECK(to_cents(bill.balance_before) == want.before);
                CHECK(to_cents(bill.balance_after) == want.after);
                CHECK((bill.service == service_state::suspended) == want.suspended);
                for (const auto& p : bill.products) {
                    CAPTURE(p.product);
                    const auto u = want.packs_used.find(p.product);
                    REQUIRE(u != want.packs_used.end());
                    CHECK(p.packs_used.value_or(-1) == u->second);
                    pack_units_used += static_cast<std::size_t>(u->second);
                }
                CHECK(bill.products.size() == want.packs_used.size());
                if (!bill.products.empty()) {
                    CHECK(json.find("\"packs_used\"") != std::string::npos);
                }
            });
        packs = packs_after;
        CHECK(summary.order ==
              (month == 1 ? tariff::close_order::first : tariff::close_order::next));
        CHECK(seen == expected.size());
        CHECK(summary.accounts_billed == expected.size());
        if (usage.count({"f", "calls"}) + usage.count({"f", "ocr"}) > 0) {
            CHECK(summary.inactive_accounts >= 1);
        }

        // Closing the month again changes nothing and hands back the bills as closed.
        const auto again = tariff::close_month(
            books, run, now, [](const auto&, const std::string&) { FAIL("billed twice"); });
        CHECK(again.order == tariff::close_order::again);
        CHECK(again.already_closed.size() == expected.size());

        // The ledger holds the model's state: balances, service, packs' units left.
        for (const auto& entry : accounts) {
            const std::string& name = entry.first;  // not a structured binding: CAPTURE takes it
            const model_account& m = entry.second;
            CAPTURE(name);
            const auto record = store.find_account(name);
            if (!m.activated) {
                CHECK((!record || record->state == service_state::inactive));
                continue;
            }
            REQUIRE(record);
            CHECK(to_cents(record->balance) == m.balance);
            CHECK((record->state == service_state::suspended) == m.suspended);
        }
        for (std::size_t i = 0; i < packs.size(); ++i) {
            const auto kept = store.packs(packs[i].account);
            const auto found = std::find_if(kept.begin(), kept.end(), [&](const auto& p) {
                return p.id == static_cast<std::int64_t>(i + 1);
            });
            REQUIRE(found != kept.end());
            CHECK(found->remaining == packs[i].remaining);
        }
    }
    // The run went through what it is meant to test.
    CHECK(quotes > 0);
    CHECK(suspensions > 0);
    CHECK(reactivations > 0);
    CHECK(pack_units_used > 0);
}
