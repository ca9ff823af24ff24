// The PostgreSQL half of the extension: the SQL functions, the cache of parsed books, and the
// conversions between numeric/jsonb and the engine's plain data.
//
// Rules of this file. PostgreSQL reports an error with a longjmp, which skips C++ destructors,
// so no object with a destructor lives here: the C++ work happens in engine.cpp behind noexcept
// functions that return plain data, and errors are raised here, after they return. A parsed
// book is a C++ object on the heap owned by a cache in a memory context; a callback on that
// context deletes it, so it goes with the context on success and on error alike.

extern "C" {
// postgres.h first, as in every server source file; sorting would move it.
// clang-format off
#include "postgres.h"
#include "fmgr.h"
#include "nodes/pg_list.h"
#include "nodes/primnodes.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
// clang-format on
}

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "engine.hpp"

extern "C" {
PG_MODULE_MAGIC;
}

namespace tariff_pg {

char* allocate_text(std::size_t size) noexcept {
    // HUGE: no size limit to raise an error about; NO_OOM: null instead of an error.
    return static_cast<char*>(palloc_extended(size, MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM));
}

}  // namespace tariff_pg

namespace {

using tariff_pg::book;
using tariff_pg::failure;
using tariff_pg::outcome;

/// What every message about the book argument starts with.
constexpr const char* book_source = "book";
/// What every message about the catalogue argument starts with.
constexpr const char* catalogue_source = "catalogue";

/// Raises the error an engine failure stands for.
pg_attribute_noreturn() void raise(const failure& why) {
    int code = ERRCODE_INVALID_PARAMETER_VALUE;
    if (why.kind == outcome::overflow) code = ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
    if (why.kind == outcome::out_of_memory || why.message == nullptr) {
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
    }
    ereport(ERROR, (errcode(code), errmsg_internal("%s", why.message)));
    pg_unreachable();
}

// --- The cache of parsed books -------------------------------------------------------------

/// Books (or catalogues) kept per call site. Most queries rate with one book; a few more serve a
/// join of accounts with their plans without parsing each book again on every row.
constexpr std::size_t cache_size = 8;

/// How a call site reads its first argument: a price book or a catalogue. Both are read,
/// freed and cached alike; a call site only ever holds one kind.
struct reader {
    void* (*read)(const char* json, std::size_t size, failure& why);
    void (*free)(void* parsed);
    const char* what;  ///< "price book" or "price catalogue", for the DEBUG1 line
};

const reader book_reader{[](const char* json, std::size_t size, failure& why) -> void* {
                             return tariff_pg::read_book(json, size, book_source, why);
                         },
                         [](void* parsed) { tariff_pg::free_book(static_cast<book*>(parsed)); },
                         "price book"};

const reader catalogue_reader{
    [](const char* json, std::size_t size, failure& why) -> void* {
        return tariff_pg::read_catalogue(json, size, catalogue_source, why);
    },
    [](void* parsed) { tariff_pg::free_catalogue(static_cast<tariff_pg::catalogue*>(parsed)); },
    "price catalogue"};

struct cached_book {
    Size size;  ///< of the key
    char* key;  ///< a copy of cache_key()'s bytes, in the cache's memory context
    void* parsed;
};

struct book_cache {
    MemoryContextCallback release;  ///< deletes the books when the context goes
    MemoryContext context;
    const reader* kind;
    bool constant;  ///< the book argument is a constant: entries[0] once read, no comparing
    std::size_t count;
    cached_book entries[cache_size];  ///< most recently used first
};

void release_books(void* arg) {
    auto* cache = static_cast<book_cache*>(arg);
    for (std::size_t i = 0; i < cache->count; ++i) cache->kind->free(cache->entries[i].parsed);
    cache->count = 0;
}

book_cache* new_cache(MemoryContext context, const reader& kind) {
    auto* cache = static_cast<book_cache*>(MemoryContextAllocZero(context, sizeof(book_cache)));
    cache->context = context;
    cache->kind = &kind;
    cache->release.func = release_books;
    cache->release.arg = cache;
    MemoryContextRegisterResetCallback(context, &cache->release);
    return cache;
}

/// The cache of this call site: kept in fn_extra, in fn_mcxt, which lives as long as the query
/// (or the expression) that calls the function. A call without an FmgrInfo gets a cache of its
/// own, released with the current memory context.
book_cache* cache_of(FunctionCallInfo fcinfo, const reader& kind) {
    FmgrInfo* flinfo = fcinfo->flinfo;
    if (flinfo == nullptr) return new_cache(CurrentMemoryContext, kind);
    if (flinfo->fn_extra == nullptr) {
        book_cache* cache = new_cache(flinfo->fn_mcxt, kind);
        // A Const, not any "stable" argument: PL/pgSQL evaluates one expression state again
        // with new parameter values.
        const Node* call = flinfo->fn_expr;
        cache->constant = call != nullptr && IsA(call, FuncExpr) &&
                          IsA(linitial(castNode(FuncExpr, call)->args), Const);
        flinfo->fn_extra = cache;
    }
    return static_cast<book_cache*>(flinfo->fn_extra);
}

/// The bytes that stand for the book argument in the cache: the datum as it came, compressed or
/// a pointer to its TOAST row, so that a book stored out of line in a table is not fetched and
/// decompressed again on every row. Equal bytes mean an equal book; the same book in another
/// form only costs a second read. A pointer into memory (an indirect datum) is no key: there
/// the value itself is.
const varlena* cache_key(FunctionCallInfo fcinfo) {
    auto* datum = reinterpret_cast<varlena*>(DatumGetPointer(PG_GETARG_DATUM(0)));
    if (VARATT_IS_EXTERNAL(datum) && !VARATT_IS_EXTERNAL_ONDISK(datum))
        return pg_detoast_datum(datum);
    return datum;
}

/// The parsed first argument (a book or a catalogue, as `kind` reads it): from the cache when
/// the same bytes were read before, else read now (and reported at DEBUG1, which is how the
/// tests count parses).
void* parsed_of(FunctionCallInfo fcinfo, const reader& kind) {
    book_cache* cache = cache_of(fcinfo, kind);
    if (cache->constant && cache->count > 0) return cache->entries[0].parsed;
    const varlena* key = cache_key(fcinfo);
    const Size size = VARSIZE_ANY(key);
    for (std::size_t i = 0; i < cache->count; ++i) {
        cached_book& e = cache->entries[i];
        if (e.size == size && std::memcmp(e.key, key, size) == 0) {
            if (i > 0) {
                const cached_book hit = e;
                std::memmove(&cache->entries[1], &cache->entries[0], sizeof(cached_book) * i);
                cache->entries[0] = hit;
            }
            return cache->entries[0].parsed;
        }
    }

    // Allocate everything before reading: once the book exists, nothing may raise an error
    // until the cache owns it.
    Jsonb* value = PG_GETARG_JSONB_P(0);
    const Size value_size = VARSIZE(value);
    char* text = JsonbToCString(nullptr, &value->root, static_cast<int>(value_size));  // < 1 GB
    char* copy = static_cast<char*>(MemoryContextAlloc(cache->context, size));
    std::memcpy(copy, key, size);
    if (cache->count == cache_size) {
        cached_book& oldest = cache->entries[cache_size - 1];
        kind.free(oldest.parsed);
        pfree(oldest.key);
        --cache->count;
    }
    failure why;
    void* parsed = kind.read(text, std::strlen(text), why);
    if (parsed == nullptr) {
        pfree(copy);
        raise(why);
    }
    std::memmove(&cache->entries[1], &cache->entries[0], sizeof(cached_book) * cache->count);
    cache->entries[0] = cached_book{size, copy, parsed};
    ++cache->count;

    ereport(DEBUG1, (errmsg_internal("tariff: read a %s of %zu bytes", kind.what, value_size)));
    pfree(text);
    return parsed;
}

/// The parsed book for the book argument.
const book& book_of(FunctionCallInfo fcinfo) {
    return *static_cast<const book*>(parsed_of(fcinfo, book_reader));
}

// --- numeric in and out ----------------------------------------------------------------------

/// The quantity as a count of the book's quantity steps (10^-scale units). Whole numbers that
/// fit an int4 are read from the numeric directly; any other value from numeric_out's text,
/// exactly, by the engine's reader, which also words every refusal.
std::int64_t quantity_steps(Numeric quantity, const book& b) {
    const int scale = tariff_pg::quantity_scale(b);
    if (!numeric_is_nan(quantity) && !numeric_is_inf(quantity) &&
        DatumGetInt32(DirectFunctionCall1(numeric_scale, NumericGetDatum(quantity))) == 0) {
        bool too_large = false;  // dscale 0: a whole number, so nothing is rounded
        const int32 whole = numeric_int4_opt_error(quantity, &too_large);
        if (!too_large && whole >= 0) {
            std::int64_t steps = whole;
            for (int i = 0; i < scale; ++i) steps *= 10;  // < 2^31 x 10^6: fits
            return steps;
        }
    }
    char* text = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(quantity)));
    std::int64_t steps = 0;
    failure why;
    if (tariff_pg::read_quantity(text, scale, steps, why) != outcome::ok) raise(why);
    pfree(text);
    return steps;
}

/// numeric holds at most this many digits before the decimal point.
constexpr std::size_t numeric_integer_digits = 131072;

/// A total as a numeric with exactly the currency's minor digits.
Numeric total_numeric(const tariff_pg::total& t, const book& b) {
    if (t.text == nullptr)
        return int64_div_fast_to_numeric(t.minor_units, tariff_pg::minor_digits(b));
    return DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(t.text),
                                               ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
}

/// The total for `quantity` under `b`: a numeric, or NULL when a quote is required.
Datum charge(FunctionCallInfo fcinfo, const book& b, Numeric quantity) {
    const std::int64_t steps = quantity_steps(quantity, b);
    tariff_pg::total t;
    failure why;
    if (tariff_pg::rate_total(b, steps, numeric_integer_digits, t, why) != outcome::ok) raise(why);
    if (t.quote_required) PG_RETURN_NULL();
    PG_RETURN_NUMERIC(total_numeric(t, b));
}

}  // namespace

extern "C" {

// PostgreSQL 15's PG_FUNCTION_INFO_V1 exports the info records only; the functions are
// exported here (everything else is hidden).
PGDLLEXPORT Datum tariff_charge(PG_FUNCTION_ARGS);
PGDLLEXPORT Datum tariff_rate(PG_FUNCTION_ARGS);
PGDLLEXPORT Datum tariff_check_book(PG_FUNCTION_ARGS);
PGDLLEXPORT Datum tariff_catalogue_charge(PG_FUNCTION_ARGS);
PG_FUNCTION_INFO_V1(tariff_charge);
PG_FUNCTION_INFO_V1(tariff_rate);
PG_FUNCTION_INFO_V1(tariff_check_book);
PG_FUNCTION_INFO_V1(tariff_catalogue_charge);

/// tariff_charge(book jsonb, quantity numeric) returns numeric: the total, NULL when a quote is
/// required.
Datum tariff_charge(PG_FUNCTION_ARGS) {
    return charge(fcinfo, book_of(fcinfo), PG_GETARG_NUMERIC(1));
}

/// tariff_catalogue_charge(catalogue jsonb, product text, period text, quantity numeric) returns
/// numeric: the total for the quantity under the product's version in force in the period
/// ("YYYY-MM"), as tariff_charge gives it under that version's book.
Datum tariff_catalogue_charge(PG_FUNCTION_ARGS) {
    const auto& c = *static_cast<const tariff_pg::catalogue*>(parsed_of(fcinfo, catalogue_reader));
    const text* product = PG_GETARG_TEXT_PP(1);
    const text* period = PG_GETARG_TEXT_PP(2);
    const book* b = nullptr;
    failure why;
    if (tariff_pg::catalogue_price(c, VARDATA_ANY(product), VARSIZE_ANY_EXHDR(product),
                                   VARDATA_ANY(period), VARSIZE_ANY_EXHDR(period), b,
                                   why) != outcome::ok)
        raise(why);
    return charge(fcinfo, *b, PG_GETARG_NUMERIC(3));
}

/// tariff_rate(book jsonb, quantity numeric) returns jsonb: the charge as `tariff charge --json`
/// prints it.
Datum tariff_rate(PG_FUNCTION_ARGS) {
    const book& b = book_of(fcinfo);
    const std::int64_t steps = quantity_steps(PG_GETARG_NUMERIC(1), b);
    const char* json = nullptr;
    failure why;
    if (tariff_pg::rate_json(b, steps, json, why) != outcome::ok) raise(why);
    PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(json)));
}

/// tariff_check_book(book jsonb) returns text: NULL when the book is valid, else why not.
Datum tariff_check_book(PG_FUNCTION_ARGS) {
    Jsonb* value = PG_GETARG_JSONB_P(0);
    char* text = JsonbToCString(nullptr, &value->root, static_cast<int>(VARSIZE(value)));
    const char* problem = nullptr;
    failure why;
    if (tariff_pg::check_book(text, std::strlen(text), book_source, problem, why) != outcome::ok)
        raise(why);
    pfree(text);
    if (problem == nullptr) PG_RETURN_NULL();
    PG_RETURN_TEXT_P(cstring_to_text(problem));
}

}  // extern "C"
