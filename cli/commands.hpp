#pragma once
// The subcommands of the `tariff` program. main.cpp dispatches on the first argument; each
// command lives in its own cli/<command>.cpp and gets the arguments after its name.

#include <string_view>
#include <vector>

namespace tariff_cli {

/// The arguments after the command name.
using arguments = std::vector<std::string_view>;

/// Exit codes shared by every command.
inline constexpr int exit_ok = 0;       ///< everything was rated / done
inline constexpr int exit_partial = 1;  ///< some input lines were bad; the rest was still done
inline constexpr int exit_usage = 2;    ///< bad arguments, bad or missing input file; nothing done
inline constexpr int exit_write_failed = 3;  ///< the output could not be written (main() checks)

/// `tariff charge [--book FILE] [--json] [QUANTITY...]`
int run_charge(const arguments& args);
/// `tariff bill --period YYYY-MM [--book FILE] ... EVENTS.csv|-`
int run_bill(const arguments& args);
/// `tariff cliffs ...`
int run_cliffs(const arguments& args);
/// `tariff afford ...`
int run_afford(const arguments& args);
/// `tariff account activate --db DB [--currency CODE] ACCOUNT`
int run_account(const arguments& args);
/// `tariff topup --db DB ACCOUNT AMOUNT [--ref REF]`
int run_topup(const arguments& args);
/// `tariff pack add --db DB ACCOUNT PRODUCT QUANTITY --from YYYY-MM --until YYYY-MM ...`
int run_pack(const arguments& args);
/// `tariff close --db DB --period YYYY-MM ... EVENTS.csv|-`
int run_close(const arguments& args);
/// `tariff status --db DB [--json] [ACCOUNT...]`
int run_status(const arguments& args);

}  // namespace tariff_cli
