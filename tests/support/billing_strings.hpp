#pragma once
// How doctest prints billing-cycle values when a check fails.
#include <doctest/doctest.h>

#include <tariff/period.hpp>

namespace doctest {

template <>
struct StringMaker<tariff::billing_period> {
    static String convert(tariff::billing_period period) {
        return tariff::to_string(period).c_str();
    }
};

template <>
struct StringMaker<tariff::utc_offset> {
    static String convert(tariff::utc_offset offset) { return tariff::to_string(offset).c_str(); }
};

template <>
struct StringMaker<tariff::instant> {
    static String convert(tariff::instant t) {
        // Out-of-range instants still print, as raw seconds.
        try {
            return tariff::to_rfc3339(t).c_str();
        } catch (const tariff::error&) {
            return (std::to_string(t.time_since_epoch().count()) + " s").c_str();
        }
    }
};

}  // namespace doctest
