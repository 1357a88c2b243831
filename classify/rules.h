// The routing rule engine: which agency answers a petition, under which topic, how urgently,
// and why. Rules are TOML files kept by office staff (format and semantics: docs/routing.md;
// the default set: config/routing/).
//
//   PAKN_ASSIGN_OR_RETURN(std::vector<RuleFileText> files, ReadRuleDir("config/routing"));
//   PAKN_ASSIGN_OR_RETURN(auto engine, RuleEngine::Compile(files, normalizer, &places));
//   RouteDecision d = engine->Route({.search_key = key, .channel = "hotline",
//                                    .province_code = "01"});
//
// Semantics, in short (docs/routing.md has the full text):
//  * A rule matches when every condition it has holds: `any` (weighted score of the distinct
//    keywords found >= min_score), `all`, `none`, `regex` (at least one), and the fields
//    channel, kind, topic_hint, province, ward (the petition's value is in the list).
//    Keywords match whole syllables of the diacritic-free search key ("xe" never matches "xét").
//  * Best evidence wins: every matching primary rule gets a score (its distinct `any` and
//    `all` keywords' weights, a keyword in the title counting [defaults] title_weight times,
//    minus its `less` keywords' weights, plus 1 for a regex); a matching `decisive` rule beats
//    every rule that is not; then the highest score wins, and the evaluation order (ascending
//    `order`, the files' order, position in the file) only breaks ties. Words inside a
//    [defaults] not_evidence phrase ("kính gửi sở xây dựng") are no evidence for any rule.
//    Every matching rule adds its tags, and a non-primary rule may raise the priority. No
//    primary match: the [defaults] unrouted topic and agency, rule_id "".
//  * The agency of a rule may depend on the area: `agency_by_province` overrides it for some
//    provinces, and the decision's agency_area names the province (or ward) whose agency of
//    that code is meant, from the agency's scope.
//
// Errors: every problem is a RuleFinding naming file, line, key and what was expected;
// Compile() fails with all the errors found (not only the first), CheckRules() lists them
// with the warnings.
//
// Thread safety: a compiled RuleEngine is immutable; Route() and Explain() may run on any
// number of threads at once. It keeps no reference to the Normalizer or the PlaceIndex.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "classify/normalizer.h"
#include "classify/places.h"
#include "classify/router.h"

namespace pakn::classify {

namespace rules_internal {
struct CompiledRules;
}  // namespace rules_internal

// One rule file's bytes and the name used in messages (usually its path).
struct RuleFileText {
  std::string name;
  std::string text;
};

struct RuleFinding {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  std::string file;
  int line = 0;     // 1-based; 0 when the finding concerns the whole file set
  std::string key;  // dotted TOML path: "rule[3].any", "agency[2].parent", "defaults"
  std::string message;
  // "FILE:LINE: KEY: MESSAGE", with "warning: " before MESSAGE for warnings.
  std::string ToString() const;
};

// Reads DIR/taxonomy.toml, then DIR/rules/*.toml in byte order of their names (the evaluation
// order of rules with equal `order`), then DIR/model.txt when there is one (the trained model,
// classify/topic_model.h; its name ends in kModelFileName). Fails when a file cannot be read or there is no
// taxonomy.toml; file contents are not checked here.
StatusOr<std::vector<RuleFileText>> ReadRuleDir(const std::string& dir);
inline constexpr std::string_view kModelFileName = "model.txt";

// Every error and warning in the rule files (see docs/routing.md "The checker"). `places` may
// be null: area codes are then checked for their shape only.
std::vector<RuleFinding> CheckRules(std::span<const RuleFileText> files,
                                    const Normalizer& normalizer, const PlaceIndex* places);

struct Agency {
  enum class Scope { kNational, kProvince, kWard };
  std::string code, name_vi, name_en;
  std::string parent;  // code of the agency above it, or ""
  Scope scope = Scope::kProvince;
};
std::string_view AgencyScopeName(Agency::Scope scope);  // "national" | "province" | "ward"

struct Topic {
  std::string code, name_vi, name_en;
  std::string agency;  // who answers it when no rule of the topic says more (the model routes)
};

// The agencies and topics of a rule folder: DIR/taxonomy.toml's [[agency]] and [[topic]]
// tables, read and checked as the rule engine reads them (codes, required names), for those
// who need the names without compiling rules (the digest's labels). INVALID_ARGUMENT naming
// FILE:LINE: KEY for a bad file, NOT_FOUND when there is none.
struct Taxonomy {
  std::vector<Agency> agencies;
  std::vector<Topic> topics;
  // [defaults] unrouted_topic: the triage bucket, not a topic anyone submits to ("" = none).
  std::string unrouted_topic;
};
StatusOr<Taxonomy> LoadTaxonomy(const std::string& dir);

// How the rules and the model are combined ([router] in the rule files; docs/routing.md).
struct RouterSettings {
  double model_alone = 0.6;       // no rule matched: the model routes at this probability or more
  double model_overrides = 0.9;   // rules and model disagree: the model routes at this or more
                                  // (when the rules' margin is below rules_hold_margin); > 1: never
  int rules_hold_margin = 4;      // ... and the rules route, against the model, at this margin
  double agree_min = 0.0;         // rules and model agree: routed when the model gives the topic
                                  // at least this probability, else triage
};

struct DeadlinePolicyRule {
  std::string code;
  int days = 20;
  std::string count = "calendar";  // "calendar" | "working"
  std::string description;
  std::string clock_starts = "received";  // "received" | "accepted" | "assigned"
  int progress_update_days = 0;           // while late, a public update every N days; 0 = none
};

// What a petition is routed on. Views into the caller's strings; values are as ingest stores
// them (channel and kind codes of docs/input-format.md, province and ward codes from the
// PlaceIndex). Empty means unknown, and an unknown value never satisfies a field condition.
struct RouteInput {
  std::string_view search_key;  // Normalizer::SearchKey of title + " " + content
  // Bytes of search_key that come from the title (TitleKeyBytes): a keyword found there counts
  // [defaults] title_weight times. 0: no title weighting.
  uint32_t title_bytes = 0;
  std::string_view channel;
  std::string_view kind;
  std::string_view topic_hint;
  std::string_view province_code;
  std::string_view ward_code;
};

// One occurrence of a rule's keyword in the search key.
struct MatchedTerm {
  std::string keyword;  // as written in the rule
  std::string role;     // "any" | "all" | "less"
  int weight = 1;       // for "any" and "less"
  uint32_t begin = 0, end = 0;  // byte offsets in the search key
  bool in_title = false;
  // What this occurrence added to the rule's score: weight (x title_weight in the title),
  // negative for "less"; 0 for a repeat of a keyword already counted.
  int contribution = 0;
};

// A rule that matched, with the evidence.
struct MatchedRule {
  std::string rule_id, description, file;
  int line = 0;
  int64_t order = 0;
  bool primary = true;
  bool decisive = false;
  int score = 0;                     // sum of the weights of the distinct `any` keywords found
  int rank_score = 0;                // the evidence that ranks it (RouteDecision::score)
  std::vector<MatchedTerm> terms;    // every occurrence of its any/all keywords, by position
  std::vector<std::string> fields;   // "channel=hotline", "province=01", ...
  std::vector<std::string> regexes;  // the patterns that matched
  std::vector<std::string> tags;
};

struct RouteExplanation {
  RouteDecision decision;
  std::vector<MatchedRule> rules;  // every matching rule, ranked: primary rules first (decisive
                                   // ones first, then by rank_score, then evaluation order),
                                   // then tagging rules; the chosen one is the first
  std::vector<std::string> ignored;  // not_evidence phrases found (their words are no evidence)
  // With a model: its three best topics, and the features that pushed its first choice most.
  std::vector<std::pair<std::string, double>> model_top;
  std::vector<std::pair<std::string, double>> model_features;
  std::string agency_name_vi, topic_name_vi;  // of the decision
};

// The length of SearchKey(title) inside SearchKey(title + " " + content), for
// RouteInput::title_bytes: the title's key, capped at the search key's length.
uint32_t TitleKeyBytes(const Normalizer& normalizer, std::string_view canonical_title,
                       std::string_view search_key);

class RuleEngine {
 public:
  // Parses, validates and compiles. Fails with every error (one per line of the message) if
  // any; warnings do not fail. `places` (may be null) validates area codes.
  static StatusOr<std::unique_ptr<RuleEngine>> Compile(std::span<const RuleFileText> files,
                                                       const Normalizer& normalizer,
                                                       const PlaceIndex* places);
  // ReadRuleDir(dir) then Compile().
  static StatusOr<std::unique_ptr<RuleEngine>> Load(const std::string& dir,
                                                    const Normalizer& normalizer,
                                                    const PlaceIndex* places);

  ~RuleEngine();
  RuleEngine(const RuleEngine&) = delete;
  RuleEngine& operator=(const RuleEngine&) = delete;

  RouteDecision Route(const RouteInput& input) const;
  RouteExplanation Explain(const RouteInput& input) const;

  // 16 hex digits of a hash of the files' bytes, in order: the rule-set version stored with
  // each decision.
  const std::string& version() const;
  size_t rule_count() const;
  size_t keyword_count() const;  // distinct keyword phrases in the automaton
  const std::vector<std::string>& file_names() const;
  const Agency* FindAgency(std::string_view code) const;  // nullptr when unknown
  const Topic* FindTopic(std::string_view code) const;
  const DeadlinePolicyRule* FindDeadlinePolicy(std::string_view code) const;
  const std::string& model_version() const;  // "" without a model
  // "RULESET" or "RULESET model MODEL": what a reload compares and logs.
  std::string versions() const;
  std::vector<const DeadlinePolicyRule*> DeadlinePolicies() const;  // in code order

 private:
  explicit RuleEngine(std::unique_ptr<rules_internal::CompiledRules> rules);
  std::unique_ptr<rules_internal::CompiledRules> rules_;
};

}  // namespace pakn::classify
