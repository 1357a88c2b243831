// Sealing: personal data encrypted at rest (Decree 13/2023/NĐ-CP; docs/operator-guide.md
// "Keys for the store"). The values of the column families that hold what citizens wrote
// (texts/, payloads/, events/, rejections/, pending_events/) are sealed with libsodium's
// XChaCha20-Poly1305 AEAD under a key of the store's key ring; the key's id is kept with each
// value, so that a new key can seal new values while the old ones still open with theirs.
//
//   PAKN_ASSIGN_OR_RETURN(auto keys, LoadKeyRing(config.store.key_file));   // null: none set
//   std::string v = SealValue(keys->current(), "texts", key, plain);
//   PAKN_ASSIGN_OR_RETURN(std::string plain2, OpenValue(keys.get(), "texts", key, v));
//
// A sealed value: 0xFF, format 1, flags (1 = LZ4-compressed inside), key-id length, key id,
// 24-byte random nonce, ciphertext with its 16-byte tag. The additional data bind it to its
// column family and key (a value copied under another petition does not open) and to its
// header. 0xFF never starts a value written in clear (JSON text, or a rejection's big-endian
// meta length), so stores written before sealing, or without a key, read as they are.
//
// Values are compressed (LZ4) before sealing when that saves an eighth or more: RocksDB's own
// compression finds nothing to do in ciphertext.
//
// Thread safety: KeyRing is immutable once loaded; the functions keep no state.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace pakn::store {

struct StoreKey {
  std::string id;  // [A-Za-z0-9._-]{1,32}
  std::array<uint8_t, 32> bytes;
};

class KeyRing {
 public:
  // "id hex64" lines (or ';'-separated entries); '#' starts a comment. The first key seals new
  // values; all of them open. `origin` names the text in errors ("/etc/pakn/store.key").
  static StatusOr<KeyRing> Parse(std::string_view text, std::string_view origin);
  const StoreKey& current() const { return keys_.front(); }
  const StoreKey* Find(std::string_view id) const;
  const std::vector<StoreKey>& keys() const { return keys_; }
  const std::string& origin() const { return origin_; }

 private:
  std::vector<StoreKey> keys_;  // never empty
  std::string origin_;
};

// The key ring of a process: PAKN_STORE_KEY (the same text as a key file) when set, else the
// file `key_file` (refused when others than its owner may read it), else none (null).
inline constexpr const char* kStoreKeyEnv = "PAKN_STORE_KEY";
StatusOr<std::shared_ptr<const KeyRing>> LoadKeyRing(const std::string& key_file);

// A key as a key file's line: "id hex64".
std::string KeyLine(const StoreKey& key);
// A new key line with 32 random bytes.
std::string NewKeyLine(std::string_view id);
// Ok, or what is wrong with a key id.
Status CheckKeyId(std::string_view id);

bool IsSealed(std::string_view value);
// The id of the key that sealed `value` ("" when it is not sealed or is damaged).
std::string_view SealedKeyId(std::string_view value);
std::string SealValue(const StoreKey& key, std::string_view cf, std::string_view key_bytes,
                      std::string_view plain);
// `value` itself when it is not sealed. FAILED_PRECONDITION when it was sealed with a key the
// ring does not have (or there is no ring); DATA_LOSS when it does not open (damaged, or
// sealed under another column family or key).
StatusOr<std::string> OpenValue(const KeyRing* keys, std::string_view cf,
                                std::string_view key_bytes, std::string_view value);

}  // namespace pakn::store
