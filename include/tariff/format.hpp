#pragma once
/// {fmt} formatters for tariff::decimal, tariff::money and tariff::charge (CMake target
/// tariff::format; {fmt} 9 or later, Debian libfmt-dev). An adapter only: the spec is read by
/// detail::parse_format_spec and the text written by detail::append_formatted and to_text, the
/// code to_string and the invoice use, so a value prints the same way everywhere.
///
///   fmt::format("{}", d)          to_string(d): "6000.00", "-0.05"
///   fmt::format("{:>12,}", d)     "    6,000.00"   (grouping ',' or '_'; fill, align, sign, 0)
///   fmt::format("{:.4}", d)       "6000.0000"      (zeros added; a precision below the scale is
///                                                    an error: formatting never rounds)
///   fmt::format("{}", m)          "6000.00 USD"    ('c': "USD 6000.00", 'a': "6000.00")
///   fmt::format("{}", charge)     to_text(charge): the invoice
///
/// Specs are checked while compiling where {fmt} checks format strings (C++20, or FMT_STRING in
/// C++17); fmt::runtime specs throw fmt::format_error. The grammar is in detail/formatting.hpp.

#include <fmt/format.h>

#include <climits>
#include <string>
#include <string_view>
#include <type_traits>

#include "charge_format.hpp"
#include "decimal.hpp"
#include "detail/formatting.hpp"
#include "detail/text.hpp"  // quote_for_message: the spec in a message
#include "money.hpp"

namespace tariff::detail {

/// Throws format_error for `Error`, quoting the spec: format spec ".1" at byte 2: a precision
/// below the scale... Not constexpr: in a format string checked while compiling, the compiler
/// stops here and names the rule broken (refuse_format_spec<...precision_below_scale>).
template <format_spec_error Error>
[[noreturn]] void refuse_format_spec(std::string_view spec, std::size_t position) {
    throw fmt::format_error("format spec " + quote_for_message(spec) + " at byte " +
                            std::to_string(position + 1) + ": " + format_spec_message(Error));
}

/// Throws format_error for `error` at `position` of `text` (the format string from the spec
/// on), through refuse_format_spec<error>.
constexpr void refuse_spec(format_spec_error error, std::string_view text, std::size_t position) {
    using e = format_spec_error;
    const std::string_view spec = text.substr(0, text.find('}'));
    switch (error) {
        case e::none:
            return;
        case e::fill_is_brace:
            refuse_format_spec<e::fill_is_brace>(spec, position);
        case e::alternate_form:
            refuse_format_spec<e::alternate_form>(spec, position);
        case e::malformed_argument:
            refuse_format_spec<e::malformed_argument>(spec, position);
        case e::too_large:
            refuse_format_spec<e::too_large>(spec, position);
        case e::zero_padding_with_grouping:
            refuse_format_spec<e::zero_padding_with_grouping>(spec, position);
        case e::precision_expected:
            refuse_format_spec<e::precision_expected>(spec, position);
        case e::precision_below_scale:
            refuse_format_spec<e::precision_below_scale>(spec, position);
        case e::locale_grouping:
            refuse_format_spec<e::locale_grouping>(spec, position);
        case e::decimal_type:
            refuse_format_spec<e::decimal_type>(spec, position);
        case e::money_type:
            refuse_format_spec<e::money_type>(spec, position);
        case e::unexpected_character:
            refuse_format_spec<e::unexpected_character>(spec, position);
        case e::zero_padding_with_code:
            refuse_format_spec<e::zero_padding_with_code>(spec, position);
        case e::charge_spec:
            refuse_format_spec<e::charge_spec>(spec, position);
    }
}

/// Whether {fmt} may pass T as a width or precision: an integer (its 128-bit ones included), not
/// a bool or a character.
template <class T>
inline constexpr bool is_count_argument_v =
    is_builtin_integer_v<T> && !std::is_same_v<T, bool> && !is_character_v<T>;

/// Reads a width or precision argument: a non-negative integer of at most INT_MAX.
struct fmt_count_reader {
    const char* what;  ///< "width" or "precision"

    template <class T>
    int operator()(T value) const {
        if constexpr (is_count_argument_v<T>) {
            auto refuse = [&](const char* why) {
                std::string message = std::string(what) + " argument ";
                if constexpr (sizeof(T) <= sizeof(long long))
                    message += std::to_string(value) + " ";
                throw fmt::format_error(message + why);
            };
            if constexpr (is_builtin_signed_v<T>) {
                if (value < 0) refuse("is negative");
            }
            if (value > static_cast<T>(INT_MAX)) refuse("is too large");
            return static_cast<int>(value);
        } else {
            throw fmt::format_error(std::string(what) + " argument is not an integer");
        }
    }
};

/// Copies `text` to a {fmt} output iterator.
template <class Out>
Out copy_text(std::string_view text, Out out) {
    for (const char c : text) *out++ = c;
    return out;
}

/// The spec of a decimal or money formatter, and what {fmt} adds to it: argument indices for
/// {} and {N} widths and precisions, and reading those arguments when formatting.
class fmt_number_spec {
public:
    template <class ParseContext>
    constexpr auto parse(ParseContext& ctx, format_subject subject, int scale)
        -> decltype(ctx.begin()) {
        const auto begin = ctx.begin();
        const std::string_view text(begin, static_cast<std::size_t>(ctx.end() - begin));
        format_spec_error error = format_spec_error::none;
        const parse_result read = parse_format_spec(text, subject, scale, spec_, error);
        if (!read) refuse_spec(error, text, read.position);
        resolve(ctx, spec_.width_argument);
        resolve(ctx, spec_.precision_argument);
        return begin + read.position;
    }

    /// Writes raw x 10^-scale (and `code`, for a money) to the context's output.
    template <class FormatContext, class Rep>
    auto write(FormatContext& ctx, const Rep& raw, int scale, std::string_view code) const
        -> decltype(ctx.out()) {
        format_spec spec = spec_;
        if (spec.width_argument != no_argument) {
            spec.width =
                fmt::visit_format_arg(fmt_count_reader{"width"}, ctx.arg(spec.width_argument));
        }
        if (spec.precision_argument != no_argument) {
            spec.precision = fmt::visit_format_arg(fmt_count_reader{"precision"},
                                                   ctx.arg(spec.precision_argument));
            if (!precision_fits(spec.precision, scale)) {
                throw fmt::format_error(
                    "precision argument " + std::to_string(spec.precision) + ": " +
                    format_spec_message(format_spec_error::precision_below_scale));
            }
        }
        std::string text;
        append_formatted(text, fixed_digits(raw, scale), scale, spec, code);
        return copy_text(text, ctx.out());
    }

private:
    /// {} takes the next argument's index, as {fmt} numbers them; {N} is checked against them.
    template <class ParseContext>
    static constexpr void resolve(ParseContext& ctx, int& argument) {
        if (argument == next_argument)
            argument = ctx.next_arg_id();
        else if (argument != no_argument)
            ctx.check_arg_id(argument);
    }

    format_spec spec_{};
};

}  // namespace tariff::detail

namespace fmt {

/// "6000.00": to_string, or as the spec says (width, fill, align, sign, 0, grouping, precision).
template <int Scale, class Rep>
struct formatter<tariff::decimal<Scale, Rep>, char> {
    template <class ParseContext>
    constexpr auto parse(ParseContext& ctx) -> decltype(ctx.begin()) {
        return spec_.parse(ctx, tariff::detail::format_subject::decimal, Scale);
    }
    template <class FormatContext>
    auto format(const tariff::decimal<Scale, Rep>& d, FormatContext& ctx) const
        -> decltype(ctx.out()) {
        return spec_.write(ctx, d.raw_value(), Scale, {});
    }

private:
    tariff::detail::fmt_number_spec spec_{};
};

/// "6000.00 USD": to_string; type 'c' puts the code first ("USD 6000.00"), 'a' leaves it out.
template <class Currency, class Rep>
struct formatter<tariff::money<Currency, Rep>, char> {
    template <class ParseContext>
    constexpr auto parse(ParseContext& ctx) -> decltype(ctx.begin()) {
        return spec_.parse(ctx, tariff::detail::format_subject::money, Currency::minor_units);
    }
    template <class FormatContext>
    auto format(const tariff::money<Currency, Rep>& m, FormatContext& ctx) const
        -> decltype(ctx.out()) {
        return spec_.write(ctx, m.minor_units(), Currency::minor_units, Currency::code);
    }

private:
    tariff::detail::fmt_number_spec spec_{};
};

/// The invoice text, exactly to_text(charge). It takes no spec.
template <class Table>
struct formatter<tariff::charge<Table>, char> {
    template <class ParseContext>
    constexpr auto parse(ParseContext& ctx) -> decltype(ctx.begin()) {
        const auto it = ctx.begin();
        if (it != ctx.end() && *it != '}') {
            tariff::detail::refuse_spec(
                tariff::detail::format_spec_error::charge_spec,
                std::string_view(it, static_cast<std::size_t>(ctx.end() - it)), 0);
        }
        return it;
    }
    template <class FormatContext>
    auto format(const tariff::charge<Table>& c, FormatContext& ctx) const -> decltype(ctx.out()) {
        return tariff::detail::copy_text(tariff::to_text(c), ctx.out());
    }
};

}  // namespace fmt
