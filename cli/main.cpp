// Placeholder so the build has a `tariff` program until the real command line lands.
#include <cstdio>

int main() {
    std::fputs("usage: tariff charge [--book FILE] [--json] [QUANTITY...]\n"
               "       tariff bill --period YYYY-MM [--book FILE] [--utc-offset +HH:MM]\n"
               "                   [--balances FILE] [--json] EVENTS.csv|-\n"
               "(placeholder: the command line is not implemented yet)\n",
               stderr);
    return 2;
}
