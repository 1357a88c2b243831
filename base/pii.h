// Masking of personal data (Decree 13/2023/NĐ-CP; DESIGN.md decision 7). Reporter name, phone,
// e-mail, national ID and address never reach CLI output, logs or digests in clear unless the
// operator asks with --reveal-pii. Masks keep just enough to tell records apart when talking
// to the citizen on the phone (initials, last digits, the mail domain). Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pakn {

// "Nguyễn Văn An" → "N*** V*** A***" (first letter of each word, UTF-8 aware).
std::string MaskName(std::string_view name);
// "0912345678" → "*******678".
std::string MaskDigits(std::string_view digits);
// "an.nguyen@example.vn" → "a***@example.vn".
std::string MaskEmail(std::string_view email);
// Any free text (an address): "***" when non-empty.
std::string MaskFreeText(std::string_view text);

// Replaces every occurrence of `values` (non-empty, at least 3 bytes) in `text` with
// `masks` (same order): citizens often write their own name and phone number in the petition.
std::string MaskOccurrences(std::string_view text, const std::vector<std::string>& values,
                            const std::vector<std::string>& masks);

// Finds personal data that citizens type into free text and masks it: Vietnamese phone
// numbers (0 or +84/84 prefix, 10 digits for mobiles and 11 for landlines after the 0, with
// spaces, dots, dashes or a parenthesised area code between the groups), 12-digit citizen ID
// numbers (CCCD) and e-mail addresses. Digits that are part of a longer number, a date or a
// code are left alone. `found`, when not null, receives the number of masks made.
std::string MaskPiiInText(std::string_view text, int* found = nullptr);

}  // namespace pakn
