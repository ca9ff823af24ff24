#pragma once
/// Proleptic Gregorian calendar arithmetic on day counts (days since 1970-01-01), for period.hpp.

#include <cstdint>

namespace tariff::detail {

/// Seconds in a civil day (POSIX time has no leap seconds).
inline constexpr std::int64_t seconds_per_day = 86'400;

/// Quotient rounded toward negative infinity; `divisor` must be positive.
constexpr std::int64_t floor_div(std::int64_t dividend, std::int64_t divisor) noexcept {
    // Built-in `/` truncates toward zero, which is one too high for negative non-multiples.
    return dividend / divisor - (dividend % divisor < 0 ? 1 : 0);
}

/// Remainder in [0, divisor) matching floor_div; `divisor` must be positive.
constexpr std::int64_t floor_mod(std::int64_t dividend, std::int64_t divisor) noexcept {
    return dividend - floor_div(dividend, divisor) * divisor;
}

/// Gregorian leap year: divisible by 4, except centuries not divisible by 400.
constexpr bool is_leap_year(std::int64_t year) noexcept {
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

/// Number of days in `month` (1-12) of `year`.
constexpr int days_in_month(std::int64_t year, int month) noexcept {
    if (month == 2) return is_leap_year(year) ? 29 : 28;
    // 31 days in January, March, May, July, August, October and December: the odd months up
    // to July, the even ones from August (month >> 3 is 1 from August on).
    return 30 + ((month + (month >> 3)) & 1);
}

/// A date as year, month (1-12) and day (1-31).
struct civil_date {
    std::int64_t year;
    int month;
    int day;
};

// The conversions count in "March years": a March year starts on 1 March, so the leap day is
// the last day of its year and the days before each month follow one closed formula.

/// Days from 0000-03-01 to 1 March of March year `march_year`.
constexpr std::int64_t days_before_march_year(std::int64_t march_year) noexcept {
    // Every March year has 365 days plus the 29 February that ends it when the calendar year
    // after it is a leap year; the leap years in [1, y] number y/4 - y/100 + y/400 (floored).
    // Counted from 10^12 years earlier (2.5 * 10^9 whole cycles of 400 years, 146097 days
    // each), so the year is positive for every |march_year| < 10^12 and the divisions are
    // plain unsigned ones.
    constexpr std::int64_t cycles = 2'500'000'000;
    const auto y = static_cast<std::uint64_t>(march_year + cycles * 400);
    return static_cast<std::int64_t>(365 * y + y / 4 - y / 100 + y / 400) - cycles * 146'097;
}

/// Days from 1 March to the first day of month `march_month` (0 = March ... 11 = February).
constexpr std::int64_t days_before_march_month(std::int64_t march_month) noexcept {
    // March..January alternate 31/30 days in a 5-month pattern of 153 days (31+30+31+30+31),
    // so the running total is the integer part of 153/5 per month, offset to hit each boundary.
    return (153 * march_month + 2) / 5;
}

/// Days from 0000-03-01 to the given date.
constexpr std::int64_t days_from_march_zero(std::int64_t year, int month, int day) noexcept {
    const std::int64_t march_year = month <= 2 ? year - 1 : year;
    const std::int64_t march_month = month <= 2 ? month + 9 : month - 3;
    return days_before_march_year(march_year) + days_before_march_month(march_month) + day - 1;
}

/// 1970-01-01 counted from 0000-03-01.
inline constexpr std::int64_t unix_epoch_from_march_zero = days_from_march_zero(1970, 1, 1);

/// Days since 1970-01-01 of a valid date; |year| must stay below 10^12 so nothing overflows.
constexpr std::int64_t days_from_civil(std::int64_t year, int month, int day) noexcept {
    return days_from_march_zero(year, month, day) - unix_epoch_from_march_zero;
}

/// The date `days` days after 1970-01-01; |days| must stay below 3 * 10^14.
constexpr civil_date civil_from_days(std::int64_t days) noexcept {
    const std::int64_t since_march_zero = days + unix_epoch_from_march_zero;
    // Estimate the March year from whole 400-year cycles (146097 days each) plus the part of a
    // cycle, then correct it: the estimate is off by at most one year either way.
    constexpr std::int64_t cycle_days = 146'097;
    const std::int64_t cycles = floor_div(since_march_zero, cycle_days);
    const std::int64_t in_cycle = since_march_zero - cycles * cycle_days;
    std::int64_t march_year = cycles * 400 + in_cycle * 400 / cycle_days;
    while (days_before_march_year(march_year + 1) <= since_march_zero) {
        ++march_year;
    }
    while (days_before_march_year(march_year) > since_march_zero) {
        --march_year;
    }
    const std::int64_t day_of_year = since_march_zero - days_before_march_year(march_year);
    // Inverse of days_before_march_month: the last month whose first day is <= day_of_year.
    const std::int64_t march_month = (5 * day_of_year + 2) / 153;
    const int day = static_cast<int>(day_of_year - days_before_march_month(march_month)) + 1;
    const int month = static_cast<int>(march_month < 10 ? march_month + 3 : march_month - 9);
    return civil_date{month <= 2 ? march_year + 1 : march_year, month, day};
}

}  // namespace tariff::detail
