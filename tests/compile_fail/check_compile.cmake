# Compiles one source file for syntax only and checks the outcome.
#   cmake -DCOMPILER=<c++> -DSTD=<17|20> -DINCLUDE_DIR=<dir> -DSOURCE=<file>
#         -DEXPECT=<compiles|fails> [-DREASON=<regex the diagnostics must match>] [-DWERROR=ON]
#         [-DDEFINES=<NAME=VALUE>|...] [-DSYSTEM_INCLUDE_DIRS=<dir>|...]
#         -P check_compile.cmake
# DEFINES and SYSTEM_INCLUDE_DIRS are separated by '|' (a ';' would split the argument).
# A failure is accepted only when the diagnostics match REASON, so that a typo or a missing
# include cannot pass for the rule under test.
set(warnings -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion)
if(WERROR)
    list(APPEND warnings -Werror)
endif()
set(extra "")
string(REPLACE "|" ";" defines "${DEFINES}")
foreach(define IN LISTS defines)
    list(APPEND extra "-D${define}")
endforeach()
string(REPLACE "|" ";" system_dirs "${SYSTEM_INCLUDE_DIRS}")
foreach(dir IN LISTS system_dirs)
    list(APPEND extra -isystem "${dir}")
endforeach()
execute_process(
    COMMAND "${COMPILER}" -std=c++${STD} -fsyntax-only ${warnings} ${extra}
            "-I${INCLUDE_DIR}" "${SOURCE}"
    RESULT_VARIABLE result
    OUTPUT_VARIABLE output
    ERROR_VARIABLE output)

if(EXPECT STREQUAL "compiles")
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "${SOURCE} should compile, but:\n${output}")
    endif()
elseif(EXPECT STREQUAL "fails")
    if(result EQUAL 0)
        message(FATAL_ERROR "${SOURCE} compiled, but it must not")
    endif()
    if(DEFINED REASON AND NOT output MATCHES "${REASON}")
        message(FATAL_ERROR "${SOURCE} failed to compile, but not because of '${REASON}':\n${output}")
    endif()
else()
    message(FATAL_ERROR "EXPECT must be 'compiles' or 'fails', not '${EXPECT}'")
endif()
