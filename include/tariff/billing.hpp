#pragma once
/// The monthly billing cycle in one include: calendar-month periods in a fixed UTC offset and
/// RFC 3339 instants, the usage meter, the prepaid account ledger, a month's billing run and
/// the streaming CSV readers. Kept out of <tariff/tariff.hpp> because its containers and
/// <chrono> cost more to compile than the rating core.

#include "billing_run.hpp"
#include "ledger.hpp"
#include "meter.hpp"
#include "period.hpp"
#include "tariff.hpp"
#include "usage_csv.hpp"
