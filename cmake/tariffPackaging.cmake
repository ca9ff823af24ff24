# Debian packages with CPack: `cpack -G DEB` in a build tree makes
#   libtariff-dev_<version>-1_all.deb   the headers, the CMake package and tariff.pc
#                                       (install component tariff_development), architecture all
#   tariff_<version>-1_<arch>.deb       the program and its man page (tariff_runtime), when built
# each with /usr/share/doc/<package>/copyright and changelog.Debian.gz, and README.md.gz for the
# library. The PostgreSQL extension (component tariff_postgres) is in neither.
#
# The doc files are components of their own, left out of a plain `cmake --install`: their
# directories are named after the Debian packages. scripts/test-packages builds the packages,
# runs lintian on them and uses them without installing (dpkg-deb -x).

set(TARIFF_PACKAGE_MAINTAINER "tariff maintainers <maintainers@users.noreply.r-seed-b22b03b9.example>"
    CACHE STRING "Maintainer of the Debian packages: name <email>")
set(TARIFF_DEBIAN_REVISION 1 CACHE STRING "Debian revision of the packages (the -N after the version)")
mark_as_advanced(TARIFF_PACKAGE_MAINTAINER TARIFF_DEBIAN_REVISION)

set(TARIFF_DEBIAN_VERSION "${PROJECT_VERSION}-${TARIFF_DEBIAN_REVISION}")
# RFC 5322 date of the changelog entry; honours SOURCE_DATE_EPOCH for reproducible packages.
string(TIMESTAMP TARIFF_DEBIAN_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)

# /usr/share/doc/<package>/: the copyright file as it is, the changelog and README compressed as
# Debian policy asks (cmake/tariff_gzip.cmake), at build time.
find_program(TARIFF_GZIP gzip)
set(_tariff_debian_dir "${PROJECT_BINARY_DIR}/debian")
configure_file("${CMAKE_CURRENT_LIST_DIR}/debian/copyright.in" "${_tariff_debian_dir}/copyright"
               @ONLY)
configure_file("${CMAKE_CURRENT_LIST_DIR}/debian/changelog.Debian.in"
               "${_tariff_debian_dir}/changelog.Debian" @ONLY)
if(TARIFF_GZIP)
    set(_tariff_debian_docs "")
    foreach(source "${_tariff_debian_dir}/changelog.Debian" "${PROJECT_SOURCE_DIR}/README.md")
        get_filename_component(name "${source}" NAME)
        set(output "${_tariff_debian_dir}/${name}.gz")
        add_custom_command(
            OUTPUT "${output}"
            COMMAND "${CMAKE_COMMAND}" "-DGZIP=${TARIFF_GZIP}" "-DINPUT=${source}"
                    "-DOUTPUT=${output}" -P "${CMAKE_CURRENT_LIST_DIR}/tariff_gzip.cmake"
            DEPENDS "${source}" "${CMAKE_CURRENT_LIST_DIR}/tariff_gzip.cmake"
            VERBATIM)
        list(APPEND _tariff_debian_docs "${output}")
    endforeach()
    add_custom_target(tariff_debian_docs ALL DEPENDS ${_tariff_debian_docs})
    # Each package: copyright, changelog and the lintian overrides (each with its reason, in
    # cmake/debian/lintian-overrides); the library's also gets the README.
    foreach(package libtariff-dev tariff)
        set(component tariff_development_doc)
        set(docs "${_tariff_debian_dir}/copyright" "${_tariff_debian_dir}/changelog.Debian.gz")
        if(package STREQUAL "libtariff-dev")
            list(APPEND docs "${_tariff_debian_dir}/README.md.gz")
        else()
            set(component tariff_runtime_doc)
        endif()
        install(FILES ${docs}
                DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/${package}"
                COMPONENT ${component} EXCLUDE_FROM_ALL)
        install(FILES "${CMAKE_CURRENT_LIST_DIR}/debian/lintian-overrides"
                DESTINATION "${CMAKE_INSTALL_DATADIR}/lintian/overrides"
                RENAME "${package}"
                COMPONENT ${component} EXCLUDE_FROM_ALL)
    endforeach()
else()
    message(STATUS "tariff: gzip not found; the Debian packages would lack their doc files")
endif()

set(CPACK_PACKAGE_NAME tariff)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "${TARIFF_PACKAGE_MAINTAINER}")
set(CPACK_GENERATOR DEB)
set(CPACK_STRIP_FILES ON)  # lintian: a program in a package is stripped
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # <name>_<version>-<revision>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE "${TARIFF_DEBIAN_REVISION}")
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

# Two packages, each a group of components: what a plain install puts there, plus its docs.
set(CPACK_COMPONENTS_GROUPING ONE_PER_GROUP)
set(CPACK_COMPONENTS_ALL tariff_development tariff_development_doc)
set(CPACK_COMPONENT_TARIFF_DEVELOPMENT_GROUP development)
set(CPACK_COMPONENT_TARIFF_DEVELOPMENT_DOC_GROUP development)
if(TARGET tariff_cli)
    list(APPEND CPACK_COMPONENTS_ALL tariff_runtime tariff_runtime_doc)
    set(CPACK_COMPONENT_TARIFF_RUNTIME_GROUP program)
    set(CPACK_COMPONENT_TARIFF_RUNTIME_DOC_GROUP program)
endif()

# libtariff-dev: header-only, so the same on every architecture. The opt-in layers' dependencies
# are suggestions: the core needs nothing beyond a C++17 compiler.
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_NAME libtariff-dev)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_SOURCE tariff)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_SUGGESTS
    "libboost-dev (>= ${TARIFF_BOOST_MIN_VERSION}), nlohmann-json3-dev (>= ${TARIFF_NLOHMANN_JSON_MIN_VERSION}), libfmt-dev (>= ${TARIFF_FMT_MIN_VERSION}), libsqlite3-dev (>= ${TARIFF_SQLITE_MIN_VERSION})")
set(CPACK_DEBIAN_DEVELOPMENT_DESCRIPTION
    "exact usage pricing for C++17 (header-only library)
tariff computes what usage costs, exactly: a fixed-point decimal and money
type that never touches floating point, volume and graduated tier tables
(flat fees, packages, contact-sales tiers, monthly minimum and maximum),
charges with an invoice-style breakdown, bulk rating, price books and the
monthly billing cycle. Overflow throws; nothing wraps or rounds silently.

This package holds the headers, the CMake package (find_package(tariff))
and tariff.pc. Opt-in layers need further packages: Boost.Multiprecision
(libboost-dev), price books as JSON (nlohmann-json3-dev), {fmt} formatters
(libfmt-dev) and the SQLite ledger store (libsqlite3-dev).")

# tariff: the program; dpkg-shlibdeps fills in Depends from the libraries it links.
set(CPACK_DEBIAN_PROGRAM_PACKAGE_NAME tariff)
set(CPACK_DEBIAN_PROGRAM_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PROGRAM_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PROGRAM_DESCRIPTION
    "exact usage pricing from the command line
tariff rates monthly usage with a price book (tariff's JSON format or a
Stripe Price object, or the embedded FaceID example book) and prints the
charge as an invoice or as JSON, bills a month of usage events per account
against prepaid balances, lists the quantity ranges in which more usage
costs less, and finds the largest quantity a budget buys. Every amount is
exact; no floating point is used.")

include(CPack)
