#pragma once
// An exact reference for checking tariff's decimal arithmetic: signed integers of any size,
// kept as a sign and a string of decimal digits, with schoolbook addition, subtraction and
// multiplication, and division by 10^k under the seven rounding modes. It uses nothing from
// tariff or Boost, so the tests compare two implementations that share no code. It is meant
// to be small and plainly correct, not fast.
//
// Text is built by appending, never as "literal" + std::string(...) or by inserting into the
// middle of a string: g++ 12 at -O3 reports a false -Werror=restrict on those (GCC bug 105329).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace reference {

/// Java's RoundingMode, spelt independently of tariff::rounding.
enum class mode { half_up, half_even, half_down, up, down, ceiling, floor };

namespace magnitude {

// Non-negative integers as digit strings, most significant first, no leading zeros ("0" is 0).

inline bool is_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

inline std::string strip(std::string_view s) {
    std::size_t i = 0;
    while (i + 1 < s.size() && s[i] == '0') ++i;
    return std::string(s.substr(i));
}

/// -1, 0, +1 as a < b, a == b, a > b.
inline int compare(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    const int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

inline std::string add(const std::string& a, const std::string& b) {
    std::string out;
    int carry = 0;
    std::size_t i = a.size(), j = b.size();
    while (i > 0 || j > 0 || carry != 0) {
        int sum = carry;
        if (i > 0) sum += a[--i] - '0';
        if (j > 0) sum += b[--j] - '0';
        out.insert(out.begin(), static_cast<char>('0' + sum % 10));
        carry = sum / 10;
    }
    return strip(out);
}

/// a - b, requires a >= b.
inline std::string sub(const std::string& a, const std::string& b) {
    if (compare(a, b) < 0) throw std::logic_error("reference: magnitude::sub with a < b");
    std::string out;
    int borrow = 0;
    std::size_t i = a.size(), j = b.size();
    while (i > 0) {
        int d = (a[--i] - '0') - borrow;
        if (j > 0) d -= b[--j] - '0';
        borrow = d < 0 ? 1 : 0;
        if (d < 0) d += 10;
        out.insert(out.begin(), static_cast<char>('0' + d));
    }
    return strip(out);
}

/// a / b and a % b (b > 0), by long division: one digit of a at a time, the quotient digit found
/// by repeated subtraction.
inline std::pair<std::string, std::string> divmod(const std::string& a, const std::string& b) {
    if (b == "0") throw std::logic_error("reference: magnitude::divmod by zero");
    std::string quotient, remainder = "0";
    for (const char digit : a) {
        remainder = strip(remainder + digit);
        char q = '0';
        while (compare(remainder, b) >= 0) {
            remainder = sub(remainder, b);
            ++q;
        }
        quotient.push_back(q);
    }
    return {strip(quotient), remainder};
}

inline std::string mul(const std::string& a, const std::string& b) {
    // Column sums first, carries afterwards: every column is at most 9 * 9 * min(len) + carry.
    std::vector<long long> columns(a.size() + b.size(), 0);
    for (std::size_t i = 0; i < a.size(); ++i) {
        for (std::size_t j = 0; j < b.size(); ++j) {
            columns[i + j + 1] += static_cast<long long>(a[i] - '0') * (b[j] - '0');
        }
    }
    for (std::size_t k = columns.size(); k-- > 1;) {
        columns[k - 1] += columns[k] / 10;
        columns[k] %= 10;
    }
    std::string out;
    for (long long c : columns) out.push_back(static_cast<char>('0' + c));
    return strip(out);
}

}  // namespace magnitude

/// A signed integer of any size.
class integer {
public:
    /// Zero.
    integer() = default;

    /// From text: an optional '-' then decimal digits. Throws std::invalid_argument otherwise.
    static integer from_text(std::string_view text) {
        integer r;
        bool negative = false;
        if (!text.empty() && text[0] == '-') {
            negative = true;
            text.remove_prefix(1);
        }
        if (!magnitude::is_digits(text)) {
            std::string message = "reference: not an integer: \"";
            message.append(text).append("\"");
            throw std::invalid_argument(message);
        }
        r.digits_ = magnitude::strip(text);
        r.negative_ = negative && r.digits_ != "0";
        return r;
    }

    static integer from_int64(std::int64_t v) {
        // Built digit by digit so that the most negative value needs no negation.
        integer r;
        std::string digits;
        std::int64_t x = v;
        do {
            const std::int64_t d = x % 10;
            digits.insert(digits.begin(), static_cast<char>('0' + (d < 0 ? -d : d)));
            x /= 10;
        } while (x != 0);
        r.digits_ = digits;
        r.negative_ = v < 0;
        return r;
    }

    static integer from_uint64(std::uint64_t v) {
        integer r;
        std::string digits;
        do {
            digits.insert(digits.begin(), static_cast<char>('0' + v % 10));
            v /= 10;
        } while (v != 0);
        r.digits_ = digits;
        return r;
    }

    /// base^exponent, exponent >= 0.
    static integer power(std::int64_t base, int exponent) {
        integer r = from_int64(1);
        const integer b = from_int64(base);
        for (int i = 0; i < exponent; ++i) r = r * b;
        return r;
    }

    std::string to_text() const {
        std::string text(negative_ ? 1 : 0, '-');
        return text.append(digits_);
    }
    /// Digits of the absolute value.
    const std::string& digits() const { return digits_; }
    bool is_negative() const { return negative_; }
    bool is_zero() const { return digits_ == "0"; }
    bool is_odd() const { return (digits_.back() - '0') % 2 != 0; }
    integer abs() const {
        integer r = *this;
        r.negative_ = false;
        return r;
    }

    friend integer operator-(const integer& a) {
        integer r = a;
        r.negative_ = !a.negative_ && !a.is_zero();
        return r;
    }

    friend integer operator+(const integer& a, const integer& b) {
        if (a.negative_ == b.negative_)
            return make(a.negative_, magnitude::add(a.digits_, b.digits_));
        // Opposite signs: the larger magnitude keeps its sign.
        if (magnitude::compare(a.digits_, b.digits_) >= 0)
            return make(a.negative_, magnitude::sub(a.digits_, b.digits_));
        return make(b.negative_, magnitude::sub(b.digits_, a.digits_));
    }
    friend integer operator-(const integer& a, const integer& b) { return a + (-b); }
    friend integer operator*(const integer& a, const integer& b) {
        return make(a.negative_ != b.negative_, magnitude::mul(a.digits_, b.digits_));
    }
    /// Division of magnitudes: the quotient and remainder of |a| / |b| (b non-zero).
    friend std::pair<integer, integer> divmod_magnitudes(const integer& a, const integer& b) {
        auto [q, r] = magnitude::divmod(a.digits_, b.digits_);
        return {make(false, std::move(q)), make(false, std::move(r))};
    }

    /// -1, 0, +1.
    friend int compare(const integer& a, const integer& b) {
        if (a.negative_ != b.negative_) return a.negative_ ? -1 : 1;
        const int m = magnitude::compare(a.digits_, b.digits_);
        return a.negative_ ? -m : m;
    }
    friend bool operator==(const integer& a, const integer& b) { return compare(a, b) == 0; }
    friend bool operator!=(const integer& a, const integer& b) { return compare(a, b) != 0; }
    friend bool operator<(const integer& a, const integer& b) { return compare(a, b) < 0; }
    friend bool operator<=(const integer& a, const integer& b) { return compare(a, b) <= 0; }
    friend bool operator>(const integer& a, const integer& b) { return compare(a, b) > 0; }
    friend bool operator>=(const integer& a, const integer& b) { return compare(a, b) >= 0; }

private:
    static integer make(bool negative, std::string digits) {
        integer r;
        r.digits_ = std::move(digits);
        r.negative_ = negative && r.digits_ != "0";
        return r;
    }

    bool negative_ = false;  // never true for zero
    std::string digits_ = "0";
};

/// 10^k, k >= 0.
inline integer pow10(int k) {
    std::string digits(static_cast<std::size_t>(k) + 1, '0');
    digits[0] = '1';
    return integer::from_text(digits);
}

/// value / 10^k rounded by the mode (k >= 0).
inline integer divide_pow10(const integer& value, int k, mode m) {
    if (k == 0) return value;
    // Pad so that there are at least k + 1 digits: the quotient is then everything but the
    // last k digits, and the remainder is those k digits.
    std::string digits = value.digits();
    const auto width = static_cast<std::size_t>(k);
    if (digits.size() <= width) digits.insert(0, width + 1 - digits.size(), '0');
    const std::string quotient = digits.substr(0, digits.size() - width);
    const std::string remainder = digits.substr(digits.size() - width);
    std::string half(width, '0');
    half[0] = '5';
    const bool exact = remainder == std::string(width, '0');
    const int vs_half = remainder.compare(half);  // equal lengths: text order is numeric order
    const bool negative = value.is_negative();
    const bool odd = (quotient.back() - '0') % 2 != 0;

    bool away = false;  // one step further from zero than truncation
    switch (m) {
        case mode::down:
            away = false;
            break;
        case mode::up:
            away = !exact;
            break;
        case mode::ceiling:
            away = !exact && !negative;
            break;
        case mode::floor:
            away = !exact && negative;
            break;
        case mode::half_up:
            away = vs_half >= 0;
            break;
        case mode::half_down:
            away = vs_half > 0;
            break;
        case mode::half_even:
            away = vs_half > 0 || (vs_half == 0 && odd);
            break;
    }
    integer q = integer::from_text(quotient);
    if (away) q = q + integer::from_int64(1);
    return negative ? -q : q;
}

/// The decimal text of raw x 10^-scale with exactly `scale` fraction digits ("-0.05", "3").
inline std::string format_fixed(const integer& raw, int scale) {
    const std::string& digits = raw.digits();
    const auto width = static_cast<std::size_t>(scale);
    std::string out(raw.is_negative() ? 1 : 0, '-');
    if (scale == 0) return out.append(digits);
    if (digits.size() <= width) {
        out.append("0.").append(width - digits.size(), '0').append(digits);
    } else {
        out.append(digits, 0, digits.size() - width).append(1, '.');
        out.append(digits, digits.size() - width, width);
    }
    return out;
}

/// The raw integer (value x 10^scale) of decimal text in tariff's documented grammar:
/// [+|-] digits [ '.' digits ], with more than `scale` fraction digits only if the extra ones
/// are zeros. Nothing when the text does not follow it. Range is not checked here.
inline std::optional<integer> parse_fixed(std::string_view text, int scale) {
    bool negative = false;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        negative = text[0] == '-';
        text.remove_prefix(1);
    }
    const std::size_t dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    std::string_view fraction;
    if (dot != std::string_view::npos) {
        fraction = text.substr(dot + 1);
        if (!magnitude::is_digits(fraction)) return std::nullopt;
    }
    if (!magnitude::is_digits(whole)) return std::nullopt;
    std::string kept(fraction);
    const auto width = static_cast<std::size_t>(scale);
    if (kept.size() > width) {
        if (kept.substr(width).find_first_not_of('0') != std::string::npos) return std::nullopt;
        kept.resize(width);
    }
    kept.append(width - kept.size(), '0');
    integer r = integer::from_text(std::string(whole) + kept);
    return negative ? -r : r;
}

/// Ranges of the representations under test.
inline integer int64_min() { return -integer::power(2, 63); }
inline integer int64_max() { return integer::power(2, 63) - integer::from_int64(1); }
/// Boost's checked_int128_t is sign-magnitude: [-(2^128 - 1), 2^128 - 1].
inline integer int128_magnitude_max() { return integer::power(2, 128) - integer::from_int64(1); }
/// The native two's complement tariff::int128: [-2^127, 2^127 - 1].
inline integer int128_min() { return -integer::power(2, 127); }
inline integer int128_max() { return integer::power(2, 127) - integer::from_int64(1); }

}  // namespace reference
