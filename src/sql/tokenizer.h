// Tokens of one statement, for classification and for SET and WITH parsing. Whitespace,
// comments and hints are skipped. Offsets are into the script text.
//
// Thread-safety: one owner; the text must outlive the tokenizer.
#ifndef FLOWSTATE_SRC_SQL_TOKENIZER_H_
#define FLOWSTATE_SRC_SQL_TOKENIZER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace flowstate::core::sql {

enum class TokenType {
  kEnd,               // no more tokens in the range
  kWord,              // keyword, identifier or number: [A-Za-z0-9_$] and any non-ASCII byte
  kString,            // '...' ('' escapes); unterminated ones run to the end of the range
  kQuotedIdentifier,  // `...`
  kVariable,          // ${name}
  kAssign,            // :=
  kPunct,             // any other single byte
};

struct Token {
  TokenType type = TokenType::kEnd;
  size_t begin = 0;
  size_t end = 0;
  bool terminated = true;  // for strings and quoted identifiers

  size_t size() const { return end - begin; }
};

class Tokenizer {
 public:
  Tokenizer(std::string_view text, size_t begin, size_t end)
      : text_(text), pos_(begin), end_(end) {}

  Token Next();
  Token Peek() {
    size_t saved = pos_;
    Token t = Next();
    pos_ = saved;
    return t;
  }
  size_t pos() const { return pos_; }
  size_t end() const { return end_; }
  void Seek(size_t pos) { pos_ = pos; }

  // Moves past the ')' that matches the '(' just returned by Next(); returns false if the
  // range ends first (pos() is then end()).
  bool SkipParenthesized();

  std::string_view text() const { return text_; }
  std::string_view TextOf(const Token& t) const { return text_.substr(t.begin, t.size()); }
  bool Is(const Token& t, std::string_view keyword) const;  // case-insensitive word match
  bool IsPunct(const Token& t, char c) const {
    return t.type == TokenType::kPunct && text_[t.begin] == c;
  }

 private:
  void SkipSpaceAndComments();
  size_t BlockEnd(size_t at) const;
  std::string_view text_;
  size_t pos_;
  size_t end_;
};

inline bool IsWordByte(uint8_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || c >= 0x80;
}

// The content of a string literal token with '' turned into ' (no other escapes: Flink SQL
// strings keep backslashes as they are).
std::string UnquoteString(std::string_view token_text);
// The content of a `quoted identifier` with `` turned into `.
std::string UnquoteIdentifier(std::string_view token_text);

}  // namespace flowstate::core::sql

#endif  // FLOWSTATE_SRC_SQL_TOKENIZER_H_
