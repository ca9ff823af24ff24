#pragma once
// Helpers for the SQLite store tests: a temporary directory removed afterwards, a plain SQLite
// connection for looking at a database the way any other program would, and a small ledger.
#include <sqlite3.h>
#include <stdlib.h>  // mkdtemp

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>
#include <tariff/sqlite.hpp>
#include <vector>

// A fresh directory under $TMPDIR (default /tmp), removed with everything in it.
class temp_dir {
public:
    temp_dir() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern = std::string(base && *base ? base : "/tmp") + "/tariff-ledger-XXXXXX";
        std::vector<char> buffer(pattern.begin(), pattern.end());
        buffer.push_back('\0');
        if (mkdtemp(buffer.data()) == nullptr) {
            throw std::runtime_error("cannot create a directory like " + pattern);
        }
        path_ = buffer.data();
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    ~temp_dir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }

    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

// A plain connection (the file is created if missing): SQL in, rows out as text.
class raw_db {
public:
    explicit raw_db(const std::string& path) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                            nullptr) != SQLITE_OK) {
            const std::string why = sqlite3_errmsg(db_);
            sqlite3_close(db_);
            throw std::runtime_error("cannot open " + path + ": " + why);
        }
    }
    raw_db(const raw_db&) = delete;
    raw_db& operator=(const raw_db&) = delete;
    ~raw_db() { sqlite3_close(db_); }

    // The result code of running `sql`.
    int exec(const std::string& sql) {
        return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
    }

    // Every row's columns joined by '|', rows joined by '\n'.
    std::string rows(const std::string& sql) {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
            throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
        }
        std::string out;
        int rc = 0;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            if (!out.empty()) out += '\n';
            for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
                if (i > 0) out += '|';
                const auto* text = sqlite3_column_text(stmt, i);
                out += text ? reinterpret_cast<const char*>(text) : "NULL";
            }
        }
        sqlite3_finalize(stmt);
        if (rc != SQLITE_DONE) {
            throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
        }
        return out;
    }

private:
    sqlite3* db_ = nullptr;
};

// Creates the ledger file `path` with account "acme" activated and topped up with `balance`.
inline void create_acme_ledger(const std::string& path, const char* balance) {
    using amount = tariff::decimal<2>;
    tariff::sqlite_store<amount> store(path);
    tariff::ledger<amount> books(store);
    books.activate("acme");
    books.top_up("acme", amount::parse(balance));
}
