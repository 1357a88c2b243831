// The generator's geography: every province of 2025 with an approximate centre, and up to 30
// wards of each, drawn from the one copy of the administrative units the program carries
// (classify/admin_units.h). Wards are sampled evenly over each province's code-sorted list
// (first and last included), so both phường and xã, urban and rural, appear.
//
// Thread safety: built once on first use (a function-local static); read-only after.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace pakn::gen::gen_internal {

struct VnProvince {
  std::string_view code, full_name, name;
  std::string slug;            // "hanoi": synthetic host names such as dichvucong.hanoi.gov.vn
  int lat_micro, lon_micro;    // approximate administrative centre, micro-degrees
  int first_ward, ward_count;  // in VnWards()
};
struct VnWard {
  std::string_view code, name;
  std::string full_name;  // "Phường Ba Đình", "Xã Bắc Sơn"
};

std::span<const VnProvince> VnProvinces();
std::span<const VnWard> VnWards();

}  // namespace pakn::gen::gen_internal
