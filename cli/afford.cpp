// Placeholder for `tariff afford`: a weak definition, so that a real run_afford defined in any
// other file of the program takes its place at link time.
#include <cstdio>

#include "commands.hpp"

namespace tariff_cli {

#if defined(__GNUC__)
[[gnu::weak]]
#endif
int run_afford(const arguments&) {
    std::fputs("tariff afford: not implemented\n", stderr);
    return exit_usage;
}

}  // namespace tariff_cli
