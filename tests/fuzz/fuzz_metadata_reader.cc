// The whole-_metadata reader: never crashes, never reads past the input, and what it accepts
// is consistent (every byte consumed, files deduplicated, operator ids 32 hex digits).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "storage/metadata_reader.h"

using namespace flowstate::core::storage;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto m = ReadMetadata(bytes);
  if (!m.ok()) {
    if (m.status().message().empty()) std::abort();
    return 0;
  }
  if (m->size != size || m->body_end > size) std::abort();
  if (m->version < 2 || m->version > 6 || m->checkpoint_id < 0) std::abort();
  std::set<std::pair<int, std::string>> seen;
  for (const MetadataFile& f : m->files) {
    if (!seen.insert({static_cast<int>(f.form), f.path}).second) std::abort();
    if (f.references == 0) std::abort();
  }
  std::vector<std::string> ids;
  for (const MetadataOperator& op : m->operators) {
    if (op.id.size() != 32) std::abort();
    ids.push_back(op.id);
    if (!op.uid.empty() && OperatorIdFromUid(op.uid).size() != 32) std::abort();
  }
  OperatorMatch all = MatchOperators(ids, *m);
  if (!ids.empty() && all.kind != OperatorMatch::Kind::kAll) std::abort();
  (void)m->Kind();
  (void)m->Format();
  return 0;
}
