#pragma once
/// tariff::sqlite_store<Amount>: the ledger store in an SQLite database file (target
/// tariff::sqlite, links the system's SQLite 3). Amounts are stored as exact decimal text with
/// the currency's minor digits ("-350.35"), quantities as integers; nothing is ever REAL.
///
/// Durability: the database runs in WAL mode with synchronous=FULL. WAL lets readers (status)
/// run while a close writes, and SQLite's WAL with FULL syncs the log at every commit, so a
/// committed transaction survives a killed process and, as far as the disk honours fsync, a
/// power loss or OS crash; an uncommitted one leaves no trace. (synchronous=NORMAL would keep
/// the file consistent but could lose the last commits on power loss: a close reported done
/// could be undone.) Writers serialise with BEGIN IMMEDIATE, which takes the write lock before
/// the first read, so a transaction never decides from a state another writer is changing,
/// and waits up to the busy timeout for the lock before giving up with store_busy.

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "charge.hpp"  // format_amount: an amount with exactly the currency's minor digits
#include "close_rules.hpp"
#include "currency.hpp"
#include "error.hpp"
#include "ledger.hpp"
#include "ledger_store.hpp"
#include "period.hpp"

namespace tariff {

/// How a sqlite_store opens its file.
struct sqlite_options {
    /// The currency of a new database (none: USD). An existing database keeps its own; asking
    /// for another is refused.
    std::optional<tariff::currency> currency;
    /// How long a write waits for another connection's write transaction before store_busy.
    std::chrono::milliseconds busy_timeout{10000};
};

namespace detail::sqlite {

/// "TRFL": marks a database file as a tariff ledger (PRAGMA application_id).
inline constexpr std::int32_t application_id = 0x5452464c;
/// The schema this header writes and reads (PRAGMA user_version).
inline constexpr int schema_version = 1;

// Amounts are decimal text: digits, at most one '.', a leading '-'. Quantities are integers.
// clang-format off
#define TARIFF_SQLITE_AMOUNT(column) \
    column " TEXT NOT NULL CHECK (typeof(" column ") = 'text' AND " column " NOT GLOB '*[^-.0-9]*')"
#define TARIFF_SQLITE_PERIOD(column) \
    column " TEXT NOT NULL CHECK (" column " GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]')"
#define TARIFF_SQLITE_STATE(column) \
    column " TEXT NOT NULL CHECK (" column " IN ('inactive', 'active', 'suspended'))"
// clang-format on

inline constexpr const char* schema_sql =
    "CREATE TABLE ledger ("
    " id INTEGER PRIMARY KEY CHECK (id = 1),"
    " currency TEXT NOT NULL,"
    " billing_offset TEXT CHECK (billing_offset GLOB '[+-][0-9][0-9]:[0-9][0-9]'),"
    " latest_closed TEXT CHECK (latest_closed GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'));"
    "CREATE TABLE accounts ("
    " name TEXT NOT NULL PRIMARY KEY,"
    " " TARIFF_SQLITE_STATE("state") ","
    " " TARIFF_SQLITE_AMOUNT("balance") ") WITHOUT ROWID;"
    "CREATE TABLE top_ups ("
    " id INTEGER PRIMARY KEY,"
    " account TEXT NOT NULL REFERENCES accounts (name),"
    " " TARIFF_SQLITE_AMOUNT("amount") ","
    " " TARIFF_SQLITE_AMOUNT("balance_before") ","
    " " TARIFF_SQLITE_AMOUNT("balance_after") ","
    " " TARIFF_SQLITE_STATE("state") ","
    " ref TEXT UNIQUE);"
    "CREATE INDEX top_ups_by_account ON top_ups (account, id);"
    "CREATE TABLE packs ("
    " id INTEGER PRIMARY KEY,"
    " account TEXT NOT NULL REFERENCES accounts (name),"
    " product TEXT NOT NULL,"
    " quantity INTEGER NOT NULL CHECK (typeof(quantity) = 'integer' AND quantity >= 1),"
    " remaining INTEGER NOT NULL"
    "  CHECK (typeof(remaining) = 'integer' AND remaining BETWEEN 0 AND quantity),"
    " quantity_scale INTEGER NOT NULL"
    "  CHECK (typeof(quantity_scale) = 'integer' AND quantity_scale BETWEEN 0 AND 6),"
    " " TARIFF_SQLITE_PERIOD("valid_from") ","
    " " TARIFF_SQLITE_PERIOD("valid_until") " CHECK (valid_until >= valid_from),"
    " ref TEXT UNIQUE);"
    "CREATE INDEX packs_by_account ON packs (account, id);"
    "CREATE TABLE bills ("
    " account TEXT NOT NULL REFERENCES accounts (name),"
    " " TARIFF_SQLITE_PERIOD("period") ","
    " status TEXT NOT NULL CHECK (status IN ('charged', 'quote_required')),"
    " " TARIFF_SQLITE_AMOUNT("charge") ","
    " " TARIFF_SQLITE_AMOUNT("balance_before") ","
    " " TARIFF_SQLITE_AMOUNT("balance_after") ","
    " " TARIFF_SQLITE_STATE("state") ","
    " detail TEXT NOT NULL,"
    " PRIMARY KEY (account, period)) WITHOUT ROWID;"
    "CREATE INDEX bills_by_period ON bills (period, account);"
    // A reference names one top-up or one pack.
    "CREATE TRIGGER top_up_ref_unused BEFORE INSERT ON top_ups"
    " WHEN NEW.ref IS NOT NULL AND EXISTS (SELECT 1 FROM packs WHERE ref = NEW.ref)"
    " BEGIN SELECT RAISE(ABORT, 'reference already used by a pack'); END;"
    "CREATE TRIGGER pack_ref_unused BEFORE INSERT ON packs"
    " WHEN NEW.ref IS NOT NULL AND EXISTS (SELECT 1 FROM top_ups WHERE ref = NEW.ref)"
    " BEGIN SELECT RAISE(ABORT, 'reference already used by a top-up'); END;"
    // Bills and top-ups are final: no refund, not even by hand through SQL.
    "CREATE TRIGGER bills_are_final_update BEFORE UPDATE ON bills"
    " BEGIN SELECT RAISE(ABORT, 'bills are final'); END;"
    "CREATE TRIGGER bills_are_final_delete BEFORE DELETE ON bills"
    " BEGIN SELECT RAISE(ABORT, 'bills are final: there are no refunds'); END;"
    "CREATE TRIGGER top_ups_are_final_update BEFORE UPDATE ON top_ups"
    " BEGIN SELECT RAISE(ABORT, 'top-ups are final'); END;"
    "CREATE TRIGGER top_ups_are_final_delete BEFORE DELETE ON top_ups"
    " BEGIN SELECT RAISE(ABORT, 'top-ups are final: there are no refunds'); END;";

#undef TARIFF_SQLITE_AMOUNT
#undef TARIFF_SQLITE_PERIOD
#undef TARIFF_SQLITE_STATE

/// One open database file: prepared statements are cached per SQL text. Errors become
/// store_error (store_busy when the database is locked) naming the file and the step.
class connection {
public:
    explicit connection(const std::string& path, std::chrono::milliseconds busy_timeout)
        : where_("ledger database " + quote_for_message(path)) {
        const int rc = sqlite3_open_v2(
            path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
            nullptr);
        if (rc != SQLITE_OK) {
            const std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
            sqlite3_close_v2(db_);
            throw store_error(where_ + ": cannot open: " + why);
        }
        sqlite3_extended_result_codes(db_, 1);
        const auto ms = busy_timeout.count();
        sqlite3_busy_timeout(db_, ms < 0 ? 0 : ms > 2147483647 ? 2147483647 : static_cast<int>(ms));
        busy_ms_ = ms;
    }

    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;

    ~connection() {
        for (auto& entry : statements_) {
            sqlite3_finalize(entry.second);
        }
        sqlite3_close_v2(db_);
    }

    sqlite3* handle() const noexcept { return db_; }
    const std::string& where() const noexcept { return where_; }

    /// Throws for result code `rc` of `step`, with SQLite's message for it.
    [[noreturn]] void fail(int rc, const std::string& step) const {
        fail(rc, step, sqlite3_errmsg(db_));
    }

    /// Throws for result code `rc` of `step`, explained by `why`.
    [[noreturn]] void fail(int rc, const std::string& step, const std::string& why) const {
        const int primary = rc & 0xff;
        const std::string message = where_ + ": " + step + ": " + why;
        if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
            throw store_busy("database busy: " + message + " (waited " + std::to_string(busy_ms_) +
                             " ms for another writer)");
        }
        throw store_error(message);
    }

    /// Runs statements that return no rows.
    void exec(const char* sql) {
        const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK) {
            fail(rc, std::string(sql).substr(0, 40));
        }
    }

    /// The cached statement for `sql`, which must outlive the connection (a literal).
    sqlite3_stmt* statement(const char* sql) {
        const auto found = statements_.find(sql);
        if (found != statements_.end()) {
            return found->second;
        }
        sqlite3_stmt* stmt = nullptr;
        const int rc = sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr);
        if (rc != SQLITE_OK) {
            sqlite3_finalize(stmt);
            fail(rc, "preparing " + std::string(sql).substr(0, 40));
        }
        try {
            statements_.emplace(sql, stmt);
        } catch (...) {
            sqlite3_finalize(stmt);
            throw;
        }
        return stmt;
    }

private:
    sqlite3* db_ = nullptr;
    std::string where_;
    std::int64_t busy_ms_ = 0;
    std::map<std::string_view, sqlite3_stmt*> statements_;
};

/// One use of a cached statement: bind, step, read columns; reset when it goes out of scope so
/// that no statement keeps a read open.
class query {
public:
    query(connection& db, const char* sql) : db_(db), stmt_(db.statement(sql)), sql_(sql) {}
    query(const query&) = delete;
    query& operator=(const query&) = delete;
    ~query() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }

    query& bind(int index, std::string_view text) {
        check(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                  SQLITE_UTF8));
        return *this;
    }
    query& bind(int index, std::int64_t value) {
        check(sqlite3_bind_int64(stmt_, index, value));
        return *this;
    }
    query& bind_optional(int index, const std::optional<std::string>& text) {
        check(text ? sqlite3_bind_text64(stmt_, index, text->data(), text->size(), SQLITE_TRANSIENT,
                                         SQLITE_UTF8)
                   : sqlite3_bind_null(stmt_, index));
        return *this;
    }

    /// Steps once: true for a row, false when done.
    bool step() {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) {
            return true;
        }
        if (rc != SQLITE_DONE) {
            db_.fail(rc, step_name());
        }
        return false;
    }

    /// Steps an INSERT: a broken uniqueness key or reference trigger throws refused with
    /// `refusal`; anything else store_error.
    void insert(const std::string& refusal) {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_DONE) {
            return;
        }
        if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE ||
            rc == SQLITE_CONSTRAINT_TRIGGER) {
            throw refused(refusal);
        }
        db_.fail(rc, step_name());
    }

    bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

    std::string text(int column) const {
        require_type(column, SQLITE_TEXT, "text");
        const auto* data = sqlite3_column_text(stmt_, column);
        const int size = sqlite3_column_bytes(stmt_, column);
        return std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
    }

    std::optional<std::string> optional_text(int column) const {
        if (is_null(column)) {
            return std::nullopt;
        }
        return text(column);
    }

    std::int64_t integer(int column) const {
        require_type(column, SQLITE_INTEGER, "an integer");
        return sqlite3_column_int64(stmt_, column);
    }

    /// Throws store_error naming the column and what was wrong with its value.
    [[noreturn]] void bad_value(int column, const std::string& why) const {
        throw store_error(db_.where() + ": " + column_name(column) + ": " + why);
    }

private:
    void check(int rc) const {
        if (rc != SQLITE_OK) {
            db_.fail(rc, "binding " + step_name());
        }
    }

    std::string step_name() const { return std::string(sql_).substr(0, 40); }

    // "table.column", the table taken from the statement's FROM.
    std::string column_name(int column) const {
        const std::string_view sql(sql_);
        const std::size_t from = sql.find(" FROM ");
        std::string_view table = from == std::string_view::npos ? "?" : sql.substr(from + 6);
        table = table.substr(0, table.find(' '));
        const char* name = sqlite3_column_name(stmt_, column);
        return std::string(table) + "." + (name ? name : "?");
    }

    void require_type(int column, int type, const char* expected) const {
        const int actual = sqlite3_column_type(stmt_, column);
        if (actual != type) {
            static constexpr const char* names[] = {"?",    "an integer", "a real",
                                                    "text", "a blob",     "null"};
            bad_value(column, std::string("is ") + names[actual >= 1 && actual <= 5 ? actual : 0] +
                                  ", not " + expected);
        }
    }

    connection& db_;
    sqlite3_stmt* stmt_;
    const char* sql_;
};

}  // namespace detail::sqlite

// The columns each record is read from, in the order sqlite_store reads them.
#define TARIFF_SQLITE_TOP_UP_SELECT \
    "SELECT id, account, amount, balance_before, balance_after, state, ref FROM top_ups"
#define TARIFF_SQLITE_PACK_SELECT                                                                \
    "SELECT id, account, product, quantity, remaining, quantity_scale, valid_from, valid_until," \
    " ref FROM packs"
#define TARIFF_SQLITE_BILL_SELECT                                                           \
    "SELECT account, period, status, charge, balance_before, balance_after, state, detail " \
    "FROM bills"

/// A ledger store in an SQLite database file, created on first use with the schema of
/// detail::sqlite::schema_sql. Several processes may open the same file; their write
/// transactions take turns. One object serves one thread at a time.
template <class Amount>
class sqlite_store final : public ledger_store<Amount> {
    using query = detail::sqlite::query;

public:
    /// Opens (or creates) the database at `path`. Throws store_error if it cannot be opened,
    /// is not a tariff ledger or has a newer schema, refused if `options.currency` differs
    /// from the existing database's, store_busy if another writer holds it too long.
    explicit sqlite_store(const std::string& path, sqlite_options options = {})
        : db_(path, options.busy_timeout) {
        db_.exec("PRAGMA foreign_keys = ON");
        {
            query journal(db_, "PRAGMA journal_mode = WAL");
            const std::string mode = journal.step() ? journal.text(0) : std::string();
            const bool in_memory = *sqlite3_db_filename(db_.handle(), "main") == '\0';
            if (mode != "wal" && !(in_memory && mode == "memory")) {
                throw store_error(db_.where() + ": cannot use write-ahead logging (journal mode " +
                                  detail::quote_for_message(mode) + ")");
            }
        }
        db_.exec("PRAGMA synchronous = FULL");
        if (!is_ledger()) {
            create(options.currency);
        }
        currency_ =
            detail::resolve_store_currency(stored_currency(), options.currency, db_.where());
    }

    /// The `path` it was opened with, quoted, for messages.
    const std::string& where() const noexcept { return db_.where(); }

    /// While a snapshot lives, every read sees the database as it was at the first of them,
    /// whatever other connections commit meanwhile: a report (`tariff status`) reads one state.
    /// It is SQLite's deferred read transaction, which in WAL mode never waits for a writer.
    /// No begin() while it lives.
    class snapshot {
    public:
        explicit snapshot(detail::sqlite::connection& db) : db_(db) { db_.exec("BEGIN DEFERRED"); }
        snapshot(const snapshot&) = delete;
        snapshot& operator=(const snapshot&) = delete;
        ~snapshot() {
            if (sqlite3_get_autocommit(db_.handle()) == 0) {
                sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
            }
        }

    private:
        detail::sqlite::connection& db_;
    };

    /// Starts a snapshot for reading; see snapshot. Throws store_error inside a transaction.
    snapshot read_snapshot() {
        if (open_) throw store_error(db_.where() + ": a transaction is open");
        return snapshot(db_);
    }

    void begin() override {
        if (open_) {
            throw store_error(db_.where() + ": a transaction is already open");
        }
        db_.exec("BEGIN IMMEDIATE");
        open_ = true;
    }

    void commit() override {
        require_open();
        open_ = false;
        if (sqlite3_get_autocommit(db_.handle()) != 0) {
            throw store_error(db_.where() +
                              ": the transaction was rolled back by SQLite after an error");
        }
        const int rc = sqlite3_exec(db_.handle(), "COMMIT", nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK) {
            const std::string why = sqlite3_errmsg(db_.handle());
            sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
            db_.fail(rc, "COMMIT (rolled back)", why);
        }
    }

    void rollback() noexcept override {
        if (!open_) {
            return;
        }
        open_ = false;
        if (sqlite3_get_autocommit(db_.handle()) == 0) {
            sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        }
    }

    bool in_transaction() const noexcept override { return open_; }

    ledger_settings settings() override {
        query q(db_, "SELECT billing_offset, latest_closed FROM ledger WHERE id = 1");
        if (!q.step()) {
            throw store_error(db_.where() + ": the ledger row is missing");
        }
        ledger_settings out;
        out.currency = currency_;
        if (!q.is_null(0)) {
            out.billing_offset =
                decode(q, 0, [](const std::string& t) { return utc_offset::parse(t); });
        }
        if (!q.is_null(1)) {
            out.latest_closed = period_at(q, 1);
        }
        return out;
    }

    void set_billing_offset(utc_offset offset) override {
        require_open();
        query q(db_, "UPDATE ledger SET billing_offset = ?1 WHERE id = 1");
        q.bind(1, to_string(offset)).step();
    }

    void set_latest_closed(billing_period period) override {
        require_open();
        query q(db_, "UPDATE ledger SET latest_closed = ?1 WHERE id = 1");
        q.bind(1, to_string(period)).step();
    }

    std::optional<account_record<Amount>> find_account(std::string_view name) override {
        query q(db_, "SELECT name, state, balance FROM accounts WHERE name = ?1");
        q.bind(1, name);
        return first_row(q, account_at);
    }

    std::vector<account_record<Amount>> accounts() override {
        query q(db_, "SELECT name, state, balance FROM accounts ORDER BY name");
        return all_rows(q, account_at);
    }

    void insert_account(const account_record<Amount>& account) override {
        require_open();
        query q(db_, "INSERT INTO accounts (name, state, balance) VALUES (?1, ?2, ?3)");
        q.bind(1, account.name).bind(2, to_string(account.state)).bind(3, text(account.balance));
        q.insert(detail::account_subject(account.name) + " already exists");
    }

    void update_account(const account_record<Amount>& account) override {
        require_open();
        query q(db_, "UPDATE accounts SET state = ?2, balance = ?3 WHERE name = ?1");
        q.bind(1, account.name).bind(2, to_string(account.state)).bind(3, text(account.balance));
        q.step();
        if (sqlite3_changes(db_.handle()) != 1) {
            throw store_error(db_.where() + ": no " + detail::account_subject(account.name) +
                              " to update");
        }
    }

    std::int64_t insert_top_up(const top_up_record<Amount>& top_up) override {
        require_open();
        query q(db_,
                "INSERT INTO top_ups (account, amount, balance_before, balance_after, state, ref)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        q.bind(1, top_up.account)
            .bind(2, text(top_up.receipt.amount))
            .bind(3, text(top_up.receipt.balance_before))
            .bind(4, text(top_up.receipt.balance_after))
            .bind(5, to_string(top_up.receipt.state))
            .bind_optional(6, top_up.ref);
        q.insert(ref_used(top_up.ref));
        return sqlite3_last_insert_rowid(db_.handle());
    }

    std::optional<top_up_record<Amount>> find_top_up(std::string_view ref) override {
        query q(db_, TARIFF_SQLITE_TOP_UP_SELECT " WHERE ref = ?1");
        q.bind(1, ref);
        return first_row(q, top_up_at);
    }

    std::vector<top_up_record<Amount>> top_ups(std::string_view account) override {
        query q(db_, TARIFF_SQLITE_TOP_UP_SELECT " WHERE account = ?1 ORDER BY id");
        q.bind(1, account);
        return all_rows(q, top_up_at);
    }

    std::int64_t insert_pack(const prepaid_pack& pack) override {
        require_open();
        query q(db_,
                "INSERT INTO packs (account, product, quantity, remaining, quantity_scale,"
                " valid_from, valid_until, ref) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        q.bind(1, pack.account)
            .bind(2, pack.product)
            .bind(3, pack.quantity)
            .bind(4, pack.remaining)
            .bind(5, std::int64_t{pack.quantity_scale})
            .bind(6, to_string(pack.from))
            .bind(7, to_string(pack.until))
            .bind_optional(8, pack.ref);
        q.insert(ref_used(pack.ref));
        return sqlite3_last_insert_rowid(db_.handle());
    }

    std::optional<prepaid_pack> find_pack(std::string_view ref) override {
        query q(db_, TARIFF_SQLITE_PACK_SELECT " WHERE ref = ?1");
        q.bind(1, ref);
        return first_row(q, pack_at);
    }

    std::vector<prepaid_pack> packs(std::string_view account) override {
        query q(db_, TARIFF_SQLITE_PACK_SELECT " WHERE account = ?1 ORDER BY id");
        q.bind(1, account);
        return all_rows(q, pack_at);
    }

    void update_pack_remaining(std::int64_t id, std::int64_t remaining) override {
        require_open();
        query q(db_, "UPDATE packs SET remaining = ?2 WHERE id = ?1");
        q.bind(1, id).bind(2, remaining).step();
        if (sqlite3_changes(db_.handle()) != 1) {
            throw store_error(db_.where() + ": no pack " + std::to_string(id) + " to update");
        }
    }

    void insert_bill(const bill_record<Amount>& bill) override {
        require_open();
        const settlement<Amount>& s = bill.settled;
        query q(db_,
                "INSERT INTO bills (account, period, status, charge, balance_before,"
                " balance_after, state, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        q.bind(1, bill.account)
            .bind(2, to_string(s.period))
            .bind(3, to_string(s.status))
            .bind(4, text(s.charge))
            .bind(5, text(s.balance_before))
            .bind(6, text(s.balance_after))
            .bind(7, to_string(s.state))
            .bind(8, bill.detail);
        q.insert(detail::account_subject(bill.account) + ": " + to_string(s.period) +
                 " already has a bill");
    }

    std::optional<bill_record<Amount>> find_bill(std::string_view account,
                                                 billing_period period) override {
        query q(db_, TARIFF_SQLITE_BILL_SELECT " WHERE account = ?1 AND period = ?2");
        q.bind(1, account).bind(2, to_string(period));
        return first_row(q, bill_at);
    }

    std::vector<bill_record<Amount>> account_bills(std::string_view account) override {
        query q(db_, TARIFF_SQLITE_BILL_SELECT " WHERE account = ?1 ORDER BY period");
        q.bind(1, account);
        return all_rows(q, bill_at);
    }

    std::vector<bill_record<Amount>> period_bills(billing_period period) override {
        query q(db_, TARIFF_SQLITE_BILL_SELECT " WHERE period = ?1 ORDER BY account");
        q.bind(1, to_string(period));
        return all_rows(q, bill_at);
    }

private:
    void require_open() const {
        if (!open_) {
            throw store_error(db_.where() + ": writes need a transaction (begin() first)");
        }
    }

    // True when the file already holds a ledger; store_error if it holds something else.
    bool is_ledger() {
        std::int64_t id = 0;
        std::int64_t version = 0;
        {
            query q(db_, "PRAGMA application_id");
            id = q.step() ? q.integer(0) : 0;
        }
        {
            query q(db_, "PRAGMA user_version");
            version = q.step() ? q.integer(0) : 0;
        }
        if (id == detail::sqlite::application_id && version == detail::sqlite::schema_version) {
            return true;
        }
        if (id == detail::sqlite::application_id) {
            throw store_error(db_.where() + " has ledger schema version " +
                              std::to_string(version) + "; this tariff reads version " +
                              std::to_string(detail::sqlite::schema_version));
        }
        query q(db_, "SELECT count(*) FROM sqlite_master");
        if (id != 0 || (q.step() && q.integer(0) != 0)) {
            throw store_error(db_.where() + " is an SQLite database but not a tariff ledger");
        }
        return false;
    }

    // Creates the schema in an empty file, unless another process did so first.
    void create(const std::optional<tariff::currency>& requested) {
        db_.exec("BEGIN IMMEDIATE");
        try {
            if (!is_ledger()) {
                db_.exec(detail::sqlite::schema_sql);
                query q(db_, "INSERT INTO ledger (id, currency) VALUES (1, ?1)");
                q.bind(1, requested ? requested->code : iso::USD::code).step();
                const std::string marks =
                    "PRAGMA application_id = " + std::to_string(detail::sqlite::application_id) +
                    "; PRAGMA user_version = " + std::to_string(detail::sqlite::schema_version);
                db_.exec(marks.c_str());
            }
            db_.exec("COMMIT");
        } catch (...) {
            sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    }

    std::optional<tariff::currency> stored_currency() {
        query q(db_, "SELECT currency FROM ledger WHERE id = 1");
        if (!q.step()) {
            throw store_error(db_.where() + ": the ledger row is missing");
        }
        const std::string code = q.text(0);
        const tariff::currency* found = find_currency(code);
        if (!found) {
            q.bad_value(0, detail::quote_for_message(code) + " is not an ISO 4217 currency code");
        }
        return *found;
    }

    std::string text(const Amount& amount) const {
        return format_amount(detail::ledger_amount<Amount>::to_decimal(amount), currency_);
    }

    template <class Parse>
    static auto decode(const query& q, int column, Parse parse) {
        const std::string t = q.text(column);
        try {
            return parse(t);
        } catch (const error& e) {
            q.bad_value(column, e.what());
        }
    }

    static Amount amount_at(const query& q, int column) {
        return decode(q, column,
                      [](const std::string& t) { return detail::parse_ledger_amount<Amount>(t); });
    }

    static billing_period period_at(const query& q, int column) {
        return decode(q, column, [](const std::string& t) { return billing_period::parse(t); });
    }

    static service_state state_at(const query& q, int column) {
        const std::string t = q.text(column);
        for (const service_state s :
             {service_state::inactive, service_state::active, service_state::suspended}) {
            if (t == to_string(s)) {
                return s;
            }
        }
        q.bad_value(column, detail::quote_for_message(t) + " is not a service state");
    }

    static settlement_status status_at(const query& q, int column) {
        const std::string t = q.text(column);
        for (const settlement_status s :
             {settlement_status::charged, settlement_status::quote_required}) {
            if (t == to_string(s)) {
                return s;
            }
        }
        q.bad_value(column, detail::quote_for_message(t) + " is not a settlement status");
    }

    static account_record<Amount> account_at(const query& q) {
        return account_record<Amount>{q.text(0), state_at(q, 1), amount_at(q, 2)};
    }

    static top_up_record<Amount> top_up_at(const query& q) {
        return top_up_record<Amount>{q.integer(0), q.text(1),
                                     top_up_receipt<Amount>{amount_at(q, 2), amount_at(q, 3),
                                                            amount_at(q, 4), state_at(q, 5)},
                                     q.optional_text(6)};
    }

    static prepaid_pack pack_at(const query& q) {
        const std::int64_t scale = q.integer(5);
        if (scale < 0 || scale > detail::max_quantity_scale) {
            q.bad_value(5, std::to_string(scale) + " is not a quantity scale (0 to " +
                               std::to_string(detail::max_quantity_scale) + ")");
        }
        return prepaid_pack{q.integer(0),    q.text(1),       q.text(2),
                            q.integer(3),    q.integer(4),    static_cast<int>(scale),
                            period_at(q, 6), period_at(q, 7), q.optional_text(8)};
    }

    static bill_record<Amount> bill_at(const query& q) {
        return bill_record<Amount>{
            q.text(0),
            settlement<Amount>{period_at(q, 1), status_at(q, 2), amount_at(q, 3), amount_at(q, 4),
                               amount_at(q, 5), state_at(q, 6)},
            q.text(7)};
    }

    // The first row read with `read`, or none.
    template <class Read>
    static auto first_row(query& q, Read read) -> std::optional<decltype(read(q))> {
        if (!q.step()) {
            return std::nullopt;
        }
        return read(q);
    }

    // Every row read with `read`.
    template <class Read>
    static auto all_rows(query& q, Read read) -> std::vector<decltype(read(q))> {
        std::vector<decltype(read(q))> out;
        while (q.step()) {
            out.push_back(read(q));
        }
        return out;
    }

    static std::string ref_used(const std::optional<std::string>& ref) {
        return "reference " + detail::quote_for_message(ref ? *ref : std::string()) +
               " is already used";
    }

    detail::sqlite::connection db_;
    tariff::currency currency_;
    bool open_ = false;
};

#undef TARIFF_SQLITE_TOP_UP_SELECT
#undef TARIFF_SQLITE_PACK_SELECT
#undef TARIFF_SQLITE_BILL_SELECT

}  // namespace tariff
