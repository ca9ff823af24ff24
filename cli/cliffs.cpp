// Placeholder for `tariff cliffs`: a weak definition, so that a real run_cliffs defined in any
// other file of the program takes its place at link time.
#include <cstdio>

#include "commands.hpp"

namespace tariff_cli {

#if defined(__GNUC__)
[[gnu::weak]]
#endif
int run_cliffs(const arguments&) {
    std::fputs("tariff cliffs: not implemented\n", stderr);
    return exit_usage;
}

}  // namespace tariff_cli
