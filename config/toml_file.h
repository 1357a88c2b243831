// TomlFile: a parsed TOML file whose every error names the file, the line and the key
// (docs/style.md 7). Shared by the pakn config and the routing rules.
//
//   PAKN_ASSIGN_OR_RETURN(TomlFile file, TomlFile::Load(path));
//   PAKN_RETURN_IF_ERROR(file.CheckKeys(file.root(), "", {"kafka", "store"}));
//   auto port = file.GetInt(file.root(), "store.block_cache_mb", 64);
//
// toml++ reports errors by exception; they are caught here and never leave this unit.
// Thread-compatible.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "toml++/toml.h"

namespace pakn {

class TomlFile {
 public:
  static StatusOr<TomlFile> Load(const std::string& path);
  static StatusOr<TomlFile> FromString(std::string_view text, const std::string& name);

  const toml::table& root() const { return root_; }
  const std::string& path() const { return path_; }

  // "FILE:LINE: KEY: MESSAGE" as an InvalidArgument status.
  Status Error(const toml::node* node, std::string_view key, std::string_view message) const;

  // Fails on a key of `table` that is not in `allowed` (a typo must not be silently ignored).
  // `prefix` is the table's dotted name for messages ("" for the root).
  Status CheckKeys(const toml::table& table, std::string_view prefix,
                         std::initializer_list<std::string_view> allowed) const;

  // Typed getters: absent → the default; present with the wrong type → an error naming the key.
  StatusOr<std::string> GetString(const toml::table& table, std::string_view prefix,
                                        std::string_view key, std::string def) const;
  StatusOr<int64_t> GetInt(const toml::table& table, std::string_view prefix,
                                 std::string_view key, int64_t def, int64_t min,
                                 int64_t max) const;
  StatusOr<bool> GetBool(const toml::table& table, std::string_view prefix,
                               std::string_view key, bool def) const;
  StatusOr<std::vector<std::string>> GetStrings(const toml::table& table,
                                                      std::string_view prefix,
                                                      std::string_view key) const;
  // A sub-table or nullptr when absent; an error when the key holds something else.
  StatusOr<const toml::table*> GetTable(const toml::table& table, std::string_view prefix,
                                              std::string_view key) const;

  static std::string Dotted(std::string_view prefix, std::string_view key);

 private:
  TomlFile(std::string path, toml::table root) : path_(std::move(path)), root_(std::move(root)) {}
  std::string path_;
  toml::table root_;
};

}  // namespace pakn
