// Implementation notes.
//
// Both passes walk UTF-8 directly (no UTF-16 round trip) and consult tables
// built once in Create():
//  * bmp_class_ says, per BMP code point, whether the canonical pass keeps,
//    drops or treats it as whitespace, and whether it can take part in NFC
//    changes. Text whose code points are all NFC_Quick_Check=Yes with
//    combining class 0 is already NFC, so precomposed Vietnamese (the normal
//    case) never reaches ICU's normalizer at all.
//  * key_table_ holds the finished search-key bytes for every Latin and
//    fullwidth code point, derived from ICU's NFKD decomposition minus the
//    Latin combining marks. Other scripts take a slower per-code-point path.
#include "classify/normalizer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "unicode/bytestream.h"
#include "unicode/normalizer2.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"
#include "unicode/utf16.h"
#include "unicode/utf8.h"

namespace pakn::classify {
namespace {

using normalizer_internal::KeyEntry;

// bmp_class_ bits.
constexpr uint8_t kDrop = 1;
constexpr uint8_t kSpace = 2;
constexpr uint8_t kNeedsNfc = 4;

// KeyEntry::flags bits.
constexpr uint8_t kSeparatorBefore = 1;
constexpr uint8_t kSeparatorAfter = 2;

// key_table_ layout: three ranges stored back to back.
constexpr UChar32 kLatinEnd = 0x0370;
constexpr UChar32 kLatinExtFirst = 0x1E00;
constexpr UChar32 kLatinExtEnd = 0x1F00;
constexpr UChar32 kWidthFirst = 0xFF00;
constexpr UChar32 kWidthEnd = 0xFFF0;
constexpr int kLatinExtOffset = kLatinEnd;
constexpr int kWidthOffset = kLatinExtOffset + (kLatinExtEnd - kLatinExtFirst);
constexpr int kKeyTableSize = kWidthOffset + (kWidthEnd - kWidthFirst);

inline int KeyTableIndex(UChar32 c) {
  if (c < kLatinEnd) return c;
  if (c >= kLatinExtFirst && c < kLatinExtEnd) {
    return kLatinExtOffset + (c - kLatinExtFirst);
  }
  if (c >= kWidthFirst && c < kWidthEnd) {
    return kWidthOffset + (c - kWidthFirst);
  }
  return -1;
}

// Letters whose "accent" is a stroke or a look-alike glyph: Unicode gives
// them no decomposition, but searchers type the plain letter. U+00D0 and
// U+0189 render exactly like Đ and turn up in mis-encoded Vietnamese.
constexpr std::pair<UChar32, char> kStrokeLetters[] = {
    {0x0110, 'd'}, {0x0111, 'd'}, {0x00D0, 'd'}, {0x00F0, 'd'},
    {0x0189, 'd'}, {0x0141, 'l'}, {0x0142, 'l'}, {0x00D8, 'o'},
    {0x00F8, 'o'}, {0x0126, 'h'}, {0x0127, 'h'}, {0x0166, 't'},
    {0x0167, 't'}, {0x0180, 'b'}, {0x0197, 'i'}, {0x0268, 'i'},
    {0x01B5, 'z'}, {0x01B6, 'z'},
};

char StrokeBase(UChar32 c) {
  for (const auto& [stroked, base] : kStrokeLetters) {
    if (stroked == c) return base;
  }
  return 0;
}

// Combining marks that are accents on Latin letters. Marks of other scripts
// (Thai vowels, Devanagari matras, kana voicing) carry meaning and are kept.
bool IsLatinDiacritic(UChar32 c) {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
         (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
         (c >= 0xFE20 && c <= 0xFE2F);
}

uint8_t ComputeClass(UChar32 c) {
  if (u_hasBinaryProperty(c, UCHAR_WHITE_SPACE)) return kSpace;
  if (u_charType(c) == U_CONTROL_CHAR ||
      u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
    return kDrop;
  }
  if (u_getCombiningClass(c) != 0 ||
      u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) != UNORM_YES) {
    return kNeedsNfc;
  }
  return 0;
}

inline bool IsPlainAsciiGraphic(uint8_t b) { return b > 0x20 && b < 0x7F; }
inline bool IsAsciiLowerOrDigit(uint8_t b) {
  return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9');
}

// Builds the search key, deferring separators so that runs collapse to one
// space and nothing leads or trails.
class KeyWriter {
 public:
  explicit KeyWriter(std::string* out) : out_(out) {}

  void Separator() { pending_ = true; }

  void Append(const char* bytes, size_t n) {
    if (pending_ && !out_->empty()) out_->push_back(' ');
    pending_ = false;
    out_->append(bytes, n);
  }

  void AppendCodePoint(UChar32 c) {
    char buf[U8_MAX_LENGTH];
    size_t n = 0;
    U8_APPEND_UNSAFE(buf, n, c);
    Append(buf, n);
  }

  void AppendEntry(const KeyEntry& e) {
    if (e.flags & kSeparatorBefore) pending_ = true;
    if (e.len != 0) Append(e.bytes, e.len);
    if (e.flags & kSeparatorAfter) pending_ = true;
  }

 private:
  std::string* out_;
  bool pending_ = false;
};

// Same interface as KeyWriter, but records leading/trailing separators in
// the entry instead of dropping them, since a table entry is spliced into
// the middle of a key.
class EntryBuilder {
 public:
  void Separator() {
    if (bytes_.empty()) {
      leading_ = true;
    } else {
      pending_ = true;
    }
  }

  void AppendCodePoint(UChar32 c) {
    if (pending_) bytes_.push_back(' ');
    pending_ = false;
    char buf[U8_MAX_LENGTH];
    size_t n = 0;
    U8_APPEND_UNSAFE(buf, n, c);
    bytes_.append(buf, n);
  }

  bool Finish(KeyEntry* entry) const {
    if (bytes_.size() > KeyEntry::kMaxBytes) return false;
    entry->len = static_cast<uint8_t>(bytes_.size());
    entry->flags = (leading_ ? kSeparatorBefore : 0) |
                   (pending_ ? kSeparatorAfter : 0);
    bytes_.copy(entry->bytes, bytes_.size());
    return true;
  }

 private:
  std::string bytes_;
  bool leading_ = false;
  bool pending_ = false;
};

// Folds one code point that needs no further decomposition.
template <typename Sink>
void FoldSingle(UChar32 c, Sink& sink) {
  const uint32_t mask = U_GET_GC_MASK(c);
  if (mask & (U_GC_L_MASK | U_GC_ND_MASK)) {
    sink.AppendCodePoint(u_tolower(c));
  } else if (mask & U_GC_M_MASK) {
    // A mark never splits a word: it is either an accent (dropped) or part
    // of a letter in another script.
    if (!IsLatinDiacritic(c)) sink.AppendCodePoint(c);
  } else {
    sink.Separator();
  }
}

// Search key of a code point outside key_table_. Only compatibility
// characters (ﬁ, ①, Ⅻ) are decomposed: canonical decompositions outside
// Latin (Hangul syllables, Cyrillic й) are distinct letters there.
void FoldOther(UChar32 c, const icu::Normalizer2& nfkc,
               const std::vector<KeyEntry>& table, KeyWriter& writer) {
  const int32_t type = u_getIntPropertyValue(c, UCHAR_DECOMPOSITION_TYPE);
  if (type == U_DT_NONE || type == U_DT_CANONICAL) {
    FoldSingle(c, writer);
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString folded =
      nfkc.normalize(icu::UnicodeString(c), status);
  if (U_FAILURE(status)) {
    FoldSingle(c, writer);
    return;
  }
  for (int32_t i = 0; i < folded.length();) {
    const UChar32 d = folded.char32At(i);
    i += U16_LENGTH(d);
    const int index = KeyTableIndex(d);
    if (index >= 0) {
      writer.AppendEntry(table[index]);
    } else {
      FoldSingle(d, writer);
    }
  }
}

}  // namespace

Normalizer::Normalizer(const icu::Normalizer2* nfc,
                       const icu::Normalizer2* nfkc)
    : nfc_(nfc), nfkc_(nfkc) {}

StatusOr<std::unique_ptr<Normalizer>> Normalizer::Create() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) {
    return InternalError(std::string("ICU NFC data unavailable: ") +
                               u_errorName(status));
  }
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) {
    return InternalError(std::string("ICU NFKC data unavailable: ") +
                               u_errorName(status));
  }
  std::unique_ptr<Normalizer> normalizer(new Normalizer(nfc, nfkc));
  if (Status built = normalizer->BuildTables(); !built.ok()) {
    return built;
  }
  return normalizer;
}

Status Normalizer::BuildTables() {
  bmp_class_.resize(0x10000);
  for (UChar32 c = 0; c < 0x10000; ++c) bmp_class_[c] = ComputeClass(c);

  key_table_.assign(kKeyTableSize, KeyEntry{});
  const std::pair<UChar32, UChar32> ranges[] = {
      {0, kLatinEnd}, {kLatinExtFirst, kLatinExtEnd}, {kWidthFirst, kWidthEnd}};
  for (const auto& [first, end] : ranges) {
    for (UChar32 c = first; c < end; ++c) {
      EntryBuilder builder;
      icu::UnicodeString decomposition;
      if (const char base = StrokeBase(c); base != 0) {
        builder.AppendCodePoint(base);
      } else if (nfkc_->getDecomposition(c, decomposition)) {
        for (int32_t i = 0; i < decomposition.length();) {
          const UChar32 d = decomposition.char32At(i);
          i += U16_LENGTH(d);
          FoldSingle(d, builder);
        }
      } else {
        FoldSingle(c, builder);
      }
      if (!builder.Finish(&key_table_[KeyTableIndex(c)])) {
        return InternalError("search-key table entry too long for U+" +
                                   std::to_string(c));
      }
    }
  }
  return OkStatus();
}

uint8_t Normalizer::CharClass(int32_t c) const {
  return c < 0x10000 ? bmp_class_[c] : ComputeClass(c);
}

std::string Normalizer::Canonical(std::string_view utf8) const {
  if (utf8.size() > kMaxInputBytes) {
    size_t cut = kMaxInputBytes;
    while (cut > 0 && U8_IS_TRAIL(static_cast<uint8_t>(utf8[cut]))) --cut;
    utf8 = utf8.substr(0, cut);
  }
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const size_t n = utf8.size();

  // One pass removes invisible characters, collapses whitespace and repairs
  // ill-formed UTF-8. Doing this before NFC is safe: no canonical mapping
  // creates or consumes whitespace, controls or default-ignorables.
  std::string filtered;
  filtered.reserve(n);
  bool pending_space = false;
  bool needs_nfc = false;
  size_t i = 0;
  while (i < n) {
    if (IsPlainAsciiGraphic(s[i])) {
      size_t j = i + 1;
      while (j < n && IsPlainAsciiGraphic(s[j])) ++j;
      if (pending_space && !filtered.empty()) filtered.push_back(' ');
      pending_space = false;
      filtered.append(utf8.data() + i, j - i);
      i = j;
      continue;
    }
    const size_t start = i;
    UChar32 c;
    U8_NEXT_OR_FFFD(s, i, n, c);
    const uint8_t cls = CharClass(c);
    if (cls & kSpace) {
      pending_space = true;
      continue;
    }
    if (cls & kDrop) continue;
    if (pending_space && !filtered.empty()) filtered.push_back(' ');
    pending_space = false;
    needs_nfc |= (cls & kNeedsNfc) != 0;
    if (c == 0xFFFD) {
      filtered.append("\xEF\xBF\xBD");  // the input bytes may be ill-formed
    } else {
      filtered.append(utf8.data() + start, i - start);
    }
  }
  if (!needs_nfc) return filtered;

  std::string composed;
  composed.reserve(filtered.size());
  icu::StringByteSink<std::string> sink(&composed);
  UErrorCode status = U_ZERO_ERROR;
  const icu::StringPiece piece(filtered.data(),
                               static_cast<int32_t>(filtered.size()));
  nfc_->normalizeUTF8(0, piece, sink, nullptr, status);
  // Failure here means ICU could not allocate; the filtered text is still
  // clean, valid UTF-8, just possibly not composed.
  if (U_FAILURE(status)) return filtered;
  return composed;
}

std::string Normalizer::SearchKeyFromCanonical(
    std::string_view canonical) const {
  const auto* s = reinterpret_cast<const uint8_t*>(canonical.data());
  const size_t n = canonical.size();
  std::string key;
  key.reserve(n);
  KeyWriter writer(&key);
  size_t i = 0;
  while (i < n) {
    if (s[i] < 0x80) {
      if (IsAsciiLowerOrDigit(s[i])) {
        size_t j = i + 1;
        while (j < n && IsAsciiLowerOrDigit(s[j])) ++j;
        writer.Append(canonical.data() + i, j - i);
        i = j;
      } else {
        writer.AppendEntry(key_table_[s[i]]);
        ++i;
      }
      continue;
    }
    UChar32 c;
    U8_NEXT_OR_FFFD(s, i, n, c);
    const int index = KeyTableIndex(c);
    if (index >= 0) {
      writer.AppendEntry(key_table_[index]);
    } else {
      FoldOther(c, *nfkc_, key_table_, writer);
    }
  }
  return key;
}

NormalizedText Normalizer::Normalize(std::string_view utf8) const {
  NormalizedText result;
  result.canonical = Canonical(utf8);
  result.search_key = SearchKeyFromCanonical(result.canonical);
  return result;
}

std::string Normalizer::SearchKey(std::string_view utf8) const {
  return SearchKeyFromCanonical(Canonical(utf8));
}

std::vector<std::string_view> Terms(std::string_view search_key) {
  std::vector<std::string_view> terms;
  size_t start = 0;
  while (start < search_key.size()) {
    size_t end = search_key.find(' ', start);
    if (end == std::string_view::npos) end = search_key.size();
    if (end > start) terms.push_back(search_key.substr(start, end - start));
    start = end + 1;
  }
  return terms;
}

}  // namespace pakn::classify
