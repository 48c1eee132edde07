// A bounded YAML reader over libyaml's event parser, for config.yaml and Kubernetes
// resources: a tree of scalars, sequences and mappings with 1-based line and column.
//
// Limits bound what a hostile or broken file can cost: its size, nesting depth, node count,
// and how many nodes aliases may expand to when the tree is walked (so that a few hundred
// bytes of nested aliases cannot make it walk billions of nodes). Anchors may only be
// referred to after their node is complete, so the tree has no cycles.
//
// Thread-safety: a YamlStream is immutable once read.
#ifndef FLOWSTATE_SRC_CONFIG_YAML_H_
#define FLOWSTATE_SRC_CONFIG_YAML_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace flowstate::core::config {

struct YamlLimits {
  size_t max_bytes = 8u << 20;  // input size
  int max_depth = 64;           // nested collections
  size_t max_nodes = 1u << 20;  // nodes created while reading
  size_t max_walk = 1u << 20;   // nodes visited while walking, aliases expanded
};

struct YamlNode {
  enum class Kind : uint8_t { kNull, kScalar, kSequence, kMapping };
  Kind kind = Kind::kNull;
  bool quoted = false;  // a quoted or block scalar (never null, never a number)
  std::string text;     // scalar text
  int64_t line = 0;     // 1-based
  int64_t column = 0;   // 1-based, in code points
  // Sequence: the items. Mapping: key, value, key, value, ...
  std::vector<const YamlNode*> items;

  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_null() const { return kind == Kind::kNull; }
  bool is_mapping() const { return kind == Kind::kMapping; }
  bool is_sequence() const { return kind == Kind::kSequence; }
  // The value of mapping key `key` (scalar keys only), or nullptr.
  const YamlNode* Find(std::string_view key) const;
};

class YamlStream {
 public:
  // Reads every document of `text`. Errors are PARSE (or INVALID_ARGUMENT for a limit)
  // with "source:line:column: what was expected".
  static Result<YamlStream> Read(std::string_view text, std::string_view source,
                                 const YamlLimits& limits = {});

  const std::vector<const YamlNode*>& documents() const { return documents_; }
  const YamlLimits& limits() const { return limits_; }

  // What was read differently from a strict YAML reader: a no-break space (U+00A0) where a
  // plain one belongs (indentation, and the blanks between tokens), as YAML copied from a web
  // page has, is read as a space, one warning per line. kubectl and Flink would refuse such a
  // file, or read its keys shifted.
  struct Warning {
    int64_t line = 0;
    int64_t column = 0;  // of the line's first such no-break space, in code points
    std::string message;
  };
  const std::vector<Warning>& warnings() const { return warnings_; }

 private:
  friend class YamlBuilder;
  std::vector<Warning> warnings_;
  std::deque<YamlNode> nodes_;
  std::vector<const YamlNode*> documents_;
  YamlLimits limits_;
};

// Renders a scalar for a YAML file: plain when YAML would read it back as the same string,
// else double-quoted with escapes.
std::string YamlScalar(std::string_view s);

}  // namespace flowstate::core::config

#endif  // FLOWSTATE_SRC_CONFIG_YAML_H_
