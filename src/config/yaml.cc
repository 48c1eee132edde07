#include "config/yaml.h"

#include <yaml.h>

#include <map>
#include <memory>

#include "common/strings.h"

namespace flowstate::core::config {

const YamlNode* YamlNode::Find(std::string_view key) const {
  if (kind != Kind::kMapping) return nullptr;
  for (size_t i = 0; i + 1 < items.size(); i += 2) {
    if (items[i]->kind == Kind::kScalar && items[i]->text == key) return items[i + 1];
  }
  return nullptr;
}

namespace {

bool IsNullScalar(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

std::string At(std::string_view source, const yaml_mark_t& mark) {
  return StrCat(source, ":", mark.line + 1, ":", mark.column + 1);
}

}  // namespace

// Builds a YamlStream from libyaml's events.
class YamlBuilder {
 public:
  YamlBuilder(YamlStream* out, std::string_view source) : out_(out), source_(source) {}

  Status Run(std::string_view text) {
    yaml_parser_t parser;
    if (yaml_parser_initialize(&parser) == 0) return Status(Code::kNoMemory, "YAML parser");
    std::unique_ptr<yaml_parser_t, void (*)(yaml_parser_t*)> guard(&parser, yaml_parser_delete);
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
    for (;;) {
      yaml_event_t event;
      if (yaml_parser_parse(&parser, &event) == 0) {
        std::string msg = StrCat(At(source_, parser.problem_mark), ": ",
                                 parser.problem != nullptr ? parser.problem : "invalid YAML");
        if (parser.context != nullptr) {
          StrAppend(&msg, " (", parser.context, " at line ", parser.context_mark.line + 1, ")");
        }
        return Status(Code::kParse, msg);
      }
      std::unique_ptr<yaml_event_t, void (*)(yaml_event_t*)> event_guard(&event, yaml_event_delete);
      Status st = Handle(event);
      if (!st.ok()) return st;
      if (event.type == YAML_STREAM_END_EVENT) return Status();
    }
  }

 private:
  struct Open {
    YamlNode* node;
    std::string anchor;
  };

  Status Handle(const yaml_event_t& e) {
    switch (e.type) {
      case YAML_DOCUMENT_START_EVENT:
        anchors_.clear();
        return Status();
      case YAML_SCALAR_EVENT: {
        YamlNode* n = NewNode(e.start_mark);
        if (n == nullptr) return Limit("nodes", e.start_mark);
        n->text.assign(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
        n->quoted = e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE &&
                    e.data.scalar.style != YAML_ANY_SCALAR_STYLE;
        n->kind =
            (!n->quoted && IsNullScalar(n->text)) ? YamlNode::Kind::kNull : YamlNode::Kind::kScalar;
        Anchor(e.data.scalar.anchor, n);
        return Attach(n, e.start_mark);
      }
      case YAML_ALIAS_EVENT: {
        std::string name(reinterpret_cast<const char*>(e.data.alias.anchor));
        auto it = anchors_.find(name);
        if (it == anchors_.end()) {
          return Status(Code::kParse, StrCat(At(source_, e.start_mark), ": unknown anchor '*", name,
                                             "' (an alias must follow its complete node)"));
        }
        return Attach(it->second, e.start_mark);
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        if (static_cast<int>(stack_.size()) >= out_->limits_.max_depth) {
          return Limit("nesting depth", e.start_mark);
        }
        YamlNode* n = NewNode(e.start_mark);
        if (n == nullptr) return Limit("nodes", e.start_mark);
        n->kind = e.type == YAML_SEQUENCE_START_EVENT ? YamlNode::Kind::kSequence
                                                      : YamlNode::Kind::kMapping;
        const yaml_char_t* anchor = e.type == YAML_SEQUENCE_START_EVENT
                                        ? e.data.sequence_start.anchor
                                        : e.data.mapping_start.anchor;
        Status st = Attach(n, e.start_mark);
        if (!st.ok()) return st;
        stack_.push_back(
            Open{n, anchor != nullptr ? std::string(reinterpret_cast<const char*>(anchor)) : ""});
        return Status();
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        Open open = std::move(stack_.back());
        stack_.pop_back();
        if (!open.anchor.empty()) anchors_[open.anchor] = open.node;
        return Status();
      }
      default:
        return Status();
    }
  }

  YamlNode* NewNode(const yaml_mark_t& mark) {
    if (out_->nodes_.size() >= out_->limits_.max_nodes) return nullptr;
    YamlNode& n = out_->nodes_.emplace_back();
    n.line = static_cast<int64_t>(mark.line) + 1;
    n.column = static_cast<int64_t>(mark.column) + 1;
    return &n;
  }

  void Anchor(const yaml_char_t* anchor, const YamlNode* n) {
    if (anchor != nullptr) anchors_[reinterpret_cast<const char*>(anchor)] = n;
  }

  Status Attach(const YamlNode* n, const yaml_mark_t&) {
    if (stack_.empty()) {
      out_->documents_.push_back(n);
    } else {
      stack_.back().node->items.push_back(n);
    }
    return Status();
  }

  Status Limit(const char* what, const yaml_mark_t& mark) {
    return Status(Code::kInvalidArgument, StrCat(At(source_, mark), ": too many ", what, " (limit ",
                                                 std::string_view(what) == "nesting depth"
                                                     ? static_cast<size_t>(out_->limits_.max_depth)
                                                     : out_->limits_.max_nodes,
                                                 ")"));
  }

  YamlStream* out_;
  std::string_view source_;
  std::vector<Open> stack_;
  std::map<std::string, const YamlNode*, std::less<>> anchors_;
};

Result<YamlStream> YamlStream::Read(std::string_view text, std::string_view source,
                                    const YamlLimits& limits) {
  YamlStream out;
  out.limits_ = limits;
  if (text.size() > limits.max_bytes) {
    return Status(Code::kInvalidArgument,
                  StrCat(source, ": ", text.size(), " bytes is more than the limit of ",
                         limits.max_bytes, " bytes"));
  }
  // Text copied from web pages often indents with no-break spaces, which YAML reads as
  // content: the keys shift, or the file does not parse. A no-break space among blanks (in
  // the indentation, beside a space or at the end of a line) is read as the space it stands
  // for, with a warning for its line; one between two other characters is content.
  std::string normalized;
  if (text.find("\xC2\xA0") != std::string_view::npos) {
    normalized.reserve(text.size());
    int64_t line = 1;
    int64_t column = 1;
    bool warned = false;
    auto blank = [&](size_t at) {
      return at >= text.size() || text[at] == ' ' || text[at] == '\t' || text[at] == '\n' ||
             text[at] == '\r' ||
             (text[at] == '\xC2' && at + 1 < text.size() && text[at + 1] == '\xA0');
    };
    bool at_indent = true;
    for (size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (c == '\n') {
        ++line;
        column = 1;
        warned = false;
        at_indent = true;
        normalized += c;
        continue;
      }
      const bool nbsp = c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0';
      if (nbsp && (at_indent || (i > 0 && blank(i - 1)) || blank(i + 2))) {
        if (!warned) {
          out.warnings_.push_back(
              Warning{line, column,
                      "a no-break space (U+00A0) stands where YAML needs a plain space, as in text "
                      "copied from a web page; kubectl and Flink would refuse the file as it is, "
                      "flowstate reads it as a space"});
          warned = true;
        }
        normalized += ' ';
        ++i;  // the second byte
        ++column;
        continue;
      }
      if (c != ' ' && c != '\t') at_indent = false;
      normalized += c;
      // Columns count code points: continuation bytes do not start one.
      if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++column;
    }
    text = normalized;
  }
  YamlBuilder builder(&out, source);
  FS_RETURN_IF_ERROR(builder.Run(text));
  return out;
}

namespace {

bool IsPlainSafeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '/' || c == '-' || c == '$' || c == '@' || c == '+' || c == ':' ||
         c == '=' || c == '(' || c == ')';
}

bool IsCanonicalInteger(std::string_view s) {
  size_t i = (!s.empty() && s[0] == '-') ? 1 : 0;
  if (i >= s.size()) return false;
  if (s[i] == '0') return s.size() == i + 1;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

}  // namespace

std::string YamlScalar(std::string_view s) {
  bool plain = !s.empty();
  for (size_t i = 0; plain && i < s.size(); ++i) {
    if (!IsPlainSafeChar(s[i])) plain = false;
    if (s[i] == ':' && (i + 1 == s.size())) plain = false;
  }
  if (plain) {
    char c = s[0];
    if (c == '-' || c == ':' || c == '@' || c == '.' || c == '+' || c == '=' || c == '(' ||
        (c >= '0' && c <= '9')) {
      plain = IsCanonicalInteger(s);
    }
    std::string lower = AsciiLower(s);
    if (lower == "null" || lower == "yes" || lower == "no" || lower == "on" || lower == "off" ||
        lower == "y" || lower == "n" || ((lower == "true" || lower == "false") && lower != s)) {
      plain = false;
    }
  }
  if (plain) return std::string(s);
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          static const char kHex[] = "0123456789abcdef";
          out += "\\x";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

}  // namespace flowstate::core::config
