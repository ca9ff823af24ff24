#pragma once
/// The CSV files of a billing run read from disk or stdin: tariff::csv_file feeds a file through
/// a streaming reader of <tariff/usage_csv.hpp> in chunks of a caller's buffer, so memory does
/// not grow with the file, and tariff::read_events reads an events file into a catalogue
/// billing run. `tariff bill --catalogue` and `tariff close` read their events through it.

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue_billing.hpp"
#include "detail/text.hpp"  // skip_byte_order_mark
#include "error.hpp"
#include "usage_csv.hpp"

namespace tariff {

/// A file, or stdin for "-", read in chunks; closed when done. Messages name the file (stdin is
/// "stdin").
class csv_file {
public:
    /// Opens `path` ("-": stdin). Throws tariff::error naming the file if it cannot be opened.
    explicit csv_file(const std::string& path) {
        if (path == "-") {
            file_ = stdin;
            name_ = "stdin";
            return;
        }
        file_ = std::fopen(path.c_str(), "rb");
        name_ = path;
        if (file_ == nullptr) throw error(path + ": cannot open: " + std::strerror(errno));
    }
    csv_file(const csv_file&) = delete;
    csv_file& operator=(const csv_file&) = delete;
    ~csv_file() {
        if (file_ != nullptr && file_ != stdin) std::fclose(file_);
    }

    /// The file's name as messages show it.
    const std::string& name() const noexcept { return name_; }

    /// The next chunk, at most buffer.size() bytes read into `buffer`; empty at the end. Throws
    /// tariff::error naming the file when it cannot be read.
    std::string_view next(std::vector<char>& buffer) {
        if (ended_) return {};
        const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), file_);
        if (n < buffer.size()) {
            if (std::ferror(file_)) throw error(name_ + ": cannot read: " + std::strerror(errno));
            ended_ = true;
        }
        return std::string_view(buffer.data(), n);
    }

    /// Feeds the rest of the file through `reader` in chunks of `buffer`'s size, `first` (a chunk
    /// already read by next()) before them, then finishes the reader.
    template <class Reader, class OnRow>
    void read(Reader& reader, std::vector<char>& buffer, OnRow&& on_row,
              std::string_view first = {}) {
        for (std::string_view chunk = first.empty() ? next(buffer) : first; !chunk.empty();
             chunk = next(buffer)) {
            reader.feed(chunk, on_row);
        }
        reader.finish(on_row);
    }

private:
    std::string name_;
    std::FILE* file_ = nullptr;
    bool ended_ = false;
};

namespace detail {

/// Whether the first line of `chunk` (a file's start) is `header`, a byte order mark and a CR
/// before the LF allowed.
inline bool starts_with_header(std::string_view chunk, std::string_view header) {
    std::string_view line = chunk.substr(0, chunk.find('\n'));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    skip_byte_order_mark(line);
    return line == header;
}

}  // namespace detail

/// Reads an events file into `run`, in chunks of `buffer`'s size: the catalogue's form
/// `account,product,timestamp,quantity`, or, when the catalogue has a single product, the
/// single book's form `account,timestamp,calls` (every row that product's). Every row is read
/// and checked, in the period or not; throws csv_error ("FILE:LINE: reason") at the first bad
/// one, tariff::error when the file cannot be read.
template <class Table>
void read_events(catalogue_billing_run<Table>& run, csv_file& file, std::vector<char>& buffer) {
    const std::string_view first = file.next(buffer);
    if (run.product_count() == 1 && detail::starts_with_header(first, usage_csv_reader::header)) {
        usage_csv_reader reader(file.name(), run.quantity_scale(0));
        std::optional<std::size_t> product;  // checked at the first row: it must have a price
        file.read(
            reader, buffer,
            [&](const usage_event& event) {
                if (!product) product = run.product_index(run.product_id(0));
                run.add(event.account, *product, event.at, event.calls);
            },
            first);
        return;
    }
    product_usage_csv_reader reader(file.name());
    file.read(
        reader, buffer,
        [&](const product_usage_event& event) {
            run.add(event.account, event.product, event.at, event.quantity);
        },
        first);
}

}  // namespace tariff
