// The option registry: every Flink configuration key flowstate knows, with its type,
// default, one-line description, the Flink versions that read it, and its older names.
//
// The data is one table (options.inc); this file only gives it shape. Lookups are one hash
// probe over every name (current and older) of every option.
//
// Names and versions: an option's names are listed newest first; each name has the range of
// Flink versions that read it. For a target version, the option is written under the newest
// name that version reads. Older names that a newer version still reads are "deprecated"
// there; a name the target does not read is "translated" to one it does.
//
// Thread-safety: the registry is built once, on first use, and immutable after.
#ifndef FLOWSTATE_SRC_CONFIG_REGISTRY_H_
#define FLOWSTATE_SRC_CONFIG_REGISTRY_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/enums.h"
#include "common/flink_version.h"

namespace flowstate::core::config {

// Values are part of the C ABI (flowstate_option_type): append only.
enum class OptionType : int { FLOWSTATE_ENUM_VALUES_OPTION_TYPE(FLOWSTATE_ENUMERATOR) };
constexpr int EnumTypeOf(OptionType) { return enum_type::option_type; }
const char* OptionTypeName(OptionType type);  // "duration", "memory size", ...

enum OptionFlag : uint32_t {
  kFlagSecret = 1u << 0,      // the value is a secret: redacted unless asked
  kFlagInternal = 1u << 1,    // written by Flink or its operator, not by users
  kFlagOpenValues = 1u << 2,  // an enum that also takes a factory class name
};

// [since, until): until {0,0} means "still read by the newest version".
struct VersionRange {
  FlinkVersion since;
  FlinkVersion until;
  bool Contains(FlinkVersion v) const {
    return since <= v && (until == FlinkVersion{} || v < until);
  }
  bool open_ended() const { return until == FlinkVersion{}; }
  std::string ToString() const;  // "1.14+", "1.20+", "1.15 to 1.20", "up to 1.20"
};

struct OptionName {
  std::string name;
  VersionRange versions;
};

struct EnumValue {
  std::string name;  // as Flink spells the constant
  VersionRange versions;
  std::vector<std::string> equivalents;  // other spellings with the same meaning
};

struct VersionedDefault {
  FlinkVersion since;
  std::string value;  // as Flink renders it
};

struct OptionSpec {
  size_t index = 0;
  std::string category;
  std::vector<OptionName> names;  // [0]: the current name; then older names, newest first
  OptionType type = OptionType::kString;
  uint32_t flags = 0;
  std::vector<VersionedDefault> defaults;  // ascending `since`; empty: no default
  std::vector<EnumValue> values;           // kEnum only
  std::optional<int64_t> min, max;         // integer value; duration in ms; memory in bytes
  std::string min_text, max_text;          // as written in the table
  std::string fallback;                    // an option read when this one is not set
  std::string description;

  const std::string& key() const { return names[0].name; }
  bool secret() const { return (flags & kFlagSecret) != 0; }
  bool internal() const { return (flags & kFlagInternal) != 0; }
  // Some name of the option is read by `v`.
  bool AvailableIn(FlinkVersion v) const { return NameFor(v) != nullptr; }
  // The newest name `v` reads, or nullptr.
  const OptionName* NameFor(FlinkVersion v) const;
  // The default in `v`, or nullptr when there is none.
  const std::string* DefaultFor(FlinkVersion v) const;
  // The first and last versions any name is read in (for messages).
  VersionRange Span() const;
  // The enum value matching `text` case-insensitively (or one of its equivalents).
  const EnumValue* FindValue(std::string_view text) const;
};

class Registry {
 public:
  static const Registry& Get();

  const std::vector<OptionSpec>& options() const { return options_; }

  struct Match {
    const OptionSpec* spec = nullptr;
    int name_index = -1;  // index into spec->names
    explicit operator bool() const { return spec != nullptr; }
  };
  // Exact match on any name (Flink's keys are case-sensitive).
  Match Find(std::string_view name) const;
  // Problems found in the table while building it; empty in a correct build.
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  Registry();
  struct Impl;
  std::vector<OptionSpec> options_;
  std::vector<std::string> problems_;
  const Impl* impl_ = nullptr;
};

}  // namespace flowstate::core::config

#endif  // FLOWSTATE_SRC_CONFIG_REGISTRY_H_
