// RoutePetition and the place of a petition from its location or its text (routing.h).
//
// The place in a text (FindPlaceInText) comes from mentions found in the title and the content,
// read as words with their case, diacritics and the punctuation between them:
//  * marked: an administrative marker and a name, "phường Linh Trung", "P.Tân Định", "xã Vũ
//    Lăng", "huyện Củ Chi", "Q.Bình Thạnh", "Q7", "TP Vinh", "tỉnh Thanh Hóa", "TP.HCM"; after
//    "thôn", "ấp", "tổ"..., the village's own name is skipped ("ấp 3 Hiệp Phước");
//  * unmarked: a run of capitalised words that is, whole, the name of a province, old or new
//    ("Hà Nội", "Hải Dương cũ", "Sài Gòn"), or of a pre-2025 district ("Gò Vấp", "Nha Trang";
//    a one-word one, or one that is also a person's or a street's, next to a word of place), or,
//    next to a word of place ("ở", "tại", "thuộc", "quê", ...) or another mention, of a ward
//    ("ở Linh Trung"); a run that is not a name may end in one ("Tam Phước Biên Hòa", "đường
//    Nguyễn Oanh Gò Vấp"); in a text typed without diacritics, lower-case names after a word of
//    place ("toi o go vap").
// Conservatively: a run counts only whole or cut after a ward's or a street's name ("Bùi Thị
// Thanh Hoa" names no province), never after a word that makes it a street, a river, a
// business or a person ("đường Điện Biên Phủ", "sông Điện Biên", "chị Thanh Xuân"), with the
// diacritics written ("Vĩnh" is not "Vinh"), and a ward's name that wards of several provinces
// bear names none.
// Mentions written one after the other ("xã Hiền Ninh, Quảng Ninh, Quảng Bình cũ") are one
// address, decided by its largest unit, the last written. Addresses vote for a province: a
// province's name weighs more than a district's, a district's more than a ward's; the title, the
// addressee of "Kính gửi", where one goes back to ("về") weigh more, a home town ("quê") or a
// starting point ("từ") less; a province named in several addresses gets one more vote, once.
// Ties go to the first address. The ward is then looked up in that province from the ward and
// district mentions. One pass over the words; PlaceIndex::Resolve is asked only about runs that
// may be names.
#include "classify/routing.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "base/strings.h"
#include "classify/places_key.h"

namespace pakn::classify {
namespace {

using std::string_view_literals::operator""sv;

// ----- Pre-2025 provinces and districts ------------------------------------------------------

// The pre-2025 provinces and districts (quận, thành phố and thị xã of a province, huyện) that went
// into each 2025 province. The 2025 units have no districts, but citizens still place themselves
// by them ("Gò Vấp", "Q7", "huyện Củ Chi"), and a district is often the only place a text names;
// PlaceIndex knows none (places.h), and data/vn-admin-units/ has no district list. This table was
// written for pakn from general knowledge of the 2019-2024 districts (713 names, each under its
// type at the end of 2024, with units merged away in 2019-2025 such as Hoành Bồ, Kỳ Sơn, Quận 2
// and Quận 9 kept because citizens still write them), by a writer who used no look-up; a name
// it was unsure of was left out. Corrections are welcome: a wrong entry can only make a district
// name point to the wrong province, and the mention weights below let a province named in the
// text outvote it.
struct PreviousNames {
  const char* code;       // the 2025 province
  const char* provinces;  // names separated by '|'
  const char* urban;      // quận of the centrally governed cities
  const char* towns;      // thành phố and thị xã of a province
  const char* rural;      // huyện
};
constexpr PreviousNames kPreviousNames[] = {
{"01", "Hà Nội|Hà Tây",
     "Ba Đình|Bắc Từ Liêm|Cầu Giấy|Đống Đa|Hà Đông|Hai Bà Trưng|Hoàn Kiếm|Hoàng Mai|"
     "Long Biên|Nam Từ Liêm|Tây Hồ|Thanh Xuân",
     "Sơn Tây",
     "Ba Vì|Chương Mỹ|Đan Phượng|Đông Anh|Gia Lâm|Hoài Đức|Mê Linh|Mỹ Đức|Phú Xuyên|Phúc Thọ|"
     "Quốc Oai|Sóc Sơn|Thạch Thất|Thanh Oai|Thanh Trì|Thường Tín|Ứng Hòa"},
    {"04", "Cao Bằng",
     "",
     "Cao Bằng",
     "Bảo Lạc|Bảo Lâm|Hạ Lang|Hà Quảng|Hòa An|Nguyên Bình|Phục Hòa|Quảng Hòa|Quảng Uyên|"
     "Thạch An|Thông Nông|Trà Lĩnh|Trùng Khánh"},
    {"08", "Tuyên Quang|Hà Giang",
     "",
     "Hà Giang|Tuyên Quang",
     "Bắc Mê|Bắc Quang|Chiêm Hóa|Đồng Văn|Hàm Yên|Hoàng Su Phì|Lâm Bình|Mèo Vạc|Na Hang|"
     "Quản Bạ|Quang Bình|Sơn Dương|Vị Xuyên|Xín Mần|Yên Minh|Yên Sơn"},
    {"11", "Điện Biên",
     "",
     "Điện Biên Phủ|Mường Lay",
     "Điện Biên|Điện Biên Đông|Mường Ảng|Mường Chà|Mường Nhé|Nậm Pồ|Tủa Chùa|Tuần Giáo"},
    {"12", "Lai Châu",
     "",
     "Lai Châu",
     "Mường Tè|Nậm Nhùn|Phong Thổ|Sìn Hồ|Tam Đường|Tân Uyên|Than Uyên"},
    {"14", "Sơn La",
     "",
     "Sơn La",
     "Bắc Yên|Mai Sơn|Mộc Châu|Mường La|Phù Yên|Quỳnh Nhai|Sông Mã|Sốp Cộp|Thuận Châu|Vân Hồ|"
     "Yên Châu"},
    {"15", "Lào Cai|Yên Bái",
     "",
     "Lào Cai|Nghĩa Lộ|Sa Pa|Yên Bái",
     "Bảo Thắng|Bảo Yên|Bát Xát|Bắc Hà|Lục Yên|Mù Cang Chải|Mường Khương|Si Ma Cai|Trạm Tấu|"
     "Trấn Yên|Văn Bàn|Văn Chấn|Văn Yên|Yên Bình"},
    {"19", "Thái Nguyên|Bắc Kạn",
     "",
     "Bắc Kạn|Phổ Yên|Sông Công|Thái Nguyên",
     "Ba Bể|Bạch Thông|Chợ Đồn|Chợ Mới|Đại Từ|Định Hóa|Đồng Hỷ|Na Rì|Ngân Sơn|Pác Nặm|"
     "Phú Bình|Phú Lương|Võ Nhai"},
    {"20", "Lạng Sơn",
     "",
     "Lạng Sơn",
     "Bắc Sơn|Bình Gia|Cao Lộc|Chi Lăng|Đình Lập|Hữu Lũng|Lộc Bình|Tràng Định|Văn Lãng|"
     "Văn Quan"},
    {"22", "Quảng Ninh",
     "",
     "Cẩm Phả|Đông Triều|Hạ Long|Móng Cái|Quảng Yên|Uông Bí",
     "Ba Chẽ|Bình Liêu|Cô Tô|Đầm Hà|Hải Hà|Hoành Bồ|Tiên Yên|Vân Đồn"},
    {"24", "Bắc Ninh|Bắc Giang",
     "",
     "Bắc Giang|Bắc Ninh|Quế Võ|Thuận Thành|Từ Sơn|Việt Yên",
     "Gia Bình|Hiệp Hòa|Lạng Giang|Lục Nam|Lục Ngạn|Lương Tài|Sơn Động|Tân Yên|Tiên Du|"
     "Yên Dũng|Yên Phong|Yên Thế"},
    {"25", "Phú Thọ|Vĩnh Phúc|Hoà Bình",
     "",
     "Hòa Bình|Phú Thọ|Phúc Yên|Việt Trì|Vĩnh Yên",
     "Bình Xuyên|Cao Phong|Cẩm Khê|Đà Bắc|Đoan Hùng|Hạ Hòa|Kim Bôi|Kỳ Sơn|Lạc Sơn|Lạc Thủy|"
     "Lâm Thao|Lập Thạch|Lương Sơn|Mai Châu|Phù Ninh|Sông Lô|Tam Dương|Tam Đảo|Tam Nông|"
     "Tân Lạc|Tân Sơn|Thanh Ba|Thanh Sơn|Thanh Thủy|Vĩnh Tường|Yên Lạc|Yên Lập|Yên Thủy"},
    {"31", "Hải Phòng|Hải Dương",
     "Dương Kinh|Đồ Sơn|Hải An|Hồng Bàng|Kiến An|Lê Chân|Ngô Quyền",
     "Chí Linh|Hải Dương|Kinh Môn",
     "An Dương|An Lão|Bạch Long Vĩ|Bình Giang|Cát Hải|Cẩm Giàng|Gia Lộc|Kiến Thụy|Kim Thành|"
     "Nam Sách|Ninh Giang|Thanh Hà|Thanh Miện|Thủy Nguyên|Tiên Lãng|Tứ Kỳ|Vĩnh Bảo"},
    {"33", "Hưng Yên|Thái Bình",
     "",
     "Hưng Yên|Mỹ Hào|Thái Bình",
     "Ân Thi|Đông Hưng|Hưng Hà|Khoái Châu|Kiến Xương|Kim Động|Phù Cừ|Quỳnh Phụ|Thái Thụy|"
     "Tiền Hải|Tiên Lữ|Văn Giang|Văn Lâm|Vũ Thư|Yên Mỹ"},
    {"37", "Ninh Bình|Hà Nam|Nam Định",
     "",
     "Duy Tiên|Nam Định|Ninh Bình|Phủ Lý|Tam Điệp",
     "Bình Lục|Gia Viễn|Giao Thủy|Hải Hậu|Hoa Lư|Kim Bảng|Kim Sơn|Lý Nhân|Mỹ Lộc|Nam Trực|"
     "Nghĩa Hưng|Nho Quan|Thanh Liêm|Trực Ninh|Vụ Bản|Xuân Trường|Ý Yên|Yên Khánh|Yên Mô"},
    {"38", "Thanh Hóa",
     "",
     "Bỉm Sơn|Nghi Sơn|Sầm Sơn|Thanh Hóa",
     "Bá Thước|Cẩm Thủy|Đông Sơn|Hà Trung|Hậu Lộc|Hoằng Hóa|Lang Chánh|Mường Lát|Nga Sơn|"
     "Ngọc Lặc|Như Thanh|Như Xuân|Nông Cống|Quan Hóa|Quan Sơn|Quảng Xương|Thạch Thành|"
     "Thiệu Hóa|Thọ Xuân|Thường Xuân|Tĩnh Gia|Triệu Sơn|Vĩnh Lộc|Yên Định"},
    {"40", "Nghệ An",
     "",
     "Cửa Lò|Hoàng Mai|Thái Hòa|Vinh",
     "Anh Sơn|Con Cuông|Diễn Châu|Đô Lương|Hưng Nguyên|Kỳ Sơn|Nam Đàn|Nghi Lộc|Nghĩa Đàn|"
     "Quế Phong|Quỳ Châu|Quỳ Hợp|Quỳnh Lưu|Tân Kỳ|Thanh Chương|Tương Dương|Yên Thành"},
    {"42", "Hà Tĩnh",
     "",
     "Hà Tĩnh|Hồng Lĩnh|Kỳ Anh",
     "Can Lộc|Cẩm Xuyên|Đức Thọ|Hương Khê|Hương Sơn|Kỳ Anh|Lộc Hà|Nghi Xuân|Thạch Hà|Vũ Quang"},
    {"44", "Quảng Trị|Quảng Bình",
     "",
     "Ba Đồn|Đông Hà|Đồng Hới|Quảng Trị",
     "Bố Trạch|Cam Lộ|Cồn Cỏ|Đa Krông|Gio Linh|Hải Lăng|Hướng Hóa|Lệ Thủy|Minh Hóa|"
     "Quảng Ninh|Quảng Trạch|Triệu Phong|Tuyên Hóa|Vĩnh Linh"},
    {"46", "Thừa Thiên Huế",
     "Phú Xuân|Thuận Hóa",
     "Huế|Hương Thủy|Hương Trà",
     "A Lưới|Nam Đông|Phong Điền|Phú Lộc|Phú Vang|Quảng Điền"},
    {"48", "Đà Nẵng|Quảng Nam",
     "Cẩm Lệ|Hải Châu|Liên Chiểu|Ngũ Hành Sơn|Sơn Trà|Thanh Khê",
     "Điện Bàn|Hội An|Tam Kỳ",
     "Bắc Trà My|Duy Xuyên|Đại Lộc|Đông Giang|Hiệp Đức|Hòa Vang|Hoàng Sa|Nam Giang|"
     "Nam Trà My|Nông Sơn|Núi Thành|Phú Ninh|Phước Sơn|Quế Sơn|Tây Giang|Thăng Bình|"
     "Tiên Phước"},
    {"51", "Quảng Ngãi|Kon Tum",
     "",
     "Đức Phổ|Kon Tum|Quảng Ngãi",
     "Ba Tơ|Bình Sơn|Đắk Glei|Đắk Hà|Đắk Tô|Ia H'Drai|Kon Plông|Kon Rẫy|Lý Sơn|Minh Long|"
     "Mộ Đức|Nghĩa Hành|Ngọc Hồi|Sa Thầy|Sơn Hà|Sơn Tây|Sơn Tịnh|Tây Trà|Trà Bồng|Tu Mơ Rông|"
     "Tư Nghĩa"},
    {"52", "Gia Lai|Bình Định",
     "",
     "An Khê|An Nhơn|Ayun Pa|Hoài Nhơn|Pleiku|Quy Nhơn",
     "An Lão|Chư Păh|Chư Prông|Chư Pưh|Chư Sê|Đak Đoa|Đak Pơ|Đức Cơ|Hoài Ân|Ia Grai|Ia Pa|"
     "KBang|Kông Chro|Krông Pa|Mang Yang|Phù Cát|Phù Mỹ|Phú Thiện|Tây Sơn|Tuy Phước|Vân Canh|"
     "Vĩnh Thạnh"},
    {"56", "Khánh Hòa|Ninh Thuận",
     "",
     "Cam Ranh|Nha Trang|Ninh Hòa|Phan Rang - Tháp Chàm",
     "Bác Ái|Cam Lâm|Diên Khánh|Khánh Sơn|Khánh Vĩnh|Ninh Hải|Ninh Phước|Ninh Sơn|Thuận Bắc|"
     "Thuận Nam|Trường Sa|Vạn Ninh"},
    {"66", "Đắk Lắk|Phú Yên",
     "",
     "Buôn Hồ|Buôn Ma Thuột|Đông Hòa|Sông Cầu|Tuy Hòa",
     "Buôn Đôn|Cư Kuin|Cư M'gar|Đồng Xuân|Ea H'leo|Ea Kar|Ea Súp|Krông Ana|Krông Bông|"
     "Krông Búk|Krông Năng|Krông Pắc|Lắk|M'Đrắk|Phú Hòa|Sông Hinh|Sơn Hòa|Tây Hòa|Tuy An"},
    {"68", "Lâm Đồng|Đắk Nông|Bình Thuận",
     "",
     "Bảo Lộc|Đà Lạt|Gia Nghĩa|La Gi|Phan Thiết",
     "Bảo Lâm|Bắc Bình|Cát Tiên|Cư Jút|Di Linh|Đạ Huoai|Đạ Tẻh|Đam Rông|Đắk Glong|Đắk Mil|"
     "Đắk R'Lấp|Đắk Song|Đơn Dương|Đức Linh|Đức Trọng|Hàm Tân|Hàm Thuận Bắc|Hàm Thuận Nam|"
     "Krông Nô|Lạc Dương|Lâm Hà|Phú Quý|Tánh Linh|Tuy Đức|Tuy Phong"},
    {"75", "Đồng Nai|Bình Phước",
     "",
     "Biên Hòa|Bình Long|Chơn Thành|Đồng Xoài|Long Khánh|Phước Long",
     "Bù Đăng|Bù Đốp|Bù Gia Mập|Cẩm Mỹ|Định Quán|Đồng Phú|Hớn Quản|Long Thành|Lộc Ninh|"
     "Nhơn Trạch|Phú Riềng|Tân Phú|Thống Nhất|Trảng Bom|Vĩnh Cửu|Xuân Lộc"},
    {"79", "Hồ Chí Minh|Bình Dương|Bà Rịa - Vũng Tàu",
     "1|2|3|4|5|6|7|8|9|10|11|12|Bình Tân|Bình Thạnh|Gò Vấp|Phú Nhuận|Tân Bình|Tân Phú|"
     "Thủ Đức",
     "Bà Rịa|Bến Cát|Dĩ An|Phú Mỹ|Tân Uyên|Thủ Dầu Một|Thủ Đức|Thuận An|Vũng Tàu",
     "Bàu Bàng|Bắc Tân Uyên|Bình Chánh|Cần Giờ|Châu Đức|Côn Đảo|Củ Chi|Dầu Tiếng|Đất Đỏ|"
     "Hóc Môn|Long Điền|Nhà Bè|Phú Giáo|Xuyên Mộc"},
    {"80", "Tây Ninh|Long An",
     "",
     "Hòa Thành|Kiến Tường|Tân An|Tây Ninh|Trảng Bàng",
     "Bến Cầu|Bến Lức|Cần Đước|Cần Giuộc|Châu Thành|Dương Minh Châu|Đức Hòa|Đức Huệ|Gò Dầu|"
     "Mộc Hóa|Tân Biên|Tân Châu|Tân Hưng|Tân Thạnh|Tân Trụ|Thạnh Hóa|Thủ Thừa|Vĩnh Hưng"},
    {"82", "Đồng Tháp|Tiền Giang",
     "",
     "Cai Lậy|Cao Lãnh|Gò Công|Hồng Ngự|Mỹ Tho|Sa Đéc",
     "Cái Bè|Cai Lậy|Cao Lãnh|Châu Thành|Chợ Gạo|Gò Công Đông|Gò Công Tây|Hồng Ngự|Lai Vung|"
     "Lấp Vò|Tam Nông|Tân Hồng|Tân Phú Đông|Tân Phước|Thanh Bình|Tháp Mười"},
    {"86", "Vĩnh Long|Bến Tre|Trà Vinh",
     "",
     "Bến Tre|Bình Minh|Duyên Hải|Trà Vinh|Vĩnh Long",
     "Ba Tri|Bình Đại|Bình Tân|Càng Long|Cầu Kè|Cầu Ngang|Châu Thành|Chợ Lách|Duyên Hải|"
     "Giồng Trôm|Long Hồ|Mang Thít|Mỏ Cày Bắc|Mỏ Cày Nam|Tam Bình|Thạnh Phú|Tiểu Cần|Trà Cú|"
     "Trà Ôn|Vũng Liêm"},
    {"91", "An Giang|Kiên Giang",
     "",
     "Châu Đốc|Hà Tiên|Long Xuyên|Phú Quốc|Rạch Giá|Tân Châu|Tịnh Biên",
     "An Biên|An Minh|An Phú|Châu Phú|Châu Thành|Chợ Mới|Giang Thành|Giồng Riềng|Gò Quao|"
     "Hòn Đất|Kiên Hải|Kiên Lương|Phú Tân|Tân Hiệp|Thoại Sơn|Tri Tôn|U Minh Thượng|Vĩnh Thuận"},
    {"92", "Cần Thơ|Hậu Giang|Sóc Trăng",
     "Bình Thủy|Cái Răng|Ninh Kiều|Ô Môn|Thốt Nốt",
     "Long Mỹ|Ngã Bảy|Ngã Năm|Sóc Trăng|Vị Thanh|Vĩnh Châu",
     "Châu Thành|Châu Thành A|Cờ Đỏ|Cù Lao Dung|Kế Sách|Long Mỹ|Long Phú|Mỹ Tú|Mỹ Xuyên|"
     "Phong Điền|Phụng Hiệp|Thạnh Trị|Thới Lai|Trần Đề|Vị Thủy|Vĩnh Thạnh"},
    {"96", "Cà Mau|Bạc Liêu",
     "",
     "Bạc Liêu|Cà Mau|Giá Rai",
     "Cái Nước|Đầm Dơi|Đông Hải|Hòa Bình|Hồng Dân|Năm Căn|Ngọc Hiển|Phú Tân|Phước Long|"
     "Thới Bình|Trần Văn Thời|U Minh|Vĩnh Lợi"}
};

// Ranks of the names above: a province's name first, then the district types by how many people
// live in one (a quận of a big city is meant before a rural huyện of the same name).
constexpr int kProvinceRank = 4, kUrbanRank = 3, kTownRank = 2, kRuralRank = 1;

// ----- Letters --------------------------------------------------------------------------------


void AppendUtf8(char32_t c, std::string& out) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

struct BaseTables {
  std::array<char, 0x1B1> latin{};      // U+0000..U+01B0
  std::array<char, 0x5A> additional{};  // U+1EA0..U+1EF9
};

constexpr BaseTables MakeBaseTables() {
  BaseTables t;
  constexpr std::pair<char, std::string_view> kLetters[] = {
      {'a', "àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"},
      {'e', "èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ"},
      {'i', "ìíỉĩịÌÍỈĨỊ"},
      {'o', "òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"},
      {'u', "ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ"},
      {'y', "ỳýỷỹỵỲÝỶỸỴ"},
      {'d', "đĐ"},
  };
  for (const auto& [base, letters] : kLetters) {
    for (size_t i = 0; i < letters.size();) {
      const auto [c, n] = Utf8CodePointAt(letters, i);
      i += n;
      if (c < t.latin.size()) t.latin[c] = base;
      if (c >= 0x1EA0 && c < 0x1EA0 + t.additional.size()) t.additional[c - 0x1EA0] = base;
    }
  }
  return t;
}

constexpr BaseTables kBaseTables = MakeBaseTables();

// The lower-case ASCII letter under a Vietnamese letter ('a' for "Ẩ", 'd' for "đ"), a digit
// itself, 0 for anything else.
char BaseLetter(char32_t c) {
  if (c < 0x80) {
    if (c >= 'a' && c <= 'z') return static_cast<char>(c);
    if (c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
    if (c >= '0' && c <= '9') return static_cast<char>(c);
    return 0;
  }
  if (c < kBaseTables.latin.size()) return kBaseTables.latin[c];
  if (c >= 0x1EA0 && c < 0x1EA0 + kBaseTables.additional.size())
    return kBaseTables.additional[c - 0x1EA0];
  return 0;
}

// An upper-case Vietnamese letter: ASCII, Latin-1 (À..Ý), Ă Đ Ĩ Ũ Ơ Ư, Latin Extended
// Additional (even code points from U+1EA0).
bool IsUpper(char32_t c) {
  if (c >= 'A' && c <= 'Z') return true;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return true;
  if (c == 0x102 || c == 0x110 || c == 0x128 || c == 0x168 || c == 0x1A0 || c == 0x1AF) return true;
  return c >= 0x1EA0 && c <= 0x1EF8 && c % 2 == 0;
}

char32_t ToLower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c - 'A' + 'a';
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c == 0x102 || c == 0x110 || c == 0x128 || c == 0x168 || c == 0x1A0 || c == 0x1AF)
    return c + 1;
  if (c >= 0x1EA0 && c <= 0x1EF8 && c % 2 == 0) return c + 1;
  return c;
}

// A letter or digit of any script: not ASCII punctuation, Latin-1 punctuation, the General
// Punctuation block (dashes, quotes, ellipsis), CJK punctuation or fullwidth punctuation.
bool IsWordChar(char32_t c) {
  if (c < 0x80) return BaseLetter(c) != 0;
  if (c < 0xC0 || c == 0xD7 || c == 0xF7) return false;
  if (c >= 0x2000 && c <= 0x2BFF) return false;
  if (c >= 0x3000 && c <= 0x303F) return false;
  if (c >= 0xFF00 && c <= 0xFF20) return false;
  return true;
}

// The base letters and digits of a name, its words separated by one space ("Bà Rịa - Vũng Tàu"
// -> "ba ria vung tau"); apostrophes are dropped ("M'Đrắk" -> "mdrak").
std::string FoldName(std::string_view name) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < name.size();) {
    const auto [c, n] = Utf8CodePointAt(name, i);
    i += n;
    if (c == '\'' || c == 0x2019) continue;
    if (const char base = BaseLetter(c); base != 0) {
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.push_back(base);
    } else {
      space = true;
    }
  }
  return out;
}

// ----- Names of provinces and districts, by their letters --------------------------------------

struct NameEntry {
  std::string accent;  // places_internal::AccentKey: "gò vấp"
  std::string_view code;
  int rank;
};
using NameTable = std::unordered_map<std::string, std::vector<NameEntry>>;  // FoldName -> entries

const NameTable& PreviousNameTable() {
  static const NameTable* const table = [] {
    auto* t = new NameTable;
    for (const PreviousNames& row : kPreviousNames) {
      const std::pair<std::string_view, int> lists[] = {{row.provinces, kProvinceRank},
                                                        {row.urban, kUrbanRank},
                                                        {row.towns, kTownRank},
                                                        {row.rural, kRuralRank}};
      for (auto [list, rank] : lists) {
        while (!list.empty()) {
          const size_t bar = list.find('|');
          const std::string_view name = list.substr(0, bar);
          list = bar == std::string_view::npos ? std::string_view() : list.substr(bar + 1);
          (*t)[FoldName(name)].push_back({places_internal::AccentKey(name), row.code, rank});
        }
      }
    }
    return t;
  }();
  return *table;
}

struct NameHit {
  bool known = false;     // the letters name some province or district
  std::string_view code;  // the 2025 province; empty when the name is several provinces'
  int rank = 0;
  bool by_rank = false;  // other provinces have a smaller unit of that name
};

// The province or district named exactly `text` (its letters `key`), at most of rank `max_rank`.
// With diacritics in the text, they must be the name's ("Vĩnh" is not "Vinh").
NameHit LookUpName(std::string_view key, std::string_view text, bool accented,
                   int max_rank = kProvinceRank) {
  NameHit hit;
  const NameTable& table = PreviousNameTable();
  auto it = table.find(std::string(key));
  if (it == table.end()) return hit;
  hit.known = true;
  const std::string accent = accented ? places_internal::AccentKey(text) : std::string();
  auto eligible = [&](const NameEntry& e) {
    return e.rank <= max_rank && (!accented || e.accent == accent);
  };
  for (const NameEntry& e : it->second)
    if (eligible(e)) hit.rank = std::max(hit.rank, e.rank);
  for (const NameEntry& e : it->second) {
    if (!eligible(e) || e.rank != hit.rank) continue;
    if (hit.code.empty()) {
      hit.code = e.code;
    } else if (hit.code != e.code) {
      hit.code = {};  // two provinces have a unit of that name and type
      return hit;
    }
  }
  for (const NameEntry& e : it->second)
    if (eligible(e) && e.rank < hit.rank && e.code != hit.code) hit.by_rank = true;
  return hit;
}

// The one province that holds every candidate ward of `m`, the national match of `text`, or ""
// when they lie in several (or are too many to be listed). The same lookup within the best
// candidate's province must find them all.
std::string_view OneProvince(const PlaceIndex& places, const PlaceMatch& m, std::string_view text) {
  if (m.ward_candidates.size() <= 1) return m.province_code;
  if (m.ward_candidates.size() >= 16) return {};
  const std::string* province = places.ProvinceNameByCode(m.province_code);
  if (province == nullptr) return {};
  const std::optional<PlaceMatch> scoped = places.Resolve(*province, text);
  if (!scoped || scoped->province_code != m.province_code) return {};
  for (const std::string& w : m.ward_candidates)
    if (std::find(scoped->ward_candidates.begin(), scoped->ward_candidates.end(), w) ==
        scoped->ward_candidates.end())
      return {};
  return m.province_code;
}

// ----- Words ----------------------------------------------------------------------------------

struct Token {
  std::string_view text;     // as written, without the punctuation around it
  std::string key;           // base letters and digits: "phuong", "q7", "hcm"
  std::string lower;         // lower case with diacritics, "phường", for a listed word in a text
                             // with diacritics (TextScan); empty for others
  bool upper = false;        // begins with an upper-case letter
  bool acronym = false;      // "UBND", "KCN", "HCM": upper case, no vowel (or a listed one)
  bool number = false;       // begins with a digit
  bool accented = false;     // has a letter beyond ASCII
  bool dotted = false;       // an abbreviation written with its period: "P." "TP." "Q."
  bool stop_before = true;   // nothing, or the end of a sentence or clause (. ! ? ; or a line
                             // break), before it
  bool break_before = true;  // stop_before, or any punctuation before it
  bool comma_before = false;      // a comma before it
  bool colon_before = false;      // a colon before it: "Tỉnh: Thanh Hóa"
  bool paren_before = false;      // "(" before it
  bool dash_only_before = false;  // nothing but a dash before it: "Văn Miếu - Quốc Tử Giám"
  std::uint16_t classes = 0;      // WordClass bits, set by TextScan
  bool Is(std::uint16_t word_class) const { return (classes & word_class) != 0; }
};

// Bytes of the longest word that word lists and markers hold ("nghiệp", "phường").
constexpr size_t kLongestListedWord = 10;

// Abbreviations of markers, which keep their period: "P." "Q." "TP." (a period after any other
// word ends a sentence).
bool IsMarkerAbbreviation(std::string_view w) {
  if (w.empty() || w.size() > 2) return false;
  std::string lower;
  for (char c : w) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    lower.push_back(static_cast<char>(c | 0x20));
  }
  for (std::string_view a : {"p", "f", "q", "x", "h", "tp", "tx", "tt", "kp"})
    if (lower == a) return true;
  return false;
}

class Tokenizer {
 public:
  explicit Tokenizer(std::vector<Token>& out) : out_(out) {}

  void Run(std::string_view text) {
    out_.reserve(text.size() / 5 + 1);
    size_t i = 0;
    while (i < text.size()) {
      const auto [c, n] = Utf8CodePointAt(text, i);
      if (IsWordChar(c)) {
        const size_t begin = i;
        while (i < text.size()) {
          const auto [c2, n2] = Utf8CodePointAt(text, i);
          if (!IsWordChar(c2) && c2 != '.' && c2 != '\'' && c2 != 0x2019) break;
          i += n2;
        }
        AddWord(text.substr(begin, i - begin));
        continue;
      }
      i += n;
      if (c == '.' || c == '!' || c == '?' || c == ';' || c == 0x2026 || c == '\n' || c == '\r') {
        // Canonical text has no line breaks left; a caller's may (an address on its own line).
        stop_ = break_ = true;
      } else if (c == '-' && i < text.size() && i >= 2 && text[i - 2] != ' ' && text[i] != ' ') {
        // "Phan Rang-Tháp Chàm", "Bà Rịa-Vũng Tàu": one name.
      } else if (c != ' ' && c != '\t') {
        const bool dash = c == '-' || c == 0x2013 || c == 0x2014;
        dash_only_ = dash && !break_;
        break_ = true;
        if (c == ',') comma_ = true;
        if (c == ':') colon_ = true;
        if (c == '(') paren_ = true;
      }
    }
  }

 private:
  void AddWord(std::string_view w) {
    while (!w.empty() && (w.front() == '.' || w.front() == '\'')) w.remove_prefix(1);
    while (!w.empty() && (w.back() == '\'')) w.remove_suffix(1);
    bool stop_after = false;
    bool dotted = false;
    while (!w.empty() && w.back() == '.') {
      w.remove_suffix(1);
      if (IsMarkerAbbreviation(w)) {
        dotted = true;
        break;
      }
      stop_after = true;
    }
    const size_t dot = w.find('.');
    if (!dotted && dot != std::string_view::npos && dot + 1 < w.size() &&
        IsMarkerAbbreviation(w.substr(0, dot))) {
      // "TP.HCM", "P.Tân", "Q.7": the abbreviation, then the rest.
      Push(w.substr(0, dot), true);
      AddWord(w.substr(dot + 1));
    } else if (dot != std::string_view::npos && dot > 0 && dot + 1 < w.size() &&
               !(w[dot + 1] >= '0' && w[dot + 1] <= '9')) {
      // "Hà Nội.Tôi": a sentence ends without a space. Not "12.500.000".
      Push(w.substr(0, dot), false);
      stop_ = break_ = true;
      AddWord(w.substr(dot + 1));
    } else if (!w.empty()) {
      Push(w, dotted);
    }
    if (stop_after) stop_ = break_ = true;
  }

  void Push(std::string_view w, bool dotted) {
    Token& t = out_.emplace_back();
    t.text = w;
    t.dotted = dotted;
    t.stop_before = stop_;
    t.break_before = break_;
    t.comma_before = comma_;
    t.colon_before = colon_;
    t.paren_before = paren_;
    t.dash_only_before = dash_only_;
    stop_ = break_ = comma_ = colon_ = paren_ = dash_only_ = false;
    int letters = 0, vowels = 0;
    bool all_upper = true;
    for (size_t i = 0; i < w.size();) {
      const auto [c, n] = Utf8CodePointAt(w, i);
      i += n;
      const char base = BaseLetter(c);
      const bool upper = IsUpper(c);
      if (i == n) {
        t.upper = upper;
        t.number = base >= '0' && base <= '9';
      }
      if (c >= 0x80 && base != 0) t.accented = true;
      if (base != 0) t.key.push_back(base);
      if (base != 0 && !(base >= '0' && base <= '9')) {
        ++letters;
        if (!upper) all_upper = false;
        if (base == 'a' || base == 'e' || base == 'i' || base == 'o' || base == 'u' || base == 'y')
          ++vowels;
      }
    }
    t.acronym = letters >= 2 && all_upper &&
                (vowels == 0 || t.key == "ubnd"sv || t.key == "ub"sv || t.key == "ca"sv ||
                 t.key == "hdnd"sv || t.key == "ubmttq"sv);
  }

  std::vector<Token>& out_;
  bool stop_ = true, break_ = true, comma_ = false, colon_ = false, paren_ = false;
  bool dash_only_ = false;
};

// Classes of words that tell what a capitalised name next to them is. A word is compared with
// its diacritics in a text that has them, by its letters in one that has none (some words are
// then too ambiguous: "ban" is "bản", "bạn", "bán" and "bàn").
enum WordClass : std::uint16_t {
  // After it a capitalised run is not a unit of administration: a street, a road, a river, a
  // building, a business, a village (its own name), a person ("chị Thanh Xuân"), a dish
  // ("bún bò Huế" is sold everywhere).
  kBlocker = 1 << 0,
  // After it a run of capitalised words may be a name followed by its place: a street ("đường
  // Nguyễn Oanh Gò Vấp"), a school or a business ("khách sạn Sài Gòn Kim Liên" is not in Sài
  // Gòn, but may be followed by its place), a market, a hospital, an industrial park ("chợ Hàn
  // Đà Nẵng", "Bệnh viện Nhi Thanh Hóa"). The last are named after their place ("chợ Dĩ An",
  // "KCN Yên Phong"), so they are no blockers.
  kStreet = 1 << 1,
  // After it a name is a place: "ở Gò Vấp", "tại Hà Nội", "quê Nghệ An", "về Cửa Lò".
  kPlaceWord = 1 << 2,
  // Capitalised, it begins a sentence and is never inside a name: a run stops before it ("...
  // Chi nhánh Đông Anh Tôi tên là ...", where the text lost its line breaks).
  kSentenceWord = 1 << 3,
  // It may sit between two parts of one address: "Hải Dương cũ", "(nay thuộc xã ...)".
  kConnector = 1 << 4,
  // A run that begins with a surname is likelier a person than a district ("Lê Chân", "Ngô
  // Quyền" are both): it needs a word of place.
  kSurname = 1 << 5,
  kMarkerWord = 1 << 6,  // the first word of an administrative marker
};

struct Lexicon {
  std::unordered_map<std::string, std::uint16_t> accented, plain;
  std::unordered_set<std::string> letters;  // FoldName of every listed word

  void Add(std::initializer_list<std::string_view> words, std::uint16_t word_class,
           std::initializer_list<std::string_view> not_plain = {}) {
    for (std::string_view w : words) {
      accented[std::string(w)] |= word_class;
      const std::string folded = FoldName(w);
      letters.insert(folded);
      if (std::find(not_plain.begin(), not_plain.end(), folded) == not_plain.end())
        plain[folded] |= word_class;
    }
  }
};

std::string LowerWithDiacritics(std::string_view word) {
  std::string out;
  for (size_t i = 0; i < word.size();) {
    const auto [c, n] = Utf8CodePointAt(word, i);
    i += n;
    AppendUtf8(ToLower(c), out);
  }
  return out;
}

const Lexicon& Words();  // below, with the markers

// ----- Administrative markers -----------------------------------------------------------------

enum class Unit { kNone, kVillage, kWard, kDistrict, kCity, kProvince };

struct Marker {
  size_t words = 0;
  Unit unit = Unit::kNone;
  bool numbered = false;  // "phường 5", "quận 7", "tổ 20": a number may follow
  std::string_view type;  // of a 2025 ward ("Phường ", "Xã ", "Đặc khu "), "" for others
};

struct MarkerForm {
  std::vector<std::string> accented, plain;
  Unit unit;
  std::string_view type;
  bool numbered;
  bool abbreviation;  // needs its period, a capital, a number after it or a text without
                      // diacritics: "P. Bến Nghé", "Q7", but not the letter "p"
};

const std::vector<MarkerForm>& MarkerForms() {
  static const std::vector<MarkerForm>* const forms = [] {
    struct Row {
      std::initializer_list<std::string_view> words;
      Unit unit;
      bool numbered, abbreviation;
    };
    // Longer first: "thị xã" is not "thị" + "xã", "tổ dân phố" not "tổ".
    const Row rows[] = {
        {{"tổ", "dân", "phố"}, Unit::kVillage, true, false},
        {{"khu", "phố"}, Unit::kVillage, true, false},
        {{"thành", "phố"}, Unit::kCity, false, false},
        {{"thủ", "đô"}, Unit::kProvince, false, false},
        {{"thị", "xã"}, Unit::kDistrict, false, false},
        {{"thị", "trấn"}, Unit::kWard, false, false},
        {{"đặc", "khu"}, Unit::kWard, false, false},
        {{"phường"}, Unit::kWard, true, false},
        {{"xã"}, Unit::kWard, false, false},
        {{"quận"}, Unit::kDistrict, true, false},
        {{"huyện"}, Unit::kDistrict, false, false},
        {{"tỉnh"}, Unit::kProvince, false, false},
        {{"thôn"}, Unit::kVillage, true, false},
        {{"xóm"}, Unit::kVillage, true, false},
        {{"ấp"}, Unit::kVillage, true, false},
        {{"bản"}, Unit::kVillage, true, false},
        {{"buôn"}, Unit::kVillage, true, false},
        {{"làng"}, Unit::kVillage, false, false},
        {{"khóm"}, Unit::kVillage, true, false},
        {{"tổ"}, Unit::kVillage, true, false},
        {{"khu"}, Unit::kVillage, true, false},
        {{"tp"}, Unit::kCity, false, true},
        {{"tx"}, Unit::kDistrict, false, true},
        {{"tt"}, Unit::kWard, false, true},
        {{"p"}, Unit::kWard, true, true},
        {{"f"}, Unit::kWard, true, true},
        {{"x"}, Unit::kWard, false, true},
        {{"q"}, Unit::kDistrict, true, true},
        {{"h"}, Unit::kDistrict, false, true},
        {{"kp"}, Unit::kVillage, true, true},
        {{"tdp"}, Unit::kVillage, true, true},
    };
    auto* out = new std::vector<MarkerForm>;
    for (const Row& row : rows) {
      std::string_view type;
      if (row.unit == Unit::kWard) {
        const std::string_view first = *row.words.begin();
        type = first == "xã" || first == "x"     ? "Xã "
               : first == "đặc"                  ? "Đặc khu "
               : first == "thị" || first == "tt" ? ""  // thị trấn: no 2025 ward is one
                                                 : "Phường ";
      }
      MarkerForm f{{}, {}, row.unit, type, row.numbered, row.abbreviation};
      for (std::string_view w : row.words) {
        f.accented.emplace_back(w);
        f.plain.push_back(FoldName(w));
      }
      out->push_back(std::move(f));
    }
    return out;
  }();
  return *forms;
}

const Lexicon& Words() {
  static const Lexicon* const words = [] {
    auto* w = new Lexicon;
    w->Add({"đường", "phố",  "ngõ",  "ngách", "hẻm",   "kiệt",  "số",   "lộ",    "cầu",    "sông",
            "kênh",  "rạch", "hồ",   "núi",   "đèo",   "bến",   "bãi",  "đầm",   "suối",   "chùa",
            "đền",   "đình", "lăng", "thờ",   "tuyến", "hướng", "ga",   "phà",   "trường", "ty",
            "cty",   "quán", "tiệm", "hàng",  "sạn",   "tòa",   "nhà",  "cư",    "tháp",   "viên",
            "khu",   "thôn", "xóm",  "ấp",    "bản",   "buôn",  "làng", "khóm",  "tổ",     "ông",
            "bà",    "anh",  "chị",  "em",    "cô",    "chú",   "bác",  "cụ",    "cháu",   "con",
            "bạn",   "thầy", "mẹ",   "bố",    "ba",    "má",    "vợ",   "chồng", "tên",    "là",
            "họ",    "phở",  "bún",  "bò",    "mì",    "tấm",   "cơm",  "bánh",  "chè",    "gà"},
           kBlocker, {"den", "ban", "co", "ba", "cu", "tam", "che", "mi"});
    w->Add({"đường", "phố", "ngõ", "ngách", "hẻm", "kiệt", "lộ", "ty", "cty", "sạn", "chợ",
            "trường", "viện", "kcn", "nghiệp", "thị"},
           kStreet);
    w->Add({"ở", "tại", "thuộc", "quê", "về", "đến", "từ", "qua", "đi", "vùng", "vực", "bàn", "gần",
            "trú", "chợ"},
           kPlaceWord, {"ban"});
    w->Add({"tôi",  "em",    "chúng", "mình", "xin",  "kính",  "nay",  "hiện",  "mong",  "rất",
            "trân", "cảm",   "người", "khi",  "theo", "tại",   "ở",    "vậy",   "nhưng", "hôm",
            "sáng", "chiều", "tối",   "đêm",  "dạ",   "alo",   "thưa", "trong", "lúc",   "nếu",
            "cứ",   "đây",   "đó",    "này",  "các",  "những", "mọi",  "ai",    "chào",  "ngày"},
           kSentenceWord,
           {"minh", "hien", "mong", "tran", "cam", "sang", "thua", "trong", "luc", "cu", "day",
            "do", "cac", "nhung", "moi", "chao", "ngay", "da", "kinh"});
    w->Add({"cũ", "mới", "nay", "thuộc"}, kConnector);
    w->Add({"nguyễn", "trần", "lê", "phạm", "huỳnh", "vũ", "võ", "đặng", "bùi", "đỗ", "ngô",
            "dương", "lý", "trương", "đinh"},
           kSurname);
    for (const MarkerForm& f : MarkerForms()) {
      w->accented[f.accented[0]] |= kMarkerWord;
      w->plain[f.plain[0]] |= kMarkerWord;
      for (const std::string& word : f.plain) w->letters.insert(word);
    }
    // Compared one by one (TextScan): "quê", "về", "từ", "cũ", "Kính gửi".
    w->Add({"quê", "về", "từ", "cũ", "kính", "gửi", "gởi", "quý"}, 0);
    return w;
  }();
  return *words;
}

// ----- Mentions -------------------------------------------------------------------------------

struct Mention {
  Unit unit = Unit::kNone;    // kWard, kDistrict or kProvince
  std::string code;           // the 2025 province it names by itself; "" when it does not
  int weight = 0;             // its vote (see kProvinceWeight...)
  size_t begin = 0, end = 0;  // its tokens
  std::string text;           // for PlaceIndex::Resolve: "phường Linh Trung", "quận Gò Vấp"
  bool needs_cue = false;     // taken only beside a word of place or another mention
  bool current = false;       // a ward by its 2025 name (an old one may have been split)
  std::optional<PlaceMatch> pending;  // a ward's national match, its province not asked yet
  std::string address_code;           // the province of the address it belongs to
};

constexpr int kProvinceWeight = 3, kDistrictWeight = 2, kMarkedWardWeight = 2,
              kUnmarkedWardWeight = 1, kRankedDistrictWeight = 1;

// Districts named after people and events of history whose names streets, schools and squares
// across the country bear ("Trường Mầm non Hai Bà Trưng", "chiến thắng Điện Biên Phủ"): alone,
// they need a word of place. (Those that begin with a surname, "Ngô Quyền", "Lê Chân", need one
// anyway.)
bool NamedForHistory(std::string_view key) {
  for (std::string_view name :
       {"hai ba trung", "dien bien phu", "dong da", "ba dinh", "thong nhat", "hong bang"})
    if (key == name) return true;
  return false;
}

// Runs of capitalised words longer than this are sentences in title case, not names.
constexpr size_t kLongestRun = 6;

bool HasDigit(std::string_view key) {
  return std::any_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool ProvinceLevel(const PlaceMatch& m) {
  return m.ward_code.empty() && (m.province_method == "exact" || m.province_method == "alias" ||
                                 m.province_method == "old-name");
}

// A ward found by its name as written, not by spelling tolerance or a district's name.
bool WardByName(const PlaceMatch& m) {
  return !m.ward_code.empty() && (m.method == "exact" || m.method == "old-name") &&
         m.province_method != "fuzzy";
}

// The words and mentions of one text (the title or the content).
class TextScan {
 public:
  TextScan(const PlaceIndex& places, std::string_view text) : places_(places) {
    Tokenizer(tokens_).Run(text);
    plain_ =
        std::none_of(tokens_.begin(), tokens_.end(), [](const Token& t) { return t.accented; });
    const auto& classes = plain_ ? Words().plain : Words().accented;
    for (Token& t : tokens_) {
      if (t.text.size() > kLongestListedWord || !Words().letters.count(t.key)) continue;
      if (!plain_) t.lower = LowerWithDiacritics(t.text);
      auto it = classes.find(plain_ ? t.key : t.lower);
      if (it != classes.end()) t.classes = it->second;
    }
    markers_.reserve(tokens_.size());
    for (size_t i = 0; i < tokens_.size(); ++i) markers_.push_back(FindMarker(i));
    cue_after_village_.assign(tokens_.size() + 1, false);
  }

  void Scan() {
    FindAddressee();
    for (size_t i = 0; i < tokens_.size();) {
      if (const size_t end = SelfContained(i)) {
        i = end;
      } else if (const size_t end2 = Marked(i)) {
        i = end2;
      } else if (RunWord(i)) {
        i = Unmarked(i);
      } else if (const size_t end3 = LowerCase(i)) {
        i = end3;
      } else {
        ++i;
      }
    }
    KeepCued();
  }

  std::vector<Mention>& mentions() { return mentions_; }

  // Whether a mention ending at token `end` and one beginning at `begin` are parts of one
  // address: nothing but connectors between them, and no sentence end.
  bool Adjacent(size_t end, size_t begin) const {
    if (end > begin) return false;
    for (size_t k = end; k < begin; ++k)
      if (!tokens_[k].Is(kConnector)) return false;
    for (size_t k = end; k <= begin && k < tokens_.size(); ++k)
      if (k > 0 && tokens_[k].stop_before) return false;
    return true;
  }

  // The first tokens after "Kính gửi": the addressee.
  bool InAddressee(size_t i) const { return i >= addressee_begin_ && i < addressee_end_; }

  // Whether one of the `within` words before token i, in its sentence, is `accented` (`plain`
  // in a text without diacritics).
  bool AfterWord(size_t i, size_t within, std::string_view accented, std::string_view plain) const {
    for (size_t k = i; k > 0 && i - k < within; --k) {
      if (tokens_[k].stop_before) return false;
      const Token& w = tokens_[k - 1];
      if (plain_ ? w.key == plain : w.lower == accented) return true;
    }
    return false;
  }

  // After "quê" (home town), within three words: "quê Nghệ An", "quê tôi ở Nghệ An".
  bool AfterHomeTown(size_t i) const {
    for (size_t k = i; k > 0 && i - k < 3; --k) {
      if (tokens_[k].stop_before) return false;
      const Token& w = tokens_[k - 1];
      if (plain_ ? w.key == "que"sv : w.lower == "quê"sv) {
        // "về quê" is going back home: where one lives now.
        return !(k >= 2 &&
                 (plain_ ? tokens_[k - 2].key == "ve"sv : tokens_[k - 2].lower == "về"sv));
      }
    }
    return false;
  }

 private:
  std::string_view Span(size_t begin, size_t end) const {
    const char* first = tokens_[begin].text.data();
    const std::string_view last = tokens_[end - 1].text;
    return {first, static_cast<size_t>(last.data() + last.size() - first)};
  }

  std::string Keys(size_t begin, size_t end) const {
    std::string key;
    for (size_t k = begin; k < end; ++k) {
      if (k > begin) key.push_back(' ');
      key += tokens_[k].key;
    }
    return key;
  }

  Mention& Add(Unit unit, std::string_view code, int weight, size_t begin, size_t end,
               std::string text) {
    Mention m;
    m.unit = unit;
    m.code = std::string(code);
    m.weight = code.empty() ? 0 : weight;
    m.begin = begin;
    m.end = end;
    m.text = std::move(text);
    mentions_.push_back(std::move(m));
    return mentions_.back();
  }

  Mention& AddDistrict(const NameHit& hit, size_t begin, size_t end, std::string text) {
    return Add(Unit::kDistrict, hit.code, hit.by_rank ? kRankedDistrictWeight : kDistrictWeight,
               begin, end, std::move(text));
  }

  Marker MarkerAt(size_t i) const { return markers_[i]; }

  Marker FindMarker(size_t i) const {
    const Token& first = tokens_[i];
    if (!first.Is(kMarkerWord)) return {};
    for (const MarkerForm& f : MarkerForms()) {
      const std::vector<std::string>& words = plain_ ? f.plain : f.accented;
      if (i + words.size() > tokens_.size()) continue;
      bool match = true;
      for (size_t k = 0; k < words.size() && match; ++k) {
        const Token& w = tokens_[i + k];
        match = (plain_ ? w.key : w.lower) == words[k] && (k == 0 || !w.break_before);
      }
      if (!match) continue;
      if (f.abbreviation) {
        const bool number_next = i + 1 < tokens_.size() && tokens_[i + 1].number;
        if (!(first.dotted || first.upper || plain_ || (number_next && f.numbered))) continue;
      } else if (first.upper && i > 0 && !first.break_before && tokens_[i - 1].upper &&
                 !tokens_[i - 1].acronym && !tokens_[i - 1].Is(kSentenceWord | kPlaceWord)) {
        continue;  // inside a capitalised name ("Lạch Huyện"), not a title ("Ngập Tại Quận 7")
      }
      return {words.size(), f.unit, f.numbered, f.type};
    }
    return {};
  }

  // "Q7", "q12": a numbered district of Hồ Chí Minh; "P5", "F5": a numbered ward; "TPHCM",
  // "HCM", "HN": a province. Not "Q1/2026" (a quarter of a year).
  size_t SelfContained(size_t i) {
    const Token& w = tokens_[i];
    const std::string& k = w.key;
    if (k.size() >= 2 && k.size() <= 3 && (k[0] == 'q' || k[0] == 'p' || k[0] == 'f') &&
        std::all_of(k.begin() + 1, k.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      const int n = std::stoi(k.substr(1));
      const bool quarter = (i + 1 < tokens_.size() && tokens_[i + 1].number) ||
                           (i > 0 && tokens_[i - 1].key == "quy"sv);
      if (k[0] == 'q' && !quarter && n >= 1 && n <= 12) {
        Add(Unit::kDistrict, "79", kDistrictWeight, i, i + 1, StrCat("quận ", n));
        return i + 1;
      }
      if (k[0] != 'q') {
        Add(Unit::kWard, "", 0, i, i + 1, StrCat("phường ", n));
        return i + 1;
      }
      return 0;
    }
    const bool alias = k == "tphcm"sv || k == "hcm"sv || k == "hcmc"sv || k == "tphn"sv ||
                       ((k == "hn"sv || k == "sg"sv) && w.acronym);
    if (!alias) return 0;
    const std::string code = Alias(i, i + 1);
    if (code.empty()) return 0;
    Add(Unit::kProvince, code, kProvinceWeight, i, i + 1, std::string(w.text));
    return i + 1;
  }

  // The province that the words [begin, end) name as a whole by one of PlaceIndex's aliases
  // ("Sài Gòn", "TPHCM", "Thừa Thiên Huế"; the table above has the official names), or "".
  // PlaceIndex::Resolve cuts a text that names nothing as a whole into parts, so a part must
  // not name the province alone ("Bùi Thị Thanh Hoa" is not Thanh Hóa).
  std::string Alias(size_t begin, size_t end) const {
    auto r = places_.Resolve("", Span(begin, end));
    return r && IsWholeAlias(*r, begin, end) ? r->province_code : std::string();
  }

  // Whether `r`, the match of the words [begin, end), is a province named by an alias of them
  // all.
  bool IsWholeAlias(const PlaceMatch& r, size_t begin, size_t end) const {
    if (!ProvinceLevel(r) || r.province_method != "alias") return false;
    if (end - begin >= 2) {
      for (auto [b, e] : {std::pair(begin + 1, end), std::pair(begin, end - 1)}) {
        auto part = places_.Resolve("", Span(b, e));
        if (part && ProvinceLevel(*part)) return false;
      }
    }
    return true;
  }

  // A word of the name that begins at `first` after a marker: capitalised, or, in a text without
  // diacritics and a name that begins in lower case, any word. A ward's 2025 name may hold a
  // dash ("phường Văn Miếu - Quốc Tử Giám") or end in a number ("phường Long Phú 1", but not
  // "phường Mỹ Long 3 ngày nay").
  bool NameWord(size_t k, size_t first, Unit unit) const {
    const Token& w = tokens_[k];
    if (k == first ? w.stop_before || (w.break_before && !w.colon_before)
                   : w.break_before && !w.dash_only_before)
      return false;
    if (unit == Unit::kWard && k > first && w.number && w.key.size() <= 2 &&
        !tokens_[k - 1].number) {
      const bool counted =
          k + 1 < tokens_.size() && !tokens_[k + 1].break_before && !tokens_[k + 1].upper;
      return !counted;
    }
    if (w.number || HasDigit(w.key) || (k > first && MarkerAt(k).words > 0)) return false;
    if (w.Is(kSentenceWord)) return false;
    if (w.upper || w.acronym) return true;
    return plain_ && !tokens_[first].upper && !w.Is(kPlaceWord | kConnector);
  }

  // A marker and the name after it; the longest name that is a unit of the marker's level.
  size_t Marked(size_t i) {
    const Marker m = MarkerAt(i);
    if (m.words == 0) return 0;
    if (tokens_[i].upper && m.words == 1) {
      // A capitalised marker word that begins a district's name: "Buôn Ma Thuột", "Tinh Bien".
      size_t end = i + 1;
      while (end < tokens_.size() && end - i < 4 && !tokens_[end].break_before &&
             tokens_[end].upper && !HasDigit(tokens_[end].key))
        ++end;
      for (size_t k = end; k >= i + 2; --k) {
        const NameHit hit = LookUpName(Keys(i, k), Span(i, k), !plain_);
        if (hit.rank == 0 || hit.code.empty()) continue;
        if (hit.rank == kProvinceRank) {
          Add(Unit::kProvince, hit.code, kProvinceWeight, i, k, std::string(Span(i, k)));
        } else {
          AddDistrict(hit, i, k, StrCat("quận ", Span(i, k)));
        }
        return k;
      }
    }
    const size_t j = i + m.words;
    if (j >= tokens_.size() || tokens_[j].stop_before) return 0;
    if (tokens_[j].number) return Numbered(i, j, m);
    size_t end = j;
    while (end < tokens_.size() && end - j < kLongestRun && NameWord(end, j, m.unit)) {
      ++end;
      if (tokens_[end - 1].number) break;  // a number ends the name
    }
    if (end == j) return 0;
    if (m.unit == Unit::kVillage) {
      // A village's own name is no unit, but its ward or district may follow: "khu Phước Kiển
      // Nhà Bè", "ấp 3 Hiệp Phước".
      SplitRun(j, end, /*after_name=*/true);
      cue_after_village_[end] = true;
      return end;
    }
    // Lower-case words after "xa", "quan" in a text without diacritics are too often "xả thải",
    // "quán bia": one word is not enough there.
    // A ward's name is not cut to its first word either ("phường Lâm Viên" is not "phường Lâm"),
    // nor before its number ("phường Long Phú 1" is not "phường Long Phú").
    size_t shortest =
        (plain_ && !tokens_[j].upper && m.unit != Unit::kProvince && m.unit != Unit::kCity) ||
                (m.unit == Unit::kWard && end - j >= 2)
            ? 2
            : 1;
    if (tokens_[end - 1].number) shortest = end - j;
    for (size_t k = end; k >= j + shortest; --k)
      if (TryMarked(i, j, k, m)) return k;
    // Not known alone (a numbered name, a district of several provinces, "huyện Châu Thành"):
    // it names no province, but helps find the ward once the province is known.
    if (m.unit == Unit::kWard || m.unit == Unit::kDistrict)
      Add(m.unit, "", 0, i, end, std::string(Span(i, end)));
    return end;  // the name was marked: it is not read again as an unmarked one
  }

  size_t Numbered(size_t i, size_t j, const Marker& m) {
    if (!m.numbered) return 0;  // "TT 01/2024" is a circular, not a town
    const std::string& digits = tokens_[j].key;
    if (digits.size() > 3 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return 0;
    const int n = std::stoi(digits);
    if (m.unit == Unit::kVillage) {
      cue_after_village_[j + 1] = true;
    } else if (m.unit == Unit::kWard) {
      Add(Unit::kWard, "", 0, i, j + 1, StrCat("phường ", n));
    } else if (m.unit == Unit::kDistrict && n >= 1 && n <= 12) {  // only Hồ Chí Minh numbered them
      Add(Unit::kDistrict, "79", kDistrictWeight, i, j + 1, StrCat("quận ", n));
    }
    return j + 1;
  }

  bool TryMarked(size_t i, size_t j, size_t k, const Marker& marker) {
    const Unit unit = marker.unit;
    const std::string_view span = Span(i, k), name = Span(j, k);
    const std::string key = Keys(j, k);
    if (unit == Unit::kProvince || unit == Unit::kCity) {
      const NameHit hit = LookUpName(key, name, !plain_);
      if (hit.rank == kProvinceRank) {
        Add(Unit::kProvince, hit.code, kProvinceWeight, i, k, std::string(span));
        return true;
      }
      if (unit == Unit::kCity && hit.rank > 0) {  // "TP Vinh", "thành phố Thủ Đức"
        AddDistrict(hit, i, k, std::string(span));
        return true;
      }
      if (hit.known) return false;           // the letters of a name, not its diacritics
      const std::string code = Alias(j, k);  // "TP.HCM", "tỉnh Thừa Thiên Huế"
      if (code.empty()) return false;
      Add(Unit::kProvince, code, kProvinceWeight, i, k, std::string(span));
      return true;
    }
    if (unit == Unit::kDistrict) {
      const NameHit hit = LookUpName(key, name, !plain_, kUrbanRank);
      if (hit.rank == 0) return false;
      AddDistrict(hit, i, k, std::string(span));
      return true;
    }
    auto r = places_.Resolve("", span);
    if (!r || !WardByName(*r)) return false;
    // A name that 2025 wards of several provinces bear names no province ("xã Tân Kỳ" is in
    // Nghệ An and in Hải Phòng); it still helps find the ward once the province is known.
    std::string_view code = OneProvince(places_, *r, span);
    if (code.empty() && OnlyCurrentWard(*r, span, marker.type)) code = r->province_code;
    Add(Unit::kWard, code, kMarkedWardWeight, i, k, std::string(span)).current =
        r->method == "exact";
    return true;
  }

  // Whether the best candidate of `r`, the national match of `span`, is the one 2025 ward of
  // that name and of the type written: the other candidates are pre-2025 units elsewhere
  // ("phường Hà Đông" is the 2025 ward of Hà Nội, not the old xã Hà Đông of another province).
  bool OnlyCurrentWard(const PlaceMatch& r, std::string_view span, std::string_view type) const {
    if (r.method != "exact" || type.empty() || !r.ward_name.starts_with(type)) return false;
    if (r.ward_candidates.size() >= 16) return false;
    std::vector<std::string_view> elsewhere;  // the other candidates' provinces
    for (const std::string& w : r.ward_candidates) {
      const std::string_view province = places_.WardProvinceCode(w);
      if (province == r.province_code ||
          std::find(elsewhere.begin(), elsewhere.end(), province) != elsewhere.end())
        continue;
      if (elsewhere.size() == 4) return false;
      elsewhere.push_back(province);
    }
    for (std::string_view province : elsewhere) {
      const std::string* name = places_.ProvinceNameByCode(province);
      if (name == nullptr) return false;
      const std::optional<PlaceMatch> there = places_.Resolve(*name, span);
      if (there && there->method == "exact" && there->ward_name.starts_with(type)) return false;
    }
    return true;
  }

  bool RunWord(size_t k) const {
    const Token& w = tokens_[k];
    return w.upper && !w.number && !w.acronym && !HasDigit(w.key) && MarkerAt(k).words == 0 &&
           !w.Is(kSentenceWord);
  }

  // A run of capitalised words: taken whole, or, when it is not a name, cut into a name and the
  // ward, district or province that follows it.
  size_t Unmarked(size_t i) {
    size_t end = i + 1;
    while (end < tokens_.size() && !tokens_[end].break_before && RunWord(end)) ++end;
    if (end - i > kLongestRun) return end;
    const Token* before = i > 0 && !tokens_[i].break_before ? &tokens_[i - 1] : nullptr;
    const bool blocked = before != nullptr && before->Is(kBlocker);
    const bool after_name = before != nullptr && (before->number || before->Is(kStreet));
    if (!blocked && end - i <= 4 && WholeName(i, end)) return end;
    if ((!blocked || after_name) && SplitRun(i, end, after_name)) return end;
    // A person's full name ("Nguyễn Văn Thắng") is neither an alias nor, alone, a ward's name.
    const bool person = end - i >= 3 && tokens_[i].Is(kSurname);
    if (!blocked && !person && end - i >= 2 && end - i <= 4) ResolveRun(i, end);
    return end;
  }

  // The run [i, end) as a province's or a district's name.
  bool WholeName(size_t i, size_t end) {
    const std::string_view text = Span(i, end);
    const NameHit hit = LookUpName(Keys(i, end), text, !plain_);
    if (hit.rank == kProvinceRank) {
      Add(Unit::kProvince, hit.code, kProvinceWeight, i, end, std::string(text));
      return true;
    }
    const bool several = end - i >= 2;
    if (hit.rank > 0) {
      Mention& m = AddDistrict(hit, i, end, StrCat("quận ", text));
      m.needs_cue = !several || tokens_[i].Is(kSurname) || NamedForHistory(Keys(i, end));
      return true;
    }
    return false;
  }

  // The run [i, end), not in the table, as a province's alias ("Sài Gòn", "Thừa Thiên Huế") or
  // a ward's name. A ward's is taken only beside a word of place or another mention, and which
  // province it names is asked only then (KeepCued).
  void ResolveRun(size_t i, size_t end) {
    const std::string_view text = Span(i, end);
    std::optional<PlaceMatch> r = places_.Resolve("", text);
    if (!r) return;
    if (ProvinceLevel(*r)) {
      if (IsWholeAlias(*r, i, end))
        Add(Unit::kProvince, r->province_code, kProvinceWeight, i, end, std::string(text));
    } else if (WardByName(*r)) {
      Mention& m = Add(Unit::kWard, "", 0, i, end, std::string(text));
      m.needs_cue = true;
      m.pending = std::move(r);
    }
  }

  // The run [i, end) as a name and, after it, a district or province of at least two words:
  // "Tam Phước Biên Hòa" (a ward of that province, then the district), "Nguyễn Oanh Gò Vấp" after
  // "đường" (any name: a street's). A person's name is neither: "Bùi Thị Thanh Hoa".
  bool SplitRun(size_t i, size_t end, bool after_name) {
    for (size_t s = i + 1; s + 2 <= end; ++s) {
      const std::string_view place = Span(s, end);
      const NameHit hit = LookUpName(Keys(s, end), place, !plain_);
      if (hit.rank == 0 || hit.code.empty()) continue;
      const std::string_view name = Span(i, s);
      const bool province = hit.rank == kProvinceRank;
      const NameHit district = LookUpName(Keys(i, s), name, !plain_, kUrbanRank);
      bool named = false;
      if (district.rank > 0 && district.code == hit.code) {
        AddDistrict(district, i, s, StrCat("quận ", name));
        named = true;
      } else if (s - i >= 2 || !plain_) {
        const std::string* full = places_.ProvinceNameByCode(hit.code);
        auto r = places_.Resolve(province ? place : std::string_view(full ? *full : ""), name);
        if (r && WardByName(*r) && r->province_code == hit.code) {
          Add(Unit::kWard, hit.code, kUnmarkedWardWeight, i, s, std::string(name));
          named = true;
        }
      }
      if (!named && !after_name) continue;
      if (province) {
        Add(Unit::kProvince, hit.code, kProvinceWeight, s, end, std::string(place));
      } else {
        AddDistrict(hit, s, end, StrCat("quận ", place));
      }
      return true;
    }
    return false;
  }

  // In a text without diacritics (often without capitals too): a province's or district's name
  // right after a word of place or another mention ("toi o go vap", "xa dong quy tien hai").
  size_t LowerCase(size_t i) {
    if (!plain_) return 0;
    auto word = [&](size_t k) {
      const Token& w = tokens_[k];
      return !w.number && !w.acronym && (k == i ? !w.stop_before : !w.break_before) &&
             MarkerAt(k).words == 0 && !w.Is(kPlaceWord | kConnector);
    };
    const bool cue = (i > 0 && !tokens_[i].stop_before && tokens_[i - 1].Is(kPlaceWord)) ||
                     (!mentions_.empty() && Adjacent(mentions_.back().end, i));
    if (!cue || !word(i)) return 0;
    size_t end = i + 1;
    while (end < tokens_.size() && end - i < 4 && word(end)) ++end;
    for (size_t k = end; k > i; --k) {
      const std::string_view text = Span(i, k);
      const NameHit hit = LookUpName(Keys(i, k), text, false);
      if (hit.rank == kProvinceRank) {
        Add(Unit::kProvince, hit.code, kProvinceWeight, i, k, std::string(text));
        return k;
      }
      if (hit.rank > 0 && k - i >= 2) {
        AddDistrict(hit, i, k, StrCat("quận ", text));
        return k;
      }
      if (!hit.known && k - i >= 2) {
        if (const std::string code = Alias(i, k); !code.empty()) {
          Add(Unit::kProvince, code, kProvinceWeight, i, k, std::string(text));
          return k;
        }
      }
    }
    return 0;
  }

  void FindAddressee() {
    for (size_t i = 0; i + 1 < tokens_.size(); ++i) {
      const Token &a = tokens_[i], &b = tokens_[i + 1];
      const bool kinh_gui = plain_
                                ? a.key == "kinh"sv && b.key == "gui"sv
                                : a.lower == "kính"sv && (b.lower == "gửi"sv || b.lower == "gởi"sv);
      if (!kinh_gui) continue;
      addressee_begin_ = i + 2;
      addressee_end_ = addressee_begin_;
      // Up to the end of the sentence, or of the line, which the cleaner turned into a space:
      // "Kính gửi: Sở Y tế, Tôi ..." ends before "Tôi".
      while (addressee_end_ < tokens_.size() && addressee_end_ - addressee_begin_ < 12) {
        const Token& w = tokens_[addressee_end_];
        if (addressee_end_ > addressee_begin_ &&
            (w.stop_before || (w.upper && w.Is(kSentenceWord))))
          break;
        ++addressee_end_;
      }
      return;
    }
  }

  // Drops the mentions that need a word of place and have none: a ward's name alone, a
  // one-word district ("Vinh"), a district that is also a person's name ("Lê Chân").
  void KeepCued() {
    std::vector<bool> keep(mentions_.size(), true);
    for (size_t n = 0; n < mentions_.size(); ++n) {
      const Mention& m = mentions_[n];
      if (!m.needs_cue) continue;
      const size_t b = m.begin;
      bool cued = tokens_[b].paren_before || cue_after_village_[b] ||
                  (b > 0 && !tokens_[b].stop_before && tokens_[b - 1].Is(kPlaceWord)) ||
                  (b > 0 && tokens_[b].comma_before && !tokens_[b].stop_before &&
                   (tokens_[b - 1].upper || tokens_[b - 1].number)) ||
                  (m.end < tokens_.size() && !tokens_[m.end].stop_before &&
                   (plain_ ? tokens_[m.end].key == "cu"sv : tokens_[m.end].lower == "cũ"sv));
      if (n > 0 && !mentions_[n - 1].needs_cue && Adjacent(mentions_[n - 1].end, b)) cued = true;
      if (n + 1 < mentions_.size() && !mentions_[n + 1].needs_cue &&
          Adjacent(m.end, mentions_[n + 1].begin))
        cued = true;
      keep[n] = cued;
    }
    for (size_t n = 0; n < mentions_.size(); ++n) {
      Mention& m = mentions_[n];
      if (!keep[n] || !m.pending) continue;
      m.code = std::string(OneProvince(places_, *m.pending, m.text));
      m.weight = m.code.empty() ? 0 : kUnmarkedWardWeight;
      m.pending.reset();
    }
    size_t out = 0;
    for (size_t n = 0; n < mentions_.size(); ++n) {
      if (!keep[n]) continue;
      if (out != n) mentions_[out] = std::move(mentions_[n]);
      ++out;
    }
    mentions_.resize(out);
  }

  const PlaceIndex& places_;
  std::vector<Token> tokens_;
  std::vector<Marker> markers_;          // the marker that begins at each token
  bool plain_ = false;                   // no letter beyond ASCII: typed without diacritics
  std::vector<bool> cue_after_village_;  // tokens right after "thôn X", "ấp 3", ...
  size_t addressee_begin_ = 0, addressee_end_ = 0;
  std::vector<Mention> mentions_;
};

}  // namespace

std::optional<PlaceMatch> FindPlaceInText(const PlaceIndex& places,
                                          const Normalizer& /*normalizer*/, std::string_view title,
                                          std::string_view content) {
  TextScan scans[2] = {TextScan(places, title), TextScan(places, content)};
  // Addresses vote: a province's weight, and the order of its first address to break ties.
  struct Vote {
    std::string code;
    int weight = 0;
    size_t first = 0;
    int addresses = 0;
  };
  std::vector<Vote> votes;
  size_t order = 0;
  for (size_t s = 0; s < 2; ++s) {
    TextScan& scan = scans[s];
    scan.Scan();
    std::vector<Mention>& ms = scan.mentions();
    for (size_t a = 0; a < ms.size();) {
      size_t b = a + 1;
      while (b < ms.size() && scan.Adjacent(ms[b - 1].end, ms[b].begin)) ++b;
      // The address [a, b) is decided by its largest unit, the last written.
      const Mention* decisive = nullptr;
      for (size_t k = a; k < b; ++k)
        if (!ms[k].code.empty() && (!decisive || ms[k].unit >= decisive->unit)) decisive = &ms[k];
      if (decisive != nullptr) {
        int weight = decisive->weight;
        for (size_t k = a; k < b; ++k)
          if (&ms[k] != decisive && ms[k].code == decisive->code) {
            ++weight;  // confirmed by a smaller unit
            break;
          }
        if (scan.AfterHomeTown(ms[a].begin) || scan.AfterWord(ms[a].begin, 1, "từ", "tu")) {
          // A home town ("quê Nghệ An") or a starting point ("từ Hà Nội") is seldom the place
          // of the petition.
          weight = 1;
        } else {
          if (s == 0) ++weight;
          if (scan.InAddressee(ms[a].begin)) weight += 2;
          // Where one goes back to is: "về quê ở Đồng Hới", "chuyển về Cần Thơ".
          if (scan.AfterWord(ms[a].begin, 3, "về", "ve")) ++weight;
        }
        auto v = std::find_if(votes.begin(), votes.end(),
                              [&](const Vote& x) { return x.code == decisive->code; });
        if (v == votes.end()) {
          votes.push_back({decisive->code, 0, order});
          v = votes.end() - 1;
        }
        v->weight = std::max(v->weight, weight);
        ++v->addresses;
        for (size_t k = a; k < b; ++k) ms[k].address_code = decisive->code;
      }
      ++order;
      a = b;
    }
  }
  if (votes.empty()) return std::nullopt;
  // A province named in several addresses gets one more; not one per address, so that a place
  // named again and again in passing does not outweigh where the citizen says they are.
  for (Vote& v : votes)
    if (v.addresses > 1) ++v.weight;
  const Vote* best = &votes[0];
  for (const Vote& v : votes)
    if (v.weight > best->weight || (v.weight == best->weight && v.first < best->first)) best = &v;
  const std::string code = best->code;

  // The ward: the ward and district mentions of that province's addresses, or of none; wards
  // by their 2025 names first ("xã Tiên Dương cũ (nay thuộc xã Phúc Thịnh)").
  std::string province_text;
  std::vector<const Mention*> parts;
  for (TextScan& scan : scans) {
    for (const Mention& m : scan.mentions()) {
      if (m.unit == Unit::kProvince) {
        if (m.code == code) province_text = m.text;
        continue;
      }
      const bool ours =
          m.address_code.empty() ? (m.code.empty() || m.code == code) : m.address_code == code;
      if (ours && parts.size() < 16) parts.push_back(&m);
    }
  }
  std::stable_partition(parts.begin(), parts.end(), [](const Mention* m) { return m->current; });
  std::string ward_text;
  for (const Mention* m : parts) {
    if (!ward_text.empty()) ward_text += ", ";
    ward_text += m->text;
  }
  // The province as written when PlaceIndex knows that name (an old one ranks that province's
  // old communes first), else its 2025 name.
  const std::string* name = places.ProvinceNameByCode(code);
  if (name == nullptr) return std::nullopt;
  std::optional<PlaceMatch> found;
  for (const std::string* text : {static_cast<const std::string*>(&province_text), name}) {
    if (text->empty()) continue;
    found = places.Resolve(*text, ward_text);
    if (found && found->province_code == code) break;
    found = places.Resolve(*text, "");
    if (found && found->province_code == code) break;
    found.reset();
  }
  if (!found) return std::nullopt;
  found->method = "text";
  return found;
}

std::optional<PlaceMatch> ResolvePlace(const PlaceIndex* places, const Normalizer& normalizer,
                                       const PetitionFields& f) {
  if (!places) return std::nullopt;
  std::optional<PlaceMatch> given;
  if (!f.location_province.empty() || !f.location_ward.empty())
    given = places->Resolve(f.location_province, f.location_ward);
  if (given && !given->province_code.empty()) return given;
  std::optional<PlaceMatch> found =
      f.location_address.empty()
          ? FindPlaceInText(*places, normalizer, f.title, f.content)
          : FindPlaceInText(*places, normalizer, f.title,
                            StrCat(f.content, "\n", f.location_address));
  if (!found) return given;
  return found;
}

Routed RoutePetition(const RuleEngine& engine, const Normalizer& normalizer,
                     const PlaceIndex* places, const PetitionFields& f) {
  Routed r;
  r.search_key = normalizer.SearchKeyFromCanonical(StrCat(f.title, " ", f.content));
  r.title_bytes = TitleKeyBytes(normalizer, f.title, r.search_key);
  r.place = ResolvePlace(places, normalizer, f);
  r.route = engine.Route(RouteInputOf(r, f));
  return r;
}

RouteInput RouteInputOf(const Routed& r, const PetitionFields& f) {
  RouteInput in;
  in.search_key = r.search_key;
  in.title_bytes = r.title_bytes;
  in.channel = f.channel;
  in.kind = f.kind;
  in.topic_hint = f.topic_hint;
  if (r.place) {
    in.province_code = r.place->province_code;
    in.ward_code = r.place->ward_code;
  }
  return in;
}

}  // namespace pakn::classify
