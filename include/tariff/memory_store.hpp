#pragma once
/// tariff::memory_store<Amount>: a ledger store in memory, for tests, examples and programs
/// that keep their state elsewhere. Transactions keep an undo journal, so a rollback costs what
/// the transaction changed, not the size of the store.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "close_rules.hpp"
#include "currency.hpp"
#include "error.hpp"
#include "ledger.hpp"
#include "ledger_store.hpp"
#include "period.hpp"

namespace tariff {

/// A ledger store in memory. Not synchronised.
template <class Amount>
class memory_store final : public ledger_store<Amount> {
    // Rolling back moves saved records into place, which must not fail.
    static_assert(std::is_nothrow_move_constructible_v<Amount> &&
                      std::is_nothrow_move_assignable_v<Amount>,
                  "tariff::memory_store needs an Amount whose moves cannot throw");

public:
    /// An empty store whose amounts are in `currency`.
    explicit memory_store(tariff::currency currency = iso::USD::info) {
        settings_.currency = currency;
    }

    // The undo journal points into the store's own containers.
    memory_store(const memory_store&) = delete;
    memory_store& operator=(const memory_store&) = delete;
    ~memory_store() override = default;

    void begin() override {
        if (open_) {
            throw store_error("memory store: a transaction is already open");
        }
        saved_settings_ = settings_;  // cannot throw: a currency and two optionals
        top_ups_at_begin_ = top_ups_.size();
        packs_at_begin_ = packs_.size();
        open_ = true;
    }

    void commit() override {
        require_open();
        open_ = false;
        forget_journal();
    }

    void rollback() noexcept override {
        if (!open_) {
            return;
        }
        open_ = false;
        for (auto entry = account_journal_.rbegin(); entry != account_journal_.rend(); ++entry) {
            const auto found = accounts_.find(entry->first);
            if (entry->second) {
                found->second = std::move(*entry->second);
            } else {
                accounts_.erase(found);
            }
        }
        for (auto entry = remaining_journal_.rbegin(); entry != remaining_journal_.rend();
             ++entry) {
            packs_[entry->first].remaining = entry->second;
        }
        for (const auto bill : new_bills_) {
            bills_.erase(bill);
        }
        for (const auto ref : new_refs_) {
            refs_.erase(ref);
        }
        while (top_ups_.size() > top_ups_at_begin_) {
            drop_last(top_ups_, top_ups_by_account_);
        }
        while (packs_.size() > packs_at_begin_) {
            drop_last(packs_, packs_by_account_);
        }
        settings_ = std::move(saved_settings_);
        forget_journal();
    }

    bool in_transaction() const noexcept override { return open_; }

    ledger_settings settings() override { return settings_; }

    void set_billing_offset(utc_offset offset) override {
        require_open();
        settings_.billing_offset = offset;
    }

    void set_latest_closed(billing_period period) override {
        require_open();
        settings_.latest_closed = period;
    }

    std::optional<account_record<Amount>> find_account(std::string_view name) override {
        const auto found = accounts_.find(name);
        if (found == accounts_.end()) {
            return std::nullopt;
        }
        return found->second;
    }

    std::vector<account_record<Amount>> accounts() override {
        std::vector<account_record<Amount>> out;
        out.reserve(accounts_.size());
        for (const auto& entry : accounts_) {
            out.push_back(entry.second);
        }
        return out;
    }

    void insert_account(const account_record<Amount>& account) override {
        require_open();
        if (accounts_.find(account.name) != accounts_.end()) {
            throw refused(detail::account_subject(account.name) + " already exists");
        }
        account_record<Amount> copy = account;
        account_journal_.emplace_back(account.name, std::nullopt);
        try {
            accounts_.emplace(account.name, std::move(copy));
        } catch (...) {
            account_journal_.pop_back();
            throw;
        }
    }

    void update_account(const account_record<Amount>& account) override {
        require_open();
        const auto found = accounts_.find(account.name);
        if (found == accounts_.end()) {
            throw store_error("memory store: no " + detail::account_subject(account.name) +
                              " to update");
        }
        account_record<Amount> copy = account;
        account_journal_.emplace_back(account.name, found->second);
        found->second = std::move(copy);
    }

    std::int64_t insert_top_up(const top_up_record<Amount>& top_up) override {
        require_open();
        require_unused_ref(top_up.ref);
        top_up_record<Amount> copy = top_up;
        copy.id = static_cast<std::int64_t>(top_ups_.size()) + 1;
        append(top_ups_, top_ups_by_account_, std::move(copy));
        add_ref(top_up.ref, ref_owner{ref_kind::top_up, top_ups_.size() - 1},
                [this]() noexcept { drop_last(top_ups_, top_ups_by_account_); });
        return top_ups_.back().id;
    }

    std::optional<top_up_record<Amount>> find_top_up(std::string_view ref) override {
        const auto found = refs_.find(ref);
        if (found == refs_.end() || found->second.kind != ref_kind::top_up) {
            return std::nullopt;
        }
        return top_ups_[found->second.index];
    }

    std::vector<top_up_record<Amount>> top_ups(std::string_view account) override {
        return of_account(top_ups_, top_ups_by_account_, account);
    }

    std::int64_t insert_pack(const prepaid_pack& pack) override {
        require_open();
        require_unused_ref(pack.ref);
        prepaid_pack copy = pack;
        copy.id = static_cast<std::int64_t>(packs_.size()) + 1;
        append(packs_, packs_by_account_, std::move(copy));
        add_ref(pack.ref, ref_owner{ref_kind::pack, packs_.size() - 1},
                [this]() noexcept { drop_last(packs_, packs_by_account_); });
        return packs_.back().id;
    }

    std::optional<prepaid_pack> find_pack(std::string_view ref) override {
        const auto found = refs_.find(ref);
        if (found == refs_.end() || found->second.kind != ref_kind::pack) {
            return std::nullopt;
        }
        return packs_[found->second.index];
    }

    std::vector<prepaid_pack> packs(std::string_view account) override {
        return of_account(packs_, packs_by_account_, account);
    }

    void update_pack_remaining(std::int64_t id, std::int64_t remaining) override {
        require_open();
        if (id < 1 || id > static_cast<std::int64_t>(packs_.size())) {
            throw store_error("memory store: no pack " + std::to_string(id) + " to update");
        }
        const auto index = static_cast<std::size_t>(id - 1);
        remaining_journal_.emplace_back(index, packs_[index].remaining);
        packs_[index].remaining = remaining;
    }

    void insert_bill(const bill_record<Amount>& bill) override {
        require_open();
        bill_key key{bill.account, bill.settled.period};
        if (bills_.find(key) != bills_.end()) {
            throw refused(detail::account_subject(bill.account) + ": " +
                          to_string(bill.settled.period) + " already has a bill");
        }
        reserve_one_more(new_bills_);  // so that recording it cannot fail
        new_bills_.push_back(bills_.emplace(std::move(key), bill).first);
    }

    std::optional<bill_record<Amount>> find_bill(std::string_view account,
                                                 billing_period period) override {
        const auto found = bills_.find(bill_key{std::string(account), period});
        if (found == bills_.end()) {
            return std::nullopt;
        }
        return found->second;
    }

    std::vector<bill_record<Amount>> account_bills(std::string_view account) override {
        std::vector<bill_record<Amount>> out;
        for (auto it = bills_.lower_bound(
                 bill_key{std::string(account), billing_period(billing_period::min_year, 1)});
             it != bills_.end() && it->first.first == account; ++it) {
            out.push_back(it->second);
        }
        return out;
    }

    std::vector<bill_record<Amount>> period_bills(billing_period period) override {
        std::vector<bill_record<Amount>> out;
        for (const auto& entry : bills_) {
            if (entry.first.second == period) {
                out.push_back(entry.second);
            }
        }
        return out;
    }

private:
    enum class ref_kind { top_up, pack };
    struct ref_owner {
        ref_kind kind;
        std::size_t index;
    };
    using bill_key = std::pair<std::string, billing_period>;
    // Positions in top_ups_ or packs_ by account, in the order added.
    using account_index = std::map<std::string, std::vector<std::size_t>, std::less<>>;

    // Room for one more element, growing geometrically, so that the push_back after it
    // cannot fail.
    template <class T>
    static void reserve_one_more(std::vector<T>& v) {
        if (v.size() == v.capacity()) {
            v.reserve(v.empty() ? 8 : 2 * v.size());
        }
    }

    // Appends `record` to `records` and its position to its account's list in `index`; on
    // failure neither changes (an empty list may stay behind).
    template <class Record>
    static void append(std::vector<Record>& records, account_index& index, Record record) {
        std::vector<std::size_t>& positions = index[record.account];
        reserve_one_more(positions);
        records.push_back(std::move(record));
        positions.push_back(records.size() - 1);  // capacity reserved: cannot fail
    }

    // Removes the last record appended.
    template <class Record>
    static void drop_last(std::vector<Record>& records, account_index& index) noexcept {
        index.find(records.back().account)->second.pop_back();
        records.pop_back();
    }

    template <class Record>
    static std::vector<Record> of_account(const std::vector<Record>& records,
                                          const account_index& index, std::string_view account) {
        std::vector<Record> out;
        const auto found = index.find(account);
        if (found != index.end()) {
            out.reserve(found->second.size());
            for (const std::size_t position : found->second) {
                out.push_back(records[position]);
            }
        }
        return out;
    }

    void require_open() const {
        if (!open_) {
            throw store_error("memory store: writes need a transaction (begin() first)");
        }
    }

    void forget_journal() noexcept {
        account_journal_.clear();
        remaining_journal_.clear();
        new_bills_.clear();
        new_refs_.clear();
    }

    void require_unused_ref(const std::optional<std::string>& ref) const {
        if (ref && refs_.find(*ref) != refs_.end()) {
            throw refused("reference " + detail::quote_for_message(*ref) + " is already used");
        }
    }

    // Records `ref` for the record just appended; if that fails, `undo` removes the record.
    template <class Undo>
    void add_ref(const std::optional<std::string>& ref, ref_owner owner, Undo undo) {
        if (!ref) {
            return;
        }
        try {
            reserve_one_more(new_refs_);
            new_refs_.push_back(refs_.emplace(*ref, owner).first);  // capacity reserved
        } catch (...) {
            undo();
            throw;
        }
    }

    bool open_ = false;
    ledger_settings settings_;
    std::map<std::string, account_record<Amount>, std::less<>> accounts_;
    std::vector<top_up_record<Amount>> top_ups_;
    std::vector<prepaid_pack> packs_;
    account_index top_ups_by_account_;
    account_index packs_by_account_;
    std::map<bill_key, bill_record<Amount>> bills_;
    std::map<std::string, ref_owner, std::less<>> refs_;

    // The undo journal of the open transaction.
    ledger_settings saved_settings_;
    std::size_t top_ups_at_begin_ = 0;
    std::size_t packs_at_begin_ = 0;
    std::vector<std::pair<std::string, std::optional<account_record<Amount>>>> account_journal_;
    std::vector<std::pair<std::size_t, std::int64_t>> remaining_journal_;
    std::vector<typename std::map<bill_key, bill_record<Amount>>::iterator> new_bills_;
    std::vector<typename std::map<std::string, ref_owner, std::less<>>::iterator> new_refs_;
};

}  // namespace tariff
