#pragma once
// The price book a command rates with: the file named by --book, or the embedded FaceID book.

#include <optional>
#include <string>
#include <tariff/json.hpp>

namespace tariff_cli {

/// Reads `path`, or the embedded default book when there is none. Throws tariff::invalid_book
/// with a message that names the file and the JSON path.
tariff::price_book load_book(const std::optional<std::string>& path);

}  // namespace tariff_cli
