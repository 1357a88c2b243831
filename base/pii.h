// Masking of personal data (Decree 13/2023/NĐ-CP; docs/design.md decision 7). Reporter name, phone,
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

// Finds personal data that citizens type into free text and masks it (MaskDigits, MaskEmail):
// - Vietnamese phone numbers: mobiles 03x/05x/07x/08x/09x (10 digits) and landlines 02x (11
//   digits), national or after +84, 0084 or 84 (with or without the 0: "+84 (0) 912…"), in any
//   grouping of two or more digits separated by spaces, dots or dashes ("0912 - 345 - 678"), with
//   a parenthesised prefix ("(+84) 912 345 680", "(024) 3825 1234");
// - citizen ID numbers: 12 digits (CCCD) in one piece, or grouped when they start with a
//   province code 001–096 ("001 088 000 124"); 9 (CMND) or 12 digits in any grouping right after
//   a word naming the document ("CMND số", "căn cước", "số định danh cá nhân:");
// - e-mail addresses in any case, the domain ending in a label of letters.
// A number starts only after a non-alphanumeric byte and ends before a space, a clean end
// (no letter, no "/", ",", "." or "-" and a digit after it, except "/" or "," between two phones)
// or another number; groups joined by a bare dot or dash stay one number (amounts, dates, codes).
// Dates, amounts, document numbers, plates and public hotlines (1022, 1900 1234) stay. The scan
// is linear in the text's length. `found`, when not null, receives the number of masks made.
std::string MaskPiiInText(std::string_view text, int* found = nullptr);

}  // namespace pakn
