// The program's output shows control characters from users as escapes; tables keep their
// columns apart.
#include "cli/safe_output.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "cli/format.h"

namespace flowstate::cli {
namespace {

std::string Safe(const std::string& text, size_t chunk = 0) {
  std::ostringstream raw;
  {
    TerminalSafeStream safe(raw);
    if (chunk == 0) {
      safe << text;
    } else {
      for (size_t i = 0; i < text.size(); i += chunk) safe << text.substr(i, chunk) << std::flush;
    }
  }
  return raw.str();
}

TEST(SafeOutputTest, ControlCharactersBecomeVisibleEscapes) {
  EXPECT_EQ(Safe("SELECT '\x1b]0;owned\x07' FROM t\n"), "SELECT '\\x1b]0;owned\\x07' FROM t\n");
  EXPECT_EQ(Safe("a\x1b[2Jb\x7f"), "a\\x1b[2Jb\\x7f");
  EXPECT_EQ(Safe(std::string("nul\0x", 5)), "nul\\x00x");
  EXPECT_EQ(Safe("tab\tcr\rlf\n"), "tab\tcr\rlf\n") << "layout characters pass";
  // C1 controls in UTF-8 (0x9B is CSI), also when split across writes; other text unchanged.
  EXPECT_EQ(Safe("x\xc2\x9b"
                 "31mred"),
            "x\\u009b31mred");
  EXPECT_EQ(Safe("x\xc2\x9b"
                 "31mred",
                 2),
            "x\\u009b31mred");
  EXPECT_EQ(Safe("caf\xc3\xa9 \xc2\xa0 中文 \xc2"), "caf\xc3\xa9 \xc2\xa0 中文 \xc2")
      << "UTF-8, a no-break space and a lead byte at the end come through as they are";
}

TEST(SafeOutputTest, TableColumnsNeverRunTogether) {
  std::ostringstream out;
  PrintTable(out,
             {{"ID", "STATUS", "TYPE", "PATH"},
              {"12345678901", "IN_PROGRESS", "UNALIGNED_CHECKPOINT", "file:/cp/chk-12345678901"},
              {"7", "COMPLETED", "CHECKPOINT", ""}});
  EXPECT_EQ(out.str(),
            "ID           STATUS       TYPE                  PATH\n"
            "12345678901  IN_PROGRESS  UNALIGNED_CHECKPOINT  file:/cp/chk-12345678901\n"
            "7            COMPLETED    CHECKPOINT\n");
}

}  // namespace
}  // namespace flowstate::cli
