#pragma once
/// A price catalogue: the products one account is billed for on one bill, each with the prices it
/// has had. A product has versions, each a tier table in force from a month on (effective_from);
/// price_for(product, period) is the latest version in force in that period. Every table of a
/// catalogue is in the catalogue's currency, and the versions of one product count quantities
/// alike (one quantity scale), so that a product's usage means the same in every month.
///
/// The rules a catalogue keeps, each refused by catalogue_rule naming the product, the version
/// and the field ("products.id_card_ocr.versions[1].effective_from: ..."):
/// - product ids are 1 to 64 characters of [a-z0-9_.-], each id once;
/// - a product has at least one version; every version but the first has an effective_from,
///   and they strictly increase (the first applies from the beginning of time when it has none);
/// - every version's table is in the catalogue's currency and has the first version's quantity
///   scale.
/// <tariff/json.hpp> reads catalogues from JSON (read_catalogue).

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "currency.hpp"
#include "detail/parse_result.hpp"
#include "detail/text.hpp"  // quote_for_message
#include "error.hpp"
#include "period.hpp"

namespace tariff {

/// One price of a product: its table, in force from `effective_from` on (from the beginning of
/// time when empty, which only the first version may be).
template <class Table>
struct product_version {
    std::optional<billing_period> effective_from;
    Table table;
};

/// A product of a catalogue: what it is called and counts (printed on invoices), and its prices.
template <class Table>
struct product {
    std::string id;
    std::string name;         ///< or empty
    std::string unit;         ///< singular ("call"), or empty
    std::string unit_plural;  ///< or empty: the regular plural of `unit`
    std::vector<product_version<Table>> versions;
};

/// A rule of a catalogue broken: which product, which version (if any) and which field.
/// what(): "products.id_card_ocr.versions[1].effective_from: must be after 2025-01, not 2024-12".
class catalogue_rule : public invalid_argument {
public:
    catalogue_rule(std::string path, std::string rule)
        : invalid_argument(path + ": " + rule), path_(std::move(path)), rule_(std::move(rule)) {}
    /// Where, as a JSON path into the catalogue ("products.x.versions[1].effective_from").
    const std::string& path() const noexcept { return path_; }
    /// The rule broken, naming the bad value.
    const std::string& rule() const noexcept { return rule_; }

private:
    std::string path_;
    std::string rule_;
};

namespace detail {

/// The longest product id.
inline constexpr std::size_t max_product_id = 64;

/// Checks a product id: 1 to 64 characters of [a-z0-9_.-]. syntax at the first bad byte (0 for
/// an empty id), overflow at the 65th.
constexpr parse_result check_product_id(std::string_view id) noexcept {
    if (id.empty()) return {parse_status::syntax, 0};
    for (std::size_t i = 0; i < id.size(); ++i) {
        const char c = id[i];
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
        if (!ok) return {parse_status::syntax, i};
    }
    if (id.size() > max_product_id) return {parse_status::overflow, max_product_id};
    return {parse_status::ok, id.size()};
}

/// Why check_product_id refused `id`, for a message.
inline std::string product_id_refusal(std::string_view id) {
    return quote_for_message(id) +
           " is not a product id (1 to 64 characters of a-z, 0-9, '_', "
           "'.' and '-')";
}

/// "products.<id>" with the id as a JSON path component (quoted when it is not a plain name).
inline std::string product_path(std::string_view id) {
    bool plain = true;
    for (const char c : id) plain = plain && c != '.' && c != '-';
    return plain && check_product_id(id) ? "products." + std::string(id)
                                         : "products[" + quote_for_message(id) + "]";
}

}  // namespace detail

/// Products by id, each with its versions. Table: a tier table type (book_table for catalogues
/// read from JSON).
template <class Table>
class catalogue {
public:
    using table_type = Table;
    using product_type = product<Table>;

    /// An empty catalogue named `name` (printed; may be empty) whose tables are in `cur`.
    catalogue(std::string name, currency cur) : name_(std::move(name)), currency_(cur) {}

    const std::string& name() const noexcept { return name_; }
    const currency& currency_info() const noexcept { return currency_; }

    /// Adds a product; throws catalogue_rule (nothing added) when it breaks a rule of the
    /// catalogue (see the header comment).
    void add(product_type p) {
        const std::string at = detail::product_path(p.id);
        if (!detail::check_product_id(p.id))
            throw catalogue_rule(at, detail::product_id_refusal(p.id));
        if (products_.count(p.id) != 0)
            throw catalogue_rule(at, "the catalogue has a product " + quote(p.id) + " already");
        if (p.versions.empty()) throw catalogue_rule(at + ".versions", "a product needs a version");
        for (std::size_t i = 0; i < p.versions.size(); ++i) {
            const product_version<Table>& v = p.versions[i];
            const std::string version = at + ".versions[" + std::to_string(i) + "]";
            if (v.table.currency_info() != currency_) {
                throw catalogue_rule(
                    version, "its table is in " + std::string(v.table.currency_info().code) +
                                 ", the catalogue in " + std::string(currency_.code));
            }
            if (i == 0) continue;
            const product_version<Table>& before = p.versions[i - 1];
            if (!v.effective_from) {
                throw catalogue_rule(version + ".effective_from",
                                     "is required on every version but the first (YYYY-MM)");
            }
            if (before.effective_from && !(*before.effective_from < *v.effective_from)) {
                throw catalogue_rule(version + ".effective_from",
                                     "must be after " + to_string(*before.effective_from) +
                                         " (versions[" + std::to_string(i - 1) + "]), not " +
                                         to_string(*v.effective_from));
            }
            if (v.table.quantity_scale() != p.versions[0].table.quantity_scale()) {
                throw catalogue_rule(version + ".quantity_scale",
                                     std::to_string(v.table.quantity_scale()) +
                                         " differs from versions[0]'s " +
                                         std::to_string(p.versions[0].table.quantity_scale()) +
                                         ": every version of a product counts quantities alike");
            }
        }
        std::string id = p.id;
        products_.emplace(std::move(id), std::move(p));
    }

    /// The products, sorted by id.
    const std::map<std::string, product_type, std::less<>>& products() const noexcept {
        return products_;
    }
    /// The product `id`, or null.
    const product_type* find(std::string_view id) const {
        const auto it = products_.find(id);
        return it == products_.end() ? nullptr : &it->second;
    }
    /// The product `id`; throws invalid_argument naming it when the catalogue has none.
    const product_type& at(std::string_view id) const {
        if (const product_type* p = find(id)) return *p;
        throw invalid_argument("no product " + quote(id) + " in the catalogue" +
                               (name_.empty() ? std::string() : " " + quote(name_)));
    }

    /// The version of `product` in force in `period`: the latest whose effective_from is at or
    /// before it, or null when none is.
    const product_version<Table>* version_for(const product_type& product,
                                              billing_period period) const noexcept {
        const product_version<Table>* found = nullptr;
        for (const product_version<Table>& v : product.versions) {
            if (v.effective_from && period < *v.effective_from) break;
            found = &v;
        }
        return found;
    }

    /// The table of `product` in force in `period`. Throws invalid_argument naming the product
    /// and the period when the catalogue has no such product or it has no price then.
    const Table& price_for(std::string_view product_id, billing_period period) const {
        const product_type& p = at(product_id);
        if (const product_version<Table>* v = version_for(p, period)) return v->table;
        throw invalid_argument("product " + quote(product_id) + " has no price in " +
                               to_string(period) + ": its first version is in force from " +
                               to_string(*p.versions.front().effective_from));
    }

private:
    static std::string quote(std::string_view text) { return detail::quote_for_message(text); }

    std::string name_;
    currency currency_;
    std::map<std::string, product_type, std::less<>> products_;
};

}  // namespace tariff
