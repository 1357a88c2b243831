// Reading the rule files (docs/routing.md "Format") into a RuleSetSpec, collecting every
// problem instead of stopping at the first: office staff fix a file in one round.
#include <algorithm>
#include <charconv>
#include <optional>
#include <set>

#include "base/hash.h"
#include "base/strings.h"
#include "classify/rules_internal.h"
#include "classify/token_automaton.h"
#include "config/toml_file.h"
#include "fmt/format.h"
#include "re2/re2.h"

namespace pakn::classify {

std::string RuleFinding::ToString() const {
  return StrCat(file, ":", line, ": ", key.empty() ? "(file)" : key, ": ",
                severity == Severity::kWarning ? "warning: " : "", message);
}

std::string_view AgencyScopeName(Agency::Scope scope) {
  switch (scope) {
    case Agency::Scope::kNational: return "national";
    case Agency::Scope::kProvince: return "province";
    case Agency::Scope::kWard: return "ward";
  }
  return "?";
}

namespace rules_internal {
namespace {

// The channel and kind codes of docs/input-format.md (ingest/petition.h kChannels).
constexpr std::string_view kChannels[] = {"national_portal", "provincial_portal", "email",
                                          "hotline",         "sms",               "mobile_app",
                                          "in_person",       "postal"};
constexpr std::string_view kKinds[] = {"phan_anh", "kien_nghi"};
constexpr std::string_view kPriorities[] = {"low", "normal", "high", "urgent"};

bool IsCode(std::string_view s, bool upper) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    const bool letter = upper ? (c >= 'A' && c <= 'Z') : (c >= 'a' && c <= 'z');
    if (!letter && !(c >= '0' && c <= '9') && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// Reads one file, recording findings. Getters return nullopt (and record why) when the key is
// present with the wrong type; absent keys are nullopt without a finding.
class FileReader {
 public:
  FileReader(std::string file, std::vector<RuleFinding>& findings)
      : file_(std::move(file)), findings_(findings) {}

  static int Line(const toml::node* node) {
    return node ? static_cast<int>(node->source().begin.line) : 0;
  }
  const std::string& file() const { return file_; }

  void Error(const toml::node* node, std::string key, std::string message) {
    findings_.push_back(RuleFinding{RuleFinding::Severity::kError, file_, Line(node),
                                    std::move(key), std::move(message)});
  }
  void Warn(const toml::node* node, std::string key, std::string message) {
    findings_.push_back(RuleFinding{RuleFinding::Severity::kWarning, file_, Line(node),
                                    std::move(key), std::move(message)});
  }

  void CheckKeys(const toml::table& table, std::string_view prefix,
                 std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, node] : table) {
      if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
      Error(&node, TomlFile::Dotted(prefix, key.str()),
            StrCat("unknown key; expected one of: ", StrJoin(allowed, ", ")));
    }
  }

  std::optional<std::string> String(const toml::table& t, std::string_view prefix,
                                    std::string_view key) {
    const toml::node* node = t.get(key);
    if (!node) return std::nullopt;
    if (auto v = node->value<std::string>()) return *v;
    Error(node, TomlFile::Dotted(prefix, key), "expected a string");
    return std::nullopt;
  }

  std::string Required(const toml::table& t, const toml::node& at, std::string_view prefix,
                       std::string_view key) {
    const std::optional<std::string> v = String(t, prefix, key);
    if (!t.get(key)) Error(&at, TomlFile::Dotted(prefix, key), "required; expected a string");
    else if (v && v->empty()) Error(t.get(key), TomlFile::Dotted(prefix, key),
                                    "expected a non-empty string");
    return v.value_or("");
  }

  std::vector<std::string> Strings(const toml::table& t, std::string_view prefix,
                                   std::string_view key) {
    std::vector<std::string> out;
    const toml::node* node = t.get(key);
    if (!node) return out;
    const toml::array* arr = node->as_array();
    if (!arr) {
      Error(node, TomlFile::Dotted(prefix, key), "expected an array of strings");
      return out;
    }
    for (const toml::node& item : *arr) {
      if (auto v = item.value<std::string>()) {
        out.push_back(*v);
      } else {
        Error(&item, TomlFile::Dotted(prefix, key), "expected an array of strings");
      }
    }
    return out;
  }

  std::optional<int64_t> Int(const toml::table& t, std::string_view prefix,
                             std::string_view key, int64_t min, int64_t max) {
    const toml::node* node = t.get(key);
    if (!node) return std::nullopt;
    const auto* v = node->as_integer();
    if (!v || v->get() < min || v->get() > max) {
      Error(node, TomlFile::Dotted(prefix, key),
            StrCat("expected an integer from ", min, " to ", max));
      return std::nullopt;
    }
    return v->get();
  }

  std::optional<bool> Bool(const toml::table& t, std::string_view prefix, std::string_view key) {
    const toml::node* node = t.get(key);
    if (!node) return std::nullopt;
    if (const auto* v = node->as_boolean()) return v->get();
    Error(node, TomlFile::Dotted(prefix, key), "expected true or false");
    return std::nullopt;
  }

  // [[name]] tables of the root, or nullptr (with a finding when `name` is not an array).
  const toml::array* Tables(const toml::table& root, std::string_view name) {
    const toml::node* node = root.get(name);
    if (!node) return nullptr;
    const toml::array* arr = node->as_array();
    if (!arr || !arr->is_array_of_tables()) {
      Error(node, std::string(name), StrCat("expected [[", name, "]] tables"));
      return nullptr;
    }
    return arr;
  }

 private:
  std::string file_;
  std::vector<RuleFinding>& findings_;
};

void RecordLines(const toml::table& t, std::map<std::string, int>& lines) {
  for (const auto& [key, node] : t) lines[std::string(key.str())] = FileReader::Line(&node);
}

// Keywords of one list, normalized; findings for those that normalize to nothing, are too
// long, or repeat another keyword of the list.
std::vector<KeywordSpec> ReadKeywords(FileReader& r, const toml::table& t,
                                      const std::string& prefix, std::string_view key,
                                      const Normalizer& normalizer) {
  std::vector<KeywordSpec> out;
  const toml::node* node = t.get(key);
  const std::string path = TomlFile::Dotted(prefix, key);
  for (std::string& text : r.Strings(t, prefix, key)) {
    std::string k = normalizer.SearchKey(text);
    if (k.empty()) {
      r.Error(node, path,
              StrCat("keyword '", text, "' normalizes to nothing; expected letters or digits"));
      continue;
    }
    if (Terms(k).size() > TokenAutomaton::kMaxPatternTerms) {
      r.Error(node, path, StrCat("keyword '", text, "' has more than ",
                                 TokenAutomaton::kMaxPatternTerms, " syllables"));
      continue;
    }
    const bool accented = std::any_of(text.begin(), text.end(), [](char c) {
      return static_cast<unsigned char>(c) >= 0x80;
    });
    if (accented && k.find(' ') == std::string::npos)
      r.Warn(node, path,
             StrCat("one-syllable keyword '", text, "' is matched as '", k,
                    "' on the diacritic-free key, where it also stands for other words "
                    "(\"đê\" = \"đề\" = \"để\"); prefer a phrase"));
    auto same = std::find_if(out.begin(), out.end(),
                             [&](const KeywordSpec& s) { return s.key == k; });
    if (same != out.end()) {
      r.Warn(node, path, StrCat("keyword '", text, "' is the same as '", same->text,
                                "' once normalized ('", k, "'); it is counted once"));
      continue;
    }
    out.push_back(KeywordSpec{std::move(text), std::move(k), 1});
  }
  if (out.size() > kMaxKeywordsPerList)
    r.Error(node, path, StrCat("expected at most ", kMaxKeywordsPerList, " keywords"));
  return out;
}

void ReadWeights(FileReader& r, const toml::table& t, const std::string& prefix,
                 const Normalizer& normalizer, RuleSpec& rule) {
  const toml::node* node = t.get("weights");
  if (!node) return;
  const std::string path = TomlFile::Dotted(prefix, "weights");
  const toml::table* weights = node->as_table();
  if (!weights) {
    r.Error(node, path, "expected a table of keyword = weight, e.g. { \"ổ gà\" = 2 }");
    return;
  }
  for (const auto& [key, value] : *weights) {
    const std::string wpath = StrCat(path, ".\"", key.str(), "\"");
    const auto* w = value.as_integer();
    if (!w || w->get() < 1 || w->get() > kMaxWeight) {
      r.Error(&value, wpath, StrCat("expected an integer weight from 1 to ", kMaxWeight));
      continue;
    }
    const std::string k = normalizer.SearchKey(key.str());
    auto it = std::find_if(rule.any.begin(), rule.any.end(),
                           [&](const KeywordSpec& s) { return s.key == k; });
    if (it == rule.any.end()) {
      it = std::find_if(rule.less.begin(), rule.less.end(),
                        [&](const KeywordSpec& s) { return s.key == k; });
      if (it == rule.less.end()) {
        r.Error(&value, wpath, "expected one of the rule's `any` or `less` keywords");
        continue;
      }
    }
    it->weight = static_cast<int>(w->get());
  }
}

void ReadRegexes(FileReader& r, const toml::table& t, const std::string& prefix,
                 RuleSpec& rule) {
  const toml::node* node = t.get("regex");
  const std::string path = TomlFile::Dotted(prefix, "regex");
  for (std::string& pattern : r.Strings(t, prefix, "regex")) {
    RE2::Options options;
    options.set_log_errors(false);
    RE2 re(pattern, options);
    if (!re.ok()) {
      r.Error(node, path, StrCat("invalid regular expression '", pattern, "': ", re.error(),
                                 " (RE2 syntax expected)"));
      continue;
    }
    if (std::any_of(pattern.begin(), pattern.end(),
                    [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
      r.Warn(node, path, StrCat("regular expression '", pattern,
                                "' has non-ASCII characters; it runs on the search key, "
                                "which has no diacritics"));
    rule.regex.push_back(std::move(pattern));
  }
}

void ReadFieldValues(FileReader& r, const toml::table& t, const std::string& prefix,
                     std::string_view key, std::span<const std::string_view> allowed,
                     std::vector<std::string>& out) {
  out = r.Strings(t, prefix, key);
  if (allowed.empty()) return;
  for (const std::string& v : out) {
    if (std::find(allowed.begin(), allowed.end(), v) == allowed.end())
      r.Error(t.get(key), TomlFile::Dotted(prefix, key),
              StrCat("unknown value '", v, "'; expected one of: ", StrJoin(allowed, ", ")));
  }
}

void ReadRule(FileReader& r, const toml::table& t, const std::string& prefix,
              const Normalizer& normalizer, RuleSpec& rule) {
  r.CheckKeys(t, prefix,
              {"id", "description", "order", "primary", "decisive", "any", "all", "none",
               "less", "weights", "min_score", "regex", "channel", "kind", "topic_hint", "province", "ward",
               "topic", "agency", "agency_by_province", "priority", "deadline", "tags"});
  RecordLines(t, rule.key_lines);
  rule.id = r.Required(t, t, prefix, "id");
  rule.description = r.String(t, prefix, "description").value_or("");
  rule.order = r.Int(t, prefix, "order", 0, 1'000'000).value_or(kDefaultOrder);
  rule.primary = r.Bool(t, prefix, "primary").value_or(true);
  rule.decisive = r.Bool(t, prefix, "decisive").value_or(false);
  if (rule.decisive && !rule.primary)
    r.Error(t.get("decisive"), TomlFile::Dotted(prefix, "decisive"),
            "a tagging rule (primary = false) decides nothing; remove decisive or set "
            "primary = true");
  rule.any = ReadKeywords(r, t, prefix, "any", normalizer);
  rule.less = ReadKeywords(r, t, prefix, "less", normalizer);
  rule.all = ReadKeywords(r, t, prefix, "all", normalizer);
  rule.none = ReadKeywords(r, t, prefix, "none", normalizer);
  if (rule.all.size() > kMaxAllKeywords)
    r.Error(t.get("all"), TomlFile::Dotted(prefix, "all"),
            StrCat("expected at most ", kMaxAllKeywords, " keywords"));
  ReadWeights(r, t, prefix, normalizer, rule);
  rule.min_score = static_cast<int>(r.Int(t, prefix, "min_score", 1, 10'000).value_or(1));
  if (t.get("min_score") && rule.any.empty())
    r.Error(t.get("min_score"), TomlFile::Dotted(prefix, "min_score"),
            "min_score needs `any` keywords");
  ReadRegexes(r, t, prefix, rule);
  ReadFieldValues(r, t, prefix, "channel", kChannels, rule.channel);
  ReadFieldValues(r, t, prefix, "kind", kKinds, rule.kind);
  ReadFieldValues(r, t, prefix, "topic_hint", {}, rule.topic_hint);
  ReadFieldValues(r, t, prefix, "province", {}, rule.province);
  ReadFieldValues(r, t, prefix, "ward", {}, rule.ward);
  if (!rule.HasPositiveCondition())
    r.Error(&t, prefix,
            "a rule needs a condition that can hold: any, all, regex, channel, kind, "
            "topic_hint, province or ward (`none` alone would match almost everything; "
            "unmatched petitions already go to [defaults] unrouted_topic)");
  rule.tags = r.Strings(t, prefix, "tags");
  for (const std::string& tag : rule.tags)
    if (tag.empty()) r.Error(t.get("tags"), TomlFile::Dotted(prefix, "tags"),
                             "expected non-empty tags");
  rule.priority = r.String(t, prefix, "priority").value_or("");
  if (t.get("priority") && !IsPriority(rule.priority))
    r.Error(t.get("priority"), TomlFile::Dotted(prefix, "priority"),
            "expected low, normal, high or urgent");
  if (rule.primary) {
    rule.topic = r.Required(t, t, prefix, "topic");
    rule.agency = r.Required(t, t, prefix, "agency");
    rule.deadline = r.String(t, prefix, "deadline").value_or("");
    if (const toml::node* node = t.get("agency_by_province")) {
      const toml::table* by = node->as_table();
      if (!by) {
        r.Error(node, TomlFile::Dotted(prefix, "agency_by_province"),
                "expected a table of province code = agency code, e.g. { \"01\" = \"SO-QHKT\" }");
      } else {
        for (const auto& [code, value] : *by) {
          auto agency = value.value<std::string>();
          if (!agency || agency->empty()) {
            r.Error(&value, StrCat(prefix, ".agency_by_province.\"", code.str(), "\""),
                    "expected an agency code");
            continue;
          }
          rule.agency_by_province.emplace_back(std::string(code.str()), *agency);
        }
      }
    }
  } else {
    // A tagging rule: it never decides topic, agency or deadline.
    for (std::string_view key : {"topic", "agency", "agency_by_province", "deadline"})
      if (t.get(key))
        r.Error(t.get(key), TomlFile::Dotted(prefix, key),
                "a rule with primary = false only adds tags and may raise the priority; "
                "remove this key or set primary = true");
    if (rule.tags.empty() && rule.priority.empty())
      r.Error(&t, prefix, "a rule with primary = false needs tags or a priority");
  }
}

void ReadDefaults(FileReader& r, const toml::node& node, const Normalizer& normalizer,
                  RuleSetSpec& spec) {
  const toml::table* t = node.as_table();
  if (!t) {
    r.Error(&node, "defaults", "expected a table");
    return;
  }
  if (spec.has_defaults) {
    r.Error(&node, "defaults",
            StrCat("[defaults] is already given at ", spec.defaults_at.file, ":",
                   spec.defaults_at.line, "; expected it once in the rule set"));
    return;
  }
  spec.has_defaults = true;
  spec.defaults_at = Located{r.file(), FileReader::Line(&node), "defaults"};
  r.CheckKeys(*t, "defaults", {"unrouted_agency", "unrouted_topic", "deadline", "priority",
                               "title_weight", "not_evidence"});
  RecordLines(*t, spec.defaults_key_lines);
  spec.unrouted_agency = r.Required(*t, node, "defaults", "unrouted_agency");
  spec.unrouted_topic = r.Required(*t, node, "defaults", "unrouted_topic");
  spec.default_deadline = r.Required(*t, node, "defaults", "deadline");
  spec.default_priority = r.String(*t, "defaults", "priority").value_or("normal");
  spec.title_weight =
      static_cast<int>(r.Int(*t, "defaults", "title_weight", 1, kMaxTitleWeight).value_or(2));
  spec.not_evidence = ReadKeywords(r, *t, "defaults", "not_evidence", normalizer);
  if (!IsPriority(spec.default_priority))
    r.Error(t->get("priority"), "defaults.priority", "expected low, normal, high or urgent");
}

void ReadRouter(FileReader& r, const toml::node& node, RuleSetSpec& spec) {
  const toml::table* t = node.as_table();
  if (!t) {
    r.Error(&node, "router", "expected a table");
    return;
  }
  r.CheckKeys(*t, "router", {"model_alone", "model_overrides", "rules_hold_margin", "agree_min"});
  auto probability = [&](const char* key, double& out, double max) {
    const toml::node* v = t->get(key);
    if (!v) return;
    std::optional<double> x = v->value<double>();
    if (!x || *x < 0 || *x > max)
      r.Error(v, StrCat("router.", key), StrCat("expected a number from 0 to ", max));
    else
      out = *x;
  };
  probability("model_alone", spec.router.model_alone, 1.01);
  probability("model_overrides", spec.router.model_overrides, 1.01);
  probability("agree_min", spec.router.agree_min, 1.0);
  spec.router.rules_hold_margin = static_cast<int>(
      r.Int(*t, "router", "rules_hold_margin", 0, 1'000'000).value_or(spec.router.rules_hold_margin));
}

void ReadTaxonomy(FileReader& r, const toml::table& root, RuleSetSpec& spec) {
  if (const toml::array* agencies = r.Tables(root, "agency")) {
    for (size_t i = 0; i < agencies->size(); ++i) {
      const toml::table& t = *agencies->get(i)->as_table();
      const std::string p = StrCat("agency[", i, "]");
      r.CheckKeys(t, p, {"code", "name_vi", "name_en", "parent", "scope"});
      Agency a;
      a.code = r.Required(t, t, p, "code");
      if (!a.code.empty() && !IsCode(a.code, /*upper=*/true))
        r.Error(t.get("code"), p + ".code",
                "expected upper-case letters, digits, '-', '_' or '.' (e.g. SO-XD)");
      a.name_vi = r.Required(t, t, p, "name_vi");
      a.name_en = r.Required(t, t, p, "name_en");
      a.parent = r.String(t, p, "parent").value_or("");
      const std::string scope = r.Required(t, t, p, "scope");
      if (scope == "national") a.scope = Agency::Scope::kNational;
      else if (scope == "province") a.scope = Agency::Scope::kProvince;
      else if (scope == "ward") a.scope = Agency::Scope::kWard;
      else if (!scope.empty())
        r.Error(t.get("scope"), p + ".scope", "expected national, province or ward");
      spec.agencies.push_back(std::move(a));
      spec.agency_at.push_back(Located{r.file(), FileReader::Line(&t), p});
    }
  }
  if (const toml::array* topics = r.Tables(root, "topic")) {
    for (size_t i = 0; i < topics->size(); ++i) {
      const toml::table& t = *topics->get(i)->as_table();
      const std::string p = StrCat("topic[", i, "]");
      r.CheckKeys(t, p, {"code", "name_vi", "name_en", "agency"});
      Topic topic;
      topic.agency = r.String(t, p, "agency").value_or("");
      topic.code = r.Required(t, t, p, "code");
      if (!topic.code.empty() && !IsCode(topic.code, /*upper=*/false))
        r.Error(t.get("code"), p + ".code",
                "expected lower-case letters, digits, '-', '_' or '.' (e.g. giao_thong)");
      topic.name_vi = r.Required(t, t, p, "name_vi");
      topic.name_en = r.Required(t, t, p, "name_en");
      spec.topics.push_back(std::move(topic));
      spec.topic_at.push_back(Located{r.file(), FileReader::Line(&t), p});
    }
  }
  if (const toml::array* policies = r.Tables(root, "deadline_policy")) {
    for (size_t i = 0; i < policies->size(); ++i) {
      const toml::table& t = *policies->get(i)->as_table();
      const std::string p = StrCat("deadline_policy[", i, "]");
      r.CheckKeys(t, p, {"code", "days", "count", "description", "clock_starts",
                         "progress_update_days"});
      DeadlinePolicyRule d;
      d.code = r.Required(t, t, p, "code");
      if (!t.get("days")) r.Error(&t, p + ".days", "required; expected an integer from 1 to 365");
      d.days = static_cast<int>(r.Int(t, p, "days", 1, 365).value_or(20));
      d.count = r.String(t, p, "count").value_or("calendar");
      if (d.count != "calendar" && d.count != "working")
        r.Error(t.get("count"), p + ".count", "expected calendar or working");
      d.description = r.String(t, p, "description").value_or("");
      d.clock_starts = r.String(t, p, "clock_starts").value_or("received");
      if (d.clock_starts != "received" && d.clock_starts != "accepted" &&
          d.clock_starts != "assigned")
        r.Error(t.get("clock_starts"), p + ".clock_starts",
                "expected received, accepted or assigned");
      d.progress_update_days =
          static_cast<int>(r.Int(t, p, "progress_update_days", 0, 365).value_or(0));
      spec.policies.push_back(std::move(d));
      spec.policy_at.push_back(Located{r.file(), FileReader::Line(&t), p});
    }
  }
}

// "NAME:LINE:COL: what" from TomlFile::FromString → a finding at LINE.
RuleFinding SyntaxFinding(const std::string& name, const Status& status) {
  std::string_view m = status.message();
  int line = 0;
  std::string_view what = m;
  if (m.substr(0, name.size()) == name && m.size() > name.size() && m[name.size()] == ':') {
    std::string_view rest = m.substr(name.size() + 1);
    auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), line);
    if (ec == std::errc()) {
      rest = rest.substr(static_cast<size_t>(ptr - rest.data()));
      if (const size_t colon = rest.find(": "); colon != std::string_view::npos)
        what = rest.substr(colon + 2);
    }
  }
  return RuleFinding{RuleFinding::Severity::kError, name, line, "toml",
                     StrCat("not valid TOML: ", what)};
}

}  // namespace

bool IsPriority(std::string_view p) { return PriorityRank(p) >= 0; }

int PriorityRank(std::string_view p) {
  for (size_t i = 0; i < std::size(kPriorities); ++i)
    if (kPriorities[i] == p) return static_cast<int>(i);
  return -1;
}

bool KeyContains(std::string_view outer, std::string_view inner) {
  if (inner.empty() || inner.size() > outer.size()) return inner.empty();
  for (size_t pos = outer.find(inner); pos != std::string_view::npos;
       pos = outer.find(inner, pos + 1)) {
    const bool left = pos == 0 || outer[pos - 1] == ' ';
    const size_t end = pos + inner.size();
    const bool right = end == outer.size() || outer[end] == ' ';
    if (left && right) return true;
  }
  return false;
}

}  // namespace rules_internal

StatusOr<Taxonomy> LoadTaxonomy(const std::string& dir) {
  const std::string path = dir + "/taxonomy.toml";
  StatusOr<TomlFile> parsed = TomlFile::Load(path);
  if (!parsed.ok()) return parsed.status();
  std::vector<RuleFinding> findings;
  rules_internal::FileReader r(path, findings);
  rules_internal::RuleSetSpec spec;
  rules_internal::ReadTaxonomy(r, parsed->root(), spec);
  std::string errors;
  for (const RuleFinding& f : findings)
    if (f.severity == RuleFinding::Severity::kError)
      errors += (errors.empty() ? "" : "\n") + f.ToString();
  if (!errors.empty()) return InvalidArgumentError(errors);
  Taxonomy taxonomy{std::move(spec.agencies), std::move(spec.topics), ""};
  if (const auto* unrouted = parsed->root()["defaults"]["unrouted_topic"].as_string())
    taxonomy.unrouted_topic = unrouted->get();
  return taxonomy;
}

namespace rules_internal {

RuleSetSpec ParseRuleFiles(std::span<const RuleFileText> files, const Normalizer& normalizer,
                           std::vector<RuleFinding>& findings) {
  RuleSetSpec spec;
  std::string hashed;
  for (const RuleFileText& file : files) {
    if (file.name.ends_with(kModelFileName)) {  // the model: its own format and version
      spec.model_text = file.text;
      spec.model_name = file.name;
      continue;
    }
    spec.file_names.push_back(file.name);
    hashed += StrCat(file.text.size(), ":", file.text);
    StatusOr<TomlFile> parsed = TomlFile::FromString(file.text, file.name);
    if (!parsed.ok()) {
      findings.push_back(SyntaxFinding(file.name, parsed.status()));
      continue;
    }
    FileReader r(file.name, findings);
    const toml::table& root = parsed->root();
    r.CheckKeys(root, "", {"defaults", "router", "agency", "topic", "deadline_policy", "rule"});
    if (const toml::node* d = root.get("defaults")) ReadDefaults(r, *d, normalizer, spec);
    if (const toml::node* d = root.get("router")) ReadRouter(r, *d, spec);
    ReadTaxonomy(r, root, spec);
    if (const toml::array* rules = r.Tables(root, "rule")) {
      for (size_t i = 0; i < rules->size(); ++i) {
        const toml::table& t = *rules->get(i)->as_table();
        RuleSpec rule;
        rule.file = file.name;
        rule.path = StrCat("rule[", i, "]");
        rule.line = FileReader::Line(&t);
        ReadRule(r, t, rule.path, normalizer, rule);
        spec.rules.push_back(std::move(rule));
      }
    }
  }
  if (!spec.has_defaults)
    findings.push_back(RuleFinding{RuleFinding::Severity::kError,
                                   files.empty() ? std::string("(no files)") : files[0].name, 0,
                                   "defaults",
                                   "missing; expected a [defaults] table with unrouted_agency, "
                                   "unrouted_topic and deadline"});
  std::stable_sort(spec.rules.begin(), spec.rules.end(),
                   [](const RuleSpec& a, const RuleSpec& b) { return a.order < b.order; });
  spec.version = fmt::format("{:016x}", Fnv1a64(hashed));
  return spec;
}

}  // namespace rules_internal
}  // namespace pakn::classify
