#include "cli/settings.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace flowstate::cli {
namespace {

constexpr size_t kMaxSettingsBytes = 1 << 20;

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return s.substr(b, e - b);
}

Status ParseError(const std::string& source, int line, int column, const std::string& message) {
  Diagnostic d;
  d.severity = Severity::error;
  d.code = ErrorCode::parse;
  d.message = message;
  d.source = source;
  d.line = line;
  d.column = column;
  return Status(ErrorCode::parse,
                source + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message,
                {d});
}

// Replaces ${env:NAME} with the variable's value; an unset variable is an error.
bool ExpandEnv(std::string& value, std::string* missing) {
  std::string out;
  size_t i = 0;
  while (i < value.size()) {
    size_t start = value.find("${env:", i);
    if (start == std::string::npos) break;
    size_t end = value.find('}', start);
    if (end == std::string::npos) break;
    std::string name = value.substr(start + 6, end - start - 6);
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) {
      *missing = name;
      return false;
    }
    out.append(value, i, start - i);
    out.append(v);
    i = end + 1;
  }
  out.append(value, i, std::string::npos);
  value = std::move(out);
  return true;
}

}  // namespace

const SettingsEntry* SettingsSection::Find(std::string_view key) const {
  std::string k = Lower(key);
  for (const SettingsEntry& e : entries) {
    if (e.key == k) return &e;
  }
  return nullptr;
}

std::string SettingsSection::Get(std::string_view key, std::string_view fallback) const {
  const SettingsEntry* e = Find(key);
  return e ? e->value : std::string(fallback);
}

std::string Settings::DefaultPath() {
  if (const char* p = std::getenv("FLOWSTATE_SETTINGS"); p != nullptr && *p != '\0') return p;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x != nullptr && *x == '/') {
    return std::string(x) + "/flowstate/settings.ini";
  }
  if (const char* h = std::getenv("HOME"); h != nullptr && *h != '\0') {
    return std::string(h) + "/.config/flowstate/settings.ini";
  }
  return {};
}

std::string Settings::DefaultDataDir() {
  if (const char* x = std::getenv("XDG_DATA_HOME"); x != nullptr && *x == '/') {
    return std::string(x) + "/flowstate";
  }
  if (const char* h = std::getenv("HOME"); h != nullptr && *h != '\0') {
    return std::string(h) + "/.local/share/flowstate";
  }
  return {};
}

Result<Settings> Settings::Load(const std::string& path) {
  bool explicit_path = !path.empty();
  std::string file = explicit_path ? path : DefaultPath();
  Settings empty;
  empty.path_ = file;
  if (file.empty()) return empty;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    if (!explicit_path) return empty;
    return Status(ErrorCode::not_found, "cannot open settings file '" + file + "'");
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.size() > kMaxSettingsBytes) {
    return Status(ErrorCode::invalid_argument, "settings file '" + file + "' is larger than 1 MiB");
  }
  Result<Settings> parsed = Parse(text, file);
  if (parsed.ok()) parsed->from_file_ = true;
  return parsed;
}

Result<Settings> Settings::Parse(std::string_view text, const std::string& source) {
  Settings settings;
  settings.path_ = source;
  int line_no = 0;
  size_t pos = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view raw =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    std::string_view line = Trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    // 1-based column (in code points) of byte `i` of `line`.
    const size_t lead = static_cast<size_t>(line.data() - raw.data());
    auto col = [&](size_t i) {
      int c = 1;
      for (size_t k = 0; k < lead + i && k < raw.size(); ++k) {
        c += (static_cast<unsigned char>(raw[k]) & 0xC0) == 0x80 ? 0 : 1;
      }
      return c;
    };

    if (line[0] == '[') {
      size_t close = line.rfind(']');
      if (close == std::string_view::npos) {
        return ParseError(source, line_no, col(0), "section header without closing ']'");
      }
      size_t after = close + 1;
      while (after < line.size() && (line[after] == ' ' || line[after] == '\t')) ++after;
      if (after < line.size() && line[after] != '#' && line[after] != ';') {
        return ParseError(source, line_no, col(after), "unexpected text after section header");
      }
      size_t name_begin = 1;
      while (name_begin < close && (line[name_begin] == ' ' || line[name_begin] == '\t'))
        ++name_begin;
      size_t name_end = name_begin;
      while (name_end < close && IsNameChar(line[name_end])) ++name_end;
      if (name_end == name_begin) {
        return ParseError(source, line_no, col(name_begin), "expected a section name after '['");
      }
      SettingsSection section;
      section.name = Lower(line.substr(name_begin, name_end - name_begin));
      section.line = line_no;
      size_t sub_begin = name_end;
      while (sub_begin < close && (line[sub_begin] == ' ' || line[sub_begin] == '\t')) ++sub_begin;
      std::string_view sub = Trim(line.substr(sub_begin, close - sub_begin));
      if (!sub.empty()) {
        if (sub.size() < 2 || sub.front() != '"' || sub.back() != '"') {
          return ParseError(source, line_no, col(sub_begin),
                            "expected a \"quoted\" subsection name after the section name");
        }
        section.subsection = std::string(sub.substr(1, sub.size() - 2));
      }
      settings.sections_.push_back(std::move(section));
      continue;
    }

    size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      return ParseError(source, line_no, col(0), "expected 'key = value' or '[section]'");
    }
    std::string_view key = Trim(line.substr(0, eq));
    if (key.empty()) return ParseError(source, line_no, col(eq), "missing key before '='");
    for (size_t i = 0; i < key.size(); ++i) {
      if (!IsNameChar(key[i])) {
        return ParseError(source, line_no, col(i),
                          "invalid character in key '" + std::string(key) +
                              "' (allowed: letters, digits, '-', '_', '.')");
      }
    }
    if (settings.sections_.empty()) {
      return ParseError(source, line_no, col(0),
                        "key '" + std::string(key) + "' outside of any [section]");
    }
    size_t value_begin = eq + 1;
    while (value_begin < line.size() && (line[value_begin] == ' ' || line[value_begin] == '\t')) {
      ++value_begin;
    }
    std::string_view raw_value = line.substr(value_begin);
    std::string value;
    if (!raw_value.empty() && raw_value[0] == '"') {
      size_t i = 1;
      bool closed = false;
      for (; i < raw_value.size(); ++i) {
        char c = raw_value[i];
        if (c == '\\' && i + 1 < raw_value.size()) {
          char n = raw_value[++i];
          value += n == 'n' ? '\n' : n == 't' ? '\t' : n;
        } else if (c == '"') {
          closed = true;
          break;
        } else {
          value += c;
        }
      }
      if (!closed) {
        return ParseError(source, line_no, col(value_begin), "unterminated \"quoted\" value");
      }
      size_t after = i + 1;
      while (after < raw_value.size() && (raw_value[after] == ' ' || raw_value[after] == '\t'))
        ++after;
      if (after < raw_value.size() && raw_value[after] != '#' && raw_value[after] != ';') {
        return ParseError(source, line_no, col(value_begin + after),
                          "unexpected text after quoted value");
      }
    } else {
      // An unquoted value ends at " #" or " ;" (a comment after whitespace).
      size_t cut = std::string_view::npos;
      for (size_t i = 1; i < raw_value.size(); ++i) {
        if ((raw_value[i] == '#' || raw_value[i] == ';') &&
            (raw_value[i - 1] == ' ' || raw_value[i - 1] == '\t')) {
          cut = i;
          break;
        }
      }
      value = std::string(Trim(raw_value.substr(0, cut)));
    }
    std::string missing;
    if (!ExpandEnv(value, &missing)) {
      return ParseError(source, line_no, col(value_begin),
                        "environment variable '" + missing + "' is not set");
    }
    SettingsSection& section = settings.sections_.back();
    std::string lower_key = Lower(key);
    if (const SettingsEntry* previous = section.Find(lower_key)) {
      return ParseError(
          source, line_no, col(0),
          "key '" + lower_key + "' already set on line " + std::to_string(previous->line));
    }
    section.entries.push_back(SettingsEntry{lower_key, std::move(value), line_no});
  }
  return settings;
}

const SettingsSection* Settings::Section(std::string_view name, std::string_view subsection) const {
  std::string n = Lower(name);
  for (const SettingsSection& s : sections_) {
    if (s.name == n && s.subsection == subsection) return &s;
  }
  return nullptr;
}

std::vector<const SettingsSection*> Settings::Sections(std::string_view name) const {
  std::string n = Lower(name);
  std::vector<const SettingsSection*> out;
  for (const SettingsSection& s : sections_) {
    if (s.name == n) out.push_back(&s);
  }
  return out;
}

}  // namespace flowstate::cli
