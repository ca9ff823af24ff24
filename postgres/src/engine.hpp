#pragma once
// The C++ half of the extension behind a plain-data interface. Every function here is noexcept:
// C++ exceptions are caught inside and come back as an outcome and a message. Nothing returned
// has a destructor, so the PostgreSQL half (tariff_pg.cpp) may raise an error, which is a
// longjmp, at any point without skipping one. Text results are allocated with allocate_text,
// in the caller's current memory context.
//
// This header includes neither PostgreSQL nor tariff, so each half compiles with its own flags.

#include <cstddef>
#include <cstdint>

namespace tariff_pg {

/// How a call ended; the PostgreSQL half turns each into an SQLSTATE.
enum class outcome {
    ok,
    invalid,        ///< bad input: 22023 invalid_parameter_value
    overflow,       ///< beyond what the engine holds: 22003 numeric_value_out_of_range
    out_of_memory,  ///< 53200 out_of_memory
};

/// Why a call failed: its outcome and a message (null when even the message could not be
/// allocated).
struct failure {
    outcome kind = outcome::ok;
    const char* message = nullptr;
};

/// A price book read from JSON, with what rating it needs prepared once. Opaque here.
struct book;

/// Reads a price book (tariff's JSON format or a Stripe Price object) from `json`; `source`
/// starts every message ("book: tiers[2].up_to: must be greater than 10000, not 10000").
/// Returns null and fills `why` on failure. The book lives until free_book.
book* read_book(const char* json, std::size_t size, const char* source, failure& why) noexcept;
void free_book(book* b) noexcept;

/// The book's quantity scale (its `quantity_scale`, 0-6): quantities count steps of 10^-scale
/// units.
int quantity_scale(const book& b) noexcept;

/// The currency's minor digits (2 for USD, 0 for JPY): the scale of every total.
int minor_digits(const book& b) noexcept;

/// A quantity as PostgreSQL prints a numeric ("20000", "1.50", "NaN", "-Infinity") read as a
/// whole number of 10^-scale steps. invalid: not a number, infinite, negative, or finer than
/// the scale; overflow: more steps than an int64 holds.
outcome read_quantity(const char* text, int scale, std::int64_t& steps, failure& why) noexcept;

/// A total: quote_required (no total), or the total in minor units when it fits an int64
/// (`text` null), or else its decimal text with exactly the minor digits.
struct total {
    bool quote_required = false;
    std::int64_t minor_units = 0;
    const char* text = nullptr;
};

/// What `steps` costs under the book: the total that tariff::rate(table, steps) gives. overflow
/// when it has more than `max_integer_digits` digits before the decimal point.
outcome rate_total(const book& b, std::int64_t steps, std::size_t max_integer_digits, total& out,
                   failure& why) noexcept;

/// The charge for `steps` as `tariff charge --json` prints it (tariff::to_json).
outcome rate_json(const book& b, std::int64_t steps, const char*& json, failure& why) noexcept;

/// A price catalogue read from JSON (DESIGN §11): each product's versions, each prepared as a
/// book. Opaque here.
struct catalogue;

/// Reads a price catalogue (tariff's catalogue JSON) from `json`; `source` starts every message.
/// Returns null and fills `why` on failure. The catalogue lives until free_catalogue.
catalogue* read_catalogue(const char* json, std::size_t size, const char* source,
                          failure& why) noexcept;
void free_catalogue(catalogue* c) noexcept;

/// The book of product `product` in force in billing period `period` ("YYYY-MM"): the latest
/// version whose effective_from is at or before it. invalid: no such product, a malformed period,
/// or no version in force then. The book lives as long as the catalogue.
outcome catalogue_price(const catalogue& c, const char* product, std::size_t product_size,
                        const char* period, std::size_t period_size, const book*& price,
                        failure& why) noexcept;

/// Reads a price book only to check it: `problem` is null when it is valid, else the message
/// naming its JSON path. Fails only when memory runs out.
outcome check_book(const char* json, std::size_t size, const char* source, const char*& problem,
                   failure& why) noexcept;

/// `size` bytes in the caller's current memory context, or null when there is no memory.
/// Never raises an error (defined by the PostgreSQL half).
char* allocate_text(std::size_t size) noexcept;

}  // namespace tariff_pg
