// Splitting a script into statements by Flink's rules, in one pass that never copies the
// text: ';' ends a statement only outside string literals ('...' with '' escapes), quoted
// identifiers (`...` with `` escapes), line comments (-- to the end of the line) and block
// comments (/* ... */). Hints (/*+ ... */) belong to their statement, and Flink's parser
// reads their contents as tokens: a string in a hint may hold "*/" or ';'
// (/*+ OPTIONS('path'='.*/dt=2024.*') */). A UTF-8 byte-order mark is skipped.
//
// The first stage finds the structural characters of each 64-byte block with SIMD
// (block_masks.h); the second visits only those positions, in order, with a small state
// machine. Statements are reported from their first to just past their last significant
// character: surrounding whitespace and comments are not part of them.
#ifndef FLOWSTATE_SRC_SQL_SPLIT_H_
#define FLOWSTATE_SRC_SQL_SPLIT_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "sql/block_masks.h"

namespace flowstate::core::sql {

enum class Construct { kString, kQuotedIdentifier, kBlockComment };

inline bool IsSqlSpace(uint8_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Listener interface (duck-typed, inlined):
//   void OnStatement(size_t begin, size_t end, size_t terminator);  end: exclusive;
//                                           terminator: the ';' or text.size() for the last
//   void OnComment(size_t begin, size_t end, bool line);           not for hints
//   void OnEmpty(size_t semicolon);                                a ';' with nothing before it
//   void OnUnterminated(Construct what, size_t open);              at the end of the text
template <typename Listener>
void SplitScript(std::string_view text, BlockMaskFn mask_fn, Listener& listener) {
  constexpr size_t npos = static_cast<size_t>(-1);
  const uint8_t* p = reinterpret_cast<const uint8_t*>(text.data());
  const size_t n = text.size();
  enum class State { kNormal, kString, kIdent, kLine, kBlock, kHint } state = State::kNormal;

  size_t pos = 0;     // next byte the walk has not decided on
  size_t open = 0;    // where the current string, identifier or comment began
  bool hint = false;  // in a hint (part of the statement); strings and identifiers return to it
  size_t region = 0;  // start of the current run of statement text (after a comment)
  size_t stmt_begin = npos;
  size_t sig_end = 0;

  if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) pos = region = 3;

  // Statement text in [from, to): finds the statement's first and last significant byte.
  auto examine = [&](size_t from, size_t to) {
    if (to <= from) return;
    if (stmt_begin == npos) {
      size_t b = from;
      while (b < to && IsSqlSpace(p[b])) ++b;
      if (b == to) return;
      stmt_begin = b;
    }
    size_t e = to;
    while (e > from && IsSqlSpace(p[e - 1])) --e;
    if (e > from) sig_end = e;
  };
  auto finish = [&](size_t at, bool terminated) {
    examine(region, at);
    if (stmt_begin != npos) {
      listener.OnStatement(stmt_begin, sig_end, terminated ? at : n);
    } else if (terminated) {
      listener.OnEmpty(at);
    }
    stmt_begin = npos;
    region = at + 1;
  };

  alignas(64) uint8_t tail[64];
  for (size_t base = pos & ~size_t{63}; base < n; base += 64) {
    BlockMasks m;
    const size_t block_end = base + 64 <= n ? base + 64 : n;
    if (base + 64 <= n) {
      mask_fn(p + base, &m);
    } else {
      std::memset(tail, 0, sizeof tail);
      std::memcpy(tail, p + base, n - base);
      mask_fn(tail, &m);
    }
    while (pos < block_end) {
      uint64_t relevant;
      switch (state) {
        case State::kNormal:
          relevant = m.semicolon | m.quote | m.backtick | m.dash | m.slash;
          break;
        case State::kString:
          relevant = m.quote;
          break;
        case State::kIdent:
          relevant = m.backtick;
          break;
        case State::kLine:
          relevant = m.newline;
          break;
        case State::kHint:
          relevant = m.star | m.quote | m.backtick;
          break;
        default:
          relevant = m.star;
          break;
      }
      relevant &= ~uint64_t{0} << (pos - base);
      if (relevant == 0) {
        pos = block_end;
        break;
      }
      const size_t i = base + static_cast<size_t>(__builtin_ctzll(relevant));
      const uint8_t c = p[i];
      switch (state) {
        case State::kNormal:
          if (c == ';') {
            finish(i, true);
            pos = i + 1;
          } else if (c == '\'') {
            state = State::kString;
            open = i;
            pos = i + 1;
          } else if (c == '`') {
            state = State::kIdent;
            open = i;
            pos = i + 1;
          } else if (c == '-') {
            if (i + 1 < n && p[i + 1] == '-') {
              examine(region, i);
              state = State::kLine;
              open = i;
              pos = i + 2;
            } else {
              pos = i + 1;
            }
          } else {  // '/'
            if (i + 1 < n && p[i + 1] == '*') {
              hint = i + 2 < n && p[i + 2] == '+';
              if (!hint) examine(region, i);
              state = hint ? State::kHint : State::kBlock;
              open = i;
              pos = hint ? i + 3 : i + 2;
            } else {
              pos = i + 1;
            }
          }
          break;
        case State::kString:
        case State::kIdent:
          if (i + 1 < n && p[i + 1] == c) {
            pos = i + 2;  // '' or `` escape
          } else {
            state = hint ? State::kHint : State::kNormal;
            pos = i + 1;
          }
          break;
        case State::kHint:
          if (c == '\'' || c == '`') {
            state = c == '\'' ? State::kString : State::kIdent;
            pos = i + 1;  // the hint's own "open" stays, for an unterminated hint
          } else if (i + 1 < n && p[i + 1] == '/') {  // '*'
            hint = false;
            state = State::kNormal;
            pos = i + 2;
          } else {
            pos = i + 1;
          }
          break;
        case State::kLine:
          listener.OnComment(open, i, true);
          state = State::kNormal;
          region = i;
          pos = i + 1;
          break;
        case State::kBlock:
          if (i + 1 < n && p[i + 1] == '/') {
            listener.OnComment(open, i + 2, false);
            region = i + 2;
            state = State::kNormal;
            pos = i + 2;
          } else {
            pos = i + 1;
          }
          break;
      }
    }
  }

  switch (state) {
    case State::kNormal:
      break;
    case State::kString:
    case State::kIdent:
      // A string left open inside a hint leaves the hint open too: reported at the hint.
      listener.OnUnterminated(hint                      ? Construct::kBlockComment
                              : state == State::kString ? Construct::kString
                                                        : Construct::kQuotedIdentifier,
                              open);
      break;
    case State::kHint:
      listener.OnUnterminated(Construct::kBlockComment, open);
      break;
    case State::kLine:
      listener.OnComment(open, n, true);
      region = n;
      break;
    case State::kBlock:
      listener.OnUnterminated(Construct::kBlockComment, open);
      listener.OnComment(open, n, false);
      region = n;
      break;
  }
  finish(n, false);
}

}  // namespace flowstate::core::sql

#endif  // FLOWSTATE_SRC_SQL_SPLIT_H_
