// Arbitrary bytes as a catalogue (read_catalogue). A refusal is an invalid_book whose message
// starts with the source name, short and free of control bytes; nothing else may be thrown, and
// nothing may crash. A catalogue that is read:
// - has products with valid ids, at least one version each, increasing effective_from months
//   (only the first may have none) and one quantity scale per product;
// - prices each version's own month with that version, the month before it with the one
//   before (or, before the first, not at all: invalid_argument naming product and period);
// - rates zero, one, the free units and every bound with the version in force (rate() never
//   throws: book prices are cpp_int), and prints the charges;
// - bills one account with every product in the month of the last version, through
//   catalogue_billing_run, and the account's total is the sum of the products' totals.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tariff/catalogue.hpp>
#include <tariff/catalogue_billing.hpp>
#include <tariff/charge.hpp>
#include <tariff/charge_format.hpp>
#include <tariff/json.hpp>
#include <vector>

namespace {

constexpr std::string_view source = "fuzz.json";
constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

std::string_view g_input;

[[noreturn]] void finding(const std::string& what) {
    std::fprintf(stderr, "fuzz_catalogue: %s\n  input (%zu bytes): %.*s\n", what.c_str(),
                 g_input.size(), static_cast<int>(g_input.size() < 2000 ? g_input.size() : 2000),
                 g_input.data());
    std::abort();
}

std::optional<tariff::book_catalogue> read_or_refuse(std::string_view text) {
    try {
        return tariff::read_catalogue(text, source);
    } catch (const tariff::invalid_book& e) {
        const std::string what = e.what();
        if (what.rfind(std::string(source) + ": ", 0) != 0 || what.size() <= source.size() + 2)
            finding("the refusal does not start with the source name: " + what);
        for (const char c : what) {
            const auto u = static_cast<unsigned char>(c);
            if (u < 0x20 || u == 0x7f) finding("a control byte in the refusal: " + what);
        }
        if (what.size() > 2000) finding("a refusal of " + std::to_string(what.size()) + " bytes");
        return std::nullopt;
    } catch (const std::exception& e) {
        finding(std::string("threw something other than invalid_book: ") + e.what());
    } catch (...) {
        finding("threw something not derived from std::exception");
    }
}

/// Rates zero, one, the free units and every bound of `table`; checks and prints each charge.
void rate_around(const tariff::book_table& table, const std::string& where) {
    std::vector<std::int64_t> quantities = {0, 1, table.free_units(), int64_max};
    for (const auto& t : table) {
        if (!t.is_unbounded) quantities.push_back(t.up_to);
    }
    for (const std::int64_t q : quantities) {
        try {
            const auto c = tariff::rate(table, q);
            if (c.priced() != c.total.has_value()) finding(where + ": priced without a total");
            if (c.quantity_scale != table.quantity_scale())
                finding(where + ": the charge lost the quantity scale");
            if (tariff::to_json(c).empty() || tariff::to_text(c).empty())
                finding(where + ": printed nothing");
        } catch (const std::exception& e) {
            finding(where + ": quantity " + std::to_string(q) + ": rate threw: " + e.what());
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    g_input = text;
    const auto catalogue = read_or_refuse(text);
    if (!catalogue) return 0;
    if (catalogue->products().empty()) finding("a catalogue without products was read");

    tariff::billing_period last{1970, 1};
    for (const auto& [id, product] : catalogue->products()) {
        if (!tariff::detail::check_product_id(id) || id != product.id)
            finding("product id " + id + " is not a valid id");
        if (product.versions.empty()) finding("product " + id + " has no version");
        for (std::size_t i = 0; i < product.versions.size(); ++i) {
            const auto& v = product.versions[i];
            const std::string where = "product " + id + " version " + std::to_string(i);
            if (v.table.currency_info().code != catalogue->currency_info().code)
                finding(where + ": another currency");
            if (v.table.quantity_scale() != product.versions[0].table.quantity_scale())
                finding(where + ": another quantity scale");
            if (i > 0 && (!v.effective_from ||
                          (product.versions[i - 1].effective_from &&
                           !(*product.versions[i - 1].effective_from < *v.effective_from))))
                finding(where + ": effective_from missing or not increasing");
            rate_around(v.table, where);
            if (!v.effective_from) continue;
            if (last < *v.effective_from) last = *v.effective_from;
            // Its own month: this version; the month before: the previous one, or none.
            if (&catalogue->price_for(id, *v.effective_from) != &v.table)
                finding(where + ": not in force in its own month");
            if (v.effective_from->year() == 0 && v.effective_from->month() == 1) continue;
            const tariff::billing_period before = v.effective_from->previous();
            if (i == 0) {
                try {
                    (void)catalogue->price_for(id, before);
                    finding(where + ": priced before its first version");
                } catch (const tariff::invalid_argument&) {
                }
            } else if (&catalogue->price_for(id, before) != &product.versions[i - 1].table) {
                finding(where + ": the month before is not priced by the version before");
            }
        }
    }

    // One account with an event of every product in the month of the latest version.
    try {
        tariff::catalogue_billing_run<tariff::book_table> run(*catalogue, last);
        const tariff::instant at = tariff::period_range(last, tariff::utc_offset()).start;
        for (const auto& [id, product] : catalogue->products()) {
            if (!catalogue->version_for(product, last)) continue;
            const std::int64_t free = product.versions[0].table.free_units();
            run.add("acme", run.product_index(id), at, free < int64_max ? free + 1 : free);
        }
        for (const auto& bill : run.bills()) {
            tariff::book_table::amount_type sum{};
            bool quote = false;
            for (const auto& p : bill.products) {
                if (p.charge.total)
                    sum = sum + *p.charge.total;
                else
                    quote = true;
            }
            if (quote != !bill.total.has_value() || (bill.total && *bill.total != sum))
                finding("an account's total is not the sum of its products'");
            std::string out;
            tariff::append_json(out, bill);
            tariff::append_csv(out, bill);
        }
    } catch (const std::exception& e) {
        finding(std::string("billing threw: ") + e.what());
    }
    return 0;
}
