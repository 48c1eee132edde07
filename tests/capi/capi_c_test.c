/* A C99 host program using the C ABI: build it as C, link libflowstate, run it. */
#include <stdio.h>
#include <string.h>

#include "flowstate/flowstate.h"

static int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

static int log_calls = 0;

static void on_log(void* user, flowstate_log_level level, const char* component,
                   const char* message) {
  (void)user;
  (void)level;
  (void)component;
  if (strstr(message, "******") != NULL) ++log_calls;
}

int main(void) {
  flowstate_diagnostics* diags = NULL;
  flowstate_cancel_token* token = NULL;
  char* text = NULL;
  int64_t line = 0, column = 0;

  CHECK(strcmp(flowstate_version(), FLOWSTATE_VERSION_STRING) == 0);
  CHECK(FLOWSTATE_ABI_COMPATIBLE(flowstate_version_number()));
  /* 0.x: another minor version is another ABI. */
  CHECK(FLOWSTATE_VERSION_MAJOR != 0 || !FLOWSTATE_ABI_COMPATIBLE(FLOWSTATE_VERSION_NUMBER + 100));

  CHECK(flowstate_diagnostics_new(&diags) == FLOWSTATE_OK);
  {
    flowstate_diagnostic entry = FLOWSTATE_DIAGNOSTIC_INIT;
    entry.severity = FLOWSTATE_SEVERITY_ERROR;
    entry.code = FLOWSTATE_E_PARSE;
    entry.message = "bad";
    entry.source = "a.sql";
    entry.offset = 0;
    entry.line = entry.column = 1;
    CHECK(flowstate_diagnostics_add(diags, &entry) == FLOWSTATE_OK);
    CHECK(flowstate_diagnostics_error_count(diags) == 1);
    flowstate_diagnostic_init(&entry);
    CHECK(flowstate_diagnostics_get(diags, 0, &entry) == FLOWSTATE_OK);
    CHECK(strcmp(entry.message, "bad") == 0 && entry.column == 1 && entry.path == NULL);
  }
  flowstate_diagnostics_free(diags);

  CHECK(flowstate_cancel_token_new(&token) == FLOWSTATE_OK);
  CHECK(flowstate_cancel_token_cancel(token) == FLOWSTATE_OK);
  CHECK(flowstate_cancel_token_wait(token, 0) == FLOWSTATE_E_CANCELLED);
  flowstate_cancel_token_free(token);

  CHECK(flowstate_log_set_callback(on_log, NULL, FLOWSTATE_LOG_INFO) == FLOWSTATE_OK);
  CHECK(flowstate_log_write(FLOWSTATE_LOG_WARN, "c-host", "password = hunter2") == FLOWSTATE_OK);
  CHECK(log_calls == 1);
  CHECK(flowstate_log_set_callback(NULL, NULL, FLOWSTATE_LOG_OFF) == FLOWSTATE_OK);

  CHECK(flowstate_redact_text(&text, "token=abc", 9) == FLOWSTATE_OK);
  CHECK(text != NULL && strcmp(text, "token=******") == 0);
  flowstate_string_free(text);

  CHECK(flowstate_text_position(&line, &column, "ab\ncd", 5, 4) == FLOWSTATE_OK);
  CHECK(line == 2 && column == 2);

  CHECK(flowstate_redact_add_pattern(NULL) == FLOWSTATE_E_INVALID_ARGUMENT);
  CHECK(flowstate_error_last_code() == FLOWSTATE_E_INVALID_ARGUMENT);
  CHECK(strcmp(flowstate_error_last_message(), "pattern must not be NULL") == 0);

  {
    flowstate_config* cfg = NULL;
    const flowstate_option* opt = flowstate_option_find("state.backend");
    const char* name = NULL;
    char* out = NULL;
    flowstate_option_info info = FLOWSTATE_OPTION_INFO_INIT;
    flowstate_config_entry entry = FLOWSTATE_CONFIG_ENTRY_INIT;
    CHECK(opt != NULL && flowstate_option_get(opt, &info) == FLOWSTATE_OK);
    CHECK(strcmp(info.key, "state.backend.type") == 0);
    CHECK(flowstate_option_name_for(&name, opt, "1.14") == FLOWSTATE_OK);
    CHECK(name != NULL && strcmp(name, "state.backend") == 0);
    CHECK(flowstate_config_check_value(&out, "execution.checkpointing.interval", "6000", "1.14") ==
          FLOWSTATE_OK);
    CHECK(out != NULL && strcmp(out, "6 s") == 0);
    flowstate_string_free(out);
    CHECK(flowstate_config_new(&cfg, "2.2") == FLOWSTATE_OK);
    CHECK(flowstate_config_add_file(cfg, "state.backend: rocksdb\n", (size_t)-1, "flink-conf.yaml",
                                    FLOWSTATE_CONFIG_FILE_FLINK_CONF) == FLOWSTATE_OK);
    CHECK(flowstate_config_count(cfg) == 1);
    CHECK(flowstate_config_get(cfg, 0, &entry) == FLOWSTATE_OK);
    CHECK(strcmp(entry.key, "state.backend.type") == 0);
    CHECK(entry.status == FLOWSTATE_CONFIG_KEY_DEPRECATED);
    CHECK(flowstate_config_render(&out, cfg, FLOWSTATE_CONFIG_RENDER_CONFIG_YAML, 0, NULL) ==
          FLOWSTATE_OK);
    CHECK(out != NULL && strstr(out, "    type: rocksdb\n") != NULL);
    flowstate_string_free(out);
    flowstate_config_free(cfg);
    flowstate_config_free(NULL);
  }

  flowstate_string_free(NULL);
  flowstate_diagnostics_free(NULL);
  flowstate_cancel_token_free(NULL);

  if (failures == 0) printf("capi_c_test: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
