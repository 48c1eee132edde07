// The statements of a Flink SQL script: kinds, flags and the compact record kept for each.
#ifndef FLOWSTATE_SRC_SQL_STATEMENT_H_
#define FLOWSTATE_SRC_SQL_STATEMENT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace flowstate::core::sql {

// Values are part of the C ABI (flowstate_statement_kind): append only, never renumber.
#define FLOWSTATE_STATEMENT_KINDS(X)                           \
  X(kUnknown, "UNKNOWN", 0)                                    \
  X(kSet, "SET", 1)                                            \
  X(kReset, "RESET", 2)                                        \
  X(kCreateCatalog, "CREATE_CATALOG", 3)                       \
  X(kCreateDatabase, "CREATE_DATABASE", 4)                     \
  X(kCreateTable, "CREATE_TABLE", 5)                           \
  X(kCreateView, "CREATE_VIEW", 6)                             \
  X(kCreateFunction, "CREATE_FUNCTION", 7)                     \
  X(kDropCatalog, "DROP_CATALOG", 8)                           \
  X(kDropDatabase, "DROP_DATABASE", 9)                         \
  X(kDropTable, "DROP_TABLE", 10)                              \
  X(kDropView, "DROP_VIEW", 11)                                \
  X(kDropFunction, "DROP_FUNCTION", 12)                        \
  X(kAlterCatalog, "ALTER_CATALOG", 13)                        \
  X(kAlterDatabase, "ALTER_DATABASE", 14)                      \
  X(kAlterTable, "ALTER_TABLE", 15)                            \
  X(kAlterView, "ALTER_VIEW", 16)                              \
  X(kAlterFunction, "ALTER_FUNCTION", 17)                      \
  X(kInsert, "INSERT", 18)                                     \
  X(kSelect, "SELECT", 19)                                     \
  X(kValues, "VALUES", 20)                                     \
  X(kExplain, "EXPLAIN", 21)                                   \
  X(kDescribe, "DESCRIBE", 22)                                 \
  X(kShow, "SHOW", 23)                                         \
  X(kUse, "USE", 24)                                           \
  X(kUseCatalog, "USE_CATALOG", 25)                            \
  X(kUseModules, "USE_MODULES", 26)                            \
  X(kLoadModule, "LOAD_MODULE", 27)                            \
  X(kUnloadModule, "UNLOAD_MODULE", 28)                        \
  X(kAddJar, "ADD_JAR", 29)                                    \
  X(kRemoveJar, "REMOVE_JAR", 30)                              \
  X(kShowJars, "SHOW_JARS", 31)                                \
  X(kStopJob, "STOP_JOB", 32)                                  \
  X(kCall, "CALL", 33)                                         \
  X(kTruncate, "TRUNCATE", 34)                                 \
  X(kDelete, "DELETE", 35)                                     \
  X(kUpdate, "UPDATE", 36)                                     \
  X(kAnalyze, "ANALYZE", 37)                                   \
  X(kStatementSet, "STATEMENT_SET", 38)                        \
  X(kBeginStatementSet, "BEGIN_STATEMENT_SET", 39)             \
  X(kEnd, "END", 40)                                           \
  X(kExecuteCdcSource, "EXECUTE_CDCSOURCE", 41)                \
  X(kExecuteJar, "EXECUTE_JAR", 42)                            \
  X(kExecutePipeline, "EXECUTE_PIPELINE", 43)                  \
  X(kAddCustomJar, "ADD_CUSTOMJAR", 44)                        \
  X(kAddFile, "ADD_FILE", 45)                                  \
  X(kPrint, "PRINT", 46)                                       \
  X(kCreateTemporalFunction, "CREATE_TEMPORAL_FUNCTION", 47)   \
  X(kVariable, "VARIABLE", 48)                                 \
  X(kCreateModel, "CREATE_MODEL", 49)                          \
  X(kDropModel, "DROP_MODEL", 50)                              \
  X(kAlterModel, "ALTER_MODEL", 51)                            \
  X(kCreateMaterializedTable, "CREATE_MATERIALIZED_TABLE", 52) \
  X(kDropMaterializedTable, "DROP_MATERIALIZED_TABLE", 53)     \
  X(kAlterMaterializedTable, "ALTER_MATERIALIZED_TABLE", 54)   \
  X(kDescribeJob, "DESCRIBE_JOB", 55)                          \
  X(kShowJobs, "SHOW_JOBS", 56)                                \
  X(kCreateAggTable, "CREATE_AGGTABLE", 57)                    \
  X(kCompilePlan, "COMPILE_PLAN", 58)                          \
  X(kExecutePlan, "EXECUTE_PLAN", 59)                          \
  X(kCompileAndExecutePlan, "COMPILE_AND_EXECUTE_PLAN", 60)    \
  X(kReplaceTable, "REPLACE_TABLE", 61)                        \
  X(kHelp, "HELP", 62)                                         \
  X(kClear, "CLEAR", 63)                                       \
  X(kQuit, "QUIT", 64)

enum class StatementKind : uint16_t {
#define FLOWSTATE_KIND_ENUM(enumerator, name, value) enumerator = value,
  FLOWSTATE_STATEMENT_KINDS(FLOWSTATE_KIND_ENUM)
#undef FLOWSTATE_KIND_ENUM
};

inline constexpr int kStatementKindCount = 65;

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
