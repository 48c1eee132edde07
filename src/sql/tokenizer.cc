#include "sql/tokenizer.h"

#include <cstring>

#include "common/strings.h"
#include "sql/split.h"

namespace flowstate::core::sql {

// Just past the block comment or hint opening at `at` (or end_ when it is not closed). A
// hint's strings and quoted identifiers are tokens to Flink: "*/" inside them does not end it.
size_t Tokenizer::BlockEnd(size_t at) const {
  const bool hint = at + 2 < end_ && text_[at + 2] == '+';
  for (size_t i = at + 2; i < end_; ++i) {
    const char c = text_[i];
    if (c == '*' && i + 1 < end_ && text_[i + 1] == '/') return i + 2;
    if (hint && (c == '\'' || c == '`')) {
      for (++i; i < end_; ++i) {
        if (text_[i] != c) continue;
        if (i + 1 < end_ && text_[i + 1] == c) {
          ++i;  // '' or `` escape
          continue;
        }
        break;
      }
    }
  }
  return end_;
}

void Tokenizer::SkipSpaceAndComments() {
  while (pos_ < end_) {
    uint8_t c = static_cast<uint8_t>(text_[pos_]);
    if (IsSqlSpace(c)) {
      ++pos_;
    } else if (c == '-' && pos_ + 1 < end_ && text_[pos_ + 1] == '-') {
      size_t nl = text_.find('\n', pos_ + 2);
      pos_ = (nl == std::string_view::npos || nl >= end_) ? end_ : nl + 1;
    } else if (c == '/' && pos_ + 1 < end_ && text_[pos_ + 1] == '*') {
      pos_ = BlockEnd(pos_);
    } else if (c == 0xEF && pos_ + 2 < end_ && text_.compare(pos_, 3, "\xEF\xBB\xBF") == 0) {
      pos_ += 3;
    } else {
      return;
    }
  }
}

Token Tokenizer::Next() {
  SkipSpaceAndComments();
  Token t;
  t.begin = pos_;
  if (pos_ >= end_) {
    t.type = TokenType::kEnd;
    t.end = pos_;
    return t;
  }
  const uint8_t c = static_cast<uint8_t>(text_[pos_]);
  if (c == '\'' || c == '`') {
    t.type = c == '\'' ? TokenType::kString : TokenType::kQuotedIdentifier;
    size_t i = pos_ + 1;
    t.terminated = false;
    while (i < end_) {
      if (static_cast<uint8_t>(text_[i]) == c) {
        if (i + 1 < end_ && static_cast<uint8_t>(text_[i + 1]) == c) {
          i += 2;
          continue;
        }
        t.terminated = true;
        ++i;
        break;
      }
      ++i;
    }
    pos_ = i;
  } else if (c == '$' && pos_ + 1 < end_ && text_[pos_ + 1] == '{') {
    size_t close = text_.find('}', pos_ + 2);
    if (close != std::string_view::npos && close < end_ && close - pos_ <= 256) {
      t.type = TokenType::kVariable;
      pos_ = close + 1;
    } else {
      t.type = TokenType::kPunct;
      pos_ += 1;
    }
  } else if (IsWordByte(c)) {
    t.type = TokenType::kWord;
    size_t i = pos_ + 1;
    while (i < end_ && IsWordByte(static_cast<uint8_t>(text_[i]))) ++i;
    pos_ = i;
  } else if (c == ':' && pos_ + 1 < end_ && text_[pos_ + 1] == '=') {
    t.type = TokenType::kAssign;
    pos_ += 2;
  } else {
    t.type = TokenType::kPunct;
    pos_ += 1;
  }
  t.end = pos_;
  return t;
}

namespace {

// Byte classes for SkipParenthesized: 0 = nothing to decide.
struct ParenClasses {
  uint8_t c[256] = {};
  constexpr ParenClasses() {
    c[static_cast<uint8_t>('(')] = 1;
    c[static_cast<uint8_t>(')')] = 2;
    c[static_cast<uint8_t>('\'')] = 3;
    c[static_cast<uint8_t>('`')] = 3;
    c[static_cast<uint8_t>('-')] = 4;
    c[static_cast<uint8_t>('/')] = 5;
  }
};
constexpr ParenClasses kParen;

}  // namespace

bool Tokenizer::SkipParenthesized() {
  // A byte loop rather than tokens: column lists and WITH lists are most of a CREATE TABLE.
  const uint8_t* p = reinterpret_cast<const uint8_t*>(text_.data());
  size_t i = pos_;
  int depth = 1;
  while (i < end_) {
    while (i < end_ && kParen.c[p[i]] == 0) ++i;
    if (i >= end_) break;
    const uint8_t c = p[i];
    switch (kParen.c[c]) {
      case 1:
        ++depth;
        ++i;
        break;
      case 2:
        ++i;
        if (--depth == 0) {
          pos_ = i;
          return true;
        }
        break;
      case 3:  // '...' or `...` with doubled escapes
        for (++i;;) {
          const void* q = i < end_ ? std::memchr(p + i, c, end_ - i) : nullptr;
          if (q == nullptr) {
            pos_ = end_;
            return false;
          }
          i = static_cast<size_t>(static_cast<const uint8_t*>(q) - p) + 1;
          if (i < end_ && p[i] == c) {
            ++i;
            continue;
          }
          break;
        }
        break;
      case 4:
        if (i + 1 < end_ && p[i + 1] == '-') {
          const void* nl = std::memchr(p + i, '\n', end_ - i);
          i = nl ? static_cast<size_t>(static_cast<const uint8_t*>(nl) - p) + 1 : end_;
        } else {
          ++i;
        }
        break;
      default:
        if (i + 1 < end_ && p[i + 1] == '*') {
          i = BlockEnd(i);
        } else {
          ++i;
        }
        break;
    }
  }
  pos_ = end_;
  return false;
}

bool Tokenizer::Is(const Token& t, std::string_view keyword) const {
  return t.type == TokenType::kWord && EqualsIgnoreCase(TextOf(t), keyword);
}

std::string UnquoteString(std::string_view s) {
  if (s.size() >= 2 && s.front() == '\'' && s.back() == '\'')
    s = s.substr(1, s.size() - 2);
  else if (!s.empty() && s.front() == '\'')
    s = s.substr(1);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    if (s[i] == '\'' && i + 1 < s.size() && s[i + 1] == '\'') ++i;
  }
  return out;
}

std::string UnquoteIdentifier(std::string_view s) {
  if (s.size() >= 2 && s.front() == '`' && s.back() == '`') s = s.substr(1, s.size() - 2);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    if (s[i] == '`' && i + 1 < s.size() && s[i + 1] == '`') ++i;
  }
  return out;
}

}  // namespace flowstate::core::sql
