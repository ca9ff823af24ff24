# gzip -9n, as Debian wants compressed docs and man pages: best compression, no file name and no
# time stamp in the header, so the output depends on the input alone.
#   include(tariff_gzip)  then  tariff_gzip(<gzip> <input> <output>)
#   cmake -DGZIP=<gzip> -DINPUT=<file> -DOUTPUT=<file.gz> -P tariff_gzip.cmake

function(tariff_gzip gzip input output)
    execute_process(COMMAND "${gzip}" -9nc "${input}" OUTPUT_FILE "${output}" RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        file(REMOVE "${output}")
        message(FATAL_ERROR "${gzip} -9nc ${input} failed (${rc})")
    endif()
endfunction()

if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
    foreach(var GZIP INPUT OUTPUT)
        if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
            message(FATAL_ERROR "tariff_gzip.cmake: -D${var}=... is required")
        endif()
    endforeach()
    tariff_gzip("${GZIP}" "${INPUT}" "${OUTPUT}")
endif()
