// The `tariff` program: rates usage with a price book. `tariff --help` lists the commands.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>

#include "commands.hpp"
#include "echo.hpp"

#ifndef TARIFF_VERSION
#define TARIFF_VERSION "unknown"
#endif

namespace {

constexpr std::string_view usage_text =
    "usage: tariff <command> [arguments]\n"
    "\n"
    "commands:\n"
    "  charge [--book FILE] [--json] [QUANTITY...]\n"
    "  charge --catalogue FILE --product ID --period YYYY-MM [--json] [QUANTITY...]\n"
    "      Rate each monthly quantity (one per line from stdin when none is given) with\n"
    "      the price book FILE, or the embedded FaceID book, or a catalogue's product as\n"
    "      priced in the period, and print the charge.\n"
    "  bill --period YYYY-MM [--book FILE | --catalogue FILE] [--utc-offset +HH:MM]\n"
    "       [--balances FILE] [--json] EVENTS.csv|-\n"
    "      Bill a month of usage events per account against prepaid balances.\n"
    "  cliffs [--book FILE] [--json]\n"
    "      List the quantity ranges in which more usage costs less.\n"
    "  afford [--book FILE] [--json] BUDGET\n"
    "      The largest monthly quantity whose charge fits BUDGET.\n"
    "\n"
    "  The prepaid ledger, kept in the SQLite database DB:\n"
    "  account activate --db DB [--currency CODE] ACCOUNT\n"
    "      Activate an account (creates DB, in CODE, default USD).\n"
    "  topup --db DB ACCOUNT AMOUNT [--ref REF]\n"
    "      Add AMOUNT to an account's prepaid balance; a suspended account whose balance\n"
    "      reaches zero is active again. REF makes a repeated top-up change nothing.\n"
    "  pack add --db DB ACCOUNT PRODUCT QUANTITY --from YYYY-MM --until YYYY-MM [--ref REF]\n"
    "           [--catalogue FILE | --book FILE]\n"
    "      Add a prepaid pack of QUANTITY units of PRODUCT, used from..until.\n"
    "  close --db DB --period YYYY-MM [--catalogue FILE | --book FILE] [--utc-offset +HH:MM]\n"
    "        [--now RFC3339] [--json] EVENTS.csv|-\n"
    "      Bill an ended month to every activated account and deduct it, once.\n"
    "  status --db DB [--json] [ACCOUNT...]\n"
    "      Balances, service states and packs left.\n"
    "  There is no refund command: bills are final.\n"
    "\n"
    "  help        Show this text.\n"
    "  --version   Show the version.\n"
    "\n"
    "Exit status: 0 done; 1 some input lines were bad (the others were processed);\n"
    "2 bad arguments or a bad or missing file (nothing is printed on stdout);\n"
    "3 the output could not be written (a full disk, a closed stdout).\n";

/// A closed standard descriptor would be handed out again by the next open(): a file read as
/// input could become "stdout". Park /dev/null there instead, read-only for stdout so that any
/// output still fails and is reported as a write error.
void keep_standard_descriptors_taken() {
    for (const int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
        const int flags = fd == STDERR_FILENO ? O_WRONLY : O_RDONLY;
        const int opened = open("/dev/null", flags);
        if (opened != -1 && opened != fd) {
            dup2(opened, fd);
            close(opened);
        }
    }
}

/// Everything printed must reach stdout: a bill lost to a full disk is an error, not success.
/// Flushes and returns exit_write_failed, after a message on stderr, when stdout failed. The
/// reason is errno as the failed write left it (the commands stop writing at the first failure).
int checked_exit(std::string_view command, int status) {
    std::cout.flush();
    if (std::cout) return status;
    const int error = errno;
    std::cerr << "tariff " << command << ": cannot write the output to stdout"
              << (error != 0 ? std::string(": ") + std::strerror(error) : std::string()) << '\n';
    return tariff_cli::exit_write_failed;
}

int run(std::string_view command, const tariff_cli::arguments& rest) {
    try {
        if (command == "charge") return tariff_cli::run_charge(rest);
        if (command == "bill") return tariff_cli::run_bill(rest);
        if (command == "cliffs") return tariff_cli::run_cliffs(rest);
        if (command == "afford") return tariff_cli::run_afford(rest);
        if (command == "account") return tariff_cli::run_account(rest);
        if (command == "topup") return tariff_cli::run_topup(rest);
        if (command == "pack") return tariff_cli::run_pack(rest);
        if (command == "close") return tariff_cli::run_close(rest);
        if (command == "status") return tariff_cli::run_status(rest);
        if (command == "help" || command == "--help" || command == "-h") {
            std::cout << usage_text;
            return tariff_cli::exit_ok;
        }
        if (command == "--version" || command == "version") {
            std::cout << "tariff " TARIFF_VERSION "\n";
            return tariff_cli::exit_ok;
        }
        std::cerr << "tariff: unknown command " << tariff_cli::quote_input(command)
                  << "; run `tariff --help` for the commands\n";
        return tariff_cli::exit_usage;
    } catch (const std::exception& e) {
        std::cerr << "tariff " << command << ": " << e.what() << '\n';
        return tariff_cli::exit_usage;
    }
}

}  // namespace

int main(int argc, char** argv) {
    keep_standard_descriptors_taken();
    std::ios::sync_with_stdio(false);
    const tariff_cli::arguments all(argv + 1, argv + argc);
    if (all.empty()) {
        std::cerr << usage_text;
        return tariff_cli::exit_usage;
    }
    const std::string_view command = all.front();
    const int status = run(command, tariff_cli::arguments(all.begin() + 1, all.end()));
    return checked_exit(command, status);
}
