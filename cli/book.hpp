#pragma once
// The price book a command rates with: the file named by --book, or the embedded FaceID book;
// the catalogue named by --catalogue.

#include <optional>
#include <string>
#include <tariff/json.hpp>

namespace tariff_cli {

/// Reads `path`, or the embedded default book when there is none. Throws tariff::invalid_book
/// with a message that names the file and the JSON path.
tariff::price_book load_book(const std::optional<std::string>& path);

/// Reads the catalogue `path`. Throws tariff::invalid_book naming the file and the JSON path.
tariff::book_catalogue load_catalogue(const std::string& path);

}  // namespace tariff_cli
