/* conan's test_package: the C ABI alone, linked through find_package(flowstate). */
#include <flowstate/flowstate.h>

#include <stdio.h>

int main(void) {
  if (!FLOWSTATE_ABI_COMPATIBLE(flowstate_version_number())) {
    fprintf(stderr, "built against flowstate %s, running with %s\n", FLOWSTATE_VERSION_STRING,
            flowstate_version());
    return 1;
  }
  char* redacted = NULL;
  const char text[] = "'password' = '000000'";
  if (flowstate_redact_text(&redacted, text, sizeof text - 1) != FLOWSTATE_OK) {
    fprintf(stderr, "%s\n", flowstate_error_last_message());
    return 1;
  }
  printf("flowstate %s: %s\n", flowstate_version(), redacted);
  flowstate_string_free(redacted);
  return 0;
}
