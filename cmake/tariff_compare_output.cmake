# Runs a program and compares its standard output with a file, byte for byte.
#   cmake -DPROGRAM=<exe> -DEXPECTED=<file> [-DARGS=<;-list>] -P tariff_compare_output.cmake
# Fails when the program exits non-zero or its output differs; prints both outputs then.

cmake_minimum_required(VERSION 3.20)

if(NOT PROGRAM OR NOT EXPECTED)
    message(FATAL_ERROR "tariff_compare_output.cmake: -DPROGRAM=... and -DEXPECTED=... are required")
endif()

execute_process(COMMAND "${PROGRAM}" ${ARGS}
                RESULT_VARIABLE rc
                OUTPUT_VARIABLE actual
                ERROR_VARIABLE errors)
file(READ "${EXPECTED}" expected)

# Outputs are printed with message(NOTICE), which keeps them verbatim (FATAL_ERROR reflows text).
if(NOT rc EQUAL 0)
    message(NOTICE "--- stdout ---\n${actual}--- stderr ---\n${errors}--- end ---")
    message(FATAL_ERROR "${PROGRAM} exited with ${rc}")
endif()
if(NOT actual STREQUAL expected)
    message(NOTICE "--- expected (${EXPECTED}) ---\n${expected}--- actual ---\n${actual}--- end ---")
    if(NOT errors STREQUAL "")
        message(NOTICE "--- stderr ---\n${errors}--- end ---")
    endif()
    message(FATAL_ERROR "output of ${PROGRAM} differs from ${EXPECTED}")
endif()
message(STATUS "output matches ${EXPECTED}")
