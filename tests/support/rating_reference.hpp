#pragma once
// An exact reference rater for checking tariff's tier tables and charges. It implements the
// rating rules (volume and graduated tiers, inclusive upper bounds, flat fees, free units,
// packages, the first tier's fee at zero usage, quote tiers, rounding mode and scope, minimum and
// maximum) straight from their description, on
// its own arbitrary-precision arithmetic: a base-10^9 signed integer and a decimal number
// built on it. Nothing here uses tariff or Boost, so a test that compares the two compares
// implementations that share no code. It aims to be plainly correct, not fast.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rating_reference {

/// Java's RoundingMode, spelt independently of tariff::rounding; names match the price-book
/// names ("half_up", ...).
enum class round_mode { half_up, half_even, half_down, up, down, ceiling, floor };

inline constexpr round_mode all_round_modes[] = {
    round_mode::half_up, round_mode::half_even, round_mode::half_down, round_mode::up,
    round_mode::down,    round_mode::ceiling,   round_mode::floor};

inline const char* name(round_mode m) {
    switch (m) {
        case round_mode::half_up:
            return "half_up";
        case round_mode::half_even:
            return "half_even";
        case round_mode::half_down:
            return "half_down";
        case round_mode::up:
            return "up";
        case round_mode::down:
            return "down";
        case round_mode::ceiling:
            return "ceiling";
        case round_mode::floor:
            return "floor";
    }
    return "?";
}

/// A signed integer of any size: a sign and base-10^9 limbs, least significant first, with no
/// high zero limbs (zero has no limbs and is never negative).
class integer {
public:
    integer() = default;

    static integer from_int64(std::int64_t v) {
        integer r;
        r.negative_ = v < 0;
        // Work on the magnitude as unsigned so that the most negative value needs no negation.
        std::uint64_t m =
            r.negative_ ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
        while (m != 0) {
            r.limbs_.push_back(static_cast<std::uint32_t>(m % base));
            m /= base;
        }
        return r;
    }

    /// From "[-]digits"; throws std::invalid_argument otherwise.
    static integer from_text(std::string_view text) {
        bool negative = false;
        if (!text.empty() && text[0] == '-') {
            negative = true;
            text.remove_prefix(1);
        }
        if (text.empty()) throw std::invalid_argument("rating_reference: empty integer");
        for (char c : text) {
            if (c < '0' || c > '9') {
                throw std::invalid_argument("rating_reference: not an integer: \"" +
                                            std::string(text) + "\"");
            }
        }
        integer r;
        // Nine digits per limb, taken from the right.
        std::size_t end = text.size();
        while (end > 0) {
            const std::size_t begin = end >= 9 ? end - 9 : 0;
            std::uint32_t limb = 0;
            for (std::size_t i = begin; i < end; ++i)
                limb = limb * 10 + static_cast<std::uint32_t>(text[i] - '0');
            r.limbs_.push_back(limb);
            end = begin;
        }
        r.trim();
        r.negative_ = negative && !r.is_zero();
        return r;
    }

    /// 10^n, n >= 0.
    static integer pow10(int n) {
        if (n < 0) throw std::invalid_argument("rating_reference: negative power of ten");
        // Cached: the rater asks for the same few powers all the time.
        static const std::vector<integer> small = [] {
            std::vector<integer> powers;
            for (int i = 0; i <= 64; ++i)
                powers.push_back(from_text("1" + std::string(static_cast<std::size_t>(i), '0')));
            return powers;
        }();
        if (n < static_cast<int>(small.size())) return small[static_cast<std::size_t>(n)];
        return from_text("1" + std::string(static_cast<std::size_t>(n), '0'));
    }

    /// 2^n - 1 (the largest magnitude of an n-bit field), n >= 0.
    static integer max_of_bits(int n) {
        integer r = from_int64(1);
        const integer two = from_int64(2);
        for (int i = 0; i < n; ++i) r = r * two;
        return r - from_int64(1);
    }

    bool is_zero() const { return limbs_.empty(); }
    bool is_negative() const { return negative_; }
    integer abs() const {
        integer r = *this;
        r.negative_ = false;
        return r;
    }

    std::string to_text() const {
        if (is_zero()) return "0";
        std::string s = negative_ ? "-" : "";
        s += std::to_string(limbs_.back());
        for (std::size_t i = limbs_.size() - 1; i-- > 0;) {
            const std::string part = std::to_string(limbs_[i]);
            s += std::string(9 - part.size(), '0') + part;
        }
        return s;
    }

    friend integer operator-(const integer& a) {
        integer r = a;
        r.negative_ = !a.negative_ && !a.is_zero();
        return r;
    }
    friend integer operator+(const integer& a, const integer& b) {
        if (a.negative_ == b.negative_)
            return make(a.negative_, add_magnitudes(a.limbs_, b.limbs_));
        // Opposite signs: the larger magnitude wins and keeps its sign.
        if (compare_magnitudes(a.limbs_, b.limbs_) >= 0) {
            return make(a.negative_, subtract_magnitudes(a.limbs_, b.limbs_));
        }
        return make(b.negative_, subtract_magnitudes(b.limbs_, a.limbs_));
    }
    friend integer operator-(const integer& a, const integer& b) { return a + (-b); }
    friend integer operator*(const integer& a, const integer& b) {
        if (a.is_zero() || b.is_zero()) return integer();
        std::vector<std::uint64_t> acc(a.limbs_.size() + b.limbs_.size() + 1, 0);
        for (std::size_t i = 0; i < a.limbs_.size(); ++i) {
            std::uint64_t carry = 0;
            for (std::size_t j = 0; j < b.limbs_.size(); ++j) {
                // < 10^18 + 10^9 + 10^9: fits 64 bits.
                const std::uint64_t t =
                    acc[i + j] + static_cast<std::uint64_t>(a.limbs_[i]) * b.limbs_[j] + carry;
                acc[i + j] = t % base;
                carry = t / base;
            }
            std::size_t k = i + b.limbs_.size();
            while (carry != 0) {
                const std::uint64_t t = acc[k] + carry;
                acc[k] = t % base;
                carry = t / base;
                ++k;
            }
        }
        std::vector<std::uint32_t> limbs(acc.size());
        for (std::size_t i = 0; i < acc.size(); ++i) limbs[i] = static_cast<std::uint32_t>(acc[i]);
        return make(a.negative_ != b.negative_, std::move(limbs));
    }

    /// Division of magnitudes: |a| = q x |b| + r with 0 <= r < |b|; both results non-negative.
    /// Schoolbook long division over the decimal digits of |a|: obviously right, if slow.
    static void divide_magnitudes(const integer& a, const integer& b, integer& q, integer& r) {
        if (b.is_zero()) throw std::invalid_argument("rating_reference: division by zero");
        const integer divisor = b.abs();
        const integer ten = from_int64(10);
        const std::string digits = a.abs().to_text();
        q = integer();
        r = integer();
        for (char c : digits) {
            r = r * ten + from_int64(c - '0');
            std::int64_t digit = 0;
            while (r >= divisor) {
                r = r - divisor;
                ++digit;
            }
            q = q * ten + from_int64(digit);
        }
    }

    /// |value| = q x 10^k + r with 0 <= r < 10^k (k >= 0): the decimal digits of |value| split
    /// k from the right.
    static void split_pow10(const integer& value, int k, integer& q, integer& r) {
        const std::string digits = value.abs().to_text();
        const auto width = static_cast<std::size_t>(k);
        if (width == 0) {
            q = value.abs();
            r = integer();
        } else if (digits.size() <= width) {
            q = integer();
            r = from_text(digits);
        } else {
            q = from_text(std::string_view(digits).substr(0, digits.size() - width));
            r = from_text(std::string_view(digits).substr(digits.size() - width));
        }
    }

    /// -1, 0, +1.
    friend int compare(const integer& a, const integer& b) {
        if (a.negative_ != b.negative_) return a.negative_ ? -1 : 1;
        const int m = compare_magnitudes(a.limbs_, b.limbs_);
        return a.negative_ ? -m : m;
    }
    friend bool operator==(const integer& a, const integer& b) { return compare(a, b) == 0; }
    friend bool operator!=(const integer& a, const integer& b) { return compare(a, b) != 0; }
    friend bool operator<(const integer& a, const integer& b) { return compare(a, b) < 0; }
    friend bool operator<=(const integer& a, const integer& b) { return compare(a, b) <= 0; }
    friend bool operator>(const integer& a, const integer& b) { return compare(a, b) > 0; }
    friend bool operator>=(const integer& a, const integer& b) { return compare(a, b) >= 0; }

    bool is_odd() const { return !is_zero() && limbs_[0] % 2 != 0; }

private:
    static constexpr std::uint64_t base = 1000000000;
    using limbs = std::vector<std::uint32_t>;

    static integer make(bool negative, limbs l) {
        integer r;
        r.limbs_ = std::move(l);
        r.trim();
        r.negative_ = negative && !r.is_zero();
        return r;
    }
    void trim() {
        while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
    }
    static int compare_magnitudes(const limbs& a, const limbs& b) {
        if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
        for (std::size_t i = a.size(); i-- > 0;) {
            if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
        }
        return 0;
    }
    static limbs add_magnitudes(const limbs& a, const limbs& b) {
        limbs out;
        std::uint64_t carry = 0;
        for (std::size_t i = 0; i < a.size() || i < b.size() || carry != 0; ++i) {
            std::uint64_t t = carry;
            if (i < a.size()) t += a[i];
            if (i < b.size()) t += b[i];
            out.push_back(static_cast<std::uint32_t>(t % base));
            carry = t / base;
        }
        return out;
    }
    /// a - b with |a| >= |b|.
    static limbs subtract_magnitudes(const limbs& a, const limbs& b) {
        limbs out;
        std::int64_t borrow = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            std::int64_t t = static_cast<std::int64_t>(a[i]) - borrow -
                             (i < b.size() ? static_cast<std::int64_t>(b[i]) : 0);
            borrow = t < 0 ? 1 : 0;
            if (t < 0) t += static_cast<std::int64_t>(base);
            out.push_back(static_cast<std::uint32_t>(t));
        }
        if (borrow != 0)
            throw std::logic_error("rating_reference: subtract_magnitudes with |a| < |b|");
        return out;
    }

    bool negative_ = false;
    limbs limbs_;
};

/// An exact decimal number: mantissa x 10^-scale (scale >= 0). Not normalised: 1.50 and 1.5
/// are different representations of one value, and compare equal.
class number {
public:
    number() = default;
    number(integer mantissa, int scale) : mantissa_(std::move(mantissa)), scale_(scale) {
        if (scale < 0) throw std::invalid_argument("rating_reference: negative scale");
    }
    static number whole(std::int64_t v) { return number(integer::from_int64(v), 0); }

    /// From "[-]digits[.digits]"; the scale is the number of fraction digits written.
    static number parse(std::string_view text) {
        const std::size_t dot = text.find('.');
        if (dot == std::string_view::npos) return number(integer::from_text(text), 0);
        std::string digits(text.substr(0, dot));
        const std::string_view fraction = text.substr(dot + 1);
        if (fraction.empty() ||
            fraction.find_first_not_of("0123456789") != std::string_view::npos) {
            throw std::invalid_argument("rating_reference: not a decimal: \"" + std::string(text) +
                                        "\"");
        }
        digits += fraction;
        return number(integer::from_text(digits), static_cast<int>(fraction.size()));
    }

    const integer& mantissa() const { return mantissa_; }
    int scale() const { return scale_; }
    bool is_zero() const { return mantissa_.is_zero(); }
    bool is_negative() const { return mantissa_.is_negative(); }

    /// The same value with `s` >= scale() fraction digits.
    number at_scale(int s) const {
        if (s < scale_) throw std::logic_error("rating_reference: at_scale would drop digits");
        if (s == scale_) return *this;
        return number(mantissa_ * integer::pow10(s - scale_), s);
    }

    /// The integer value x 10^s, when it is one (nothing when digits would be lost).
    std::optional<integer> raw_at(int s) const {
        if (s >= scale_) return mantissa_ * integer::pow10(s - scale_);
        integer q, r;
        integer::split_pow10(mantissa_, scale_ - s, q, r);
        if (!r.is_zero()) return std::nullopt;
        return mantissa_.is_negative() ? -q : q;
    }

    /// Exactly scale() fraction digits, "-" for negatives (never "-0").
    std::string to_text() const {
        std::string digits = mantissa_.abs().to_text();
        const auto width = static_cast<std::size_t>(scale_);
        if (scale_ > 0) {
            if (digits.size() <= width) digits.insert(0, width + 1 - digits.size(), '0');
            digits.insert(digits.size() - width, ".");
        }
        return mantissa_.is_negative() ? "-" + digits : digits;
    }

    friend number operator+(const number& a, const number& b) {
        const int s = a.scale_ > b.scale_ ? a.scale_ : b.scale_;
        return number(a.at_scale(s).mantissa_ + b.at_scale(s).mantissa_, s);
    }
    friend number operator-(const number& a) { return number(-a.mantissa_, a.scale_); }
    friend number operator-(const number& a, const number& b) { return a + (-b); }
    friend number operator*(const number& a, const number& b) {
        return number(a.mantissa_ * b.mantissa_, a.scale_ + b.scale_);
    }
    friend int compare(const number& a, const number& b) {
        const int s = a.scale_ > b.scale_ ? a.scale_ : b.scale_;
        return compare(a.at_scale(s).mantissa_, b.at_scale(s).mantissa_);
    }
    friend bool operator==(const number& a, const number& b) { return compare(a, b) == 0; }
    friend bool operator!=(const number& a, const number& b) { return compare(a, b) != 0; }
    friend bool operator<(const number& a, const number& b) { return compare(a, b) < 0; }
    friend bool operator<=(const number& a, const number& b) { return compare(a, b) <= 0; }
    friend bool operator>(const number& a, const number& b) { return compare(a, b) > 0; }
    friend bool operator>=(const number& a, const number& b) { return compare(a, b) >= 0; }

private:
    integer mantissa_;
    int scale_ = 0;
};

/// `v` rounded to `digits` fraction digits by `m`; `v` itself when it has no more digits than
/// that. Decided by comparing twice the dropped remainder with the unit dropped.
inline number round(const number& v, int digits, round_mode m) {
    if (v.scale() <= digits) return v;
    const integer unit = integer::pow10(v.scale() - digits);
    integer q, r;
    integer::split_pow10(v.mantissa(), v.scale() - digits, q, r);
    const bool negative = v.is_negative();
    const int half = compare(r * integer::from_int64(2), unit);  // <0 below half, 0 at, >0 above
    bool away = false;
    switch (m) {
        case round_mode::up:
            away = !r.is_zero();
            break;
        case round_mode::down:
            away = false;
            break;
        case round_mode::ceiling:
            away = !r.is_zero() && !negative;
            break;
        case round_mode::floor:
            away = !r.is_zero() && negative;
            break;
        case round_mode::half_up:
            away = half >= 0 && !r.is_zero();
            break;
        case round_mode::half_down:
            away = half > 0;
            break;
        case round_mode::half_even:
            away = half > 0 || (half == 0 && !r.is_zero() && q.is_odd());
            break;
    }
    if (away) q = q + integer::from_int64(1);
    return number(negative ? -q : q, digits);
}

// --- The rater ------------------------------------------------------------------------------

/// One tier: its inclusive upper bound (none = unbounded), a quote ("contact sales") flag, and
/// its unit price and flat fee.
struct tier_spec {
    std::optional<number> up_to;
    bool quote = false;
    number unit_price;
    number flat_fee;
};

/// A tier table, as plain data.
struct table_spec {
    bool graduated = false;  ///< volume otherwise
    std::vector<tier_spec> tiers;
    int minor_units = 2;  ///< of the currency
    round_mode rounding = round_mode::half_up;
    bool round_total = false;                  ///< rounding scope "total"; "line" otherwise
    std::optional<std::int64_t> package_size;  ///< none: no package transform
    bool package_up = true;                    ///< ceil, else floor
    std::optional<number> minimum;
    std::optional<number> maximum;
    /// A monthly allowance taken off the quantity before the package and the tiers.
    std::optional<number> free_units;
    /// Zero billable units use the first tier, with 0 units, so that its flat fee is charged.
    bool flat_fee_at_zero = false;
};

struct line {
    std::size_t tier = 0;
    number from;                  ///< exclusive lower bound
    std::optional<number> up_to;  ///< inclusive upper bound; none when unbounded
    number units;
    bool quote = false;
    number unit_price;
    number flat_fee;
    number exact;   ///< units x unit_price + flat_fee
    number amount;  ///< exact, rounded to the minor unit in line scope
};

struct adjustment {
    bool is_minimum = true;  ///< else maximum
    number limit;
    number amount;  ///< added (minimum) or taken off (maximum, negative)
};

struct result {
    bool quote_required = false;
    std::optional<number> free;  ///< min(quantity, free units), when the table has free units
    number billable;
    std::vector<line> lines;
    std::optional<number> subtotal;  ///< none when a quote is required
    std::optional<adjustment> adjusted;
    std::optional<number> total;  ///< none when a quote is required
    /// Every exact value a fixed-width implementation has to hold on the way, in order: per
    /// priced line price x units, plus the fee, and (line scope) rounded; then the sum of the
    /// lines and (total scope) its rounding, and the total. Amounts are never negative, so the
    /// partial sums never exceed the full sum.
    std::vector<number> held;
};

/// Whole packages in `quantity`: ceil or floor of quantity / size.
inline number packages(const number& quantity, std::int64_t size, bool up) {
    integer q, r;
    integer::divide_magnitudes(quantity.mantissa(),
                               integer::from_int64(size) * integer::pow10(quantity.scale()), q, r);
    if (up && !r.is_zero()) q = q + integer::from_int64(1);
    return number(q, 0);
}

/// Rates a non-negative `quantity` against `table`.
inline result rate(const table_spec& table, const number& quantity) {
    if (quantity.is_negative()) throw std::invalid_argument("rating_reference: negative quantity");
    if (table.tiers.empty()) throw std::invalid_argument("rating_reference: no tiers");
    result out;
    const number zero;
    // The allowance first: what is left of the quantity, never below zero, is packaged.
    number rest = quantity;
    if (table.free_units) {
        out.free = quantity < *table.free_units ? quantity : *table.free_units;
        rest = quantity - *out.free;
    }
    out.billable =
        table.package_size ? packages(rest, *table.package_size, table.package_up) : rest;
    const number& b = out.billable;

    // Tier i covers (lower(i), up_to(i)]; the first starts above 0.
    auto lower = [&](std::size_t i) { return i == 0 ? zero : *table.tiers[i - 1].up_to; };
    auto contains = [&](std::size_t i, const number& q) {
        const tier_spec& t = table.tiers[i];
        return q > lower(i) && (!t.up_to || q <= *t.up_to);
    };
    auto add_line = [&](std::size_t i, const number& units) {
        const tier_spec& t = table.tiers[i];
        line l;
        l.tier = i;
        l.from = lower(i);
        l.up_to = t.up_to;
        l.units = units;
        l.quote = t.quote;
        if (t.quote) {
            out.quote_required = true;
        } else {
            l.unit_price = t.unit_price;
            l.flat_fee = t.flat_fee;
            const number product = units * t.unit_price;
            l.exact = product + t.flat_fee;
            out.held.push_back(product);
            out.held.push_back(l.exact);
            l.amount =
                table.round_total ? l.exact : round(l.exact, table.minor_units, table.rounding);
            if (!table.round_total) out.held.push_back(l.amount);
        }
        out.lines.push_back(l);
    };

    // Zero billable units use no tier, unless the table bills the first tier's flat fee at zero
    // (a quote tier has no fee).
    if (b.is_zero() && table.flat_fee_at_zero && !table.tiers[0].quote) add_line(0, zero);
    if (b > zero) {
        if (!table.graduated) {
            // Volume: the one tier containing the quantity prices all of it.
            for (std::size_t i = 0; i < table.tiers.size(); ++i) {
                if (contains(i, b)) add_line(i, b);
            }
        } else {
            // Graduated: each tier prices the part of the quantity inside it.
            for (std::size_t i = 0; i < table.tiers.size(); ++i) {
                const tier_spec& t = table.tiers[i];
                const number top = (t.up_to && *t.up_to < b) ? *t.up_to : b;
                const number units = top - lower(i);
                if (units > zero) add_line(i, units);
            }
        }
    }
    if (out.quote_required) return out;

    number sum;
    for (const line& l : out.lines) sum = sum + l.amount;
    out.held.push_back(sum);
    const number subtotal = table.round_total ? round(sum, table.minor_units, table.rounding) : sum;
    if (table.round_total) out.held.push_back(subtotal);
    out.subtotal = subtotal;
    number total = subtotal;
    if (table.minimum && subtotal < *table.minimum) {
        total = *table.minimum;
        out.adjusted = adjustment{true, *table.minimum, *table.minimum - subtotal};
    } else if (table.maximum && subtotal > *table.maximum) {
        total = *table.maximum;
        out.adjusted = adjustment{false, *table.maximum, *table.maximum - subtotal};
    }
    out.total = total;
    out.held.push_back(total);
    return out;
}

/// Whether every value in `values` is a whole number of 10^-scale units with magnitude at most
/// `max_raw`: i.e. fits a decimal of that scale whose representation holds +-max_raw.
inline bool all_fit(const std::vector<number>& values, int scale, const integer& max_raw) {
    for (const number& v : values) {
        const std::optional<integer> raw = v.raw_at(scale);
        if (!raw || raw->abs() > max_raw) return false;
    }
    return true;
}

}  // namespace rating_reference
