// The definition of flowstate_script, shared by the C ABI files that take a script.
#ifndef FLOWSTATE_CAPI_SCRIPT_HANDLE_H_
#define FLOWSTATE_CAPI_SCRIPT_HANDLE_H_

#include <string>
#include <utility>
#include <vector>

#include "common/redact.h"
#include "sql/script.h"

struct flowstate_script {
  explicit flowstate_script(flowstate::core::sql::Script s) : impl(std::move(s)) {
    for (const auto& [name, value] : impl.variables()) {
      variables.push_back({name, flowstate::core::RedactValue(name, value)});
    }
  }
  flowstate::core::sql::Script impl;
  std::vector<std::pair<std::string, std::string>> variables;  // value redacted
};

#endif  // FLOWSTATE_CAPI_SCRIPT_HANDLE_H_
