# tariff_strict_warnings(<target>...)
#
# The warning set tariff's own code is held to (tests, examples, CLI, bench, fuzz). Applied
# PRIVATE to those executables only: consumers of tariff::tariff get no flags from us. Headers
# from imported targets (Boost, nlohmann_json, doctest, benchmark) are included as system headers,
# so their warnings do not count. -Werror only with TARIFF_WARNINGS_AS_ERRORS (the presets).
function(tariff_strict_warnings)
    foreach(target IN LISTS ARGN)
        if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
            target_compile_options(${target} PRIVATE
                -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion)
            if(TARIFF_WARNINGS_AS_ERRORS)
                target_compile_options(${target} PRIVATE -Werror)
            endif()
        endif()
    endforeach()
endfunction()
