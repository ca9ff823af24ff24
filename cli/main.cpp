// The `tariff` program: rates usage with a price book. `tariff --help` lists the commands.
#include <exception>
#include <iostream>
#include <string_view>

#include "commands.hpp"

#ifndef TARIFF_VERSION
#define TARIFF_VERSION "unknown"
#endif

namespace {

constexpr std::string_view usage_text =
    "usage: tariff <command> [arguments]\n"
    "\n"
    "commands:\n"
    "  charge [--book FILE] [--json] [QUANTITY...]\n"
    "      Rate each monthly quantity (one per line from stdin when none is given) with\n"
    "      the price book FILE, or the embedded FaceID book, and print the charge.\n"
    "  bill --period YYYY-MM [--book FILE] [--utc-offset +HH:MM] [--balances FILE] [--json]\n"
    "       EVENTS.csv|-\n"
    "      Bill a month of usage events per account against prepaid balances.\n"
    "  cliffs [--book FILE] [--json]\n"
    "      List the quantity ranges in which more usage costs less.\n"
    "  afford [--book FILE] [--json] BUDGET\n"
    "      The largest monthly quantity whose charge fits BUDGET.\n"
    "  help        Show this text.\n"
    "  --version   Show the version.\n"
    "\n"
    "Exit status: 0 done; 1 some input lines were bad (the others were processed);\n"
    "2 bad arguments or a bad or missing file (nothing is printed on stdout).\n";

}  // namespace

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    const tariff_cli::arguments all(argv + 1, argv + argc);
    if (all.empty()) {
        std::cerr << usage_text;
        return tariff_cli::exit_usage;
    }
    const std::string_view command = all.front();
    const tariff_cli::arguments rest(all.begin() + 1, all.end());
    try {
        if (command == "charge") return tariff_cli::run_charge(rest);
        if (command == "bill") return tariff_cli::run_bill(rest);
        if (command == "cliffs") return tariff_cli::run_cliffs(rest);
        if (command == "afford") return tariff_cli::run_afford(rest);
        if (command == "help" || command == "--help" || command == "-h") {
            std::cout << usage_text;
            return tariff_cli::exit_ok;
        }
        if (command == "--version" || command == "version") {
            std::cout << "tariff " TARIFF_VERSION "\n";
            return tariff_cli::exit_ok;
        }
        std::cerr << "tariff: unknown command \"" << command
                  << "\"; run `tariff --help` for the commands\n";
        return tariff_cli::exit_usage;
    } catch (const std::exception& e) {
        std::cerr << "tariff " << command << ": " << e.what() << '\n';
        return tariff_cli::exit_usage;
    }
}
