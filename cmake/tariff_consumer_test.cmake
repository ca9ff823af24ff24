# Packaging tests, run by ctest as `cmake -D... -P tariff_consumer_test.cmake`.
#
#   MODE=install     1. configure the sources afresh (TARIFF_SOURCE_DIR), build nothing, install:
#                       headers, CMake package and tariff.pc must be there, the program must not;
#                       build and run tests/cmake_import against it with Boost and nlohmann_json
#                       hidden (tariff::tariff alone);
#                    2. install the built tree BUILD_DIR: the program too when EXPECT_PROGRAM is
#                       ON; build and run tests/cmake_import asking for every component;
#                    3. compile tests/cmake_import/main.cpp with the flags tariff.pc gives
#                       (`pkg-config --cflags tariff`) and run it.
#   MODE=subproject  build and run tests/cmake_subproject, which add_subdirectory()s the sources.
#
# Common inputs: TARIFF_SOURCE_DIR, WORK_DIR, CMAKE_GENERATOR, CMAKE_CXX_COMPILER, CONFIG, WERROR
# (ON: the consumers are compiled with -Werror). MODE=install also takes BUILD_DIR,
# EXPECT_PROGRAM and PKG_CONFIG (empty when there is none: tariff.pc is then read by this script).

cmake_minimum_required(VERSION 3.20)

foreach(var TARIFF_SOURCE_DIR WORK_DIR CMAKE_GENERATOR CMAKE_CXX_COMPILER MODE)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "tariff_consumer_test.cmake: -D${var}=... is required")
    endif()
endforeach()
if(NOT DEFINED WERROR)
    set(WERROR OFF)
endif()

set(_config_args "")
set(_build_config_args "")
if(NOT "${CONFIG}" STREQUAL "")
    set(_config_args "-DCMAKE_BUILD_TYPE=${CONFIG}")
    set(_build_config_args --config "${CONFIG}")
endif()

function(run)
    string(REPLACE ";" " " shown "${ARGN}")
    message(STATUS "$ ${shown}")
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "command failed (${rc}): ${shown}")
    endif()
endfunction()

# consumer(<name> <source dir> [cmake -D arguments...]): configure, build, run bin/consumer.
function(consumer name source_dir)
    set(binary_dir "${WORK_DIR}/${name}")
    run("${CMAKE_COMMAND}" -S "${source_dir}" -B "${binary_dir}"
        -G "${CMAKE_GENERATOR}"
        "-DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}"
        "-DTARIFF_CONSUMER_WERROR=${WERROR}"
        ${_config_args}
        ${ARGN})
    run("${CMAKE_COMMAND}" --build "${binary_dir}" ${_build_config_args})
    run("${binary_dir}/bin/consumer")
endfunction()

# expect_files(<prefix> EXIST <relative path>... [ABSENT <relative path>...])
function(expect_files prefix)
    set(mode "")
    foreach(arg IN LISTS ARGN)
        if(arg MATCHES "^(EXIST|ABSENT)$")
            set(mode "${arg}")
        elseif(mode STREQUAL "EXIST" AND NOT EXISTS "${prefix}/${arg}")
            message(FATAL_ERROR "${prefix}/${arg} was not installed")
        elseif(mode STREQUAL "ABSENT" AND EXISTS "${prefix}/${arg}")
            message(FATAL_ERROR "${prefix}/${arg} was installed, but it must not be")
        endif()
    endforeach()
endfunction()

# pc_cflags(<out var> <prefix>): the compile flags tariff.pc in <prefix> gives.
function(pc_cflags out prefix)
    set(pc_dir "${prefix}/share/pkgconfig")
    if(NOT "${PKG_CONFIG}" STREQUAL "")
        # Only this prefix's .pc files: PKG_CONFIG_LIBDIR replaces the system search path.
        set(ENV{PKG_CONFIG_LIBDIR} "${pc_dir}")
        unset(ENV{PKG_CONFIG_PATH})
        execute_process(COMMAND "${PKG_CONFIG}" --cflags tariff
                        RESULT_VARIABLE rc OUTPUT_VARIABLE flags ERROR_VARIABLE errors
                        OUTPUT_STRIP_TRAILING_WHITESPACE)
        if(NOT rc EQUAL 0)
            message(FATAL_ERROR "${PKG_CONFIG} --cflags tariff failed (${rc}): ${errors}")
        endif()
        message(STATUS "$ ${PKG_CONFIG} --cflags tariff  ->  ${flags}")
        separate_arguments(flags UNIX_COMMAND "${flags}")
    else()
        # No pkg-config here: expand the file's variables the way pkg-config does.
        message(STATUS "pkg-config not found: reading ${pc_dir}/tariff.pc")
        file(STRINGS "${pc_dir}/tariff.pc" lines)
        set(vars_pcfiledir "${pc_dir}")
        set(flags "")
        foreach(line IN LISTS lines)
            set(name "")
            if(line MATCHES "^([A-Za-z_]+)=(.*)$")
                set(name "${CMAKE_MATCH_1}")
                set(value "${CMAKE_MATCH_2}")
            elseif(line MATCHES "^Cflags: *(.*)$")
                set(value "${CMAKE_MATCH_1}")
            else()
                continue()
            endif()
            while(value MATCHES "\\$\\{([A-Za-z_]+)\\}")
                set(var "${CMAKE_MATCH_1}")
                string(REPLACE "\${${var}}" "${vars_${var}}" value "${value}")
            endwhile()
            if(name STREQUAL "")
                separate_arguments(flags UNIX_COMMAND "${value}")
            else()
                set(vars_${name} "${value}")
            endif()
        endforeach()
    endif()
    # The include directory must be the installed one.
    file(REAL_PATH "${prefix}/include" expected)
    set(found FALSE)
    foreach(flag IN LISTS flags)
        if(flag MATCHES "^-I(.+)$")
            file(REAL_PATH "${CMAKE_MATCH_1}" dir)
            if(dir STREQUAL expected)
                set(found TRUE)
            endif()
        endif()
    endforeach()
    if(NOT found)
        message(FATAL_ERROR "tariff.pc gives '${flags}', which lacks -I${expected}")
    endif()
    set(${out} "${flags}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

if(MODE STREQUAL "install")
    foreach(var BUILD_DIR EXPECT_PROGRAM)
        if(NOT DEFINED ${var})
            message(FATAL_ERROR "tariff_consumer_test.cmake: -D${var}=... is required")
        endif()
    endforeach()
    set(package_files
        include/tariff/tariff.hpp
        include/tariff/detail/config.hpp
        share/cmake/tariff/tariffConfig.cmake
        share/cmake/tariff/tariffConfigVersion.cmake
        share/cmake/tariff/tariffTargets.cmake
        share/pkgconfig/tariff.pc)

    # Only the installed package may be found: no package registries, no system-wide tariff.
    set(isolate
        -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
        -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF)

    # 1. A header-only library installs after configure alone, without the program.
    set(unbuilt_prefix "${WORK_DIR}/unbuilt-prefix")
    run("${CMAKE_COMMAND}" -S "${TARIFF_SOURCE_DIR}" -B "${WORK_DIR}/unbuilt"
        -G "${CMAKE_GENERATOR}" "-DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}" ${_config_args})
    run("${CMAKE_COMMAND}" --install "${WORK_DIR}/unbuilt" --prefix "${unbuilt_prefix}"
        ${_build_config_args})
    expect_files("${unbuilt_prefix}" EXIST ${package_files} ABSENT bin/tariff)
    consumer(core "${TARIFF_SOURCE_DIR}/tests/cmake_import" ${isolate}
        "-DCMAKE_PREFIX_PATH=${unbuilt_prefix}"
        "-DTARIFF_EXPECTED_PREFIX=${unbuilt_prefix}"
        -DTARIFF_IMPORT_LAYERS=OFF
        -DCMAKE_DISABLE_FIND_PACKAGE_Boost=ON
        -DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=ON)

    # 2. The built tree: the same package, and the program when it was built.
    set(prefix "${WORK_DIR}/prefix")
    run("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}" ${_build_config_args})
    expect_files("${prefix}" EXIST ${package_files})
    if(EXPECT_PROGRAM)
        expect_files("${prefix}" EXIST bin/tariff)
        run("${prefix}/bin/tariff" --version)
    endif()
    consumer(layers "${TARIFF_SOURCE_DIR}/tests/cmake_import" ${isolate}
        "-DCMAKE_PREFIX_PATH=${prefix}"
        "-DTARIFF_EXPECTED_PREFIX=${prefix}"
        -DTARIFF_IMPORT_LAYERS=ON)

    # 3. pkg-config: the core compiles with the flags tariff.pc gives and nothing else.
    pc_cflags(cflags "${prefix}")
    set(warnings -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion)
    if(WERROR)
        list(APPEND warnings -Werror)
    endif()
    run("${CMAKE_CXX_COMPILER}" -std=c++17 ${warnings} ${cflags}
        "${TARIFF_SOURCE_DIR}/tests/cmake_import/main.cpp" -o "${WORK_DIR}/pkg-config-consumer")
    run("${WORK_DIR}/pkg-config-consumer")
elseif(MODE STREQUAL "subproject")
    consumer(parent "${TARIFF_SOURCE_DIR}/tests/cmake_subproject"
        "-DTARIFF_SOURCE_DIR=${TARIFF_SOURCE_DIR}")
else()
    message(FATAL_ERROR "tariff_consumer_test.cmake: unknown MODE '${MODE}'")
endif()
