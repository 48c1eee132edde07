#include "config/files.h"

#include <map>

#include "common/strings.h"
#include "config/registry.h"
#include "config/value.h"

namespace flowstate::core::config {

const char* FileFormatName(FileFormat f) {
  const char* name = NameOf(f);
  return name != nullptr ? name : "unknown";
}

const char* LayerName(Layer layer) {
  const char* name = NameOf(layer);
  return name != nullptr ? name : "unknown";
}

std::string Origin::ToString() const {
  if (layer == Layer::kDefault) return "default";
  std::string out = source.empty() ? std::string(LayerName(layer)) : source;
  int64_t line = key_line >= 0 ? key_line : value_line;
  int64_t column = key_line >= 0 ? key_column : value_column;
  if (line >= 0) StrAppend(&out, ":", line);
  if (line >= 0 && column >= 0 && layer == Layer::kScript) StrAppend(&out, ":", column);
  if (!detail.empty()) StrAppend(&out, " (", detail, ")");
  return out;
}

namespace {

// 1-based column, in code points, of byte `offset` within `line`.
int64_t ColumnOf(std::string_view line, size_t offset) {
  int64_t col = 1;
  for (size_t i = 0; i < offset && i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++col;
  }
  return col;
}

void AddAt(Diagnostics* diags, Severity severity, std::string_view source, int64_t line,
           int64_t column, std::string message, Code code = Code::kParse) {
  Diagnostic d;
  d.severity = severity;
  d.code = code;
  d.message = std::move(message);
  d.source = std::string(source);
  d.line = line;
  d.column = column;
  diags->Add(std::move(d));
}

// What the YAML reader read leniently, as warnings of the file.
void AddYamlWarnings(const YamlStream& stream, std::string_view name, Diagnostics* diags) {
  for (const YamlStream::Warning& w : stream.warnings()) {
    AddAt(diags, Severity::kWarning, name, w.line, w.column, w.message);
  }
}

}  // namespace

ConfigFile ReadFlinkConf(std::string_view text, std::string_view name) {
  ConfigFile out;
  out.format = FileFormat::kFlinkConf;
  out.name = std::string(name);
  std::map<std::string, int64_t, std::less<>> first_line;
  int64_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    // BufferedReader.readLine: a line ends at \n, \r or \r\n.
    size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end;
    if (pos < text.size()) {
      pos += (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ? 2 : 1;
    }
    ++line_no;

    size_t hash = line.find('#');
    std::string_view conf = JavaTrim(line.substr(0, hash));
    if (conf.empty()) continue;
    size_t conf_begin = static_cast<size_t>(conf.data() - line.data());
    size_t sep = conf.find(": ");
    if (sep == std::string_view::npos) {
      std::string msg = "not a 'key: value' line (missing space after ':'?); Flink skips it";
      if (hash != std::string_view::npos && conf.back() == ':') {
        msg = "the value starts with '#', which begins a comment; Flink skips this line";
      }
      AddAt(&out.diagnostics, Severity::kWarning, name, line_no, ColumnOf(line, conf_begin), msg);
      continue;
    }
    std::string_view key = JavaTrim(conf.substr(0, sep));
    std::string_view value = JavaTrim(conf.substr(sep + 2));
    if (key.empty() || value.empty()) {
      AddAt(&out.diagnostics, Severity::kWarning, name, line_no, ColumnOf(line, conf_begin),
            "the key or the value is empty; Flink skips this line");
      continue;
    }
    if (StartsWith(key, "\xC2\xA0") || EndsWith(key, "\xC2\xA0")) {
      AddAt(&out.diagnostics, Severity::kWarning, name, line_no, ColumnOf(line, conf_begin),
            "the key holds a no-break space (U+00A0), as text copied from a web page often "
            "does; Flink keeps it as part of the key");
    }
    Setting s;
    s.key = std::string(key);
    s.value = std::string(value);
    s.origin.layer = Layer::kClusterFile;
    s.origin.source = out.name;
    s.origin.key_line = s.origin.value_line = line_no;
    s.origin.key_column = ColumnOf(line, static_cast<size_t>(key.data() - line.data()));
    s.origin.value_column = ColumnOf(line, static_cast<size_t>(value.data() - line.data()));
    if (hash != std::string_view::npos && hash > 0 && !IsAsciiSpace(line[hash - 1]) &&
        value.data() + value.size() == line.data() + hash) {
      AddAt(&out.diagnostics, Severity::kWarning, name, line_no, ColumnOf(line, hash),
            StrCat("'#' starts a comment in flink-conf.yaml, even inside a value: ", s.key,
                   " is read as ", Quote(s.value)));
    }
    auto [it, inserted] = first_line.try_emplace(s.key, line_no);
    if (!inserted) {
      AddAt(&out.diagnostics, Severity::kNote, name, line_no, s.origin.key_column,
            StrCat(s.key, " is also set on line ", it->second, "; this later line wins"));
    }
    if (s.key == "$internal.flink.version") {
      auto v = FlinkVersion::ParseAnyRelease(s.value);
      if (v.ok()) out.flink_version = *v;
    }
    out.settings.push_back(std::move(s));
  }
  return out;
}

namespace {

// Flattens nested YAML maps into dotted keys, the way Flink reads config.yaml.
class Flattener {
 public:
  Flattener(ConfigFile* out, Layer layer, size_t budget, std::string_view what)
      : out_(out), layer_(layer), budget_(budget), what_(what) {}

  Status Walk(const YamlNode* map, const std::string& prefix, const std::string& path) {
    for (size_t i = 0; i + 1 < map->items.size(); i += 2) {
      const YamlNode* k = map->items[i];
      const YamlNode* v = map->items[i + 1];
      FS_RETURN_IF_ERROR(Visit(k));
      if (!k->is_scalar()) {
        return Status(Code::kParse, StrCat(out_->name, ":", k->line, ":", k->column,
                                           ": a key must be a plain value in ", what_));
      }
      if (k->text.empty()) {
        // '': no option has an empty name (nor a name with an empty part); what is under it
        // reaches nothing.
        AddAt(&out_->diagnostics, Severity::kWarning, out_->name, k->line, k->column,
              prefix.empty()
                  ? std::string("an empty key names no option; it is ignored")
                  : StrCat("an empty key under ", prefix, " names no option; it is ignored"));
        continue;
      }
      std::string key = prefix.empty() ? k->text : StrCat(prefix, ".", k->text);
      std::string child_path = path.empty() ? k->text : StrCat(path, ".", k->text);
      FS_RETURN_IF_ERROR(Visit(v));
      if (v->is_mapping()) {
        FS_RETURN_IF_ERROR(Walk(v, key, child_path));
        continue;
      }
      if (v->is_null()) {
        AddAt(&out_->diagnostics, Severity::kWarning, out_->name, k->line, k->column,
              StrCat(key, " has no value; Flink ignores it"));
        continue;
      }
      Setting s;
      s.key = key;
      s.yaml_flow = true;
      if (v->is_sequence()) {
        FS_RETURN_IF_ERROR(Flow(v, &s.value));
      } else {
        s.value = v->text;
      }
      s.origin.layer = layer_;
      s.origin.source = out_->name;
      s.origin.key_line = k->line;
      s.origin.key_column = k->column;
      s.origin.value_line = v->line;
      s.origin.value_column = v->column;
      auto [it, inserted] = seen_.try_emplace(key, k->line);
      if (!inserted) {
        AddAt(&out_->diagnostics, Severity::kWarning, out_->name, k->line, k->column,
              StrCat(key, " is also set on line ", it->second, "; this later one wins"));
      }
      out_->settings.push_back(std::move(s));
    }
    return Status();
  }

 private:
  Status Visit(const YamlNode* n) {
    if (budget_ == 0) {
      return Status(Code::kInvalidArgument, StrCat(out_->name, ":", n->line, ":", n->column,
                                                   ": too many nodes once aliases are expanded"));
    }
    --budget_;
    return Status();
  }

  // A sequence as a YAML flow list, the form Flink 2.x reads back.
  Status Flow(const YamlNode* n, std::string* out) {
    FS_RETURN_IF_ERROR(Visit(n));
    if (n->is_scalar()) {
      *out += YamlScalar(n->text);
    } else if (n->is_null()) {
      *out += "null";
    } else if (n->is_sequence()) {
      *out += "[";
      for (size_t i = 0; i < n->items.size(); ++i) {
        if (i > 0) *out += ", ";
        FS_RETURN_IF_ERROR(Flow(n->items[i], out));
      }
      *out += "]";
    } else {
      *out += "{";
      for (size_t i = 0; i + 1 < n->items.size(); i += 2) {
        if (i > 0) *out += ", ";
        FS_RETURN_IF_ERROR(Flow(n->items[i], out));
        *out += ": ";
        FS_RETURN_IF_ERROR(Flow(n->items[i + 1], out));
      }
      *out += "}";
    }
    return Status();
  }

  ConfigFile* out_;
  Layer layer_;
  size_t budget_;
  std::string_view what_;
  std::map<std::string, int64_t, std::less<>> seen_;
};

}  // namespace

Result<ConfigFile> ReadConfigYaml(std::string_view text, std::string_view name,
                                  const YamlLimits& limits) {
  ConfigFile out;
  out.format = FileFormat::kConfigYaml;
  out.name = std::string(name);
  FS_ASSIGN_OR_RETURN(YamlStream stream, YamlStream::Read(text, name, limits));
  AddYamlWarnings(stream, name, &out.diagnostics);
  if (stream.documents().size() > 1) {
    const YamlNode* second = stream.documents()[1];
    return Status(Code::kParse, StrCat(name, ":", second->line, ":", second->column,
                                       ": config.yaml holds one YAML document, not several"));
  }
  if (stream.documents().empty() || stream.documents()[0]->is_null()) return out;
  const YamlNode* root = stream.documents()[0];
  if (!root->is_mapping()) {
    return Status(Code::kParse, StrCat(name, ":", root->line, ":", root->column,
                                       ": expected a map of keys to values"));
  }
  Flattener flat(&out, Layer::kClusterFile, limits.max_walk, "config.yaml");
  FS_RETURN_IF_ERROR(flat.Walk(root, "", ""));
  for (const Setting& s : out.settings) {
    if (s.key == "$internal.flink.version") {
      auto v = FlinkVersion::ParseAnyRelease(s.value);
      if (v.ok()) out.flink_version = *v;
    }
  }
  return out;
}

namespace {

std::string ScalarText(const YamlNode* n) { return n != nullptr && n->is_scalar() ? n->text : ""; }

// A Kubernetes memory quantity with a binary suffix (512Mi, 2Gi) in Flink's spelling; other
// values unchanged.
std::string OperatorMemory(const std::string& v) {
  static constexpr const char* kSuffixes[][2] = {
      {"Ki", "k"}, {"Mi", "m"}, {"Gi", "g"}, {"Ti", "t"}};
  for (const auto& s : kSuffixes) {
    if (EndsWith(v, s[0]) && v.size() > 2) return StrCat(v.substr(0, v.size() - 2), s[1]);
  }
  return v;
}

class DeploymentReader {
 public:
  DeploymentReader(ConfigFile* out, const YamlLimits& limits) : out_(out), limits_(limits) {}

  Status Read(const YamlNode* doc) {
    const YamlNode* spec = doc->Find("spec");
    if (spec == nullptr || !spec->is_mapping()) {
      return Status(Code::kParse, StrCat(out_->name, ":", doc->line, ":", doc->column, ": ",
                                         out_->kind, " has no spec map"));
    }
    const YamlNode* metadata = doc->Find("metadata");
    if (metadata != nullptr) out_->resource_name = ScalarText(metadata->Find("name"));
    if (const YamlNode* v = spec->Find("flinkVersion"); v != nullptr && v->is_scalar()) {
      auto parsed = FlinkVersion::ParseAnyRelease(v->text);
      if (parsed.ok()) {
        out_->flink_version = *parsed;
      } else {
        AddAt(&out_->diagnostics, Severity::kWarning, out_->name, v->line, v->column,
              StrCat("spec.flinkVersion ", Quote(v->text),
                     " is not a Flink version (expected e.g. v1_20)"));
      }
    }
    const bool deployment = out_->kind == "FlinkDeployment";
    // The operator's own keys first; spec.flinkConfiguration may not override them, so they
    // are applied after it (see Derive below).
    if (const YamlNode* conf = spec->Find("flinkConfiguration"); conf != nullptr) {
      if (conf->is_mapping()) {
        Flattener flat(out_, Layer::kDeployment, limits_.max_walk, "flinkConfiguration");
        FS_RETURN_IF_ERROR(flat.Walk(conf, "", "spec.flinkConfiguration"));
      } else if (!conf->is_null()) {
        return Status(Code::kParse, StrCat(out_->name, ":", conf->line, ":", conf->column,
                                           ": spec.flinkConfiguration must be a map"));
      }
    }
    if (deployment) {
      if (metadata != nullptr) {
        Derive(metadata->Find("name"), "kubernetes.cluster-id", "metadata.name");
        Derive(metadata->Find("namespace"), "kubernetes.namespace", "metadata.namespace");
      }
      Derive(spec->Find("image"), "kubernetes.container.image.ref", "spec.image");
      Derive(spec->Find("imagePullPolicy"), "kubernetes.container.image.pull-policy",
             "spec.imagePullPolicy");
      Derive(spec->Find("serviceAccount"), "kubernetes.service-account", "spec.serviceAccount");
      if (const YamlNode* jm = spec->Find("jobManager"); jm != nullptr && jm->is_mapping()) {
        Derive(jm->Find("replicas"), "kubernetes.jobmanager.replicas", "spec.jobManager.replicas");
        if (const YamlNode* r = jm->Find("resource"); r != nullptr && r->is_mapping()) {
          Derive(r->Find("memory"), "jobmanager.memory.process.size",
                 "spec.jobManager.resource.memory", true);
          Derive(r->Find("cpu"), "kubernetes.jobmanager.cpu", "spec.jobManager.resource.cpu");
        }
      }
      if (const YamlNode* tm = spec->Find("taskManager"); tm != nullptr && tm->is_mapping()) {
        if (const YamlNode* r = tm->Find("resource"); r != nullptr && r->is_mapping()) {
          Derive(r->Find("memory"), "taskmanager.memory.process.size",
                 "spec.taskManager.resource.memory", true);
          Derive(r->Find("cpu"), "kubernetes.taskmanager.cpu", "spec.taskManager.resource.cpu");
        }
      }
    }
    const YamlNode* job = spec->Find("job");
    if (job != nullptr && job->is_mapping()) {
      Derive(job->Find("parallelism"), "parallelism.default", "spec.job.parallelism");
      Derive(job->Find("initialSavepointPath"), "execution.state-recovery.path",
             "spec.job.initialSavepointPath");
      Derive(job->Find("allowNonRestoredState"), "execution.state-recovery.ignore-unclaimed-state",
             "spec.job.allowNonRestoredState");
    }
    if (deployment) {
      Setting s = MakeDerived(
          "execution.target",
          job != nullptr && job->is_mapping() ? "kubernetes-application" : "kubernetes-session",
          doc, job != nullptr ? "spec.job" : "no spec.job: a session cluster");
      out_->settings.push_back(std::move(s));
      if (const YamlNode* v = spec->Find("flinkVersion"); v != nullptr && v->is_scalar()) {
        Derive(v, "$internal.flink.version", "spec.flinkVersion");
      }
    }
    if (deployment) ReadPods(spec);
    return Status();
  }

 private:
  // The pod templates' volumes and the main container's mounts (the operator merges the
  // JobManager's and TaskManager's templates over the common one, containers by name).
  void ReadPods(const YamlNode* spec) {
    PodStorage& pods = out_->pods;
    pods.present = true;
    auto read_template = [&](const YamlNode* holder, PodStorage::Role role) {
      if (holder == nullptr || !holder->is_mapping()) return;
      const YamlNode* tmpl = holder->Find("podTemplate");
      const YamlNode* pod = tmpl != nullptr && tmpl->is_mapping() ? tmpl->Find("spec") : nullptr;
      if (pod == nullptr || !pod->is_mapping()) return;
      if (const YamlNode* cs = pod->Find("containers"); cs != nullptr && cs->is_sequence()) {
        for (const YamlNode* c : cs->items) {
          if (!c->is_mapping() || ScalarText(c->Find("name")) != "flink-main-container") continue;
          const YamlNode* mounts = c->Find("volumeMounts");
          if (mounts == nullptr || !mounts->is_sequence()) continue;
          for (const YamlNode* m : mounts->items) {
            if (!m->is_mapping()) continue;
            PodStorage::Mount mount;
            mount.role = role;
            mount.path = ScalarText(m->Find("mountPath"));
            mount.volume = ScalarText(m->Find("name"));
            mount.line = m->line;
            if (!mount.path.empty()) pods.mounts.push_back(std::move(mount));
          }
        }
      }
      if (const YamlNode* vs = pod->Find("volumes"); vs != nullptr && vs->is_sequence()) {
        for (const YamlNode* v : vs->items) {
          if (!v->is_mapping()) continue;
          PodStorage::Volume volume;
          volume.role = role;
          volume.line = v->line;
          for (size_t i = 0; i + 1 < v->items.size(); i += 2) {
            const std::string key = ScalarText(v->items[i]);
            if (key == "name") {
              volume.name = ScalarText(v->items[i + 1]);
            } else if (volume.type.empty()) {
              volume.type = key;
              if (key == "persistentVolumeClaim" && v->items[i + 1]->is_mapping()) {
                volume.claim = ScalarText(v->items[i + 1]->Find("claimName"));
              }
            }
          }
          if (!volume.name.empty()) pods.volumes.push_back(std::move(volume));
        }
      }
    };
    read_template(spec, PodStorage::Role::kAll);
    read_template(spec->Find("jobManager"), PodStorage::Role::kJobManager);
    read_template(spec->Find("taskManager"), PodStorage::Role::kTaskManager);
  }

  Setting MakeDerived(const std::string& key, std::string value, const YamlNode* at,
                      const std::string& detail) {
    Setting s;
    s.key = key;
    s.value = std::move(value);
    s.derived = true;
    s.origin.layer = Layer::kDeployment;
    s.origin.source = out_->name;
    s.origin.value_line = s.origin.key_line = at->line;
    s.origin.value_column = s.origin.key_column = at->column;
    s.origin.detail = detail;
    return s;
  }

  void Derive(const YamlNode* node, const std::string& key, const std::string& path,
              bool memory = false) {
    if (node == nullptr || node->is_null()) return;
    if (!node->is_scalar()) {
      AddAt(&out_->diagnostics, Severity::kError, out_->name, node->line, node->column,
            StrCat(path, " must be a plain value"));
      return;
    }
    std::string value = memory ? OperatorMemory(node->text) : node->text;
    out_->settings.push_back(MakeDerived(key, std::move(value), node, path));
  }

  ConfigFile* out_;
  const YamlLimits& limits_;
};

}  // namespace

Result<ConfigFile> ReadDeployment(std::string_view text, std::string_view name,
                                  const YamlLimits& limits) {
  ConfigFile out;
  out.format = FileFormat::kDeployment;
  out.name = std::string(name);
  FS_ASSIGN_OR_RETURN(YamlStream stream, YamlStream::Read(text, name, limits));
  AddYamlWarnings(stream, name, &out.diagnostics);
  bool found = false;
  std::vector<PodStorage::Claim> claims;
  for (const YamlNode* doc : stream.documents()) {
    if (!doc->is_mapping()) continue;
    std::string kind = ScalarText(doc->Find("kind"));
    if (kind == "PersistentVolumeClaim") {
      PodStorage::Claim claim;
      const YamlNode* metadata = doc->Find("metadata");
      if (metadata != nullptr && metadata->is_mapping()) {
        claim.name = ScalarText(metadata->Find("name"));
      }
      claim.line = doc->line;
      const YamlNode* spec = doc->Find("spec");
      const YamlNode* modes =
          spec != nullptr && spec->is_mapping() ? spec->Find("accessModes") : nullptr;
      if (modes != nullptr && modes->is_sequence()) {
        for (const YamlNode* m : modes->items) claim.access_modes.push_back(ScalarText(m));
      }
      if (!claim.name.empty()) claims.push_back(std::move(claim));
      continue;
    }
    if (found || (kind != "FlinkDeployment" && kind != "FlinkSessionJob")) continue;
    out.kind = kind;
    DeploymentReader reader(&out, limits);
    FS_RETURN_IF_ERROR(reader.Read(doc));
    if (kind == "FlinkSessionJob") {  // its map is the job's; spec.job's fields go with the run
      for (Setting& setting : out.settings) setting.origin.job_resource = !setting.derived;
    }
    found = true;
  }
  if (found) {
    if (out.pods.present) out.pods.claims = std::move(claims);
    return out;
  }
  return Status(Code::kNotFound,
                StrCat(name, ": no FlinkDeployment or FlinkSessionJob resource in it"));
}

FileFormat DetectFormat(std::string_view name, std::string_view text) {
  std::string_view base = name.substr(name.find_last_of('/') + 1);
  if (base == "flink-conf.yaml") return FileFormat::kFlinkConf;
  if (base == "config.yaml") return FileFormat::kConfigYaml;
  if (text.find("kind: FlinkDeployment") != std::string_view::npos ||
      text.find("kind: FlinkSessionJob") != std::string_view::npos) {
    return FileFormat::kDeployment;
  }
  // A nested map (an indented key under a key without a value) means standard YAML; Flink
  // 1.x's reader would skip such lines.
  size_t pos = 0;
  bool after_bare_key = false;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    std::string_view content = JavaTrim(line.substr(0, line.find('#')));
    if (content.empty()) continue;
    bool indented = IsAsciiSpace(line[0]);
    if (indented && after_bare_key) return FileFormat::kConfigYaml;
    after_bare_key = !indented && content.back() == ':';
  }
  return FileFormat::kFlinkConf;
}

Result<ConfigFile> ReadClusterFile(std::string_view text, std::string_view name, FileFormat format,
                                   const YamlLimits& limits) {
  if (format == FileFormat::kAuto) format = DetectFormat(name, text);
  switch (format) {
    case FileFormat::kFlinkConf:
      if (text.size() > limits.max_bytes) {
        return Status(Code::kInvalidArgument,
                      StrCat(name, ": ", text.size(), " bytes is more than the limit of ",
                             limits.max_bytes, " bytes"));
      }
      return ReadFlinkConf(text, name);
    case FileFormat::kConfigYaml:
      return ReadConfigYaml(text, name, limits);
    case FileFormat::kDeployment:
      return ReadDeployment(text, name, limits);
    case FileFormat::kAuto:
      break;
  }
  return Status(Code::kInvalidArgument, "unknown configuration file format");
}

}  // namespace flowstate::core::config
