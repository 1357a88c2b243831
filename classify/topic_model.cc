// TopicModel: parsing, features and scoring (topic_model.h).
#include "classify/topic_model.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "base/hash.h"
#include "base/strings.h"
#include "fmt/format.h"

namespace pakn::classify {
namespace {

// Calls f(feature) for every feature occurrence of the input, in a reused buffer.
template <typename F>
void EnumerateFeatures(const ModelInput& in, std::string& buf, F&& f) {
  std::string_view key = in.search_key;
  std::string_view prev;
  size_t pos = 0;
  while (pos < key.size()) {
    size_t end = key.find(' ', pos);
    if (end == std::string_view::npos) end = key.size();
    const std::string_view syl = key.substr(pos, end - pos);
    if (!syl.empty()) {
      buf.assign("u:").append(syl);
      f(buf);
      if (pos < in.title_bytes) {
        buf.assign("t:").append(syl);
        f(buf);
      }
      if (!prev.empty()) {
        buf.assign("b:").append(prev).append(" ").append(syl);
        f(buf);
      }
      prev = syl;
    }
    pos = end + 1;
  }
  if (in.rules) {
    if (!in.rules->rule_id.empty()) {
      buf.assign("r:").append(in.rules->rule_id);
      f(buf);
    }
    for (const std::string& id : in.rules->also_matched) {
      buf.assign("m:").append(id);
      f(buf);
    }
  }
}

// FNV-1a, continued: the hash of a feature is Fnv1a64 of its text, computed piecewise
// without building the text (Score's fast path; EnumerateFeatures builds the same texts).
constexpr uint64_t kFnvBasis = 0xcbf29ce484222325ULL;
inline uint64_t FnvAdd(uint64_t h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// Calls f(hash) for every feature occurrence, as EnumerateFeatures does for the texts.
template <typename F>
void EnumerateHashes(const ModelInput& in, F&& f) {
  static const uint64_t kU = FnvAdd(kFnvBasis, "u:"), kT = FnvAdd(kFnvBasis, "t:"),
                        kB = FnvAdd(kFnvBasis, "b:"), kR = FnvAdd(kFnvBasis, "r:"),
                        kM = FnvAdd(kFnvBasis, "m:");
  std::string_view key = in.search_key;
  uint64_t prev_b = 0;  // hash of "b:PREV " once a previous syllable exists
  bool have_prev = false;
  size_t pos = 0;
  while (pos < key.size()) {
    size_t end = key.find(' ', pos);
    if (end == std::string_view::npos) end = key.size();
    const std::string_view syl = key.substr(pos, end - pos);
    if (!syl.empty()) {
      f(FnvAdd(kU, syl));
      if (pos < in.title_bytes) f(FnvAdd(kT, syl));
      if (have_prev) f(FnvAdd(prev_b, syl));
      prev_b = FnvAdd(FnvAdd(kB, syl), " ");
      have_prev = true;
    }
    pos = end + 1;
  }
  if (in.rules) {
    if (!in.rules->rule_id.empty()) f(FnvAdd(kR, in.rules->rule_id));
    for (const std::string& id : in.rules->also_matched) f(FnvAdd(kM, id));
  }
}

std::string_view Field(std::string_view line, size_t& pos) {
  const size_t end = std::min(line.find('\t', pos), line.size());
  std::string_view out = line.substr(pos, end - pos);
  pos = end + 1;
  return out;
}

bool ParseDouble(std::string_view s, double& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && std::isfinite(out);
}

}  // namespace

std::vector<std::string> ModelFeatureNames(const ModelInput& in) {
  std::vector<std::string> out;
  std::string buf;
  EnumerateFeatures(in, buf, [&](const std::string& f) { out.push_back(f); });
  return out;
}

std::vector<uint64_t> ModelFeatureHashes(const ModelInput& in) {
  std::vector<uint64_t> out;
  EnumerateHashes(in, [&](uint64_t h) { out.push_back(h); });
  return out;
}

StatusOr<std::unique_ptr<TopicModel>> TopicModel::Parse(std::string_view text,
                                                        std::string_view name) {
  std::unique_ptr<TopicModel> m(new TopicModel());
  m->version_ = fmt::format("{:016x}", Fnv1a64(text));
  size_t line_no = 0;
  bool header = false;
  size_t k = 0;
  auto fail = [&](std::string_view what) {
    return InvalidArgumentError(StrCat(name, ":", line_no, ": ", what));
  };
  auto weights = [&](std::string_view line, size_t pos, std::vector<float>& out) -> bool {
    for (size_t i = 0; i < k; ++i) {
      double w;
      if (pos > line.size() || !ParseDouble(Field(line, pos), w)) return false;
      out.push_back(static_cast<float>(w));
    }
    return pos > line.size();  // nothing after the K weights
  };
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    size_t pos = 0;
    const std::string_view tag = Field(line, pos);
    if (!header) {
      if (tag != "pakn-topic-model" || Field(line, pos) != "1")
        return fail("expected the header 'pakn-topic-model<TAB>1' (a model written by "
                    "`pakn rules train`)");
      header = true;
      continue;
    }
    if (tag == "trained") {
      m->trained_ = std::string(line.substr(std::min(pos, line.size())));
    } else if (tag == "labels") {
      if (!m->labels_.empty()) return fail("labels given twice");
      while (pos <= line.size()) m->labels_.emplace_back(Field(line, pos));
      k = m->labels_.size();
      if (k < 2) return fail("expected at least two labels");
      if (k > kMaxLabels) return fail(StrCat("expected at most ", kMaxLabels, " labels"));
      for (const std::string& l : m->labels_)
        if (l.empty()) return fail("expected a topic code for every label");
    } else if (tag == "bias") {
      if (k == 0) return fail("bias before labels");
      m->bias_.clear();
      if (!weights(line, pos, m->bias_))
        return fail(StrCat("expected ", k, " numbers after 'bias'"));
    } else if (tag == "f") {
      if (k == 0) return fail("a feature before labels");
      if (pos > line.size()) return fail("expected a feature name and its weights");
      const std::string_view feature = Field(line, pos);
      if (feature.empty()) return fail("expected a feature name");
      const auto row = static_cast<uint32_t>(m->rows_.size());
      if (!m->rows_.emplace(Fnv1a64(feature), row).second)
        return fail(StrCat("feature '", feature, "' given twice (or a hash collision)"));
      if (!weights(line, pos, m->weights_))
        return fail(StrCat("expected ", k, " numbers after feature '", feature, "'"));
      m->weights_.resize(m->weights_.size() + Stride(k) - k, 0.f);  // pad the row
    } else {
      return fail(StrCat("unknown line '", tag, "'; expected trained, labels, bias or f"));
    }
  }
  if (!header) return InvalidArgumentError(StrCat(name, ": empty model file"));
  if (k == 0) return InvalidArgumentError(StrCat(name, ": no labels line"));
  if (m->bias_.empty()) m->bias_.assign(k, 0.f);
  m->BuildTable();
  for (size_t j = 0; j < k; ++j) m->label_index_.emplace(m->labels_[j], static_cast<int>(j));
  return m;
}

void TopicModel::BuildTable() {
  size_t capacity = 16;
  while (capacity < rows_.size() * 2) capacity *= 2;
  table_keys_.assign(capacity, 0);
  table_rows_.assign(capacity, UINT32_MAX);
  table_mask_ = capacity - 1;
  for (const auto& [hash, row] : rows_) {
    const uint64_t key = hash ? hash : 1;  // 0 marks an empty slot
    size_t i = key & table_mask_;
    while (table_keys_[i] != 0) i = (i + 1) & table_mask_;
    table_keys_[i] = key;
    table_rows_[i] = row;
  }
}

uint32_t TopicModel::Find(uint64_t hash) const {
  const uint64_t key = hash ? hash : 1;
  for (size_t i = key & table_mask_;; i = (i + 1) & table_mask_) {
    if (table_keys_[i] == key) return table_rows_[i];
    if (table_keys_[i] == 0) return UINT32_MAX;
  }
}

std::string TopicModel::Format(
    const std::vector<std::string>& labels, const std::vector<double>& bias,
    const std::vector<std::pair<std::string, std::vector<double>>>& rows,
    std::string_view trained_line) {
  std::string out =
      "# pakn topic model: logistic regression (one-vs-rest) trained by `pakn rules train`.\n"
      "# One line per feature: f, the feature, its weight for each label in order.\n"
      "pakn-topic-model\t1\n";
  out += StrCat("trained\t", trained_line, "\n");
  out += StrCat("labels\t", StrJoin(labels, "\t"), "\n");
  auto numbers = [](const std::vector<double>& w) {
    std::string s;
    for (double x : w) s += fmt::format("\t{:.5g}", x);
    return s;
  };
  out += StrCat("bias", numbers(bias), "\n");
  for (const auto& [feature, w] : rows) out += StrCat("f\t", feature, numbers(w), "\n");
  return out;
}

template <typename F>
void TopicModel::ForEachFeature(const ModelInput& in, F&& f) const {
  thread_local std::string buf;
  EnumerateFeatures(in, buf, [&](const std::string& feature) {
    auto it = rows_.find(Fnv1a64(feature));
    f(feature, it == rows_.end() ? UINT32_MAX : it->second);
  });
}

void TopicModel::ScoreInto(const ModelInput& in, double* out) const {
  const size_t k = labels_.size();
  const size_t stride = Stride(k);
  // Rows are padded to whole vectors of 8 floats: the sum is vector adds (GCC/Clang vector
  // extension: SSE/AVX on amd64, NEON on arm64), not K scalar ones.
  using V8 = float __attribute__((vector_size(32)));
  V8 acc[kMaxLabels / 8] = {};
  size_t n = 0;
  const float* const weights = weights_.data();
  EnumerateHashes(in, [&](uint64_t hash) {
    ++n;
    const uint32_t row = Find(hash);
    if (row == UINT32_MAX) return;
    const float* w = weights + size_t{row} * stride;
    for (size_t v = 0; v < stride / 8; ++v) {
      V8 x;
      std::memcpy(&x, w + 8 * v, sizeof x);
      acc[v] += x;
    }
  });
  const double value = n ? 1.0 / std::sqrt(static_cast<double>(n)) : 0.0;
  double sum = 0;
  for (size_t j = 0; j < k; ++j) {
    out[j] = 1.0 / (1.0 + std::exp(-(acc[j / 8][j % 8] * value + bias_[j])));
    sum += out[j];
  }
  for (size_t j = 0; j < k; ++j) out[j] = sum > 0 ? out[j] / sum : 1.0 / double(k);
}

int TopicModel::LabelIndex(std::string_view topic) const {
  auto it = label_index_.find(std::string(topic));
  return it == label_index_.end() ? -1 : it->second;
}

std::vector<TopicScore> TopicModel::Score(const ModelInput& in) const {
  const size_t k = labels_.size();
  double p[kMaxLabels];
  ScoreInto(in, p);
  std::vector<TopicScore> out(k);
  for (size_t j = 0; j < k; ++j) out[j] = TopicScore{labels_[j], p[j]};
  std::stable_sort(out.begin(), out.end(), [](const TopicScore& a, const TopicScore& b) {
    return a.probability > b.probability;
  });
  return out;
}

std::vector<FeatureWeight> TopicModel::Explain(const ModelInput& in, std::string_view topic,
                                               size_t n) const {
  const size_t k = labels_.size();
  const auto label = std::find(labels_.begin(), labels_.end(), topic) - labels_.begin();
  std::vector<FeatureWeight> out;
  if (static_cast<size_t>(label) >= k) return out;
  size_t count = 0;
  std::unordered_map<std::string, double> sum;
  ForEachFeature(in, [&](const std::string& feature, uint32_t row) {
    ++count;
    if (row != UINT32_MAX)
      sum[feature] += weights_[size_t{row} * Stride(k) + static_cast<size_t>(label)];
  });
  const double value = count ? 1.0 / std::sqrt(static_cast<double>(count)) : 0.0;
  for (const auto& [feature, w] : sum) out.push_back(FeatureWeight{feature, w * value});
  std::sort(out.begin(), out.end(), [](const FeatureWeight& a, const FeatureWeight& b) {
    return std::abs(a.contribution) != std::abs(b.contribution)
               ? std::abs(a.contribution) > std::abs(b.contribution)
               : a.feature < b.feature;
  });
  if (out.size() > n) out.resize(n);
  return out;
}

}  // namespace pakn::classify
