#pragma once
/// tariff::read_usage: fills a monthly_usage from an events file, on several threads.
///
/// A usage of one unnamed product (a price book's, as billing_run keeps it) reads
/// `account,timestamp,calls` at the product's quantity scale (usage_csv_reader); so does a
/// catalogue of one product whose file starts with that header. Any other reads a catalogue's
/// `account,product,timestamp,quantity` (product_usage_csv_reader). `tariff bill` and `tariff
/// close` read their events through it.
///
/// With N threads the file is cut into N byte ranges at line starts; each thread reads its range
/// into a usage of its own, and the parts are merged in file order. The result does not depend
/// on N: totals are exact integer sums and bills are sorted by account. Nor does the error: a
/// part that fails reports its line counted from the part's start, and the lines of the parts
/// before it (read completely) make it the file's line, so the first bad row of the file is
/// reported whatever N. A total that passes 2^63-1 only once the parts are added is found by
/// reading the file again on one thread, so it too is reported at its row. Memory grows with
/// threads x accounts x products and a read buffer (or, with file_access::map, a mapped window)
/// per thread, never with the number of events.

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>  // file_chunks maps regular files
#include <sys/stat.h>
#include <unistd.h>
#endif

#include "detail/text.hpp"  // skip_byte_order_mark
#include "error.hpp"
#include "monthly_usage.hpp"
#include "usage_csv.hpp"

namespace tariff {

namespace detail {

/// Moves `file` (named `source` in messages) to byte `offset`; throws when it cannot.
inline void seek_file(std::FILE* file, std::uint64_t offset, const std::string& source) {
    if (offset > static_cast<std::uint64_t>(LONG_MAX) ||
        std::fseek(file, static_cast<long>(offset), SEEK_SET) != 0) {
        throw error(source + ": cannot seek to byte " + std::to_string(offset));
    }
}

/// A file opened for reading, closed when done; errors name it.
class read_file {
public:
    explicit read_file(const std::string& path) : file_(std::fopen(path.c_str(), "rb")) {
        if (file_ == nullptr) throw error(path + ": cannot open: " + std::strerror(errno));
    }
    read_file(const read_file&) = delete;
    read_file& operator=(const read_file&) = delete;
    ~read_file() { std::fclose(file_); }

    std::FILE* get() const noexcept { return file_; }

    /// The file's size in bytes, or nothing when it cannot seek (a pipe).
    std::optional<std::uint64_t> size() const {
        if (std::fseek(file_, 0, SEEK_END) != 0) return std::nullopt;
        const long end = std::ftell(file_);
        if (end < 0 || std::fseek(file_, 0, SEEK_SET) != 0) return std::nullopt;
        return static_cast<std::uint64_t>(end);
    }

    /// Moves to byte `offset` (less than the size).
    void seek(std::uint64_t offset, const std::string& source) const {
        seek_file(file_, offset, source);
    }

private:
    std::FILE* file_;
};

/// Reads up to `size` bytes of `file` into `buffer`; throws naming `source` on a read error.
inline std::size_t read_some(std::FILE* file, char* buffer, std::size_t size,
                             const std::string& source) {
    const std::size_t n = std::fread(buffer, 1, size, file);
    if (n < size && std::ferror(file)) {
        throw error(source + ": cannot read: " + std::strerror(errno));
    }
    return n;
}

#if defined(__unix__) || defined(__APPLE__)
inline constexpr bool can_map_files = true;
#else
inline constexpr bool can_map_files = false;
#endif

/// Whether `file` is a regular file, one that can be mapped into memory.
inline bool is_regular_file(std::FILE* file) noexcept {
#if defined(__unix__) || defined(__APPLE__)
    struct stat status;
    return fstat(fileno(file), &status) == 0 && S_ISREG(status.st_mode);
#else
    (void)file;
    return false;
#endif
}

/// The bytes of a file, a chunk at a time, for the events readers. Asked to map a regular file
/// (file_access::map), it maps bytes [from, end) into memory one window at a time, so they are
/// not copied (each window is unmapped before the next: memory stays flat); anything else, or a
/// file whose mapping fails, is read into a buffer from where it stands. A mapped file that
/// shrinks while it is read ends the process with SIGBUS, as any mapping does.
class file_chunks {
public:
    /// The bytes of `file` (named `source` in messages) from where it stands to its end, read
    /// `chunk_size` bytes at a time.
    file_chunks(std::FILE* file, std::string source, std::size_t chunk_size)
        : file_chunks(file, std::move(source), chunk_size, 0, UINT64_MAX, false) {}

    /// Bytes [from, end) of `file`, where it stands at `from`; mapped when `map` (a regular file
    /// at least `end` bytes long), else read, `chunk_size` bytes at a time (at least one).
    file_chunks(std::FILE* file, std::string source, std::size_t chunk_size, std::uint64_t from,
                std::uint64_t end, bool map)
        : file_(file),
          source_(std::move(source)),
          chunk_size_(std::max<std::size_t>(chunk_size, 1)),
          at_(from),
          end_(end),
          map_(map && can_map_files) {}

    file_chunks(const file_chunks&) = delete;
    file_chunks& operator=(const file_chunks&) = delete;
    ~file_chunks() { unmap(); }

    /// The next chunk, valid until the next call; empty at the end. Throws error naming the
    /// file when it cannot be read.
    std::string_view next() {
        unmap();
        if (at_ >= end_) return {};
#if defined(__unix__) || defined(__APPLE__)
        if (map_) {
            const auto page = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
            const std::uint64_t base = at_ / page * page;  // a mapping starts at a page
            const std::uint64_t stop = at_ + std::min<std::uint64_t>(end_ - at_, chunk_size_);
            const auto length = static_cast<std::size_t>(stop - base);
            void* mapped = mmap(nullptr, length, PROT_READ, MAP_PRIVATE, fileno(file_),
                                static_cast<off_t>(base));
            if (mapped != MAP_FAILED) {
                madvise(mapped, length, MADV_SEQUENTIAL);
                mapped_ = mapped;
                mapped_length_ = length;
                const std::string_view chunk(static_cast<const char*>(mapped) + (at_ - base),
                                             static_cast<std::size_t>(stop - at_));
                at_ = stop;
                return chunk;
            }
            // Read from here on instead.
            map_ = false;
            seek_file(file_, at_, source_);
        }
#endif
        const auto want =
            static_cast<std::size_t>(std::min<std::uint64_t>(end_ - at_, chunk_size_));
        if (buffer_.size() < want) buffer_.resize(want);
        const std::size_t n = read_some(file_, buffer_.data(), want, source_);
        at_ = n < want ? end_ : at_ + n;
        return std::string_view(buffer_.data(), n);
    }

private:
    void unmap() noexcept {
#if defined(__unix__) || defined(__APPLE__)
        if (mapped_ != nullptr) munmap(mapped_, mapped_length_);
#endif
        mapped_ = nullptr;
    }

    std::FILE* file_;
    std::string source_;
    std::size_t chunk_size_;
    std::uint64_t at_;   // the next byte to hand over
    std::uint64_t end_;  // one past the last
    bool map_;
    void* mapped_ = nullptr;
    std::size_t mapped_length_ = 0;
    std::vector<char> buffer_;
};

/// Feeds the rest of `chunks` through `reader`, then finishes it; stops early, without
/// finishing, when `stop()` says so (checked before each chunk).
template <class Reader, class OnRow, class Stop>
void feed_file(file_chunks& chunks, Reader& reader, OnRow& on_row, const Stop& stop) {
    for (;;) {
        if (stop()) return;
        const std::string_view chunk = chunks.next();
        if (chunk.empty()) break;
        reader.feed(chunk, on_row);
    }
    reader.finish(on_row);
}

/// Whether `usage` reads its events as `account,timestamp,calls` rows (of its one product) rather
/// than a catalogue's `account,product,timestamp,quantity`: always for the one unnamed product of
/// a price book; for a catalogue of one product when the file's first line, at the start of
/// `first` (a byte order mark and a CR allowed), is that header.
template <class Amount>
bool reads_book_rows(const monthly_usage<Amount>& usage, std::string_view first) {
    if (usage.product_count() != 1) return false;
    if (usage.product(0).id.empty()) return true;
    std::string_view line = first.substr(0, first.find('\n'));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    skip_byte_order_mark(line);
    return line == usage_csv_reader::header;
}

/// Calls `read(reader, add)` with the events reader `usage` takes (book_rows: see
/// reads_book_rows) and the function adding one of its rows to a monthly_usage.
template <class Amount, class Read>
void with_events_reader(const monthly_usage<Amount>& usage, const std::string& source,
                        bool book_rows, Read&& read) {
    if (book_rows) {
        usage_csv_reader reader(source, usage.product(0).quantity_scale);
        if (usage.product(0).id.empty()) {
            read(reader, [](monthly_usage<Amount>& into, const usage_event& event) {
                into.add(event.account, 0, event.at, event.calls);
            });
        } else {
            // A catalogue's one product: refused, as by id, when it has no price in the month.
            read(reader, [](monthly_usage<Amount>& into, const usage_event& event) {
                into.add(event.account, into.product_index(into.product(0).id), event.at,
                         event.calls);
            });
        }
    } else {
        product_usage_csv_reader reader(source);
        read(reader, [](monthly_usage<Amount>& into, const product_usage_event& event) {
            into.add(event.account, event.product, event.at, event.quantity);
        });
    }
}

/// Reads `file` (named `source`) on this thread from where it stands into `usage`: all or
/// nothing. It is read `buffer_size` bytes at a time, the first chunk at least a line long (it
/// tells the format: reads_book_rows); with `mapped_size`, `file` is a regular file of that many
/// bytes, at its start, mapped a window at a time instead (file_chunks).
template <class Amount>
void read_usage_stream(monthly_usage<Amount>& usage, std::FILE* file, const std::string& source,
                       std::size_t buffer_size,
                       std::optional<std::uint64_t> mapped_size = std::nullopt) {
    file_chunks chunks(file, source, std::max(buffer_size, usage_csv_reader::max_line_length), 0,
                       mapped_size.value_or(UINT64_MAX), mapped_size.has_value());
    monthly_usage<Amount> read = usage;
    const std::string_view first = chunks.next();
    with_events_reader(usage, source, reads_book_rows(usage, first), [&](auto& reader, auto add) {
        auto on_row = [&](const auto& event) { add(read, event); };
        reader.feed(first, on_row);
        feed_file(chunks, reader, on_row, [] { return false; });
    });
    usage = std::move(read);
}

/// Reads the file `file` (named `source`, of `size` bytes when it can seek) from its start on
/// this thread into `usage`, `buffer_size` bytes at a time, mapped when `map` and it is a
/// regular file.
template <class Amount>
void read_usage_file(monthly_usage<Amount>& usage, const read_file& file,
                     std::optional<std::uint64_t> size, const std::string& source,
                     std::size_t buffer_size, bool map) {
    map = map && size && is_regular_file(file.get());
    read_usage_stream(usage, file.get(), source, buffer_size, map ? size : std::nullopt);
}

/// The start of the first line at or after byte `from` of a file of `size` bytes: one past the
/// first newline at or after from - 1 (so `from` itself when a line starts there), or `size`.
inline std::uint64_t line_start_from(const read_file& file, std::uint64_t from, std::uint64_t size,
                                     const std::string& source) {
    if (from == 0 || from >= size) return std::min(from, size);
    file.seek(from - 1, source);
    char buffer[4096];
    std::uint64_t at = from - 1;
    while (at < size) {
        const std::size_t n = read_some(file.get(), buffer, sizeof buffer, source);
        if (n == 0) break;
        if (const void* newline = std::memchr(buffer, '\n', n)) {
            return at + static_cast<std::uint64_t>(static_cast<const char*>(newline) - buffer) + 1;
        }
        at += n;
    }
    return size;
}

}  // namespace detail

/// How read_usage takes the bytes of a regular file (stdin and other streams are always read).
enum class file_access {
    /// Read into a buffer, a window at a time: a copy of every byte.
    read,
    /// Mapped into memory a window at a time (each unmapped before the next), where the system
    /// can map files: no copy, about a tenth less CPU for the whole read. A file that shrinks
    /// while it is mapped ends the process with SIGBUS, as with any program that maps its input,
    /// so this is for files nothing else writes while they are read. `tariff bill` and `tariff
    /// close` read this way.
    map
};

/// The size of read_usage's buffer (or mapped window) per thread, unless told otherwise.
inline constexpr std::size_t usage_buffer_size = std::size_t{1} << 20;

/// Reads the events file at `path` ("-": stdin, on this thread, named "stdin" in messages) into
/// `usage` on `threads` threads (0: one per core; fewer for a file under `threads` x 4 KiB, one
/// for a file that cannot seek). Events are read as the
/// reader `usage` takes reads them (see the top of this header) and added with monthly_usage::add.
/// Throws csv_error "FILE:LINE: reason" for the file's first bad row whatever the number of
/// threads, error when the file cannot be opened or read; then `usage` is unchanged. `buffer_size`
/// is each thread's read buffer, or mapped window (see file_access).
template <class Amount>
void read_usage(monthly_usage<Amount>& usage, const std::string& path, unsigned threads = 0,
                std::size_t buffer_size = usage_buffer_size,
                file_access access = file_access::read) {
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    if (path == "-") {
        detail::read_usage_stream(usage, stdin, "stdin", buffer_size);
        return;
    }
    const detail::read_file file(path);
    const std::optional<std::uint64_t> size = file.size();
    // A part is at least the longest line long, so a small file is not cut into many.
    constexpr std::uint64_t least_part = usage_csv_reader::max_line_length;
    if (size) threads = static_cast<unsigned>(std::min<std::uint64_t>(threads, *size / least_part));
    if (threads <= 1 || !size) {
        detail::read_usage_file(usage, file, size, path, buffer_size, access == file_access::map);
        return;
    }
    const bool map = access == file_access::map && detail::is_regular_file(file.get());

    // Part k is bytes [starts[k], starts[k + 1]); each but the last ends with a newline.
    std::vector<std::uint64_t> starts{0};
    for (unsigned k = 1; k < threads; ++k) {
        const std::uint64_t nominal = *size / threads * k + *size % threads * k / threads;
        starts.push_back(
            std::max(starts.back(), detail::line_start_from(file, nominal, *size, path)));
    }
    starts.push_back(*size);

    // The format, from the file's first line, for every part.
    std::vector<char> head(usage_csv_reader::max_line_length);
    file.seek(0, path);
    const std::size_t head_size = detail::read_some(file.get(), head.data(), head.size(), path);
    const bool book_rows = detail::reads_book_rows(usage, std::string_view(head.data(), head_size));

    struct part {
        monthly_usage<Amount> usage;
        std::uint64_t lines = 0;  // lines read, or up to and with the bad one
        std::optional<csv_error> bad_row;
        std::exception_ptr failure;  // anything else
        bool overflowed = false;     // a total passed 2^63-1 within the part
    };
    const part empty{monthly_usage<Amount>(usage.period(), usage.offset(), usage.products()), 0,
                     std::nullopt, nullptr, false};
    std::vector<part> parts(threads, empty);
    std::atomic<unsigned> first_failed{threads};  // the lowest part that failed so far

    const auto read_part = [&](unsigned k) {
        part& mine = parts[k];
        const auto fail_at = [&] {
            unsigned seen = first_failed.load();
            while (k < seen && !first_failed.compare_exchange_weak(seen, k)) {
            }
        };
        try {
            const detail::read_file own(path);
            own.seek(starts[k], path);
            detail::file_chunks chunks(own.get(), path, buffer_size, starts[k], starts[k + 1], map);
            detail::with_events_reader(usage, path, book_rows, [&](auto& reader, auto add) {
                if (k > 0) reader.skip_header();
                auto on_row = [&](const auto& event) {
                    try {
                        add(mine.usage, event);
                    } catch (const overflow_error&) {
                        mine.overflowed = true;
                        throw;
                    }
                };
                // A part after one that failed is not needed.
                const auto stop = [&] { return first_failed.load(std::memory_order_relaxed) < k; };
                try {
                    detail::feed_file(chunks, reader, on_row, stop);
                } catch (const csv_error& e) {
                    mine.bad_row = e;
                }
                mine.lines = reader.line();
            });
        } catch (...) {
            mine.failure = std::current_exception();
        }
        if (mine.bad_row || mine.failure) fail_at();
    };

    std::vector<std::thread> workers;
    std::exception_ptr not_started;
    try {
        for (unsigned k = 1; k < threads; ++k) workers.emplace_back(read_part, k);
    } catch (...) {
        not_started = std::current_exception();
        first_failed.store(0);  // let the started ones stop early
    }
    if (!not_started) read_part(0);
    for (std::thread& worker : workers) worker.join();
    if (not_started) std::rethrow_exception(not_started);

    const auto read_on_one_thread = [&] {
        // Totals past 2^63-1 depend on the order of the rows: find the first row on one thread.
        file.seek(0, path);
        detail::read_usage_file(usage, file, size, path, buffer_size, access == file_access::map);
    };
    std::uint64_t lines_before = 0;
    for (unsigned k = 0; k < threads; ++k) {
        part& p = parts[k];
        if (p.overflowed) return read_on_one_thread();
        if (p.failure) std::rethrow_exception(p.failure);
        if (p.bad_row) {
            throw csv_error(p.bad_row->source(), lines_before + p.bad_row->line(),
                            p.bad_row->reason());
        }
        lines_before += p.lines;
    }
    try {
        for (unsigned k = 1; k < threads; ++k) parts[0].usage.merge(parts[k].usage);
        usage.merge(parts[0].usage);
    } catch (const overflow_error&) {
        read_on_one_thread();
        throw;  // not reached: the one-thread read meets the same total
    }
}

/// Reads events from `stream` (e.g. stdin) on this thread into `usage`, as read_usage does;
/// `source` names it in messages. Then `usage` holds them all, or on an error is unchanged.
template <class Amount>
void read_usage(monthly_usage<Amount>& usage, std::FILE* stream, const std::string& source,
                std::size_t buffer_size = usage_buffer_size) {
    detail::read_usage_stream(usage, stream, source, buffer_size);
}

}  // namespace tariff
