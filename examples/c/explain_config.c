/*
 * Explains the configuration a job runs with on Flink 1.14: the cluster's flink-conf.yaml, then
 * the script's SET statements. Prints every key set somewhere with its effective value and
 * where it came from (secrets redacted), then the findings.
 *
 *   explain_config FLINK_CONF SCRIPT
 */
#include <flowstate/flowstate.h>

#include <stdio.h>
#include <stdlib.h>

/* The whole file, NUL-terminated; NULL when it cannot be read. */
static char* slurp(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) return NULL;
  char* text = NULL;
  size_t cap = 0;
  *len = 0;
  for (;;) {
    if (*len + 4096 + 1 > cap) {
      cap = (*len + 4096 + 1) * 2;
      char* grown = realloc(text, cap);
      if (grown == NULL) break;
      text = grown;
    }
    size_t n = fread(text + *len, 1, 4096, f);
    *len += n;
    if (n < 4096) break;
  }
  fclose(f);
  if (text != NULL) text[*len] = '\0';
  return text;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: explain_config FLINK_CONF SCRIPT\n");
    return 2;
  }
  size_t conf_len = 0, sql_len = 0;
  char* conf = slurp(argv[1], &conf_len);
  char* sql = slurp(argv[2], &sql_len);
  if (conf == NULL || sql == NULL) {
    fprintf(stderr, "explain_config: cannot read %s\n", conf == NULL ? argv[1] : argv[2]);
    free(conf);
    free(sql);
    return 1;
  }

  flowstate_config* config = NULL;
  flowstate_script* script = NULL;
  flowstate_diagnostics* findings = NULL;
  flowstate_sql_options so = FLOWSTATE_SQL_OPTIONS_INIT;
  so.source_name = "job.sql";
  int rc = flowstate_config_new(&config, "1.14");
  if (rc == FLOWSTATE_OK) {
    rc = flowstate_config_add_file(config, conf, conf_len, "flink-conf.yaml",
                                   FLOWSTATE_CONFIG_FILE_FLINK_CONF);
  }
  if (rc == FLOWSTATE_OK) rc = flowstate_sql_parse(&script, sql, sql_len, &so, NULL);
  if (rc == FLOWSTATE_OK) rc = flowstate_config_add_script(config, script);
  for (size_t i = 0; rc == FLOWSTATE_OK && i < flowstate_config_count(config); ++i) {
    flowstate_config_entry e = FLOWSTATE_CONFIG_ENTRY_INIT;
    rc = flowstate_config_get(config, i, &e);
    if (rc == FLOWSTATE_OK) printf("%s = %s  (%s)\n", e.key, e.normalized, e.source);
  }
  if (rc == FLOWSTATE_OK) rc = flowstate_diagnostics_new(&findings);
  if (rc == FLOWSTATE_OK) rc = flowstate_config_diagnostics(config, findings);
  if (rc == FLOWSTATE_OK) {
    printf("%zu findings, %zu errors\n", flowstate_diagnostics_count(findings),
           flowstate_config_error_count(config));
  }
  if (rc != FLOWSTATE_OK) fprintf(stderr, "explain_config: %s\n", flowstate_error_last_message());
  flowstate_diagnostics_free(findings);
  flowstate_script_free(script);
  flowstate_config_free(config);
  free(conf);
  free(sql);
  return rc == FLOWSTATE_OK ? 0 : 1;
}
