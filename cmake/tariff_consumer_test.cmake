# Packaging tests, run by ctest as `cmake -D... -P tariff_consumer_test.cmake`.
#
#   MODE=install     install the build tree BUILD_DIR into WORK_DIR/prefix, then build and run
#                    tests/cmake_import against it twice: with Boost and nlohmann_json hidden
#                    (tariff::tariff alone), and with every component requested.
#   MODE=subproject  build and run tests/cmake_subproject, which add_subdirectory()s the sources.
#
# Common inputs: TARIFF_SOURCE_DIR, WORK_DIR, CMAKE_GENERATOR, CMAKE_CXX_COMPILER, CONFIG.

cmake_minimum_required(VERSION 3.20)

foreach(var TARIFF_SOURCE_DIR WORK_DIR CMAKE_GENERATOR CMAKE_CXX_COMPILER MODE)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "tariff_consumer_test.cmake: -D${var}=... is required")
    endif()
endforeach()

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
        ${_config_args}
        ${ARGN})
    run("${CMAKE_COMMAND}" --build "${binary_dir}" ${_build_config_args})
    run("${binary_dir}/bin/consumer")
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

if(MODE STREQUAL "install")
    if(NOT DEFINED BUILD_DIR)
        message(FATAL_ERROR "tariff_consumer_test.cmake: -DBUILD_DIR=... is required")
    endif()
    set(prefix "${WORK_DIR}/prefix")
    run("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}" ${_build_config_args})

    # Only the installed package may be found: no package registries, no system-wide tariff.
    set(isolate
        "-DCMAKE_PREFIX_PATH=${prefix}"
        "-DTARIFF_EXPECTED_PREFIX=${prefix}"
        -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
        -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF)

    consumer(core "${TARIFF_SOURCE_DIR}/tests/cmake_import" ${isolate}
        -DTARIFF_IMPORT_LAYERS=OFF
        -DCMAKE_DISABLE_FIND_PACKAGE_Boost=ON
        -DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=ON)
    consumer(layers "${TARIFF_SOURCE_DIR}/tests/cmake_import" ${isolate}
        -DTARIFF_IMPORT_LAYERS=ON)
elseif(MODE STREQUAL "subproject")
    consumer(parent "${TARIFF_SOURCE_DIR}/tests/cmake_subproject"
        "-DTARIFF_SOURCE_DIR=${TARIFF_SOURCE_DIR}")
else()
    message(FATAL_ERROR "tariff_consumer_test.cmake: unknown MODE '${MODE}'")
endif()
