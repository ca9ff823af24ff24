// Arbitrary bytes as decimal text, at several scales and representations, checked against the
// independent reference in tests/support/reference.hpp:
// - parse() accepts exactly the documented grammar, with the reference's value, and refuses
//   everything else with parse_error (naming the text) or, when the value does not fit the
//   representation, overflow_error; nothing else is ever thrown;
// - try_parse() agrees with parse() and leaves its output alone when it fails;
// - to_string() prints exactly Scale fraction digits, never "-0", and parses back to the value;
// - the representations agree: a value either is the same in all of them or does not fit.
// The representations: std::int64_t, the native tariff::int128, Boost's checked_int128_t and
// cpp_int. Text with a space in it is also read as two operands "A B": then +, -, unary -, * by
// an integer, decimal * decimal, comparisons, round<S>() and quantize() are checked against the
// reference, and so are comparisons of A and B at different scales and representations (which
// never throw).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <tariff/decimal.hpp>
#include <tariff/multiprecision.hpp>
#include <tariff/rounding.hpp>
#include <type_traits>

#include "support/reference.hpp"
#include "support/reps.hpp"

namespace {

using tariff::rounding;
using ref = reference::integer;

constexpr rounding all_modes[] = {rounding::half_up, rounding::half_even, rounding::half_down,
                                  rounding::up,      rounding::down,      rounding::ceiling,
                                  rounding::floor};

reference::mode ref_mode(rounding m) {
    switch (m) {
        case rounding::half_up:
            return reference::mode::half_up;
        case rounding::half_even:
            return reference::mode::half_even;
        case rounding::half_down:
            return reference::mode::half_down;
        case rounding::up:
            return reference::mode::up;
        case rounding::down:
            return reference::mode::down;
        case rounding::ceiling:
            return reference::mode::ceiling;
        case rounding::floor:
            return reference::mode::floor;
    }
    return reference::mode::down;
}

std::string printable(std::string_view s) {
    std::string out;
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u < 0x7f && c != '\\') {
            out.push_back(c);
        } else {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\x%02x", u);
            out += buffer;
        }
    }
    return out;
}

std::string_view g_input;

[[noreturn]] void finding(const std::string& what) {
    std::fprintf(stderr, "fuzz_decimal_parse: %s\n  input: \"%s\"\n", what.c_str(),
                 printable(g_input).c_str());
    std::abort();
}

using test_reps::fits;

enum class outcome { ok, parse_error, overflow };

const char* name(outcome o) {
    switch (o) {
        case outcome::ok:
            return "ok";
        case outcome::parse_error:
            return "parse_error";
        case outcome::overflow:
            return "overflow_error";
    }
    return "?";
}

/// Runs f; its outcome, and the message of a tariff error in `message`. Anything but
/// parse_error and overflow_error is a finding.
template <class F>
outcome run(const std::string& context, F&& f, std::string* message = nullptr) {
    try {
        f();
        return outcome::ok;
    } catch (const tariff::parse_error& e) {
        if (message) *message = e.what();
        return outcome::parse_error;
    } catch (const tariff::overflow_error& e) {
        if (message) *message = e.what();
        return outcome::overflow;
    } catch (const std::exception& e) {
        finding(context + ": unexpected exception: " + e.what());
    } catch (...) {
        finding(context + ": unexpected exception of a type not derived from std::exception");
    }
}

/// The reference's expectation for a result whose exact raw value is `raw`; `context()` names
/// the operation (built only for a finding).
template <class D, class Context>
void expect_value(const Context& context, outcome got, const D* value, const ref& raw,
                  const std::string& message) {
    using Rep = typename D::rep;
    if (fits<Rep>(raw)) {
        if (got != outcome::ok)
            finding(context() + ": expected " + reference::format_fixed(raw, D::scale) + ", got " +
                    name(got) + ": " + message);
        const std::string text = tariff::to_string(*value);
        const std::string want = reference::format_fixed(raw, D::scale);
        if (text != want) finding(context() + ": expected " + want + ", got " + text);
    } else if (got != outcome::overflow) {
        finding(context() + ": " + reference::format_fixed(raw, D::scale) +
                " does not fit, but got " + name(got) +
                (got == outcome::ok ? " " + tariff::to_string(*value) : ": " + message));
    }
}

std::string type_name(int scale, const std::string& rep) {
    return "decimal<" + std::to_string(scale) + ", " + rep + ">";
}

template <class Rep>
std::string rep_label() {
    return test_reps::label<Rep>();
}

/// The reference raw value of a decimal (from its printed text, checked separately).
template <class D>
ref raw_of(const D& d) {
    return *reference::parse_fixed(tariff::to_string(d), D::scale);
}

/// How an error message can name `text`: quoted, or up to an embedded NUL.
std::string named(std::string_view text) {
    const std::size_t nul = text.find('\0');
    return nul == std::string_view::npos ? "\"" + std::string(text) + "\""
                                         : "\"" + std::string(text.substr(0, nul));
}

/// Parses `text` as D and checks everything about it; returns the value when it parsed.
template <class D>
std::optional<D> check_parse(std::string_view text) {
    using Rep = typename D::rep;
    const std::string label = type_name(D::scale, rep_label<Rep>()) + "::parse";
    std::optional<D> parsed;
    std::string message;
    const outcome got = run(
        label, [&] { parsed = D::parse(text); }, &message);

    // The reference grammar and value.
    const std::optional<ref> raw = reference::parse_fixed(text, D::scale);
    if (!raw) {
        if (got != outcome::parse_error) {
            finding(label + ": the text breaks the grammar, but got " + name(got) +
                    (parsed ? " " + tariff::to_string(*parsed) : ": " + message));
        }
        // The message names the text, quoted whole (what() is a C string: up to a NUL).
        if (message.find(named(text)) == std::string::npos)
            finding(label + ": message does not name the text: " + message);
    } else {
        expect_value([&] { return label; }, got, parsed ? &*parsed : nullptr, *raw, message);
        if (got == outcome::overflow && message.find(named(text)) == std::string::npos) {
            finding(label + ": overflow message does not name the text: " + message);
        }
    }

    // try_parse agrees, and leaves its output alone when it fails.
    const D sentinel = D::from_raw(tariff::detail::rep_ops<Rep>::from_int64(-7));
    D out = sentinel;
    const tariff::parse_status status = D::try_parse(text, out);
    switch (status) {
        case tariff::parse_status::ok:
            if (got != outcome::ok || out != *parsed)
                finding(label + ": try_parse says ok, parse says " + name(got));
            break;
        case tariff::parse_status::syntax:
        case tariff::parse_status::too_many_fraction_digits:
        case tariff::parse_status::negative:  // not returned for a signed decimal
        case tariff::parse_status::too_small:
        case tariff::parse_status::not_utf8:
        case tariff::parse_status::control_character:
            if (got != outcome::parse_error)
                finding(label + ": try_parse says bad text, parse says " + name(got));
            break;
        case tariff::parse_status::overflow:
            if (got != outcome::overflow)
                finding(label + ": try_parse says overflow, parse says " + name(got));
            break;
    }
    if (status != tariff::parse_status::ok && out != sentinel)
        finding(label + ": try_parse changed its output on failure");

    if (!parsed) return parsed;

    // Printing: exactly Scale fraction digits, never "-0...", and it parses back to the value.
    const std::string printed = tariff::to_string(*parsed);
    const std::size_t dot = printed.find('.');
    if (D::scale == 0 ? dot != std::string::npos
                      : (dot == std::string::npos ||
                         printed.size() - dot - 1 != static_cast<std::size_t>(D::scale))) {
        finding(label + ": to_string gives \"" + printed + "\", not " + std::to_string(D::scale) +
                " fraction digits");
    }
    if (printed[0] == '-' && parsed->raw_value() == 0)
        finding(label + ": to_string prints a negative zero: " + printed);
    D again;
    if (run(label + " round trip", [&] { again = D::parse(printed); }) != outcome::ok ||
        again != *parsed || tariff::to_string(again) != printed) {
        finding(label + ": \"" + printed + "\" does not parse back to the same value");
    }
    return parsed;
}

/// Arithmetic on two parsed operands against the reference.
template <class D>
void check_arithmetic(const D& a, const D& b) {
    using Rep = typename D::rep;
    const std::string label = type_name(D::scale, rep_label<Rep>());
    const ref ra = raw_of(a), rb = raw_of(b);
    std::string message;
    {
        std::optional<D> r;
        const outcome o = run(
            label + " +", [&] { r = a + b; }, &message);
        expect_value(
            [&] { return label + " " + tariff::to_string(a) + " + " + tariff::to_string(b); }, o,
            r ? &*r : nullptr, ra + rb, message);
    }
    {
        std::optional<D> r;
        const outcome o = run(
            label + " -", [&] { r = a - b; }, &message);
        expect_value(
            [&] { return label + " " + tariff::to_string(a) + " - " + tariff::to_string(b); }, o,
            r ? &*r : nullptr, ra - rb, message);
    }
    {
        std::optional<D> r;
        const outcome o = run(
            label + " unary -", [&] { r = -a; }, &message);
        expect_value([&] { return label + " -(" + tariff::to_string(a) + ")"; }, o,
                     r ? &*r : nullptr, -ra, message);
    }
    // Comparisons follow the values.
    const int c = compare(ra, rb);
    if ((a < b) != (c < 0) || (a == b) != (c == 0) || (a > b) != (c > 0) || (a <= b) != (c <= 0) ||
        (a >= b) != (c >= 0) || (a != b) != (c != 0)) {
        finding(label + ": comparison of " + tariff::to_string(a) + " and " + tariff::to_string(b) +
                " disagrees");
    }
    // Multiplication by an integer quantity: b's whole part when it fits int64.
    if (const ref whole = reference::divide_pow10(rb, D::scale, reference::mode::down);
        fits<std::int64_t>(whole)) {
        const std::int64_t q = std::strtoll(whole.to_text().c_str(), nullptr, 10);
        std::optional<D> r;
        const outcome o = run(
            label + " * int64", [&] { r = a * q; }, &message);
        expect_value([&] { return label + " " + tariff::to_string(a) + " * " + std::to_string(q); },
                     o, r ? &*r : nullptr, ra * ref::from_int64(q), message);
        if (q >= 0) {
            // The same quantity as an unsigned type, and far beyond INT64_MAX.
            const std::uint64_t uq = static_cast<std::uint64_t>(q) * 2u + 1u;
            std::optional<D> u;
            const outcome uo = run(
                label + " * uint64", [&] { u = a * uq; }, &message);
            expect_value(
                [&] { return label + " " + tariff::to_string(a) + " * " + std::to_string(uq); }, uo,
                u ? &*u : nullptr, ra * ref::from_uint64(uq), message);
        }
    }
    // decimal x decimal: the scales add.
    if constexpr (!tariff::detail::rep_ops<Rep>::bounded ||
                  2 * D::scale <= tariff::detail::rep_ops<Rep>::max_pow10) {
        using P = tariff::decimal<2 * D::scale, Rep>;
        std::optional<P> r;
        const outcome o = run(
            label + " * decimal", [&] { r = a * b; }, &message);
        expect_value(
            [&] { return label + " " + tariff::to_string(a) + " * " + tariff::to_string(b); }, o,
            r ? &*r : nullptr, ra * rb, message);
    }
    // Rounding to fewer digits, every mode: round<0> and round<Scale - 1> (a new type), and
    // quantize to every digit count (the same type; rounding up may not fit).
    for (const rounding m : all_modes) {
        const std::string mode_name(tariff::to_string_view(m));
        if constexpr (D::scale > 0) {
            {
                std::optional<tariff::decimal<0, Rep>> r;
                const outcome o = run(
                    label + " round<0>", [&] { r = tariff::round<0>(a, m); }, &message);
                expect_value(
                    [&] {
                        return label + " round<0>(" + tariff::to_string(a) + ", " + mode_name + ")";
                    },
                    o, r ? &*r : nullptr, reference::divide_pow10(ra, D::scale, ref_mode(m)),
                    message);
            }
            {
                std::optional<tariff::decimal<D::scale - 1, Rep>> r;
                const outcome o = run(
                    label + " round<S-1>", [&] { r = tariff::round<D::scale - 1>(a, m); },
                    &message);
                expect_value(
                    [&] {
                        return label + " round<S-1>(" + tariff::to_string(a) + ", " + mode_name +
                               ")";
                    },
                    o, r ? &*r : nullptr, reference::divide_pow10(ra, 1, ref_mode(m)), message);
            }
        }
        for (int digits = 0; digits <= D::scale; ++digits) {
            std::optional<D> r;
            const outcome o = run(
                label + " quantize", [&] { r = tariff::quantize(a, digits, m); }, &message);
            const int drop = D::scale - digits;
            expect_value(
                [&] {
                    return label + " quantize(" + tariff::to_string(a) + ", " +
                           std::to_string(digits) + ", " + mode_name + ")";
                },
                o, r ? &*r : nullptr,
                reference::divide_pow10(ra, drop, ref_mode(m)) * reference::pow10(drop), message);
        }
    }
}

template <class D>
void check(std::string_view text, const std::optional<std::size_t>& space) {
    check_parse<D>(text);
    if (space) {
        const auto a = check_parse<D>(text.substr(0, *space));
        const auto b = check_parse<D>(text.substr(*space + 1));
        if (a && b) check_arithmetic(*a, *b);
    }
}

template <int Scale>
void check_all_reps(std::string_view text, const std::optional<std::size_t>& space) {
    check<tariff::decimal<Scale, std::int64_t>>(text, space);
    check<tariff::decimal<Scale, tariff::int128>>(text, space);
    check<tariff::decimal<Scale, tariff::checked_int128_t>>(text, space);
    check<tariff::decimal<Scale, tariff::cpp_int>>(text, space);
}

/// A read as A and B read as B, of different scales or representations: the six comparisons
/// follow the reference and never throw.
template <class A, class B>
void check_mixed_comparison(std::string_view a_text, std::string_view b_text) {
    std::optional<A> a;
    std::optional<B> b;
    if (run("mixed A", [&] { a = A::parse(a_text); }) != outcome::ok ||
        run("mixed B", [&] { b = B::parse(b_text); }) != outcome::ok)
        return;
    constexpr int top = A::scale > B::scale ? A::scale : B::scale;
    const int c = compare(raw_of(*a) * reference::pow10(top - A::scale),
                          raw_of(*b) * reference::pow10(top - B::scale));
    const std::string label = type_name(A::scale, rep_label<typename A::rep>()) + " " +
                              tariff::to_string(*a) + " against " +
                              type_name(B::scale, rep_label<typename B::rep>()) + " " +
                              tariff::to_string(*b);
    try {
        if ((*a < *b) != (c < 0) || (*a == *b) != (c == 0) || (*a > *b) != (c > 0) ||
            (*a <= *b) != (c <= 0) || (*a >= *b) != (c >= 0) || (*a != *b) != (c != 0) ||
            (*b < *a) != (c > 0)) {
            finding(label + ": comparison disagrees");
        }
    } catch (const std::exception& e) {
        finding(label + ": comparison threw: " + e.what());
    }
}

void check_mixed_comparisons(std::string_view a, std::string_view b) {
    check_mixed_comparison<tariff::decimal<2>, tariff::decimal<18>>(a, b);
    check_mixed_comparison<tariff::decimal<18>, tariff::decimal<0>>(a, b);
    check_mixed_comparison<tariff::decimal<0, tariff::int128>, tariff::decimal<38, tariff::int128>>(
        a, b);
    check_mixed_comparison<tariff::decimal<6>, tariff::decimal<38, tariff::checked_int128_t>>(a, b);
    check_mixed_comparison<tariff::decimal<40, tariff::cpp_int>, tariff::decimal<0>>(a, b);
    check_mixed_comparison<tariff::decimal<18, tariff::int128>,
                           tariff::decimal<2, tariff::cpp_int>>(a, b);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    g_input = text;
    std::optional<std::size_t> space;
    if (const std::size_t at = text.find(' '); at != std::string_view::npos) space = at;
    check_all_reps<0>(text, space);
    check_all_reps<2>(text, space);
    check_all_reps<6>(text, space);
    check_all_reps<18>(text, space);
    check<tariff::decimal<38, tariff::int128>>(text, space);
    check<tariff::decimal<38, tariff::checked_int128_t>>(text, space);
    check<tariff::decimal<40, tariff::cpp_int>>(text, space);
    if (space) check_mixed_comparisons(text.substr(0, *space), text.substr(*space + 1));
    return 0;
}
