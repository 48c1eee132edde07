/** @file
 * flowstate/diagnostics.h: positioned findings of parsers, validators and verifiers.
 *
 * A flowstate_diagnostics collects entries: errors, warnings and notes. Functions that read
 * user input take an optional `flowstate_diagnostics *` and append to it; they keep going
 * after an error so that one call reports every problem. A function whose only output is
 * a verdict returns FLOWSTATE_E_PARSE (or another code) when it added an error entry; one
 * that still produces a result (a parsed script) returns it, and the entries say what is
 * wrong with it.
 *
 * Positions: byte offsets are 0-based into the text as given; line and column are 1-based,
 * the column counted in Unicode code points (as editors show it). A field that is not known
 * is reported as -1 (offsets, line, column) or 0 (HTTP status) or NULL (strings).
 *
 * Thread-safety: one object must not be used by two threads at once.
 */
#ifndef FLOWSTATE_DIAGNOSTICS_H
#define FLOWSTATE_DIAGNOSTICS_H

#include "flowstate/common.h"
#include "flowstate/enums.h"

FLOWSTATE_BEGIN_DECLS

typedef enum flowstate_severity {
  FLOWSTATE_SEVERITY_NOTE = 0,
  FLOWSTATE_SEVERITY_WARNING = 1,
  FLOWSTATE_SEVERITY_ERROR = 2
} flowstate_severity;

/** Creates an empty list. *out is NULL on failure. */
FLOWSTATE_API int flowstate_diagnostics_new(flowstate_diagnostics** out);

/** Frees the list; NULL is accepted. */
FLOWSTATE_API void flowstate_diagnostics_free(flowstate_diagnostics* diags);

/** Removes every entry. */
FLOWSTATE_API void flowstate_diagnostics_clear(flowstate_diagnostics* diags);

/** Number of entries, and of entries with severity ERROR. NULL counts as empty. */
FLOWSTATE_API size_t flowstate_diagnostics_count(const flowstate_diagnostics* diags);
/** How many of the diagnostics are errors. */
FLOWSTATE_API size_t flowstate_diagnostics_error_count(const flowstate_diagnostics* diags);

#define FLOWSTATE_DIAGNOSTIC_VERSION 1
/** One entry. Fields that are not known are -1 (offsets, line, column), 0 (HTTP status) or
 * NULL (source, path). */
typedef struct flowstate_diagnostic {
  unsigned int version; /**< FLOWSTATE_DIAGNOSTIC_VERSION */
  int severity;         /**< flowstate_severity */
  int code;             /**< FLOWSTATE_E_* */
  const char* message;
  const char* source; /**< the input's name (a file name, "<stdin>", "SET statement 3") */
  int64_t offset, end_offset;
  int64_t line, column;
  const char* path; /**< a file path, URI or JSON path the entry is about */
  int http_status;
} flowstate_diagnostic;

#define FLOWSTATE_DIAGNOSTIC_INIT \
  { FLOWSTATE_DIAGNOSTIC_VERSION, FLOWSTATE_SEVERITY_NOTE, 0, NULL, NULL, -1, -1, -1, -1, NULL, 0 }
/** Sets *out to FLOWSTATE_DIAGNOSTIC_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_diagnostic_init(flowstate_diagnostic* out);

/** Entry `index` (0-based, < count); strings are valid until the list changes or is freed. */
FLOWSTATE_API int flowstate_diagnostics_get(const flowstate_diagnostics* diags, size_t index,
                                            flowstate_diagnostic* out);

/**
 * Appends a copy of `entry`: for hosts that merge their own findings into one list, and for
 * bindings. message must not be NULL; severity and code must be known values. The message is
 * stored as given.
 */
FLOWSTATE_API int flowstate_diagnostics_add(flowstate_diagnostics* diags,
                                            const flowstate_diagnostic* entry);

/**
 * Renders every entry, one per line, as "source:line:column: severity: message" (the form
 * compilers use), into a string freed with flowstate_string_free().
 */
FLOWSTATE_API int flowstate_diagnostics_format(char** out, const flowstate_diagnostics* diags);

/**
 * Computes the 1-based line and code-point column of byte `offset` in text[0..len).
 * An offset inside a UTF-8 sequence counts as that character; offset == len is allowed.
 */
FLOWSTATE_API int flowstate_text_position(int64_t* out_line, int64_t* out_column, const char* text,
                                          size_t len, size_t offset);

FLOWSTATE_END_DECLS

#endif /* FLOWSTATE_DIAGNOSTICS_H */
