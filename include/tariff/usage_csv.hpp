#pragma once
/// Streaming readers for the CSV files of a billing run: usage events (`account,timestamp,calls`,
/// or `account,product,timestamp,quantity` for a catalogue) and prepaid balances
/// (`account,balance`). Bytes are fed in chunks
/// of any size and every complete row is handed to a callback as views into the input, so a
/// file of any length is read in bounded memory and a row costs no allocation. Every refusal is
/// a tariff::csv_error whose message is "FILE:LINE: reason".
///
/// The format, RFC 4180 with these decisions:
/// - Line 1 is the header, exactly `account,timestamp,calls` or `account,balance` (a UTF-8 byte
///   order mark before it is skipped). An empty input has no header and is refused.
/// - Lines end in LF or CR LF; the last one may lack it. Empty lines are skipped anywhere.
/// - A field may be quoted ("Acme, Inc."), with "" for a quote inside it; a quoted field does
///   not span lines, and a quote inside an unquoted field is refused. Nothing is trimmed.
/// - account: not empty, well-formed UTF-8, no control characters (C0, DEL, or C1 such as
///   U+0085), no leading or trailing space.
/// - timestamp: RFC 3339 with 'Z' or an offset, as tariff::parse_instant reads it.
/// - calls: plain decimal digits, 0 to 2^63-1; for a table counting steps of 10^-s units
///   (quantity scale s), a decimal with at most s fraction digits, read as a count of steps.
/// - balance: [+|-]digits[.digits] with at most the currency's minor digits; each account once.
/// - A line holds at most max_line_length bytes.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "currency.hpp"
#include "decimal.hpp"
#include "detail/number.hpp"  // parse_steps: calls and quantities
#include "detail/text.hpp"    // check_text, quote_for_message: accounts
#include "detail/words.hpp"   // plain_field_length: eight bytes at a time without SSE2
#include "error.hpp"
#include "period.hpp"

namespace tariff {

/// A bad line of a CSV file: what() is "FILE:LINE: reason".
class csv_error : public parse_error {
public:
    csv_error(std::string source, std::uint64_t line, std::string reason)
        : parse_error(source + ":" + std::to_string(line) + ": " + reason),
          source_(std::move(source)),
          line_(line),
          reason_(std::move(reason)) {}
    /// The file's name as given to the reader ("events.csv", "stdin").
    const std::string& source() const noexcept { return source_; }
    /// 1-based line number; the header is line 1.
    std::uint64_t line() const noexcept { return line_; }
    /// Why the line was refused, naming the bad value.
    const std::string& reason() const noexcept { return reason_; }

private:
    std::string source_;
    std::uint64_t line_;
    std::string reason_;
};

/// One row of an events file. The views are valid only during the callback.
struct usage_event {
    std::string_view account;
    std::string_view timestamp;  ///< as written
    instant at;
    std::int64_t calls;  ///< 0 to 2^63-1
};

/// One row of a balances file. The view is valid only during the callback.
template <class Amount>
struct balance_row {
    std::string_view account;
    Amount balance;
};

namespace detail {

/// Checks an account name: not empty, no leading or trailing space (syntax at it), and
/// check_text's rule: well-formed UTF-8, so that two different names never print alike, without
/// control characters (C0, DEL, C1).
constexpr parse_result check_account(std::string_view account) noexcept {
    if (account.empty()) return {parse_status::syntax, 0};
    if (account.front() == ' ') return {parse_status::syntax, 0};
    if (account.back() == ' ') return {parse_status::syntax, account.size() - 1};
    return check_text(account);
}

/// Why check_account refused `account`, for a message.
inline std::string_view account_defect(std::string_view account, parse_status status) noexcept {
    if (status != parse_status::syntax) return text_defect(status);
    return account.empty() ? "empty" : "leading or trailing space";
}

/// The length of the start of `text` that is printable ASCII (0x20 to 0x7E) other than a comma
/// or a quote: where a plain field, one that needs no unquoting and no UTF-8 check, ends. Reads
/// sixteen bytes at a time with SSE2, else eight, where it can.
inline std::size_t plain_field_length(std::string_view text) noexcept {
    std::size_t i = 0;
#if (defined(__GNUC__) || defined(__clang__)) && defined(__SSE2__)
    // Sixteen bytes at a time: as signed bytes, those from 0x80 are below 0x20 too.
    typedef signed char bytes16 __attribute__((vector_size(16)));
    typedef char chars16 __attribute__((vector_size(16)));
    for (; i + 16 <= text.size(); i += 16) {
        bytes16 v;
        std::memcpy(&v, text.data() + i, sizeof v);
        const auto stop = (v < 0x20) | (v == 0x7F) | (v == ',') | (v == '"');
        if (const int mask = __builtin_ia32_pmovmskb128(reinterpret_cast<chars16>(stop))) {
            return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
        }
    }
#endif
    for (; i + 8 <= text.size(); i += 8) {
        const std::uint64_t w = load_little_endian(text.data() + i);
        // Bytes from 0x80 (their high bit), below 0x20, DEL, commas and quotes.
        const std::uint64_t stop = (w & high_bits) | bytes_below(w, 0x20) | bytes_equal(w, 0x7F) |
                                   bytes_equal(w, ',') | bytes_equal(w, '"');
        if (stop != 0) return i + static_cast<std::size_t>(__builtin_ctzll(stop)) / 8;
    }
    for (; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c >= 0x7F || c == ',' || c == '"') break;
    }
    return i;
}

/// The fast path of the events readers, for the row nearly every file is made of: plain fields
/// (plain_field_length) for the account and any field before the timestamp, an account without
/// surrounding spaces and a timestamp of the common shape (parse_common_instant, remembering
/// months in `months`). Splits the start of the row at the start of `bytes` into the first
/// `Fields` - 1 fields, sets `seconds` as the general path would and returns where the last field
/// starts (row_end then finds where the row ends); returns 0 for anything else, which the general
/// path then reads (and refuses, with its messages).
template <std::size_t Fields>
std::size_t plain_row(std::string_view bytes, std::string_view (&field)[Fields],
                      std::int64_t& seconds, common_instant_months& months) noexcept {
    const char* p = bytes.data();
    const std::size_t size = bytes.size();
    std::size_t pos = 0;
    for (std::size_t f = 0; f + 2 < Fields; ++f) {
        const std::size_t length = plain_field_length(std::string_view(p + pos, size - pos));
        if (pos + length >= size || p[pos + length] != ',') return 0;
        field[f] = std::string_view(p + pos, length);
        pos += length + 1;
    }
    const std::string_view account = field[0];
    if (account.empty() || account.front() == ' ' || account.back() == ' ') return 0;
    // A timestamp of the common shape is 20 or 25 bytes of digits and separators, so the comma
    // after it is at one of two places.
    std::size_t width = 0;
    if (size > pos + 20 && p[pos + 20] == ',') {
        width = 20;
    } else if (size > pos + 25 && p[pos + 25] == ',') {
        width = 25;
    } else {
        return 0;
    }
    field[Fields - 2] = std::string_view(p + pos, width);
    if (!parse_common_instant(field[Fields - 2], seconds, months)) return 0;
    return pos + width + 1;
}

/// The length of the row in `bytes` whose last field ends at `end`, with its line ending: when
/// an LF or a CR LF follows, else 0 (the general path reads the row).
inline std::size_t row_end(std::string_view bytes, std::size_t end) noexcept {
    if (end < bytes.size() && bytes[end] == '\n') return end + 1;
    if (end + 1 < bytes.size() && bytes[end] == '\r' && bytes[end + 1] == '\n') return end + 2;
    return 0;
}

/// plain_row's last field when it is plain (plain_field_length) and ends the row: the field, and
/// the row's length with its line ending, or 0.
template <std::size_t Fields>
std::size_t plain_last_field(std::string_view bytes, std::size_t pos,
                             std::string_view (&field)[Fields]) noexcept {
    const std::string_view rest(bytes.data() + pos, bytes.size() - pos);  // pos <= size
    const std::size_t length = plain_field_length(rest);
    field[Fields - 1] = rest.substr(0, length);
    return row_end(bytes, pos + length);
}

/// Lines, headers and fields shared by the readers. `Fields` is the number of columns;
/// `Reader`, the reader itself, reads a data row with row(line, on_row).
template <std::size_t Fields, class Reader>
class csv_reader_base {
public:
    /// Reads the complete lines in `bytes`, handing each row to `on_row`; throws csv_error at
    /// the first bad one.
    template <class OnRow>
    void feed(std::string_view bytes, OnRow&& on_row) {
        auto on_line = [&](std::string_view line) {
            static_cast<Reader&>(*this).row(line, on_row);
        };
        auto fast_row = [&](std::string_view rest) {
            return static_cast<Reader&>(*this).fast_row(rest, on_row);
        };
        split(bytes, on_line, fast_row);
    }

    /// Reads the last line if it had no line ending; throws csv_error if there was no header.
    template <class OnRow>
    void finish(OnRow&& on_row) {
        auto on_line = [&](std::string_view line) {
            static_cast<Reader&>(*this).row(line, on_row);
        };
        end(on_line);
    }

    /// The longest line accepted, in bytes, line ending excluded.
    static constexpr std::size_t max_line_length = 4096;

    /// The file's name, as error messages show it.
    const std::string& source() const noexcept { return source_; }
    /// The line being read (during a callback) or the last line read.
    std::uint64_t line() const noexcept { return line_; }
    /// Data rows handed to the callback so far.
    std::uint64_t rows() const noexcept { return rows_; }

    /// Reads data rows from the first line on, as after the header: for a part of a file cut at
    /// a line start (read_usage, usage_reader.hpp). line() then counts from the part's start.
    void skip_header() noexcept { header_seen_ = true; }

    /// Throws csv_error for the current line.
    [[noreturn]] void fail(std::string reason) const {
        throw csv_error(source_, line_ == 0 ? 1 : line_, std::move(reason));
    }

protected:
    csv_reader_base(std::string source, std::string_view header)
        : source_(std::move(source)), header_(header) {}

    /// A reader's fast path: reads the data row at the start of `bytes` when it is one the reader
    /// takes without the general path (counting it with next_line first) and returns its length
    /// with the line ending; 0 leaves the row to row(). Readers without one read every row there.
    template <class OnRow>
    std::size_t fast_row(std::string_view, OnRow&) noexcept {
        return 0;
    }

    /// Counts the row a fast path reads as the next line.
    void next_line() noexcept { ++line_; }

    /// Splits `bytes` into lines, handing each complete one (ending removed) to on_line; a line
    /// cut by the end of the chunk waits in carry_ for the next chunk. Past the header, with no
    /// line waiting, each row is first offered to fast_row (the reader's fast path), limited to a
    /// line's longest length so that whatever it reads is a line the general path would read.
    template <class OnLine, class FastRow>
    void split(std::string_view bytes, OnLine& on_line, FastRow& fast_row) {
        while (!bytes.empty()) {
            if (carry_.empty() && header_seen_) {
                while (const std::size_t used = fast_row(std::string_view(
                           bytes.data(), std::min(bytes.size(), max_line_length + 1)))) {
                    bytes.remove_prefix(used);
                }
                if (bytes.empty()) return;
            }
            const std::size_t newline = bytes.find('\n');
            if (newline == std::string_view::npos) {
                // The +1 leaves room for the CR of a CR LF cut between chunks.
                if (bytes.size() > max_line_length + 1 - carry_.size()) too_long(line_ + 1);
                carry_.append(bytes);
                return;
            }
            ++line_;
            if (carry_.empty()) {
                take(bytes.substr(0, newline), on_line);
            } else {
                if (newline > max_line_length + 1 - carry_.size()) too_long(line_);
                carry_.append(bytes.substr(0, newline));
                take(carry_, on_line);
                carry_.clear();
            }
            bytes.remove_prefix(newline + 1);
        }
    }

    /// The last line if it had no line ending; then refuses an input without a header.
    template <class OnLine>
    void end(OnLine& on_line) {
        if (!carry_.empty()) {
            ++line_;
            take(carry_, on_line);
            carry_.clear();
        }
        if (!header_seen_) {
            line_ = 1;
            fail("no header: expected \"" + std::string(header_) + "\"");
        }
    }

    /// Splits a data row into exactly Fields fields, unquoting quoted ones.
    void fields_of(std::string_view line, std::string_view (&out)[Fields]) {
        if (line.find('"') == std::string_view::npos) {
            // No quotes, the common case: the fields are what lies between the commas.
            std::size_t found = 0;
            std::size_t pos = 0;
            for (;;) {
                const std::size_t comma = line.find(',', pos);
                const std::size_t end = comma == std::string_view::npos ? line.size() : comma;
                if (found < Fields) out[found] = line.substr(pos, end - pos);
                ++found;
                if (comma == std::string_view::npos) break;
                pos = comma + 1;
            }
            if (found != Fields) wrong_count(found);
            return;
        }
        std::size_t found = 0;
        std::size_t pos = 0;
        for (;;) {
            std::string_view field;
            if (pos < line.size() && line[pos] == '"') {
                field = quoted_field(line, pos, found);
            } else {
                std::size_t end = pos;
                while (end < line.size() && line[end] != ',' && line[end] != '"') ++end;
                if (end < line.size() && line[end] == '"') {
                    fail("field " + std::to_string(found + 1) +
                         ": a quote inside an unquoted field (quote the whole field and write \"\" "
                         "for a quote)");
                }
                field = line.substr(pos, end - pos);
                pos = end;
            }
            if (found < Fields) out[found] = field;
            ++found;
            if (pos == line.size()) break;
            ++pos;  // the comma; a comma at the very end starts an empty last field
        }
        if (found != Fields) wrong_count(found);
    }

    [[noreturn]] void wrong_count(std::size_t found) const {
        fail("expected " + std::to_string(Fields) + " fields (" + std::string(header_) +
             "), found " + std::to_string(found));
    }

    /// Hands a read row to the callback; a tariff::error the callback throws is reported at the
    /// row's line.
    template <class OnRow, class Row>
    void deliver(OnRow& on_row, const Row& row) {
        ++rows_;
        try {
            on_row(row);
        } catch (const csv_error&) {
            throw;
        } catch (const error& e) {
            fail(e.what());
        }
    }

    /// Refuses an account name that is not one.
    void require_account(std::string_view account) const {
        if (const parse_result checked = check_account(account); !checked) {
            fail("invalid account " + quote_for_message(account) + ": " +
                 std::string(account_defect(account, checked.status)));
        }
    }

    std::uint64_t rows_ = 0;

private:
    template <class OnLine>
    void take(std::string_view line, OnLine& on_line) {
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.size() > max_line_length) too_long(line_);
        if (!header_seen_) {
            if (line_ == 1) detail::skip_byte_order_mark(line);
            if (line != header_) {
                fail("expected the header \"" + std::string(header_) + "\", found " +
                     (line.empty() ? std::string("an empty line") : quote_for_message(line)));
            }
            header_seen_ = true;
            return;
        }
        if (line.empty()) return;
        on_line(line);
    }

    // A quoted field starting at line[pos]; leaves pos after it (at a comma or the end).
    std::string_view quoted_field(std::string_view line, std::size_t& pos, std::size_t index) {
        const std::size_t start = pos + 1;
        std::size_t from = start;
        bool unescaped = false;  // whether scratch_ holds the field
        for (;;) {
            const std::size_t quote = line.find('"', from);
            if (quote == std::string_view::npos) {
                fail("field " + std::to_string(index + 1) + ": no closing quote");
            }
            if (quote + 1 < line.size() && line[quote + 1] == '"') {
                std::string& buffer = scratch_[index < Fields ? index : Fields - 1];
                if (!unescaped)
                    buffer.assign(line.substr(start, quote + 1 - start));
                else
                    buffer.append(line.substr(from, quote + 1 - from));
                unescaped = true;
                from = quote + 2;
                continue;
            }
            pos = quote + 1;
            if (pos < line.size() && line[pos] != ',') {
                fail("field " + std::to_string(index + 1) + ": " +
                     quote_for_message(line.substr(pos, 1)) + " after the closing quote");
            }
            if (!unescaped) return line.substr(start, quote - start);
            std::string& buffer = scratch_[index < Fields ? index : Fields - 1];
            buffer.append(line.substr(from, quote - from));
            return buffer;
        }
    }

    [[noreturn]] void too_long(std::uint64_t line) const {
        throw csv_error(source_, line,
                        "line longer than " + std::to_string(max_line_length) + " bytes");
    }

    std::string source_;
    std::string_view header_;
    std::uint64_t line_ = 0;
    bool header_seen_ = false;
    std::string carry_;            // the start of a line cut by the end of a chunk
    std::string scratch_[Fields];  // unquoted fields that held "" (reused: no allocation per row)
};

/// Why `text` (read by parse_steps at `scale`) is not a call count or quantity, for a message.
inline std::string calls_defect(std::string_view text, parse_status status, int scale = 0) {
    if (scale > 0) {
        const std::string largest = fixed_digits(std::numeric_limits<std::int64_t>::max(), scale);
        const std::string digits = std::to_string(scale);
        if (text.empty()) return "empty, expected a quantity from 0 to " + largest;
        switch (status) {
            case parse_status::negative:
                return "negative; a quantity is from 0 to " + largest;
            case parse_status::overflow:
                return "larger than " + largest;
            case parse_status::too_many_fraction_digits:
                return "more than " + digits + " fraction digits (the quantity scale)";
            default:
                return "not a quantity (plain decimal digits, at most " + digits +
                       " fraction digits)";
        }
    }
    if (text.empty()) return "empty, expected a whole number from 0 to 9223372036854775807";
    switch (status) {
        case parse_status::negative:
            return "negative; calls are a whole number from 0 to 9223372036854775807";
        case parse_status::overflow:
            return "larger than 9223372036854775807";
        default:
            return "not a whole number (plain decimal digits only)";
    }
}

}  // namespace detail

namespace detail {

/// Reads `text` as an amount of `cur` into `value`: [+|-]digits[.digits] with at most the
/// currency's minor digits. Returns why it is not one, or empty.
template <class Amount>
std::string amount_defect(std::string_view text, const currency& cur, Amount& value) {
    const parse_status status = Amount::try_parse(text, value).status;
    if (status == parse_status::syntax) {
        return std::string(text.empty() ? "empty, expected " : "expected ") +
               "[+|-]digits[.digits]";
    }
    const std::size_t dot = text.find('.');
    const std::size_t fraction = dot == std::string_view::npos ? 0 : text.size() - dot - 1;
    if (status == parse_status::too_many_fraction_digits ||
        fraction > static_cast<std::size_t>(cur.minor_units)) {
        return "more than " + std::to_string(cur.minor_units) + " fraction digits (" +
               std::string(cur.code) + " has " + std::to_string(cur.minor_units) + ")";
    }
    if (status == parse_status::overflow) return "too large";
    return {};
}

}  // namespace detail

/// Reads an amount of `cur` (a top-up, a balance): [+|-]digits[.digits] with at most the
/// currency's minor digits, into Amount, a decimal type with at least that many. Throws
/// parse_error naming it: "invalid <what> "1.005": more than 2 fraction digits (USD has 2)".
template <class Amount>
Amount parse_amount(std::string_view text, const currency& cur, std::string_view what = "amount") {
    Amount value;
    const std::string why = detail::amount_defect(text, cur, value);
    if (!why.empty()) {
        throw parse_error("invalid " + std::string(what) + " " + detail::quote_for_message(text) +
                          ": " + why);
    }
    return value;
}

/// Reads an events file, `account,timestamp,calls`, handing each row to a callback.
/// Feed the bytes in chunks of any size, then call finish(); the callback runs once per data
/// row, in order. A tariff::error the callback throws is reported at the row's line too.
class usage_csv_reader : public detail::csv_reader_base<3, usage_csv_reader> {
public:
    static constexpr std::string_view header = "account,timestamp,calls";

    /// `source` names the file in error messages; calls count steps of 10^-quantity_scale units
    /// (0: whole numbers).
    explicit usage_csv_reader(std::string source, int quantity_scale = 0)
        : csv_reader_base(std::move(source), header), scale_(quantity_scale) {}

private:
    friend class detail::csv_reader_base<3, usage_csv_reader>;

    template <class OnEvent>
    std::size_t fast_row(std::string_view bytes, OnEvent& on_event) {
        std::string_view field[3];
        std::int64_t seconds = 0;
        std::int64_t calls = 0;
        const std::size_t pos = detail::plain_row(bytes, field, seconds, months_);
        if (pos == 0) return 0;
        // Calls of plain digits end the row at their end (at scale 0 a whole number is its
        // digits); anything else is read as a field.
        const std::string_view rest(bytes.data() + pos, bytes.size() - pos);  // pos <= size
        const std::size_t digits = detail::read_digits(rest, calls);
        std::size_t used = scale_ == 0 && digits > 0 ? detail::row_end(bytes, pos + digits) : 0;
        if (used != 0) {
            field[2] = rest.substr(0, digits);
        } else if ((used = detail::plain_last_field(bytes, pos, field)) == 0 ||
                   !detail::parse_steps(field[2], scale_, calls)) {
            return 0;
        }
        next_line();
        const usage_event event{field[0], field[1], instant(std::chrono::seconds(seconds)), calls};
        this->deliver(on_event, event);
        return used;
    }

    template <class OnEvent>
    void row(std::string_view line, OnEvent& on_event) {
        std::string_view field[3];
        fields_of(line, field);
        require_account(field[0]);
        usage_event event{field[0], field[1], instant(), 0};
        try {
            event.at = parse_instant(field[1]);
        } catch (const parse_error& e) {
            fail(e.what());
        }
        if (const parse_result read = detail::parse_steps(field[2], scale_, event.calls); !read) {
            fail("invalid calls " + detail::quote_for_message(field[2]) + ": " +
                 detail::calls_defect(field[2], read.status, scale_));
        }
        this->deliver(on_event, static_cast<const usage_event&>(event));
    }

    int scale_;
    detail::common_instant_months months_;
};

/// One row of a catalogue's events file. The views are valid only during the callback; the
/// quantity is handed over as text, since the product's quantity scale decides how it reads
/// (read_quantity).
struct product_usage_event {
    std::string_view account;
    std::string_view product;
    std::string_view timestamp;  ///< as written
    instant at;
    std::string_view quantity;  ///< as written
};

/// Reads a quantity of a product counting steps of 10^-scale units: plain decimal digits with
/// at most `scale` fraction digits, 0 to 2^63-1 steps. Throws parse_error naming it.
inline std::int64_t read_quantity(std::string_view text, int scale) {
    std::int64_t steps = 0;
    if (const parse_result read = detail::parse_steps(text, scale, steps); !read) {
        throw parse_error("invalid quantity " + detail::quote_for_message(text) + ": " +
                          detail::calls_defect(text, read.status, scale));
    }
    return steps;
}

/// Reads a catalogue's events file, `account,product,timestamp,quantity`, handing each row to a
/// callback (which reads the quantity at the product's scale). Feed the bytes in chunks of any
/// size, then call finish(); a tariff::error the callback throws is reported at the row's line.
class product_usage_csv_reader : public detail::csv_reader_base<4, product_usage_csv_reader> {
public:
    static constexpr std::string_view header = "account,product,timestamp,quantity";

    /// `source` names the file in error messages.
    explicit product_usage_csv_reader(std::string source)
        : csv_reader_base(std::move(source), header) {}

private:
    friend class detail::csv_reader_base<4, product_usage_csv_reader>;

    template <class OnEvent>
    std::size_t fast_row(std::string_view bytes, OnEvent& on_event) {
        std::string_view field[4];
        std::int64_t seconds = 0;
        const std::size_t pos = detail::plain_row(bytes, field, seconds, months_);
        const std::size_t used = pos == 0 ? 0 : detail::plain_last_field(bytes, pos, field);
        if (used == 0) return 0;
        next_line();
        const product_usage_event event{field[0], field[1], field[2],
                                        instant(std::chrono::seconds(seconds)), field[3]};
        this->deliver(on_event, event);
        return used;
    }

    template <class OnEvent>
    void row(std::string_view line, OnEvent& on_event) {
        std::string_view field[4];
        fields_of(line, field);
        require_account(field[0]);
        product_usage_event event{field[0], field[1], field[2], instant(), field[3]};
        try {
            event.at = parse_instant(field[2]);
        } catch (const parse_error& e) {
            fail(e.what());
        }
        this->deliver(on_event, static_cast<const product_usage_event&>(event));
    }

    detail::common_instant_months months_;
};

/// Reads a balances file, `account,balance`, handing each row to a callback. Amount is a
/// decimal type with at least the currency's minor digits; a balance may be negative (arrears).
/// An account named twice is refused, at its second line.
template <class Amount>
class balances_csv_reader : public detail::csv_reader_base<2, balances_csv_reader<Amount>> {
public:
    static constexpr std::string_view header = "account,balance";

    /// Balances in `cur`, at most cur.minor_units fraction digits. Throws invalid_argument if
    /// Amount has fewer fraction digits than the currency.
    balances_csv_reader(std::string source, currency cur)
        : detail::csv_reader_base<2, balances_csv_reader>(std::move(source), header),
          currency_(cur) {
        if (cur.minor_units > Amount::scale) {
            throw invalid_argument(
                std::string(cur.code) + " needs " + std::to_string(cur.minor_units) +
                " fraction digits; the balance type has " + std::to_string(Amount::scale));
        }
    }

private:
    friend class detail::csv_reader_base<2, balances_csv_reader<Amount>>;

    template <class OnBalance>
    void row(std::string_view line, OnBalance& on_balance) {
        std::string_view field[2];
        this->fields_of(line, field);
        this->require_account(field[0]);
        balance_row<Amount> parsed{field[0], parse_balance(field[1])};
        const auto seen = lines_.find(field[0]);
        if (seen != lines_.end()) {
            this->fail("account " + detail::quote_for_message(field[0]) +
                       " already has a balance on line " + std::to_string(seen->second));
        }
        lines_.emplace(std::string(field[0]), this->line());
        this->deliver(on_balance, static_cast<const balance_row<Amount>&>(parsed));
    }

    Amount parse_balance(std::string_view text) const {
        Amount value;
        const std::string why = detail::amount_defect(text, currency_, value);
        if (!why.empty())
            this->fail("invalid balance " + detail::quote_for_message(text) + ": " + why);
        return value;
    }

    currency currency_;
    std::map<std::string, std::uint64_t, std::less<>> lines_;  // account -> its line
};

}  // namespace tariff
