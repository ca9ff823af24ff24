#pragma once
/// tariff::account<Amount>: a prepaid account that settles each month's bill once, is suspended
/// while its balance is negative and reactivated by a top-up. There is deliberately no refund.

#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "detail/enum_names.hpp"
#include "error.hpp"
#include "period.hpp"

namespace tariff {

/// Whether an account may use the service.
enum class service_state {
    inactive,   ///< not activated yet: the service may not be used, nothing can be settled
    active,     ///< in use, balance >= 0
    suspended,  ///< in arrears (balance < 0) until a top-up brings the balance to >= 0
};

namespace detail {
template <>
struct enum_names<service_state> {
    static constexpr std::string_view names[] = {"inactive", "active", "suspended"};
};
}  // namespace detail

/// "inactive", "active" or "suspended".
inline std::string to_string(service_state state) { return std::string(to_string_view(state)); }

/// What happened to a month's bill.
enum class settlement_status {
    charged,         ///< the charge was deducted; the month is settled
    quote_required,  ///< the usage needs a price from sales; nothing deducted yet
};

namespace detail {
template <>
struct enum_names<settlement_status> {
    static constexpr std::string_view names[] = {"charged", "quote_required"};
};
}  // namespace detail

/// "charged" or "quote_required".
inline std::string to_string(settlement_status status) {
    return std::string(to_string_view(status));
}

/// The record of one month's bill on an account, enough to print the bill.
template <class Amount>
struct settlement {
    billing_period period;
    settlement_status status;
    Amount charge;          ///< deducted amount; zero when quote_required
    Amount balance_before;  ///< balance before the deduction
    Amount balance_after;   ///< balance after it
    service_state state;    ///< the account's state afterwards
};

/// The record of one top-up.
template <class Amount>
struct top_up_receipt {
    Amount amount;
    Amount balance_before;
    Amount balance_after;
    service_state state;  ///< the account's state afterwards
};

/// Records are equal when every field is.
template <class Amount>
bool operator==(const settlement<Amount>& a, const settlement<Amount>& b) {
    return a.period == b.period && a.status == b.status && a.charge == b.charge &&
           a.balance_before == b.balance_before && a.balance_after == b.balance_after &&
           a.state == b.state;
}
template <class Amount>
bool operator!=(const settlement<Amount>& a, const settlement<Amount>& b) {
    return !(a == b);
}
template <class Amount>
bool operator==(const top_up_receipt<Amount>& a, const top_up_receipt<Amount>& b) {
    return a.amount == b.amount && a.balance_before == b.balance_before &&
           a.balance_after == b.balance_after && a.state == b.state;
}
template <class Amount>
bool operator!=(const top_up_receipt<Amount>& a, const top_up_receipt<Amount>& b) {
    return !(a == b);
}

namespace detail {

// The ledger rules, written once: tariff::account applies them to its own members and
// tariff::ledger (ledger_store.hpp) to the records of a store. Each returns what the operation
// would leave behind, or throws; none changes anything.

/// "account "<name>"": the subject of every ledger message.
inline std::string account_subject(std::string_view name) {
    return "account " + quote_for_message(name);
}

[[noreturn]] inline void throw_not_activated(std::string_view name, const std::string& action) {
    throw refused(account_subject(name) + " is not activated: cannot " + action);
}

/// The state of an activated account with `balance`: suspended in arrears (below zero), else
/// active. Exactly zero is not arrears.
template <class Amount>
service_state state_for_balance(const Amount& balance) {
    return balance < Amount() ? service_state::suspended : service_state::active;
}

/// How the rules show an amount in a message: to_string, every digit of its type. A ledger that
/// knows its currency passes its own (ledger_store.hpp: the currency's minor digits).
struct amount_to_string {
    template <class Amount>
    std::string operator()(const Amount& amount) const {
        return to_string(amount);
    }
};

/// Runs balance arithmetic, adding the account and the operation to an overflow message.
template <class Amount, class Operation, class Show = amount_to_string>
Amount checked_balance(std::string_view name, const Amount& balance, const std::string& what,
                       Operation operation, const Show& show = Show()) {
    try {
        return operation();
    } catch (const overflow_error& e) {
        throw overflow_error(account_subject(name) + ": " + what + " with balance " +
                             show(balance) + " overflows: " + e.what());
    }
}

/// The state after activating an account in `state` with `balance`; refused if it is already
/// activated.
template <class Amount>
service_state activation_state(std::string_view name, service_state state, const Amount& balance) {
    if (state != service_state::inactive) {
        throw refused(account_subject(name) + " is already activated (" + to_string(state) + ")");
    }
    return state_for_balance(balance);
}

/// Throws invalid_argument unless a top-up of `amount` is positive.
template <class Amount, class Show = amount_to_string>
void require_positive_top_up(std::string_view name, const Amount& amount,
                             const Show& show = Show()) {
    if (!(Amount() < amount)) {
        throw invalid_argument(account_subject(name) + ": top-up " + show(amount) +
                               " must be positive");
    }
}

/// The receipt of topping up `amount`: refused (invalid_argument) unless positive; an
/// activated account whose balance reaches >= 0 is active again, an inactive one stays so.
template <class Amount, class Show = amount_to_string>
top_up_receipt<Amount> plan_top_up(std::string_view name, const Amount& balance,
                                   service_state state, const Amount& amount,
                                   const Show& show = Show()) {
    require_positive_top_up(name, amount, show);
    Amount after = checked_balance(
        name, balance, "topping up " + show(amount), [&] { return balance + amount; }, show);
    const service_state next = state == service_state::inactive ? state : state_for_balance(after);
    return top_up_receipt<Amount>{amount, balance, std::move(after), next};
}

/// The record of deducting `charge` as the bill of `period`: refused if the account is
/// inactive, invalid_argument if `charge` is negative; suspended if the balance goes below
/// zero. Whether `period` was already settled is the caller's rule.
template <class Amount, class Show = amount_to_string>
settlement<Amount> plan_charge(std::string_view name, const Amount& balance, service_state state,
                               billing_period period, const Amount& charge,
                               const Show& show = Show()) {
    if (state == service_state::inactive) {
        throw_not_activated(name, "settle " + to_string(period));
    }
    if (charge < Amount()) {
        throw invalid_argument(account_subject(name) + ": charge " + show(charge) + " for " +
                               to_string(period) + " is negative");
    }
    Amount after = checked_balance(
        name, balance, "deducting " + show(charge) + " for " + to_string(period),
        [&] { return balance - charge; }, show);
    const service_state next = state_for_balance(after);
    return settlement<Amount>{period,  settlement_status::charged, charge,
                              balance, std::move(after),           next};
}

/// The record of a month that needs a quote: nothing deducted, the state unchanged; refused
/// if the account is inactive.
template <class Amount>
settlement<Amount> plan_quote_required(std::string_view name, const Amount& balance,
                                       service_state state, billing_period period) {
    if (state == service_state::inactive) {
        throw_not_activated(name, "record a quote for " + to_string(period));
    }
    return settlement<Amount>{period, settlement_status::quote_required, Amount(), balance, balance,
                              state};
}

}  // namespace detail

/// A prepaid account over an amount type such as decimal<2> or money<iso::USD>: a value type
/// with + - and comparisons whose default value is zero and which tariff::to_string prints.
/// Every operation either happens completely or throws and leaves the account unchanged.
/// Not synchronised: lock externally to share one account between threads.
template <class Amount>
class account {
    // The strong guarantee commits by moving values into place, which must not fail.
    static_assert(std::is_nothrow_move_constructible_v<Amount> &&
                      std::is_nothrow_move_assignable_v<Amount>,
                  "tariff::account needs an Amount whose moves cannot throw");

public:
    using amount_type = Amount;

    /// An inactive account with a prepaid `opening_balance`, which may be negative (arrears
    /// carried over from elsewhere).
    explicit account(std::string name, Amount opening_balance = Amount())
        : name_(std::move(name)), balance_(std::move(opening_balance)) {}

    /// The name given at construction, used in error messages.
    const std::string& name() const noexcept { return name_; }
    /// Prepaid balance; negative means arrears.
    const Amount& balance() const noexcept { return balance_; }
    /// inactive, active or suspended.
    service_state state() const noexcept { return state_; }
    /// True only when active: inactive and suspended accounts may not use the service.
    bool can_use_service() const noexcept { return state_ == service_state::active; }

    /// Activates the service: active, or suspended at once if the balance is negative.
    /// Throws refused if the account was already activated.
    service_state activate() {
        state_ = detail::activation_state(name_, state_, balance_);
        return state_;
    }

    /// Deducts `charge` as the bill of `period`, once: suspended if the balance becomes negative.
    /// A month awaiting a quote is settled by this call with the agreed amount. Throws refused
    /// if the account is inactive or `period` is already settled, invalid_argument if `charge`
    /// is negative, overflow_error if the balance does not fit Amount.
    settlement<Amount> settle(billing_period period, const Amount& charge) {
        settlement<Amount> record = detail::plan_charge(name_, balance_, state_, period, charge);
        const auto existing = records_.find(period);
        if (existing != records_.end() && existing->second.status == settlement_status::charged) {
            throw refused(detail::account_subject(name_) + ": " + to_string(period) +
                          " is already settled (charged " + to_string(existing->second.charge) +
                          ")");
        }
        Amount after = record.balance_after;  // copied before committing: copies may throw
        const service_state next = record.state;
        settlement<Amount> result = record;
        if (existing != records_.end()) {
            existing->second = std::move(record);  // resolves the pending quote
        } else {
            records_.emplace(period, std::move(record));
        }
        balance_ = std::move(after);
        state_ = next;
        return result;
    }

    /// Records that the bill of `period` needs a quote from sales (its usage reached a
    /// contact-sales tier): nothing is deducted, the state does not change, and the month stays
    /// open for one settle() with the agreed amount. Throws refused if the account is inactive
    /// or `period` already has a record.
    settlement<Amount> record_quote_required(billing_period period) {
        settlement<Amount> record = detail::plan_quote_required(name_, balance_, state_, period);
        const auto existing = records_.find(period);
        if (existing != records_.end()) {
            throw refused(detail::account_subject(name_) + ": " + to_string(period) +
                          (existing->second.status == settlement_status::charged
                               ? " is already settled"
                               : " is already awaiting a quote"));
        }
        settlement<Amount> result = record;
        records_.emplace(period, std::move(record));
        return result;
    }

    /// Adds a positive `amount` to the balance; an activated account whose balance becomes >= 0
    /// is active again. An inactive account can be topped up and stays inactive. Throws
    /// invalid_argument for a zero or negative amount, overflow_error if the balance does not
    /// fit Amount.
    top_up_receipt<Amount> top_up(const Amount& amount) {
        top_up_receipt<Amount> receipt = detail::plan_top_up(name_, balance_, state_, amount);
        Amount after = receipt.balance_after;  // copied before committing: copies may throw
        const service_state next = receipt.state;
        balance_ = std::move(after);
        state_ = next;
        return receipt;
    }

    /// True once `period` was charged.
    bool is_settled(billing_period period) const noexcept {
        const auto found = records_.find(period);
        return found != records_.end() && found->second.status == settlement_status::charged;
    }

    /// True while `period` waits for a quote (recorded, not yet settled).
    bool is_awaiting_quote(billing_period period) const noexcept {
        const auto found = records_.find(period);
        return found != records_.end() && found->second.status == settlement_status::quote_required;
    }

    /// The latest record of `period` (charged, or awaiting a quote); nullptr if none.
    const settlement<Amount>* find_settlement(billing_period period) const noexcept {
        const auto found = records_.find(period);
        return found == records_.end() ? nullptr : &found->second;
    }

    /// Every month's latest record, oldest first.
    std::vector<settlement<Amount>> history() const {
        std::vector<settlement<Amount>> out;
        out.reserve(records_.size());
        for (const auto& entry : records_) {
            out.push_back(entry.second);
        }
        return out;
    }

private:
    std::string name_;
    Amount balance_;
    service_state state_ = service_state::inactive;
    std::map<billing_period, settlement<Amount>> records_;
};

}  // namespace tariff
