#pragma once
// The one option parser of every `tariff` command. A command declares its flags and its options
// with a value, then parses its arguments:
//   --name              a flag; giving it twice is harmless
//   --name VALUE        an option with a value, also --name=VALUE; at most once, never empty
//   --help, -h          help: parsing stops there, so help wins over anything after it
//   --                  everything after it is an operand
//   -                   an operand (stdin, where a command reads it)
//   anything else       an operand, in order; "-5" too when numbers may be negative (so that a
//                       command can call it a negative quantity or budget rather than an option)

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands.hpp"

namespace tariff_cli {

/// What parse() found: help, the operands in order, or why the arguments are refused.
struct parsed_arguments {
    bool help = false;
    std::vector<std::string_view> operands;
    std::optional<std::string> error;  ///< e.g. "--book needs a FILE"; the command adds its name
};

class option_parser {
public:
    /// `--name`: sets `into` to true.
    option_parser& flag(std::string_view name, bool& into);
    /// `--name VALUE` / `--name=VALUE` into `into`. A missing or empty value is refused with
    /// "NAME needs WHAT" (what: "a FILE", "a value").
    option_parser& value(std::string_view name, std::optional<std::string>& into,
                         std::string_view what);
    /// Arguments that look like negative numbers ("-5", "-0.01") are operands.
    option_parser& negative_numbers_are_operands();

    /// Parses `args` into the declared variables; stops at the first error or at help.
    parsed_arguments parse(const arguments& args) const;

private:
    struct flag_spec {
        std::string_view name;
        bool* into;
    };
    struct value_spec {
        std::string_view name;
        std::optional<std::string>* into;
        std::string_view what;
    };
    std::vector<flag_spec> flags_;
    std::vector<value_spec> values_;
    bool negative_numbers_ = false;
};

/// The value of `--threads N` (tariff bill, tariff close): a number of threads from 1 to 1024
/// into `threads`, or why `text` is not one ("--threads: "x" is not a number of threads from 1
/// to 1024").
std::optional<std::string> read_threads(std::string_view text, unsigned& threads);

}  // namespace tariff_cli
