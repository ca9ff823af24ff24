# Generates the man page tariff.1.gz from the program's own help, run at build time by
# cli/CMakeLists.txt:
#   cmake -DPROGRAM=<tariff> -DHELP2MAN=<help2man> -DGZIP=<gzip> -DOUTPUT=<tariff.1.gz>
#         -P tariff_man_page.cmake
# help2man turns `tariff --help` and `tariff --version` into NAME, SYNOPSIS and DESCRIPTION; the
# COMMANDS section is each command's `--help` as printed, and EXAMPLE shows `tariff charge 20000`.
# The page is compressed as Debian wants it (tariff_gzip.cmake).

cmake_minimum_required(VERSION 3.20)

foreach(var PROGRAM HELP2MAN GZIP OUTPUT)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "tariff_man_page.cmake: -D${var}=... is required")
    endif()
endforeach()

# run(<output variable> <command>...): the command's stdout; fails on a non-zero exit.
function(run out)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE text ERROR_VARIABLE errors)
    if(NOT rc EQUAL 0)
        string(REPLACE ";" " " shown "${ARGN}")
        message(FATAL_ERROR "${shown} failed (${rc}): ${errors}")
    endif()
    set(${out} "${text}" PARENT_SCOPE)
endfunction()

# Text as roff shows it verbatim: backslashes escaped, '-' a real hyphen-minus, and no line
# taken for a request because it starts with '.' or '\''.
function(roff_verbatim out text)
    string(REPLACE "\\" "\\e" text "${text}")
    string(REPLACE "-" "\\-" text "${text}")
    string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
    string(REGEX REPLACE "\n$" "" text "${text}")
    set(${out} "${text}" PARENT_SCOPE)
endfunction()

get_filename_component(work "${OUTPUT}" DIRECTORY)
set(include "${work}/tariff.h2m")
set(page "${work}/tariff.1")

set(sections "[COMMANDS]\n")
foreach(command charge bill cliffs afford)
    run(help "${PROGRAM}" ${command} --help)
    roff_verbatim(help "${help}")
    string(APPEND sections ".SS \"tariff ${command}\"\n.nf\n${help}\n.fi\n")
endforeach()
run(example "${PROGRAM}" charge 20000)
roff_verbatim(example "${example}")
string(APPEND sections "[EXAMPLE]\nThe embedded FaceID price book, 20,000 calls in a month:\n"
       ".PP\n.nf\n$ tariff charge 20000\n${example}\n.fi\n")
file(WRITE "${include}" "${sections}")

run(ignored "${HELP2MAN}" --no-info --section=1
    "--name=exact usage pricing: charges, bills and price-book insight"
    "--include=${include}" "--output=${page}" "${PROGRAM}")
include("${CMAKE_CURRENT_LIST_DIR}/tariff_gzip.cmake")
tariff_gzip("${GZIP}" "${page}" "${OUTPUT}")
