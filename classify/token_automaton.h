// TokenAutomaton: Aho-Corasick over the syllables of a search key, for the routing rules.
//
// Purpose: find every occurrence of many keyword phrases ("o ga", "mat dien", "xe") in a
// petition's search key in one left-to-right pass whose cost depends on the text, not on the
// number of phrases. Symbols are whole syllables (the space-separated terms of
// Normalizer::SearchKey), not bytes, so a match always starts and ends at syllable boundaries:
// "xe" matches "xe tai" but never "xet duyet", and no boundary check is needed afterwards.
//
//   TokenAutomaton::Builder b;
//   uint32_t id = b.Add("o ga");           // a search key: syllables separated by one space
//   TokenAutomaton a = std::move(b).Build();
//   a.Scan("duong co o ga lon", [](const TokenAutomaton::Hit& h) { ... });  // h.pattern == id
//
// Contract:
//  * A pattern is a non-empty sequence of at most kMaxPatternTerms syllables. Adding the same
//    sequence twice returns the same id; ids are dense, from 0, in order of first addition.
//  * Scan() tolerates any text: runs of spaces are one separator, syllables the automaton does
//    not know reset it. Every occurrence of every pattern is reported, overlapping ones too,
//    ordered by end position (then longest first), with byte offsets into the scanned text.
//  * Cost: Build() is linear in the total length of the patterns. Scan() does one hash probe
//    per syllable plus amortized O(1) transitions, plus the number of reported hits.
//
// Thread safety: a built automaton is immutable; Scan() may run concurrently on many threads.
// A Builder is not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pakn::classify {

class TokenAutomaton {
 public:
  static constexpr uint32_t kMaxPatternTerms = 32;

  struct Hit {
    uint32_t pattern;
    uint32_t begin;  // byte offset of the first syllable in the scanned text
    uint32_t end;    // one past the last byte of the last syllable
  };

  class Builder {
   public:
    // `key`: syllables separated by single spaces (a search key). Returns the pattern id, or
    // UINT32_MAX when the key has no syllable or more than kMaxPatternTerms.
    uint32_t Add(std::string_view key);
    TokenAutomaton Build() &&;

   private:
    friend class TokenAutomaton;
    uint32_t Intern(std::string_view syllable);
    std::vector<std::vector<uint32_t>> patterns_;            // token ids
    std::unordered_map<std::string, uint32_t> pattern_ids_;  // normalized key -> id
    std::vector<std::string> vocabulary_;                    // token id - 1 -> syllable
    std::unordered_map<std::string, uint32_t> token_ids_;    // syllable -> token id
  };

  TokenAutomaton() = default;

  template <typename OnHit>
  void Scan(std::string_view text, OnHit&& on_hit) const;

  size_t pattern_count() const { return pattern_terms_.size(); }
  size_t state_count() const { return fail_.size(); }
  size_t vocabulary_size() const { return vocabulary_.size(); }
  // Number of syllables of pattern `id`.
  uint32_t pattern_terms(uint32_t id) const { return pattern_terms_[id]; }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  struct Edge {
    uint64_t key = 0;  // state << 32 | token; 0 = empty slot (state 0 uses root_next_)
    uint32_t next = 0;
  };

  uint32_t TokenId(std::string_view syllable) const;  // 0 when unknown
  uint32_t Next(uint32_t state, uint32_t token) const;
  static uint64_t Mix(uint64_t x);
  static uint64_t HashSyllable(std::string_view s);

  // Vocabulary: open addressing, slot = token id (1-based) or 0.
  std::vector<std::string> vocabulary_;
  std::vector<uint64_t> vocabulary_hashes_;
  std::vector<uint32_t> vocabulary_slots_;
  uint64_t vocabulary_mask_ = 0;
  // Trie edges except the root's, open addressing keyed by Edge::key.
  std::vector<Edge> edges_;
  uint64_t edges_mask_ = 0;
  std::vector<uint32_t> root_next_;  // token id -> state (0 = stay at the root)
  std::vector<uint32_t> fail_;       // per state
  std::vector<uint32_t> output_;     // per state: the pattern ending here, or kNone
  std::vector<uint32_t> out_link_;   // per state: nearest proper suffix state with output, or 0
  std::vector<uint32_t> depth_;      // per state: syllables from the root
  std::vector<uint32_t> pattern_terms_;
};

inline uint64_t TokenAutomaton::Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return x;
}

inline uint64_t TokenAutomaton::HashSyllable(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return Mix(h);
}

inline uint32_t TokenAutomaton::TokenId(std::string_view syllable) const {
  if (vocabulary_slots_.empty()) return 0;
  const uint64_t h = HashSyllable(syllable);
  for (uint64_t i = h & vocabulary_mask_;; i = (i + 1) & vocabulary_mask_) {
    const uint32_t id = vocabulary_slots_[i];
    if (id == 0) return 0;
    if (vocabulary_hashes_[id - 1] == h && vocabulary_[id - 1] == syllable) return id;
  }
}

inline uint32_t TokenAutomaton::Next(uint32_t state, uint32_t token) const {
  for (;;) {
    if (state == 0) return root_next_[token];
    const uint64_t key = (uint64_t{state} << 32) | token;
    for (uint64_t i = Mix(key) & edges_mask_;; i = (i + 1) & edges_mask_) {
      if (edges_[i].key == key) return edges_[i].next;
      if (edges_[i].key == 0) break;
    }
    state = fail_[state];
  }
}

template <typename OnHit>
void TokenAutomaton::Scan(std::string_view text, OnHit&& on_hit) const {
  if (fail_.empty()) return;
  // Begin offsets of the last kMaxPatternTerms syllables, to report where a hit starts.
  uint32_t begins[kMaxPatternTerms];
  uint32_t count = 0;  // syllables seen
  uint32_t state = 0;
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    while (i < n && text[i] == ' ') ++i;
    if (i == n) break;
    const size_t b = i;
    while (i < n && text[i] != ' ') ++i;
    begins[count % kMaxPatternTerms] = static_cast<uint32_t>(b);
    ++count;
    const uint32_t token = TokenId(text.substr(b, i - b));
    if (token == 0) {
      state = 0;
      continue;
    }
    state = Next(state, token);
    for (uint32_t s = output_[state] != kNone ? state : out_link_[state]; s != 0;
         s = out_link_[s]) {
      const uint32_t first = count - depth_[s];
      on_hit(Hit{output_[s], begins[first % kMaxPatternTerms], static_cast<uint32_t>(i)});
    }
  }
}

}  // namespace pakn::classify
