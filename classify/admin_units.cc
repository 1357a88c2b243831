#include "classify/admin_units.h"

namespace pakn::classify {
namespace {

#include "data/vn-admin-units/admin-units.inc"

}  // namespace

std::span<const ProvinceRow> ProvinceRows() { return kProvinceRows; }
std::span<const WardRow> WardRows() { return kWardRows; }
std::span<const OldProvinceRow> OldProvinceRows() { return kOldProvinceRows; }
std::span<const OldUnitRow> OldUnitRows() { return kOldUnitRows; }

}  // namespace pakn::classify
