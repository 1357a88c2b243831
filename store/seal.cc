#include "store/seal.h"

#include <lz4.h>
#include <sodium.h>
#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "base/strings.h"
#include "fmt/format.h"

namespace pakn::store {
namespace {

constexpr uint8_t kMagic = 0xFF;
constexpr uint8_t kFormat = 1;
constexpr uint8_t kFlagLz4 = 1;
constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;  // 24
constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;       // 16
// A compressed value's own size is at most this (the store's values are far smaller): a
// damaged length cannot make OpenValue allocate gigabytes.
constexpr uint32_t kMaxPlain = 256u << 20;

bool InitSodium() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

std::string_view Trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

std::string Aad(std::string_view cf, std::string_view key, std::string_view header) {
  std::string aad = "pakn";
  aad.push_back('\0');
  aad.append(cf);
  aad.push_back('\0');
  aad.append(key);
  aad.push_back('\0');
  aad.append(header);
  return aad;
}

struct Parsed {
  uint8_t flags;
  std::string_view id, header, nonce, cipher;
};

bool Parse(std::string_view v, Parsed& p) {
  if (v.size() < 4 || static_cast<uint8_t>(v[0]) != kMagic || static_cast<uint8_t>(v[1]) != kFormat)
    return false;
  p.flags = static_cast<uint8_t>(v[2]);
  const size_t id_len = static_cast<uint8_t>(v[3]);
  const size_t header_len = 4 + id_len;
  if (v.size() < header_len + kNonce + kTag) return false;
  p.id = v.substr(4, id_len);
  p.header = v.substr(0, header_len);
  p.nonce = v.substr(header_len, kNonce);
  p.cipher = v.substr(header_len + kNonce);
  return true;
}

std::string Hex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  out.pop_back();
  return out;
}

}  // namespace

Status CheckKeyId(std::string_view id) {
  if (id.empty() || id.size() > 32)
    return InvalidArgumentError(StrCat("key id '", id, "': expected 1 to 32 characters"));
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
      return InvalidArgumentError(
          StrCat("key id '", id, "': expected letters, digits, '.', '_' or '-' only"));
  return OkStatus();
}

StatusOr<KeyRing> KeyRing::Parse(std::string_view text, std::string_view origin) {
  KeyRing ring;
  ring.origin_ = std::string(origin);
  // Entries are lines, or ';'-separated (an environment variable holds one line); '#' starts
  // a comment to the end of its line.
  std::vector<std::string_view> entries;
  for (std::string_view rest = text; !rest.empty();) {
    const size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (const size_t hash = line.find('#'); hash != std::string_view::npos)
      line = line.substr(0, hash);
    for (size_t from = 0;;) {
      const size_t semi = line.find(';', from);
      entries.push_back(line.substr(from, semi - from));
      if (semi == std::string_view::npos) break;
      from = semi + 1;
    }
  }
  int line_no = 0;
  for (std::string_view entry : entries) {
    ++line_no;
    const std::string_view line = Trim(entry);
    if (line.empty()) continue;
    const auto where = [&] { return StrCat(origin, ": entry ", line_no, ": "); };
    const size_t sp = line.find_first_of(" \t:");
    if (sp == std::string_view::npos)
      return InvalidArgumentError(
          StrCat(where(), "expected 'id key' (a key id, then 64 hex digits)"));
    const std::string_view id = line.substr(0, sp);
    const std::string_view hex = Trim(line.substr(sp + 1));
    if (Status s = CheckKeyId(id); !s.ok())
      return InvalidArgumentError(StrCat(where(), s.message()));
    if (hex.size() != 64)
      return InvalidArgumentError(StrCat(where(), "key '", id,
                                         "': expected 64 hex digits (32 bytes), got ", hex.size(),
                                         " characters"));
    if (const size_t bad = hex.find_first_not_of("0123456789abcdefABCDEF");
        bad != std::string_view::npos)
      return InvalidArgumentError(
          StrCat(where(), "key '", id, "': not a hex digit at column ", bad + 1));
    StoreKey key{std::string(id), {}};
    size_t decoded = 0;
    if (sodium_hex2bin(key.bytes.data(), key.bytes.size(), hex.data(), hex.size(), nullptr,
                       &decoded, nullptr) != 0 ||
        decoded != key.bytes.size())
      return InvalidArgumentError(StrCat(where(), "key '", id, "': not 32 bytes of hex"));
    if (ring.Find(id))
      return InvalidArgumentError(StrCat(where(), "key id '", id, "' given twice"));
    ring.keys_.push_back(std::move(key));
  }
  if (ring.keys_.empty())
    return InvalidArgumentError(StrCat(origin, ": no key in it (expected 'id key' lines)"));
  return ring;
}

const StoreKey* KeyRing::Find(std::string_view id) const {
  for (const StoreKey& k : keys_)
    if (k.id == id) return &k;
  return nullptr;
}

StatusOr<std::shared_ptr<const KeyRing>> LoadKeyRing(const std::string& key_file) {
  if (const char* env = std::getenv(kStoreKeyEnv); env && *env) {
    auto ring = KeyRing::Parse(env, kStoreKeyEnv);
    if (!ring.ok()) return ring.status();
    return std::make_shared<const KeyRing>(std::move(*ring));
  }
  if (key_file.empty()) return std::shared_ptr<const KeyRing>();
  struct stat st {};
  if (::stat(key_file.c_str(), &st) != 0) {
    const int err = errno;
    return InvalidArgumentError(StrCat(
        key_file, ": cannot read the store's key file: ", std::strerror(err),
        err == ENOENT ? StrCat(" (make one: pakn store-key new --file ", key_file, ")") : ""));
  }
  if ((st.st_mode & 077) != 0)
    return InvalidArgumentError(StrCat(key_file,
                                       ": others than its owner may read this key file (mode ",
                                       fmt::format("{:o}", st.st_mode & 0777), "); chmod 600 it"));
  std::ifstream in(key_file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof())
    return InvalidArgumentError(StrCat(key_file, ": cannot read the store's key file"));
  auto ring = KeyRing::Parse(text.str(), key_file);
  if (!ring.ok()) return ring.status();
  return std::make_shared<const KeyRing>(std::move(*ring));
}

std::string KeyLine(const StoreKey& key) {
  return StrCat(
      key.id, " ",
      Hex(std::string_view(reinterpret_cast<const char*>(key.bytes.data()), key.bytes.size())));
}

std::string NewKeyLine(std::string_view id) {
  InitSodium();
  StoreKey key{std::string(id), {}};
  randombytes_buf(key.bytes.data(), key.bytes.size());
  std::string line = KeyLine(key);
  sodium_memzero(key.bytes.data(), key.bytes.size());
  return line;
}

bool IsSealed(std::string_view value) {
  Parsed p;
  return Parse(value, p);
}

std::string_view SealedKeyId(std::string_view value) {
  Parsed p;
  return Parse(value, p) ? p.id : std::string_view();
}

std::string SealValue(const StoreKey& key, std::string_view cf, std::string_view key_bytes,
                      std::string_view plain) {
  InitSodium();
  // Compress first when it pays: u32 LE original size, then the LZ4 block.
  std::string packed;
  uint8_t flags = 0;
  if (plain.size() >= 128 && plain.size() <= kMaxPlain) {
    const int bound = LZ4_compressBound(static_cast<int>(plain.size()));
    packed.resize(4 + static_cast<size_t>(bound));
    const int n = LZ4_compress_default(plain.data(), packed.data() + 4,
                                       static_cast<int>(plain.size()), bound);
    if (n > 0 && static_cast<size_t>(n) + 4 <= plain.size() - plain.size() / 8) {
      const auto size = static_cast<uint32_t>(plain.size());
      for (int i = 0; i < 4; ++i) packed[i] = static_cast<char>((size >> (8 * i)) & 0xFF);
      packed.resize(4 + static_cast<size_t>(n));
      flags |= kFlagLz4;
    } else {
      packed.clear();
    }
  }
  const std::string_view body = (flags & kFlagLz4) ? std::string_view(packed) : plain;

  std::string out;
  out.reserve(4 + key.id.size() + kNonce + body.size() + kTag);
  out.push_back(static_cast<char>(kMagic));
  out.push_back(static_cast<char>(kFormat));
  out.push_back(static_cast<char>(flags));
  out.push_back(static_cast<char>(key.id.size()));
  out.append(key.id);
  const size_t header_len = out.size();
  out.resize(header_len + kNonce);
  randombytes_buf(out.data() + header_len, kNonce);
  const std::string aad = Aad(cf, key_bytes, std::string_view(out).substr(0, header_len));
  out.resize(header_len + kNonce + body.size() + kTag);
  auto* u = reinterpret_cast<unsigned char*>(out.data());
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      u + header_len + kNonce, &clen, reinterpret_cast<const unsigned char*>(body.data()),
      body.size(), reinterpret_cast<const unsigned char*>(aad.data()), aad.size(), nullptr,
      u + header_len, key.bytes.data());
  out.resize(header_len + kNonce + clen);
  return out;
}

StatusOr<std::string> OpenValue(const KeyRing* keys, std::string_view cf,
                                std::string_view key_bytes, std::string_view value) {
  Parsed p;
  if (!Parse(value, p)) return std::string(value);
  const auto where = [&] { return StrCat(cf, "/", Hex(key_bytes.substr(0, 40))); };
  const StoreKey* key = keys ? keys->Find(p.id) : nullptr;
  if (key == nullptr)
    return FailedPreconditionError(
        keys ? StrCat(where(), ": sealed with key '", p.id, "', which ", keys->origin(),
                      " does not hold")
             : StrCat(where(), ": sealed with key '", p.id,
                      "', and this process has no key: set store.key_file in the config or ",
                      kStoreKeyEnv));
  InitSodium();
  std::string body(p.cipher.size() - kTag, '\0');
  unsigned long long mlen = 0;
  const std::string aad = Aad(cf, key_bytes, p.header);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(body.data()), &mlen, nullptr,
          reinterpret_cast<const unsigned char*>(p.cipher.data()), p.cipher.size(),
          reinterpret_cast<const unsigned char*>(aad.data()), aad.size(),
          reinterpret_cast<const unsigned char*>(p.nonce.data()), key->bytes.data()) != 0)
    return DataLossError(StrCat(where(), ": does not open with key '", p.id,
                                "' (the value is damaged, or the key is not the one it was "
                                "sealed with)"));
  body.resize(mlen);
  if (!(p.flags & kFlagLz4)) return body;
  if (body.size() < 4) return DataLossError(StrCat(where(), ": compressed value too short"));
  uint32_t size = 0;
  for (int i = 0; i < 4; ++i) size |= uint32_t{static_cast<uint8_t>(body[i])} << (8 * i);
  if (size > kMaxPlain) return DataLossError(StrCat(where(), ": compressed size out of range"));
  std::string plain(size, '\0');
  const int n = LZ4_decompress_safe(body.data() + 4, plain.data(),
                                    static_cast<int>(body.size() - 4), static_cast<int>(size));
  if (n < 0 || static_cast<uint32_t>(n) != size)
    return DataLossError(StrCat(where(), ": compressed value does not decompress"));
  return plain;
}

}  // namespace pakn::store
