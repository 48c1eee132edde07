# What `cmake --install` puts where: the shared library, the C and C++ headers, the CLI,
# a CMake package (flowstate::flowstate), a pkg-config file, the Python package and the Flink
# cluster simulator.
include(CMakePackageConfigHelpers)

install(TARGETS flowstate EXPORT flowstateTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT development
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(DIRECTORY include/flowstate "${FLOWSTATE_GENERATED_INCLUDE_DIR}/flowstate"
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT development
  FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp")

if(TARGET flowstate_cli)
  install(TARGETS flowstate_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
endif()

# The Flink cluster simulator (Python's standard library only): tests, demos and hosts that
# want a cluster to talk to without one.
install(PROGRAMS sim/flink_sim.py DESTINATION ${CMAKE_INSTALL_DATADIR}/flowstate COMPONENT runtime)

set(FLOWSTATE_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/flowstate")
install(EXPORT flowstateTargets NAMESPACE flowstate:: DESTINATION ${FLOWSTATE_CMAKE_DIR}
  COMPONENT development)
configure_package_config_file(cmake/flowstateConfig.cmake.in
  "${CMAKE_CURRENT_BINARY_DIR}/flowstateConfig.cmake" INSTALL_DESTINATION ${FLOWSTATE_CMAKE_DIR})
# Same ABI version: the same minor version while the major version is 0, else the same major.
write_basic_package_version_file("${CMAKE_CURRENT_BINARY_DIR}/flowstateConfigVersion.cmake"
  COMPATIBILITY ${FLOWSTATE_PACKAGE_COMPATIBILITY})
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/flowstateConfig.cmake"
              "${CMAKE_CURRENT_BINARY_DIR}/flowstateConfigVersion.cmake"
  DESTINATION ${FLOWSTATE_CMAKE_DIR} COMPONENT development)

# flowstate.pc lies in <libdir>/pkgconfig: the prefix is that many directories up from
# ${pcfiledir}. Absolute install directories (some distributions') are taken as they are.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(FLOWSTATE_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(FLOWSTATE_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  file(RELATIVE_PATH _fs_pc_up "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
  string(REGEX REPLACE "/$" "" _fs_pc_up "${_fs_pc_up}")
  set(FLOWSTATE_PC_PREFIX "\${pcfiledir}/${_fs_pc_up}")
  set(FLOWSTATE_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(FLOWSTATE_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(FLOWSTATE_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
# The static library's consumers link what it uses: `pkg-config --static --libs flowstate`.
# The system libraries are named as shared ones (-lcurl, not libcurl's own static closure, which
# a distribution's -dev packages do not all carry).
set(FLOWSTATE_PC_PRIVATE "")
if(NOT BUILD_SHARED_LIBS)
  pkg_check_modules(_fs_pc_deps REQUIRED QUIET
    libcurl sqlite3 yaml-0.1 absl_strings absl_str_format absl_flat_hash_map absl_base)
  list(TRANSFORM FLOWSTATE_CXX_RUNTIME PREPEND "-l" OUTPUT_VARIABLE _fs_runtime)
  set(_fs_private ${_fs_pc_deps_LDFLAGS} ${_fs_runtime} -pthread)
  list(REMOVE_DUPLICATES _fs_private)
  foreach(_d IN LISTS CMAKE_CXX_IMPLICIT_LINK_DIRECTORIES)  # the compiler searches them anyway
    list(REMOVE_ITEM _fs_private "-L${_d}")
  endforeach()
  list(JOIN _fs_private " " _fs_private)
  set(FLOWSTATE_PC_PRIVATE "Libs.private: ${_fs_private}")
endif()
configure_file(cmake/flowstate.pc.in "${CMAKE_CURRENT_BINARY_DIR}/flowstate.pc" @ONLY)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/flowstate.pc"
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT development)

if(FLOWSTATE_INSTALL_PYTHON)
  set(FLOWSTATE_PYTHON_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/python3/dist-packages"
    CACHE STRING "Where the Python package is installed, relative to the prefix")
  install(DIRECTORY bindings/python/flowstate DESTINATION ${FLOWSTATE_PYTHON_INSTALL_DIR}
    COMPONENT python PATTERN "__pycache__" EXCLUDE)
endif()
