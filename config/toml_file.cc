#include "config/toml_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/strings.h"

namespace pakn {

std::string TomlFile::Dotted(std::string_view prefix, std::string_view key) {
  return prefix.empty() ? std::string(key) : StrCat(prefix, ".", key);
}

StatusOr<TomlFile> TomlFile::FromString(std::string_view text, const std::string& name) {
  try {
    toml::table root = toml::parse(text, name);
    return TomlFile(name, std::move(root));
  } catch (const toml::parse_error& e) {
    return InvalidArgumentError(StrCat(name, ":", e.source().begin.line, ":",
                                                   e.source().begin.column, ": ",
                                                   e.description()));
  }
}

StatusOr<TomlFile> TomlFile::Load(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return InvalidArgumentError(StrCat(path, ": is a folder, expected a TOML file"));
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(StrCat(path, ": cannot open the file"));
  std::stringstream buf;
  buf << in.rdbuf();
  return FromString(buf.str(), path);
}

Status TomlFile::Error(const toml::node* node, std::string_view key,
                             std::string_view message) const {
  const auto line = node ? node->source().begin.line : 0;
  return InvalidArgumentError(StrCat(path_, ":", line, ": ", key, ": ", message));
}

Status TomlFile::CheckKeys(const toml::table& table, std::string_view prefix,
                                 std::initializer_list<std::string_view> allowed) const {
  for (const auto& [key, node] : table) {
    bool known = false;
    for (auto a : allowed) known |= (a == key.str());
    if (!known)
      return Error(&node, Dotted(prefix, key.str()),
                   StrCat("unknown key; expected one of: ", StrJoin(allowed, ", ")));
  }
  return OkStatus();
}

StatusOr<std::string> TomlFile::GetString(const toml::table& table, std::string_view prefix,
                                                std::string_view key, std::string def) const {
  const toml::node* node = table.get(key);
  if (!node) return def;
  if (auto v = node->value<std::string>()) return *v;
  return Error(node, Dotted(prefix, key), "expected a string");
}

StatusOr<int64_t> TomlFile::GetInt(const toml::table& table, std::string_view prefix,
                                         std::string_view key, int64_t def, int64_t min,
                                         int64_t max) const {
  const toml::node* node = table.get(key);
  if (!node) return def;
  auto v = node->as_integer();
  if (!v) return Error(node, Dotted(prefix, key), "expected an integer");
  const int64_t value = v->get();
  if (value < min || value > max)
    return Error(node, Dotted(prefix, key),
                 StrCat("expected an integer from ", min, " to ", max, ", got ", value));
  return value;
}

StatusOr<bool> TomlFile::GetBool(const toml::table& table, std::string_view prefix,
                                       std::string_view key, bool def) const {
  const toml::node* node = table.get(key);
  if (!node) return def;
  if (auto v = node->as_boolean()) return v->get();
  return Error(node, Dotted(prefix, key), "expected true or false");
}

StatusOr<std::vector<std::string>> TomlFile::GetStrings(const toml::table& table,
                                                              std::string_view prefix,
                                                              std::string_view key) const {
  std::vector<std::string> out;
  const toml::node* node = table.get(key);
  if (!node) return out;
  const toml::array* arr = node->as_array();
  if (!arr) return Error(node, Dotted(prefix, key), "expected an array of strings");
  for (const toml::node& item : *arr) {
    auto v = item.value<std::string>();
    if (!v) return Error(&item, Dotted(prefix, key), "expected an array of strings");
    out.push_back(*v);
  }
  return out;
}

StatusOr<const toml::table*> TomlFile::GetTable(const toml::table& table,
                                                      std::string_view prefix,
                                                      std::string_view key) const {
  const toml::node* node = table.get(key);
  if (!node) return nullptr;
  if (const toml::table* t = node->as_table()) return t;
  return Error(node, Dotted(prefix, key), "expected a table");
}

}  // namespace pakn
