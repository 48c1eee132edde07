# Language levels, visibility and warnings shared by every target of the project.

set(CMAKE_C_STANDARD 99)
set(CMAKE_C_STANDARD_REQUIRED ON)
set(CMAKE_C_EXTENSIONS OFF)
set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)

# Nothing leaves libflowstate.so unless it is marked FLOWSTATE_API; the linker version script
# (capi/flowstate.map) is the second lock on the same door.
set(CMAKE_C_VISIBILITY_PRESET hidden)
set(CMAKE_CXX_VISIBILITY_PRESET hidden)
set(CMAKE_VISIBILITY_INLINES_HIDDEN ON)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

add_library(flowstate_warnings INTERFACE)
target_compile_options(flowstate_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wcast-align -Wformat=2
  $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor>
  -Wimplicit-fallthrough -Wmissing-declarations
  # Aggregates with default member initialisers are designed to be partly initialised.
  $<$<COMPILE_LANGUAGE:CXX>:-Wno-missing-field-initializers>)
if(FLOWSTATE_WERROR)
  target_compile_options(flowstate_warnings INTERFACE -Werror)
endif()

if(FLOWSTATE_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "FLOWSTATE_BUILD_FUZZERS needs clang (libFuzzer); use the 'fuzz' preset")
  endif()
  # Coverage instrumentation everywhere; only the fuzz targets link libFuzzer's main().
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer
                      "-fsanitize-ignorelist=${PROJECT_SOURCE_DIR}/tests/fuzz/ubsan_ignorelist.txt")
  add_link_options(-fsanitize=address,undefined)
elseif(FLOWSTATE_SANITIZE)
  # -fno-sanitize-recover turns every UBSan finding into a test failure instead of a log line.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC gives the static objects of inline functions and variables GNU-unique binding, which
  # objcopy cannot make local in the static library (cmake/FlowstateStaticLink.cmake); weak
  # binding it can. The shared library is compiled the same way (it exports no C++ symbol, so
  # nothing needs to be unique across libraries), and a static and a shared build of one tree
  # then share the core's objects.
  add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-fno-gnu-unique>)
endif()
