#include "book.hpp"

#include <tariff/stripe.hpp>

namespace tariff_cli {

tariff::price_book load_book(const std::optional<std::string>& path) {
    // A file may hold a native book or a Stripe Price object; its content tells which.
    return path ? tariff::read_any_price_book_file(*path) : tariff::faceid_price_book();
}

tariff::book_catalogue load_catalogue(const std::string& path) {
    return tariff::read_catalogue_file(path);
}

}  // namespace tariff_cli
