#pragma once
/// Billing periods: calendar months in a fixed UTC offset, instants, RFC 3339 timestamps and the
/// bill issue window. Nothing here reads the machine's time zone.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "detail/civil_date.hpp"
#include "detail/text.hpp"   // quote_for_message
#include "detail/words.hpp"  // load_little_endian: parse_common_instant reads whole words
#include "error.hpp"

namespace tariff {

/// A point in time in whole seconds since 1970-01-01T00:00:00Z, leap seconds not counted.
/// Seconds are enough: every billing boundary is a whole second, so flooring a fraction never
/// moves a time across one, and 64-bit seconds cover every year RFC 3339 can spell.
using instant = std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>;

namespace detail {

/// Value of the `width` ASCII digits at `pos`, or -1 if any of them is not a digit.
constexpr int digits_at(std::string_view text, std::size_t pos, std::size_t width) noexcept {
    if (pos > text.size() || text.size() - pos < width) {
        return -1;
    }
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        // Compared as ASCII, not with std::isdigit, whose answer depends on the C locale.
        if (text[i] < '0' || text[i] > '9') {
            return -1;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

/// Appends `value` (>= 0) with at least `width` digits, zero-padded.
inline void append_padded(std::string& out, std::int64_t value, int width) {
    char buffer[24];
    int length = 0;
    do {
        buffer[length++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value > 0);
    for (int i = length; i < width; ++i) {
        out += '0';
    }
    while (length > 0) {
        out += buffer[--length];
    }
}

/// Throws parse_error "invalid <what> "<text>": <why>".
[[noreturn]] inline void throw_invalid_text(const char* what, std::string_view text,
                                            const std::string& why) {
    throw parse_error(std::string("invalid ") + what + " " + quote_for_message(text) + ": " + why);
}

[[noreturn]] inline void throw_offset_out_of_range(std::int64_t minutes) {
    throw invalid_argument("UTC offset of " + std::to_string(minutes) +
                           " minutes is outside -23:59..+23:59");
}

[[noreturn]] inline void throw_period_out_of_range(std::int64_t year, std::int64_t month) {
    throw invalid_argument("billing period year " + std::to_string(year) + " month " +
                           std::to_string(month) + " is outside 0000-01..9999-12");
}

[[noreturn]] inline void throw_period_overflow(const char* message) {
    throw overflow_error(message);
}

}  // namespace detail

/// A fixed offset from UTC in whole minutes east (+05:45 is 345), within -23:59..+23:59 as in
/// RFC 3339.
class utc_offset {
public:
    /// Largest magnitude in minutes (23:59).
    static constexpr int max_minutes = 23 * 60 + 59;

    /// UTC itself, +00:00.
    constexpr utc_offset() noexcept = default;

    /// Minutes east of UTC; throws invalid_argument outside -23:59..+23:59.
    constexpr explicit utc_offset(std::chrono::minutes east_of_utc)
        : minutes_(checked(east_of_utc.count())) {}

    /// Parses exactly "+HH:MM" or "-HH:MM" (HH 00-23, MM 00-59); "-00:00" is UTC.
    static constexpr utc_offset parse(std::string_view text) {
        const int hours = detail::digits_at(text, 1, 2);
        const int minutes = detail::digits_at(text, 4, 2);
        const bool shaped = text.size() == 6 && (text[0] == '+' || text[0] == '-') && hours >= 0 &&
                            text[3] == ':' && minutes >= 0;
        if (!shaped) {
            detail::throw_invalid_text("UTC offset", text, "expected +HH:MM or -HH:MM");
        }
        if (hours > 23 || minutes > 59) {
            detail::throw_invalid_text(
                "UTC offset", text, hours > 23 ? "hours must be 00-23" : "minutes must be 00-59");
        }
        const int total = hours * 60 + minutes;
        return utc_offset(std::chrono::minutes(text[0] == '-' ? -total : total));
    }

    /// Minutes east of UTC.
    constexpr std::chrono::minutes minutes() const noexcept {
        return std::chrono::minutes(minutes_);
    }

    /// Offsets are equal when their minutes are ("-00:00" equals "+00:00").
    friend constexpr bool operator==(utc_offset a, utc_offset b) noexcept {
        return a.minutes_ == b.minutes_;
    }
    friend constexpr bool operator!=(utc_offset a, utc_offset b) noexcept { return !(a == b); }

private:
    static constexpr int checked(std::int64_t minutes) {
        if (minutes < -max_minutes || minutes > max_minutes) {
            detail::throw_offset_out_of_range(minutes);
        }
        return static_cast<int>(minutes);
    }

    int minutes_ = 0;
};

/// "+HH:MM" or "-HH:MM"; UTC is "+00:00".
inline std::string to_string(utc_offset offset) {
    const auto minutes = offset.minutes().count();
    const auto magnitude = minutes < 0 ? -minutes : minutes;
    std::string out(1, minutes < 0 ? '-' : '+');
    detail::append_padded(out, magnitude / 60, 2);
    out += ':';
    detail::append_padded(out, magnitude % 60, 2);
    return out;
}

/// A calendar month, 0000-01 to 9999-12 (the years RFC 3339 can spell).
class billing_period {
public:
    static constexpr int min_year = 0;
    static constexpr int max_year = 9999;

    /// Throws invalid_argument unless 0 <= year <= 9999 and 1 <= month <= 12.
    constexpr billing_period(int year, int month) : year_(year), month_(month) {
        if (year < min_year || year > max_year || month < 1 || month > 12) {
            detail::throw_period_out_of_range(year, month);
        }
    }

    /// Parses exactly "YYYY-MM" with month 01-12.
    static constexpr billing_period parse(std::string_view text) {
        const int year = detail::digits_at(text, 0, 4);
        const int month = detail::digits_at(text, 5, 2);
        if (text.size() != 7 || year < 0 || text[4] != '-' || month < 0) {
            detail::throw_invalid_text("billing period", text, "expected YYYY-MM");
        }
        if (month < 1 || month > 12) {
            detail::throw_invalid_text("billing period", text,
                                       "month " + std::string(text.substr(5)) + " is not 01-12");
        }
        return billing_period(year, month);
    }

    /// Calendar year, 0-9999.
    constexpr int year() const noexcept { return year_; }
    /// Month of the year, 1-12.
    constexpr int month() const noexcept { return month_; }

    /// The following month; throws overflow_error after 9999-12.
    constexpr billing_period next() const {
        if (year_ == max_year && month_ == 12) {
            detail::throw_period_overflow("no billing period follows 9999-12");
        }
        return month_ == 12 ? billing_period(year_ + 1, 1) : billing_period(year_, month_ + 1);
    }

    /// The preceding month; throws overflow_error before 0000-01.
    constexpr billing_period previous() const {
        if (year_ == min_year && month_ == 1) {
            detail::throw_period_overflow("no billing period precedes 0000-01");
        }
        return month_ == 1 ? billing_period(year_ - 1, 12) : billing_period(year_, month_ - 1);
    }

    /// Periods compare in calendar order.
    friend constexpr bool operator==(billing_period a, billing_period b) noexcept {
        return a.year_ == b.year_ && a.month_ == b.month_;
    }
    friend constexpr bool operator!=(billing_period a, billing_period b) noexcept {
        return !(a == b);
    }
    friend constexpr bool operator<(billing_period a, billing_period b) noexcept {
        return a.year_ != b.year_ ? a.year_ < b.year_ : a.month_ < b.month_;
    }
    friend constexpr bool operator>(billing_period a, billing_period b) noexcept { return b < a; }
    friend constexpr bool operator<=(billing_period a, billing_period b) noexcept {
        return !(b < a);
    }
    friend constexpr bool operator>=(billing_period a, billing_period b) noexcept {
        return !(a < b);
    }

private:
    int year_;
    int month_;
};

/// "YYYY-MM".
inline std::string to_string(billing_period period) {
    std::string out;
    detail::append_padded(out, period.year(), 4);
    out += '-';
    detail::append_padded(out, period.month(), 2);
    return out;
}

/// A half-open span of time [start, end).
struct instant_range {
    instant start;
    instant end;

    /// start <= t < end.
    constexpr bool contains(instant t) const noexcept { return start <= t && t < end; }
};

namespace detail {

/// The instant of local midnight starting the given day in `offset`; the date need not be a
/// representable billing period (the day after 9999-12-31 is fine).
constexpr instant local_midnight(std::int64_t year, int month, int day,
                                 utc_offset offset) noexcept {
    const std::int64_t local_seconds = days_from_civil(year, month, day) * seconds_per_day;
    return instant(std::chrono::seconds(local_seconds - offset.minutes().count() * 60));
}

/// First and one-past-last second (UTC) for which period_of can name a period in any offset:
/// the local time 0000-01-01T00:00:00 and 10000-01-01T00:00:00 moved by up to a day either way.
inline constexpr std::int64_t earliest_supported_seconds =
    days_from_civil(0, 1, 1) * seconds_per_day - seconds_per_day;
inline constexpr std::int64_t latest_supported_seconds =
    days_from_civil(10000, 1, 1) * seconds_per_day + seconds_per_day;

[[noreturn]] inline void throw_instant_out_of_range(std::int64_t seconds,
                                                    std::int64_t offset_minutes) {
    throw invalid_argument("instant " + std::to_string(seconds) +
                           " s after 1970-01-01T00:00:00Z falls outside years 0000-9999 at UTC "
                           "offset " +
                           to_string(utc_offset(std::chrono::minutes(offset_minutes))));
}

/// `t` as seconds since 1970-01-01T00:00:00 local time in `offset`; throws invalid_argument
/// unless the local date lies in years 0000-9999.
constexpr std::int64_t local_seconds_of(instant t, utc_offset offset) {
    const std::int64_t seconds = t.time_since_epoch().count();
    const std::int64_t shift = offset.minutes().count() * 60;
    // Range-check before adding the offset so the addition cannot overflow.
    if (seconds < earliest_supported_seconds || seconds >= latest_supported_seconds) {
        throw_instant_out_of_range(seconds, offset.minutes().count());
    }
    const std::int64_t local = seconds + shift;
    if (local < days_from_civil(0, 1, 1) * seconds_per_day ||
        local >= days_from_civil(10000, 1, 1) * seconds_per_day) {
        throw_instant_out_of_range(seconds, offset.minutes().count());
    }
    return local;
}

}  // namespace detail

/// The calendar month containing `t` in `offset`; throws invalid_argument if that month is
/// outside 0000-01..9999-12.
constexpr billing_period period_of(instant t, utc_offset offset) {
    const std::int64_t local = detail::local_seconds_of(t, offset);
    const detail::civil_date date =
        detail::civil_from_days(detail::floor_div(local, detail::seconds_per_day));
    return billing_period(static_cast<int>(date.year), date.month);
}

/// [local midnight on the 1st, local midnight on the 1st of the next month) in `offset`.
constexpr instant_range period_range(billing_period period, utc_offset offset) noexcept {
    const int next_month = period.month() == 12 ? 1 : period.month() + 1;
    const int next_year = period.month() == 12 ? period.year() + 1 : period.year();
    return {detail::local_midnight(period.year(), period.month(), 1, offset),
            detail::local_midnight(next_year, next_month, 1, offset)};
}

/// When the bill for `period` is issued: from local midnight starting the 1st of the next month
/// to local midnight ending its 3rd day, in `offset`.
constexpr instant_range issue_window(billing_period period, utc_offset offset) noexcept {
    const int next_month = period.month() == 12 ? 1 : period.month() + 1;
    const int next_year = period.month() == 12 ? period.year() + 1 : period.year();
    return {detail::local_midnight(next_year, next_month, 1, offset),
            detail::local_midnight(next_year, next_month, 4, offset)};
}

/// True when `t` falls in the issue window of `period` in `offset`.
constexpr bool is_in_issue_window(instant t, billing_period period, utc_offset offset) noexcept {
    return issue_window(period, offset).contains(t);
}

namespace detail {

/// Seconds since 1970-01-01T00:00:00Z of a valid local date and time written at
/// `offset_minutes` east of UTC; second 60 (a leap second) is read as 59.
constexpr std::int64_t utc_seconds(int year, int month, int day, int hour, int minute, int second,
                                   int offset_minutes) noexcept {
    const std::int64_t local = days_from_civil(year, month, day) * seconds_per_day + hour * 3600 +
                               minute * 60 + (second == 60 ? 59 : second);
    return local - std::int64_t{offset_minutes} * 60;
}

/// The months a run of parse_common_instant calls has met, so that a timestamp of a month seen
/// before costs no calendar arithmetic: each slot holds a "YYYY-MM-" prefix already checked (as
/// eight bytes, 0 for none), the seconds at the start of its 1st day (UTC) and its length. One
/// slot per month number, so the months around a billed one never evict each other.
struct common_instant_months {
    struct month {
        std::uint64_t prefix = 0;
        std::int64_t first_day = 0;
        int days = 0;
    };
    month slots[16];
};

/// The two shapes of a common timestamp, character by character: '9' is a digit, 'T' and 'Z' are
/// those letters in either case, '+' is '+' or '-', anything else is itself.
inline constexpr char common_instant_zulu[] = "9999-99-99T99:99:99Z";
inline constexpr char common_instant_offset[] = "9999-99-99T99:99:99+99:99";

/// Whether `c` is what `shape`, a character of a common_instant shape, stands for.
constexpr bool fits_shape(char c, char shape) noexcept {
    switch (shape) {
        case '9':
            return c >= '0' && c <= '9';
        case 'T':
        case 'Z':
            return (c | 0x20) == (shape | 0x20);
        case '+':
            return c == '+' || c == '-';
        default:
            return c == shape;
    }
}

#if (defined(__GNUC__) || defined(__clang__)) && defined(__SSE2__)
/// Sixteen characters of a common_instant shape as bounds per lane, to check them at once: a
/// character c fits where above < (c | lower_case) < below, as signed bytes. A sign lane lets
/// ',' through too, which the caller refuses.
struct shape_lanes {
    signed char lower_case[16];
    signed char above[16];
    signed char below[16];
};

/// The lanes of the sixteen characters of `shape` from `from` on.
constexpr shape_lanes lanes_of(const char* shape, std::size_t from) noexcept {
    shape_lanes lanes{};
    for (std::size_t i = 0; i < 16; ++i) {
        const char c = shape[from + i];
        char first = c, last = c;
        if (c == '9') {
            first = '0';
            last = '9';
        } else if (c == 'T' || c == 'Z') {
            lanes.lower_case[i] = 0x20;
            first = last = static_cast<char>(c | 0x20);
        } else if (c == '+') {
            first = '+';
            last = '-';
        }
        lanes.above[i] = static_cast<signed char>(first - 1);
        lanes.below[i] = static_cast<signed char>(last + 1);
    }
    return lanes;
}
#endif

/// has_common_instant_shape one character at a time: what it does without SSE2 (and what the
/// tests compare it with on every CPU).
inline bool has_common_instant_shape_bytewise(const char* p, std::size_t n) noexcept {
    const char* shape = n == 20 ? common_instant_zulu : common_instant_offset;
    for (std::size_t i = 0; i < n; ++i) {
        if (!fits_shape(p[i], shape[i])) return false;
    }
    return true;
}

/// Whether the `n` (20 or 25) characters at `p` have the shape of a common timestamp
/// (common_instant_zulu or common_instant_offset): with SSE2 sixteen characters at a time.
inline bool has_common_instant_shape(const char* p, std::size_t n) noexcept {
#if (defined(__GNUC__) || defined(__clang__)) && defined(__SSE2__)
    typedef signed char bytes16 __attribute__((vector_size(16)));
    typedef char chars16 __attribute__((vector_size(16)));
    static constexpr shape_lanes head = lanes_of(common_instant_zulu, 0);
    static constexpr shape_lanes zulu_tail = lanes_of(common_instant_zulu, 4);
    static constexpr shape_lanes offset_tail = lanes_of(common_instant_offset, 9);
    const auto fits = [](const char* at, const shape_lanes& lanes) {
        bytes16 v, lower_case, above, below;
        std::memcpy(&v, at, sizeof v);
        std::memcpy(&lower_case, lanes.lower_case, sizeof v);
        std::memcpy(&above, lanes.above, sizeof v);
        std::memcpy(&below, lanes.below, sizeof v);
        v |= lower_case;
        const auto in = (v > above) & (v < below);
        return __builtin_ia32_pmovmskb128(reinterpret_cast<chars16>(in)) == 0xFFFF;
    };
    return fits(p, head) && fits(p + n - 16, n == 20 ? zulu_tail : offset_tail) &&
           (n == 20 || p[19] != ',');
#else
    return has_common_instant_shape_bytewise(p, n);
#endif
}

/// parse_instant's fast path, for the shape nearly every timestamp has: exactly
/// "YYYY-MM-DDTHH:MM:SS" then 'Z' or "+HH:MM" / "-HH:MM" ('t' and 'z' too), with every field in
/// range and no leap second. Sets `seconds` as parse_instant would and returns true; returns
/// false for anything else, which parse_instant then reads the long way, with its messages. The
/// month of a "YYYY-MM-" prefix found in `months` is taken from there; any other is worked out
/// and, when valid, remembered in it.
inline bool parse_common_instant(std::string_view text, std::int64_t& seconds,
                                 common_instant_months& months) noexcept {
    const std::size_t n = text.size();
    if ((n != 20 && n != 25) || !has_common_instant_shape(text.data(), n)) return false;
    const char* p = text.data();
    const std::uint64_t head = load_little_endian(p);
    // The slot of month number 10 x tens + ones: its digits are lanes 5 and 6, and '0' x 11 is
    // 528, a multiple of 16, so months 1 to 12 take slots 1 to 12.
    common_instant_months::month& month = months.slots[((head >> 48) + 10 * (head >> 40)) & 15];
    if (head != month.prefix) {
        const int year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + p[3] - '0';
        const int number = (p[5] - '0') * 10 + (p[6] - '0');
        if (number < 1 || number > 12) return false;
        month = {head, days_from_civil(year, number, 1) * seconds_per_day,
                 days_in_month(year, number)};
    }
    // Two-digit values of a word of digits at once: lane k becomes 10 x digit k + digit k + 1
    // (at most 165, so no lane carries into the next).
    const auto pairs = [](std::uint64_t word) {
        const std::uint64_t digits = word & 0x0F0F0F0F0F0F0F0Full;
        return digits * 10 + (digits >> 8);
    };
    const auto lane = [](std::uint64_t word, int k) {
        return static_cast<int>((word >> (8 * k)) & 0xFF);
    };
    // "DDTHH:MM", then "H:MM:SSZ" or, with an offset, "SS+hh:mm".
    const std::uint64_t dd_hh_mm = pairs(load_little_endian(p + 8));
    const int day = lane(dd_hh_mm, 0);
    const int hour = lane(dd_hh_mm, 3);
    const int minute = lane(dd_hh_mm, 6);
    int second = 0;
    int offset_minutes = 0;
    if (n == 20) {
        second = lane(pairs(load_little_endian(p + 12)), 5);
    } else {
        const std::uint64_t ss_hh_mm = pairs(load_little_endian(p + 17));
        second = lane(ss_hh_mm, 0);
        const int offset_hours = lane(ss_hh_mm, 3);
        const int offset_mins = lane(ss_hh_mm, 6);
        if (offset_hours > 23 || offset_mins > 59) return false;
        offset_minutes = (offset_hours * 60 + offset_mins) * (p[19] == '-' ? -1 : 1);
    }
    if (day < 1 || day > month.days || hour > 23 || minute > 59 || second > 59) return false;
    seconds = month.first_day + std::int64_t{day - 1} * seconds_per_day + hour * 3600 +
              minute * 60 + second - std::int64_t{offset_minutes} * 60;
    return true;
}

/// parse_common_instant for one timestamp, with no months met before.
inline bool parse_common_instant(std::string_view text, std::int64_t& seconds) noexcept {
    common_instant_months months;
    return parse_common_instant(text, seconds, months);
}

}  // namespace detail

/// Parses an RFC 3339 date-time "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)".
/// The offset is required. Lowercase 't' and 'z' are accepted (RFC 3339 section 5.6 allows
/// them); a space instead of 'T' is not. The fraction (one or more digits) is floored to the
/// second. Second 60 is accepted only as a leap second, 23:59:60 UTC on the last day of a
/// month, and read as 23:59:59 UTC of that day so it stays in its month. Throws parse_error
/// naming the text and the bad part.
constexpr instant parse_instant(std::string_view text) {
    if (std::int64_t seconds = 0;
        !__builtin_is_constant_evaluated() && detail::parse_common_instant(text, seconds)) {
        return instant(std::chrono::seconds(seconds));
    }
    const auto fail = [text](const std::string& why) {
        detail::throw_invalid_text("timestamp", text, why);
    };
    const auto field = [&](std::size_t pos, std::size_t width, const char* name) {
        const int value = detail::digits_at(text, pos, width);
        if (value < 0) {
            fail(std::string("expected ") + std::to_string(width) + "-digit " + name +
                 " at position " + std::to_string(pos + 1));
        }
        return value;
    };
    const auto expect = [&](std::size_t pos, char lower, char upper, const char* what) {
        if (pos >= text.size() || (text[pos] != lower && text[pos] != upper)) {
            fail(std::string("expected ") + what + " at position " + std::to_string(pos + 1));
        }
    };

    const int year = field(0, 4, "year");
    expect(4, '-', '-', "'-'");
    const int month = field(5, 2, "month");
    expect(7, '-', '-', "'-'");
    const int day = field(8, 2, "day");
    expect(10, 't', 'T', "'T'");
    const int hour = field(11, 2, "hour");
    expect(13, ':', ':', "':'");
    const int minute = field(14, 2, "minute");
    expect(16, ':', ':', "':'");
    const int second = field(17, 2, "second");

    std::size_t pos = 19;
    if (pos < text.size() && text[pos] == '.') {
        const std::size_t first = ++pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            ++pos;
        }
        if (pos == first) {
            fail("expected a digit after '.' at position " + std::to_string(first + 1));
        }
    }

    int offset_minutes = 0;
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const int offset_hours = field(pos + 1, 2, "offset hour");
        expect(pos + 3, ':', ':', "':' in the UTC offset");
        const int offset_mins = field(pos + 4, 2, "offset minute");
        if (offset_hours > 23 || offset_mins > 59) {
            fail("UTC offset " + std::string(text.substr(pos, 6)) + " is outside -23:59..+23:59");
        }
        offset_minutes = (offset_hours * 60 + offset_mins) * (text[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        fail("expected a UTC offset ('Z', '+HH:MM' or '-HH:MM') at position " +
             std::to_string(pos + 1));
    }
    if (pos != text.size()) {
        fail("unexpected " + detail::quote_for_message(text.substr(pos)) + " after the UTC offset");
    }

    if (month < 1 || month > 12) {
        fail("month " + std::string(text.substr(5, 2)) + " is not 01-12");
    }
    if (day < 1 || day > detail::days_in_month(year, month)) {
        fail("day " + std::string(text.substr(8, 2)) + " does not exist in " +
             std::string(text.substr(0, 7)));
    }
    if (hour > 23) {
        fail("hour " + std::string(text.substr(11, 2)) + " is not 00-23");
    }
    if (minute > 59) {
        fail("minute " + std::string(text.substr(14, 2)) + " is not 00-59");
    }
    if (second > 60) {
        fail("second " + std::string(text.substr(17, 2)) + " is not 00-60");
    }

    const std::int64_t utc =
        detail::utc_seconds(year, month, day, hour, minute, second, offset_minutes);
    if (second == 60) {
        // A leap second is inserted after 23:59:59 UTC, and only at the end of a month.
        const std::int64_t utc_day = detail::floor_div(utc, detail::seconds_per_day);
        const bool last_second_of_day =
            detail::floor_mod(utc, detail::seconds_per_day) == detail::seconds_per_day - 1;
        if (!last_second_of_day || detail::civil_from_days(utc_day + 1).day != 1) {
            fail(
                "second 60 is only a leap second at 23:59:60 UTC on the last day of a "
                "month");
        }
    }
    return instant(std::chrono::seconds(utc));
}

/// Formats `t` as RFC 3339 in `offset`: "YYYY-MM-DDTHH:MM:SSZ" for UTC, else with "+HH:MM".
/// Throws invalid_argument if the local date is outside years 0000-9999.
inline std::string to_rfc3339(instant t, utc_offset offset = utc_offset()) {
    const std::int64_t local = detail::local_seconds_of(t, offset);
    const std::int64_t days = detail::floor_div(local, detail::seconds_per_day);
    const std::int64_t of_day = local - days * detail::seconds_per_day;
    const detail::civil_date date = detail::civil_from_days(days);
    std::string out;
    out.reserve(25);
    detail::append_padded(out, date.year, 4);
    out += '-';
    detail::append_padded(out, date.month, 2);
    out += '-';
    detail::append_padded(out, date.day, 2);
    out += 'T';
    detail::append_padded(out, of_day / 3600, 2);
    out += ':';
    detail::append_padded(out, of_day / 60 % 60, 2);
    out += ':';
    detail::append_padded(out, of_day % 60, 2);
    out += offset == utc_offset() ? std::string("Z") : to_string(offset);
    return out;
}

}  // namespace tariff
