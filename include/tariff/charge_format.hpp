#pragma once
/// A charge as an invoice a customer can check line by line (to_text) and as one JSON object
/// (to_json). The JSON is written by hand, so this header needs nothing beyond the standard
/// library and stays cheap to include.
///
/// JSON fields: quantity, status, currency, total, mode, billable, subtotal, adjustment, lines,
/// and "guard" when a guarded table capped the total.
/// Quantities are JSON integers (decimal quantities are strings, "1500.250"); money is a string
/// ("6000.00"): totals with exactly the currency's minor digits, unit prices and fees with at
/// least as many and no trailing zeros beyond them. A quote_required charge has "total": null.
/// An unbounded tier has "up_to": null.

#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "charge.hpp"

namespace tariff {

/// Appends `text` as a JSON string literal. Quotes, backslashes and control characters are
/// escaped; bytes that are not well-formed UTF-8 become U+FFFD, so the output is always valid.
inline void append_json_string(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            switch (c) {
                case '"':
                    out += "\\\"";
                    break;
                case '\\':
                    out += "\\\\";
                    break;
                case '\b':
                    out += "\\b";
                    break;
                case '\f':
                    out += "\\f";
                    break;
                case '\n':
                    out += "\\n";
                    break;
                case '\r':
                    out += "\\r";
                    break;
                case '\t':
                    out += "\\t";
                    break;
                default:
                    if (c < 0x20) {
                        out += "\\u00";
                        out.push_back(hex[c >> 4]);
                        out.push_back(hex[c & 0xF]);
                    } else {
                        out.push_back(static_cast<char>(c));
                    }
            }
            ++i;
            continue;
        }
        // Length of the sequence and the range its second byte must lie in (RFC 3629: no
        // overlong forms, no surrogates, nothing above U+10FFFF).
        std::size_t length = 0;
        unsigned char low = 0x80, high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF)
            length = 2;
        else if (c == 0xE0)
            length = 3, low = 0xA0;
        else if (c >= 0xE1 && c <= 0xEC)
            length = 3;
        else if (c == 0xED)
            length = 3, high = 0x9F;
        else if (c >= 0xEE && c <= 0xEF)
            length = 3;
        else if (c == 0xF0)
            length = 4, low = 0x90;
        else if (c >= 0xF1 && c <= 0xF3)
            length = 4;
        else if (c == 0xF4)
            length = 4, high = 0x8F;
        bool ok = length != 0 && i + length <= n;
        for (std::size_t k = 1; ok && k < length; ++k) {
            const auto b = static_cast<unsigned char>(text[i + k]);
            ok = k == 1 ? (b >= low && b <= high) : (b >= 0x80 && b <= 0xBF);
        }
        if (ok) {
            out.append(text.substr(i, length));
            i += length;
        } else {
            out += "\\ufffd";
            ++i;
        }
    }
    out.push_back('"');
}

/// `text` as a JSON string literal (see append_json_string).
inline std::string json_string(std::string_view text) {
    std::string out;
    append_json_string(out, text);
    return out;
}

/// What the invoice text says around the numbers.
struct text_options {
    std::string_view title;  ///< e.g. the price book's name; omitted when empty
    std::string_view unit;   ///< e.g. "call" (printed "calls"); omitted when empty
};

namespace detail {

/// The wider of two column widths (std::max without <algorithm>, which the umbrella avoids).
constexpr std::size_t widest(std::size_t a, std::size_t b) noexcept { return a < b ? b : a; }

template <class Q>
std::string quantity_string(const Q& q) {
    if constexpr (is_decimal<Q>::value)
        return to_string(q);
    else
        return quantity_traits<Q>::text(q);
}

template <class Q>
void append_json_quantity(std::string& out, const Q& q) {
    if constexpr (is_decimal<Q>::value)
        append_json_string(out, to_string(q));
    else
        out += quantity_traits<Q>::text(q);
}

/// A line amount: exact minor digits when it is at the currency's precision (always so in line
/// scope), otherwise every digit it has (total scope keeps lines exact).
template <int Scale, class Rep>
std::string line_amount_text(const decimal<Scale, Rep>& amount, const currency& cur) {
    return format_price(amount, cur);
}

/// "calls" for "call": a plural `s` only for a lower-case word that does not end in s.
inline std::string unit_text(std::string_view unit, bool one) {
    std::string s(unit);
    if (one || s.empty() || s.back() == 's') return s;
    for (char c : s) {
        if (c < 'a' || c > 'z') return s;
    }
    return s + "s";
}

template <class Line>
std::string range_text(const Line& line) {
    const bool first = line.tier == 0;
    if (!line.up_to) return first ? std::string("all") : "over " + quantity_string(line.from);
    const std::string up = "up to " + quantity_string(*line.up_to);
    return first ? up : "over " + quantity_string(line.from) + " " + up;
}

inline std::string pad_right(std::string s, std::size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

inline std::string pad_left(const std::string& s, std::size_t width) {
    return s.size() < width ? std::string(width - s.size(), ' ') + s : s;
}

}  // namespace detail

/// The charge as one JSON object on one line, without a trailing newline:
/// {"quantity": 20000, "status": "priced", "currency": "USD", "total": "6000.00", "mode":
/// "volume", "billable": 20000, "subtotal": "6000.00", "adjustment": null, "lines": [{"tier": 2,
/// "from": 10000, "up_to": 100000, "units": 20000, "quote": false, "unit_price": "0.30",
/// "flat_fee": "0.00", "amount": "6000.00"}]}
template <class Table>
std::string to_json(const charge<Table>& c) {
    const currency& cur = c.currency;
    std::string out = "{\"quantity\": ";
    detail::append_json_quantity(out, c.quantity);
    out += ", \"status\": ";
    append_json_string(out, to_string_view(c.status));
    out += ", \"currency\": ";
    append_json_string(out, cur.code);
    out += ", \"total\": ";
    if (c.total)
        append_json_string(out, format_amount(*c.total, cur));
    else
        out += "null";
    out += ", \"mode\": ";
    append_json_string(out, to_string_view(c.mode));
    out += ", \"billable\": ";
    detail::append_json_quantity(out, c.billable);
    out += ", \"subtotal\": ";
    if (c.subtotal)
        append_json_string(out, format_amount(*c.subtotal, cur));
    else
        out += "null";
    out += ", \"adjustment\": ";
    if (c.adjustment) {
        out += "{\"kind\": ";
        append_json_string(out,
                           c.adjustment->kind == adjustment_kind::minimum ? "minimum" : "maximum");
        out += ", \"limit\": ";
        append_json_string(out, format_amount(c.adjustment->limit, cur));
        out += ", \"amount\": ";
        append_json_string(out, format_amount(c.adjustment->amount, cur));
        out += "}";
    } else {
        out += "null";
    }
    if (c.guard) {  // only on guarded tables, when the guard lowered the total
        out += ", \"guard\": {\"quantity\": ";
        detail::append_json_quantity(out, c.guard->quantity);
        out += ", \"limit\": ";
        append_json_string(out, format_amount(c.guard->limit, cur));
        out += ", \"amount\": ";
        append_json_string(out, format_amount(c.guard->amount, cur));
        out += "}";
    }
    out += ", \"lines\": [";
    bool first = true;
    for (const auto& line : c) {
        if (!first) out += ", ";
        first = false;
        out += "{\"tier\": " + std::to_string(line.tier) + ", \"from\": ";
        detail::append_json_quantity(out, line.from);
        out += ", \"up_to\": ";
        if (line.up_to)
            detail::append_json_quantity(out, *line.up_to);
        else
            out += "null";
        out += ", \"units\": ";
        detail::append_json_quantity(out, line.units);
        out += line.quote ? ", \"quote\": true" : ", \"quote\": false";
        if (line.quote) {
            out += ", \"unit_price\": null, \"flat_fee\": null, \"amount\": null}";
            continue;
        }
        out += ", \"unit_price\": ";
        append_json_string(out, format_price(line.unit_price, cur));
        out += ", \"flat_fee\": ";
        append_json_string(out, format_price(line.flat_fee, cur));
        out += ", \"amount\": ";
        append_json_string(out, detail::line_amount_text(line.amount, cur));
        out += "}";
    }
    out += "]}";
    return out;
}

/// The charge as an invoice, one row per tier used, ending in a newline:
///
///     FaceID liveness face comparison: 20000 calls (volume, USD)
///       tiers[2]  over 10000 up to 100000  20000 x 0.30  6000.00
///       total                                            6000.00 USD
///
/// A row "billable" appears when a package transform changed the quantity, "subtotal" when
/// there are several lines or an adjustment, "minimum"/"maximum" for an adjustment.
template <class Table>
std::string to_text(const charge<Table>& c, const text_options& options = {}) {
    const currency& cur = c.currency;
    struct row {
        std::string label, range, detail, amount;
    };
    std::vector<row> rows;
    auto amount_sum = typename charge<Table>::amount_type();
    for (const auto& line : c) {
        std::string detail = detail::quantity_string(line.units) + " x ";
        std::string amount;
        if (line.quote) {
            detail += "contact sales";
            amount = "-";
        } else {
            detail += format_price(line.unit_price, cur);
            if (!line.flat_fee.is_zero()) detail += " + " + format_price(line.flat_fee, cur);
            amount = detail::line_amount_text(line.amount, cur);
            // Only a priced charge's lines are summed: rate() has added them up without
            // overflow. A quote's priced lines were never added and may not fit their sum.
            if (c.subtotal) amount_sum += line.amount;
        }
        rows.push_back(
            {"tiers[" + std::to_string(line.tier) + "]", detail::range_text(line), detail, amount});
    }
    std::vector<row> tail;
    if (c.subtotal &&
        (c.line_count() > 1 || c.adjustment || c.guard || amount_sum != *c.subtotal)) {
        tail.push_back({"subtotal", "", "", format_amount(*c.subtotal, cur)});
    }
    if (c.adjustment) {
        const bool minimum = c.adjustment->kind == adjustment_kind::minimum;
        const std::string amount = format_amount(c.adjustment->amount, cur);
        tail.push_back({minimum ? "minimum" : "maximum",
                        (minimum ? "monthly minimum " : "monthly maximum ") +
                            format_amount(c.adjustment->limit, cur),
                        "", amount[0] == '-' ? amount : "+" + amount});
    }
    if (c.guard) {
        tail.push_back(
            {"guard",
             "capped at the charge for " + detail::quantity_string(c.guard->quantity) +
                 (options.unit.empty() ? "" : " " + detail::unit_text(options.unit, false)),
             "", format_amount(c.guard->amount, cur)});
    }
    if (c.total)
        tail.push_back(
            {"total", "", "", format_amount(*c.total, cur) + " " + std::string(cur.code)});
    else
        tail.push_back({"total", "quote required (contact sales)", "", ""});

    // Columns: label, range, detail (tier rows only), then amounts aligned on the right. The
    // currency code after the total sticks out past the amount column.
    std::size_t label_w = 0, range_w = 0, detail_w = 0, text_w = 0, amount_w = 0;
    for (const row& r : rows) {
        range_w = detail::widest(range_w, r.range.size());
        detail_w = detail::widest(detail_w, r.detail.size());
    }
    const std::size_t code_w = c.total ? cur.code.size() + 1 : 0;
    for (const row& r : rows) {
        label_w = detail::widest(label_w, r.label.size());
        amount_w = detail::widest(amount_w, r.amount.size());
    }
    text_w = rows.empty() ? 0 : range_w + 2 + detail_w;
    for (const row& r : tail) {
        label_w = detail::widest(label_w, r.label.size());
        text_w = detail::widest(text_w, r.range.size());
        const bool total = r.label == "total";
        amount_w =
            detail::widest(amount_w, total && c.total ? r.amount.size() - code_w : r.amount.size());
    }

    std::string out;
    if (!options.title.empty()) out.append(options.title).append(": ");
    out += detail::quantity_string(c.quantity);
    if (!options.unit.empty()) {
        const bool one = detail::quantity_string(c.quantity) == "1";
        out.append(" ").append(detail::unit_text(options.unit, one));
    }
    out.append(" (").append(to_string_view(c.mode)).append(", ").append(cur.code).append(")\n");
    if (c.billable != c.quantity) {
        out += "  billable " + detail::quantity_string(c.billable) + " (whole packages)\n";
    }
    auto emit = [&](const std::string& label, const std::string& text, const std::string& amount,
                    std::size_t width) {
        std::string line = "  " + detail::pad_right(label, label_w) + "  " +
                           detail::pad_right(text, text_w) + "  " + detail::pad_left(amount, width);
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    };
    for (const row& r : rows) {
        emit(r.label, detail::pad_right(r.range, range_w) + "  " + r.detail, r.amount, amount_w);
    }
    for (const row& r : tail) {
        const bool total = r.label == "total";
        emit(r.label, r.range, r.amount, total && c.total ? amount_w + code_w : amount_w);
    }
    return out;
}

}  // namespace tariff
