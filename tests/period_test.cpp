// Tests for include/tariff/period.hpp: offsets, billing periods, RFC 3339 and the issue window.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <tariff/period.hpp>
#include <type_traits>
#include <utility>
#include <vector>

#include "support/billing_strings.hpp"

using tariff::billing_period;
using tariff::instant;
using tariff::parse_instant;
using tariff::period_of;
using tariff::utc_offset;

namespace {

utc_offset offset(const char* text) { return utc_offset::parse(text); }

instant at(const char* text) { return parse_instant(text); }

constexpr instant seconds(std::int64_t count) { return instant(std::chrono::seconds(count)); }

// The parse_error message for `text`, or "" if it parsed.
template <class Parse>
std::string rejection(Parse parse, const std::string& text) {
    try {
        parse(text);
    } catch (const tariff::parse_error& e) {
        return e.what();
    }
    return "";
}

std::string instant_rejection(const std::string& text) {
    return rejection([](const std::string& s) { return parse_instant(s); }, text);
}

}  // namespace

// --- compile-time ---------------------------------------------------------------------------

static_assert(tariff::detail::days_from_civil(1970, 1, 1) == 0);
static_assert(tariff::detail::days_from_civil(1969, 12, 31) == -1);
static_assert(tariff::detail::days_from_civil(2000, 3, 1) == 11017);
static_assert(tariff::detail::civil_from_days(11016).month == 2);
static_assert(tariff::detail::civil_from_days(11016).day == 29);
static_assert(billing_period(2024, 12).next() == billing_period(2025, 1));
static_assert(period_of(seconds(0), utc_offset(std::chrono::minutes(-1))) ==
              billing_period(1969, 12));
static_assert(tariff::period_range(billing_period(1970, 1), utc_offset()).end ==
              seconds(31LL * 86400));
static_assert(std::is_nothrow_copy_constructible_v<billing_period>);
static_assert(!std::is_default_constructible_v<billing_period>);
static_assert(!std::is_convertible_v<std::chrono::minutes, utc_offset>);

// --- utc_offset -----------------------------------------------------------------------------

TEST_CASE("utc_offset parses +HH:MM and -HH:MM") {
    CHECK(offset("+00:00").minutes().count() == 0);
    CHECK(offset("-00:00") == utc_offset());
    CHECK(offset("+05:45").minutes().count() == 345);
    CHECK(offset("-09:30").minutes().count() == -570);
    CHECK(offset("+14:00").minutes().count() == 840);
    CHECK(offset("-12:00").minutes().count() == -720);
    CHECK(offset("+23:59").minutes().count() == 1439);
    CHECK(offset("-23:59").minutes().count() == -1439);
    for (const char* text : {"+00:00", "+05:45", "-09:30", "+14:00", "-12:00", "+23:59"}) {
        CHECK(tariff::to_string(offset(text)) == text);
    }
    CHECK(tariff::to_string(offset("-00:00")) == "+00:00");
}

TEST_CASE("utc_offset rejects anything but +HH:MM within 23:59") {
    const auto parse = [](const std::string& s) { return utc_offset::parse(s); };
    for (const char* text : {"", "Z", "z", "05:45", "+5:45", "+05:4", "+0545", "+05-45", "+05:45 ",
                             " +05:45", "+05:45Z", "++5:45", "+05:4x", "+a5:45",
                             "\xe2\x88\x92"
                             "05:00",
                             "+24:00", "-24:00", "+05:60", "+99:99"}) {
        CAPTURE(text);
        const std::string message = rejection(parse, text);
        CHECK(message.find("invalid UTC offset") != std::string::npos);
    }
    CHECK(rejection(parse, "+24:00").find("\"+24:00\"") != std::string::npos);
    CHECK(rejection(parse, "+24:00").find("hours") != std::string::npos);
    CHECK(rejection(parse, "+05:60").find("minutes") != std::string::npos);

    CHECK_THROWS_AS(utc_offset(std::chrono::minutes(1440)), tariff::invalid_argument);
    CHECK_THROWS_AS(utc_offset(std::chrono::minutes(-1440)), tariff::invalid_argument);
    CHECK_THROWS_WITH_AS(utc_offset(std::chrono::hours(-24)), doctest::Contains("-1440 minutes"),
                         tariff::invalid_argument);
    CHECK_NOTHROW(utc_offset(std::chrono::minutes(1439)));
}

// --- billing_period -------------------------------------------------------------------------

TEST_CASE("billing_period parses YYYY-MM strictly") {
    CHECK(billing_period::parse("2024-02") == billing_period(2024, 2));
    CHECK(billing_period::parse("0000-01") == billing_period(0, 1));
    CHECK(billing_period::parse("9999-12") == billing_period(9999, 12));
    CHECK(tariff::to_string(billing_period(7, 3)) == "0007-03");
    CHECK(tariff::to_string(billing_period::parse("2024-11")) == "2024-11");

    const auto parse = [](const std::string& s) { return billing_period::parse(s); };
    for (const char* text : {"", "2024", "2024-2", "2024-002", "24-02", "2024/02", "2024-02-01",
                             "2024-02 ", " 2024-02", "+2024-02", "2024-1a", "20x4-02", "2024-00",
                             "2024-13", "2024-99", "12024-01"}) {
        CAPTURE(text);
        CHECK(rejection(parse, text).find("invalid billing period") != std::string::npos);
    }
    CHECK(rejection(parse, "2024-13") ==
          "invalid billing period \"2024-13\": month 13 is not 01-12");

    CHECK_THROWS_AS(billing_period(2024, 0), tariff::invalid_argument);
    CHECK_THROWS_AS(billing_period(2024, 13), tariff::invalid_argument);
    CHECK_THROWS_AS(billing_period(-1, 1), tariff::invalid_argument);
    CHECK_THROWS_AS(billing_period(10000, 1), tariff::invalid_argument);
}

TEST_CASE("billing_period steps and orders") {
    CHECK(billing_period(2024, 1).next() == billing_period(2024, 2));
    CHECK(billing_period(2024, 12).next() == billing_period(2025, 1));
    CHECK(billing_period(2025, 1).previous() == billing_period(2024, 12));
    CHECK(billing_period(2024, 3).previous() == billing_period(2024, 2));
    CHECK_THROWS_AS(billing_period(9999, 12).next(), tariff::overflow_error);
    CHECK_THROWS_AS(billing_period(0, 1).previous(), tariff::overflow_error);

    CHECK(billing_period(2024, 12) < billing_period(2025, 1));
    CHECK(billing_period(2024, 2) < billing_period(2024, 3));
    CHECK(billing_period(2024, 2) <= billing_period(2024, 2));
    CHECK(billing_period(2025, 1) > billing_period(2024, 12));
    CHECK(billing_period(2025, 1) >= billing_period(2024, 12));
    CHECK(billing_period(2025, 1) != billing_period(2024, 1));

    // Walking forward and back over every period returns to the start.
    billing_period p(0, 1);
    int steps = 0;
    while (p != billing_period(9999, 12)) {
        const billing_period n = p.next();
        REQUIRE(p < n);
        REQUIRE(n.previous() == p);
        p = n;
        ++steps;
    }
    CHECK(steps == 10000 * 12 - 1);
}

// --- RFC 3339 -------------------------------------------------------------------------------

TEST_CASE("parse_instant reads RFC 3339 with a required offset") {
    CHECK(at("1970-01-01T00:00:00Z") == seconds(0));
    CHECK(at("1970-01-01T00:00:01Z") == seconds(1));
    CHECK(at("1969-12-31T23:59:59Z") == seconds(-1));
    CHECK(at("2024-02-29T12:00:00Z") == seconds(1709208000));
    CHECK(at("2024-02-29T17:45:00+05:45") == at("2024-02-29T12:00:00Z"));
    CHECK(at("2024-02-29T02:30:00-09:30") == at("2024-02-29T12:00:00Z"));
    CHECK(at("2024-02-29T12:00:00-00:00") == at("2024-02-29T12:00:00Z"));
    CHECK(at("2024-02-29T12:00:00+00:00") == at("2024-02-29T12:00:00Z"));
    // Lowercase separators (RFC 3339 section 5.6 permits them).
    CHECK(at("2024-02-29t12:00:00z") == at("2024-02-29T12:00:00Z"));
    // Fractions are floored to the second, however many digits.
    CHECK(at("2024-02-29T12:00:00.999999999999Z") == at("2024-02-29T12:00:00Z"));
    CHECK(at("2024-02-29T12:00:00.5+05:45") == at("2024-02-29T12:00:00+05:45"));
    CHECK(at("1969-12-31T23:59:59.75Z") == seconds(-1));
    // The whole year range and extreme offsets.
    CHECK(at("0000-01-01T00:00:00Z") == seconds(-62167219200));
    CHECK(at("9999-12-31T23:59:59Z") == seconds(253402300799));
    CHECK(at("0000-01-01T00:00:00+23:59") == seconds(-62167219200 - 1439 * 60));
    CHECK(at("9999-12-31T23:59:59-23:59") == seconds(253402300799 + 1439 * 60));
    CHECK(at("2000-02-29T00:00:00Z") == seconds(951782400));
}

TEST_CASE("parse_instant accepts a leap second only where one can be") {
    CHECK(at("2016-12-31T23:59:60Z") == at("2016-12-31T23:59:59Z"));
    CHECK(at("2015-06-30T23:59:60Z") == at("2015-06-30T23:59:59Z"));
    CHECK(at("2017-01-01T05:29:60+05:30") == at("2016-12-31T23:59:59Z"));
    CHECK(at("2016-12-31T14:29:60-09:30") == at("2016-12-31T23:59:59Z"));
    CHECK(at("2016-12-31T23:59:60.5Z") == at("2016-12-31T23:59:59Z"));
    // It stays in its month in every offset: the month of 23:59:59 UTC.
    CHECK(period_of(at("2016-12-31T23:59:60Z"), utc_offset()) == billing_period(2016, 12));
    CHECK(period_of(at("2017-01-01T05:29:60+05:30"), offset("+05:30")) == billing_period(2017, 1));

    for (const char* text :
         {"2016-12-30T23:59:60Z", "2016-12-31T22:59:60Z", "2016-12-31T23:58:60Z",
          "2016-12-31T23:59:60+01:00", "2017-01-01T00:59:60+00:00", "2016-11-30T23:59:61Z"}) {
        CAPTURE(text);
        CHECK(instant_rejection(text).find("second") != std::string::npos);
    }
    // The end of any month is allowed, not only June and December.
    CHECK_NOTHROW(at("2024-02-29T23:59:60Z"));
}

TEST_CASE("parse_instant rejects every malformed timestamp, naming it") {
    struct rejected {
        const char* text;
        const char* reason;
    };
    const rejected cases[] = {
        {"2024-13-01T00:00:00Z", "month 13 is not 01-12"},
        {"2024-00-01T00:00:00Z", "month 00 is not 01-12"},
        {"2024-01-32T00:00:00Z", "day 32 does not exist in 2024-01"},
        {"2024-01-00T00:00:00Z", "day 00 does not exist in 2024-01"},
        {"2024-02-30T00:00:00Z", "day 30 does not exist in 2024-02"},
        {"2023-02-29T00:00:00Z", "day 29 does not exist in 2023-02"},
        {"2100-02-29T00:00:00Z", "day 29 does not exist in 2100-02"},
        {"1900-02-29T00:00:00Z", "day 29 does not exist in 1900-02"},
        {"2024-04-31T00:00:00Z", "day 31 does not exist in 2024-04"},
        {"2024-01-01T24:00:00Z", "hour 24 is not 00-23"},
        {"2024-01-01T23:60:00Z", "minute 60 is not 00-59"},
        {"2024-01-01T23:59:61Z", "second 61 is not 00-60"},
        {"2024-01-01T00:00:00", "expected a UTC offset"},
        {"2024-01-01T00:00:00.5", "expected a UTC offset"},
        {"2024-01-01T00:00:00+24:00", "UTC offset +24:00 is outside"},
        {"2024-01-01T00:00:00+05:60", "UTC offset +05:60 is outside"},
        {"2024-01-01T00:00:00+0545", "expected ':' in the UTC offset"},
        {"2024-01-01T00:00:00+5:45", "expected 2-digit offset hour"},
        {"2024-01-01T00:00:00+05:4", "expected 2-digit offset minute"},
        {"2024-01-01T00:00:00+05", "expected ':' in the UTC offset"},
        {"2024-01-01T00:00:00 Z", "expected a UTC offset"},
        {"2024-01-01T00:00:00ZZ", "unexpected \"Z\" after the UTC offset"},
        {"2024-01-01T00:00:00Z ", "unexpected \" \" after the UTC offset"},
        {"2024-01-01T00:00:00+05:45x", "unexpected \"x\" after the UTC offset"},
        {"2024-01-01T00:00:00Z\n", "unexpected \"\\x0a\" after the UTC offset"},
        {"2024-01-01T00:00:00.Z", "expected a digit after '.'"},
        {"2024-01-01T00:00:00,5Z", "expected a UTC offset"},
        {"2024-01-01 00:00:00Z", "expected 'T' at position 11"},
        {"2024-01-01X00:00:00Z", "expected 'T' at position 11"},
        {"2024-1-01T00:00:00Z", "expected 2-digit month"},
        {"24-01-01T00:00:00Z", "expected 4-digit year"},
        {"+2024-01-01T00:00:00Z", "expected 4-digit year"},
        {"12024-01-01T00:00:00Z", "expected '-' at position 5"},
        {"2024/01/01T00:00:00Z", "expected '-' at position 5"},
        {"2024-01-01T0:00:00Z", "expected 2-digit hour"},
        {"2024-01-01T00:00Z", "expected ':' at position 17"},
        {"2024-01-01T00:00:0Z", "expected 2-digit second"},
        {"2024-01-01T00-00-00Z", "expected ':' at position 14"},
        {"2024-01-01", "expected 'T' at position 11"},
        {"", "expected 4-digit year"},
        {" 2024-01-01T00:00:00Z", "expected 4-digit year"},
    };
    for (const rejected& c : cases) {
        CAPTURE(c.text);
        const std::string message = instant_rejection(c.text);
        CHECK(message.rfind("invalid timestamp \"", 0) == 0);
        CHECK(message.find(c.reason) != std::string::npos);
    }
    // An embedded NUL is part of the text, not its end.
    CHECK(
        instant_rejection(std::string("2024-01-01T00:00:00Z\0", 21)).find("unexpected \"\\x00\"") !=
        std::string::npos);
    // Long garbage is shortened in the message: 64 bytes of it, then an ellipsis.
    const std::string long_text = "2024-01-01T00:00:00Z" + std::string(1000, 'x');
    CHECK(instant_rejection(long_text).size() < 300);
    CHECK(instant_rejection(long_text).rfind(
              "invalid timestamp \"2024-01-01T00:00:00Z" + std::string(44, 'x') +
                  "\"\xE2\x80\xA6: unexpected \"" + std::string(64, 'x') + "\"\xE2\x80\xA6",
              0) == 0);
    // Bytes that are not UTF-8, and C1 controls, are escaped as C0 controls are.
    CHECK(instant_rejection("2024-01-01T00:00:00Z\xC2\x9b\xFF")
              .find("unexpected \"\\xc2\\x9b\\xff\" after the UTC offset") != std::string::npos);
}

TEST_CASE("to_rfc3339 formats in an offset and parses back") {
    const instant t = at("2024-02-29T23:59:59Z");
    CHECK(tariff::to_rfc3339(t) == "2024-02-29T23:59:59Z");
    CHECK(tariff::to_rfc3339(t, offset("+05:45")) == "2024-03-01T05:44:59+05:45");
    CHECK(tariff::to_rfc3339(t, offset("-09:30")) == "2024-02-29T14:29:59-09:30");
    CHECK(tariff::to_rfc3339(seconds(-1)) == "1969-12-31T23:59:59Z");
    CHECK(tariff::to_rfc3339(at("0000-01-01T00:00:00Z")) == "0000-01-01T00:00:00Z");
    CHECK_THROWS_AS(tariff::to_rfc3339(at("0000-01-01T00:00:00Z"), offset("-00:01")),
                    tariff::invalid_argument);
}

// --- periods of instants --------------------------------------------------------------------

TEST_CASE("period_of near midnight at month ends in many offsets") {
    struct near_midnight {
        const char* timestamp;
        const char* billing_offset;
        billing_period expected;
    };
    const near_midnight cases[] = {
        // The same instant lands in different months depending on the billing offset.
        {"2024-01-31T18:14:59Z", "+05:45", billing_period(2024, 1)},
        {"2024-01-31T18:15:00Z", "+05:45", billing_period(2024, 2)},
        {"2024-01-31T18:15:00Z", "+00:00", billing_period(2024, 1)},
        {"2024-03-01T09:29:59Z", "-09:30", billing_period(2024, 2)},
        {"2024-03-01T09:30:00Z", "-09:30", billing_period(2024, 3)},
        {"2024-12-31T09:59:59Z", "+14:00", billing_period(2024, 12)},
        {"2024-12-31T10:00:00Z", "+14:00", billing_period(2025, 1)},
        {"2025-01-01T11:59:59Z", "-12:00", billing_period(2024, 12)},
        {"2025-01-01T12:00:00Z", "-12:00", billing_period(2025, 1)},
        // Timestamps written in one offset, billed in another.
        {"2024-02-29T23:59:59-09:30", "-09:30", billing_period(2024, 2)},
        {"2024-02-29T23:59:59-09:30", "+00:00", billing_period(2024, 3)},
        {"2024-03-01T00:00:00+14:00", "+14:00", billing_period(2024, 3)},
        {"2024-03-01T00:00:00+14:00", "-12:00", billing_period(2024, 2)},
        {"2024-03-01T00:00:00+14:00", "+05:45", billing_period(2024, 2)},
        {"2023-03-01T05:44:59+05:45", "+00:00", billing_period(2023, 2)},
        {"2023-03-01T05:45:00+05:45", "+00:00", billing_period(2023, 3)},
        {"2100-02-28T23:59:59Z", "+00:00", billing_period(2100, 2)},
        {"2100-02-28T23:59:59Z", "+00:01", billing_period(2100, 3)},
        {"2000-02-28T23:59:59Z", "+00:01", billing_period(2000, 2)},
        {"2000-02-29T23:59:59Z", "+00:01", billing_period(2000, 3)},
        {"1969-12-31T23:59:59Z", "+00:00", billing_period(1969, 12)},
        {"1970-01-01T00:00:00Z", "-00:01", billing_period(1969, 12)},
    };
    for (const near_midnight& c : cases) {
        CAPTURE(c.timestamp);
        CAPTURE(c.billing_offset);
        CHECK(period_of(at(c.timestamp), offset(c.billing_offset)) == c.expected);
    }
}

TEST_CASE("period ranges have the month's length and tile time") {
    const auto length_in_days = [](billing_period p, utc_offset o) {
        const tariff::instant_range r = tariff::period_range(p, o);
        return (r.end - r.start).count() / 86400;
    };
    for (const char* o : {"+00:00", "+05:45", "-09:30", "+14:00", "-12:00"}) {
        CAPTURE(o);
        CHECK(length_in_days(billing_period(2024, 2), offset(o)) == 29);
        CHECK(length_in_days(billing_period(2023, 2), offset(o)) == 28);
        CHECK(length_in_days(billing_period(2100, 2), offset(o)) == 28);
        CHECK(length_in_days(billing_period(2000, 2), offset(o)) == 29);
        CHECK(length_in_days(billing_period(2024, 4), offset(o)) == 30);
        CHECK(length_in_days(billing_period(2024, 12), offset(o)) == 31);
        CHECK(tariff::period_range(billing_period(2024, 12), offset(o)).end ==
              tariff::period_range(billing_period(2025, 1), offset(o)).start);
    }
    const tariff::instant_range feb =
        tariff::period_range(billing_period(2024, 2), offset("+05:45"));
    CHECK(feb.start == at("2024-02-01T00:00:00+05:45"));
    CHECK(feb.end == at("2024-03-01T00:00:00+05:45"));
    CHECK(feb.contains(feb.start));
    CHECK(!feb.contains(feb.end));
    CHECK(feb.contains(feb.end - std::chrono::seconds(1)));
    CHECK(!feb.contains(feb.start - std::chrono::seconds(1)));
    // The last representable period ends at 10000-01-01 local midnight.
    CHECK(tariff::period_range(billing_period(9999, 12), utc_offset()).end ==
          seconds(253402300800));
}

TEST_CASE("period_of refuses instants outside years 0000-9999") {
    CHECK(period_of(at("0000-01-01T00:00:00Z"), utc_offset()) == billing_period(0, 1));
    CHECK(period_of(at("9999-12-31T23:59:59Z"), utc_offset()) == billing_period(9999, 12));
    CHECK_THROWS_AS(period_of(at("0000-01-01T00:00:00Z"), offset("-00:01")),
                    tariff::invalid_argument);
    CHECK_THROWS_AS(period_of(at("9999-12-31T23:59:59Z"), offset("+00:01")),
                    tariff::invalid_argument);
    const auto extreme = std::numeric_limits<std::int64_t>::max();
    CHECK_THROWS_WITH_AS(period_of(seconds(extreme), offset("+05:45")),
                         doctest::Contains("outside years 0000-9999 at UTC offset +05:45"),
                         tariff::invalid_argument);
    CHECK_THROWS_AS(period_of(seconds(-extreme - 1), offset("-12:00")), tariff::invalid_argument);
}

// --- issue window ---------------------------------------------------------------------------

TEST_CASE("the issue window is the 1st to the end of the 3rd of the next month") {
    struct window_case {
        billing_period period;
        const char* billing_offset;
        const char* first;  // first instant in the window
        const char* end;    // first instant after it
    };
    const window_case cases[] = {
        {billing_period(2024, 1), "+00:00", "2024-02-01T00:00:00Z", "2024-02-04T00:00:00Z"},
        {billing_period(2024, 2), "+05:45", "2024-03-01T00:00:00+05:45",
         "2024-03-04T00:00:00+05:45"},
        {billing_period(2024, 12), "-09:30", "2025-01-01T00:00:00-09:30",
         "2025-01-04T00:00:00-09:30"},
        {billing_period(2024, 12), "+14:00", "2025-01-01T00:00:00+14:00",
         "2025-01-04T00:00:00+14:00"},
        {billing_period(2100, 1), "-12:00", "2100-02-01T00:00:00-12:00",
         "2100-02-04T00:00:00-12:00"},
    };
    for (const window_case& c : cases) {
        CAPTURE(c.period);
        CAPTURE(c.billing_offset);
        const utc_offset o = offset(c.billing_offset);
        const instant first = at(c.first);
        const instant end = at(c.end);
        CHECK(tariff::issue_window(c.period, o).start == first);
        CHECK(tariff::issue_window(c.period, o).end == end);
        CHECK(!tariff::is_in_issue_window(first - std::chrono::seconds(1), c.period, o));
        CHECK(tariff::is_in_issue_window(first, c.period, o));
        CHECK(tariff::is_in_issue_window(end - std::chrono::seconds(1), c.period, o));
        CHECK(!tariff::is_in_issue_window(end, c.period, o));
        // The window opens exactly when the period closes.
        CHECK(tariff::period_range(c.period, o).end == first);
    }
    // The last period's window lies in year 10000: computable, though no timestamp names it.
    const tariff::instant_range last = tariff::issue_window(billing_period(9999, 12), utc_offset());
    CHECK(last.start == seconds(253402300800));
    CHECK((last.end - last.start).count() == 3 * 86400);
    // A window is about its own period only.
    CHECK(!tariff::is_in_issue_window(at("2024-03-02T00:00:00Z"), billing_period(2024, 1),
                                      utc_offset()));
    CHECK(tariff::is_in_issue_window(at("2024-03-03T23:59:59.999Z"), billing_period(2024, 2),
                                     utc_offset()));
    CHECK(!tariff::is_in_issue_window(at("2024-03-04T00:00:00Z"), billing_period(2024, 2),
                                      utc_offset()));
}

// --- property tests against an independent reference ----------------------------------------

namespace {

// Reference calendar: walks day by day from 0000-01-01, knowing only month lengths.
struct reference_day {
    int year;
    int month;
    int day;
};

bool reference_leap(int year) {
    if (year % 400 == 0) {
        return true;
    }
    if (year % 100 == 0) {
        return false;
    }
    return year % 4 == 0;
}

std::vector<reference_day> reference_calendar() {
    std::vector<reference_day> days;
    days.reserve(3'652'425);
    for (int year = 0; year <= 9999; ++year) {
        for (int month = 1; month <= 12; ++month) {
            int length = 31;
            if (month == 4 || month == 6 || month == 9 || month == 11) {
                length = 30;
            } else if (month == 2) {
                length = reference_leap(year) ? 29 : 28;
            }
            for (int day = 1; day <= length; ++day) {
                days.push_back({year, month, day});
            }
        }
    }
    return days;
}

}  // namespace

TEST_CASE("civil-date conversion matches a day-by-day count over years 0000-9999") {
    const std::vector<reference_day> days = reference_calendar();
    REQUIRE(days.size() == 3'652'425);  // 10000 years = 25 cycles of 146097 days
    // The index of 1970-01-01 in the walk anchors day numbers independently of the code tested.
    std::int64_t epoch_index = -1;
    for (std::size_t i = 0; i < days.size(); ++i) {
        if (days[i].year == 1970 && days[i].month == 1 && days[i].day == 1) {
            epoch_index = static_cast<std::int64_t>(i);
            break;
        }
    }
    REQUIRE(epoch_index == 719'528);

    std::int64_t mismatches = 0;
    for (std::size_t i = 0; i < days.size(); ++i) {
        const reference_day& d = days[i];
        const std::int64_t expected = static_cast<std::int64_t>(i) - epoch_index;
        const tariff::detail::civil_date back = tariff::detail::civil_from_days(expected);
        if (tariff::detail::days_from_civil(d.year, d.month, d.day) != expected ||
            back.year != d.year || back.month != d.month || back.day != d.day) {
            if (++mismatches <= 5) {
                FAIL_CHECK("mismatch at " << d.year << "-" << d.month << "-" << d.day);
            }
        }
    }
    CHECK(mismatches == 0);

    // Randomly chosen instants (fixed seed): period_of, period_range, and the RFC 3339 round
    // trip agree with the reference date of the instant's local day.
    std::mt19937_64 random(20240229);
    const std::int64_t first_second = -epoch_index * 86400;
    const std::int64_t last_second = (static_cast<std::int64_t>(days.size()) - epoch_index) * 86400;
    std::uniform_int_distribution<std::int64_t> any_second(first_second + 86400,
                                                           last_second - 86400 - 1);
    std::uniform_int_distribution<int> any_offset(-1439, 1439);
    std::uniform_int_distribution<int> near_boundary(-3 * 3600, 3 * 3600);
    std::int64_t wrong = 0;
    for (int n = 0; n < 200'000; ++n) {
        std::int64_t s = any_second(random);
        if (n % 2 == 1) {
            // Half the samples within hours of a month boundary.
            const reference_day& d = days[static_cast<std::size_t>((s - first_second) / 86400)];
            std::int64_t index = (s - first_second) / 86400 - (d.day - 1);
            s = (index - epoch_index) * 86400 + near_boundary(random);
            if (s < first_second + 86400 || s >= last_second - 86400) {
                continue;
            }
        }
        const utc_offset o{std::chrono::minutes(any_offset(random))};
        const std::int64_t local = s + o.minutes().count() * 60;
        const std::int64_t local_day = tariff::detail::floor_div(local, 86400);
        const reference_day& d = days[static_cast<std::size_t>(local_day + epoch_index)];
        const billing_period p = period_of(seconds(s), o);
        const tariff::instant_range r = tariff::period_range(p, o);
        const bool ok = p == billing_period(d.year, d.month) && r.contains(seconds(s)) &&
                        parse_instant(tariff::to_rfc3339(seconds(s), o)) == seconds(s);
        if (!ok && ++wrong <= 5) {
            FAIL_CHECK("instant " << s << " offset " << tariff::to_string(o));
        }
    }
    CHECK(wrong == 0);
}

// Parsing works at compile time too.
static_assert(billing_period::parse("2024-02") == billing_period(2024, 2));
static_assert(utc_offset::parse("+05:45").minutes().count() == 345);
static_assert(period_of(parse_instant("2024-02-29T18:15:00Z"), utc_offset::parse("+05:45")) ==
              billing_period(2024, 3));
static_assert(tariff::is_in_issue_window(parse_instant("2024-03-03T23:59:59-09:30"),
                                         billing_period(2024, 2), utc_offset::parse("-09:30")));

TEST_CASE("parse_instant's common-shape path reads exactly what to_rfc3339 writes") {
    // to_rfc3339 counts days with civil_from_days, the inverse of the parser's arithmetic.
    std::mt19937_64 rng(20240229);
    const std::int64_t first = at("0000-01-02T00:00:00Z").time_since_epoch().count();
    const std::int64_t last = at("9999-12-30T00:00:00Z").time_since_epoch().count();
    std::uniform_int_distribution<std::int64_t> any_second(first, last);
    std::uniform_int_distribution<int> any_minutes(-(23 * 60 + 59), 23 * 60 + 59);
    const char alphabet[] = "0123456789-+:TZtz x";
    std::uniform_int_distribution<std::size_t> any_char(0, sizeof alphabet - 2);
    for (int i = 0; i < 20000; ++i) {
        const instant t = seconds(any_second(rng));
        const utc_offset zone =
            i % 4 == 0 ? utc_offset() : utc_offset(std::chrono::minutes(any_minutes(rng)));
        std::string text = tariff::to_rfc3339(t, zone);
        std::int64_t read = 0;
        REQUIRE(tariff::detail::parse_common_instant(text, read));
        CHECK(read == t.time_since_epoch().count());
        CHECK(tariff::parse_instant(text) == t);

        // One character changed: the path takes the text only if it is again a timestamp that
        // to_rfc3339 writes (in its offset), and reads it as that instant.
        text[rng() % text.size()] = alphabet[any_char(rng)];
        if (tariff::detail::parse_common_instant(text, read)) {
            std::string canonical = text;
            for (char& c : canonical) c = c == 't' ? 'T' : c == 'z' ? 'Z' : c;
            int east = 0;  // the offset written, in minutes
            if (canonical.size() == 25) {
                east = (std::stoi(canonical.substr(20, 2)) * 60 + std::stoi(canonical.substr(23))) *
                       (canonical[19] == '-' ? -1 : 1);
                if (east == 0) canonical = canonical.substr(0, 19) + "Z";  // as to_rfc3339 writes
            }
            CHECK(tariff::to_rfc3339(seconds(read), utc_offset(std::chrono::minutes(east))) ==
                  canonical);
        }
    }
    std::int64_t read = 0;
    // Left to the general path, with its messages: leap seconds, fractions, impossible days.
    CHECK_FALSE(tariff::detail::parse_common_instant("2016-12-31T23:59:60Z", read));
    CHECK_FALSE(tariff::detail::parse_common_instant("2024-02-29T12:00:00.5Z", read));
    CHECK_FALSE(tariff::detail::parse_common_instant("2023-02-29T12:00:00Z", read));
    CHECK_FALSE(tariff::detail::parse_common_instant("2024-04-31T12:00:00+01:00", read));
    CHECK_FALSE(tariff::detail::parse_common_instant("2024-01-01 12:00:00Z", read));
    CHECK(tariff::detail::parse_common_instant("2024-02-29t12:00:00z", read));
    CHECK(read == at("2024-02-29T12:00:00Z").time_since_epoch().count());
}

TEST_CASE("parse_common_instant with months remembered reads every timestamp as without them") {
    // Reads `text` with the months already met in `months` and with none, and checks that both
    // agree; returns whether the text was read, with its seconds in `read`.
    tariff::detail::common_instant_months months;
    const auto both = [&months](const std::string& text, std::int64_t& read) {
        std::int64_t fresh = 0;
        const bool taken = tariff::detail::parse_common_instant(text, read, months);
        CHECK(tariff::detail::parse_common_instant(text, fresh) == taken);
        if (taken) CHECK(read == fresh);
        return taken;
    };
    std::int64_t read = 0;
    // Month boundaries with offsets, one month after another and back.
    const std::vector<std::pair<std::string, std::string>> boundaries{
        {"2024-02-01T00:00:00+05:45", "2024-01-31T18:15:00Z"},
        {"2024-01-31T23:59:59-08:00", "2024-02-01T07:59:59Z"},
        {"2024-02-29T23:59:59-08:00", "2024-03-01T07:59:59Z"},
        {"2024-03-01T00:00:00+14:00", "2024-02-29T10:00:00Z"},
        {"2024-02-01T00:00:00Z", "2024-02-01T00:00:00Z"},
        {"2023-12-31T23:00:00-01:00", "2024-01-01T00:00:00Z"},
        {"2024-12-31T23:00:00-01:00", "2025-01-01T00:00:00Z"},
        {"2024-01-01T00:59:59+01:00", "2023-12-31T23:59:59Z"},
        {"2024-02-15t12:30:00z", "2024-02-15T12:30:00Z"}};
    for (const auto& boundary : boundaries) {
        const std::string& text = boundary.first;  // a structured binding: no CAPTURE on clang 14
        CAPTURE(text);
        REQUIRE(both(text, read));
        CHECK(read == at(boundary.second.c_str()).time_since_epoch().count());
    }
    // A month remembered for one year is not taken for another: 2024-02 has a 29th, 2023-02 and
    // 2100-02 do not, 2000-02 does. The slot of month 02 holds one prefix at a time.
    CHECK(both("2024-02-29T12:00:00Z", read));
    CHECK_FALSE(both("2023-02-29T12:00:00Z", read));
    CHECK_FALSE(both("2100-02-29T12:00:00Z", read));
    CHECK(both("2000-02-29T12:00:00Z", read));
    CHECK(read == at("2000-02-29T12:00:00Z").time_since_epoch().count());
    CHECK(both("2024-02-29T12:00:00Z", read));
    CHECK_FALSE(both("2024-02-30T12:00:00Z", read));
    CHECK_FALSE(both("2024-13-01T12:00:00Z", read));
    CHECK_FALSE(both("2024-00-01T12:00:00Z", read));
    CHECK(both("2024-04-30T12:00:00Z", read));
    CHECK_FALSE(both("2024-04-31T12:00:00Z", read));

    // Every byte in every position of both shapes, with the month of the text remembered: a byte
    // the shape does not allow there is refused; any text read is read as to_rfc3339 writes it;
    // a text refused with allowed bytes is out of range (or a leap second, for the general path).
    const auto allowed = [](char c, char shape) {
        if (shape == '9') return c >= '0' && c <= '9';
        if (shape == 'T' || shape == 'Z') return c == shape || c == shape + ('a' - 'A');
        if (shape == '+') return c == '+' || c == '-';
        return c == shape;
    };
    for (const std::string good : {"2024-02-29T23:59:59+05:45", "2024-02-01T00:00:00Z"}) {
        const std::string shape =
            good.size() == 20 ? "9999-99-99T99:99:99Z" : "9999-99-99T99:99:99+99:99";
        for (std::size_t pos = 0; pos < good.size(); ++pos) {
            for (int byte = 0; byte < 256; ++byte) {
                std::string text = good;
                text[pos] = static_cast<char>(byte);
                CAPTURE(text);
                REQUIRE(both(good, read));  // the month of `good` remembered
                const bool taken = both(text, read);
                // The shape check that runs without SSE2 agrees with the one that runs here.
                CHECK(tariff::detail::has_common_instant_shape(text.data(), text.size()) ==
                      tariff::detail::has_common_instant_shape_bytewise(text.data(), text.size()));
                if (!allowed(text[pos], shape[pos])) {
                    CHECK_FALSE(taken);
                } else if (taken) {
                    std::string canonical = text;
                    for (char& c : canonical) c = c == 't' ? 'T' : c == 'z' ? 'Z' : c;
                    int east = 0;
                    if (canonical.size() == 25) {
                        east = (std::stoi(canonical.substr(20, 2)) * 60 +
                                std::stoi(canonical.substr(23))) *
                               (canonical[19] == '-' ? -1 : 1);
                        if (east == 0) canonical = canonical.substr(0, 19) + "Z";
                    }
                    CHECK(tariff::to_rfc3339(seconds(read),
                                             utc_offset(std::chrono::minutes(east))) == canonical);
                } else {
                    const bool leap_second = text.compare(17, 2, "60") == 0;
                    if (!leap_second) CHECK_THROWS_AS(parse_instant(text), tariff::parse_error);
                }
            }
        }
    }
}
