#pragma once
/// The umbrella header: numbers, money, tier tables, charges, bulk rating and pricing insight,
/// with nothing beyond a few standard headers, so that including it stays cheap.
/// Layers with heavier includes have their own headers: <tariff/billing.hpp> (the monthly
/// billing cycle: periods, meter, ledger, CSV), <tariff/multiprecision.hpp> (Boost
/// representations), <tariff/json.hpp> and <tariff/stripe.hpp> (price books, nlohmann/json).

#include "allocate.hpp"
#include "bulk.hpp"
#include "charge.hpp"
#include "charge_format.hpp"
#include "currency.hpp"
#include "decimal.hpp"
#include "error.hpp"
#include "insight.hpp"
#include "money.hpp"
#include "rounding.hpp"
#include "tier_table.hpp"
