#include "config/registry.h"

#include <utility>

#include "absl/container/flat_hash_map.h"
#include "common/strings.h"
#include "config/value.h"

namespace flowstate::core::config {

const char* OptionTypeName(OptionType type) {
  const char* name = NameOf(type);
  return name != nullptr ? name : "unknown";
}

std::string VersionRange::ToString() const {
  bool has_since = since != FlinkVersion{};
  if (open_ended()) return has_since ? StrCat(since.ToString(), "+") : "every version";
  if (!has_since) return StrCat("before ", until.ToString());
  return StrCat(since.ToString(), " to before ", until.ToString());
}

const OptionName* OptionSpec::NameFor(FlinkVersion v) const {
  for (const OptionName& n : names) {
    if (n.versions.Contains(v)) return &n;
  }
  return nullptr;
}

const std::string* OptionSpec::DefaultFor(FlinkVersion v) const {
  const std::string* out = nullptr;
  for (const VersionedDefault& d : defaults) {
    if (d.since <= v) out = d.value.empty() ? nullptr : &d.value;
  }
  return out;
}

VersionRange OptionSpec::Span() const {
  VersionRange r = names[0].versions;
  for (const OptionName& n : names) {
    if (n.versions.since < r.since) r.since = n.versions.since;
    if (r.open_ended() || n.versions.open_ended()) {
      r.until = FlinkVersion{};
    } else if (r.until < n.versions.until) {
      r.until = n.versions.until;
    }
  }
  return r;
}

const EnumValue* OptionSpec::FindValue(std::string_view text) const {
  for (const EnumValue& v : values) {
    if (EqualsIgnoreCase(v.name, text)) return &v;
    for (const std::string& e : v.equivalents) {
      if (EqualsIgnoreCase(e, text)) return &v;
    }
  }
  return nullptr;
}

struct Registry::Impl {
  absl::flat_hash_map<absl::string_view, std::pair<uint32_t, int32_t>> by_name;
};

namespace {

struct Row {
  const char* category;
  const char* names;
  OptionType type;
  const char* defaults;
  uint32_t flags;
  const char* values;
  const char* range;
  const char* fallback;
  const char* description;
};

constexpr uint32_t SECRET = kFlagSecret;
constexpr uint32_t INTERNAL = kFlagInternal;
constexpr uint32_t OPEN = kFlagOpenValues;

constexpr Row kRows[] = {
#define FS_OPTION(category, names, type, defaults, flags, values, range, fallback, description) \
  {category, names, OptionType::k##type, defaults, flags, values, range, fallback, description},
#include "config/options.inc"
#undef FS_OPTION
};

std::vector<std::string_view> SplitOn(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view part = StripAsciiWhitespace(s.substr(start, end - start));
    if (!part.empty()) out.push_back(part);
    start = end + 1;
  }
  return out;
}

// "name@1.15-2.0" -> name and range.
bool ParseVersioned(std::string_view text, std::string* name, VersionRange* range,
                    std::string* problem) {
  size_t at = text.find('@');
  *name = std::string(text.substr(0, at));
  *range = VersionRange{};
  if (at == std::string_view::npos) return true;
  std::string_view spec = text.substr(at + 1);
  size_t dash = spec.find('-');
  std::string_view since = spec.substr(0, dash);
  std::string_view until = dash == std::string_view::npos ? "" : spec.substr(dash + 1);
  if (!since.empty()) {
    auto v = FlinkVersion::ParseAnyRelease(since);
    if (!v.ok()) return (*problem = StrCat("bad version in '", text, "'"), false);
    range->since = *v;
  }
  if (!until.empty()) {
    auto v = FlinkVersion::ParseAnyRelease(until);
    if (!v.ok()) return (*problem = StrCat("bad version in '", text, "'"), false);
    range->until = *v;
  }
  return true;
}

// A bound of the range column in the option's own unit.
bool ParseBound(OptionType type, std::string_view text, int64_t* out) {
  ValueError err;
  switch (type) {
    case OptionType::kInteger: {
      int32_t v;
      if (!ParseInt32(text, &v, &err)) return false;
      *out = v;
      return true;
    }
    case OptionType::kLong:
      return ParseInt64(text, out, &err);
    case OptionType::kDuration: {
      Duration d;
      if (!ParseDuration(text, kNewestFlink, &d, &err)) return false;
      *out = d.ToMillis();
      return true;
    }
    case OptionType::kMemorySize: {
      uint64_t b;
      if (!ParseMemorySize(text, &b, &err)) return false;
      *out = static_cast<int64_t>(b);
      return true;
    }
    default:
      return false;
  }
}

}  // namespace

Registry::Registry() {
  auto* impl = new Impl();
  options_.reserve(std::size(kRows));
  for (const Row& row : kRows) {
    OptionSpec spec;
    spec.index = options_.size();
    spec.category = row.category;
    spec.type = row.type;
    spec.flags = row.flags;
    spec.description = row.description;
    spec.fallback = row.fallback;
    std::string problem;
    for (std::string_view n : SplitOn(row.names, ' ')) {
      OptionName name;
      if (!ParseVersioned(n, &name.name, &name.versions, &problem)) problems_.push_back(problem);
      spec.names.push_back(std::move(name));
    }
    if (spec.names.empty()) {
      problems_.push_back(StrCat("a row of category ", row.category, " has no name"));
      continue;
    }
    if (std::string_view(row.defaults) != "-") {
      for (std::string_view d : SplitOn(row.defaults, ';')) {
        VersionedDefault vd;
        VersionRange range;
        std::string value;
        if (!ParseVersioned(d, &value, &range, &problem)) problems_.push_back(problem);
        vd.since = range.since;
        vd.value = value == "-" ? "" : value;
        spec.defaults.push_back(std::move(vd));
      }
    }
    for (std::string_view v : SplitOn(row.values, '|')) {
      std::vector<std::string_view> parts = SplitOn(v, '=');
      EnumValue ev;
      if (!ParseVersioned(parts[0], &ev.name, &ev.versions, &problem)) problems_.push_back(problem);
      for (size_t i = 1; i < parts.size(); ++i) ev.equivalents.emplace_back(parts[i]);
      spec.values.push_back(std::move(ev));
    }
    if ((spec.type == OptionType::kEnum) != !spec.values.empty()) {
      problems_.push_back(StrCat(spec.key(), ": enum values belong to enum options only"));
    }
    std::string_view range = row.range;
    if (!range.empty()) {
      size_t dots = range.find("..");
      if (dots == std::string_view::npos) {
        problems_.push_back(StrCat(spec.key(), ": range without '..'"));
      } else {
        std::string_view lo = range.substr(0, dots);
        std::string_view hi = range.substr(dots + 2);
        int64_t bound = 0;
        if (!lo.empty()) {
          if (ParseBound(spec.type, lo, &bound)) {
            spec.min = bound;
            spec.min_text = std::string(lo);
          } else {
            problems_.push_back(StrCat(spec.key(), ": bad minimum '", lo, "'"));
          }
        }
        if (!hi.empty()) {
          if (ParseBound(spec.type, hi, &bound)) {
            spec.max = bound;
            spec.max_text = std::string(hi);
          } else {
            problems_.push_back(StrCat(spec.key(), ": bad maximum '", hi, "'"));
          }
        }
      }
    }
    options_.push_back(std::move(spec));
  }
  // Index every name; the views point into options_, which no longer changes.
  for (const OptionSpec& spec : options_) {
    for (size_t i = 0; i < spec.names.size(); ++i) {
      auto [it, inserted] = impl->by_name.try_emplace(
          AV(spec.names[i].name), static_cast<uint32_t>(spec.index), static_cast<int32_t>(i));
      if (!inserted) {
        problems_.push_back(StrCat("'", spec.names[i].name, "' names two options"));
      }
    }
  }
  for (const OptionSpec& spec : options_) {
    if (!spec.fallback.empty() && !impl->by_name.contains(AV(spec.fallback))) {
      problems_.push_back(StrCat(spec.key(), ": unknown fallback '", spec.fallback, "'"));
    }
  }
  impl_ = impl;
}

const Registry& Registry::Get() {
  static const Registry* registry = new Registry();
  return *registry;
}

Registry::Match Registry::Find(std::string_view name) const {
  auto it = impl_->by_name.find(AV(name));
  if (it == impl_->by_name.end()) return {};
  return Match{&options_[it->second.first], it->second.second};
}

}  // namespace flowstate::core::config
