/** @file
 * flowstate/sql.h: Flink SQL scripts read by Flink's rules.
 *
 * flowstate_sql_parse() splits a script into statements (';' ends a statement only outside
 * string literals, quoted identifiers and comments, as in Flink's SQL client), classifies
 * each one (Flink SQL and Dinky's extensions), groups statement sets, substitutes Dinky's
 * variables, and reports every problem with its position. A script with errors still
 * parses: problems are diagnostics, never a failed call.
 *
 * Positions (offsets, lines, columns) refer to the text as given; statement text is the
 * text after variable substitution. Text accessors redact secret values (passwords, tokens)
 * unless FLOWSTATE_SQL_RAW is passed.
 *
 * Thread-safety: a flowstate_script is immutable; its functions may be called from several
 * threads at once. Options and CDC source objects are owned by one thread at a time.
 */
#ifndef FLOWSTATE_SQL_H
#define FLOWSTATE_SQL_H

#include "flowstate/common.h"
#include "flowstate/enums.h"

FLOWSTATE_BEGIN_DECLS

/** Statement kinds. Values never change; new kinds are appended. */
typedef enum flowstate_statement_kind {
  FLOWSTATE_STATEMENT_UNKNOWN = 0,
  FLOWSTATE_STATEMENT_SET = 1,
  FLOWSTATE_STATEMENT_RESET = 2,
  FLOWSTATE_STATEMENT_CREATE_CATALOG = 3,
  FLOWSTATE_STATEMENT_CREATE_DATABASE = 4,
  FLOWSTATE_STATEMENT_CREATE_TABLE = 5,
  FLOWSTATE_STATEMENT_CREATE_VIEW = 6,
  FLOWSTATE_STATEMENT_CREATE_FUNCTION = 7,
  FLOWSTATE_STATEMENT_DROP_CATALOG = 8,
  FLOWSTATE_STATEMENT_DROP_DATABASE = 9,
  FLOWSTATE_STATEMENT_DROP_TABLE = 10,
  FLOWSTATE_STATEMENT_DROP_VIEW = 11,
  FLOWSTATE_STATEMENT_DROP_FUNCTION = 12,
  FLOWSTATE_STATEMENT_ALTER_CATALOG = 13,
  FLOWSTATE_STATEMENT_ALTER_DATABASE = 14,
  FLOWSTATE_STATEMENT_ALTER_TABLE = 15,
  FLOWSTATE_STATEMENT_ALTER_VIEW = 16,
  FLOWSTATE_STATEMENT_ALTER_FUNCTION = 17,
  FLOWSTATE_STATEMENT_INSERT = 18,
  FLOWSTATE_STATEMENT_SELECT = 19,
  FLOWSTATE_STATEMENT_VALUES = 20,
  FLOWSTATE_STATEMENT_EXPLAIN = 21,
  FLOWSTATE_STATEMENT_DESCRIBE = 22,
  FLOWSTATE_STATEMENT_SHOW = 23,
  FLOWSTATE_STATEMENT_USE = 24,
  FLOWSTATE_STATEMENT_USE_CATALOG = 25,
  FLOWSTATE_STATEMENT_USE_MODULES = 26,
  FLOWSTATE_STATEMENT_LOAD_MODULE = 27,
  FLOWSTATE_STATEMENT_UNLOAD_MODULE = 28,
  FLOWSTATE_STATEMENT_ADD_JAR = 29,
  FLOWSTATE_STATEMENT_REMOVE_JAR = 30,
  FLOWSTATE_STATEMENT_SHOW_JARS = 31,
  FLOWSTATE_STATEMENT_STOP_JOB = 32,
  FLOWSTATE_STATEMENT_CALL = 33,
  FLOWSTATE_STATEMENT_TRUNCATE = 34,
  FLOWSTATE_STATEMENT_DELETE = 35,
  FLOWSTATE_STATEMENT_UPDATE = 36,
  FLOWSTATE_STATEMENT_ANALYZE = 37,
  FLOWSTATE_STATEMENT_STATEMENT_SET = 38,
  FLOWSTATE_STATEMENT_BEGIN_STATEMENT_SET = 39,
  FLOWSTATE_STATEMENT_END = 40,
  FLOWSTATE_STATEMENT_EXECUTE_CDCSOURCE = 41,
  FLOWSTATE_STATEMENT_EXECUTE_JAR = 42,
  FLOWSTATE_STATEMENT_EXECUTE_PIPELINE = 43,
  FLOWSTATE_STATEMENT_ADD_CUSTOMJAR = 44,
  FLOWSTATE_STATEMENT_ADD_FILE = 45,
  FLOWSTATE_STATEMENT_PRINT = 46,
  FLOWSTATE_STATEMENT_CREATE_TEMPORAL_FUNCTION = 47,
  FLOWSTATE_STATEMENT_VARIABLE = 48,
  FLOWSTATE_STATEMENT_CREATE_MODEL = 49,
  FLOWSTATE_STATEMENT_DROP_MODEL = 50,
  FLOWSTATE_STATEMENT_ALTER_MODEL = 51,
  FLOWSTATE_STATEMENT_CREATE_MATERIALIZED_TABLE = 52,
  FLOWSTATE_STATEMENT_DROP_MATERIALIZED_TABLE = 53,
  FLOWSTATE_STATEMENT_ALTER_MATERIALIZED_TABLE = 54,
  FLOWSTATE_STATEMENT_DESCRIBE_JOB = 55,
  FLOWSTATE_STATEMENT_SHOW_JOBS = 56,
  FLOWSTATE_STATEMENT_CREATE_AGGTABLE = 57,
  FLOWSTATE_STATEMENT_COMPILE_PLAN = 58, /**< COMPILE PLAN 'file' FOR `<DML>` */
  FLOWSTATE_STATEMENT_EXECUTE_PLAN = 59, /**< EXECUTE PLAN 'file' */
  FLOWSTATE_STATEMENT_COMPILE_AND_EXECUTE_PLAN =
      60,                                 /**< COMPILE AND EXECUTE PLAN 'file' FOR `<DML>` */
  FLOWSTATE_STATEMENT_REPLACE_TABLE = 61, /**< REPLACE TABLE t ... AS SELECT */
  FLOWSTATE_STATEMENT_HELP = 62,          /**< the SQL client's own commands: */
  FLOWSTATE_STATEMENT_CLEAR = 63,
  FLOWSTATE_STATEMENT_QUIT = 64 /* QUIT or EXIT */
} flowstate_statement_kind;

/** Statement flags (bits of flowstate_script_statement_flags()). */
#define FLOWSTATE_STATEMENT_FLAG_TEMPORARY 0x0001u        /**< CREATE TEMPORARY ... */
#define FLOWSTATE_STATEMENT_FLAG_TEMPORARY_SYSTEM 0x0002u /**< ... TEMPORARY SYSTEM FUNCTION */
#define FLOWSTATE_STATEMENT_FLAG_IF_NOT_EXISTS 0x0004u
#define FLOWSTATE_STATEMENT_FLAG_IF_EXISTS 0x0008u
#define FLOWSTATE_STATEMENT_FLAG_OVERWRITE 0x0010u      /**< INSERT OVERWRITE */
#define FLOWSTATE_STATEMENT_FLAG_AS_SELECT 0x0020u      /**< CREATE TABLE ... AS query */
#define FLOWSTATE_STATEMENT_FLAG_LIKE 0x0040u           /**< CREATE TABLE ... LIKE */
#define FLOWSTATE_STATEMENT_FLAG_EXECUTE 0x0080u        /**< EXECUTE INSERT / STATEMENT SET */
#define FLOWSTATE_STATEMENT_FLAG_WITH_QUERY 0x0100u     /**< WITH ... SELECT */
#define FLOWSTATE_STATEMENT_FLAG_STATEMENT_SET 0x0200u  /**< EXPLAIN STATEMENT SET */
#define FLOWSTATE_STATEMENT_FLAG_UNTERMINATED 0x0400u   /**< the last one, without ';' */
#define FLOWSTATE_STATEMENT_FLAG_WITH_SAVEPOINT 0x0800u /**< STOP JOB ... WITH SAVEPOINT */
#define FLOWSTATE_STATEMENT_FLAG_WITH_DRAIN 0x1000u     /**< STOP JOB ... WITH DRAIN */
#define FLOWSTATE_STATEMENT_FLAG_OR_REPLACE 0x2000u     /**< CREATE OR REPLACE */

/** Flags of text accessors and of flowstate_script_lint(). */
#define FLOWSTATE_SQL_RAW 0x1u       /**< return secret values as written */
#define FLOWSTATE_LINT_NO_DINKY 0x2u /**< do not report where Dinky would read it differently */

/** When Dinky's ${name} variables are substituted (Dinky's "fragment" switch; to Flink,
 * ${name} is text like any other). */
#define FLOWSTATE_SQL_VARIABLES_OFF 0
/** When the script defines variables (`name := value`) or the host gives any: then an unknown
 * ${name} is an error; otherwise ${name} stays as written. */
#define FLOWSTATE_SQL_VARIABLES_AUTO 1
#define FLOWSTATE_SQL_VARIABLES_ALWAYS 2 /**< every ${name}; an unknown one is an error */

#define FLOWSTATE_SQL_OPTIONS_VERSION 1
typedef struct flowstate_sql_options {
  unsigned int version;              /**< FLOWSTATE_SQL_OPTIONS_VERSION */
  const char *source_name;           /**< names the input in diagnostics; NULL: "<script>" */
  int substitute_variables;          /**< FLOWSTATE_SQL_VARIABLES_*; default AUTO */
  const char *const *variable_names; /**< variables the host defines (global variables) */
  const char *const *variable_values;
  size_t variable_count;
  int isa;         /**< 0: the best the CPU has; others: flowstate/unstable.h */
  int borrow_text; /**< 1: do not copy; the text must outlive the script */
} flowstate_sql_options;

#define FLOWSTATE_SQL_OPTIONS_INIT \
  { FLOWSTATE_SQL_OPTIONS_VERSION, NULL, 1, NULL, NULL, 0, 0, 0 }

/** Fills *opts with the defaults of `version`. */
FLOWSTATE_API int flowstate_sql_options_init(flowstate_sql_options *opts, unsigned int version);

/**
 * Parses text[0..len). opts may be NULL (defaults). Problems found while reading go to
 * diags (may be NULL) and stay available from flowstate_script_diagnostics(). Fails only
 * for invalid arguments or exhausted memory, and for text that is not text: a NUL byte or
 * bytes that are not UTF-8 are INVALID_ARGUMENT naming source:line:column and the byte
 * offset (and, when the bytes read as GBK, that the file needs converting to UTF-8).
 */
FLOWSTATE_API int flowstate_sql_parse(flowstate_script **out, const char *text, size_t len,
                                      const flowstate_sql_options *opts,
                                      flowstate_diagnostics *diags);
/** Frees it and everything it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_script_free(flowstate_script *script);

/** Appends the problems found while reading to diags. */
FLOWSTATE_API int flowstate_script_diagnostics(const flowstate_script *script,
                                               flowstate_diagnostics *diags);
/** 1 when variables were substituted. */
FLOWSTATE_API int flowstate_script_substituted(const flowstate_script *script);

/** Statements, in order; a statement set comes before the statements it contains, which
 * name it as their parent. */
FLOWSTATE_API size_t flowstate_script_statement_count(const flowstate_script *script);

#define FLOWSTATE_STATEMENT_INFO_VERSION 1
/** Where a statement is and what kind it is. Byte offsets are 0-based (end exclusive); lines
 * and columns 1-based, the column in code points. */
typedef struct flowstate_statement_info {
  unsigned int version; /**< FLOWSTATE_STATEMENT_INFO_VERSION */
  int kind;             /**< FLOWSTATE_STATEMENT_* (flowstate_statement_kind) */
  unsigned int flags;   /**< FLOWSTATE_STATEMENT_FLAG_* */
  int64_t parent;       /**< the statement set it belongs to, or -1 */
  size_t child_count;   /**< a statement set's statements */
  int64_t begin_offset; /**< its first byte */
  int64_t end_offset;   /**< just past its last byte */
  int64_t begin_line;   /**< where it begins (1-based) */
  int64_t begin_column;
  int64_t end_line; /**< where it ends: just past its last character */
  int64_t end_column;
} flowstate_statement_info;

#define FLOWSTATE_STATEMENT_INFO_INIT                                                            \
  {                                                                                              \
    FLOWSTATE_STATEMENT_INFO_VERSION, FLOWSTATE_STATEMENT_UNKNOWN, 0, -1, 0, -1, -1, -1, -1, -1, \
        -1                                                                                       \
  }
/** Sets *out to FLOWSTATE_STATEMENT_INFO_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_statement_info_init(flowstate_statement_info *out);
/** Fills *out with statement `index`, in script order; INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_script_statement_get(const flowstate_script *script, size_t index,
                                                 flowstate_statement_info *out);
/**
 * The statement's text (secrets redacted unless flags has FLOWSTATE_SQL_RAW). Redaction reads
 * the statement as Flink does: values of secret-named options in WITH lists, ALTER ... SET
 * lists, OPTIONS hints and SET statements, secret-named variables, and URL passwords in
 * string literals; queries and other literals are kept as written.
 */
FLOWSTATE_API int flowstate_script_statement_text(char **out, const flowstate_script *script,
                                                  size_t index, unsigned int flags);
/** The object the statement names (table, catalog, job name, ...), as written; "" if none. */
FLOWSTATE_API int flowstate_script_statement_name(char **out, const flowstate_script *script,
                                                  size_t index);

/**
 * SET / RESET. *out_key is NULL for SET alone (list) and RESET alone (reset all); the
 * value is NULL for RESET. Offsets (may be NULL) are those of the key and value as
 * written. The value is redacted when the key names a secret, unless FLOWSTATE_SQL_RAW.
 * FLOWSTATE_E_INVALID_ARGUMENT if the statement is not a SET or RESET; FLOWSTATE_E_PARSE
 * (with diagnostics) if it is malformed.
 */
FLOWSTATE_API int flowstate_script_read_set(char **out_key, char **out_value,
                                            int64_t *out_key_offset, int64_t *out_value_offset,
                                            const flowstate_script *script, size_t index,
                                            unsigned int flags, flowstate_diagnostics *diags);

/**
 * The WITH option list of a statement that has one (CREATE TABLE/CATALOG/DATABASE, EXECUTE
 * CDCSOURCE/JAR/PIPELINE). Malformed entries are diagnostics; the readable ones are
 * returned. FLOWSTATE_E_NOT_FOUND if the statement has no WITH list;
 * FLOWSTATE_E_INVALID_ARGUMENT if its kind cannot have one.
 */
FLOWSTATE_API int flowstate_script_read_options(flowstate_with_list **out,
                                                const flowstate_script *script, size_t index,
                                                flowstate_diagnostics *diags);
/** Frees the list and the strings it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_with_list_free(flowstate_with_list *options);
/** How many entries the list holds. */
FLOWSTATE_API size_t flowstate_with_list_count(const flowstate_with_list *options);

#define FLOWSTATE_WITH_ENTRY_VERSION 1
/** One 'key' = 'value' of a WITH list; strings are valid until the list is freed. */
typedef struct flowstate_with_entry {
  unsigned int version; /**< FLOWSTATE_WITH_ENTRY_VERSION */
  const char *key;
  const char *value;    /**< redacted when the key names a secret */
  int64_t key_offset;   /**< the byte offset of the key as written */
  int64_t value_offset; /**< the byte offset of the value as written */
} flowstate_with_entry;

#define FLOWSTATE_WITH_ENTRY_INIT \
  { FLOWSTATE_WITH_ENTRY_VERSION, NULL, NULL, -1, -1 }
/** Sets *out to FLOWSTATE_WITH_ENTRY_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_with_entry_init(flowstate_with_entry *out);
/** Fills *out (its version set by the caller) with entry `index`; its strings are borrowed from the
 * list. INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_with_list_get(const flowstate_with_list *options, size_t index,
                                          flowstate_with_entry *out);
/** The value as written, secrets included: only for callers that need the real text. */
FLOWSTATE_API int flowstate_with_list_raw_value(char **out, const flowstate_with_list *options,
                                                size_t index);
/** The (redacted) value of `key`, or NULL. */
FLOWSTATE_API const char *flowstate_with_list_find(const flowstate_with_list *options,
                                                   const char *key);
/** 1 when the list ends with a ',' before ')'. */
FLOWSTATE_API int flowstate_with_list_trailing_comma(const flowstate_with_list *options);

/**
 * Dinky's EXECUTE CDCSOURCE as an object. Numbers that are not numbers and missing
 * required options are diagnostics; the call still returns the object.
 * FLOWSTATE_E_INVALID_ARGUMENT if the statement is not an EXECUTE CDCSOURCE.
 */
FLOWSTATE_API int flowstate_script_read_cdc_source(flowstate_cdc_source **out,
                                                   const flowstate_script *script, size_t index,
                                                   flowstate_diagnostics *diags);
/** Frees it and everything it holds (NULL: nothing). */
FLOWSTATE_API void flowstate_cdc_source_free(flowstate_cdc_source *cdc);
/** The job name the statement gives (borrowed, valid while the statement lives). */
FLOWSTATE_API const char *flowstate_cdc_source_name(const flowstate_cdc_source *cdc);
/**
 * A text field by its option key: "connector", "hostname", "username", "password"
 * (redacted), "database-name", "schema-name", "table-name", "scan.startup.mode". NULL when
 * absent.
 */
FLOWSTATE_API const char *flowstate_cdc_source_get(const flowstate_cdc_source *cdc,
                                                   const char *field);
/** "port", "checkpoint", "parallelism": FLOWSTATE_E_NOT_FOUND when absent or invalid. */
FLOWSTATE_API int flowstate_cdc_source_get_int(int64_t *out, const flowstate_cdc_source *cdc,
                                               const char *field);
/** table-name split at ',' (each a regular expression). */
FLOWSTATE_API size_t flowstate_cdc_source_table_count(const flowstate_cdc_source *cdc);
/** Table pattern `index` of the statement's `table-name` (borrowed); NULL past the end. */
FLOWSTATE_API const char *flowstate_cdc_source_table(const flowstate_cdc_source *cdc, size_t index);
/** An option group with its prefix removed: "debezium", "source", "jdbc.properties", "split",
 * "sink"; FLOWSTATE_E_NOT_FOUND for another name. */
FLOWSTATE_API int flowstate_cdc_source_group(flowstate_with_list **out,
                                             const flowstate_cdc_source *cdc, const char *group);
/** sink[N].* groups, in the order of N as written. */
FLOWSTATE_API size_t flowstate_cdc_source_sink_count(const flowstate_cdc_source *cdc);
/** The name of sink `index` ("sink", "sink[0]", ...; borrowed); NULL past the end. */
FLOWSTATE_API const char *flowstate_cdc_source_sink_name(const flowstate_cdc_source *cdc,
                                                         size_t index);
/** The options of sink `index`, their prefix removed; INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_cdc_source_sink(flowstate_with_list **out,
                                            const flowstate_cdc_source *cdc, size_t index);
/** All options of the statement. */
FLOWSTATE_API int flowstate_cdc_source_options(flowstate_with_list **out,
                                               const flowstate_cdc_source *cdc);

/** Variables in effect at the end of the script: the host's, then the script's own. */
FLOWSTATE_API size_t flowstate_script_variable_count(const flowstate_script *script);

#define FLOWSTATE_VARIABLE_INFO_VERSION 1
typedef struct flowstate_variable_info {
  unsigned int version; /**< FLOWSTATE_VARIABLE_INFO_VERSION */
  const char *name;
  const char *value; /**< redacted when the name names a secret */
} flowstate_variable_info;

#define FLOWSTATE_VARIABLE_INFO_INIT \
  { FLOWSTATE_VARIABLE_INFO_VERSION, NULL, NULL }
/** Sets *out to FLOWSTATE_VARIABLE_INFO_INIT, the defaults of this library. */
FLOWSTATE_API void flowstate_variable_info_init(flowstate_variable_info *out);
/** Fills *out with variable `index` (its name, value and where it was defined, secrets redacted);
 * INVALID_ARGUMENT past the end. */
FLOWSTATE_API int flowstate_script_variable_get(const flowstate_script *script, size_t index,
                                                flowstate_variable_info *out);

/**
 * Every problem Flink (or Dinky) would trip over, appended to diags ordered by position:
 * reading errors, SET and WITH errors, CDCSOURCE numbers, statement-set contents,
 * unbalanced parentheses, line comments that hide statements, and (unless
 * FLOWSTATE_LINT_NO_DINKY) where Dinky would split the script differently. *out_errors
 * (may be NULL) receives the number of error entries. Returns FLOWSTATE_OK either way.
 */
FLOWSTATE_API int flowstate_script_lint(size_t *out_errors, const flowstate_script *script,
                                        unsigned int flags, flowstate_diagnostics *diags);

/**
 * The same for a target Flink version ("1.15", "1.20.1", "2.0"; NULL or "" = none): rules
 * that changed between versions follow it, such as which statements a statement set may
 * hold (CREATE TABLE ... AS from 1.16, REPLACE TABLE ... AS from 1.18). A version flowstate
 * does not know is FLOWSTATE_E_UNSUPPORTED_VERSION, nothing linted.
 */
FLOWSTATE_API int flowstate_script_lint_for(size_t *out_errors, const flowstate_script *script,
                                            unsigned int flags, const char *flink_version,
                                            flowstate_diagnostics *diags);

FLOWSTATE_END_DECLS

#endif /* FLOWSTATE_SQL_H */
