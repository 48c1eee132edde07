#include "cli/safe_output.h"

namespace flowstate::cli {

namespace {

constexpr char kHex[] = "0123456789abcdef";

}  // namespace

bool TerminalSafeBuf::Settle() {
  if (!pending_c2_) return true;
  pending_c2_ = false;
  return to_->sputc(static_cast<char>(0xC2)) != traits_type::eof();
}

bool TerminalSafeBuf::Put(unsigned char c) {
  if (pending_c2_) {
    pending_c2_ = false;
    if (c >= 0x80 && c <= 0x9F) {  // U+0080..U+009F: C1 controls (0x9B is CSI)
      const char esc[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
      return to_->sputn(esc, sizeof esc) == static_cast<std::streamsize>(sizeof esc);
    }
    if (to_->sputc(static_cast<char>(0xC2)) == traits_type::eof()) return false;
  }
  if (c == 0xC2) {
    pending_c2_ = true;
    return true;
  }
  if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
    const char esc[] = {'\\', 'x', kHex[c >> 4], kHex[c & 15]};
    return to_->sputn(esc, sizeof esc) == static_cast<std::streamsize>(sizeof esc);
  }
  return to_->sputc(static_cast<char>(c)) != traits_type::eof();
}

TerminalSafeBuf::int_type TerminalSafeBuf::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  return Put(static_cast<unsigned char>(traits_type::to_char_type(c))) ? c : traits_type::eof();
}

std::streamsize TerminalSafeBuf::xsputn(const char* s, std::streamsize n) {
  // Runs of ordinary bytes go through in one call.
  std::streamsize done = 0;
  while (done < n) {
    std::streamsize run = 0;
    if (!pending_c2_) {
      while (done + run < n) {
        const auto c = static_cast<unsigned char>(s[done + run]);
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F || c == 0xC2) break;
        ++run;
      }
    }
    if (run > 0) {
      if (to_->sputn(s + done, run) != run) return done;
      done += run;
      continue;
    }
    if (!Put(static_cast<unsigned char>(s[done]))) return done;
    ++done;
  }
  return done;
}

int TerminalSafeBuf::sync() {
  // A lead byte at the end of a flush waits: its continuation may come with the next write.
  return to_->pubsync();
}

}  // namespace flowstate::cli
