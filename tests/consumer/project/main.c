#include <stdio.h>
#include <string.h>

#include <flowstate/flowstate.h>

int main(void) {
  if (strcmp(flowstate_version(), FLOWSTATE_VERSION_STRING) != 0) return 1;
  if (flowstate_redact_is_secret_key("password") != 1) return 2;
  printf("consumer_c %s\n", flowstate_version());
  return 0;
}
