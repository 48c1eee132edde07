#include "sql/statement.h"

namespace flowstate::core::sql {

const char* StatementKindName(int kind) { return EnumName(enum_type::statement_kind, kind); }

Statement& StatementList::push_back(const Statement& s) {
  if (size_ == chunks_.size() * kChunk) {
    chunks_.push_back(std::unique_ptr<Statement[]>(new Statement[kChunk]));
  }
  Statement& slot = (*this)[size_++];
  slot = s;
  return slot;
}

}  // namespace flowstate::core::sql
