// Arbitrary bytes as a price book: the native JSON reader, the Stripe Price reader and the reader
// that tells them apart. A refusal is an invalid_book whose message starts with the source name;
// nothing else may be thrown, and nothing may crash. A book that is read:
// - is rated at quantities derived from it and from the input (zero, every bound and the next
//   quantity, the largest, and a few more): rate() never throws (book prices are cpp_int), a
//   priced total is a whole number of minor units within the book's minimum and maximum, and the
//   invoice text and JSON can be printed;
// - bulk rating gives every one of those totals again;
// - written as a Stripe Price (unless that is refused with invalid_argument) and read back, it
//   charges the same at every one of those quantities;
// - written back as a native book (write_price_book) and read again, it is the same book in every
//   key, and writing that one gives the same text;
// - its name, unit and plural hold no control character (C0, DEL, C1): they are printed.
// Books with free units, a quantity scale or the first tier's fee at zero are rated around the
// free units and every bound in steps, and their keys must round-trip too.
// Every refusal is short and free of control bytes, however long or odd the input: the input it
// quotes is escaped and cut to a bounded prefix.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tariff/charge.hpp>
#include <tariff/charge_format.hpp>
#include <tariff/detail/text.hpp>
#include <tariff/json.hpp>
#include <tariff/stripe.hpp>
#include <vector>
#if __has_include(<tariff/bulk.hpp>)
#include <tariff/bulk.hpp>
#define TARIFF_FUZZ_BULK 1
#endif

namespace {

constexpr std::string_view source = "fuzz.json";
constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

std::string_view g_input;

[[noreturn]] void finding(const std::string& what) {
    std::fprintf(stderr, "fuzz_price_book: %s\n  input (%zu bytes): %.*s\n", what.c_str(),
                 g_input.size(), static_cast<int>(g_input.size() < 2000 ? g_input.size() : 2000),
                 g_input.data());
    std::abort();
}

/// Reads a book with `read`; empty when it is refused with a well-formed invalid_book.
template <class Read>
std::optional<tariff::price_book> read_or_refuse(const char* reader, Read&& read,
                                                 std::string* refusal = nullptr) {
    try {
        return read();
    } catch (const tariff::invalid_book& e) {
        const std::string what = e.what();
        if (what.rfind(std::string(source) + ": ", 0) != 0 || what.size() <= source.size() + 2) {
            finding(std::string(reader) +
                    ": the refusal does not start with the source name: " + what);
        }
        for (const char c : what) {
            const auto u = static_cast<unsigned char>(c);
            if (u < 0x20 || u == 0x7f)
                finding(std::string(reader) + ": a control byte in the refusal: " + what);
        }
        if (what.size() > 2000) {
            finding(std::string(reader) + ": a refusal of " + std::to_string(what.size()) +
                    " bytes: " + what.substr(0, 300));
        }
        if (refusal) *refusal = what;
        return std::nullopt;
    } catch (const std::exception& e) {
        finding(std::string(reader) + ": threw something other than invalid_book: " + e.what());
    } catch (...) {
        finding(std::string(reader) + ": threw something not derived from std::exception");
    }
}

/// The quantities a book is rated at.
std::vector<std::int64_t> quantities_for(const tariff::book_table& table, std::string_view input) {
    std::vector<std::int64_t> out = {0, 1, int64_max, int64_max - 1};
    // Around the free units, and every bound after them, in whole packages of quantity steps.
    const std::int64_t free = table.free_units();
    out.push_back(free);
    if (free < int64_max) out.push_back(free + 1);
    std::int64_t package = table.quantity_unit();
    if (table.has_package() && table.package_size() > int64_max / package) package = 0;
    if (table.has_package() && package != 0) package *= table.package_size();
    for (const auto& t : table) {
        if (t.is_unbounded) continue;
        out.push_back(t.up_to);
        if (t.up_to < int64_max) out.push_back(t.up_to + 1);
        if (t.up_to <= int64_max - free) out.push_back(t.up_to + free);
        if (package > 1 && t.up_to <= int64_max / package) {
            out.push_back(t.up_to * package);
            if (t.up_to * package <= int64_max - free - 1)
                out.push_back(t.up_to * package + free + 1);
        }
    }
    // A few from the input's bytes (FNV-1a), of every size.
    std::uint64_t h = 1469598103934665603u;
    for (const char c : input) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211u;
    for (int shift = 1; shift < 64; shift += 13)
        out.push_back(static_cast<std::int64_t>(h >> shift));
    return out;
}

struct rating {
    std::optional<tariff::book_table::amount_type> total;  // empty: quote_required
};

/// Rates the book at every quantity; checks each charge.
std::vector<rating> rate_book(const char* reader, const tariff::price_book& book,
                              const std::vector<std::int64_t>& quantities) {
    const tariff::book_table& table = book.table;
    const tariff::currency& cur = table.currency_info();
    std::vector<rating> out;
    for (const std::int64_t q : quantities) {
        const std::string at = std::string(reader) + ": quantity " + std::to_string(q) + ": ";
        try {
            const auto c = tariff::rate(table, q);
            if (c.priced() != c.total.has_value())
                finding(at + "priced without a total, or a quote with one");
            if (c.total) {
                const auto& total = *c.total;
                if (total.is_negative()) finding(at + "negative total " + tariff::to_string(total));
                if (tariff::quantize(total, cur.minor_units, tariff::rounding::down) != total) {
                    finding(at + "total " + tariff::to_string(total) +
                            " is finer than the minor unit");
                }
                if (table.minimum() && total < *table.minimum())
                    finding(at + "total below the minimum");
                if (table.maximum() && total > *table.maximum())
                    finding(at + "total above the maximum");
            }
            const std::string text =
                tariff::to_text(c, {book.name, book.unit, book.unit_plural}) + tariff::to_json(c);
            if (text.empty()) finding(at + "printed nothing");
            out.push_back({c.total});
        } catch (const std::exception& e) {
            finding(at + "rate or printing threw: " + e.what());
        }
    }
#ifdef TARIFF_FUZZ_BULK
    std::vector<tariff::book_table::amount_type> totals(quantities.size());
    std::vector<tariff::bulk_status> status(quantities.size());
    tariff::rate_many(table, quantities.data(), quantities.size(), totals.data(), status.data());
    for (std::size_t i = 0; i < quantities.size(); ++i) {
        const bool priced = out[i].total.has_value();
        const tariff::bulk_status want =
            priced ? tariff::bulk_status::priced : tariff::bulk_status::quote_required;
        if (status[i] != want || (priced && totals[i] != *out[i].total)) {
            finding(std::string(reader) + ": quantity " + std::to_string(quantities[i]) +
                    ": rate_many gives " + std::string(tariff::to_string_view(status[i])) + " " +
                    tariff::to_string(totals[i]));
        }
    }
#endif
    return out;
}

/// Writes the book as a Stripe Price and reads it back: the same charges.
void stripe_round_trip(const char* reader, const tariff::price_book& book,
                       const std::vector<std::int64_t>& quantities,
                       const std::vector<rating>& expected) {
    std::string written;
    try {
        written = tariff::write_stripe_price(book);
    } catch (const tariff::invalid_argument& e) {
        const std::string what = e.what();
        if (what.find("cannot write a Stripe price") == std::string::npos)
            finding(std::string(reader) + ": refusal " + what);
        return;
    } catch (const std::exception& e) {
        finding(std::string(reader) + ": write_stripe_price threw: " + e.what());
    }
    std::string refusal;
    const auto back = read_or_refuse(
        "read_stripe_price(written)", [&] { return tariff::read_stripe_price(written, source); },
        &refusal);
    if (!back)
        finding(std::string(reader) + ": the written Stripe price is refused: " + refusal + "\n" +
                written);
    if (back->table.currency_info().code != book.table.currency_info().code)
        finding("the Stripe price changed the currency");
    const std::vector<rating> again = rate_book("read_stripe_price(written)", *back, quantities);
    for (std::size_t i = 0; i < quantities.size(); ++i) {
        if (again[i].total != expected[i].total) {
            auto text = [](const rating& r) {
                return r.total ? tariff::to_string(*r.total) : std::string("quote_required");
            };
            finding(std::string(reader) + ": quantity " + std::to_string(quantities[i]) + ": " +
                    text(expected[i]) + ", but written as a Stripe price and read back " +
                    text(again[i]) + "\n" + written);
        }
    }
}

bool same_table(const tariff::book_table& a, const tariff::book_table& b);

/// Writes the book back as native JSON and reads it again: the same book, and the same text
/// once more.
void native_round_trip(const char* reader, const tariff::price_book& book) {
    for (const std::string* text : {&book.name, &book.unit, &book.unit_plural}) {
        if (!tariff::detail::check_text(*text))
            finding(std::string(reader) + ": a printed text with a control character was read");
    }
    std::string written;
    try {
        written = tariff::write_price_book(book);
    } catch (const std::exception& e) {
        finding(std::string(reader) + ": write_price_book threw: " + e.what());
    }
    std::string refusal;
    const auto back = read_or_refuse(
        "read_price_book(written)", [&] { return tariff::read_price_book(written, source); },
        &refusal);
    if (!back) finding(std::string(reader) + ": the written book is refused: " + refusal);
    if (back->name != book.name || back->unit != book.unit ||
        back->unit_plural != book.unit_plural || !same_table(back->table, book.table)) {
        finding(std::string(reader) + ": written and read back, the book changed:\n" + written);
    }
    if (tariff::write_price_book(*back) != written)
        finding(std::string(reader) + ": written twice, the texts differ:\n" + written);
}

bool same_table(const tariff::book_table& a, const tariff::book_table& b) {
    if (a.size() != b.size() || a.mode() != b.mode() || a.rounding_mode() != b.rounding_mode() ||
        a.scope() != b.scope() || a.has_package() != b.has_package() ||
        a.package_size() != b.package_size() || a.package_round() != b.package_round() ||
        a.guarded() != b.guarded() || a.minimum() != b.minimum() || a.maximum() != b.maximum() ||
        a.currency_info().code != b.currency_info().code ||
        a.quantity_scale() != b.quantity_scale() || a.free_units() != b.free_units() ||
        a.flat_fee_at_zero() != b.flat_fee_at_zero()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto &x = a[i], &y = b[i];
        if (x.is_unbounded != y.is_unbounded || (!x.is_unbounded && x.up_to != y.up_to) ||
            x.quote != y.quote || x.unit_price != y.unit_price || x.flat_fee != y.flat_fee) {
            return false;
        }
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    g_input = text;

    std::string native_refusal, stripe_refusal, any_refusal;
    const auto native = read_or_refuse(
        "read_price_book", [&] { return tariff::read_price_book(text, source); }, &native_refusal);
    const auto stripe = read_or_refuse(
        "read_stripe_price", [&] { return tariff::read_stripe_price(text, source); },
        &stripe_refusal);
    const auto any = read_or_refuse(
        "read_any_price_book", [&] { return tariff::read_any_price_book(text, source); },
        &any_refusal);
    bool is_stripe = false;
    try {
        is_stripe = tariff::is_stripe_price(text);
    } catch (const std::exception& e) {
        finding(std::string("is_stripe_price threw: ") + e.what());
    }
    // read_any_price_book is whichever reader is_stripe_price picks.
    const auto& picked = is_stripe ? stripe : native;
    const std::string& picked_refusal = is_stripe ? stripe_refusal : native_refusal;
    if (any.has_value() != picked.has_value() || (any && !same_table(any->table, picked->table)) ||
        (!any && any_refusal != picked_refusal)) {
        finding("read_any_price_book disagrees with the " +
                std::string(is_stripe ? "Stripe" : "native") + " reader: " +
                (any ? "read" : any_refusal) + " vs " + (picked ? "read" : picked_refusal));
    }

    if (native) {
        const auto quantities = quantities_for(native->table, text);
        const auto charges = rate_book("read_price_book", *native, quantities);
        stripe_round_trip("read_price_book", *native, quantities, charges);
        native_round_trip("read_price_book", *native);
    }
    if (stripe) {
        const auto quantities = quantities_for(stripe->table, text);
        const auto charges = rate_book("read_stripe_price", *stripe, quantities);
        stripe_round_trip("read_stripe_price", *stripe, quantities, charges);
        native_round_trip("read_stripe_price", *stripe);
    }
    return 0;
}
