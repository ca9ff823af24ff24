#pragma once
/// tariff::close_month: the monthly close, run on a durable ledger. Every account activated in
/// the ledger gets one bill for the month, with every product of a catalogue it used (or whose
/// zero usage costs something); each product's month goes first to its free units, then to the
/// account's prepaid packs valid in the month (the one ending first, then the earliest added),
/// and the tiers of the version in force rate the rest. The bill is deducted once per (account,
/// month); an account below zero is suspended. A bill that needs a quote deducts nothing and
/// leaves the packs untouched. The close is one transaction of the ledger: all of it or nothing.
///
/// Usage comes from a catalogue_billing_run (read with <tariff/usage_reader.hpp>, or added event
/// by event); its period and UTC offset are the ones closed.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue_billing.hpp"
#include "close_rules.hpp"
#include "currency.hpp"
#include "detail/json_writer.hpp"
#include "error.hpp"
#include "ledger.hpp"
#include "ledger_store.hpp"
#include "monthly_usage.hpp"
#include "period.hpp"

namespace tariff {

/// What close_month did, besides the bills it handed to its callback.
template <class Amount>
struct close_summary {
    billing_period period{1970, 1};
    utc_offset offset{};
    close_order order = close_order::first;  ///< again: the period was closed; nothing changed
    close_timing timing = close_timing::in_window;  ///< late: closed after the 3rd; warn
    /// The period's bills as the first close stored them, by account; only when `again`.
    std::vector<bill_record<Amount>> already_closed;
    std::size_t accounts_billed = 0;    ///< activated accounts given a bill (0 when again)
    std::uint64_t events_billed = 0;    ///< their events in the period (0 when again)
    std::size_t inactive_accounts = 0;  ///< accounts with events in the period, not activated
    std::uint64_t inactive_events = 0;  ///< their events in the period, not billed
};

namespace detail {

/// The JSON of a close's bill as it is kept with the bill: append_json's line, without its line
/// feed.
template <class Table>
std::string close_bill_json(const catalogue_bill<Table>& bill) {
    std::string out;
    append_json(out, bill);
    out.pop_back();
    return out;
}

/// Refuses prices in another currency than the ledger's.
inline void require_ledger_currency(const currency& prices, const currency& ledger) {
    if (prices != ledger) {
        throw refused("the catalogue is priced in " + std::string(prices.code) +
                      "; the ledger keeps " + std::string(ledger.code) +
                      ", fixed when it was created");
    }
}

/// Refuses a pack that counts its product in other steps than the catalogue does.
inline void require_pack_scale(const prepaid_pack& pack, int scale) {
    if (pack.quantity_scale != scale) {
        throw refused("pack " + std::to_string(pack.id) + " of " + account_subject(pack.account) +
                      " counts " + quote_for_message(pack.product) + " at quantity scale " +
                      std::to_string(pack.quantity_scale) + ", the catalogue at " +
                      std::to_string(scale) + ": a product's quantities must mean the same in " +
                      "every month");
    }
}

}  // namespace detail

/// The checks close_month makes before it writes, made without a transaction, so that a close
/// that will be refused is refused before its events are read: prices in another currency than
/// the ledger's, another offset than the ledger's, a period not ended at `now`, a period out of
/// calendar order (tariff::refused). Returns what close_month would find (order `again`: the
/// period is closed already). close_month checks again in its transaction.
template <class Amount>
close_start check_close_month(const ledger<Amount>& books, const currency& prices,
                              billing_period period, utc_offset offset, instant now) {
    detail::require_ledger_currency(prices, books.currency());
    return books.check_close(period, offset, now);
}

/// Closes the month of `run` in `books` at `now`: one transaction that either commits whole or
/// changes nothing. The run's period and offset are closed; its catalogue must be in the
/// ledger's currency. Refused (tariff::refused, nothing changed) when the period has not ended
/// at `now` in the offset, is out of calendar order, or the ledger bills in another offset
/// (ledger::transaction::start_close), or a pack drawn counts its product at another quantity
/// scale than the catalogue.
///
/// For every activated account, by name, `on_bill(bill, json)` receives its bill (balances and
/// service as settled, each product's packs_used) and the bill's JSON line, which is kept with
/// the bill; it runs before the commit, so show the bills only once close_month has returned.
/// Closing the latest closed period again changes nothing: the summary's order is `again`,
/// `already_closed` holds the bills as stored, and on_bill is not called. Events of accounts
/// not activated are not billed; the summary counts them.
template <class Table, class OnBill>
close_summary<typename Table::amount_type> close_month(ledger<typename Table::amount_type>& books,
                                                       const catalogue_billing_run<Table>& run,
                                                       instant now, OnBill&& on_bill) {
    using amount_type = typename Table::amount_type;
    const billing_period period = run.period();
    detail::require_ledger_currency(run.prices().currency_info(), books.currency());
    auto t = books.begin();
    const close_start start = t.start_close(period, run.offset(), now);
    close_summary<amount_type> out;
    out.period = period;
    out.offset = run.offset();
    out.order = start.order;
    out.timing = start.timing;
    ledger_store<amount_type>& store = books.store();
    if (start.order == close_order::again) {
        out.already_closed = store.period_bills(period);
        return out;  // the transaction rolls back: it wrote nothing
    }

    const monthly_usage<amount_type>& usage = run.usage();
    std::vector<char> activated(usage.account_count(), 0);
    for (const account_record<amount_type>& account : store.accounts()) {
        if (account.state == service_state::inactive) continue;
        const std::size_t a = usage.find(account.name);
        if (a != monthly_usage<amount_type>::npos) {
            activated[a] = 1;
            out.events_billed += usage.events(a);
        }
        std::optional<std::vector<prepaid_pack>> packs;  // read when a product needs them
        auto from_packs = [&](std::size_t product, std::int64_t units) {
            if (!packs) packs = store.packs(account.name);
            const std::string& id = run.product_id(product);
            for (const prepaid_pack& pack : *packs) {
                if (pack.product == id && pack.is_valid_in(period) && pack.remaining > 0) {
                    detail::require_pack_scale(pack, run.quantity_scale(product));
                }
            }
            return split_quantity(units, id, period, *packs).from_packs;
        };
        catalogue_bill<Table> bill = run.rate_account(account.name, a, from_packs);
        std::optional<settlement<amount_type>> settled;
        if (bill.total) {
            settled = detail::plan_charge(account.name, account.balance, account.state, period,
                                          *bill.total);
        } else {
            // Nothing is deducted and the packs keep their units: the bill shows none drawn.
            bill = run.rate_account(account.name, a,
                                    [](std::size_t, std::int64_t) { return std::int64_t{0}; });
            settled =
                detail::plan_quote_required(account.name, account.balance, account.state, period);
        }
        bill.balance_before = settled->balance_before;
        bill.balance_after = settled->balance_after;
        bill.service = settled->state;
        std::string json = detail::close_bill_json(bill);
        on_bill(static_cast<const catalogue_bill<Table>&>(bill),
                static_cast<const std::string&>(json));
        if (bill.total) {
            for (const product_bill<Table>& p : bill.products) {
                if (p.packs_used.value_or(0) > 0) {
                    t.use_packs(account.name, p.product, period,
                                p.charge.quantity - p.charge.free.value_or(0));
                }
            }
            t.settle(account.name, period, *bill.total, std::move(json));
        } else {
            t.record_quote_required(account.name, period, std::move(json));
        }
        ++out.accounts_billed;
    }
    for (std::size_t a = 0; a < usage.account_count(); ++a) {
        if (!activated[a] && usage.events(a) > 0) {
            ++out.inactive_accounts;
            out.inactive_events += usage.events(a);
        }
    }
    t.commit();
    return out;
}

/// A bill kept by a close, as the JSON line of a second close of its period: the line the first
/// close printed, its "status" "already_closed". A bill kept by other means (no close's JSON
/// with it) is shown from its record, with no products.
template <class Amount>
std::string already_closed_json(const bill_record<Amount>& bill, const currency& cur) {
    using traits = detail::ledger_amount<Amount>;
    const settlement<Amount>& s = bill.settled;
    const bool charged = s.status == settlement_status::charged;
    std::string out;
    detail::json_writer w(out);
    constexpr auto one_line = detail::json_writer::layout::inline_spaced;
    w.begin_object(one_line)
        .member("account", bill.account)
        .member("period", to_string(s.period))
        .key("status");
    const std::string kept = out + '"' + (charged ? "priced" : "quote_required") + '"';
    if (bill.detail.compare(0, kept.size(), kept) == 0) {
        return out + "\"already_closed\"" + bill.detail.substr(kept.size());
    }
    w.string("already_closed").member("currency", cur.code).key("total");
    if (charged)
        w.string(format_amount(traits::to_decimal(s.charge), cur));
    else
        w.null();
    w.member("balance_before", format_amount(traits::to_decimal(s.balance_before), cur))
        .member("balance_after", format_amount(traits::to_decimal(s.balance_after), cur))
        .member("service", to_string_view(s.state))
        .key("products")
        .begin_array(one_line)
        .end_array()
        .end_object();
    return out;
}

}  // namespace tariff
