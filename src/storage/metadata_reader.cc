#include "storage/metadata_reader.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <mutex>

#include "absl/container/flat_hash_map.h"

#include "common/strings.h"
#include "storage/metadata_header.h"

namespace flowstate::core::storage {

std::string SnapshotMetadata::Kind() const {
  if (properties.present)
    return properties.type_class == "SavepointType" ? "SAVEPOINT" : "CHECKPOINT";
  auto it = keyed_tags.find(7);
  if (it != keyed_tags.end() && it->second > 0) return "SAVEPOINT";
  return "";
}

std::string SnapshotMetadata::Format() const {
  if (properties.present) return properties.format_type;
  auto it = keyed_tags.find(7);
  if (it != keyed_tags.end() && it->second > 0) return "CANONICAL";
  return "";
}

uint64_t SnapshotMetadata::FileBytes() const {
  uint64_t total = 0;
  for (const MetadataFile& f : files) {
    if (f.size > 0) total += static_cast<uint64_t>(f.size);
  }
  return total;
}

namespace {

constexpr uint32_t kMasterStateMagic = 0xC96B1696u;

// Trailers already walked, with what they say (a few distinct ones per Flink version).
class TrailerCache {
 public:
  static TrailerCache& Get() {
    static TrailerCache* cache = new TrailerCache();
    return *cache;
  }
  bool Find(std::string_view bytes, SnapshotProperties* out) {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [b, p] : entries_) {
      if (b == bytes) {
        *out = p;
        return true;
      }
    }
    return false;
  }
  void Add(std::string_view bytes, const SnapshotProperties& p) {
    if (bytes.size() > 4096) return;
    std::lock_guard<std::mutex> lock(mu_);
    if (entries_.size() >= 32) entries_.erase(entries_.begin());
    entries_.emplace_back(std::string(bytes), p);
  }

 private:
  std::mutex mu_;
  std::vector<std::pair<std::string, SnapshotProperties>> entries_;
};
constexpr int kMaxDepth = 32;

// Reads one _metadata. Errors are sticky: the first one wins and every read after it fails.
class Parser {
 public:
  Parser(std::string_view bytes, bool changelog_1_14) : b_(bytes), cl114_(changelog_1_14) {}

  Result<SnapshotMetadata> Run() {
    if (!Body() || !Trailer()) {
      return Status(unsupported_ ? Code::kUnsupportedVersion : Code::kCorrupt, error_);
    }
    m_.size = b_.size();
    for (int i = 0; i < 256; ++i) {
      if (stream_tags_[i] != 0) m_.stream_tags[i] = stream_tags_[i];
      if (keyed_tags_[i] != 0) m_.keyed_tags[static_cast<int8_t>(i)] = keyed_tags_[i];
    }
    m_.files.reserve(files_.size());
    for (MetadataFile& f : files_) m_.files.push_back(std::move(f));
    return std::move(m_);
  }

  bool saw_changelog() const { return saw_changelog_; }

 private:
  // ---- primitives --------------------------------------------------------------------
  bool Fail(std::string_view what) {
    if (error_.empty()) error_ = StrCat("offset ", pos_, ": ", what);
    return false;
  }
  bool Need(size_t n, std::string_view what) {
    if (!error_.empty()) return false;
    if (b_.size() - pos_ < n) return Fail(StrCat("end of file while reading ", what));
    return true;
  }
  bool U8(uint8_t* out, std::string_view what) {
    if (!Need(1, what)) return false;
    *out = static_cast<uint8_t>(b_[pos_++]);
    return true;
  }
  bool U16(uint16_t* out, std::string_view what) {
    if (!Need(2, what)) return false;
    *out = static_cast<uint16_t>((static_cast<uint8_t>(b_[pos_]) << 8) |
                                 static_cast<uint8_t>(b_[pos_ + 1]));
    pos_ += 2;
    return true;
  }
  bool I32(int32_t* out, std::string_view what) {
    if (!Need(4, what)) return false;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(b_[pos_ + i]);
    pos_ += 4;
    *out = static_cast<int32_t>(v);
    return true;
  }
  bool I64(int64_t* out, std::string_view what) {
    if (!Need(8, what)) return false;
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(b_[pos_ + i]);
    pos_ += 8;
    *out = static_cast<int64_t>(v);
    return true;
  }
  bool Skip(size_t n, std::string_view what) {
    if (!Need(n, what)) return false;
    pos_ += n;
    return true;
  }
  // A count that must be >= 0 and whose elements (each at least `min_each` bytes) fit in what
  // is left: nothing is ever allocated from a count before the bytes are known to be there.
  bool Count(int32_t* n, size_t min_each, std::string_view what) {
    size_t at = pos_;
    if (!I32(n, what)) return false;
    if (*n < 0) {
      pos_ = at;
      return Fail(StrCat("negative ", what, " (", *n, ")"));
    }
    if (min_each > 0 && static_cast<uint64_t>(*n) * min_each > b_.size() - pos_) {
      pos_ = at;
      return Fail(
          StrCat(what, " of ", *n, " cannot fit in the ", b_.size() - at - 4, " bytes left"));
    }
    return true;
  }

  // Java's readUTF: a u16 byte count and modified UTF-8, returned as UTF-8. `valid` is false
  // for a lone surrogate or a NUL (not a usable path).
  static bool PlainAscii(std::string_view s) {
    // Bytes 0x01..0x7F decode to themselves in modified UTF-8 (0x00 is legal but no path).
    // Eight bytes at a time: no high bit set, and no zero byte.
    constexpr uint64_t kHigh = 0x8080808080808080ULL, kLow = 0x0101010101010101ULL;
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if ((w & kHigh) != 0 || ((w - kLow) & ~w & kHigh) != 0) return false;
    }
    for (; i < s.size(); ++i) {
      if (static_cast<uint8_t>(s[i]) >= 0x80 || s[i] == '\0') return false;
    }
    return true;
  }

  // A string the reader checks but does not keep.
  bool SkipUtf(std::string_view what) {
    uint16_t len = 0;
    if (!U16(&len, what) || !Need(len, what)) return false;
    if (PlainAscii(b_.substr(pos_, len))) {
      pos_ += len;
      return true;
    }
    pos_ -= 2;
    std::string ignored;
    return Utf(&ignored, what);
  }

  bool Utf(std::string* out, std::string_view what, bool* valid = nullptr) {
    uint16_t len = 0;
    if (!U16(&len, what) || !Need(len, what)) return false;
    std::string_view s = b_.substr(pos_, len);
    size_t start = pos_;
    pos_ += len;
    if (PlainAscii(s)) {
      out->assign(s.data(), s.size());
      if (valid != nullptr) *valid = true;
      return true;
    }
    out->clear();
    out->reserve(len);
    bool ok = true;
    uint32_t pending_high = 0;  // a high surrogate waiting for its pair
    auto put = [&](uint32_t cp) {
      if (cp < 0x80) {
        *out += static_cast<char>(cp);
      } else if (cp < 0x800) {
        *out += static_cast<char>(0xC0 | (cp >> 6));
        *out += static_cast<char>(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        *out += static_cast<char>(0xE0 | (cp >> 12));
        *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        *out += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        *out += static_cast<char>(0xF0 | (cp >> 18));
        *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        *out += static_cast<char>(0x80 | (cp & 0x3F));
      }
    };
    auto unit = [&](uint32_t u) {
      if (pending_high != 0) {
        if (u >= 0xDC00 && u <= 0xDFFF) {
          put(0x10000 + ((pending_high - 0xD800) << 10) + (u - 0xDC00));
          pending_high = 0;
          return;
        }
        put(0xFFFD);  // a lone high surrogate
        ok = false;
        pending_high = 0;
      }
      if (u >= 0xD800 && u <= 0xDBFF) {
        pending_high = u;
      } else if (u >= 0xDC00 && u <= 0xDFFF) {
        put(0xFFFD);
        ok = false;
      } else {
        if (u == 0) ok = false;
        put(u);
      }
    };
    for (size_t i = 0; i < s.size();) {
      uint8_t c = static_cast<uint8_t>(s[i]);
      if (c < 0x80) {
        unit(c);
        i += 1;
      } else if ((c >> 5) == 0x6) {
        if (i + 1 >= s.size() || (static_cast<uint8_t>(s[i + 1]) & 0xC0) != 0x80) {
          pos_ = start + i;
          return Fail(StrCat("malformed modified UTF-8 in ", what));
        }
        unit(((c & 0x1Fu) << 6) | (static_cast<uint8_t>(s[i + 1]) & 0x3Fu));
        i += 2;
      } else if ((c >> 4) == 0xE) {
        if (i + 2 >= s.size() || (static_cast<uint8_t>(s[i + 1]) & 0xC0) != 0x80 ||
            (static_cast<uint8_t>(s[i + 2]) & 0xC0) != 0x80) {
          pos_ = start + i;
          return Fail(StrCat("malformed modified UTF-8 in ", what));
        }
        unit(((c & 0x0Fu) << 12) | ((static_cast<uint8_t>(s[i + 1]) & 0x3Fu) << 6) |
             (static_cast<uint8_t>(s[i + 2]) & 0x3Fu));
        i += 3;
      } else {
        pos_ = start + i;
        return Fail(StrCat("malformed modified UTF-8 in ", what));
      }
    }
    if (pending_high != 0) {
      put(0xFFFD);
      ok = false;
    }
    if (valid != nullptr) *valid = ok;
    return true;
  }

  // ---- structure ---------------------------------------------------------------------
  bool Body() {
    int32_t magic = 0, version = 0;
    if (!I32(&magic, "the magic number")) return false;
    if (static_cast<uint32_t>(magic) != kMetadataMagic) {
      pos_ = 0;
      return Fail("wrong magic number: not a Flink _metadata file");
    }
    if (!I32(&version, "the format version")) return false;
    if (version < kOldestWrittenFormat || version > kNewestFormat) {
      pos_ = 4;
      unsupported_ = true;
      return Fail(version == 1 ? std::string("format version 1 (Flink 1.2) is no longer readable")
                               : StrCat("unknown format version ", version));
    }
    m_.version = version;
    if (!I64(&m_.checkpoint_id, "the checkpoint id")) return false;
    if (m_.checkpoint_id < 0) {
      pos_ = 8;
      return Fail("negative checkpoint id");
    }
    int32_t masters = 0;
    if (!Count(&masters, 8, "master states")) return false;
    for (int32_t i = 0; i < masters; ++i) {
      if (!MasterState()) return false;
    }
    m_.master_states = static_cast<uint32_t>(masters);
    int32_t operators = 0;
    if (!Count(&operators, 20, "operator states")) return false;
    m_.operators.reserve(static_cast<size_t>(operators));
    for (int32_t i = 0; i < operators; ++i) {
      if (!Operator()) return false;
    }
    m_.body_end = pos_;
    return true;
  }

  bool MasterState() {
    int32_t magic = 0, len = 0;
    if (!I32(&magic, "a master state's magic number")) return false;
    if (static_cast<uint32_t>(magic) != kMasterStateMagic) {
      pos_ -= 4;
      return Fail("wrong master state magic number");
    }
    if (!I32(&len, "a master state's length")) return false;
    if (len <= 0) {
      pos_ -= 4;
      return Fail(StrCat("master state length ", len, " is not positive"));
    }
    if (!Need(static_cast<size_t>(len), "a master state")) return false;
    const size_t end = pos_ + static_cast<size_t>(len);
    int32_t hook_version = 0, payload = 0;
    std::string name;
    if (!I32(&hook_version, "a master hook's version") || !Utf(&name, "a master hook's name") ||
        !Count(&payload, 1, "a master state's payload length") ||
        !Skip(static_cast<size_t>(payload), "a master state's payload")) {
      return false;
    }
    if (pos_ != end) {
      return Fail(pos_ < end ? "trailing bytes in a master state"
                             : "a master state overruns its length");
    }
    m_.inline_bytes += static_cast<uint64_t>(payload);
    return true;
  }

  bool Operator() {
    MetadataOperator op;
    if (m_.version >= 5) {
      if (!Utf(&op.name, "an operator's name") || !Utf(&op.uid, "an operator's uid")) return false;
    }
    if (!Need(16, "an operator id")) return false;
    static const char kHex[] = "0123456789abcdef";
    op.id.reserve(32);
    for (size_t i = 0; i < 16; ++i) {
      uint8_t c = static_cast<uint8_t>(b_[pos_ + i]);
      op.id += kHex[c >> 4];
      op.id += kHex[c & 15];
    }
    pos_ += 16;
    if (!I32(&op.parallelism, "an operator's parallelism") ||
        !I32(&op.max_parallelism, "an operator's max parallelism")) {
      return false;
    }
    current_ = &op;
    bool coordinator = false;
    if (m_.version == 2) {
      int32_t chain_length = 0;
      if (!I32(&chain_length, "a legacy chain length")) return false;
    } else {
      uint64_t before = m_.inline_bytes;
      uint8_t tag = 0;
      if (!Need(1, "the coordinator state")) return false;
      tag = static_cast<uint8_t>(b_[pos_]);
      if (tag != 0 && tag != 1) {
        return Fail(StrCat("coordinator state has handle tag ", tag,
                           "; only inline state (1) or none (0) is written"));
      }
      if (!StreamHandle(0, "the coordinator state")) return false;
      coordinator = tag == 1;
      op.coordinator_bytes = m_.inline_bytes - before;
      op.inline_bytes -= op.coordinator_bytes;  // counted apart from the subtasks' state
    }
    int32_t subtasks = 0;
    size_t at = pos_;
    if (!I32(&subtasks, "the number of subtask states")) return false;
    if (subtasks < 0) {
      if (m_.version == 2) {
        pos_ = at;
        return Fail("negative number of subtask states");
      }
      if (coordinator) {
        pos_ = at;
        return Fail("a fully finished operator with coordinator state");
      }
      op.fully_finished = true;
    } else {
      if (static_cast<uint64_t>(subtasks) * 4 > b_.size() - pos_) {
        pos_ = at;
        return Fail(StrCat("subtask states of ", subtasks, " cannot fit in the bytes left"));
      }
      for (int32_t i = 0; i < subtasks; ++i) {
        int32_t index = 0;
        if (!I32(&index, "a subtask index")) return false;
        if (index < 0) {
          if (m_.version == 2) return Fail("negative subtask index");
          ++op.finished_subtasks;
          continue;
        }
        if (!SubtaskState()) return false;
        ++op.subtask_states;
      }
    }
    current_ = nullptr;
    m_.operators.push_back(std::move(op));
    return true;
  }

  bool SubtaskState() {
    if (m_.version == 2) {
      int64_t duration = 0;
      int32_t legacy = 0;
      if (!I64(&duration, "a legacy duration") || !I32(&legacy, "a legacy task state count")) {
        return false;
      }
      if (legacy != 0) {
        pos_ -= 4;
        return Fail("legacy task state (Flink 1.1 or older) cannot be restored");
      }
    }
    for (const char* which : {"managed operator state", "raw operator state"}) {
      int32_t has = 0;
      if (!I32(&has, which)) return false;
      if (has != 0 && !OperatorHandle()) return false;
    }
    if (!KeyedHandle(0) || !KeyedHandle(0)) return false;
    if (m_.version >= 3) {
      for (bool input : {true, false}) {
        int32_t n = 0;
        if (!Count(&n, 1, input ? "input channel states" : "result subpartition states")) {
          return false;
        }
        for (int32_t i = 0; i < n; ++i) {
          if (!ChannelHandle(input)) return false;
        }
      }
    }
    return true;
  }

  // ---- handles -----------------------------------------------------------------------
  void AddFile(MetadataFile f) {
    auto& index = file_index_[static_cast<int>(f.form)];
    if (index.empty()) {
      // A file handle takes about a hundred bytes: size the index once for what may come.
      index.reserve(std::min<size_t>((b_.size() - pos_) / 128 + 16, size_t{1} << 20));
    }
    auto it = index.find(AV(f.path));
    if (it != index.end()) {
      MetadataFile& old = files_[it->second];
      ++old.references;
      if (f.form == MetadataFile::Form::kSegment) {
        // One physical file holds several segments: it must reach the furthest end.
        old.size = std::max(old.segment_start + old.size, f.segment_start + f.size);
        old.segment_start = 0;
      }
      return;
    }
    files_.push_back(std::move(f));
    // The deque never moves its elements: the view stays valid.
    index.emplace(AV(files_.back().path), files_.size() - 1);
  }

  bool Depth(int depth) {
    if (depth > kMaxDepth) return Fail(StrCat("state handles nested deeper than ", kMaxDepth));
    return true;
  }

  bool KeyGroupOffsets(std::string_view what) {
    int32_t start = 0, n = 0;
    if (!I32(&start, what)) return false;
    if (!Count(&n, 8, "key-group offsets")) return false;
    return Skip(static_cast<size_t>(n) * 8, "key-group offsets");
  }

  bool StreamHandle(int depth, std::string_view what) {
    if (!Depth(depth)) return false;
    uint8_t tag = 0;
    if (!U8(&tag, what)) return false;
    ++stream_tags_[tag];
    switch (tag) {
      case 0:
        return true;
      case 1: {  // inline bytes
        std::string name;
        int32_t len = 0;
        if (!SkipUtf("an inline handle's name") || !Count(&len, 1, "an inline handle's length") ||
            !Skip(static_cast<size_t>(len), "inline state")) {
          return false;
        }
        m_.inline_bytes += static_cast<uint64_t>(len);
        ++m_.inline_handles;
        if (current_ != nullptr) current_->inline_bytes += static_cast<uint64_t>(len);
        return true;
      }
      case 2: {  // absolute file
        MetadataFile f;
        f.form = MetadataFile::Form::kAbsolute;
        f.tag = 2;
        if (!I64(&f.size, "a file's size") || !Utf(&f.path, "a file's path", &f.valid_path)) {
          return false;
        }
        if (f.size < -1) return Fail(StrCat("file size ", f.size, " is negative"));
        if (current_ != nullptr) ++current_->file_handles;
        AddFile(std::move(f));
        return true;
      }
      case 6: {  // relative file
        MetadataFile f;
        f.form = MetadataFile::Form::kRelative;
        f.tag = 6;
        if (!Utf(&f.path, "a relative file name", &f.valid_path) ||
            !I64(&f.size, "a file's size")) {
          return false;
        }
        if (f.size < -1) return Fail(StrCat("file size ", f.size, " is negative"));
        if (f.path.empty() || f.path.find('/') != std::string::npos || f.path == "." ||
            f.path == "..") {
          f.valid_path = false;
        }
        if (current_ != nullptr) ++current_->file_handles;
        AddFile(std::move(f));
        return true;
      }
      case 3:  // key groups around a nested stream handle
        return KeyGroupOffsets("a key-group range") &&
               StreamHandle(depth + 1, "a nested stream handle");
      case 15: {  // a segment of a merged file
        MetadataFile f;
        f.form = MetadataFile::Form::kSegment;
        f.tag = 15;
        int32_t scope = 0;
        std::string logical;
        if (!I64(&f.segment_start, "a segment's start") || !I64(&f.size, "a segment's size") ||
            !I32(&scope, "a segment's scope") ||
            !Utf(&f.path, "a segment's physical path", &f.valid_path) ||
            !SkipUtf("a segment's logical file id")) {
          return false;
        }
        if (scope != 0 && scope != 1) return Fail(StrCat("unknown segment scope ", scope));
        if (f.segment_start < 0 || f.size < 0 || f.segment_start > INT64_MAX - f.size) {
          return Fail("a segment's range is negative or overflows");
        }
        f.shared_scope = scope == 1;
        if (current_ != nullptr) ++current_->file_handles;
        AddFile(std::move(f));
        return true;
      }
      case 16:  // an empty segment
        return true;
      default:
        pos_ -= 1;
        return Fail(StrCat("unknown stream state handle tag ", tag, " in ", what));
    }
  }

  bool SharedList(int depth, std::string_view what) {
    int32_t n = 0;
    if (!Count(&n, 3, what)) return false;
    for (int32_t i = 0; i < n; ++i) {
      std::string key;
      if (!SkipUtf("a state file's local name") || !StreamHandle(depth, what)) return false;
    }
    return true;
  }

  bool KeyedHandle(int depth) {
    if (!Depth(depth)) return false;
    uint8_t raw = 0;
    if (!U8(&raw, "a keyed state handle")) return false;
    const int tag = static_cast<int8_t>(raw);
    ++keyed_tags_[raw];
    std::string s;
    int64_t v = 0;
    int32_t n = 0;
    switch (tag) {
      case 0:
        return true;
      case 3:
      case 7:
      case 12:
        if (!KeyGroupOffsets("a key-group range") || !StreamHandle(depth + 1, "key-group state")) {
          return false;
        }
        return tag != 12 || SkipUtf("a state handle id");
      case 5:
      case 11:
        if (!I64(&v, "a checkpoint id") || !SkipUtf("a backend id") ||
            !I32(&n, "a key-group start") || !I32(&n, "a key-group count")) {
          return false;
        }
        if (tag == 11 && !I64(&v, "a checkpointed size")) return false;
        if (!StreamHandle(depth + 1, "RocksDB meta state") ||
            !SharedList(depth + 1, "shared state files") ||
            !SharedList(depth + 1, "private state files")) {
          return false;
        }
        return tag != 11 || SkipUtf("a state handle id");
      case 8:
      case 14: {
        saw_changelog_ = true;
        if (!I32(&n, "a key-group start") || !I32(&n, "a key-group count")) return false;
        if (!cl114_ && !I64(&v, "a checkpointed size")) return false;
        for (const char* list : {"materialized state handles", "non-materialized state handles"}) {
          int32_t count = 0;
          if (!Count(&count, 1, list)) return false;
          for (int32_t i = 0; i < count; ++i) {
            if (!KeyedHandle(depth + 1)) return false;
          }
        }
        if (cl114_) return tag == 8 || Fail("changelog handle tag 14 in Flink 1.14's layout");
        if (!I64(&v, "a materialization id")) return false;
        if (tag == 14 && !I64(&v, "a checkpoint id")) return false;
        return SkipUtf("a state handle id");
      }
      case 9: {
        saw_changelog_ = true;
        if (!I32(&n, "a key-group start") || !I32(&n, "a key-group count") ||
            !I64(&v, "a sequence number") || !I64(&v, "a sequence number")) {
          return false;
        }
        int32_t changes = 0;
        if (!Count(&changes, 8, "in-memory changes")) return false;
        for (int32_t i = 0; i < changes; ++i) {
          int32_t len = 0;
          if (!I32(&n, "a change's key group") || !Count(&len, 1, "a change's length") ||
              !Skip(static_cast<size_t>(len), "a change")) {
            return false;
          }
          m_.inline_bytes += static_cast<uint64_t>(len);
        }
        return cl114_ || SkipUtf("a state handle id");
      }
      case 10:
      case 13: {
        saw_changelog_ = true;
        if (!I32(&n, "a key-group start") || !I32(&n, "a key-group count")) return false;
        int32_t parts = 0;
        if (!Count(&parts, 9, "changelog parts")) return false;
        for (int32_t i = 0; i < parts; ++i) {
          if (!I64(&v, "a changelog offset") || !StreamHandle(depth + 1, "changelog state")) {
            return false;
          }
        }
        if (!I64(&v, "a changelog size")) return false;
        if (cl114_) return tag == 10 || Fail("changelog handle tag 13 in Flink 1.14's layout");
        if (!I64(&v, "a checkpointed size") || !SkipUtf("a state handle id")) return false;
        return tag != 13 || SkipUtf("a storage identifier");
      }
      default:
        pos_ -= 1;
        return Fail(StrCat("unknown keyed state handle tag ", tag));
    }
  }

  bool OperatorHandle() {
    uint8_t raw = 0;
    if (!U8(&raw, "an operator state handle")) return false;
    const int tag = static_cast<int8_t>(raw);
    if (tag == 0) return true;
    if (tag != 4 && tag != 17) {
      pos_ -= 1;
      return Fail(StrCat("unknown operator state handle tag ", tag));
    }
    ++m_.operator_state_handles;
    int32_t states = 0;
    if (!Count(&states, 7, "operator state entries")) return false;
    for (int32_t i = 0; i < states; ++i) {
      std::string name;
      uint8_t mode = 0;
      int32_t offsets = 0;
      if (!SkipUtf("an operator state's name") || !U8(&mode, "an operator state's mode")) {
        return false;
      }
      if (mode > 2) {
        pos_ -= 1;
        return Fail(StrCat("unknown operator state distribution mode ", static_cast<int>(mode)));
      }
      if (!Count(&offsets, 8, "operator state offsets") ||
          !Skip(static_cast<size_t>(offsets) * 8, "operator state offsets")) {
        return false;
      }
    }
    if (tag == 17) {
      std::string dir;
      uint8_t empty = 0;
      if (!SkipUtf("a task-owned directory") || !SkipUtf("a shared directory") ||
          !U8(&empty, "the empty flag")) {
        return false;
      }
      if (!Need(1, "a file-merging stream handle")) return false;
      uint8_t next = static_cast<uint8_t>(b_[pos_]);
      if (next != 15 && next != 16) {
        return Fail(StrCat("a file-merging operator state holds stream handle tag ",
                           static_cast<int>(next), "; expected a segment (15 or 16)"));
      }
    }
    return StreamHandle(1, "operator state");
  }

  bool ChannelHandle(bool input) {
    ++m_.channel_state_handles;
    int kind = input ? 1 : 2;
    if (m_.version >= 6) {
      uint8_t k = 0;
      if (!U8(&k, "a channel state kind")) return false;
      kind = k;
      const bool ok = input ? (kind == 1 || kind == 3) : (kind == 2 || kind == 4);
      if (!ok) {
        pos_ -= 1;
        return Fail(StrCat("channel state kind ", kind, " in the ",
                           input ? "input channel" : "result subpartition", " list"));
      }
    }
    int32_t n = 0;
    int64_t v = 0;
    if (kind == 3 || kind == 4) {
      int32_t len = 0;
      return I32(&n, "a subtask index") && I64(&v, "a state size") &&
             StreamHandle(1, "merged channel state") && Count(&len, 1, "channel offsets") &&
             Skip(static_cast<size_t>(len), "channel offsets");
    }
    int32_t offsets = 0;
    return I32(&n, "a subtask index") && I32(&n, "a gate or partition index") &&
           I32(&n, "a channel index") && Count(&offsets, 8, "channel state offsets") &&
           Skip(static_cast<size_t>(offsets) * 8, "channel state offsets") &&
           I64(&v, "a state size") && StreamHandle(1, "channel state");
  }

  // ---- the v4+ trailer: one Java-serialized object -----------------------------------
  struct JField {
    char type;
    std::string name;
  };
  struct JClass {
    std::string name;
    uint8_t flags = 0;
    std::vector<JField> fields;
    int super = -1;  // index into classes_
  };
  struct JValue {
    enum Kind { kNone, kNull, kPrimitive, kString, kEnum, kObject } kind = kNone;
    bool boolean = false;
    std::string text;  // string or enum constant
    int object = -1;   // index into objects_
  };
  struct JObject {
    int cls = -1;
    std::vector<std::pair<std::string, JValue>> fields;
  };
  struct JHandle {
    enum Kind { kClass, kString, kEnum, kObject, kArray, kClassObject } kind;
    int index = -1;  // classes_ or objects_ index
    std::string text;
  };

  bool Trailer() {
    if (m_.version < 4) {
      if (pos_ != b_.size())
        return Fail(StrCat(b_.size() - pos_, " bytes after the end of the snapshot"));
      return true;
    }
    // Flink writes the same few properties objects over and over: a trailer byte-equal to one
    // read before has the same meaning.
    const std::string_view rest = b_.substr(pos_);
    if (TrailerCache::Get().Find(rest, &m_.properties)) {
      pos_ = b_.size();
      return true;
    }
    if (!WalkTrailer()) return false;
    TrailerCache::Get().Add(rest, m_.properties);
    return true;
  }

  bool WalkTrailer() {
    if (!Need(4, "the properties stream header")) return false;
    if (b_.substr(pos_, 4) != std::string_view("\xAC\xED\x00\x05", 4)) {
      return Fail("the properties stream does not start with AC ED 00 05");
    }
    pos_ += 4;
    JValue top;
    if (!JContent(0, &top)) return false;
    if (pos_ != b_.size()) {
      return Fail(StrCat(b_.size() - pos_, " bytes after the end of the properties"));
    }
    return Properties(top);
  }

  bool JNewHandle(JHandle h) {
    if (handles_.size() >= 4096) return Fail("too many objects in the properties stream");
    handles_.push_back(std::move(h));
    return true;
  }

  // classDesc: TC_CLASSDESC, TC_PROXYCLASSDESC, TC_NULL or TC_REFERENCE.
  bool JClassDesc(int depth, int* out) {
    if (!Depth(depth)) return false;
    uint8_t tc = 0;
    if (!U8(&tc, "a class descriptor")) return false;
    if (tc == 0x70) {
      *out = -1;
      return true;
    }
    if (tc == 0x71) {
      int32_t h = 0;
      if (!I32(&h, "a reference")) return false;
      size_t i = static_cast<uint32_t>(h) - 0x7E0000u;
      if (h < 0x7E0000 || i >= handles_.size() || handles_[i].kind != JHandle::kClass) {
        return Fail("a reference to something that is not a class descriptor");
      }
      *out = handles_[i].index;
      return true;
    }
    if (tc != 0x72)
      return Fail(StrCat("unexpected type code 0x", absl::Hex(tc), " for a class descriptor"));
    JClass c;
    int64_t suid = 0;
    if (!Utf(&c.name, "a class name") || !I64(&suid, "a serialVersionUID")) return false;
    const int index = static_cast<int>(classes_.size());
    classes_.emplace_back();
    if (!JNewHandle({JHandle::kClass, index, ""})) return false;
    uint16_t count = 0;
    if (!U8(&c.flags, "class flags") || !U16(&count, "a field count")) return false;
    if (static_cast<size_t>(count) * 3 > b_.size() - pos_) return Fail("field count cannot fit");
    for (uint16_t i = 0; i < count; ++i) {
      JField f;
      uint8_t type = 0;
      if (!U8(&type, "a field type") || !Utf(&f.name, "a field name")) return false;
      f.type = static_cast<char>(type);
      if (std::strchr("BCDFIJSZ", f.type) == nullptr && f.type != 'L' && f.type != '[') {
        return Fail(StrCat("unknown field type '", std::string(1, f.type), "'"));
      }
      if (f.type == 'L' || f.type == '[') {
        JValue type_name;
        if (!JContent(depth + 1, &type_name)) return false;
        if (type_name.kind != JValue::kString) return Fail("a field's class name is not a string");
      }
      c.fields.push_back(std::move(f));
    }
    if (!JAnnotation(depth + 1)) return false;
    int super = -1;
    if (!JClassDesc(depth + 1, &super)) return false;
    c.super = super;
    classes_[static_cast<size_t>(index)] = std::move(c);
    *out = index;
    return true;
  }

  // Contents up to TC_ENDBLOCKDATA (class and object annotations).
  bool JAnnotation(int depth) {
    for (;;) {
      if (!Need(1, "an annotation")) return false;
      if (static_cast<uint8_t>(b_[pos_]) == 0x78) {
        ++pos_;
        return true;
      }
      JValue ignored;
      if (!JContent(depth + 1, &ignored)) return false;
    }
  }

  bool JPrimitive(char type, JValue* out) {
    static const std::string_view kSizes = "B1C2D8F4I4J8S2Z1";
    size_t size = kSizes[kSizes.find(type) + 1] - '0';
    if (!Need(size, "a field value")) return false;
    out->kind = JValue::kPrimitive;
    out->boolean = b_[pos_] != 0;
    pos_ += size;
    return true;
  }

  bool JContent(int depth, JValue* out) {
    if (!Depth(depth)) return false;
    uint8_t tc = 0;
    if (!U8(&tc, "an object in the properties")) return false;
    switch (tc) {
      case 0x70:  // TC_NULL
        out->kind = JValue::kNull;
        return true;
      case 0x71: {  // TC_REFERENCE
        int32_t h = 0;
        if (!I32(&h, "a reference")) return false;
        size_t i = static_cast<uint32_t>(h) - 0x7E0000u;
        if (h < 0x7E0000 || i >= handles_.size()) return Fail("a reference to nothing");
        const JHandle& r = handles_[i];
        if (r.kind == JHandle::kString) {
          out->kind = JValue::kString;
          out->text = r.text;
        } else if (r.kind == JHandle::kEnum) {
          out->kind = JValue::kEnum;
          out->text = r.text;
        } else if (r.kind == JHandle::kObject) {
          out->kind = JValue::kObject;
          out->object = r.index;
        } else {
          out->kind = JValue::kNone;
        }
        return true;
      }
      case 0x74: {  // TC_STRING
        std::string s;
        if (!Utf(&s, "a string")) return false;
        out->kind = JValue::kString;
        out->text = s;
        return JNewHandle({JHandle::kString, -1, std::move(s)});
      }
      case 0x7C: {  // TC_LONGSTRING
        int64_t len = 0;
        if (!I64(&len, "a long string's length")) return false;
        if (len < 0 || static_cast<uint64_t>(len) > b_.size() - pos_) {
          return Fail("a long string's length does not fit");
        }
        out->kind = JValue::kString;
        out->text = std::string(b_.substr(pos_, static_cast<size_t>(len)));
        pos_ += static_cast<size_t>(len);
        return JNewHandle({JHandle::kString, -1, out->text});
      }
      case 0x7E: {  // TC_ENUM
        int cls = -1;
        if (!JClassDesc(depth + 1, &cls)) return false;
        size_t slot = handles_.size();
        if (!JNewHandle({JHandle::kEnum, cls, ""})) return false;
        JValue name;
        if (!JContent(depth + 1, &name)) return false;
        if (name.kind != JValue::kString) return Fail("an enum constant's name is not a string");
        handles_[slot].text = name.text;
        out->kind = JValue::kEnum;
        out->text = name.text;
        return true;
      }
      case 0x73: {  // TC_OBJECT
        int cls = -1;
        if (!JClassDesc(depth + 1, &cls)) return false;
        if (cls < 0) return Fail("an object without a class");
        const int index = static_cast<int>(objects_.size());
        objects_.push_back(JObject{cls, {}});
        if (!JNewHandle({JHandle::kObject, index, ""})) return false;
        // Class data from the topmost superclass down.
        std::vector<int> chain;
        for (int c = cls; c >= 0; c = classes_[static_cast<size_t>(c)].super) {
          if (chain.size() > 64) return Fail("a class hierarchy too deep");
          chain.push_back(c);
        }
        for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
          const JClass& klass = classes_[static_cast<size_t>(*it)];
          if ((klass.flags & 0x04) != 0) {  // SC_EXTERNALIZABLE
            if ((klass.flags & 0x08) == 0) return Fail("externalizable data without block mode");
            if (!JAnnotation(depth + 1)) return false;
            continue;
          }
          for (const JField& f : klass.fields) {
            JValue v;
            if (f.type == 'L' || f.type == '[') {
              if (!JContent(depth + 1, &v)) return false;
            } else if (!JPrimitive(f.type, &v)) {
              return false;
            }
            objects_[static_cast<size_t>(index)].fields.emplace_back(f.name, std::move(v));
          }
          if ((klass.flags & 0x01) != 0 && !JAnnotation(depth + 1))
            return false;  // SC_WRITE_METHOD
        }
        out->kind = JValue::kObject;
        out->object = index;
        return true;
      }
      case 0x75: {  // TC_ARRAY
        int cls = -1;
        if (!JClassDesc(depth + 1, &cls)) return false;
        if (cls < 0) return Fail("an array without a class");
        if (!JNewHandle({JHandle::kArray, -1, ""})) return false;
        int32_t n = 0;
        if (!Count(&n, 1, "array elements")) return false;
        const std::string& name = classes_[static_cast<size_t>(cls)].name;
        char element = name.size() >= 2 ? name[1] : 'L';
        for (int32_t i = 0; i < n; ++i) {
          JValue v;
          if (element == 'L' || element == '[') {
            if (!JContent(depth + 1, &v)) return false;
          } else if (std::strchr("BCDFIJSZ", element) != nullptr) {
            if (!JPrimitive(element, &v)) return false;
          } else {
            return Fail("an array of an unknown element type");
          }
        }
        out->kind = JValue::kNone;
        return true;
      }
      case 0x76: {  // TC_CLASS
        int cls = -1;
        if (!JClassDesc(depth + 1, &cls)) return false;
        out->kind = JValue::kNone;
        return JNewHandle({JHandle::kClassObject, cls, ""});
      }
      case 0x77: {  // TC_BLOCKDATA
        uint8_t n = 0;
        return U8(&n, "a block's length") && Skip(n, "block data");
      }
      case 0x7A: {  // TC_BLOCKDATALONG
        int32_t n = 0;
        return Count(&n, 1, "a long block's length") && Skip(static_cast<size_t>(n), "block data");
      }
      case 0x72:
      case 0x7D: {  // a class descriptor as content
        pos_ -= 1;
        int cls = -1;
        out->kind = JValue::kNone;
        return JClassDesc(depth + 1, &cls);
      }
      default:
        pos_ -= 1;
        return Fail(StrCat("unsupported type code 0x", absl::Hex(tc), " in the properties"));
    }
  }

  static std::string ShortName(const std::string& cls) {
    size_t dot = cls.find_last_of('.');
    return dot == std::string::npos ? cls : cls.substr(dot + 1);
  }

  bool Properties(const JValue& top) {
    if (top.kind != JValue::kObject) return Fail("the properties stream holds no object");
    const JObject& o = objects_[static_cast<size_t>(top.object)];
    const std::string cls = classes_[static_cast<size_t>(o.cls)].name;
    if (ShortName(cls) != "CheckpointProperties") {
      return Fail(StrCat("the properties stream holds ", cls, ", not CheckpointProperties"));
    }
    SnapshotProperties& p = m_.properties;
    p.present = true;
    for (const auto& [name, v] : o.fields) {
      if (name == "forced") p.forced = v.boolean;
      if (name == "unclaimed") p.unclaimed = v.boolean;
      if (name == "discardSubsumed") p.discard_subsumed = v.boolean;
      if (name == "discardFinished") p.discard_finished = v.boolean;
      if (name == "discardCancelled") p.discard_cancelled = v.boolean;
      if (name == "discardFailed") p.discard_failed = v.boolean;
      if (name == "discardSuspended") p.discard_suspended = v.boolean;
      if (name == "checkpointType" && v.kind == JValue::kObject) {
        const JObject& t = objects_[static_cast<size_t>(v.object)];
        p.type_class = ShortName(classes_[static_cast<size_t>(t.cls)].name);
        for (const auto& [tn, tv] : t.fields) {
          if (tn == "name") p.type_name = tv.text;
          if (tn == "formatType") p.format_type = tv.text;
          if (tn == "postCheckpointAction") p.post_checkpoint_action = tv.text;
          if (tn == "sharingFilesStrategy") p.sharing_files_strategy = tv.text;
        }
      }
    }
    if (p.type_class != "CheckpointType" && p.type_class != "SavepointType") {
      return Fail("CheckpointProperties without a checkpoint or savepoint type");
    }
    return true;
  }

  std::string_view b_;
  size_t pos_ = 0;
  bool cl114_ = false;
  bool saw_changelog_ = false;
  bool unsupported_ = false;
  std::string error_;
  SnapshotMetadata m_;
  MetadataOperator* current_ = nullptr;
  std::deque<MetadataFile> files_;  // deduplicated, in first-seen order
  // File paths are long and mostly differ in their last bytes (UUIDs): hash those.
  struct TailHash {
    size_t operator()(absl::string_view s) const {
      uint64_t a = 0, b = 0;
      const size_t n = s.size();
      if (n >= 16) {
        std::memcpy(&a, s.data() + n - 16, 8);
        std::memcpy(&b, s.data() + n - 8, 8);
      } else {
        std::memcpy(&a, s.data(), std::min<size_t>(n, 8));
        if (n > 8) std::memcpy(&b, s.data() + 8, n - 8);
      }
      uint64_t h = a * 0x9E3779B97F4A7C15ULL + ((b << 31) | (b >> 33)) * 0xC2B2AE3D27D4EB4FULL + n;
      h ^= h >> 33;
      h *= 0xff51afd7ed558ccdULL;
      h ^= h >> 33;
      return static_cast<size_t>(h);
    }
  };
  absl::flat_hash_map<absl::string_view, size_t, TailHash> file_index_[3];  // per form
  uint64_t stream_tags_[256] = {};
  uint64_t keyed_tags_[256] = {};
  std::deque<JClass> classes_;  // stable references while nested reads add more
  std::vector<JObject> objects_;
  std::vector<JHandle> handles_;
};

}  // namespace

Result<SnapshotMetadata> ReadMetadata(std::string_view bytes) {
  Parser first(bytes, false);
  Result<SnapshotMetadata> out = first.Run();
  if (out.ok() || !first.saw_changelog()) return out;
  // Tags 8, 9 and 10 changed layout between Flink 1.14 and 1.15 under the same format
  // version: a v3 file that fails in the newer layout is read again in the older one.
  if (bytes.size() >= 8 && static_cast<uint8_t>(bytes[7]) == 3) {
    Parser second(bytes, true);
    Result<SnapshotMetadata> retry = second.Run();
    if (retry.ok()) {
      retry->changelog_1_14_layout = true;
      return retry;
    }
  }
  return out;
}

// ---- operator ids ----------------------------------------------------------------------

namespace {

inline uint64_t Rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
inline uint64_t Fmix(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}
inline uint64_t LoadLE(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

std::string OperatorIdFromUid(std::string_view uid) {
  const auto* data = reinterpret_cast<const unsigned char*>(uid.data());
  const size_t len = uid.size();
  const size_t blocks = len / 16;
  uint64_t h1 = 0, h2 = 0;
  const uint64_t c1 = 0x87c37b91114253d5ULL, c2 = 0x4cf5ad432745937fULL;
  for (size_t i = 0; i < blocks; ++i) {
    uint64_t k1 = LoadLE(data + i * 16), k2 = LoadLE(data + i * 16 + 8);
    k1 *= c1;
    k1 = Rotl(k1, 31);
    k1 *= c2;
    h1 ^= k1;
    h1 = Rotl(h1, 27);
    h1 += h2;
    h1 = h1 * 5 + 0x52dce729;
    k2 *= c2;
    k2 = Rotl(k2, 33);
    k2 *= c1;
    h2 ^= k2;
    h2 = Rotl(h2, 31);
    h2 += h1;
    h2 = h2 * 5 + 0x38495ab5;
  }
  const unsigned char* tail = data + blocks * 16;
  uint64_t k1 = 0, k2 = 0;
  switch (len & 15) {
    case 15:
      k2 ^= static_cast<uint64_t>(tail[14]) << 48;
      [[fallthrough]];
    case 14:
      k2 ^= static_cast<uint64_t>(tail[13]) << 40;
      [[fallthrough]];
    case 13:
      k2 ^= static_cast<uint64_t>(tail[12]) << 32;
      [[fallthrough]];
    case 12:
      k2 ^= static_cast<uint64_t>(tail[11]) << 24;
      [[fallthrough]];
    case 11:
      k2 ^= static_cast<uint64_t>(tail[10]) << 16;
      [[fallthrough]];
    case 10:
      k2 ^= static_cast<uint64_t>(tail[9]) << 8;
      [[fallthrough]];
    case 9:
      k2 ^= static_cast<uint64_t>(tail[8]);
      k2 *= c2;
      k2 = Rotl(k2, 33);
      k2 *= c1;
      h2 ^= k2;
      [[fallthrough]];
    case 8:
      k1 ^= static_cast<uint64_t>(tail[7]) << 56;
      [[fallthrough]];
    case 7:
      k1 ^= static_cast<uint64_t>(tail[6]) << 48;
      [[fallthrough]];
    case 6:
      k1 ^= static_cast<uint64_t>(tail[5]) << 40;
      [[fallthrough]];
    case 5:
      k1 ^= static_cast<uint64_t>(tail[4]) << 32;
      [[fallthrough]];
    case 4:
      k1 ^= static_cast<uint64_t>(tail[3]) << 24;
      [[fallthrough]];
    case 3:
      k1 ^= static_cast<uint64_t>(tail[2]) << 16;
      [[fallthrough]];
    case 2:
      k1 ^= static_cast<uint64_t>(tail[1]) << 8;
      [[fallthrough]];
    case 1:
      k1 ^= static_cast<uint64_t>(tail[0]);
      k1 *= c1;
      k1 = Rotl(k1, 31);
      k1 *= c2;
      h1 ^= k1;
      break;
    default:
      break;
  }
  h1 ^= len;
  h2 ^= len;
  h1 += h2;
  h2 += h1;
  h1 = Fmix(h1);
  h2 = Fmix(h2);
  h1 += h2;
  h2 += h1;
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(32);
  for (uint64_t h : {h1, h2}) {
    for (int i = 0; i < 8; ++i) {
      uint8_t byte = static_cast<uint8_t>(h >> (8 * i));
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

const char* OperatorMatchKindName(OperatorMatch::Kind k) {
  const char* name = NameOf(k);
  return name != nullptr ? name : "none";
}

OperatorMatch MatchOperators(const std::vector<std::string>& expected_ids,
                             const SnapshotMetadata& metadata) {
  OperatorMatch out;
  std::vector<std::string> have;
  for (const MetadataOperator& op : metadata.operators) have.push_back(op.id);
  std::sort(have.begin(), have.end());
  have.erase(std::unique(have.begin(), have.end()), have.end());
  std::vector<std::string> want;
  for (const std::string& id : expected_ids) want.push_back(AsciiLower(id));
  std::sort(want.begin(), want.end());
  want.erase(std::unique(want.begin(), want.end()), want.end());
  std::set_intersection(want.begin(), want.end(), have.begin(), have.end(),
                        std::back_inserter(out.matched));
  std::set_difference(want.begin(), want.end(), have.begin(), have.end(),
                      std::back_inserter(out.missing));
  std::set_difference(have.begin(), have.end(), want.begin(), want.end(),
                      std::back_inserter(out.extra));
  if (!want.empty() && out.missing.empty()) {
    out.kind = OperatorMatch::Kind::kAll;
  } else if (!out.matched.empty()) {
    out.kind = OperatorMatch::Kind::kSome;
  }
  return out;
}

}  // namespace flowstate::core::storage
