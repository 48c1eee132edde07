/*
 * flowstate/version.h: the version this header set belongs to (generated at configure time).
 *
 * Compare these macros with flowstate_version() at run time to detect a program built
 * against one version and run with another:
 *
 *   if (!FLOWSTATE_ABI_COMPATIBLE(flowstate_version_number())) { ... }
 *
 * While the major version is 0, each minor version is its own ABI (0.2 and 0.3 are not
 * compatible; the shared library is libflowstate.so.0.<minor>); from 1.0 on, the major
 * version is.
 */
#ifndef FLOWSTATE_VERSION_H
#define FLOWSTATE_VERSION_H

#define FLOWSTATE_VERSION_MAJOR 0
#define FLOWSTATE_VERSION_MINOR 2
#define FLOWSTATE_VERSION_PATCH 0
#define FLOWSTATE_VERSION_STRING "0.2.0"

/* MAJOR * 10000 + MINOR * 100 + PATCH, for #if comparisons. */
#define FLOWSTATE_VERSION_NUMBER \
  (FLOWSTATE_VERSION_MAJOR * 10000 + FLOWSTATE_VERSION_MINOR * 100 + FLOWSTATE_VERSION_PATCH)

/* The ABI version: "0.<minor>" while the major version is 0, else "<major>". */
#define FLOWSTATE_ABI_VERSION "0.2"

/* Whether a library whose flowstate_version_number() is n has this header set's ABI. */
#define FLOWSTATE_ABI_COMPATIBLE(n)                                   \
  (FLOWSTATE_VERSION_MAJOR == 0 ? (n) / 100 == FLOWSTATE_VERSION_NUMBER / 100 \
                                : (n) / 10000 == FLOWSTATE_VERSION_MAJOR)

#endif /* FLOWSTATE_VERSION_H */
