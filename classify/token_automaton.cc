#include "classify/token_automaton.h"

#include <algorithm>
#include <bit>
#include <deque>
#include <utility>

namespace pakn::classify {

uint32_t TokenAutomaton::Builder::Intern(std::string_view syllable) {
  auto [it, inserted] =
      token_ids_.try_emplace(std::string(syllable), static_cast<uint32_t>(vocabulary_.size() + 1));
  if (inserted) vocabulary_.emplace_back(syllable);
  return it->second;
}

uint32_t TokenAutomaton::Builder::Add(std::string_view key) {
  std::vector<std::string_view> terms;
  for (size_t i = 0; i < key.size();) {
    while (i < key.size() && key[i] == ' ') ++i;
    const size_t b = i;
    while (i < key.size() && key[i] != ' ') ++i;
    if (i > b) terms.push_back(key.substr(b, i - b));
  }
  if (terms.empty() || terms.size() > kMaxPatternTerms) return UINT32_MAX;
  std::string normalized;
  for (std::string_view t : terms) {
    if (!normalized.empty()) normalized.push_back(' ');
    normalized.append(t);
  }
  auto [it, inserted] =
      pattern_ids_.try_emplace(std::move(normalized), static_cast<uint32_t>(patterns_.size()));
  if (inserted) {
    std::vector<uint32_t> tokens;
    tokens.reserve(terms.size());
    for (std::string_view t : terms) tokens.push_back(Intern(t));
    patterns_.push_back(std::move(tokens));
  }
  return it->second;
}

TokenAutomaton TokenAutomaton::Builder::Build() && {
  TokenAutomaton a;
  const uint32_t vocab = static_cast<uint32_t>(vocabulary_.size());

  // Trie, with edges in a temporary map; state 0 is the root.
  std::unordered_map<uint64_t, uint32_t> edges;
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> children(1);  // (token, child)
  a.output_.assign(1, kNone);
  a.depth_.assign(1, 0);
  a.root_next_.assign(vocab + 1, 0);
  for (uint32_t p = 0; p < patterns_.size(); ++p) {
    uint32_t state = 0;
    for (uint32_t token : patterns_[p]) {
      const uint64_t key = (uint64_t{state} << 32) | token;
      auto it = edges.find(key);
      if (it == edges.end()) {
        const auto next = static_cast<uint32_t>(a.output_.size());
        a.output_.push_back(kNone);
        a.depth_.push_back(a.depth_[state] + 1);
        children.emplace_back();
        children[state].emplace_back(token, next);
        if (state == 0) a.root_next_[token] = next;
        it = edges.emplace(key, next).first;
      }
      state = it->second;
    }
    a.output_[state] = p;
    a.pattern_terms_.push_back(static_cast<uint32_t>(patterns_[p].size()));
  }

  // Open-addressing table of the non-root edges, load factor <= 1/2.
  size_t non_root = 0;
  for (const auto& [key, next] : edges) non_root += (key >> 32) != 0;
  const size_t edge_slots = std::bit_ceil(std::max<size_t>(2 * non_root, 16));
  a.edges_.assign(edge_slots, Edge{});
  a.edges_mask_ = edge_slots - 1;
  for (const auto& [key, next] : edges) {
    if ((key >> 32) == 0) continue;
    uint64_t i = Mix(key) & a.edges_mask_;
    while (a.edges_[i].key != 0) i = (i + 1) & a.edges_mask_;
    a.edges_[i] = Edge{key, next};
  }

  // Failure and output links, breadth first (a state's links depend on shallower states).
  const size_t states = a.output_.size();
  a.fail_.assign(states, 0);
  a.out_link_.assign(states, 0);
  std::deque<uint32_t> queue;
  for (const auto& [token, child] : children[0]) queue.push_back(child);
  while (!queue.empty()) {
    const uint32_t s = queue.front();
    queue.pop_front();
    for (const auto& [token, child] : children[s]) {
      a.fail_[child] = a.Next(a.fail_[s], token);
      const uint32_t f = a.fail_[child];
      a.out_link_[child] = a.output_[f] != kNone ? f : a.out_link_[f];
      queue.push_back(child);
    }
  }

  // Vocabulary table for Scan(), load factor <= 1/2.
  a.vocabulary_ = std::move(vocabulary_);
  a.vocabulary_hashes_.reserve(vocab);
  for (const std::string& v : a.vocabulary_) a.vocabulary_hashes_.push_back(HashSyllable(v));
  const size_t vocab_slots = std::bit_ceil(std::max<size_t>(2 * vocab, 16));
  a.vocabulary_slots_.assign(vocab_slots, 0);
  a.vocabulary_mask_ = vocab_slots - 1;
  for (uint32_t id = 1; id <= vocab; ++id) {
    uint64_t i = a.vocabulary_hashes_[id - 1] & a.vocabulary_mask_;
    while (a.vocabulary_slots_[i] != 0) i = (i + 1) & a.vocabulary_mask_;
    a.vocabulary_slots_[i] = id;
  }
  return a;
}

}  // namespace pakn::classify
