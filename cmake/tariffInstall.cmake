# Install rules and the relocatable CMake package for find_package(tariff).
#
# Layout of the package (all architecture-independent, hence under DATADIR):
#   <prefix>/include/tariff/...                      the headers
#   <prefix>/share/cmake/tariff/tariffConfig.cmake    entry point
#   <prefix>/share/cmake/tariff/tariffConfigVersion.cmake
#   <prefix>/share/cmake/tariff/tariffTargets.cmake                 tariff::tariff
#   <prefix>/share/cmake/tariff/tariffMultiprecisionTargets.cmake   tariff::multiprecision
#   <prefix>/share/cmake/tariff/tariffJsonTargets.cmake             tariff::json
#   <prefix>/share/cmake/tariff/tariffSqliteTargets.cmake           tariff::sqlite
#   <prefix>/share/cmake/tariff/tariffFormatTargets.cmake           tariff::format
#   <prefix>/share/pkgconfig/tariff.pc                              the core, for pkg-config
#
# Nothing here needs a build: `cmake --install` of a configured tree installs all of it. The
# `tariff` program (cli/CMakeLists.txt) is installed only when it has been built.
#
# Each optional layer is a separate export set so that tariffConfig.cmake can load it only when
# its dependency is present; see cmake/tariffConfig.cmake.in for the rules.

include(CMakePackageConfigHelpers)

set(TARIFF_INSTALL_CMAKEDIR "${CMAKE_INSTALL_DATADIR}/cmake/tariff"
    CACHE STRING "Where tariffConfig.cmake is installed, relative to the prefix")
mark_as_advanced(TARIFF_INSTALL_CMAKEDIR)

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        COMPONENT tariff_development
        FILES_MATCHING PATTERN "*.hpp")

install(TARGETS tariff EXPORT tariffTargets)
install(EXPORT tariffTargets
        NAMESPACE tariff::
        DESTINATION "${TARIFF_INSTALL_CMAKEDIR}"
        COMPONENT tariff_development)

# Which optional layers this install provides; tariffConfig.cmake only looks for those.
set(TARIFF_PACKAGE_HAS_MULTIPRECISION OFF)
if(TARGET tariff_multiprecision)
    set(TARIFF_PACKAGE_HAS_MULTIPRECISION ON)
    install(TARGETS tariff_multiprecision EXPORT tariffMultiprecisionTargets)
    install(EXPORT tariffMultiprecisionTargets
            NAMESPACE tariff::
            DESTINATION "${TARIFF_INSTALL_CMAKEDIR}"
            COMPONENT tariff_development)
endif()

set(TARIFF_PACKAGE_HAS_JSON OFF)
if(TARGET tariff_json)
    set(TARIFF_PACKAGE_HAS_JSON ON)
    install(TARGETS tariff_json EXPORT tariffJsonTargets)
    install(EXPORT tariffJsonTargets
            NAMESPACE tariff::
            DESTINATION "${TARIFF_INSTALL_CMAKEDIR}"
            COMPONENT tariff_development)
endif()

if(TARGET tariff_sqlite)
    install(TARGETS tariff_sqlite EXPORT tariffSqliteTargets)
    install(EXPORT tariffSqliteTargets
            NAMESPACE tariff::
            DESTINATION "${TARIFF_INSTALL_CMAKEDIR}"
            COMPONENT tariff_development)
endif()

if(TARGET tariff_format)
    install(TARGETS tariff_format EXPORT tariffFormatTargets)
    install(EXPORT tariffFormatTargets
            NAMESPACE tariff::
            DESTINATION "${TARIFF_INSTALL_CMAKEDIR}"
            COMPONENT tariff_development)
endif()

configure_package_config_file(
    "${CMAKE_CURRENT_LIST_DIR}/tariffConfig.cmake.in"
    "${PROJECT_BINARY_DIR}/tariffConfig.cmake"
    INSTALL_DESTINATION "${TARIFF_INSTALL_CMAKEDIR}"
    NO_SET_AND_CHECK_MACRO)

write_basic_package_version_file(
    "${PROJECT_BINARY_DIR}/tariffConfigVersion.cmake"
    VERSION "${PROJECT_VERSION}"
    COMPATIBILITY SameMajorVersion
    ARCH_INDEPENDENT)

install(FILES
            "${PROJECT_BINARY_DIR}/tariffConfig.cmake"
            "${PROJECT_BINARY_DIR}/tariffConfigVersion.cmake"
        DESTINATION "${TARIFF_INSTALL_CMAKEDIR}"
        COMPONENT tariff_development)

# pkg-config: the core only (see the comment in cmake/tariff.pc.in for the layers). Relative to
# ${pcfiledir} like the CMake package, so an install moved as a whole still works.
set(TARIFF_INSTALL_PKGCONFIGDIR "${CMAKE_INSTALL_DATADIR}/pkgconfig"
    CACHE STRING "Where tariff.pc is installed, relative to the prefix")
mark_as_advanced(TARIFF_INSTALL_PKGCONFIGDIR)
if(IS_ABSOLUTE "${TARIFF_INSTALL_PKGCONFIGDIR}")
    message(FATAL_ERROR "TARIFF_INSTALL_PKGCONFIGDIR must be relative to the install prefix")
endif()
file(RELATIVE_PATH TARIFF_PC_PREFIX_FROM_PCDIR
     "/prefix/${TARIFF_INSTALL_PKGCONFIGDIR}" "/prefix")
string(REGEX REPLACE "/$" "" TARIFF_PC_PREFIX_FROM_PCDIR "${TARIFF_PC_PREFIX_FROM_PCDIR}")
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
    set(TARIFF_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
    set(TARIFF_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file("${CMAKE_CURRENT_LIST_DIR}/tariff.pc.in" "${PROJECT_BINARY_DIR}/tariff.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/tariff.pc"
        DESTINATION "${TARIFF_INSTALL_PKGCONFIGDIR}"
        COMPONENT tariff_development)
