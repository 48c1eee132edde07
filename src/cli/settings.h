// The settings file of the flowstate program: where the catalog lives, which clusters
// exist, how storage is reached (mount table, WebHDFS endpoints).
//
// Location: --settings FILE, else $FLOWSTATE_SETTINGS, else
// $XDG_CONFIG_HOME/flowstate/settings.ini (default ~/.config/flowstate/settings.ini).
// A missing default file means "no settings"; a missing explicit file is an error.
//
// Format (git-config style):
//   # comment            ; comment
//   [catalog]
//   path = /var/lib/flowstate/catalog.db
//   [cluster "prod"]
//   url = http://jobmanager:8081
//   token = ${env:FLINK_TOKEN}        # ${env:NAME} is replaced from the environment
//   [mount "file:///opt/flink/volume"]
//   path = /mnt/flink-volume
// Section and key names are case-insensitive ASCII ([a-z0-9._-]); subsection names are
// quoted and kept exactly. Values are trimmed; "double quotes" keep spaces and allow the
// escapes backslash-quote, backslash-backslash, backslash-n and backslash-t. A key may
// appear once per section.
#ifndef FLOWSTATE_SRC_CLI_SETTINGS_H_
#define FLOWSTATE_SRC_CLI_SETTINGS_H_

#include <string>
#include <string_view>
#include <vector>

#include "flowstate/status.hpp"

namespace flowstate::cli {

struct SettingsEntry {
  std::string key;  // lower-case
  std::string value;
  int line = 0;
};

struct SettingsSection {
  std::string name;        // lower-case
  std::string subsection;  // as written; empty when the header has none
  int line = 0;
  std::vector<SettingsEntry> entries;

  const SettingsEntry* Find(std::string_view key) const;
  // The value of `key`, or `fallback` when absent.
  std::string Get(std::string_view key, std::string_view fallback = {}) const;
};

class Settings {
 public:
  // Reads `path`, or the default location when empty.
  static Result<Settings> Load(const std::string& path);
  // Parses text; `source` names it in errors ("settings.ini:12: ...").
  static Result<Settings> Parse(std::string_view text, const std::string& source);

  // The default path ($FLOWSTATE_SETTINGS / XDG / HOME), or empty if none can be formed.
  static std::string DefaultPath();
  // $XDG_DATA_HOME/flowstate (default ~/.local/share/flowstate), for the catalog.
  static std::string DefaultDataDir();

  const std::string& path() const { return path_; }
  bool loaded_from_file() const { return from_file_; }
  const std::vector<SettingsSection>& sections() const { return sections_; }
  // The first section named `name` with this subsection, or nullptr.
  const SettingsSection* Section(std::string_view name, std::string_view subsection = {}) const;
  // Every section named `name`, in file order.
  std::vector<const SettingsSection*> Sections(std::string_view name) const;

 private:
  std::string path_;
  bool from_file_ = false;
  std::vector<SettingsSection> sections_;
};

}  // namespace flowstate::cli

#endif  // FLOWSTATE_SRC_CLI_SETTINGS_H_
