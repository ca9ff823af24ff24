# Every public header refuses a compiler that is not GCC or Clang, and a standard before C++17,
# with the reason (include/tariff/detail/config.hpp). The compiler under test plays the other
# compiler by forgetting its identifying macros; preprocessing is enough to reach an #error.
#   cmake -DCOMPILER=<c++> -DINCLUDE_DIR=<dir> -DWORK_DIR=<dir> -P check_unsupported.cmake

file(GLOB_RECURSE headers RELATIVE "${INCLUDE_DIR}" "${INCLUDE_DIR}/tariff/*.hpp")
list(FILTER headers EXCLUDE REGEX "/detail/")
list(LENGTH headers count)
if(count LESS 10)
    message(FATAL_ERROR "found only ${count} headers under ${INCLUDE_DIR}/tariff")
endif()
file(MAKE_DIRECTORY "${WORK_DIR}")

# expect_refused(<header> <reason regex> <flags>...)
function(expect_refused header reason)
    string(MAKE_C_IDENTIFIER "${header}" stem)
    set(source "${WORK_DIR}/${stem}.cpp")
    file(WRITE "${source}" "#include <${header}>\n")
    execute_process(COMMAND "${COMPILER}" ${ARGN} -E "-I${INCLUDE_DIR}" "${source}"
                    RESULT_VARIABLE result OUTPUT_QUIET ERROR_VARIABLE output)
    if(result EQUAL 0)
        message(FATAL_ERROR "<${header}> was accepted with ${ARGN}")
    endif()
    if(NOT output MATCHES "${reason}")
        message(FATAL_ERROR "<${header}> failed with ${ARGN}, but not with '${reason}':\n${output}")
    endif()
endfunction()

foreach(header IN LISTS headers)
    expect_refused("${header}" "tariff supports GCC and Clang only" -std=c++17 -U__GNUC__ -U__clang__)
endforeach()
expect_refused(tariff/tariff.hpp "tariff needs C\\+\\+17 or later" -std=c++14)
message(STATUS "${count} headers refuse other compilers; <tariff/tariff.hpp> refuses C++14")
