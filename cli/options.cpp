#include "options.hpp"

#include <cstdint>
#include <tariff/detail/number.hpp>

#include "echo.hpp"

namespace tariff_cli {

option_parser& option_parser::flag(std::string_view name, bool& into) {
    flags_.push_back({name, &into});
    return *this;
}

option_parser& option_parser::value(std::string_view name, std::optional<std::string>& into,
                                    std::string_view what) {
    values_.push_back({name, &into, what});
    return *this;
}

option_parser& option_parser::negative_numbers_are_operands() {
    negative_numbers_ = true;
    return *this;
}

parsed_arguments option_parser::parse(const arguments& args) const {
    parsed_arguments out;
    auto refuse = [&out](std::string message) {
        out.error = std::move(message);
        return out;
    };
    bool options_end = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        const bool negative_number =
            negative_numbers_ && a.size() > 1 && a[1] >= '0' && a[1] <= '9';
        if (options_end || a.size() < 2 || a[0] != '-' || negative_number) {
            out.operands.push_back(a);
            continue;
        }
        if (a == "--") {
            options_end = true;
            continue;
        }
        if (a == "--help" || a == "-h") {
            out.help = true;
            return out;
        }
        bool known = false;
        for (const flag_spec& f : flags_) {
            if (a == f.name) {
                *f.into = true;
                known = true;
                break;
            }
        }
        if (known) continue;
        for (const value_spec& v : values_) {
            const bool separate = a == v.name;
            const bool joined = a.size() > v.name.size() &&
                                a.compare(0, v.name.size(), v.name) == 0 && a[v.name.size()] == '=';
            if (!separate && !joined) continue;
            const std::string name(v.name);
            if (*v.into) return refuse(name + " given more than once");
            std::string_view value;
            if (separate) {
                if (i + 1 == args.size()) return refuse(name + " needs " + std::string(v.what));
                value = args[++i];
            } else {
                value = a.substr(v.name.size() + 1);
            }
            if (value.empty()) return refuse(name + " needs " + std::string(v.what));
            *v.into = std::string(value);
            known = true;
            break;
        }
        if (!known) return refuse("unknown option " + quote_input(a));
    }
    return out;
}

std::optional<std::string> read_threads(std::string_view text, unsigned& threads) {
    constexpr std::int64_t most = 1024;
    std::int64_t n = 0;
    if (!tariff::detail::parse_integer(text, n, 1, most)) {
        return "--threads: " + quote_input(text) + " is not a number of threads from 1 to " +
               std::to_string(most);
    }
    threads = static_cast<unsigned>(n);
    return std::nullopt;
}

}  // namespace tariff_cli
