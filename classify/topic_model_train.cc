// TrainTopicModel: LIBLINEAR (liblinear-dev) fits the weights; topic_model.cc scores them.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "base/strings.h"
#include "classify/topic_model.h"
#include "linear.h"

namespace pakn::classify {
namespace {

void Quiet(const char*) {}

}  // namespace

StatusOr<std::string> TrainTopicModel(const std::vector<TrainingRow>& rows,
                                      const TrainOptions& options) {
  if (rows.empty()) return InvalidArgumentError("no labelled rows to train on");
  std::set<std::string> label_set;
  for (const TrainingRow& r : rows) label_set.insert(r.topic);
  if (label_set.size() < 2)
    return InvalidArgumentError("expected rows of at least two topics to train on");
  const std::vector<std::string> labels(label_set.begin(), label_set.end());

  // Vocabulary: features in at least min_rows rows, in byte order (stable indexes).
  std::map<std::string, int> df;
  for (const TrainingRow& r : rows) {
    std::set<std::string_view> seen(r.features.begin(), r.features.end());
    for (std::string_view f : seen) ++df[std::string(f)];
  }
  std::vector<std::string> vocab;
  std::map<std::string_view, int> index;
  for (const auto& [f, n] : df)
    if (n >= options.min_rows) vocab.push_back(f);
  for (size_t i = 0; i < vocab.size(); ++i) index.emplace(vocab[i], static_cast<int>(i) + 1);
  const int n_features = static_cast<int>(vocab.size());

  // Rows: each present feature counts occurrences / sqrt(all occurrences), as Score() does.
  std::vector<std::vector<feature_node>> x(rows.size());
  std::vector<feature_node*> xp(rows.size());
  std::vector<double> y(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    std::map<int, double> counts;
    for (const std::string& f : rows[i].features)
      if (auto it = index.find(f); it != index.end()) counts[it->second] += 1;
    const double norm =
        rows[i].features.empty() ? 0 : 1.0 / std::sqrt(static_cast<double>(rows[i].features.size()));
    for (const auto& [k, v] : counts) x[i].push_back(feature_node{k, v * norm});
    x[i].push_back(feature_node{n_features + 1, 1.0});  // the bias term
    x[i].push_back(feature_node{-1, 0});
    xp[i] = x[i].data();
    y[i] = static_cast<double>(
        std::lower_bound(labels.begin(), labels.end(), rows[i].topic) - labels.begin());
  }
  problem prob{};
  prob.l = static_cast<int>(rows.size());
  prob.n = n_features + 1;
  prob.y = y.data();
  prob.x = xp.data();
  prob.bias = -1;  // the bias is feature n+1 above
  parameter param{};
  param.solver_type = L2R_LR;
  param.eps = 0.01;
  param.C = options.c;
  set_print_string_function(Quiet);
  if (const char* err = check_parameter(&prob, &param))
    return InvalidArgumentError(StrCat("LIBLINEAR refused the parameters: ", err));
  model* m = train(&prob, &param);
  if (!m) return InternalError("LIBLINEAR did not return a model");
  const int k = get_nr_class(m);
  std::vector<int> model_labels(static_cast<size_t>(k));
  get_labels(m, model_labels.data());
  // Columns in `labels` order.
  std::vector<int> column(labels.size(), -1);
  for (int j = 0; j < k; ++j) column[static_cast<size_t>(model_labels[static_cast<size_t>(j)])] = j;
  std::vector<double> bias(labels.size());
  std::vector<std::pair<std::string, std::vector<double>>> out_rows;
  // The bias is the weight of feature n+1 (value 1), not LIBLINEAR's own bias term.
  for (size_t l = 0; l < labels.size(); ++l)
    bias[l] = get_decfun_coef(m, n_features + 1, column[l]);
  for (int f = 1; f <= n_features; ++f) {
    std::vector<double> w(labels.size());
    double max_abs = 0;
    for (size_t l = 0; l < labels.size(); ++l) {
      w[l] = get_decfun_coef(m, f, column[l]);
      max_abs = std::max(max_abs, std::abs(w[l]));
    }
    if (max_abs >= options.min_weight)
      out_rows.emplace_back(vocab[static_cast<size_t>(f) - 1], std::move(w));
  }
  free_and_destroy_model(&m);
  return TopicModel::Format(labels, bias, out_rows, options.trained_line);
}

}  // namespace pakn::classify
