#pragma once
/// A charge as an invoice a customer can check line by line (to_text) and as one JSON object
/// (to_json). The JSON goes through tariff's one writer (detail/json_writer.hpp), which needs
/// nothing beyond the standard library, so this header stays cheap to include.
///
/// JSON fields: quantity, status, currency, total, mode, "free" when the table has free units,
/// billable, subtotal, adjustment, lines, and "guard" when a guarded table capped the total.
/// Quantities are JSON integers, or JSON numbers with exactly quantity_scale fraction digits
/// (1.500) for a table counting steps; decimal quantity types are strings, "1500.250"; money is a
/// string
/// ("6000.00"): totals with exactly the currency's minor digits, unit prices and fees with at
/// least as many and no trailing zeros beyond them. A quote_required charge has "total": null.
/// An unbounded tier has "up_to": null.

#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "charge.hpp"
#include "detail/formatting.hpp"   // append_aligned: the one padding code
#include "detail/json_writer.hpp"  // json_writer, append_json_string, json_string

namespace tariff {

/// What the invoice text says around the numbers.
struct text_options {
    std::string_view title;  ///< e.g. the price book's name; omitted when empty
    std::string_view unit;   ///< e.g. "call" (printed "calls"); omitted when empty
    /// The unit's plural when English has no regular one ("person": "people"); empty: the
    /// regular plural of `unit` (see detail::unit_text).
    std::string_view unit_plural{};
};

namespace detail {

/// The wider of two column widths (std::max without <algorithm>, which the umbrella avoids).
constexpr std::size_t widest(std::size_t a, std::size_t b) noexcept { return a < b ? b : a; }

/// A quantity as charges print it: an integer count of steps of 10^-scale units with exactly
/// `scale` fraction digits, a decimal quantity as it prints.
template <class Q>
std::string quantity_string(const Q& q, int scale = 0) {
    if constexpr (is_decimal<Q>::value)
        return to_string(q);
    else
        return scale > 0 ? fixed_digits(q, scale) : quantity_traits<Q>::text(q);
}

/// A quantity in JSON: a number for counts (with `scale` fraction digits), a string for a
/// decimal quantity type.
template <class Q>
void write_quantity(json_writer& out, const Q& q, int scale = 0) {
    if constexpr (is_decimal<Q>::value)
        out.string(to_string(q));
    else
        out.number(quantity_string(q, scale));
}

/// A line amount: exact minor digits when it is at the currency's precision (always so in line
/// scope), otherwise every digit it has (total scope keeps lines exact).
template <int Scale, class Rep>
std::string line_amount_text(const decimal<Scale, Rep>& amount, const currency& cur) {
    return format_price(amount, cur);
}

/// The name of `unit` for one unit or for several. Several: `plural` when given, else the
/// regular English plural of the unit's last word (after a space or '-') when that word is
/// lower-case ASCII letters: "call" -> "calls", "box" -> "boxes", "query" -> "queries",
/// "GB-hour" -> "GB-hours". A unit whose last word is anything else (a symbol such as "GB")
/// stays as it is. Irregular words ("person", "child", "analysis") need the book's unit_plural.
inline std::string unit_text(std::string_view unit, bool one, std::string_view plural = {}) {
    if (one || unit.empty()) return std::string(unit);
    if (!plural.empty()) return std::string(plural);
    const std::size_t cut = unit.find_last_of(" -");
    const std::string_view word = unit.substr(cut == std::string_view::npos ? 0 : cut + 1);
    if (word.empty()) return std::string(unit);
    for (const char c : word) {
        if (c < 'a' || c > 'z') return std::string(unit);
    }
    auto ends_with = [&](std::string_view end) {
        return word.size() >= end.size() && word.substr(word.size() - end.size()) == end;
    };
    const std::string_view vowels = "aeiou";
    std::string out(unit);
    if (word.size() > 1 && word.back() == 'y' &&
        vowels.find(word[word.size() - 2]) == std::string_view::npos) {
        out.back() = 'i';
        return out + "es";  // query -> queries, but day -> days
    }
    if (ends_with("s") || ends_with("x") || ends_with("z") || ends_with("ch") || ends_with("sh"))
        return out + "es";  // box -> boxes, batch -> batches
    return out + "s";
}

template <class Line>
std::string range_text(const Line& line, int scale) {
    const bool first = line.tier == 0;
    if (!line.up_to)
        return first ? std::string("all") : "over " + quantity_string(line.from, scale);
    const std::string up = "up to " + quantity_string(*line.up_to, scale);
    return first ? up : "over " + quantity_string(line.from, scale) + " " + up;
}

/// `s` padded with spaces to `width` columns (detail/formatting.hpp): left- or right-aligned.
inline std::string pad_right(const std::string& s, std::size_t width) {
    std::string out;
    append_aligned(out, s, width, text_align::left);
    return out;
}

inline std::string pad_left(const std::string& s, std::size_t width) {
    std::string out;
    append_aligned(out, s, width, text_align::right);
    return out;
}

}  // namespace detail

namespace detail {
template <class Table>
void write_lines(json_writer& w, const charge<Table>& c);
}  // namespace detail

/// The charge as one JSON object on one line, without a trailing newline:
/// {"quantity": 20000, "status": "priced", "currency": "USD", "total": "6000.00", "mode":
/// "volume", "billable": 20000, "subtotal": "6000.00", "adjustment": null, "lines": [{"tier": 2,
/// "from": 10000, "up_to": 100000, "units": 20000, "quote": false, "unit_price": "0.30",
/// "flat_fee": "0.00", "amount": "6000.00"}]}
template <class Table>
std::string to_json(const charge<Table>& c) {
    using detail::json_writer;
    constexpr auto one_line = json_writer::layout::inline_spaced;
    const currency& cur = c.currency;
    std::string out;
    json_writer w(out);
    auto amount_or_null = [&](std::string_view name, const auto& amount) {
        w.key(name);
        if (amount)
            w.string(format_amount(*amount, cur));
        else
            w.null();
    };
    const int scale = c.quantity_scale;
    w.begin_object(one_line).key("quantity");
    detail::write_quantity(w, c.quantity, scale);
    w.member("status", to_string_view(c.status)).member("currency", cur.code);
    amount_or_null("total", c.total);
    w.member("mode", to_string_view(c.mode));
    if (c.free) {  // only on tables with free units
        w.key("free");
        detail::write_quantity(w, *c.free, scale);
    }
    w.key("billable");
    detail::write_quantity(w, c.billable, scale);
    amount_or_null("subtotal", c.subtotal);
    w.key("adjustment");
    if (c.adjustment) {
        w.begin_object(one_line)
            .member("kind", to_string_view(c.adjustment->kind))
            .member("limit", format_amount(c.adjustment->limit, cur))
            .member("amount", format_amount(c.adjustment->amount, cur))
            .end_object();
    } else {
        w.null();
    }
    if (c.guard) {  // only on guarded tables, when the guard lowered the total
        w.key("guard").begin_object(one_line).key("quantity");
        detail::write_quantity(w, c.guard->quantity, scale);
        w.member("limit", format_amount(c.guard->limit, cur))
            .member("amount", format_amount(c.guard->amount, cur))
            .end_object();
    }
    w.key("lines");
    detail::write_lines(w, c);
    w.end_object();
    return out;
}

namespace detail {

/// The lines of a charge as a JSON array (to_json's "lines"; bills with products write them the
/// same way).
template <class Table>
void write_lines(json_writer& w, const charge<Table>& c) {
    constexpr auto one_line = json_writer::layout::inline_spaced;
    const currency& cur = c.currency;
    const int scale = c.quantity_scale;
    w.begin_array(one_line);
    for (const auto& line : c) {
        w.begin_object(one_line).key("tier").number(std::to_string(line.tier)).key("from");
        write_quantity(w, line.from, scale);
        w.key("up_to");
        if (line.up_to)
            write_quantity(w, *line.up_to, scale);
        else
            w.null();
        w.key("units");
        write_quantity(w, line.units, scale);
        w.key("quote").boolean(line.quote);
        if (line.quote) {
            w.key("unit_price").null().key("flat_fee").null().key("amount").null();
        } else {
            w.member("unit_price", format_price(line.unit_price, cur))
                .member("flat_fee", format_price(line.flat_fee, cur))
                .member("amount", line_amount_text(line.amount, cur));
        }
        w.end_object();
    }
    w.end_array();
}

}  // namespace detail

/// The charge as an invoice, one row per tier used, ending in a newline:
///
///     FaceID liveness face comparison: 20000 calls (volume, USD)
///       tiers[2]  over 10000 up to 100000  20000 x 0.30  6000.00
///       total                                            6000.00 USD
///
/// A row "free" appears when the table has free units, "billable" when free units or a package
/// transform changed the quantity, "subtotal" when there are several lines or an adjustment,
/// "minimum"/"maximum" for an adjustment.
template <class Table>
std::string to_text(const charge<Table>& c, const text_options& options = {}) {
    const currency& cur = c.currency;
    const int scale = c.quantity_scale;
    auto quantity_text = [scale](const auto& q) { return detail::quantity_string(q, scale); };
    struct row {
        std::string label, range, detail, amount;
    };
    std::vector<row> rows;
    auto amount_sum = typename charge<Table>::amount_type();
    for (const auto& line : c) {
        std::string detail = quantity_text(line.units) + " x ";
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
        rows.push_back({"tiers[" + std::to_string(line.tier) + "]", detail::range_text(line, scale),
                        detail, amount});
    }
    std::vector<row> tail;
    if (c.subtotal &&
        (c.line_count() > 1 || c.adjustment || c.guard || amount_sum != *c.subtotal)) {
        tail.push_back({"subtotal", "", "", format_amount(*c.subtotal, cur)});
    }
    if (c.adjustment) {
        const std::string kind(to_string_view(c.adjustment->kind));
        const std::string amount = format_amount(c.adjustment->amount, cur);
        tail.push_back({kind, "monthly " + kind + " " + format_amount(c.adjustment->limit, cur), "",
                        amount[0] == '-' ? amount : "+" + amount});
    }
    if (c.guard) {
        tail.push_back({"guard",
                        "capped at the charge for " + quantity_text(c.guard->quantity) +
                            (options.unit.empty()
                                 ? ""
                                 : " " + detail::unit_text(options.unit,
                                                           quantity_text(c.guard->quantity) == "1",
                                                           options.unit_plural)),
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
    out += quantity_text(c.quantity);
    if (!options.unit.empty()) {
        const bool one = quantity_text(c.quantity) == "1";
        out.append(" ").append(detail::unit_text(options.unit, one, options.unit_plural));
    }
    out.append(" (").append(to_string_view(c.mode)).append(", ").append(cur.code).append(")\n");
    if (c.free) out += "  free " + quantity_text(*c.free) + " (monthly allowance)\n";
    if (c.billable != c.quantity) {
        // Whole packages, unless the free units alone explain the difference.
        const bool packaged = !c.free || c.billable != c.quantity - *c.free;
        out += "  billable " + quantity_text(c.billable) + (packaged ? " (whole packages)" : "") +
               "\n";
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
