#include "sql/statement.h"

namespace flowstate::core::sql {

const char* StatementKindName(int kind) {
  switch (kind) {
#define FLOWSTATE_KIND_NAME(enumerator, name, value) \
  case value:                                        \
    return name;
    FLOWSTATE_STATEMENT_KINDS(FLOWSTATE_KIND_NAME)
#undef FLOWSTATE_KIND_NAME
  }
  return nullptr;
}

Statement& StatementList::push_back(const Statement& s) {
  if (size_ == chunks_.size() * kChunk) {
    chunks_.push_back(std::unique_ptr<Statement[]>(new Statement[kChunk]));
  }
  Statement& slot = (*this)[size_++];
  slot = s;
  return slot;
}

}  // namespace flowstate::core::sql
