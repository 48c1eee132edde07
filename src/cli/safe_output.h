// Text from users (script statements, file names, option values, what a server answered)
// reaches the terminal through the program's output, and a terminal obeys control
// characters: ESC ] 0 ; ... BEL in a script would retitle it, other sequences rewrite or hide
// what was printed. The program's streams therefore show such characters as visible escapes
// (\x1b, \x07, \u009b) and pass everything else through unchanged, in order.
#ifndef FLOWSTATE_SRC_CLI_SAFE_OUTPUT_H_
#define FLOWSTATE_SRC_CLI_SAFE_OUTPUT_H_

#include <ostream>
#include <streambuf>

namespace flowstate::cli {

// A stream buffer over another that writes C0 controls (but tab, line feed and carriage
// return), DEL and the C1 controls of UTF-8 (U+0080 to U+009F) as escapes. Unbuffered, so
// writes through it and through the underlying stream keep their order.
class TerminalSafeBuf : public std::streambuf {
 public:
  explicit TerminalSafeBuf(std::streambuf* to) : to_(to) {}
  ~TerminalSafeBuf() override { Settle(); }

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  bool Put(unsigned char c);
  bool Settle();  // writes a lead byte 0xC2 still waiting for its continuation

  std::streambuf* to_;
  bool pending_c2_ = false;
};

// An ostream through a TerminalSafeBuf over `to`'s buffer.
class TerminalSafeStream : public std::ostream {
 public:
  explicit TerminalSafeStream(std::ostream& to) : std::ostream(nullptr), buf_(to.rdbuf()) {
    rdbuf(&buf_);
  }

 private:
  TerminalSafeBuf buf_;
};

}  // namespace flowstate::cli

#endif  // FLOWSTATE_SRC_CLI_SAFE_OUTPUT_H_
