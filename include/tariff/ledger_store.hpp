#pragma once
/// The durable ledger. tariff::ledger<Amount> applies the account rules of ledger.hpp and the
/// close rules of close_rules.hpp to the records of a tariff::ledger_store<Amount>: accounts,
/// top-ups and prepaid packs with idempotency references, one bill per account and period, the
/// database's currency, billing offset and latest closed period. Work is done in transactions
/// that commit whole or not at all. Stores: <tariff/memory_store.hpp>, <tariff/sqlite.hpp>, or
/// your own, checked with <tariff/testing/store_tests.hpp>. There is no refund operation.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "charge.hpp"  // format_price: amounts in messages with the currency's digits
#include "close_rules.hpp"
#include "currency.hpp"
#include "decimal.hpp"
#include "detail/quantity.hpp"  // max_quantity_scale: a pack counts its product's steps
#include "error.hpp"
#include "ledger.hpp"
#include "money.hpp"
#include "period.hpp"

namespace tariff {

/// A store failed or was misused: I/O, a database that is not a ledger, a write outside a
/// transaction, a transaction that failed part-way.
class store_error : public error {
public:
    using error::error;
};

/// Another writer held the store for longer than it waits; nothing was changed.
class store_busy : public store_error {
public:
    using store_error::store_error;
};

/// One account of a store. Accounts exist from their activation on.
template <class Amount>
struct account_record {
    std::string name;
    service_state state = service_state::inactive;
    Amount balance{};  ///< prepaid balance; negative means arrears
};

/// One top-up, as it was applied.
template <class Amount>
struct top_up_record {
    std::int64_t id = 0;  ///< the order top-ups were made in, from 1; assigned by the store
    std::string account;
    top_up_receipt<Amount> receipt;
    std::optional<std::string> ref;  ///< its idempotency reference, if any
};

/// One account's bill of one period; a store holds at most one per (account, period).
template <class Amount>
struct bill_record {
    std::string account;
    settlement<Amount> settled;
    std::string detail;  ///< what the close wants to show again on a second close; not read
};

/// What a store records about itself.
struct ledger_settings {
    tariff::currency currency = iso::USD::info;   ///< fixed when the store is created
    std::optional<utc_offset> billing_offset;     ///< fixed by the first close
    std::optional<billing_period> latest_closed;  ///< none until the first close
};

/// Records are equal when every field is.
template <class Amount>
bool operator==(const account_record<Amount>& a, const account_record<Amount>& b) {
    return a.name == b.name && a.state == b.state && a.balance == b.balance;
}
template <class Amount>
bool operator!=(const account_record<Amount>& a, const account_record<Amount>& b) {
    return !(a == b);
}
template <class Amount>
bool operator==(const top_up_record<Amount>& a, const top_up_record<Amount>& b) {
    return a.id == b.id && a.account == b.account && a.receipt == b.receipt && a.ref == b.ref;
}
template <class Amount>
bool operator!=(const top_up_record<Amount>& a, const top_up_record<Amount>& b) {
    return !(a == b);
}
template <class Amount>
bool operator==(const bill_record<Amount>& a, const bill_record<Amount>& b) {
    return a.account == b.account && a.settled == b.settled && a.detail == b.detail;
}
template <class Amount>
bool operator!=(const bill_record<Amount>& a, const bill_record<Amount>& b) {
    return !(a == b);
}
inline bool operator==(const ledger_settings& a, const ledger_settings& b) {
    return a.currency == b.currency && a.billing_offset == b.billing_offset &&
           a.latest_closed == b.latest_closed;
}
inline bool operator!=(const ledger_settings& a, const ledger_settings& b) { return !(a == b); }

/// Storage for tariff::ledger. An implementation keeps records and enforces its keys; the
/// ledger holds every rule. Its guarantees, checked by tariff::testing::run_store_tests:
/// - writes happen only between begin() and commit()/rollback(), else store_error;
/// - rollback() (or a failed commit()) leaves every record as it was at begin();
/// - one account per name and one bill per (account, period): a second insert throws refused
///   and changes nothing; a reference names one top-up or one pack, never both (refused);
/// - amounts read back exactly as written, the extremes of Amount included;
/// - ids grow in the order records were added, and lists come back in that order (bills by
///   period, accounts by name in byte order).
/// Not synchronised: use one store object per thread.
template <class Amount>
class ledger_store {
public:
    using amount_type = Amount;

    virtual ~ledger_store() = default;

    /// Starts a write transaction. A store shared between processes waits for other writers,
    /// then throws store_busy. Throws store_error if one is already open on this object.
    virtual void begin() = 0;
    /// Makes the transaction's writes permanent; on failure rolls it back and throws.
    virtual void commit() = 0;
    /// Undoes every write since begin(); does nothing when no transaction is open.
    virtual void rollback() noexcept = 0;
    /// True between begin() and commit()/rollback().
    virtual bool in_transaction() const noexcept = 0;

    virtual ledger_settings settings() = 0;
    virtual void set_billing_offset(utc_offset offset) = 0;
    virtual void set_latest_closed(billing_period period) = 0;

    virtual std::optional<account_record<Amount>> find_account(std::string_view name) = 0;
    /// Every account, by name in byte order.
    virtual std::vector<account_record<Amount>> accounts() = 0;
    /// Throws refused if the name exists.
    virtual void insert_account(const account_record<Amount>& account) = 0;
    /// Replaces the state and balance of an existing account; store_error if there is none.
    virtual void update_account(const account_record<Amount>& account) = 0;

    /// Records a top-up and returns its id (the `id` given is ignored). Throws refused if its
    /// reference is already used by a top-up or a pack.
    virtual std::int64_t insert_top_up(const top_up_record<Amount>& top_up) = 0;
    virtual std::optional<top_up_record<Amount>> find_top_up(std::string_view ref) = 0;
    /// The account's top-ups in the order they were made.
    virtual std::vector<top_up_record<Amount>> top_ups(std::string_view account) = 0;

    /// Records a pack and returns its id (the `id` given is ignored). Throws refused if its
    /// reference is already used by a top-up or a pack.
    virtual std::int64_t insert_pack(const prepaid_pack& pack) = 0;
    virtual std::optional<prepaid_pack> find_pack(std::string_view ref) = 0;
    /// The account's packs in the order they were added.
    virtual std::vector<prepaid_pack> packs(std::string_view account) = 0;
    /// Sets what an existing pack has left; store_error if there is no such pack.
    virtual void update_pack_remaining(std::int64_t id, std::int64_t remaining) = 0;

    /// Records a bill. Throws refused if (account, period) already has one.
    virtual void insert_bill(const bill_record<Amount>& bill) = 0;
    virtual std::optional<bill_record<Amount>> find_bill(std::string_view account,
                                                         billing_period period) = 0;
    /// The account's bills by period.
    virtual std::vector<bill_record<Amount>> account_bills(std::string_view account) = 0;
    /// The period's bills by account name in byte order.
    virtual std::vector<bill_record<Amount>> period_bills(billing_period period) = 0;

protected:
    ledger_store() = default;
    ledger_store(const ledger_store&) = default;
    ledger_store& operator=(const ledger_store&) = default;
};

namespace detail {

/// What the ledger and the stores need of an amount type: decimal<S, Rep> or money<C, Rep>.
template <class Amount>
struct ledger_amount;

template <int Scale, class Rep>
struct ledger_amount<decimal<Scale, Rep>> {
    using decimal_type = decimal<Scale, Rep>;
    static const decimal_type& to_decimal(const decimal_type& a) noexcept { return a; }
    static decimal_type from_decimal(const decimal_type& d) { return d; }
    /// Why amounts of this type cannot be kept in `c`, or empty.
    static std::string mismatch(const currency& c) {
        if (c.minor_units <= Scale) {
            return {};
        }
        return decimal_name<Scale, Rep>() + " cannot hold the " + std::to_string(c.minor_units) +
               " minor digits of " + std::string(c.code);
    }
};

template <class Currency, class Rep>
struct ledger_amount<money<Currency, Rep>> {
    using decimal_type = typename money<Currency, Rep>::amount_type;
    static const decimal_type& to_decimal(const money<Currency, Rep>& m) noexcept {
        return m.amount();
    }
    static money<Currency, Rep> from_decimal(const decimal_type& d) {
        return money<Currency, Rep>(d);
    }
    static std::string mismatch(const currency& c) {
        if (c.code == Currency::code) {
            return {};
        }
        return "money in " + std::string(Currency::code) + " cannot be kept in a ledger in " +
               std::string(c.code);
    }
};

/// Parses an amount written as plain decimal text ("-350.35").
template <class Amount>
Amount parse_ledger_amount(std::string_view text) {
    using traits = ledger_amount<Amount>;
    return traits::from_decimal(traits::decimal_type::parse(text));
}

/// `a` for a message: with the currency's minor digits, more only when it has more.
template <class Amount>
std::string show_amount(const Amount& a, const currency& c) {
    return format_price(ledger_amount<Amount>::to_decimal(a), c);
}

/// True when `a` is a whole number of `c`'s minor units.
template <class Amount>
bool is_whole_minor_units(const Amount& a, const currency& c) {
    const auto& d = ledger_amount<Amount>::to_decimal(a);
    return quantize(d, c.minor_units, rounding::down) == d;
}

/// The currency a store is opened with: `requested` for a new one (none: USD); an existing
/// one keeps its own, and asking for another is refused.
inline currency resolve_store_currency(const std::optional<currency>& existing,
                                       const std::optional<currency>& requested,
                                       std::string_view where) {
    if (!existing) {
        return requested ? *requested : iso::USD::info;
    }
    if (requested && *requested != *existing) {
        throw refused(std::string(where) + " keeps its amounts in " + std::string(existing->code) +
                      ", fixed when it was created; " + std::string(requested->code) +
                      " was asked for");
    }
    return *existing;
}

inline void require_name(std::string_view what, std::string_view name) {
    if (name.empty()) {
        throw invalid_argument(std::string(what) + " is empty");
    }
}

}  // namespace detail

/// What activate() did.
struct activation {
    service_state state = service_state::active;
    bool already_activated = false;  ///< true: the account was active before, nothing changed
};

/// What top_up() did.
template <class Amount>
struct top_up_result {
    top_up_record<Amount> record;  ///< the top-up as applied (the original one when repeated)
    bool already_applied = false;  ///< true: its reference was used with the same arguments
};

/// What add_pack() did.
struct pack_result {
    prepaid_pack pack;             ///< the pack as added (the original one when repeated)
    bool already_applied = false;  ///< true: its reference was used with the same arguments
};

/// What start_close() found.
struct close_start {
    close_order order = close_order::first;  ///< again: the period is closed; change nothing
    close_timing timing = close_timing::in_window;
};

namespace detail {

/// Where a close of `period` in `offset` at `now` stands in a ledger with `settings`: refused if
/// the ledger bills in another offset (the first close fixes it), if the period has not ended
/// (check_period_ended) or is out of order (check_close_order).
inline close_start plan_close(const ledger_settings& settings, billing_period period,
                              utc_offset offset, instant now) {
    if (settings.billing_offset && *settings.billing_offset != offset) {
        throw refused("the ledger bills in UTC offset " + to_string(*settings.billing_offset) +
                      ", fixed by its first close; a close in " + to_string(offset) +
                      " is refused");
    }
    const close_timing timing = check_period_ended(period, offset, now);
    return close_start{check_close_order(settings.latest_closed, period), timing};
}

}  // namespace detail

/// The ledger over a store: every account rule, applied in transactions. Amount is
/// decimal<S, Rep> (S at least the currency's minor digits) or money<C, Rep> in the store's
/// currency. Amounts must be whole minor units of that currency. Not synchronised.
template <class Amount>
class ledger {
    using traits = detail::ledger_amount<Amount>;

public:
    using amount_type = Amount;
    class transaction;

    /// A ledger over `store`, which must outlive it. Throws invalid_argument if Amount cannot
    /// hold the store's currency.
    explicit ledger(ledger_store<Amount>& store) : store_(&store) {
        currency_ = store.settings().currency;
        if (const std::string why = traits::mismatch(currency_); !why.empty()) {
            throw invalid_argument(why);
        }
    }

    /// The store's currency.
    const tariff::currency& currency() const noexcept { return currency_; }
    /// An amount as the ledger's messages show it: with the currency's minor digits ("5.00"),
    /// more only when it has more ("1.005").
    std::string show(const Amount& amount) const { return detail::show_amount(amount, currency_); }
    /// The store, for reading records.
    ledger_store<Amount>& store() const noexcept { return *store_; }

    /// What a close of `period` in `offset` at `now` would find, read outside a transaction:
    /// refused as transaction::start_close would refuse it. A check before slow work (reading
    /// a month of events); start_close checks again.
    close_start check_close(billing_period period, utc_offset offset, instant now) const {
        return detail::plan_close(store_->settings(), period, offset, now);
    }

    /// Opens a transaction; see ledger::transaction. Throws store_error if one is open.
    transaction begin() { return transaction(*this); }

    /// activate() in a transaction of its own.
    activation activate(std::string_view account) {
        return single([&](transaction& t) { return t.activate(account); });
    }
    /// top_up() in a transaction of its own.
    top_up_result<Amount> top_up(std::string_view account, const Amount& amount,
                                 std::optional<std::string> ref = std::nullopt) {
        return single([&](transaction& t) { return t.top_up(account, amount, std::move(ref)); });
    }
    /// add_pack() in a transaction of its own.
    pack_result add_pack(std::string_view account, std::string_view product, std::int64_t quantity,
                         billing_period from, billing_period until,
                         std::optional<std::string> ref = std::nullopt, int quantity_scale = 0) {
        return single([&](transaction& t) {
            return t.add_pack(account, product, quantity, from, until, std::move(ref),
                              quantity_scale);
        });
    }

    /// A unit of work on the ledger's store (which must outlive it; the ledger need not): its
    /// operations commit together or not at all. Destroyed without commit(), it rolls back. An
    /// operation that throws before writing (a refusal, a bad argument) leaves the transaction
    /// usable; one that fails while writing marks it failed, and commit() then rolls back and
    /// throws store_error.
    class transaction {
    public:
        transaction(transaction&& other) noexcept
            : store_(other.store_),
              currency_(other.currency_),
              open_(other.open_),
              failed_(other.failed_) {
            other.open_ = false;
        }
        transaction(const transaction&) = delete;
        transaction& operator=(const transaction&) = delete;
        transaction& operator=(transaction&&) = delete;
        ~transaction() { rollback(); }

        /// Commits every write. Throws store_error (after rolling back) if an operation failed
        /// part-way or the store cannot commit; then nothing of the transaction remains.
        void commit() {
            require_open();
            open_ = false;
            if (failed_) {
                store().rollback();
                throw store_error(
                    "the transaction was rolled back: an operation failed while writing");
            }
            try {
                store().commit();
            } catch (...) {
                store().rollback();
                throw;
            }
        }

        /// Undoes every write of the transaction; nothing happens if it is already over.
        void rollback() noexcept {
            if (open_) {
                open_ = false;
                store().rollback();
            }
        }

        /// Activates `account` with a zero balance. Activating an activated account changes
        /// nothing and says so.
        activation activate(std::string_view account) {
            require_open();
            detail::require_name("account name", account);
            std::optional<account_record<Amount>> found = store().find_account(account);
            if (found && found->state != service_state::inactive) {
                return activation{found->state, true};
            }
            account_record<Amount> record =
                found ? std::move(*found)
                      : account_record<Amount>{std::string(account), service_state::inactive,
                                               Amount()};
            record.state = detail::activation_state(account, record.state, record.balance);
            write([&] {
                if (found) {
                    store().update_account(record);
                } else {
                    store().insert_account(record);
                }
            });
            return activation{record.state, false};
        }

        /// Adds a positive `amount` to an activated account; a balance that reaches >= 0
        /// makes it active. With `ref`, the same top-up again is a no-op that says so, and
        /// the ref with other arguments is refused. Throws invalid_argument for a zero,
        /// negative or too fine amount (checked first), refused for an account not activated.
        top_up_result<Amount> top_up(std::string_view account, const Amount& amount,
                                     std::optional<std::string> ref = std::nullopt) {
            require_open();
            detail::require_positive_top_up(account, amount, shown());
            require_minor_units("top-up", amount);
            if (ref) {
                detail::require_name("top-up reference", *ref);
                if (auto used = store().find_top_up(*ref)) {
                    if (used->account == account && used->receipt.amount == amount) {
                        return top_up_result<Amount>{std::move(*used), true};
                    }
                    throw refused("reference " + detail::quote_for_message(*ref) +
                                  " was used for a top-up of " + show(used->receipt.amount) +
                                  " to " + detail::account_subject(used->account) +
                                  "; a top-up of " + show(amount) + " to " +
                                  detail::account_subject(account) + " cannot reuse it");
                }
                refuse_pack_ref(*ref);
            }
            const account_record<Amount> current =
                require_activated(account, "top up " + show(amount));
            top_up_record<Amount> record{
                0, current.name,
                detail::plan_top_up(account, current.balance, current.state, amount, shown()),
                std::move(ref)};
            write([&] {
                store().update_account(account_record<Amount>{current.name, record.receipt.state,
                                                              record.receipt.balance_after});
                record.id = store().insert_top_up(record);
            });
            return top_up_result<Amount>{std::move(record), false};
        }

        /// Adds a prepaid pack of `quantity` (>= 1) steps of `product` to an activated
        /// account, valid from `from` to `until` inclusive (until >= from). A step is
        /// 10^-quantity_scale units, the product's quantity scale (0-6). With `ref`, the same
        /// pack again is a no-op that says so, and the ref with other arguments is refused.
        pack_result add_pack(std::string_view account, std::string_view product,
                             std::int64_t quantity, billing_period from, billing_period until,
                             std::optional<std::string> ref = std::nullopt,
                             int quantity_scale = 0) {
            require_open();
            detail::require_name("product id", product);
            if (quantity_scale < 0 || quantity_scale > detail::max_quantity_scale) {
                throw invalid_argument("pack of " + detail::quote_for_message(product) +
                                       ": quantity scale " + std::to_string(quantity_scale) +
                                       " is not 0 to " +
                                       std::to_string(detail::max_quantity_scale));
            }
            if (quantity < 1) {
                throw invalid_argument(
                    "pack of " + detail::quote_for_message(product) + ": quantity " +
                    detail::fixed_digits(quantity, quantity_scale) + " is not at least " +
                    detail::fixed_digits(std::int64_t{1}, quantity_scale));
            }
            if (until < from) {
                throw invalid_argument("pack of " + detail::quote_for_message(product) +
                                       ": valid until " + to_string(until) +
                                       " is before valid from " + to_string(from));
            }
            prepaid_pack pack{0,
                              std::string(account),
                              std::string(product),
                              quantity,
                              quantity,
                              quantity_scale,
                              from,
                              until,
                              ref};
            if (ref) {
                detail::require_name("pack reference", *ref);
                if (auto used = store().find_pack(*ref)) {
                    if (used->account == pack.account && used->product == pack.product &&
                        used->quantity == quantity && used->quantity_scale == quantity_scale &&
                        used->from == from && used->until == until) {
                        return pack_result{std::move(*used), true};
                    }
                    throw refused("reference " + detail::quote_for_message(*ref) +
                                  " was used for a pack of " +
                                  detail::fixed_digits(used->quantity, used->quantity_scale) + " " +
                                  detail::quote_for_message(used->product) + " (" +
                                  to_string(used->from) + ".." + to_string(used->until) + ") for " +
                                  detail::account_subject(used->account) +
                                  "; another pack cannot reuse it");
                }
                if (auto used = store().find_top_up(*ref)) {
                    throw refused("reference " + detail::quote_for_message(*ref) +
                                  " was used for a top-up of " + show(used->receipt.amount) +
                                  " to " + detail::account_subject(used->account) +
                                  "; a pack cannot reuse it");
                }
            }
            require_activated(account, "add a pack of " + detail::quote_for_message(product));
            write([&] { pack.id = store().insert_pack(pack); });
            return pack_result{std::move(pack), false};
        }

        /// Deducts `charge` (>= 0) as the account's bill of `period`; below zero the account
        /// is suspended. A period has one bill: a second is refused, whatever its status.
        /// `detail` is kept with the bill for showing it again.
        settlement<Amount> settle(std::string_view account, billing_period period,
                                  const Amount& charge, std::string detail = {}) {
            require_open();
            require_minor_units("charge", charge);
            const account_record<Amount> current =
                require_activated(account, "settle " + to_string(period));
            refuse_second_bill(account, period);
            bill_record<Amount> bill{current.name,
                                     detail::plan_charge(account, current.balance, current.state,
                                                         period, charge, shown()),
                                     std::move(detail)};
            write([&] {
                store().update_account(account_record<Amount>{current.name, bill.settled.state,
                                                              bill.settled.balance_after});
                store().insert_bill(bill);
            });
            return bill.settled;
        }

        /// Closes the account's `period` as needing a quote: nothing is deducted and the
        /// period is not billed again by tariff (a negotiated price is settled outside it).
        settlement<Amount> record_quote_required(std::string_view account, billing_period period,
                                                 std::string detail = {}) {
            require_open();
            const account_record<Amount> current =
                require_activated(account, "record a quote for " + to_string(period));
            refuse_second_bill(account, period);
            bill_record<Amount> bill{
                current.name,
                detail::plan_quote_required(account, current.balance, current.state, period),
                std::move(detail)};
            write([&] { store().insert_bill(bill); });
            return bill.settled;
        }

        /// Covers `units` of `product` in `period` (what the month's free units left) with the
        /// account's packs (split_quantity), and takes the units drawn off the packs. Returns
        /// the split; its `rest` is what the tiers rate.
        quantity_split use_packs(std::string_view account, std::string_view product,
                                 billing_period period, std::int64_t units) {
            require_open();
            require_activated(account, "use packs in " + to_string(period));
            const std::vector<prepaid_pack> packs = store().packs(account);
            quantity_split split = split_quantity(units, product, period, packs);
            write([&] {
                for (const pack_draw& draw : split.draws) {
                    for (const prepaid_pack& pack : packs) {
                        if (pack.id == draw.pack_id) {
                            store().update_pack_remaining(pack.id, pack.remaining - draw.units);
                        }
                    }
                }
            });
            return split;
        }

        /// Starts the close of `period` in `offset` at `now`: refused if the store bills in
        /// another offset (the first close fixes it), if the period has not ended
        /// (check_period_ended) or is out of order (check_close_order). Unless the period
        /// is closed already (order `again`: change nothing), it becomes the latest closed.
        close_start start_close(billing_period period, utc_offset offset, instant now) {
            require_open();
            const ledger_settings settings = store().settings();
            const close_start start = detail::plan_close(settings, period, offset, now);
            if (start.order != close_order::again) {
                write([&] {
                    if (!settings.billing_offset) {
                        store().set_billing_offset(offset);
                    }
                    store().set_latest_closed(period);
                });
            }
            return start;
        }

    private:
        friend class ledger;

        explicit transaction(ledger& owner) : store_(&owner.store()), currency_(owner.currency()) {
            store_->begin();
            open_ = true;
        }

        ledger_store<Amount>& store() const noexcept { return *store_; }

        void require_open() const {
            if (!open_) {
                throw store_error("the transaction is over: it was committed or rolled back");
            }
        }

        std::string show(const Amount& amount) const {
            return detail::show_amount(amount, currency_);
        }

        // show(), for the rules of ledger.hpp.
        auto shown() const {
            return [this](const Amount& amount) { return show(amount); };
        }

        void require_minor_units(const char* what, const Amount& amount) const {
            if (!detail::is_whole_minor_units(amount, currency_)) {
                throw invalid_argument(std::string(what) + " " + show(amount) +
                                       " is finer than the minor unit of " +
                                       std::string(currency_.code));
            }
        }

        account_record<Amount> require_activated(std::string_view account,
                                                 const std::string& action) const {
            detail::require_name("account name", account);
            std::optional<account_record<Amount>> found = store().find_account(account);
            if (!found || found->state == service_state::inactive) {
                detail::throw_not_activated(account, action);
            }
            return std::move(*found);
        }

        void refuse_second_bill(std::string_view account, billing_period period) const {
            if (const auto bill = store().find_bill(account, period)) {
                throw refused(detail::account_subject(account) + ": " + to_string(period) +
                              " is already settled (" +
                              (bill->settled.status == settlement_status::charged
                                   ? "charged " + show(bill->settled.charge)
                                   : std::string("quote_required")) +
                              ")");
            }
        }

        void refuse_pack_ref(const std::string& ref) const {
            if (const auto used = store().find_pack(ref)) {
                throw refused("reference " + detail::quote_for_message(ref) +
                              " was used for a pack of " + detail::account_subject(used->account) +
                              "; a top-up cannot reuse it");
            }
        }

        // Runs the writes of an operation: if one throws, earlier ones may have happened, so
        // the transaction can only be rolled back.
        template <class Writes>
        void write(Writes&& writes) {
            try {
                writes();
            } catch (...) {
                failed_ = true;
                throw;
            }
        }

        ledger_store<Amount>* store_;  // the ledger may go; its store must stay
        tariff::currency currency_;
        bool open_ = false;
        bool failed_ = false;
    };

private:
    template <class Operation>
    auto single(Operation operation) {
        transaction t = begin();
        auto result = operation(t);
        t.commit();
        return result;
    }

    ledger_store<Amount>* store_;
    tariff::currency currency_;
};

}  // namespace tariff
