/* Prints the layout of the public C structs as JSON, so that bindings which mirror one
 * (Python's ctypes.Structure for flowstate_sql_options) can check theirs against the
 * compiler's. */
#include <stddef.h>
#include <stdio.h>

#include "flowstate/flowstate.h"

#define FIELD(s, f) printf("\"%s\": [%zu, %zu]", #f, offsetof(s, f), sizeof(((s *)0)->f))

int main(void) {
  printf("{\"flowstate_sql_options\": {\"size\": %zu, \"fields\": {", sizeof(flowstate_sql_options));
  FIELD(flowstate_sql_options, version); printf(", ");
  FIELD(flowstate_sql_options, source_name); printf(", ");
  FIELD(flowstate_sql_options, substitute_variables); printf(", ");
  FIELD(flowstate_sql_options, variable_names); printf(", ");
  FIELD(flowstate_sql_options, variable_values); printf(", ");
  FIELD(flowstate_sql_options, variable_count); printf(", ");
  FIELD(flowstate_sql_options, isa); printf(", ");
  FIELD(flowstate_sql_options, borrow_text);
  printf("}}}\n");
  return 0;
}
