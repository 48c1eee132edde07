#include "config/effective.h"

#include <algorithm>
#include <array>
#include <deque>
#include <map>

#include "absl/container/flat_hash_map.h"

#include "common/redact.h"
#include "common/strings.h"
#include "config/pods.h"
#include "config/scope.h"
#include "sql/cdc_source.h"
#include "sql/script.h"

namespace flowstate::core::config {

const char* KeyStatusName(KeyStatus s) {
  const char* name = NameOf(s);
  return name != nullptr ? name : "unknown";
}

const EffectiveEntry* EffectiveConfig::Find(std::string_view name) const {
  const Registry::Match m = Registry::Get().Find(name);
  for (const EffectiveEntry& e : entries_) {
    if (m ? e.spec == m.spec : (e.spec == nullptr && e.key == name)) return &e;
  }
  return nullptr;
}

void ConfigBuilder::AddFile(ConfigFile file) { files_.push_back(std::move(file)); }

void ConfigBuilder::AddOverride(std::string key, std::string value, std::string label) {
  Setting s;
  s.key = std::move(key);
  s.value = std::move(value);
  s.origin.layer = Layer::kOverride;
  s.origin.source = std::move(label);
  overrides_.push_back(std::move(s));
}

namespace {

// One exact key: the write in effect and those it replaced, all pointing into the builder's
// settings (which outlive the build).
struct Slot {
  bool present = false;
  const Setting* current = nullptr;
  std::vector<const Setting*> history;
};
using FlatMap = absl::flat_hash_map<absl::string_view, Slot>;

// Levenshtein distance, bounded: returns limit + 1 as soon as it must exceed `limit`.
size_t EditDistance(std::string_view a, std::string_view b, size_t limit) {
  if (a.size() > b.size() + limit || b.size() > a.size() + limit) return limit + 1;
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    size_t row_min = cur[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// A lower bound of the edit distance from character counts (the bag distance), so that most
// names are ruled out without the quadratic comparison.
size_t BagDistance(const std::array<uint8_t, 64>& a, std::string_view b) {
  std::array<int, 64> d{};
  for (size_t i = 0; i < 64; ++i) d[i] = a[i];
  for (unsigned char c : b) --d[c & 63];
  size_t plus = 0, minus = 0;
  for (int x : d) (x > 0 ? plus : minus) += static_cast<size_t>(x > 0 ? x : -x);
  return std::max(plus, minus);
}

// The first segments of every registry name ("execution", "state", "kubernetes", ...).
const std::vector<std::string>& FirstSegments() {
  static const auto* segments = [] {
    auto* out = new std::vector<std::string>();
    for (const OptionSpec& spec : Registry::Get().options()) {
      for (const OptionName& n : spec.names) {
        std::string first = n.name.substr(0, n.name.find('.'));
        if (std::find(out->begin(), out->end(), first) == out->end()) out->push_back(first);
      }
    }
    return out;
  }();
  return *segments;
}

std::string Suggest(std::string_view key, FlinkVersion v) {
  // A key whose first segment is not (nearly) one of Flink's is a connector's or a plugin's:
  // nothing to suggest.
  std::string_view first = key.substr(0, key.find('.'));
  bool near = false;
  for (const std::string& f : FirstSegments()) {
    if (EditDistance(first, f, 1) <= 1) {
      near = true;
      break;
    }
  }
  if (!near) return "";
  size_t limit = std::max<size_t>(2, key.size() / 10);
  size_t best = limit + 1;
  std::array<uint8_t, 64> counts{};
  for (unsigned char c : key) counts[c & 63] = static_cast<uint8_t>(counts[c & 63] + 1);
  std::string out;
  for (const OptionSpec& spec : Registry::Get().options()) {
    const OptionName* name = spec.NameFor(v);
    if (name == nullptr) continue;
    for (const OptionName& n : spec.names) {
      if (BagDistance(counts, n.name) >= best) continue;
      size_t d = EditDistance(key, n.name, limit);
      if (d < best) {
        best = d;
        out = name->name;
      }
    }
  }
  return out;
}

// The map option that `key` is an entry of ("pipeline.global-job-parameters.x"), if any.
const OptionSpec* MapPrefixOption(std::string_view key) {
  size_t pos = key.size();
  while (pos > 0) {
    pos = key.rfind('.', pos - 1);
    if (pos == std::string_view::npos || pos == 0) break;
    Registry::Match m = Registry::Get().Find(key.substr(0, pos));
    if (m && m.spec->type == OptionType::kMap) return m.spec;
  }
  return nullptr;
}

bool IsSecret(const OptionSpec* spec, std::string_view key) {
  return (spec != nullptr && spec->secret()) || IsSecretKey(key);
}

std::string Shown(const OptionSpec* spec, std::string_view key, std::string_view value) {
  return IsSecret(spec, key) ? std::string(kRedacted) : Quote(value, 120);
}

class Resolver {
 public:
  Resolver(FlinkVersion version, std::vector<std::string>* keys, Diagnostics* diags)
      : version_(version), keys_(keys), diags_(diags) {}

  ValueContext Context(const Setting& s) const {
    return ValueContext{version_, s.yaml_flow || version_ >= FlinkVersion{2, 0}};
  }

  void Diag(Severity severity, Code code, const Origin& origin, bool at_value, std::string message,
            std::string_view key, size_t err_begin = 0, size_t err_end = 0) {
    Diagnostic d;
    d.severity = severity;
    d.code = code;
    d.message = std::move(message);
    d.source = origin.source;
    if (at_value && origin.value_line >= 0) {
      d.line = origin.value_line;
      d.column = origin.value_column + static_cast<int64_t>(err_begin);
      if (origin.value_offset >= 0) {
        d.offset = origin.value_offset + static_cast<int64_t>(err_begin);
        d.end_offset = err_end > err_begin ? origin.value_offset + static_cast<int64_t>(err_end)
                                           : origin.value_end;
      }
    } else if (origin.key_line >= 0) {
      d.line = origin.key_line;
      d.column = origin.key_column;
      d.offset = origin.key_offset;
      d.end_offset = origin.key_end;
    }
    diags_->Add(std::move(d));
    keys_->emplace_back(key);
  }

  // Checks one write: its key for the target version and its value for the key's type.
  void CheckWrite(const Setting& s) {
    if (s.reset_all) return;
    const Registry::Match m = Registry::Get().Find(s.key);
    if (!m) {
      if (s.reset || s.derived) return;
      if (MapPrefixOption(s.key) != nullptr) return;
      std::string msg = StrCat("unknown key ", s.key,
                               ": Flink passes it through as a string (connectors and plugins "
                               "may read it)");
      std::string suggestion = Suggest(s.key, version_);
      if (!suggestion.empty()) StrAppend(&msg, "; did you mean ", suggestion, "?");
      Diag(Severity::kWarning, Code::kNotFound, s.origin, false, msg, s.key);
      return;
    }
    const OptionSpec& spec = *m.spec;
    const OptionName& written = spec.names[m.name_index];
    const OptionName* target = spec.NameFor(version_);
    if (!s.derived) {
      if (target == nullptr) {
        Diag(Severity::kError, Code::kUnsupportedVersion, s.origin, false,
             StrCat(s.key, " is not read by Flink ", version_.ToString(), " (read by ",
                    spec.Span().ToString(), "); flowstate refuses it for this version"),
             spec.key());
        return;
      }
      if (!written.versions.Contains(version_)) {
        Diag(Severity::kWarning, Code::kUnsupportedVersion, s.origin, false,
             StrCat("Flink ", version_.ToString(), " does not read ", s.key, " (read by ",
                    written.versions.ToString(), "); it is written as ", target->name),
             spec.key());
      } else if (target != &written) {
        Diag(Severity::kWarning, Code::kInvalidArgument, s.origin, false,
             StrCat(s.key, " is deprecated in Flink ", version_.ToString(), "; use ", target->name),
             spec.key());
      }
    } else if (target == nullptr) {
      return;
    }
    if (s.reset) return;
    TypedValue typed;
    ValueError error;
    ValueContext ctx = Context(s);
    ctx.render = false;
    if (!ParseOptionValue(spec, s.value, ctx, &typed, &error)) {
      std::string msg = StrCat(s.key, ": ", error.message);
      if (s.origin.layer == Layer::kClusterFile && s.value.size() >= 2 &&
          (s.value.front() == '"' || s.value.front() == '\'') &&
          s.value.back() == s.value.front()) {
        StrAppend(&msg, " (flink-conf.yaml keeps quotes as part of the value)");
      }
      Diag(Severity::kError, Code::kInvalidArgument, s.origin, true, msg, spec.key(), error.begin,
           error.end);
    }
  }

 private:
  FlinkVersion version_;
  std::vector<std::string>* keys_;
  Diagnostics* diags_;
};

void Write(FlatMap* map, const Setting& s) {
  Slot& slot = (*map)[AV(s.key)];
  if (slot.present) slot.history.push_back(slot.current);
  slot.current = &s;
  slot.present = true;
}

// RESET key: back to its value from the cluster files, or unset.
void Reset(FlatMap* map, const FlatMap& base, absl::string_view key, const Setting& reset) {
  auto b = base.find(key);
  Slot& slot = (*map)[key];
  if (slot.present) slot.history.push_back(slot.current);
  if (b != base.end() && b->second.present) {
    slot.current = b->second.current;
    slot.present = true;
  } else {
    slot.current = &reset;
    slot.present = false;
  }
}

std::vector<Setting> Copy(const std::vector<const Setting*>& history) {
  std::vector<Setting> out;
  out.reserve(history.size());
  for (const Setting* h : history) out.push_back(*h);
  return out;
}

bool StartsJob(sql::StatementKind k) {
  using K = sql::StatementKind;
  return k == K::kInsert || k == K::kBeginStatementSet || k == K::kStatementSet ||
         k == K::kExecuteCdcSource || k == K::kExecuteJar || k == K::kExecutePipeline;
}

}  // namespace

namespace {

// The source position of text offset `offset` inside statement `i`: counted from the
// statement's own start, which the script already positioned (a scan of a few bytes instead
// of a search of the whole text).
TextPosition PositionIn(const sql::Script& script, size_t i, size_t offset,
                        const TextPosition* from = nullptr, size_t from_offset = 0) {
  const sql::Statement& st = script[i];
  if (script.substituted() || offset < st.begin) {
    return script.SourcePosition(script.ToSource(offset));
  }
  size_t start = st.begin;
  TextPosition p{st.begin_line, st.begin_column};
  if (from != nullptr && from_offset >= st.begin && from_offset <= offset) {
    start = from_offset;
    p = *from;
  }
  std::string_view text = script.text();
  for (size_t k = start; k < offset && k < text.size(); ++k) {
    if (text[k] == '\n') {
      ++p.line;
      p.column = 1;
    } else if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) {
      ++p.column;
    }
  }
  return p;
}

}  // namespace

void ConfigBuilder::AddScript(const sql::Script& script) {
  ScriptSettings out;
  out.settings.reserve(script.size());
  out.after_job_line.reserve(script.size());
  int64_t first_job_line = -1;
  for (size_t i = 0; i < script.size(); ++i) {
    const sql::Statement& st = script[i];
    if (StartsJob(st.kind) && first_job_line < 0) first_job_line = st.begin_line;
    if (st.kind != sql::StatementKind::kSet && st.kind != sql::StatementKind::kReset) continue;
    sql::SetStatement set = script.ReadSet(i, &out.diagnostics);
    if (!set.valid || (!set.has_key && !set.reset)) continue;  // SET alone lists
    Setting s;
    s.key = std::move(set.key);
    s.value = std::move(set.value);
    s.reset = set.reset && set.has_key;
    s.reset_all = set.reset && !set.has_key;
    out.has_reset = out.has_reset || set.reset;
    s.origin.layer = Layer::kScript;
    s.origin.source = script.source_name();
    std::string_view text = script.text();
    size_t key_begin = set.key_begin;
    if (set.has_key && key_begin < set.key_end &&
        (text[key_begin] == '\'' || text[key_begin] == '"')) {
      ++key_begin;
    }
    const size_t kb = set.has_key ? script.ToSource(key_begin) : script.SourceBegin(i);
    TextPosition kp = PositionIn(script, i, set.has_key ? key_begin : script[i].begin);
    s.origin.key_line = kp.line;
    s.origin.key_column = kp.column;
    s.origin.key_offset = static_cast<int64_t>(kb);
    s.origin.key_end = static_cast<int64_t>(set.has_key ? script.ToSource(set.key_end) : kb);
    if (!set.reset) {
      size_t vb = set.value_begin;
      if (vb < set.value_end && (text[vb] == '\'' || text[vb] == '"')) ++vb;
      const size_t vs = script.ToSource(vb);
      TextPosition vp = PositionIn(script, i, vb, &kp, set.has_key ? key_begin : script[i].begin);
      s.origin.value_line = vp.line;
      s.origin.value_column = vp.column;
      s.origin.value_offset = static_cast<int64_t>(vs);
      s.origin.value_end = static_cast<int64_t>(script.ToSource(set.value_end));
    }
    out.settings.push_back(std::move(s));
    out.after_job_line.push_back(first_job_line);
  }
  // Dinky's EXECUTE CDCSOURCE ... WITH ('checkpoint' = 'N', 'parallelism' = 'N'): its operation
  // calls enableCheckpointing(N) and setParallelism(N) on the job's environment after every SET
  // was applied, so these are the script's last writes of the two options.
  for (size_t i = 0; i < script.size(); ++i) {
    if (script[i].kind != sql::StatementKind::kExecuteCdcSource) continue;
    Diagnostics cdc_diags;
    const sql::CdcSource cdc = script.ReadCdcSource(i, &cdc_diags);
    for (const Diagnostic& d : cdc_diags.entries()) {
      if (d.message.find("'checkpoint'") != std::string::npos ||
          d.message.find("'parallelism'") != std::string::npos) {
        out.diagnostics.Add(d);
      }
    }
    const std::pair<const char*, const std::optional<int64_t>*> fields[] = {
        {"checkpoint", &cdc.checkpoint}, {"parallelism", &cdc.parallelism}};
    for (const auto& [field, value] : fields) {
      const sql::Option* o = cdc.options.Find(field);
      if (!value->has_value() || o == nullptr) continue;
      Setting s;
      s.key = std::string_view(field) == "checkpoint" ? "execution.checkpointing.interval"
                                                      : "parallelism.default";
      s.value = std::to_string(**value);  // a plain number: milliseconds for the interval
      s.origin.layer = Layer::kScript;
      s.origin.source = script.source_name();
      s.origin.detail = StrCat("EXECUTE CDCSOURCE '", field, "'");
      std::string_view text = script.text();
      size_t vb = o->value_begin;
      if (vb < o->value_end && (text[vb] == '\'' || text[vb] == '"')) ++vb;
      const TextPosition vp = PositionIn(script, i, vb);
      s.origin.key_line = s.origin.value_line = vp.line;
      s.origin.key_column = s.origin.value_column = vp.column;
      s.origin.value_offset = s.origin.key_offset = static_cast<int64_t>(script.ToSource(vb));
      s.origin.value_end = s.origin.key_end = static_cast<int64_t>(script.ToSource(o->value_end));
      s.derived = true;  // spelled as Dinky's option, not as the key
      out.settings.push_back(std::move(s));
      out.after_job_line.push_back(-1);
    }
  }
  scripts_.push_back(std::move(out));
}

EffectiveConfig ConfigBuilder::Build(const BuildOptions& options) const {
  EffectiveConfig out;
  out.version_ = version_;
  Resolver resolver(version_, &out.diagnostic_keys_, &out.diagnostics_);
  auto add_diags = [&](const Diagnostics& d) {
    for (const Diagnostic& e : d.entries()) {
      out.diagnostics_.Add(e);
      out.diagnostic_keys_.emplace_back();
    }
  };

  FlatMap flat;
  std::deque<Setting> renamed;  // derived settings under the target version's names
  for (const ConfigFile& f : files_) {
    add_diags(f.diagnostics);
    out.has_session_job_ = out.has_session_job_ || f.kind == "FlinkSessionJob";
    Origin file_origin;
    file_origin.layer =
        f.format == FileFormat::kDeployment ? Layer::kDeployment : Layer::kClusterFile;
    file_origin.source = f.name;
    if (f.flink_version && *f.flink_version != version_) {
      resolver.Diag(Severity::kWarning, Code::kUnsupportedVersion, file_origin, false,
                    StrCat(f.name, " is for Flink ", f.flink_version->ToString(),
                           ", but the target is Flink ", version_.ToString()),
                    "");
    }
    if (f.format == FileFormat::kFlinkConf && version_ >= FlinkVersion{2, 0}) {
      resolver.Diag(Severity::kWarning, Code::kUnsupportedVersion, file_origin, false,
                    StrCat("Flink ", version_.ToString(),
                           " reads config.yaml only and would ignore a flink-conf.yaml; its "
                           "settings are taken as the cluster's here"),
                    "");
    } else if (f.format == FileFormat::kConfigYaml && version_ < FlinkVersion{1, 19}) {
      resolver.Diag(Severity::kWarning, Code::kUnsupportedVersion, file_origin, false,
                    StrCat("Flink ", version_.ToString(),
                           " reads flink-conf.yaml only and would ignore a config.yaml; its "
                           "settings are taken as the cluster's here"),
                    "");
    }
    for (const Setting& written : f.settings) {
      const Setting* s = &written;
      if (s->derived) {
        // The operator writes the keys it derives under the names this version reads.
        Registry::Match m = Registry::Get().Find(s->key);
        const OptionName* n = m ? m.spec->NameFor(version_) : nullptr;
        if (n != nullptr && n->name != s->key) {
          renamed.push_back(*s);
          renamed.back().key = n->name;
          s = &renamed.back();
        }
      }
      resolver.CheckWrite(*s);
      Write(&flat, *s);
    }
  }
  // RESET restores the cluster files' values: keep them only when a script resets.
  bool any_reset = false;
  for (const ScriptSettings& script : scripts_) any_reset = any_reset || script.has_reset;
  const FlatMap base = any_reset ? flat : FlatMap();

  for (const ScriptSettings& script : scripts_) {
    for (size_t i = 0; i < script.settings.size(); ++i) {
      const Setting& s = script.settings[i];
      if (script.after_job_line[i] >= 0) {
        resolver.Diag(Severity::kNote, Code::kInvalidArgument, s.origin, false,
                      StrCat(s.reset_all ? std::string("RESET") : s.key,
                             " comes after the job statement on line ", script.after_job_line[i],
                             ": Flink's SQL client applies it to later statements only (Dinky "
                             "applies every SET before it runs the job)"),
                      s.key);
      }
      resolver.CheckWrite(s);
      if (s.reset_all) {
        std::vector<absl::string_view> keys;
        for (const auto& [k, slot] : flat) keys.push_back(k);
        for (absl::string_view k : keys) Reset(&flat, base, k, s);
      } else if (s.reset) {
        Reset(&flat, base, AV(s.key), s);
      } else {
        Write(&flat, s);
      }
    }
    add_diags(script.diagnostics);
  }

  for (const Setting& s : overrides_) {
    resolver.CheckWrite(s);
    Write(&flat, s);
  }

  // Group the exact keys by option.
  const Registry& registry = Registry::Get();
  struct Group {
    std::vector<std::pair<int, Slot*>> named;  // (name index, slot)
    std::vector<Slot*> prefixed;               // map entries written as key.sub
  };
  std::vector<Group> groups(registry.options().size());
  std::vector<bool> grouped(registry.options().size(), false);
  for (auto& [key_view, slot] : flat) {
    if (!slot.present) continue;
    const std::string_view key = SV(key_view);
    if (Registry::Match m = registry.Find(key)) {
      groups[m.spec->index].named.emplace_back(m.name_index, &slot);
      grouped[m.spec->index] = true;
    } else if (const OptionSpec* map = MapPrefixOption(key)) {
      groups[map->index].prefixed.push_back(&slot);
      grouped[map->index] = true;
    } else {
      EffectiveEntry e;
      e.key = std::string(key);
      e.written_key = e.key;
      e.value = slot.current->value;
      e.normalized = e.value;
      e.status = KeyStatus::kUnknown;
      e.secret = IsSecret(nullptr, key);
      e.origin = slot.current->origin;
      e.history = Copy(slot.history);
      e.typed.text = e.value;
      e.typed.normalized = e.value;
      out.entries_.push_back(std::move(e));
    }
  }

  for (const OptionSpec& spec : registry.options()) {
    Group& g = groups[spec.index];
    const OptionName* target = spec.NameFor(version_);
    if (!grouped[spec.index]) {
      if (options.include_defaults && target != nullptr) {
        if (const std::string* d = spec.DefaultFor(version_)) {
          EffectiveEntry e;
          e.spec = &spec;
          e.key = target->name;
          e.written_key = target->name;
          e.value = *d;
          e.is_default = true;
          e.secret = spec.secret();
          ValueError ignored;
          e.valid = ParseOptionValue(spec, *d, ValueContext{version_, false}, &e.typed, &ignored);
          e.normalized = e.valid ? e.typed.normalized : e.value;
          out.entries_.push_back(std::move(e));
        }
      }
      continue;
    }
    EffectiveEntry e;
    e.spec = &spec;
    e.key = target != nullptr ? target->name : spec.key();
    e.secret = spec.secret();
    // Flink reads an option's names newest first; a name the target version does not read at
    // all comes after every name it does (it is never the value that takes effect while one
    // it reads is set).
    auto reads = [&](int index) { return spec.names[index].versions.Contains(version_); };
    std::sort(g.named.begin(), g.named.end(), [&](const auto& a, const auto& b) {
      const bool ra = reads(a.first), rb = reads(b.first);
      return ra != rb ? ra : a.first < b.first;
    });
    std::sort(g.prefixed.begin(), g.prefixed.end(),
              [](const Slot* a, const Slot* b) { return a->current->key < b->current->key; });
    const Setting* winner = nullptr;
    if (!g.named.empty()) {
      winner = g.named.front().second->current;
      e.history = Copy(g.named.front().second->history);
      const OptionName& written = spec.names[g.named.front().first];
      e.written_key = written.name;
      e.value = winner->value;
      e.origin = winner->origin;
      if (target == nullptr) {
        e.status = KeyStatus::kRefused;
      } else if (&written == target) {
        e.status = KeyStatus::kCurrent;
      } else if (written.versions.Contains(version_)) {
        e.status = KeyStatus::kDeprecated;
      } else {
        e.status = KeyStatus::kTranslated;
      }
      const ValueContext ctx = resolver.Context(*winner);
      for (size_t i = 1; i < g.named.size(); ++i) {
        const Setting& loser = *g.named[i].second->current;
        const bool same = SameValue(spec, loser.value, winner->value, ctx);
        if (!same && !reads(g.named[i].first) && target != nullptr) {
          resolver.Diag(
              Severity::kWarning, Code::kConflict, loser.origin, false,
              StrCat(loser.key, " = ", Shown(&spec, loser.key, loser.value), " is ignored: Flink ",
                     version_.ToString(), " does not read it, and ", winner->key, " = ",
                     Shown(&spec, winner->key, winner->value), " (", winner->origin.ToString(),
                     ") applies"),
              spec.key());
        } else if (!same) {
          resolver.Diag(Severity::kWarning, Code::kConflict, loser.origin, false,
                        StrCat(loser.key, " = ", Shown(&spec, loser.key, loser.value),
                               " is ignored: Flink reads ", winner->key, " first, which is ",
                               Shown(&spec, winner->key, winner->value), " (",
                               winner->origin.ToString(), ")"),
                        spec.key());
        }
        for (const Setting* h : g.named[i].second->history) e.history.push_back(*h);
        e.history.push_back(loser);
      }
      for (Slot* p : g.prefixed) {
        resolver.Diag(Severity::kWarning, Code::kConflict, p->current->origin, false,
                      StrCat(p->current->key, " is ignored: ", winner->key, " is set as a whole (",
                             winner->origin.ToString(), ")"),
                      spec.key());
      }
    } else {
      // A map option given only as key.sub entries.
      std::vector<std::pair<std::string, std::string>> entries;
      for (Slot* p : g.prefixed) {
        entries.emplace_back(p->current->key.substr(spec.key().size() + 1), p->current->value);
        if (winner == nullptr) winner = p->current;
      }
      e.written_key = winner->key;
      e.value = FormatMap(entries);
      e.origin = winner->origin;
      e.status = target == nullptr ? KeyStatus::kRefused : KeyStatus::kCurrent;
    }
    Setting as_written = *winner;
    as_written.value = e.value;
    ValueError ignored;
    e.valid = e.status != KeyStatus::kRefused &&
              ParseOptionValue(spec, e.value, resolver.Context(as_written), &e.typed, &ignored);
    e.normalized = e.valid ? e.typed.normalized : e.value;
    out.entries_.push_back(std::move(e));
  }

  std::sort(out.entries_.begin(), out.entries_.end(),
            [](const EffectiveEntry& a, const EffectiveEntry& b) { return a.key < b.key; });

  // ---- script values that cannot apply where the job runs --------------------------------
  // Such a value stays in the entry's history; the value that applies takes its place: the
  // newest write from outside the scripts, else Flink's default, else nothing that flowstate
  // knows (the entry goes).
  std::vector<ScopeFinding> scope_findings =
      CheckScopes(out, options.deployment, options.submitter);
  std::vector<std::pair<Diagnostic, std::string>> scope_diagnostics;
  std::vector<const EffectiveEntry*> gone;
  for (ScopeFinding& f : scope_findings) {
    EffectiveEntry& e = const_cast<EffectiveEntry&>(*f.entry);  // owned by `out`
    scope_diagnostics.emplace_back(std::move(f.diagnostic), e.spec->key());
    if (!f.no_effect) continue;
    Setting ineffective;
    ineffective.key = e.written_key;
    ineffective.value = e.value;
    ineffective.origin = e.origin;
    const Setting* applies = f.from_cluster_files ? nullptr : OutsideTheScripts(e);
    if (applies != nullptr) {
      Setting a = *applies;
      e.history.erase(e.history.begin() + (applies - e.history.data()));
      const OptionName* written = nullptr;
      for (const OptionName& n : e.spec->names) {
        if (n.name == a.key) written = &n;
      }
      e.written_key = a.key;
      e.value = a.value;
      e.origin = a.origin;
      e.status = written == nullptr || written->name == e.key ? KeyStatus::kCurrent
                 : written->versions.Contains(version_)       ? KeyStatus::kDeprecated
                                                              : KeyStatus::kTranslated;
      ValueError ignored;
      e.valid = ParseOptionValue(*e.spec, e.value, resolver.Context(a), &e.typed, &ignored);
    } else if (const std::string* d = e.spec->DefaultFor(version_)) {
      e.written_key = e.key;
      e.value = *d;
      e.origin = Origin{};
      e.is_default = true;
      e.status = KeyStatus::kCurrent;
      ValueError ignored;
      e.valid =
          ParseOptionValue(*e.spec, e.value, ValueContext{version_, false}, &e.typed, &ignored);
    } else {
      gone.push_back(&e);
      continue;
    }
    e.normalized = e.valid ? e.typed.normalized : e.value;
    e.history.push_back(std::move(ineffective));
  }
  if (!gone.empty()) {
    std::vector<EffectiveEntry> kept;
    for (EffectiveEntry& e : out.entries_) {
      if (std::find(gone.begin(), gone.end(), &e) == gone.end()) kept.push_back(std::move(e));
    }
    out.entries_ = std::move(kept);
  }

  // ---- checks across keys ----------------------------------------------------------------
  struct View {
    const EffectiveEntry* entry = nullptr;  // set and valid
    TypedValue typed;
    bool has = false;  // set (valid) or defaulted
  };
  auto get = [&](std::string_view key) {
    View v;
    Registry::Match m = registry.Find(key);
    if (!m) return v;
    for (const EffectiveEntry& e : out.entries_) {
      if (e.spec == m.spec && !e.is_default) {
        if (e.valid) {
          v.entry = &e;
          v.typed = e.typed;
          v.has = true;
        }
        return v;
      }
    }
    if (const std::string* d = m.spec->DefaultFor(version_)) {
      ValueError ignored;
      v.has = ParseOptionValue(*m.spec, *d, ValueContext{version_, false}, &v.typed, &ignored);
    }
    return v;
  };
  auto at = [&](const View& v, Severity sev, Code code, std::string msg, std::string_view key) {
    Origin none;
    resolver.Diag(sev, code, v.entry != nullptr ? v.entry->origin : none, false, std::move(msg),
                  key);
  };
  auto name = [&](std::string_view key) {
    Registry::Match m = registry.Find(key);
    const OptionName* n = m ? m.spec->NameFor(version_) : nullptr;
    return n != nullptr ? n->name : std::string(key);
  };

  const View interval = get("execution.checkpointing.interval");
  const bool checkpointing = interval.entry != nullptr;
  const View retention = get("execution.checkpointing.externalized-checkpoint-retention");
  const View unaligned = get("execution.checkpointing.unaligned.enabled");
  const View mode = get("execution.checkpointing.mode");
  const View max_concurrent = get("execution.checkpointing.max-concurrent-checkpoints");
  const View retained = get("execution.checkpointing.num-retained");
  const View dir = get("execution.checkpointing.dir");
  const View storage = get("execution.checkpointing.storage");
  const bool retaining = retention.has && retention.typed.text != "NO_EXTERNALIZED_CHECKPOINTS";

  if (!checkpointing) {
    static constexpr const char* kNeedsCheckpointing[] = {
        "execution.checkpointing.externalized-checkpoint-retention",
        "execution.checkpointing.unaligned.enabled",
        "execution.checkpointing.num-retained",
        "execution.checkpointing.tolerable-failed-checkpoints",
        "execution.checkpointing.timeout",
        "execution.checkpointing.min-pause",
        "execution.checkpointing.max-concurrent-checkpoints",
        "execution.checkpointing.mode",
    };
    for (const char* key : kNeedsCheckpointing) {
      View v = get(key);
      if (v.entry == nullptr) continue;
      if (std::string_view(key) == "execution.checkpointing.unaligned.enabled" &&
          !v.typed.boolean) {
        continue;
      }
      at(v, Severity::kWarning, Code::kInvalidArgument,
         StrCat(v.entry->written_key, " has no effect: checkpointing is off (",
                name("execution.checkpointing.interval"), " is not set)"),
         key);
    }
  } else {
    if (unaligned.has && unaligned.typed.boolean) {
      if (mode.has && mode.typed.text == "AT_LEAST_ONCE") {
        at(unaligned.entry != nullptr ? unaligned : mode, Severity::kError, Code::kConflict,
           StrCat("unaligned checkpoints need EXACTLY_ONCE, but ",
                  name("execution.checkpointing.mode"), " is AT_LEAST_ONCE"),
           "execution.checkpointing.unaligned.enabled");
      }
      if (max_concurrent.has && max_concurrent.typed.integer > 1) {
        at(unaligned.entry != nullptr ? unaligned : max_concurrent, Severity::kError,
           Code::kConflict,
           StrCat("unaligned checkpoints need at most 1 concurrent checkpoint, but ",
                  name("execution.checkpointing.max-concurrent-checkpoints"), " is ",
                  max_concurrent.typed.integer),
           "execution.checkpointing.unaligned.enabled");
      }
    }
    const bool in_memory = storage.has && EqualsIgnoreCase(storage.typed.text, "jobmanager");
    const bool many_retained = retained.entry != nullptr && retained.typed.integer > 1;
    if (dir.entry == nullptr && (retaining || many_retained)) {
      const View& v = retention.entry != nullptr ? retention : retained;
      at(v, Severity::kError, Code::kInvalidArgument,
         StrCat(retaining ? "checkpoints are to be retained" : "several checkpoints are to be kept",
                ", but no checkpoint directory is set (", name("execution.checkpointing.dir"),
                "): nothing would be written to storage to restore from"),
         v.entry != nullptr ? v.entry->spec->key() : "execution.checkpointing.dir");
    } else if (dir.entry == nullptr && storage.entry != nullptr && !in_memory) {
      at(storage, Severity::kError, Code::kInvalidArgument,
         StrCat("checkpoint storage 'filesystem' needs a checkpoint directory (",
                name("execution.checkpointing.dir"), ")"),
         "execution.checkpointing.storage");
    } else if (dir.entry == nullptr) {
      at(interval, Severity::kWarning, Code::kInvalidArgument,
         StrCat("checkpoints are kept in JobManager memory only (no ",
                name("execution.checkpointing.dir"),
                "): once the cluster is gone there is nothing to restore from"),
         "execution.checkpointing.dir");
    } else if (in_memory && storage.entry != nullptr) {
      at(storage, Severity::kWarning, Code::kConflict,
         StrCat("checkpoint storage 'jobmanager' keeps checkpoints in memory; ",
                name("execution.checkpointing.dir"), " only receives their metadata"),
         "execution.checkpointing.storage");
    }
    const View min_pause = get("execution.checkpointing.min-pause");
    if (min_pause.entry != nullptr && !(min_pause.typed.duration < interval.typed.duration)) {
      at(min_pause, Severity::kWarning, Code::kConflict,
         StrCat("the pause between checkpoints (", min_pause.typed.normalized,
                ") is not shorter than the interval (", interval.typed.normalized,
                "): checkpoints will be further apart than the interval says"),
         "execution.checkpointing.min-pause");
    }
  }

  const View restart = get("restart-strategy.type");
  if (restart.entry != nullptr) {
    const std::string& strategy = restart.typed.text;
    if (strategy == "fixed-delay" &&
        get("restart-strategy.fixed-delay.attempts").entry == nullptr) {
      at(restart, Severity::kWarning, Code::kInvalidArgument,
         "fixed-delay restarts with no restart-strategy.fixed-delay.attempts: Flink restarts the "
         "job once (the default is 1), then fails it",
         "restart-strategy.type");
    }
    if (strategy == "failure-rate" &&
        get("restart-strategy.failure-rate.max-failures-per-interval").entry == nullptr) {
      at(restart, Severity::kWarning, Code::kInvalidArgument,
         "failure-rate restarts with no restart-strategy.failure-rate.max-failures-per-interval: "
         "the job fails on its second failure within a minute (the defaults)",
         "restart-strategy.type");
    }
    static constexpr const char* kFamilies[] = {"fixed-delay", "failure-rate", "exponential-delay"};
    for (const EffectiveEntry& e : out.entries_) {
      if (e.spec == nullptr || e.is_default || !StartsWith(e.key, "restart-strategy.")) continue;
      for (const char* family : kFamilies) {
        if (StartsWith(e.key, StrCat("restart-strategy.", family, ".")) && strategy != family) {
          resolver.Diag(Severity::kWarning, Code::kConflict, e.origin, false,
                        StrCat(e.written_key, " has no effect: the restart strategy is ",
                               strategy.empty() ? restart.entry->value : strategy),
                        e.spec->key());
        }
      }
    }
  }

  const View ha = get("high-availability.type");
  const bool ha_on = ha.has && !EqualsIgnoreCase(ha.typed.text, "NONE");
  if (ha_on && get("high-availability.storageDir").entry == nullptr) {
    at(ha, Severity::kError, Code::kInvalidArgument,
       "high availability is on, but high-availability.storageDir is not set: Flink needs it to "
       "persist JobManager metadata",
       "high-availability.type");
  }
  const View replicas = get("kubernetes.jobmanager.replicas");
  if (replicas.entry != nullptr && replicas.typed.integer > 1 && !ha_on) {
    at(replicas, Severity::kError, Code::kConflict,
       StrCat(replicas.typed.integer, " JobManager replicas need high availability, which is off (",
              name("high-availability.type"), ")"),
       "kubernetes.jobmanager.replicas");
  }

  const View incremental = get("execution.checkpointing.incremental");
  const View backend = get("state.backend.type");
  if (incremental.entry != nullptr && incremental.typed.boolean && backend.has &&
      EqualsIgnoreCase(backend.typed.text, "hashmap")) {
    at(incremental, Severity::kWarning, Code::kConflict,
       "incremental checkpoints have no effect with the hashmap state backend (use rocksdb)",
       "execution.checkpointing.incremental");
  }

  const View path = get("execution.state-recovery.path");
  for (const char* key :
       {"execution.state-recovery.claim-mode", "execution.state-recovery.ignore-unclaimed-state"}) {
    View v = get(key);
    if (v.entry != nullptr && path.entry == nullptr) {
      at(v, Severity::kNote, Code::kInvalidArgument,
         StrCat(v.entry->written_key, " has no effect without ",
                name("execution.state-recovery.path")),
         key);
    }
  }
  if (path.entry != nullptr) {
    std::string_view p = path.typed.text;
    if (!p.empty() && p[0] != '/' && p.find(":/") == std::string_view::npos) {
      at(path, Severity::kError, Code::kInvalidArgument,
         StrCat(path.entry->written_key,
                " must be an absolute path or a URI (file:///..., hdfs://...), not ", Quote(p)),
         "execution.state-recovery.path");
    }
  }

  for (const char* process : {"jobmanager", "taskmanager"}) {
    const View total = get(StrCat(process, ".memory.process.size"));
    if (total.entry == nullptr) continue;
    for (const char* part : {".memory.flink.size", ".memory.heap.size", ".memory.task.heap.size",
                             ".memory.managed.size"}) {
      const View v = get(StrCat(process, part));
      if (v.entry != nullptr && v.typed.bytes >= total.typed.bytes) {
        at(v, Severity::kError, Code::kConflict,
           StrCat(v.entry->written_key, " (", v.typed.normalized,
                  ") does not fit in the process size ", total.typed.normalized, " (",
                  total.entry->written_key, ")"),
           v.entry->spec->key());
      }
    }
  }

  // ---- Dinky's CDCSOURCE over the script's SETs -------------------------------------------
  for (const EffectiveEntry& e : out.entries_) {
    if (e.spec == nullptr || e.origin.layer != Layer::kScript ||
        !StartsWith(e.origin.detail, "EXECUTE CDCSOURCE")) {
      continue;
    }
    const bool is_interval = e.spec->key() == "execution.checkpointing.interval";
    const std::string field = is_interval ? "checkpoint" : "parallelism";
    const std::string what = is_interval ? StrCat("checkpointing every ", e.value, " ms")
                                         : StrCat("the parallelism ", e.value);
    const std::string where =
        Origin{Layer::kScript, e.origin.source, e.origin.key_line, e.origin.key_column}.ToString();
    std::string over;
    for (const Setting& h : e.history) {
      if (!over.empty()) StrAppend(&over, ", ");
      StrAppend(&over, h.key, " = ", h.value, " (", h.origin.ToString(), ")");
      if (h.origin.layer != Layer::kScript || !h.origin.detail.empty()) continue;
      resolver.Diag(
          Severity::kWarning, Code::kConflict, h.origin, false,
          StrCat(h.key, " = ", h.value, ": no effect on the job EXECUTE CDCSOURCE builds: ",
                 "Dinky's CDCSOURCE operation sets ", what, " ('", field, "' at ", where,
                 ") on the job's environment after applying every SET"),
          e.spec->key());
    }
    std::string note = StrCat("'", field, "' = '", e.value, "': Dinky's CDCSOURCE operation sets ",
                              what, " on the job's environment after applying every SET");
    if (!over.empty()) StrAppend(&note, ", over ", over);
    if (!is_interval) {
      const EffectiveEntry* table = out.Find("table.exec.resource.default-parallelism");
      if (table != nullptr && !table->is_default && table->valid && table->typed.integer > 0) {
        StrAppend(&note, "; operators the sink builds through Flink SQL run with ",
                  "table.exec.resource.default-parallelism = ", table->value, " (",
                  table->origin.ToString(), ") instead");
      }
    } else {
      StrAppend(&note, "; the other checkpointing options (mode, timeout, retention) still come ",
                "from the SETs");
    }
    resolver.Diag(Severity::kNote, Code::kInvalidArgument, e.origin, true, note, e.spec->key());
  }

  // ---- directories the pods of a FlinkDeployment do not share ----------------------------
  for (const ConfigFile& f : files_) {
    for (PodStorageFinding& p : CheckPodStorage(out, f)) {
      out.diagnostics_.Add(std::move(p.diagnostic));
      out.diagnostic_keys_.push_back(std::move(p.key));
    }
  }

  // ---- what the script sets but cannot change where the job runs -------------------------
  for (auto& [d, key] : scope_diagnostics) {
    out.diagnostics_.Add(std::move(d));
    out.diagnostic_keys_.push_back(std::move(key));
  }
  return out;
}

}  // namespace flowstate::core::config
