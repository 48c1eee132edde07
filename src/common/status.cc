#include "common/status.h"

#include <iterator>

#include "common/strings.h"

namespace flowstate::core {
namespace {

struct CodeRow {
  int value;
  const char* name;
  int exit_code;
  const char* description;
};

constexpr CodeRow kCodeTable[] = {
#define FLOWSTATE_ERROR_ROW(enumerator, name, value, exit_code, description) \
  {value, name, exit_code, description},
#include "common/error_table.inc"
#undef FLOWSTATE_ERROR_ROW
};

const CodeRow* FindRow(int code) {
  for (const CodeRow& row : kCodeTable) {
    if (row.value == code) return &row;
  }
  return nullptr;
}

}  // namespace

const char* CodeName(int code) {
  const CodeRow* row = FindRow(code);
  return row ? row->name : "UNKNOWN";
}

const char* CodeDescription(int code) {
  const CodeRow* row = FindRow(code);
  return row ? row->description : "unknown error code";
}

int CodeExitCode(int code) {
  const CodeRow* row = FindRow(code);
  return row ? row->exit_code : FindRow(static_cast<int>(Code::kInternal))->exit_code;
}

bool IsKnownCode(int code) { return FindRow(code) != nullptr; }

size_t CodeCount() { return std::size(kCodeTable); }

int CodeAt(size_t index) { return index < std::size(kCodeTable) ? kCodeTable[index].value : 1; }

Status::Status(Code code, std::string message) {
  if (code != Code::kOk) rep_ = std::make_shared<const Rep>(Rep{code, std::move(message)});
}

const std::string& Status::message() const {
  static const std::string kEmpty;
  return rep_ ? rep_->message : kEmpty;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return StrCat(CodeName(static_cast<int>(rep_->code)), ": ", rep_->message);
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  return Status(rep_->code, StrCat(context, ": ", rep_->message));
}

}  // namespace flowstate::core
