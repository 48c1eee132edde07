// EffectiveConfig::Render: flink-conf.yaml (1.x), config.yaml (nested, 2.x), and the JSON
// map of the REST API's flinkConfiguration.
#include <map>

#include "common/redact.h"
#include "common/strings.h"
#include "config/effective.h"
#include "config/yaml.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace flowstate::core::config {

namespace {

bool Rendered(const EffectiveEntry& e) { return !e.is_default && e.status != KeyStatus::kRefused; }

std::string FlowMap(const std::vector<std::pair<std::string, std::string>>& m) {
  std::string out = "{";
  for (size_t i = 0; i < m.size(); ++i) {
    StrAppend(&out, i == 0 ? "" : ", ", YamlScalar(m[i].first), ": ", YamlScalar(m[i].second));
  }
  return out + "}";
}

// The value as config.yaml holds it: lists and maps as YAML flow collections.
std::string YamlValue(const EffectiveEntry& e, bool reveal) {
  if (e.secret && !reveal) return YamlScalar(kRedacted);
  if (e.spec != nullptr && e.valid) {
    switch (e.spec->type) {
      case OptionType::kList: {
        std::string out = "[";
        for (size_t i = 0; i < e.typed.list.size(); ++i) {
          StrAppend(&out, i == 0 ? "" : ", ", YamlScalar(e.typed.list[i]));
        }
        return out + "]";
      }
      case OptionType::kMap:
        return FlowMap(e.typed.map);
      case OptionType::kListOfMaps: {
        std::string out = "[";
        for (size_t i = 0; i < e.typed.maps.size(); ++i) {
          StrAppend(&out, i == 0 ? "" : ", ", FlowMap(e.typed.maps[i]));
        }
        return out + "]";
      }
      default:
        break;
    }
  }
  return YamlScalar(e.value);
}

// The value as Flink 1.x and the REST API take it: lists and maps in Flink's own syntax.
std::string FlatValue(const EffectiveEntry& e, bool reveal) {
  if (e.secret && !reveal) return std::string(kRedacted);
  if (e.spec != nullptr && e.valid &&
      (e.spec->type == OptionType::kList || e.spec->type == OptionType::kMap ||
       e.spec->type == OptionType::kListOfMaps)) {
    return e.typed.normalized;
  }
  return e.value;
}

struct Node {
  std::map<std::string, Node> children;
  const EffectiveEntry* entry = nullptr;
};

void EmitFlat(const Node& n, const std::string& prefix, const std::string& indent, bool reveal,
              std::string* out) {
  for (const auto& [name, child] : n.children) {
    std::string key = StrCat(prefix, ".", name);
    if (child.entry != nullptr) {
      StrAppend(out, indent, YamlScalar(key), ": ", YamlValue(*child.entry, reveal), "\n");
    }
    EmitFlat(child, key, indent, reveal, out);
  }
}

void EmitNested(const Node& n, const std::string& indent, bool reveal, std::string* out) {
  for (const auto& [name, child] : n.children) {
    if (child.entry != nullptr) {
      StrAppend(out, indent, YamlScalar(name), ": ", YamlValue(*child.entry, reveal), "\n");
      // A key that is also the prefix of others: the others go flat beside it.
      EmitFlat(child, name, indent, reveal, out);
    } else {
      StrAppend(out, indent, YamlScalar(name), ":\n");
      EmitNested(child, indent + "  ", reveal, out);
    }
  }
}

void Problem(Diagnostics* problems, const EffectiveEntry& e, std::string message,
             Severity severity = Severity::kError) {
  if (problems == nullptr) return;
  Diagnostic d;
  d.severity = severity;
  d.code = Code::kInvalidArgument;
  d.message = StrCat(e.key, ": ", message);
  d.source = e.origin.source;
  d.line = e.origin.key_line;
  problems->Add(std::move(d));
}

}  // namespace

std::string EffectiveConfig::Render(RenderFormat format, bool reveal_secrets,
                                    Diagnostics* problems) const {
  std::string out;
  if (problems != nullptr) {
    Diagnostic d;
    d.severity = Severity::kWarning;
    d.code = Code::kUnsupportedVersion;
    if (format == RenderFormat::kFlinkConf && version_ >= FlinkVersion{2, 0}) {
      d.message = StrCat("Flink ", version_.ToString(), " reads config.yaml, not flink-conf.yaml");
      problems->Add(d);
    } else if (format == RenderFormat::kConfigYaml && version_ < FlinkVersion{1, 19}) {
      d.message = StrCat("Flink ", version_.ToString(), " reads flink-conf.yaml, not config.yaml");
      problems->Add(d);
    }
  }
  switch (format) {
    case RenderFormat::kFlinkConf: {
      StrAppend(&out, "# Flink ", version_.ToString(), " configuration written by flowstate\n");
      for (const EffectiveEntry& e : entries_) {
        if (!Rendered(e)) continue;
        std::string value = FlatValue(e, reveal_secrets);
        if (value.find_first_of("\r\n") != std::string::npos) {
          Problem(problems, e, "flink-conf.yaml cannot hold a line break in a value; left out");
          continue;
        }
        if (value.find('#') != std::string::npos) {
          Problem(problems, e,
                  "flink-conf.yaml reads '#' as the start of a comment, even inside a value; "
                  "left out (use config.yaml or the REST map)");
          continue;
        }
        if (JavaTrim(value).size() != value.size() || value.empty()) {
          Problem(problems, e, "flink-conf.yaml trims values and skips empty ones; written trimmed",
                  Severity::kWarning);
          value = std::string(JavaTrim(value));
          if (value.empty()) continue;
        }
        if (e.key.find(": ") != std::string::npos || e.key.find('#') != std::string::npos) {
          Problem(problems, e, "the key cannot be written to flink-conf.yaml; left out");
          continue;
        }
        StrAppend(&out, e.key, ": ", value, "\n");
      }
      return out;
    }
    case RenderFormat::kConfigYaml: {
      StrAppend(&out, "# Flink ", version_.ToString(), " configuration written by flowstate\n");
      Node root;
      for (const EffectiveEntry& e : entries_) {
        if (!Rendered(e)) continue;
        Node* n = &root;
        size_t start = 0;
        while (true) {
          size_t dot = e.key.find('.', start);
          n = &n->children[e.key.substr(start, dot == std::string::npos ? dot : dot - start)];
          if (dot == std::string::npos) break;
          start = dot + 1;
        }
        n->entry = &e;
      }
      EmitNested(root, "", reveal_secrets, &out);
      return out;
    }
    case RenderFormat::kJson: {
      rapidjson::StringBuffer buffer;
      rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
      writer.StartObject();
      for (const EffectiveEntry& e : entries_) {
        if (!Rendered(e)) continue;
        std::string value = FlatValue(e, reveal_secrets);
        writer.Key(e.key.data(), static_cast<rapidjson::SizeType>(e.key.size()));
        writer.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
      }
      writer.EndObject();
      out.assign(buffer.GetString(), buffer.GetSize());
      out += '\n';
      return out;
    }
  }
  return out;
}

}  // namespace flowstate::core::config
