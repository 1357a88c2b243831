// Template tables for the petition generator, topics about services and people: health,
// education, social insurance, labour, public order, administrative procedures; plus the
// sentences shared by all topics and the unrouted style. Conventions as in petition_topics.cc.
#include <span>
#include <string_view>

#include "tools/gen/petition_text.h"

namespace pakn::gen::gen_internal {
namespace {

using SV = std::string_view;

constexpr Issue kHealth[] = {
    {"y_te", "SO-YT",
     {"Thời gian chờ khám bệnh quá lâu tại {hospital}",
      "Phản ánh thái độ phục vụ của nhân viên y tế tại {hospital}"},
     {"Ngày {date}, tôi đưa mẹ đến khám bệnh tại {hospital}, lấy số từ 6 giờ sáng nhưng đến gần 11 "
      "giờ mới được vào phòng khám.",
      "Nhân viên y tế tại quầy tiếp đón trả lời cộc cằn, không chỉ dẫn người bệnh cao tuổi đi đúng "
      "phòng khám.",
      "Khu vệ sinh của khoa khám bệnh xuống cấp, thiếu nước, bốc mùi khó chịu, ảnh hưởng đến người "
      "bệnh và người nhà."},
     {"Đề nghị Sở Y tế {province_short} chấn chỉnh thái độ phục vụ và cải tiến quy trình khám bệnh "
      "để giảm thời gian chờ."}},
    {"y_te", "SO-YT",
     {"Nhà thuốc bán thuốc kê đơn không cần đơn của bác sĩ"},
     {"Nhà thuốc ở số {hn} đường {street} bán kháng sinh cho khách mà không cần đơn thuốc của bác "
      "sĩ.",
      "Nhà thuốc không có dược sĩ đứng quầy, nhiều loại thuốc không có nhãn tiếng Việt.",
      "Khi tôi hỏi về nguồn gốc thuốc, nhân viên bán hàng không trả lời được."},
     {"Đề nghị cơ quan y tế kiểm tra điều kiện hoạt động của nhà thuốc và xử lý vi phạm."}},
    {"y_te", "SO-YT",
     {"Nghi ngộ độc thực phẩm tại bếp ăn tập thể"},
     {"Sau bữa trưa tại bếp ăn tập thể, khoảng {nn} người có biểu hiện đau bụng, nôn, phải đi cấp "
      "cứu tại bệnh viện.",
      "Bếp ăn nấu trong điều kiện mất vệ sinh, thực phẩm không rõ nguồn gốc.",
      "Trong số người bị ngộ độc có {n} người phải nằm viện theo dõi."},
     {"Kính đề nghị làm rõ nguyên nhân vụ ngộ độc và công khai kết quả xét nghiệm mẫu thực phẩm."}},
    {"y_te", "SO-YT",
     {"Đề nghị phun thuốc diệt muỗi phòng chống sốt xuất huyết tại {ward}"},
     {"Trong khu phố đã có {n} trường hợp mắc sốt xuất huyết phải nhập viện trong tháng "
      "{month_prev}.",
      "Nhiều vũng nước đọng, dụng cụ chứa nước bỏ hoang là nơi muỗi sinh sản.",
      "Trạm y tế chưa tổ chức phun thuốc diệt muỗi dù người dân đã báo từ ngày {date}."},
     {"Đề nghị trạm y tế tổ chức phun thuốc diệt muỗi và tuyên truyền phòng bệnh cho người dân."}},
};
constexpr SV kHealthAgencies[] = {"Sở Y tế {province_short}", "Ban Giám đốc {hospital}"};

constexpr Issue kEdu[] = {
    {"giao_duc", "SO-GDDT",
     {"Phản ánh tình trạng lạm thu đầu năm học tại {school}"},
     {"Đầu năm học, ban đại diện cha mẹ học sinh lớp của con tôi tại {school} thu nhiều khoản "
      "ngoài quy định, tổng cộng khoảng {fee} đồng mỗi học sinh.",
      "Các khoản thu gồm tiền mua máy chiếu, tiền lắp điều hòa, tiền quỹ lớp, phụ huynh không được "
      "bàn bạc trước.",
      "Khi phụ huynh thắc mắc, giáo viên cho rằng đây là khoản tự nguyện nhưng lại nhắc nhở trước "
      "lớp những em chưa nộp."},
     {"Đề nghị Sở Giáo dục và Đào tạo {province_short} kiểm tra, yêu cầu nhà trường công khai và "
      "hoàn trả các khoản thu sai quy định."}},
    // Names the family's permanent residence only as the basis of school enrolment.
    {"giao_duc", "SO-GDDT",
     {"Đề nghị xem xét tuyển sinh lớp 1 cho con theo nơi cư trú"},
     {"Gia đình tôi đã đăng ký thường trú tại {ward} từ năm {year_old} nhưng con tôi không được "
      "phân tuyến vào trường tiểu học gần nhà.",
      "Trường được phân tuyến cách nhà hơn {n} km, trong khi trường gần nhà chỉ cách vài trăm mét.",
      "Tôi đã nộp đơn đến nhà trường từ ngày {date} nhưng chưa nhận được trả lời."},
     {"Kính đề nghị xem xét tuyển sinh cho con tôi vào trường đúng tuyến theo nơi cư trú."}},
    {"giao_duc", "SO-GDDT",
     {"Phản ánh tình trạng dạy thêm, học thêm tại {school}"},
     {"Con tôi học lớp {grade}, giáo viên chủ nhiệm gợi ý phụ huynh cho con đi học thêm tại nhà "
      "cô, học sinh không tham gia thì bị đối xử khác.",
      "Nội dung bài kiểm tra trên lớp trùng với bài đã dạy ở lớp học thêm.",
      "Tiền học thêm khoảng {fee} đồng mỗi tháng, là gánh nặng với nhiều gia đình học sinh."},
     {"Đề nghị kiểm tra việc dạy thêm, học thêm của giáo viên theo quy định của ngành giáo dục."}},
    // A school building in disrepair is the education sector's to answer (it funds and
    // manages schools), not a construction-order matter.
    {"giao_duc", "SO-GDDT",
     {"Phòng học xuống cấp, không bảo đảm an toàn cho học sinh tại {school}"},
     {"Trần một số phòng học ở dãy nhà phía sau bị bong tróc, thấm dột, mùa mưa học sinh phải "
      "chuyển sang học ghép lớp.",
      "Bàn ghế cũ gãy, thiếu đèn chiếu sáng, nhiều học sinh phải ngồi học trong điều kiện thiếu "
      "ánh sáng.",
      "Năm học trước đã có một mảng vữa trần rơi xuống lớp học, may mắn không trúng học sinh."},
     {"Đề nghị bố trí kinh phí sửa chữa phòng học trước mùa mưa bão để bảo đảm an toàn cho học "
      "sinh."}},
};
constexpr SV kEduAgencies[] = {"Sở Giáo dục và Đào tạo {province_short}", "Ban Giám hiệu {school}"};

constexpr Issue kIns[] = {
    {"bao_hiem_xa_hoi", "BHXH",
     {"Chậm giải quyết chế độ bảo hiểm xã hội một lần"},
     {"Tôi nộp đề nghị hưởng bảo hiểm xã hội một lần tại cơ quan bảo hiểm xã hội từ ngày {date} "
      "nhưng đến nay chưa nhận được tiền.",
      "Khi hỏi thì cán bộ chỉ trả lời là đang chờ xác minh quá trình đóng bảo hiểm xã hội ở đơn vị "
      "cũ.",
      "Tôi đã nghỉ việc hơn một năm, hiện không có thu nhập ổn định nên rất cần khoản tiền bảo "
      "hiểm xã hội này."},
     {"Đề nghị Bảo hiểm xã hội {province_short} kiểm tra, giải quyết chế độ cho tôi theo đúng quy "
      "định."}},
    {"bao_hiem_xa_hoi", "BHXH",
     {"Công ty nợ đóng bảo hiểm xã hội, người lao động không được hưởng chế độ thai sản"},
     {"Công ty nơi tôi làm việc trích tiền bảo hiểm xã hội từ lương hằng tháng nhưng không nộp cho "
      "cơ quan bảo hiểm từ tháng {month_prev} năm {year}.",
      "Tôi sinh con ngày {date} nhưng không được giải quyết chế độ thai sản vì đơn vị chưa chốt sổ "
      "bảo hiểm xã hội.",
      "Hiện có khoảng {workers} người lao động trong công ty cùng bị ảnh hưởng vì nợ đóng bảo hiểm "
      "xã hội."},
     {"Đề nghị cơ quan chức năng đôn đốc, xử lý doanh nghiệp nợ đóng bảo hiểm xã hội để bảo vệ "
      "quyền lợi người lao động."}},
    {"bao_hiem_xa_hoi", "BHXH",
     {"Đề nghị gộp hai mã số bảo hiểm xã hội bị trùng"},
     {"Khi tra cứu trên ứng dụng VssID, tôi phát hiện mình có hai mã số bảo hiểm xã hội với quá "
      "trình đóng khác nhau.",
      "Thời gian đóng bảo hiểm xã hội ở công ty cũ từ năm {year_old} không được cộng dồn.",
      "Cơ quan bảo hiểm xã hội yêu cầu tôi tự liên hệ đơn vị cũ, nhưng công ty này đã giải thể."},
     {"Kính đề nghị hướng dẫn tôi cách gộp hai mã số bảo hiểm xã hội."}},
    {"bao_hiem_xa_hoi", "BHXH",
     {"Chưa nhận được lương hưu tháng {month_prev}"},
     {"Tôi đã nghỉ hưu, hằng tháng nhận lương hưu qua tài khoản ngân hàng nhưng tháng {month_prev} "
      "không thấy chuyển tiền.",
      "Tôi đã liên hệ ngân hàng nhưng được hướng dẫn hỏi cơ quan bảo hiểm xã hội.",
      "Lương hưu là nguồn thu nhập duy nhất của vợ chồng tôi."},
     {"Đề nghị Bảo hiểm xã hội {province_short} kiểm tra và chi trả lương hưu cho tôi."}},
};
constexpr SV kInsAgencies[] = {"Bảo hiểm xã hội {province_short}", "Bảo hiểm xã hội Việt Nam"};

constexpr Issue kLabour[] = {
    {"lao_dong", "SO-NV",
     {"Công ty chậm trả lương cho người lao động nhiều tháng"},
     {"Tôi làm công nhân tại {company} từ năm {year_old}; từ tháng {month_prev} đến nay công ty "
      "chưa trả lương cho khoảng {workers} công nhân.",
      "Ban giám đốc hứa hẹn nhiều lần nhưng không thực hiện, nhiều người lao động phải vay mượn để "
      "trang trải cuộc sống.",
      "Công ty đã ngừng sản xuất nhưng vẫn khóa cổng xưởng, người lao động không liên hệ được với "
      "ban giám đốc."},
     {"Đề nghị buộc công ty thanh toán đầy đủ tiền lương còn nợ và các khoản phụ cấp cho người lao "
      "động."}},
    {"lao_dong", "SO-NV",
     {"Người lao động bị chấm dứt hợp đồng lao động trái pháp luật"},
     {"Tôi ký hợp đồng lao động không xác định thời hạn với {company} từ năm {year_old}.",
      "Ngày {date}, công ty thông báo cho tôi nghỉ việc ngay mà không báo trước, không nêu lý do "
      "và không thanh toán các khoản tiền theo hợp đồng lao động.",
      "Công ty cũng chưa thanh toán tiền lương những ngày làm việc cuối cùng của tôi."},
     {"Đề nghị Sở Nội vụ {province_short} thanh tra việc chấp hành pháp luật lao động tại công ty.",
      "Kính đề nghị cơ quan chức năng hướng dẫn người lao động cách bảo vệ quyền lợi của mình."}},
    {"lao_dong", "SO-NV",
     {"Không được trả tiền làm thêm giờ theo quy định"},
     {"Công nhân phải làm thêm đến 21 giờ hằng ngày, kể cả chủ nhật, nhưng tiền làm thêm giờ chỉ "
      "được tính như giờ làm việc bình thường.",
      "Người lao động nào từ chối làm thêm thì bị trừ điểm thi đua và cắt tiền chuyên cần.",
      "Nhiều công nhân làm thêm hơn 300 giờ mỗi năm, vượt quá mức pháp luật lao động cho phép."},
     {"Đề nghị Sở Nội vụ {province_short} thanh tra việc chấp hành pháp luật lao động tại công "
      "ty."}},
    {"lao_dong", "SO-NV",
     {"Điều kiện làm việc không bảo đảm an toàn lao động tại xưởng"},
     {"Xưởng sản xuất nóng bức, không có hệ thống thông gió, máy móc thiếu thiết bị che chắn, tuần "
      "trước đã có người lao động bị thương ở tay.",
      "Công nhân không được phát đồ bảo hộ và không được huấn luyện an toàn lao động khi vào làm.",
      "Khi người lao động bị tai nạn lao động, công ty chỉ hỗ trợ một phần viện phí rồi cho nghỉ "
      "việc."},
     {"Kính đề nghị kiểm tra điều kiện an toàn, vệ sinh lao động tại xưởng và xử lý vi phạm."}},
};
constexpr SV kLabourAgencies[] = {"Sở Nội vụ {province_short}",
                                  "Liên đoàn Lao động {province_short}"};

constexpr Issue kOrder[] = {
    {"an_ninh_trat_tu", "CONG-AN",
     {"Thanh thiếu niên tụ tập đua xe trái phép ban đêm"},
     {"Khoảng {n} tuần nay, cứ sau 23 giờ lại có nhóm thanh niên tụ tập, rú ga, lạng lách trên "
      "đường {street}, gây mất an ninh trật tự.",
      "Nhóm này còn mang theo gậy gộc, sẵn sàng đe dọa người đi đường nếu bị nhắc nhở.",
      "Người dân đã nhiều lần báo công an khu vực, nhưng lực lượng chức năng vừa rời đi thì nhóm "
      "thanh niên lại quay lại."},
     {"Đề nghị Công an {ward} tăng cường tuần tra, kiểm soát vào ban đêm và xử lý nghiêm các đối "
      "tượng vi phạm."}},
    {"an_ninh_trat_tu", "CONG-AN",
     {"Tình trạng trộm cắp tài sản xảy ra nhiều tại {ward}"},
     {"Trong tháng này khu dân cư đã xảy ra ít nhất {n} vụ trộm cắp xe máy, có vụ kẻ gian cắt khóa "
      "cổng vào tận sân nhà.",
      "Camera của một gia đình đã ghi lại hình ảnh đối tượng, tôi đã cung cấp cho công an khu vực "
      "từ ngày {date}.",
      "Nhiều hộ gia đình phải thay phiên nhau thức canh trộm vào ban đêm."},
     {"Kính đề nghị cơ quan công an điều tra, làm rõ và có biện pháp bảo đảm an ninh trật tự cho "
      "người dân."}},
    {"an_ninh_trat_tu", "CONG-AN",
     {"Cho vay nặng lãi, đòi nợ kiểu xã hội đen gây mất an ninh trật tự"},
     {"Một nhóm người lạ dán quảng cáo cho vay tiền khắp các cột điện, sau đó đến từng nhà đe dọa, "
      "ném chất bẩn vào nhà người vay.",
      "Lãi suất họ áp dụng lên tới {n}.000 đồng/triệu/ngày, nhiều gia đình lâm vào cảnh khốn khó.",
      "Một số người vay bị đe dọa, khủng bố tinh thần qua điện thoại và mạng xã hội."},
     {"Kính đề nghị cơ quan công an điều tra, triệt phá đường dây cho vay nặng lãi, bảo đảm an "
      "ninh trật tự tại địa phương."}},
    {"an_ninh_trat_tu", "CONG-AN",
     {"Cuộc gọi lừa đảo giả danh công an"},
     {"Gia đình tôi nhận được cuộc gọi của người tự xưng là cán bộ công an, yêu cầu chuyển {money} "
      "đồng để \"xác minh\" tài khoản.",
      "Người gọi biết rõ họ tên, số định danh của tôi, tôi lo ngại thông tin cá nhân đã bị lộ.",
      "Người quen của tôi đã bị lừa mất {money} đồng với thủ đoạn tương tự."},
     {"Đề nghị tuyên truyền rộng rãi để người dân cảnh giác với các thủ đoạn lừa đảo qua điện "
      "thoại."}},
    {"an_ninh_trat_tu", "CONG-AN",
     {"Nhóm thanh niên gây gổ, đánh nhau tại khu vực {market}"},
     {"Tối ngày {date}, tại {market} xảy ra ẩu đả giữa hai nhóm thanh niên, có người mang theo "
      "hung khí.",
      "Tình trạng gây gổ, đánh nhau tại đây diễn ra thường xuyên khiến tiểu thương và người dân lo "
      "sợ.",
      "Sau mỗi vụ ẩu đả, chợ phải đóng cửa sớm, ảnh hưởng đến việc buôn bán của bà con."},
     {"Đề nghị Công an {ward} tăng cường tuần tra, kiểm soát và xử lý nghiêm các đối tượng gây rối "
      "trật tự công cộng."}},
    {"an_ninh_trat_tu", "CONG-AN",
     {"Quán karaoke gây ồn ào, mất trật tự đến khuya tại {place}"},
     {"Quán karaoke tại số {hn} đường {street} mở nhạc công suất lớn đến 1–2 giờ sáng, tiếng ồn "
      "vượt quá giới hạn cho phép trong khu dân cư.",
      "Nhiều gia đình có người già, trẻ nhỏ và học sinh ôn thi không thể nghỉ ngơi.",
      "Tôi đã nhiều lần sang góp ý trực tiếp nhưng chủ quán không hợp tác, còn có lời lẽ thiếu văn "
      "hóa."},
     {"Đề nghị Công an {ward} kiểm tra, xử lý quán karaoke gây ồn ào, mất an ninh trật tự vào ban "
      "đêm."}},
};
constexpr SV kOrderAgencies[] = {"Công an {ward}", "Công an {province}"};

constexpr Issue kProc[] = {
    {"thu_tuc_hanh_chinh", "UBND-XA",
     {"Hồ sơ trên Cổng dịch vụ công bị trả lại nhiều lần không rõ lý do"},
     {"Ngày {date}, tôi nộp hồ sơ trực tuyến mã số {case_no} trên Cổng dịch vụ công, sau đó hồ sơ "
      "bị trả lại {n} lần với lý do chung chung là \"hồ sơ chưa hợp lệ\".",
      "Mỗi lần trả lại, hệ thống không ghi rõ cần bổ sung giấy tờ gì.",
      "Tôi đã liên hệ tổng đài hỗ trợ nhưng chỉ được hướng dẫn nộp lại hồ sơ từ đầu."},
     {"Đề nghị Văn phòng Ủy ban nhân dân {province_short} kiểm tra, chỉ đạo giải quyết dứt điểm hồ "
      "sơ của tôi."}},
    {"dang_ky_kinh_doanh", "UBND-XA",
     {"Chậm trả kết quả hồ sơ đăng ký hộ kinh doanh"},
     {"Theo quy định, thời hạn giải quyết thủ tục là {n} ngày làm việc nhưng đến nay đã quá hạn "
      "hơn {n2} ngày mà tôi chưa nhận được kết quả hay thông báo gia hạn.",
      "Tra cứu trên Cổng dịch vụ công thì hồ sơ vẫn ở trạng thái \"đang xử lý\".",
      "Việc chậm trễ khiến tôi không thể khai trương cửa hàng như kế hoạch, thiệt hại về kinh tế."},
     {"Đề nghị có văn bản xin lỗi và trả kết quả hồ sơ theo đúng quy định."}},
    {"thu_tuc_hanh_chinh", "UBND-XA",
     {"Cán bộ bộ phận một cửa gây phiền hà khi tiếp nhận hồ sơ",
      "Đề nghị đơn giản hóa thủ tục hành chính chứng thực bản sao"},
     {"Cán bộ tại bộ phận một cửa yêu cầu nộp thêm bản sao có chứng thực các giấy tờ đã được tích "
      "hợp trên ứng dụng VNeID.",
      "Người dân phải đi lại {n} lần chỉ để nộp một bộ hồ sơ.",
      "Khi tôi hỏi căn cứ vào quy định nào, cán bộ không trả lời mà chỉ yêu cầu về bổ sung hồ sơ."},
     {"Kính đề nghị chấn chỉnh tác phong, thái độ làm việc của cán bộ tiếp nhận hồ sơ.",
      "Đề nghị rà soát, cắt giảm các giấy tờ không cần thiết trong thành phần hồ sơ thủ tục hành "
      "chính."}},
    {"thu_tuc_hanh_chinh", "UBND-XA",
     {"Không thể nộp hồ sơ trực tuyến do lỗi hệ thống"},
     {"Khi thanh toán phí, lệ phí trực tuyến cho hồ sơ, hệ thống báo lỗi nhưng tài khoản ngân hàng "
      "của tôi vẫn bị trừ tiền.",
      "Tôi đã gọi tổng đài hỗ trợ của Cổng dịch vụ công nhiều lần nhưng không có người nghe máy.",
      "Hệ thống thường xuyên báo lỗi khi đăng nhập bằng tài khoản VNeID."},
     {"Đề nghị đơn vị vận hành Cổng dịch vụ công hoàn trả khoản phí bị trừ và khắc phục lỗi hệ "
      "thống."}},
};
constexpr SV kProcAgencies[] = {"Ủy ban nhân dân {ward}",
                                "Trung tâm Phục vụ hành chính công {province_short}"};

constexpr Topic kSocialTopics[] = {
    {"y_te", kHealth, kHealthAgencies},
    {"giao_duc", kEdu, kEduAgencies},
    {"bao_hiem_xa_hoi", kIns, kInsAgencies},
    {"lao_dong", kLabour, kLabourAgencies},
    {"an_ninh_trat_tu", kOrder, kOrderAgencies},
    {"thu_tuc_hanh_chinh", kProc, kProcAgencies},
};

constexpr SV kImpacts[] = {
    "Tình trạng này đã kéo dài khoảng {months} tháng nay, ảnh hưởng lớn đến đời sống của hàng chục "
    "hộ dân.",
    "Người dân đã nhiều lần phản ánh với tổ trưởng {village} nhưng đến nay chưa có chuyển biến.",
    "Ngày {date}, tôi đã gọi điện đến đường dây nóng của địa phương nhưng vẫn chưa thấy cơ quan "
    "nào xuống kiểm tra.",
    "Việc chậm xử lý khiến người dân bức xúc, giảm niềm tin vào chính quyền cơ sở.",
    "Tôi đã nhiều lần liên hệ với cán bộ phụ trách nhưng chỉ nhận được lời hứa sẽ xem xét.",
};
constexpr SV kClosings[] = {
    "Tôi xin chân thành cảm ơn!",
    "Trân trọng.",
    "Rất mong sớm nhận được phản hồi. Xin cảm ơn!",
    "Xin trân trọng cảm ơn và mong được quan tâm giải quyết.",
    "Mong các cơ quan sớm vào cuộc. Cảm ơn! 🙏",
};

// No topic vocabulary, no place names: the router should find nothing to route on.
constexpr SV kUnroutedTitles[] = {
    "Góp ý", "Xin được hỏi", "Thư cảm ơn", "Hỏi về kết quả xử lý ý kiến", "Ý kiến cá nhân",
    "Cần được giúp đỡ",
};
constexpr SV kUnroutedSentences[] = {
    "Tôi xin gửi lời cảm ơn chân thành tới các anh chị cán bộ đã nhiệt tình giúp đỡ gia đình tôi "
    "trong thời gian vừa qua.",
    "Cho tôi hỏi khi nào thì tôi nhận được phản hồi cho ý kiến đã gửi từ tuần trước?",
    "Tôi mong các cơ quan lắng nghe nhiều hơn nữa ý kiến của người dân.",
    "Xin cho biết cách liên hệ trực tiếp với cán bộ được giao xử lý ý kiến của tôi.",
    "Mọi việc đã ổn rồi, tôi xin rút lại ý kiến đã gửi trước đây.",
    "Tôi thấy cách làm việc gần đây đã nhanh hơn trước rất nhiều, bà con rất hoan nghênh.",
    "Chúc các anh chị luôn vui vẻ, công tác tốt.",
    "Tôi không biết nên hỏi ở đâu nên gửi tạm vào đây, mong được chỉ dẫn.",
};

}  // namespace

std::span<const Topic> SocialTopics() { return kSocialTopics; }
std::span<const std::string_view> ImpactSentences() { return kImpacts; }
std::span<const std::string_view> ClosingSentences() { return kClosings; }
std::span<const std::string_view> UnroutedTitles() { return kUnroutedTitles; }
std::span<const std::string_view> UnroutedSentences() { return kUnroutedSentences; }

}  // namespace pakn::gen::gen_internal
