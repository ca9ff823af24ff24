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

if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} exited with ${rc}\n--- stderr ---\n${errors}"
                        "--- stdout ---\n${actual}")
endif()
if(NOT actual STREQUAL expected)
    message(FATAL_ERROR "output of ${PROGRAM} differs from ${EXPECTED}\n"
                        "--- expected ---\n${expected}--- actual ---\n${actual}--- end ---\n"
                        "(stderr: ${errors})")
endif()
message(STATUS "output matches ${EXPECTED}")
