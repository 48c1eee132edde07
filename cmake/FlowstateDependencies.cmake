# Every dependency comes from the system (Debian's -dev packages); nothing is vendored and
# nothing is downloaded at build time. None of these types may appear in an installed header.

find_package(Threads REQUIRED)
find_package(CURL 7.68 REQUIRED)            # CURL::libcurl
find_package(SQLite3 3.31 REQUIRED)         # SQLite::SQLite3
find_package(absl REQUIRED CONFIG)          # absl::* (Debian links these as shared libraries)
find_package(RapidJSON REQUIRED CONFIG)     # Debian: only RAPIDJSON_INCLUDE_DIRS
find_package(PkgConfig REQUIRED)
pkg_check_modules(FLOWSTATE_YAML REQUIRED IMPORTED_TARGET yaml-0.1>=0.2)  # PkgConfig::FLOWSTATE_YAML

# RapidJSON's config file defines no target; give it one so that users of it say so explicitly.
if(NOT TARGET flowstate_rapidjson)
  add_library(flowstate_rapidjson INTERFACE)
  if(TARGET rapidjson)  # vcpkg's and conan's packages define it
    target_link_libraries(flowstate_rapidjson INTERFACE rapidjson)
  else()
    target_include_directories(flowstate_rapidjson SYSTEM INTERFACE ${RAPIDJSON_INCLUDE_DIRS})
  endif()
  target_compile_definitions(flowstate_rapidjson INTERFACE RAPIDJSON_HAS_STDSTRING=1)
endif()

if(FLOWSTATE_BUILD_CLI)
  find_package(CLI11 2.1 REQUIRED CONFIG)   # CLI11::CLI11
endif()

if(FLOWSTATE_BUILD_TESTS)
  find_package(GTest REQUIRED CONFIG)       # GTest::gtest, GTest::gtest_main
endif()

if(FLOWSTATE_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED CONFIG)   # benchmark::benchmark
endif()

find_program(FLOWSTATE_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT FLOWSTATE_PYTHON3)
  find_program(FLOWSTATE_PYTHON3 NAMES python3)
endif()
