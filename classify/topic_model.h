// The trained second opinion on a petition's topic: a linear model (logistic regression,
// one-vs-rest, trained with LIBLINEAR by `pakn rules train`) over the syllables and syllable
// pairs of the search key, the title's syllables and the rules that fired. The office owns it as
// a file beside the rules (DIR/model.txt): readable text, one line per feature with its weight
// for every topic, so that anyone can audit why the model said what it said. It is scored here,
// in pakn's own code, without LIBLINEAR (docs/routing.md "The model").
//
//   auto model = TopicModel::Parse(text, "config/routing/model.txt");
//   std::vector<TopicScore> p = (*model)->Score(ModelInput{key, title_bytes, &rule_decision});
//
// File format (tab-separated lines; '#' lines are comments):
//   pakn-topic-model <TAB> 1
//   trained <TAB> ROWS <TAB> C <TAB> RULESET_VERSION      (what it was trained on)
//   labels <TAB> TOPIC <TAB> TOPIC ...                     (K topic codes)
//   bias <TAB> W1 ... WK
//   f <TAB> FEATURE <TAB> W1 ... WK                        (one per feature with a weight)
// Features: "u:SYL" a syllable, "b:SYL SYL" two adjacent syllables, "t:SYL" a title syllable,
// "r:RULE" the rule chosen, "m:RULE" another matching rule; each present feature has the value
// 1/sqrt(number of features present). The version is 16 hex digits of FNV-1a of the file.
//
// Thread safety: immutable after Parse(); Score() and Explain() may run on any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "classify/router.h"

namespace pakn::classify {

struct ModelInput {
  std::string_view search_key;
  uint32_t title_bytes = 0;
  const RouteDecision* rules = nullptr;  // the rules' decision (its rule_id, also_matched)
};

struct TopicScore {
  std::string topic;
  double probability = 0;
};

struct FeatureWeight {
  std::string feature;
  double contribution = 0;  // weight x value, for the topic asked about
};

// The features of one petition, as text (training, explain) or as hashes (scoring: Fnv1a64 of
// each text, computed without building it).
std::vector<std::string> ModelFeatureNames(const ModelInput& in);
std::vector<uint64_t> ModelFeatureHashes(const ModelInput& in);

class TopicModel {
 public:
  static constexpr size_t kMaxLabels = 64;  // topics a model may have

  // Parses a model file; errors name the line and what was expected.
  static StatusOr<std::unique_ptr<TopicModel>> Parse(std::string_view text, std::string_view name);
  // Writes the file format above.
  static std::string Format(const std::vector<std::string>& labels,
                            const std::vector<double>& bias,
                            const std::vector<std::pair<std::string, std::vector<double>>>& rows,
                            std::string_view trained_line);

  // Probabilities of every label, highest first (normalized one-vs-rest sigmoids, as LIBLINEAR's
  // predict_probability).
  std::vector<TopicScore> Score(const ModelInput& in) const;
  // The same probabilities by label index (labels() order) into `out` (labels().size() values),
  // without allocating: the router's path.
  void ScoreInto(const ModelInput& in, double* out) const;
  // The index of a label in labels(), or -1.
  int LabelIndex(std::string_view topic) const;
  // The features that pushed `topic` most (largest |contribution| first), at most `n`.
  std::vector<FeatureWeight> Explain(const ModelInput& in, std::string_view topic, size_t n) const;

  const std::string& version() const { return version_; }
  const std::string& trained() const { return trained_; }
  const std::vector<std::string>& labels() const { return labels_; }
  size_t feature_count() const { return rows_.size(); }

 private:
  TopicModel() = default;
  // Sums weights of the features present into `scores` (size K); returns the feature count.
  template <typename F>
  void ForEachFeature(const ModelInput& in, F&& f) const;

  // The row of a feature's hash, or UINT32_MAX: open addressing, linear probing, one cache
  // line per probe (the table is rebuilt from rows_ once the file is read).
  uint32_t Find(uint64_t hash) const;
  void BuildTable();

  std::vector<std::string> labels_;
  std::unordered_map<std::string, int> label_index_;
  std::vector<float> bias_;
  std::unordered_map<uint64_t, uint32_t> rows_;  // Fnv1a64(feature) -> row (parsing, Explain)
  std::vector<uint64_t> table_keys_;             // BuildTable(): hash, 0 = empty
  std::vector<uint32_t> table_rows_;
  uint64_t table_mask_ = 0;
  static size_t Stride(size_t k) { return (k + 7) / 8 * 8; }
  std::vector<float> weights_;                   // row * Stride(K) + label, zero-padded
  std::string version_, trained_;
};

}  // namespace pakn::classify

namespace pakn::classify {

// One labelled petition for training: its features (ModelFeatureNames) and topic.
struct TrainingRow {
  std::vector<std::string> features;
  std::string topic;
};

struct TrainOptions {
  double c = 16.0;      // LIBLINEAR's C (inverse regularisation)
  int min_rows = 8;     // a feature seen in fewer rows is left out
  double min_weight = 0.02;  // a feature whose weights are all smaller is not written
  std::string trained_line;  // the file's `trained` line
};

// Trains the model with LIBLINEAR (L2-regularised logistic regression, one-vs-rest) and
// returns the model file's text (TopicModel::Format). Deterministic for the same rows.
StatusOr<std::string> TrainTopicModel(const std::vector<TrainingRow>& rows,
                                      const TrainOptions& options);

}  // namespace pakn::classify
