// A consumer that defines a function of its own with the name of one inside libflowstate
// (flowstate::core::IsSecretKey). Linked with the static library this builds only because the
// library's own copy is local to it, and each side keeps calling its own.
#include <flowstate/flowstate.h>

#include <cstdio>
#include <cstring>
#include <string_view>

namespace flowstate::core {
bool IsSecretKey(std::string_view key) { return key == "consumer"; }
}  // namespace flowstate::core

int main() {
  char* out = nullptr;
  const char text[] = "'password' = '000000'";
  if (flowstate_redact_text(&out, text, sizeof text - 1) != FLOWSTATE_OK) return 1;
  const bool library_redacts = std::strstr(out, "000000") == nullptr;
  flowstate_string_free(out);
  const bool own =
      flowstate::core::IsSecretKey("consumer") && !flowstate::core::IsSecretKey("password");
  std::printf("clash library=%d own=%d\n", library_redacts ? 1 : 0, own ? 1 : 0);
  return library_redacts && own ? 0 : 1;
}
