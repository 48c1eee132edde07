#include "config/option_value.h"

#include "common/strings.h"

namespace flowstate::core::config {

namespace {

bool Fail(ValueError* error, size_t begin, size_t end, std::string message) {
  if (error != nullptr) {
    error->message = std::move(message);
    error->begin = begin;
    error->end = end;
  }
  return false;
}

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}
bool IsIdentPart(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }

// A fully qualified Java class name: identifiers joined by at least one '.'.
bool IsClassName(std::string_view s) {
  bool dot = false;
  bool start = true;
  for (char c : s) {
    if (c == '.') {
      if (start) return false;
      dot = true;
      start = true;
    } else if (start ? !IsIdentStart(c) : !IsIdentPart(c)) {
      return false;
    } else {
      start = false;
    }
  }
  return dot && !start;
}

std::string ValueNames(const OptionSpec& spec, FlinkVersion v) {
  std::string out;
  for (const EnumValue& e : spec.values) {
    if (!e.versions.Contains(v)) continue;
    StrAppend(&out, out.empty() ? "" : ", ", e.name);
  }
  return out;
}

bool NeedsQuoting(std::string_view s, std::string_view specials) {
  if (s.empty()) return true;
  if (IsAsciiSpace(s.front()) || IsAsciiSpace(s.back())) return true;
  return s.find_first_of(specials) != std::string_view::npos;
}

std::string QuoteItem(std::string_view s, std::string_view specials) {
  if (!NeedsQuoting(s, specials)) return std::string(s);
  std::string out = "'";
  for (char c : s) {
    out += c;
    if (c == '\'') out += '\'';
  }
  out += '\'';
  return out;
}

bool CheckRange(const OptionSpec& spec, int64_t v, std::string_view shown, size_t size,
                ValueError* error) {
  if (spec.min && v < *spec.min) {
    std::string msg =
        StrCat("'", shown, "' is below the least value ", spec.min_text, " of ", spec.key());
    if (spec.key() == "execution.checkpointing.num-retained") {
      StrAppend(&msg, " (Flink ignores it and keeps 1 checkpoint)");
    } else if (spec.key() == "execution.checkpointing.interval" ||
               spec.key() == "execution.checkpointing.timeout") {
      StrAppend(&msg, " (Flink refuses checkpoint intervals and timeouts under 10 ms)");
    }
    return Fail(error, 0, size, msg);
  }
  if (spec.max && v > *spec.max) {
    return Fail(
        error, 0, size,
        StrCat("'", shown, "' is above the greatest value ", spec.max_text, " of ", spec.key()));
  }
  return true;
}

}  // namespace

std::string FormatList(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    StrAppend(&out, i == 0 ? "" : ";", QuoteItem(items[i], ";'\""));
  }
  return out;
}

std::string FormatMap(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string out;
  for (size_t i = 0; i < entries.size(); ++i) {
    StrAppend(&out, i == 0 ? "" : ",", QuoteItem(entries[i].first, ",:;'\""), ":",
              QuoteItem(entries[i].second, ",:;'\""));
  }
  return out;
}

bool ParseOptionValue(const OptionSpec& spec, std::string_view value, const ValueContext& ctx,
                      TypedValue* out, ValueError* error) {
  out->type = spec.type;
  switch (spec.type) {
    case OptionType::kString:
      out->text = std::string(value);
      if (ctx.render) out->normalized = out->text;
      return true;
    case OptionType::kBoolean:
      if (!ParseBoolean(value, &out->boolean, error)) return false;
      if (ctx.render) out->normalized = out->boolean ? "true" : "false";
      return true;
    case OptionType::kInteger: {
      int32_t v = 0;
      if (!ParseInt32(value, &v, error)) return false;
      out->integer = v;
      if (ctx.render) out->normalized = StrCat(v);
      return CheckRange(spec, v, value, value.size(), error);
    }
    case OptionType::kLong:
      if (!ParseInt64(value, &out->integer, error)) return false;
      if (ctx.render) out->normalized = StrCat(out->integer);
      return CheckRange(spec, out->integer, value, value.size(), error);
    case OptionType::kDouble:
      if (!ParseDouble(value, &out->number, error)) return false;
      if (ctx.render) out->normalized = FormatDouble(out->number);
      return true;
    case OptionType::kDuration:
      if (!ParseDuration(value, ctx.version, &out->duration, error)) return false;
      if (ctx.render) out->normalized = FormatDuration(out->duration);
      return CheckRange(spec, out->duration.ToMillis(), value, value.size(), error);
    case OptionType::kMemorySize:
      if (!ParseMemorySize(value, &out->bytes, error)) return false;
      if (ctx.render) out->normalized = FormatMemorySize(out->bytes);
      return CheckRange(spec, static_cast<int64_t>(out->bytes), value, value.size(), error);
    case OptionType::kEnum: {
      const EnumValue* e = spec.FindValue(value);
      if (e == nullptr) {
        if ((spec.flags & kFlagOpenValues) != 0 && IsClassName(value)) {
          out->text = std::string(value);
          out->normalized = out->text;
          return true;
        }
        std::string msg = StrCat(Quote(value), " is not a value of ", spec.key(), "; expected ",
                                 (spec.flags & kFlagOpenValues) != 0 ? "one of " : "one of ",
                                 ValueNames(spec, ctx.version));
        if ((spec.flags & kFlagOpenValues) != 0) StrAppend(&msg, " or a factory class name");
        StrAppend(&msg, " (case-insensitive)");
        return Fail(error, 0, value.size(), msg);
      }
      if (!e->versions.Contains(ctx.version)) {
        return Fail(error, 0, value.size(),
                    StrCat(Quote(value), " for ", spec.key(), " is read by Flink ",
                           e->versions.ToString(), ", not by ", ctx.version.ToString(),
                           "; expected one of ", ValueNames(spec, ctx.version)));
      }
      out->text = e->name;
      out->normalized = e->name;
      return true;
    }
    case OptionType::kList:
      if (!ParseList(value, ctx.yaml_flow, &out->list, error)) return false;
      if (ctx.render) out->normalized = FormatList(out->list);
      return true;
    case OptionType::kMap:
      if (!ParseMap(value, ctx.yaml_flow, &out->map, error)) return false;
      if (ctx.render) out->normalized = FormatMap(out->map);
      return true;
    case OptionType::kListOfMaps: {
      if (!ParseListOfMaps(value, ctx.yaml_flow, &out->maps, error)) return false;
      std::string s;
      for (size_t i = 0; i < out->maps.size(); ++i) {
        StrAppend(&s, i == 0 ? "" : ";", FormatMap(out->maps[i]));
      }
      out->normalized = std::move(s);
      return true;
    }
  }
  return Fail(error, 0, value.size(), "unknown option type");
}

bool SameValue(const OptionSpec& spec, std::string_view a, std::string_view b,
               const ValueContext& ctx) {
  if (a == b) return true;
  TypedValue ta, tb;
  ValueError ignored;
  if (!ParseOptionValue(spec, a, ctx, &ta, &ignored)) return false;
  if (!ParseOptionValue(spec, b, ctx, &tb, &ignored)) return false;
  if (spec.type == OptionType::kEnum) return EqualsIgnoreCase(ta.normalized, tb.normalized);
  return ta.normalized == tb.normalized;
}

}  // namespace flowstate::core::config
