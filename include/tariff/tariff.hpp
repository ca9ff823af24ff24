#pragma once
/// The umbrella header: everything in tariff that needs nothing beyond the standard library.
/// Opt-in, heavier layers have their own headers: <tariff/multiprecision.hpp> (Boost
/// representations) and <tariff/json.hpp> (price books as JSON, nlohmann/json).

#include "allocate.hpp"
#include "bulk.hpp"
#include "currency.hpp"
#include "decimal.hpp"
#include "error.hpp"
#include "insight.hpp"
#include "money.hpp"
#include "rounding.hpp"
