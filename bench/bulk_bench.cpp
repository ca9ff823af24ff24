// tariff_bench: bulk rating of N quantities of the FaceID table (DESIGN.md section 1: volume,
// 0.40 / 0.35 / 0.30 / 0.25 USD, contact sales above 200,000) against the memory floor and
// against binary and decimal floating point. Quantities are drawn across all five tiers with a
// fixed seed. See bench/README.md for what each benchmark measures and how to read the results.
#include <benchmark/benchmark.h>

#include <boost/multiprecision/cpp_dec_float.hpp>  // volume_cpp_dec_float reference
#include <cstddef>
#include <cstdint>
#include <random>
#include <tariff/bulk.hpp>
#include <tariff/json.hpp>  // book_volume: the FaceID price book read from JSON
#include <tariff/multiprecision.hpp>
#include <vector>

namespace {

constexpr std::int64_t n_min = std::int64_t{1} << 10;
constexpr std::int64_t n_max = std::int64_t{1} << 24;
constexpr std::int64_t n_sweep = std::int64_t{1} << 20;
constexpr double min_time = 0.2;

/// Upper bounds of the FaceID tiers; the last, open tier (contact sales) is drawn up to 400,000.
constexpr std::int64_t face_id_bounds[] = {1000, 10000, 100000, 200000, 400000};

/// Tier first (uniformly), then a quantity inside it (uniformly): every tier is equally likely,
/// so the tier search sees no pattern. The same n_max quantities serve every benchmark.
std::vector<std::int64_t> draw(const std::int64_t* bounds, std::size_t tiers, std::size_t n,
                               std::uint64_t seed) {
    std::mt19937_64 engine(seed);
    std::vector<std::int64_t> q(n);
    for (auto& x : q) {
        const std::size_t t = engine() % tiers;
        const std::int64_t lo = t == 0 ? 0 : bounds[t - 1];
        x = lo + 1 +
            static_cast<std::int64_t>(engine() % static_cast<std::uint64_t>(bounds[t] - lo));
    }
    return q;
}

const std::vector<std::int64_t>& face_id_quantities() {
    static const std::vector<std::int64_t> q =
        draw(face_id_bounds, 5, static_cast<std::size_t>(n_max), 20000);
    return q;
}

template <class Rep>
using face_id_table = tariff::tier_table<tariff::iso::USD, tariff::decimal<2, Rep>>;

template <class Rep>
face_id_table<Rep> face_id(tariff::tier_mode mode) {
    return face_id_table<Rep>(mode, {{1000, "0.40"},
                                     {10000, "0.35"},
                                     {100000, "0.30"},
                                     {200000, "0.25"},
                                     {tariff::unbounded, tariff::contact_sales}});
}

std::size_t size_of(const benchmark::State& state) {
    return static_cast<std::size_t>(state.range(0));
}

void finish(benchmark::State& state, std::size_t n) {
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(n));
}

/// The library: a bulk_rater built once for the table, then rate() over the batch.
template <class Table>
void rate_table(benchmark::State& state, const Table& table,
                const std::vector<std::int64_t>& quantities) {
    const std::size_t n = size_of(state);
    const tariff::bulk_rater<Table> rater(table);
    std::vector<typename Table::amount_type> totals(n);
    std::vector<tariff::bulk_status> status(n);
    for (auto _ : state) {
        const auto summary = rater.rate(quantities.data(), n, totals.data(), status.data());
        benchmark::DoNotOptimize(summary);
        benchmark::ClobberMemory();
    }
    finish(state, n);
    state.counters["vector"] = rater.path() == tariff::bulk_path::vector ? 1 : 0;
}

// --- references ----------------------------------------------------------------------------

/// The memory floor: read a quantity, one int64 multiply, write the product.
void baseline_multiply(benchmark::State& state) {
    const std::size_t n = size_of(state);
    const std::int64_t* q = face_id_quantities().data();
    std::vector<std::int64_t> out(n);
    std::int64_t* o = out.data();
    for (auto _ : state) {
        for (std::size_t i = 0; i < n; ++i) o[i] = q[i] * 35;
        benchmark::ClobberMemory();
    }
    finish(state, n);
}

/// What a straightforward implementation in binary floating point does (inexact: 0.35 has no
/// exact double): find the tier, multiply, flag the quote tier.
void volume_double(benchmark::State& state) {
    struct double_tier {
        double up_to;
        double price;
        bool quote;
    };
    const double_tier tiers[] = {{1000, 0.40, false},
                                 {10000, 0.35, false},
                                 {100000, 0.30, false},
                                 {200000, 0.25, false},
                                 {0, 0, true}};
    const std::size_t n = size_of(state);
    const std::int64_t* q = face_id_quantities().data();
    std::vector<double> totals(n);
    std::vector<unsigned char> quote(n);
    for (auto _ : state) {
        for (std::size_t i = 0; i < n; ++i) {
            const auto x = static_cast<double>(q[i]);
            std::size_t t = 0;
            while (t + 1 < 5 && x > tiers[t].up_to) ++t;
            totals[i] = tiers[t].quote ? 0.0 : x * tiers[t].price;
            quote[i] = tiers[t].quote ? 1 : 0;
        }
        benchmark::ClobberMemory();
    }
    finish(state, n);
}

/// The same with Boost's decimal floating point (50 digits): exact here, but slow.
void volume_cpp_dec_float(benchmark::State& state) {
    using number = boost::multiprecision::cpp_dec_float_50;
    struct decimal_tier {
        number up_to;
        number price;
        bool quote;
    };
    const decimal_tier tiers[] = {{number(1000), number("0.40"), false},
                                  {number(10000), number("0.35"), false},
                                  {number(100000), number("0.30"), false},
                                  {number(200000), number("0.25"), false},
                                  {number(0), number(0), true}};
    const std::size_t n = size_of(state);
    const std::int64_t* q = face_id_quantities().data();
    std::vector<number> totals(n);
    std::vector<unsigned char> quote(n);
    for (auto _ : state) {
        for (std::size_t i = 0; i < n; ++i) {
            const number x(q[i]);
            std::size_t t = 0;
            while (t + 1 < 5 && x > tiers[t].up_to) ++t;
            totals[i] = tiers[t].quote ? number(0) : x * tiers[t].price;
            quote[i] = tiers[t].quote ? 1 : 0;
        }
        benchmark::ClobberMemory();
    }
    finish(state, n);
}

// --- the library ---------------------------------------------------------------------------

void volume_int64(benchmark::State& state) {
    rate_table(state, face_id<std::int64_t>(tariff::tier_mode::volume), face_id_quantities());
}

void graduated_int64(benchmark::State& state) {
    rate_table(state, face_id<std::int64_t>(tariff::tier_mode::graduated), face_id_quantities());
}

void volume_int128(benchmark::State& state) {
    rate_table(state, face_id<tariff::int128>(tariff::tier_mode::volume), face_id_quantities());
}

void volume_checked_int128(benchmark::State& state) {
    rate_table(state, face_id<tariff::checked_int128_t>(tariff::tier_mode::volume),
               face_id_quantities());
}

void volume_cpp_int(benchmark::State& state) {
    rate_table(state, face_id<tariff::cpp_int>(tariff::tier_mode::volume), face_id_quantities());
}

/// The FaceID price book read from JSON (prices decimal<18, cpp_int>): its prices fit int64 in
/// cents, so it gets the same int64 plan as the table written in code; totals in minor units.
void book_volume(benchmark::State& state) {
    const std::size_t n = size_of(state);
    const tariff::price_book book = tariff::faceid_price_book();
    const tariff::bulk_rater<tariff::book_table> rater(book.table);
    std::vector<std::int64_t> cents(n);
    std::vector<tariff::bulk_status> status(n);
    for (auto _ : state) {
        const auto summary =
            rater.rate_minor_units(face_id_quantities().data(), n, cents.data(), status.data());
        benchmark::DoNotOptimize(summary);
        benchmark::ClobberMemory();
    }
    finish(state, n);
    state.counters["vector"] = rater.path() == tariff::bulk_path::vector ? 1 : 0;
}

/// The same book with its own totals (decimal<18, cpp_int>, one Boost integer per element).
void book_volume_cpp_int(benchmark::State& state) {
    rate_table(state, tariff::faceid_price_book().table, face_id_quantities());
}

/// Several threads share one rater (and the quantities); each writes its own outputs.
void volume_int64_threads(benchmark::State& state) {
    static const tariff::bulk_rater<face_id_table<std::int64_t>> rater(
        face_id<std::int64_t>(tariff::tier_mode::volume));
    const std::size_t n = size_of(state);
    const std::int64_t* q = face_id_quantities().data();
    std::vector<face_id_table<std::int64_t>::amount_type> totals(n);
    std::vector<tariff::bulk_status> status(n);
    for (auto _ : state) {
        const auto summary = rater.rate(q, n, totals.data(), status.data());
        benchmark::DoNotOptimize(summary);
        benchmark::ClobberMemory();
    }
    finish(state, n);
}

// --- tier-count sweep ------------------------------------------------------------------------

using sweep_table = tariff::tier_table<tariff::iso::USD, tariff::decimal<2>, std::int64_t, 64>;

/// T tiers, bounds 1,000 apart, prices from 1.00 falling by 0.01 per tier, the last one open.
sweep_table sweep(tariff::tier_mode mode, std::size_t tiers) {
    std::vector<sweep_table::tier_type> t(tiers);
    for (std::size_t i = 0; i < tiers; ++i) {
        t[i].unit_price = tariff::decimal<2>::from_raw(100 - static_cast<std::int64_t>(i));
        if (i + 1 < tiers)
            t[i].up_to = 1000 * static_cast<std::int64_t>(i + 1);
        else
            t[i].is_unbounded = true;
    }
    return sweep_table(mode, t.data(), t.size());
}

const std::vector<std::int64_t>& sweep_quantities(std::size_t tiers) {
    static std::vector<std::vector<std::int64_t>> cache(65);
    if (cache[tiers].empty()) {
        std::vector<std::int64_t> bounds(tiers);
        for (std::size_t i = 0; i < tiers; ++i) bounds[i] = 1000 * static_cast<std::int64_t>(i + 1);
        cache[tiers] = draw(bounds.data(), tiers, static_cast<std::size_t>(n_sweep), 64 + tiers);
    }
    return cache[tiers];
}

void volume_int64_tiers(benchmark::State& state) {
    const auto tiers = static_cast<std::size_t>(state.range(1));
    rate_table(state, sweep(tariff::tier_mode::volume, tiers), sweep_quantities(tiers));
}

void graduated_int64_tiers(benchmark::State& state) {
    const auto tiers = static_cast<std::size_t>(state.range(1));
    rate_table(state, sweep(tariff::tier_mode::graduated, tiers), sweep_quantities(tiers));
}

void sizes(benchmark::internal::Benchmark* b, std::int64_t largest) {
    for (std::int64_t n : {n_min, std::int64_t{1} << 16, n_sweep, n_max}) {
        if (n <= largest) b->Arg(n);
    }
}
void all_sizes(benchmark::internal::Benchmark* b) { sizes(b, n_max); }
// cpp_int and cpp_dec_float stop at 2^20: at 2^24 one batch takes seconds and over a gigabyte.
void small_sizes(benchmark::internal::Benchmark* b) { sizes(b, n_sweep); }
void tier_counts(benchmark::internal::Benchmark* b) {
    for (std::int64_t t : {2, 3, 4, 5, 6, 8, 12, 16, 17, 24, 32, 33, 40, 48, 56, 64})
        b->Args({n_sweep, t});
}

}  // namespace

BENCHMARK(baseline_multiply)->Apply(all_sizes)->MinTime(min_time);
BENCHMARK(volume_int64)->Apply(all_sizes)->MinTime(min_time);
BENCHMARK(graduated_int64)->Apply(all_sizes)->MinTime(min_time);
BENCHMARK(volume_int128)->Apply(all_sizes)->MinTime(min_time);
BENCHMARK(volume_checked_int128)->Apply(all_sizes)->MinTime(min_time);
BENCHMARK(volume_cpp_int)->Apply(small_sizes)->MinTime(min_time);
BENCHMARK(book_volume)->Apply(all_sizes)->MinTime(min_time);
BENCHMARK(book_volume_cpp_int)->Apply(small_sizes)->MinTime(min_time);
BENCHMARK(volume_double)->Apply(all_sizes)->MinTime(min_time);
BENCHMARK(volume_cpp_dec_float)->Apply(small_sizes)->MinTime(min_time);
BENCHMARK(volume_int64_tiers)->Apply(tier_counts)->MinTime(min_time);
BENCHMARK(graduated_int64_tiers)->Apply(tier_counts)->MinTime(min_time);
BENCHMARK(volume_int64_threads)
    ->Arg(n_sweep)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime()
    ->MinTime(min_time);
