# The flowstate port. As an overlay port (vcpkg install flowstate --overlay-ports=<checkout>/ports)
# it builds the checkout it lies in; in a registry the next line is
#   vcpkg_from_github(OUT_SOURCE_PATH SOURCE_PATH REPO flowstate/flowstate REF "v${VERSION}"
#                     SHA512 <the release archive's> HEAD_REF main)
get_filename_component(SOURCE_PATH "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)

vcpkg_check_features(OUT_FEATURE_OPTIONS FEATURE_OPTIONS
  FEATURES
    cli FLOWSTATE_BUILD_CLI
)

# vcpkg adds BUILD_SHARED_LIBS (from the triplet's VCPKG_LIBRARY_LINKAGE) and CMAKE_BUILD_TYPE.
vcpkg_cmake_configure(
  SOURCE_PATH "${SOURCE_PATH}"
  OPTIONS
    ${FEATURE_OPTIONS}
    -DFLOWSTATE_BUILD_TESTS=OFF
    -DFLOWSTATE_BUILD_BENCHMARKS=OFF
    -DFLOWSTATE_INSTALL_PYTHON=OFF
    -DFLOWSTATE_INSTALL=ON
)
vcpkg_cmake_install()
vcpkg_cmake_config_fixup(CONFIG_PATH lib/cmake/flowstate)
vcpkg_fixup_pkgconfig()

if("cli" IN_LIST FEATURES)
  vcpkg_copy_tools(TOOL_NAMES flowstate AUTO_CLEAN)
endif()

file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/debug/include" "${CURRENT_PACKAGES_DIR}/debug/share")
file(INSTALL "${CMAKE_CURRENT_LIST_DIR}/usage" DESTINATION "${CURRENT_PACKAGES_DIR}/share/${PORT}")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
