# Turns libflowstate.a (ARCHIVE) and the core modules' archives (MODULES, separated by |) into
# a static library of one object with no global symbol but the C ABI's:
#   1. a partial link (ld -r) of every object, with COMDAT groups resolved there and then
#      (--force-group-allocation), so that no group of ours is later merged with, or discarded
#      in favour of, a consumer's group of the same name;
#   2. every hidden symbol made local (objcopy --localize-hidden): everything compiled with
#      -fvisibility=hidden, i.e. all but the FLOWSTATE_API functions and the C++ standard
#      library's inline instances (default visibility, weak: a consumer's copies merge with them);
#   3. a check that nothing else is left global (readelf), then the archive rewritten with that object.
cmake_minimum_required(VERSION 3.22)
foreach(_v ARCHIVE MODULES CXX OBJCOPY READELF AR WORK)
  if(NOT DEFINED ${_v} OR "${${_v}}" STREQUAL "")
    message(FATAL_ERROR "FlowstateStaticLink.cmake: ${_v} is not set")
  endif()
endforeach()
string(REPLACE "|" ";" _modules "${MODULES}")
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(_obj "${WORK}/flowstate.o")

function(_fs_run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0)
    list(JOIN ARGN " " _cmd)
    message(FATAL_ERROR "FlowstateStaticLink.cmake: ${_cmd}\n${_out}${_err}")
  endif()
  set(_fs_out "${_out}" PARENT_SCOPE)
endfunction()

_fs_run("${CXX}" -r -nostdlib -Wl,--force-group-allocation -o "${_obj}"
  -Wl,--whole-archive "${ARCHIVE}" ${_modules} -Wl,--no-whole-archive)
# readelf's symbol table: Num Value Size Type Bind Vis Ndx Name (-W: names whole).
function(_fs_symbols out)
  _fs_run("${READELF}" -sW "${_obj}")
  string(REPLACE "\n" ";" _lines "${_fs_out}")
  set(_syms "")
  foreach(_line IN LISTS _lines)
    if(_line MATCHES "^ *[0-9]+: +[0-9a-fA-F]+ +[0-9x]+ +([A-Z_]+) +([A-Z_]+) +([A-Z_]+) +([A-Z0-9_]+) +(.+)$")
      if(NOT CMAKE_MATCH_2 STREQUAL "LOCAL" AND NOT CMAKE_MATCH_4 STREQUAL "UND")
        list(APPEND _syms "${CMAKE_MATCH_2} ${CMAKE_MATCH_3} ${CMAKE_MATCH_5}")
      endif()
    endif()
  endforeach()
  set(${out} "${_syms}" PARENT_SCOPE)
endfunction()

# Hidden symbols of any binding (objcopy's --localize-hidden leaves GNU-unique ones, such as a
# function's static tables in RapidJSON's templates, global).
_fs_symbols(_defined)
set(_hidden "")
foreach(_s IN LISTS _defined)
  if(_s MATCHES "^[A-Z_]+ HIDDEN (.+)$")
    string(APPEND _hidden "${CMAKE_MATCH_1}\n")
  endif()
endforeach()
file(WRITE "${WORK}/hidden.txt" "${_hidden}")
_fs_run("${OBJCOPY}" --localize-hidden "--localize-symbols=${WORK}/hidden.txt" "${_obj}")

# Global definitions left: the C ABI, and vague-linkage (weak or unique) instances of the
# standard library's templates with default visibility, which merge with a consumer's own.
_fs_symbols(_defined)
set(_stray "")
foreach(_s IN LISTS _defined)
  if(_s MATCHES "^[A-Z_]+ [A-Z_]+ flowstate_" OR _s MATCHES "^(WEAK|UNIQUE) DEFAULT ")
    continue()
  endif()
  list(APPEND _stray "${_s}")
endforeach()
if(_stray)
  list(JOIN _stray "\n  " _list)
  message(FATAL_ERROR "libflowstate.a would define global symbols outside the C ABI:\n  ${_list}")
endif()

file(REMOVE "${ARCHIVE}")
_fs_run("${AR}" rcs "${ARCHIVE}" "${_obj}")
