#pragma once
/// The embedded default price book: the FaceID liveness face comparison API, billed per call and
/// per calendar month with volume tiers and a "contact sales" tier above 200,000 calls. It is
/// plain text in the native price-book format; <tariff/json.hpp> reads it
/// (tariff::faceid_price_book()), exactly as it reads a book from a file.

#include <string_view>

#include "detail/config.hpp"

namespace tariff {

/// The FaceID price book as JSON (see DESIGN section 1 and the README's price-book format).
inline constexpr std::string_view faceid_price_book_json = R"json({
  "name": "FaceID liveness face comparison",
  "unit": "call",
  "currency": "USD",
  "mode": "volume",
  "rounding": "half_up",
  "rounding_scope": "line",
  "tiers": [
    {"up_to": 1000, "unit_price": "0.40"},
    {"up_to": 10000, "unit_price": "0.35"},
    {"up_to": 100000, "unit_price": "0.30"},
    {"up_to": 200000, "unit_price": "0.25"},
    {"up_to": "inf", "quote": true}
  ]
}
)json";

}  // namespace tariff
