/** @file
 * flowstate/redact.h: how flowstate keeps secrets out of what it shows.
 *
 * An option key names a secret when, lower-cased, it matches one of the redaction patterns.
 * A pattern is a case-insensitive glob where `*` matches any run of characters. The
 * defaults follow Flink's own list of sensitive keys and add a few:
 *   *password*  *secret*  *token*  *credential*  *account.key*  *private.key*
 *   *private-key*  *ssl.key  *keystore.key  *apikey*  *api-key*  *auth-params*
 *   *service-key*  *basic-auth*  *jaas.config*  *http-headers*  *authorization*
 *   *delegation* (WebHDFS delegation tokens)
 * Every text that leaves the library for logs, errors, the CLI's output or the catalog is
 * passed through these rules; raw values are reachable only through calls documented as
 * returning them.
 *
 * Thread-safety: every function may be called from any thread. Changes to the pattern list
 * apply to calls that start after the change returns.
 */
#ifndef FLOWSTATE_REDACT_H
#define FLOWSTATE_REDACT_H

#include "flowstate/common.h"

FLOWSTATE_BEGIN_DECLS

/** What a redacted value is replaced with: "******". */
#define FLOWSTATE_REDACTED "******"

/** 1 if `key` names a secret under the current patterns, 0 if not (and for NULL). */
FLOWSTATE_API int flowstate_redact_is_secret_key(const char* key);

/**
 * Returns a copy of `text` with the value of every secret-named assignment replaced by
 * FLOWSTATE_REDACTED: `key = value`, `key: value`, `'key' = 'value'`, `"key": "value"`,
 * `key=value` in query strings and `-D key=value`, `--key value` arguments,
 * `Authorization: Bearer xyz`, and the password of URLs that carry one
 * (scheme://user:password\@host). Nothing else is changed. (SQL statements are redacted by their
 * own reader: see flowstate_script_statement_text.) Free the result with flowstate_string_free().
 */
FLOWSTATE_API int flowstate_redact_text(char** out, const char* text, size_t len);

/** Adds a pattern (non-empty, no control characters). Adding one twice has no effect. */
FLOWSTATE_API int flowstate_redact_add_pattern(const char* pattern);

/** Removes a pattern, defaults included; FLOWSTATE_E_NOT_FOUND if it is not in the list. */
FLOWSTATE_API int flowstate_redact_remove_pattern(const char* pattern);

/** Restores the default list. */
FLOWSTATE_API void flowstate_redact_reset_patterns(void);

/** The current patterns, one per line, freed with flowstate_string_free(). */
FLOWSTATE_API int flowstate_redact_patterns(char** out);

FLOWSTATE_END_DECLS

#endif /* FLOWSTATE_REDACT_H */
