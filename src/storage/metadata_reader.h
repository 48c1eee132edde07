// The whole of a checkpoint's or savepoint's _metadata, format versions 2 to 6 (as Flink's
// Checkpoints and MetadataV2..V6 serializers write it): master and coordinator states, every
// operator with its subtasks, every keyed, operator, channel and changelog state handle, and
// the v4+ CheckpointProperties trailer, read to the exact last byte.
//
// The reader is a pure function of the bytes. It reads big-endian explicitly, decodes Java's
// modified UTF-8, never allocates from a count in the file before the bytes for it are
// known to be there, checks every length against what is left, caps nesting, refuses
// unknown tags and versions, and refuses trailing bytes (Flink never writes them). A file
// that does not parse is reported with the byte offset and what was being read.
//
// Thread-safety: pure functions; SnapshotMetadata is a value.
#ifndef FLOWSTATE_SRC_STORAGE_METADATA_READER_H_
#define FLOWSTATE_SRC_STORAGE_METADATA_READER_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/enums.h"
#include "common/status.h"

namespace flowstate::core::storage {

// A file the snapshot needs, as the handle names it.
struct MetadataFile {
  enum class Form { kAbsolute = 0, kRelative = 1, kSegment = 2 };
  Form form = Form::kAbsolute;
  std::string path;            // Path.toString() (absolute) or a name beside _metadata
  int64_t size = -1;           // the recorded length; -1 = unknown (existence only)
  int64_t segment_start = -1;  // kSegment: the file must hold [start, start + size)
  bool shared_scope = false;   // kSegment: SHARED rather than EXCLUSIVE
  int tag = 0;                 // handle tag (2, 6 or 15)
  uint32_t references = 1;     // handles that name it (channel state shares files)
  bool valid_path = true;      // false: a lone surrogate or NUL in the name
};

struct MetadataOperator {
  std::string id;    // 32 hex, the 16 bytes in file order
  std::string name;  // v5+ ("" = unknown)
  std::string uid;   // v5+ ("" = none set)
  int32_t parallelism = 0;
  int32_t max_parallelism = 0;
  bool fully_finished = false;
  uint32_t subtask_states = 0;
  uint32_t finished_subtasks = 0;
  uint64_t coordinator_bytes = 0;  // inline coordinator state
  uint64_t inline_bytes = 0;       // inline state of its subtasks
  uint64_t file_handles = 0;       // file references of its subtasks
};

// What the v4+ trailer (a Java-serialized CheckpointProperties) says.
struct SnapshotProperties {
  bool present = false;
  std::string type_class;  // "CheckpointType" or "SavepointType"
  std::string
      type_name;  // "Checkpoint", "Full Checkpoint", "Savepoint", "Terminate Savepoint", ...
  std::string format_type;             // savepoints: "CANONICAL" or "NATIVE"
  std::string post_checkpoint_action;  // savepoints: NONE, SUSPEND, TERMINATE
  std::string sharing_files_strategy;  // checkpoints: FORWARD_BACKWARD, FORWARD, NO_SHARING
  bool forced = false;
  bool unclaimed = false;
  bool discard_subsumed = false, discard_finished = false, discard_cancelled = false,
       discard_failed = false, discard_suspended = false;
};

struct SnapshotMetadata {
  int version = 0;
  int64_t checkpoint_id = 0;
  uint32_t master_states = 0;
  std::vector<MetadataOperator> operators;  // in file order
  std::vector<MetadataFile> files;          // deduplicated by path, in first-seen order
  uint64_t inline_bytes = 0;                // all inline state (handles, coordinators, masters)
  uint64_t inline_handles = 0;
  std::map<int, uint64_t> keyed_tags;   // keyed handle tag -> count
  std::map<int, uint64_t> stream_tags;  // stream handle tag -> count
  uint64_t operator_state_handles = 0;
  uint64_t channel_state_handles = 0;
  SnapshotProperties properties;
  bool changelog_1_14_layout = false;  // tags 8/9/10 read in Flink 1.14's layout
  size_t body_end = 0;                 // where the trailer starts (v4+), or the file size
  size_t size = 0;

  // From the trailer, else from the handles (a key-groups savepoint handle, tag 7, is only
  // written for canonical savepoints): "SAVEPOINT", "CHECKPOINT", or "" when the file does
  // not say.
  std::string Kind() const;
  // "CANONICAL", "NATIVE", or "".
  std::string Format() const;
  uint64_t FileBytes() const;  // sum of the known sizes of the referenced files
};

// Reads a whole _metadata. CORRUPT with "offset N: ..." when the bytes are not one (truncated,
// trailing bytes, bad counts); UNSUPPORTED_VERSION for a format version flowstate cannot read;
// CORRUPT naming the tag for a handle tag the format does not define.
Result<SnapshotMetadata> ReadMetadata(std::string_view bytes);

// Flink's operator id for a user-set uid: MurmurHash3 x64-128 with seed 0 over the uid's
// UTF-8 bytes, h1 then h2 little-endian, as 32 lower-case hex digits.
std::string OperatorIdFromUid(std::string_view uid);

// How a snapshot's operators match those a job expects (Flink's allowNonRestoredState cares
// about `extra`: state in the snapshot that no operator of the job would take).
struct OperatorMatch {
  enum class Kind : int { FLOWSTATE_ENUM_VALUES_MATCH_KIND(FLOWSTATE_ENUMERATOR) };
  Kind kind = Kind::kNone;
  std::vector<std::string> matched;  // expected ids found in the snapshot
  std::vector<std::string> missing;  // expected ids the snapshot lacks (they start empty)
  std::vector<std::string> extra;    // snapshot ids the job does not expect
};
constexpr int EnumTypeOf(OperatorMatch::Kind) { return enum_type::match_kind; }
const char* OperatorMatchKindName(OperatorMatch::Kind k);  // "all", "some", "none"
OperatorMatch MatchOperators(const std::vector<std::string>& expected_ids,
                             const SnapshotMetadata& metadata);

}  // namespace flowstate::core::storage

#endif  // FLOWSTATE_SRC_STORAGE_METADATA_READER_H_
