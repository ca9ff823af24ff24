#include "book.hpp"

namespace tariff_cli {

tariff::price_book load_book(const std::optional<std::string>& path) {
    return path ? tariff::read_price_book_file(*path) : tariff::faceid_price_book();
}

}  // namespace tariff_cli
