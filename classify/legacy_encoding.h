// Legacy Vietnamese encodings, mojibake repair and VIQR.
//
// Purpose: petitions typed on old office PCs arrive either as raw bytes in an
// 8-bit Vietnamese encoding (bulk imports, files) or as mojibake inside valid
// UTF-8 (a portal decoded the legacy bytes as Windows-1252 or ISO-8859-1 and
// re-encoded them as UTF-8). This unit turns both back into Vietnamese
// UTF-8 before the Normalizer runs.
//
// Encodings:
//  * TCVN3 (ABC, the VN3 fonts .VnTime/.VnArial): TCVN 5712 bytes
//    0xA0-0xFF plus Windows-1252 punctuation at 0x80-0x9F. Capitals with
//    diacritics were typed in separate "H" fonts (.VnTimeH) that reuse the
//    lower-case byte values, so the bytes cannot tell them apart: decoding
//    yields lower-case letters there ("CéNG" -> "CộNG"). Only Ă Â Ê Ô Ơ Ư Đ
//    (0xA1-0xA7) and the TCVN 5712 (VN1) capitals left in 0xA0-0xFF decode
//    as capitals.
//  * VNI-Windows: an ASCII base letter followed by one byte carrying the
//    vowel modifier and/or the tone ("Vieät" = Việt).
//  * VISCII (RFC 1456): one byte per letter; six C0 control bytes (0x02 0x05
//    0x06 0x14 0x19 0x1E) are capital letters, so never strip controls
//    before decoding.
//  * CP1258 (Windows Vietnamese): Windows-1252-like with combining tone marks
//    at 0xCC 0xD2 0xDE 0xEC 0xF2.
//
// Contract:
//  * Decoders are total: every byte maps to something; bytes the encoding
//    leaves undefined become U+FFFD. A combining mark that follows a letter
//    it can combine with is composed into the precomposed Vietnamese letter
//    (so output is NFC for Vietnamese text); other marks are kept as
//    combining characters and the caller's NFC pass handles them.
//  * Detection and repair are heuristic and deliberately conservative: a
//    repair is made only where the re-decoded words are valid Vietnamese
//    syllables and the original words are not. Correct Vietnamese and
//    correct text in other languages is returned as std::nullopt (left
//    alone).
//  * Run RepairMojibake before the Normalizer: TCVN3 mojibake uses U+00AD
//    (SOFT HYPHEN) for "ư", which the Normalizer drops as default-ignorable.
//  * No exceptions other than std::bad_alloc.
//
// Thread safety: pure functions over immutable tables; safe to call from any
// number of threads concurrently.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pakn::classify {

enum class LegacyEncoding { kTcvn3, kVni, kViscii, kCp1258 };

// "tcvn3", "vni", "viscii", "cp1258".
std::string_view LegacyEncodingName(LegacyEncoding e);

// Raw bytes in encoding `e` -> UTF-8. Total (see the contract above).
std::string DecodeLegacy(std::string_view bytes, LegacyEncoding e);

// Guesses the legacy encoding of raw input that is NOT valid UTF-8, by
// decoding it with each encoding and scoring the share of words that become
// valid Vietnamese syllables. std::nullopt when no encoding is convincing,
// and always for valid UTF-8 (including pure ASCII).
std::optional<LegacyEncoding> DetectLegacyEncoding(std::string_view bytes);

struct MojibakeRepair {
  std::string text;  // the repaired UTF-8
  std::string kind;  // "mojibake:utf8-as-cp1252", "mojibake:tcvn3", ...
};

// Repairs mojibake inside valid UTF-8: UTF-8 read as Windows-1252/Latin-1
// ("Viá»‡t" -> "Việt", kind "mojibake:utf8-as-cp1252") or a legacy
// Vietnamese encoding read as Windows-1252/Latin-1 ("Céng hoµ" -> "Cộng
// hoà", kinds "mojibake:tcvn3", "mojibake:vni", "mojibake:viscii",
// "mojibake:cp1258"). Works per maximal span of words, so a correct
// sentence containing one broken phrase is repaired only there; a span is
// repaired only when at least two of its words turn from invalid into valid
// Vietnamese syllables (or, for UTF-8, the byte structure is unambiguous).
// Returns std::nullopt when nothing was repaired. When a text holds both
// kinds, UTF-8 mojibake is repaired first and reported.
// Invalid UTF-8 input is tolerated: ill-formed bytes are copied through
// unchanged and end a span.
std::optional<MojibakeRepair> RepairMojibake(std::string_view utf8);

// Cheap pre-check (one pass, no allocation): false when the text certainly
// holds no mojibake that RepairMojibake would repair, e.g. pure ASCII or
// text whose non-ASCII characters are only those Vietnamese UTF-8 uses
// (plus common typographic punctuation). MayBeMojibake(s) == false implies
// RepairMojibake(s) == std::nullopt.
bool MayBeMojibake(std::string_view utf8);

// VIQR (RFC 1456 "Vietnamese Quoted-Readable": "Tie^'ng Vie^.t") -> UTF-8.
// Works line by line: a line is decoded only when at least two of its words
// are unambiguous VIQR syllables and at least half of its words are VIQR,
// and then only the words that decode to valid Vietnamese syllables change
// ("Who?", "I'm", "x^2" stay). A '.' or '?' that ends a word is a tone
// ("chu? nghi~a", "ho. ddi") only inside a line already detected as VIQR
// and when a lower-case word follows; before a capital, a closing quote or
// bracket, or the end of the line it is punctuation. RFC 1456 asks writers
// to escape punctuation as "\." but in practice writers rarely did; a line
// that does escape is read the RFC's way (every unescaped '.' or '?' after
// a vowel is a tone). "\" before a mark character is an escape and is
// removed in decoded lines.
// Returns std::nullopt when no line was decoded.
std::optional<std::string> DecodeViqrIfDetected(std::string_view ascii);

}  // namespace pakn::classify
