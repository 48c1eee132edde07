// The statements of a Flink SQL script: kinds, flags and the compact record kept for each.
#ifndef FLOWSTATE_SRC_SQL_STATEMENT_H_
#define FLOWSTATE_SRC_SQL_STATEMENT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "common/enums.h"

namespace flowstate::core::sql {

// Values are part of the C ABI (flowstate_statement_kind): append only, never renumber.
enum class StatementKind : uint16_t { FLOWSTATE_ENUM_VALUES_STATEMENT_KIND(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(StatementKind) { return enum_type::statement_kind; }

inline constexpr int kStatementKindCount =
    0 FLOWSTATE_ENUM_VALUES_STATEMENT_KIND(FLOWSTATE_ENUM_COUNT_ONE);

// "CREATE_TABLE", or nullptr for a value that is not a kind.
const char* StatementKindName(int kind);

// What a statement's keywords say beyond its kind. Bits are part of the C ABI.
enum StatementFlag : uint16_t {
  kFlagTemporary = 1 << 0,        // CREATE TEMPORARY ...
  kFlagTemporarySystem = 1 << 1,  // CREATE TEMPORARY SYSTEM FUNCTION
  kFlagIfNotExists = 1 << 2,
  kFlagIfExists = 1 << 3,
  kFlagOverwrite = 1 << 4,       // INSERT OVERWRITE
  kFlagAsSelect = 1 << 5,        // CREATE TABLE ... AS <query>, CREATE OR REPLACE TABLE ... AS
  kFlagLike = 1 << 6,            // CREATE TABLE ... LIKE
  kFlagExecute = 1 << 7,         // EXECUTE INSERT / EXECUTE STATEMENT SET
  kFlagWithQuery = 1 << 8,       // WITH ... SELECT
  kFlagStatementSet = 1 << 9,    // EXPLAIN STATEMENT SET
  kFlagUnterminated = 1 << 10,   // the last statement, without ';'
  kFlagWithSavepoint = 1 << 11,  // STOP JOB ... WITH SAVEPOINT
  kFlagWithDrain = 1 << 12,      // STOP JOB ... WITH DRAIN
  kFlagOrReplace = 1 << 13,      // CREATE OR REPLACE
};

// One statement, 56 bytes. Offsets are bytes into the text the script was read from;
// `end` is exclusive. Lines and columns are 1-based (columns in code points); the end
// position is that of `end`, i.e. just past the last character.
struct Statement {
  uint64_t begin = 0;
  uint64_t end = 0;
  uint32_t begin_line = 0;
  uint32_t begin_column = 0;
  uint32_t end_line = 0;
  uint32_t end_column = 0;
  int32_t parent = -1;       // index of the enclosing statement set, or -1
  uint32_t child_count = 0;  // statements of a set follow it directly
  StatementKind kind = StatementKind::kUnknown;
  uint16_t flags = 0;
  uint32_t name_offset = 0;  // the object the statement names, relative to begin
  uint32_t name_length = 0;  // 0 when it names none

  bool has(StatementFlag f) const { return (flags & f) != 0; }
};
static_assert(sizeof(Statement) <= 64, "a statement record must stay within 64 bytes");

// Statements in chunks, so that a growing script never copies what it has (peak memory
// stays at the records themselves plus one chunk). Thread-safety: value semantics.
class StatementList {
 public:
  static constexpr size_t kChunk = 256;  // 14 KiB; small scripts stay small

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  Statement& operator[](size_t i) { return chunks_[i / kChunk][i % kChunk]; }
  const Statement& operator[](size_t i) const { return chunks_[i / kChunk][i % kChunk]; }
  Statement& back() { return (*this)[size_ - 1]; }
  Statement& push_back(const Statement& s);
  void pop_back() { --size_; }
  size_t memory_bytes() const { return chunks_.size() * kChunk * sizeof(Statement); }

 private:
  std::vector<std::unique_ptr<Statement[]>> chunks_;
  size_t size_ = 0;
};

}  // namespace flowstate::core::sql

#endif  // FLOWSTATE_SRC_SQL_STATEMENT_H_
