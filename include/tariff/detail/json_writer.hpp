#pragma once
// The one JSON writer. Charges (to_json), bills (append_json), price books (write_price_book)
// and Stripe prices (write_stripe_price) are all written through json_writer; nlohmann/json is
// only ever the reader. Three layouts cover every output tariff writes:
//   inline_spaced  {"a": 1, "b": [1, 2]}       one line, as charges and bills are written
//   compact        {"a":1,"b":[1,2]}           one line without spaces (nlohmann's dump(-1))
//   lines          one member per line, indented (nlohmann's dump(indent))
// Numbers are written from their exact decimal text, never from a double.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text.hpp"

namespace tariff {

namespace detail {

/// Appends the characters of `text` to a JSON string literal (without the quotes): '"', '\\'
/// and control characters (C0 and C1) escaped, bytes that are not well-formed UTF-8 replaced
/// by U+FFFD, so that the output is always valid JSON and valid UTF-8.
inline void append_json_characters(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    auto escape_u = [&](unsigned code) {
        out += "\\u00";
        out.push_back(hex[code >> 4]);
        out.push_back(hex[code & 0xF]);
    };
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t length = utf8_length(text, i);
        if (length == 0) {
            out += "\\ufffd";
            ++i;
            continue;
        }
        if (length == 2 && is_control(text, i, length)) {  // C1: U+0080 to U+009F
            escape_u(static_cast<unsigned char>(text[i + 1]));
        } else if (length > 1) {
            out.append(text, i, length);
        } else {
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
                    if (c < 0x20)
                        escape_u(c);
                    else
                        out.push_back(static_cast<char>(c));
            }
        }
        i += length;
    }
}

}  // namespace detail

/// Appends `text` as a JSON string literal. Quotes, backslashes and control characters (C0 and
/// C1) are escaped; bytes that are not well-formed UTF-8 become U+FFFD, so the output is always
/// valid.
inline void append_json_string(std::string& out, std::string_view text) {
    out.push_back('"');
    detail::append_json_characters(out, text);
    out.push_back('"');
}

/// `text` as a JSON string literal (see append_json_string).
inline std::string json_string(std::string_view text) {
    std::string out;
    append_json_string(out, text);
    return out;
}

namespace detail {

/// Input echoed in JSON output: a JSON string of at most echo_limit bytes of `text`, ending in
/// "…" inside the string when cut. The JSON counterpart of quote_for_message.
inline std::string json_quote_for_message(std::string_view text) {
    const std::size_t shown = echo_length(text);
    std::string out = "\"";
    append_json_characters(out, text.substr(0, shown));
    if (shown < text.size()) out += "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
    out += '"';
    return out;
}

/// Writes one JSON value into a string, member by member. The caller keeps the structure right
/// (a key before each member value, containers closed in order); the writer places separators,
/// line breaks and indentation.
class json_writer {
public:
    enum class layout {
        inline_spaced,  ///< {"a": 1, "b": 2}
        compact,        ///< {"a":1,"b":2}
        lines,          ///< one member per line, indented by the writer's indent
    };

    /// Appends to `out`; `indent` spaces per level in the lines layout.
    explicit json_writer(std::string& out, int indent = 2) : out_(out), indent_(indent) {}

    json_writer& begin_object(layout l) { return open('{', l); }
    json_writer& end_object() { return close('}'); }
    json_writer& begin_array(layout l) { return open('[', l); }
    json_writer& end_array() { return close(']'); }

    /// A member name; the next call writes its value.
    json_writer& key(std::string_view name) {
        separate();
        append_json_string(out_, name);
        out_ += frames_.empty() || frames_.back().style != layout::compact ? ": " : ":";
        after_key_ = true;
        return *this;
    }

    json_writer& string(std::string_view text) {
        separate();
        append_json_string(out_, text);
        return *this;
    }
    /// Input echoed back in output: at most echo_limit bytes of `text` as a JSON string, "…"
    /// inside it when cut (json_quote_for_message).
    json_writer& echo(std::string_view text) {
        separate();
        out_ += json_quote_for_message(text);
        return *this;
    }
    /// A number from its exact text (digits, optionally '-' and a fraction); written as is.
    json_writer& number(std::string_view text) {
        separate();
        out_ += text;
        return *this;
    }
    json_writer& integer(std::int64_t value) { return number(std::to_string(value)); }
    json_writer& boolean(bool value) { return number(value ? "true" : "false"); }
    json_writer& null() { return number("null"); }

    /// key(name) then the value, for the common members.
    json_writer& member(std::string_view name, std::string_view text) {
        return key(name).string(text);
    }

private:
    struct frame {
        layout style;
        std::size_t count;
    };

    void separate() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        if (frames_.empty()) return;
        frame& f = frames_.back();
        if (f.count > 0) out_ += f.style == layout::inline_spaced ? ", " : ",";
        if (f.style == layout::lines) new_line(frames_.size());
        ++f.count;
    }

    json_writer& open(char bracket, layout l) {
        separate();
        out_ += bracket;
        frames_.push_back(frame{l, 0});
        return *this;
    }

    json_writer& close(char bracket) {
        const frame f = frames_.back();
        frames_.pop_back();
        if (f.style == layout::lines && f.count > 0) new_line(frames_.size());
        out_ += bracket;
        return *this;
    }

    void new_line(std::size_t depth) {
        out_ += '\n';
        if (indent_ > 0) out_.append(depth * static_cast<std::size_t>(indent_), ' ');
    }

    std::string& out_;
    int indent_;
    std::vector<frame> frames_;
    bool after_key_ = false;
};

}  // namespace detail
}  // namespace tariff
