// Template tables for the petition generator, topics about places and networks: land,
// construction and urban order, transport, environment, water, electricity and
// telecommunications. The other topics and the shared sentences are in
// petition_topics_social.cc.
//
// Each issue's sentences use its topic's vocabulary (the router keys on it) and avoid other
// topics' keywords where that is natural, so a generated petition has one clear topic. Slots in
// braces are expanded in petition_text.cc. All text is UTF-8 NFC.
#include <span>
#include <string_view>

#include "tools/gen/petition_text.h"

namespace pakn::gen::gen_internal {
namespace {

using SV = std::string_view;

constexpr Issue kLand[] = {
    {"dat_dai", "SO-NNMT",
     {"Đề nghị cấp Giấy chứng nhận quyền sử dụng đất cho thửa đất tại {place}",
      "Chậm cấp Giấy chứng nhận quyền sử dụng đất"},
     {"Gia đình tôi sử dụng ổn định thửa đất số {nn}, tờ bản đồ số {n}, diện tích khoảng {area} m² "
      "từ năm {year_old}, không có tranh chấp, nộp thuế sử dụng đất đầy đủ hằng năm.",
      "Ngày {date}, tôi đã nộp hồ sơ đề nghị cấp Giấy chứng nhận quyền sử dụng đất tại bộ phận một "
      "cửa nhưng đến nay đã quá hạn {n} tuần mà vẫn chưa nhận được kết quả.",
      "Cán bộ địa chính yêu cầu bổ sung giấy tờ nhiều lần, mỗi lần một yêu cầu khác nhau, không "
      "hướng dẫn đầy đủ ngay từ đầu."},
     {"Đề nghị cơ quan có thẩm quyền kiểm tra, xác minh nguồn gốc thửa đất và xem xét cấp Giấy "
      "chứng nhận cho gia đình tôi theo quy định của Luật Đất đai.",
      "Đề nghị có văn bản trả lời rõ lý do chậm giải quyết và thời hạn cấp Giấy chứng nhận."}},
    {"dat_dai", "SO-NNMT",
     {"Tranh chấp ranh giới đất với hộ liền kề chưa được giải quyết"},
     {"Hộ liền kề tự ý xây tường rào lấn sang phần đất của gia đình tôi khoảng {n} mét chiều dài, "
      "làm thay đổi ranh giới thửa đất đã được đo đạc năm {year_old}.",
      "Hai gia đình đã được tổ hòa giải {village} mời lên làm việc {n} lần nhưng không thống nhất "
      "được mốc giới.",
      "Khi tôi đề nghị dừng lại, phía hộ liền kề có lời lẽ thách thức và vẫn tiếp tục đổ móng trên "
      "phần đất đang tranh chấp."},
     {"Kính đề nghị Ủy ban nhân dân {ward} tổ chức đo đạc lại ranh giới và hòa giải tranh chấp đất "
      "đai giữa hai gia đình.",
      "Đề nghị tạm dừng việc xây tường rào trên phần đất đang tranh chấp cho đến khi có kết luận "
      "của cơ quan có thẩm quyền."}},
    {"dat_dai", "SO-NNMT",
     {"Kiến nghị về giá bồi thường khi thu hồi đất làm dự án",
      "Chưa nhận được tiền bồi thường, hỗ trợ khi thu hồi đất"},
     {"Gia đình tôi có {area} m² đất nông nghiệp nằm trong phạm vi thu hồi đất để thực hiện dự án "
      "khu dân cư mới.",
      "Mức bồi thường {money} đồng/m² mà hội đồng bồi thường đưa ra thấp hơn nhiều so với giá "
      "chuyển nhượng đất thực tế tại khu vực.",
      "Gia đình đã bàn giao mặt bằng từ tháng {month_prev} nhưng đến nay chưa nhận được khoản hỗ "
      "trợ chuyển đổi nghề nghiệp."},
     {"Đề nghị xem xét lại đơn giá bồi thường, hỗ trợ khi thu hồi đất cho phù hợp với giá thị "
      "trường.",
      "Kính đề nghị công khai phương án bồi thường và chi trả đầy đủ, đúng hạn cho các hộ dân."}},
    {"dat_dai", "SO-NNMT",
     {"Phản ánh việc lấn chiếm đất công tại {ward}"},
     {"Khu đất công cạnh nhà văn hóa {village} bị một số hộ rào lại để trồng rau, tập kết vật "
      "liệu, người dân không còn chỗ sinh hoạt chung.",
      "Một hộ dân đã dựng lán tôn kiên cố trên phần đất công ven kênh, diện tích khoảng {area} m².",
      "Tôi được biết phần đất này đã được quy hoạch làm sân chơi cho trẻ em nhưng nhiều năm nay "
      "vẫn bị chiếm dụng."},
     {"Đề nghị chính quyền địa phương kiểm tra, buộc trả lại hiện trạng đất công và xử lý theo quy "
      "định.",
      "Kính đề nghị công khai quy hoạch sử dụng đất tại khu vực để người dân cùng giám sát."}},
};
constexpr SV kLandAgencies[] = {"Ủy ban nhân dân {ward}",
                                "Sở Nông nghiệp và Môi trường {province_short}",
                                "Văn phòng Đăng ký đất đai {province_short}"};

constexpr Issue kBuild[] = {
    {"xay_dung", "UBND-XA",
     {"Phản ánh công trình xây dựng không phép tại số {hn} đường {street}",
      "Nhà dân xây thêm tầng sai giấy phép xây dựng"},
     {"Từ đầu tháng {month_prev}, căn nhà số {hn} đường {street} thi công xây thêm {n} tầng nhưng "
      "không treo biển báo công trình và giấy phép xây dựng.",
      "Công trình đổ bê tông cả vào ban đêm, giàn giáo dựng sát ra ngoài vỉa hè không có lưới che "
      "chắn.",
      "Tôi đã báo cho tổ trưởng {village} và cán bộ quản lý trật tự xây dựng của địa phương nhưng "
      "công trình vẫn tiếp tục thi công."},
     {"Đề nghị lực lượng quản lý trật tự đô thị kiểm tra giấy phép xây dựng và xử lý nghiêm hành "
      "vi vi phạm.",
      "Kính đề nghị công khai kết quả kiểm tra công trình để người dân được biết."}},
    {"xay_dung", "SO-XD",
     {"Công trình thi công gây nứt tường nhà dân tại {ward}"},
     {"Chủ đầu tư cho máy ép cọc hoạt động cả sau {hour} giờ đêm, gây rung lắc mạnh khiến tường "
      "nhà tôi bị nứt nhiều vết dài tới {cm} cm.",
      "Nền nhà bếp bị lún khoảng {n} cm, cửa sổ tầng hai bị kênh không đóng được kể từ khi công "
      "trình bên cạnh đào tầng hầm.",
      "Đại diện nhà thầu đã đến ghi nhận hiện trạng từ ngày {date} nhưng đến nay chưa có phương án "
      "khắc phục."},
     {"Đề nghị buộc chủ đầu tư dừng thi công vào ban đêm và đền bù thiệt hại cho các hộ dân bị ảnh "
      "hưởng.",
      "Kính đề nghị cơ quan quản lý xây dựng kiểm định mức độ an toàn của các nhà liền kề công "
      "trình."}},
    {"xay_dung", "UBND-XA",
     {"Lấn chiếm vỉa hè để kinh doanh, mất trật tự đô thị trên phố {street}"},
     {"Nhiều hộ kinh doanh dọc tuyến phố bày hàng hóa, dựng mái che lấn chiếm toàn bộ vỉa hè, "
      "người đi bộ phải đi xuống lòng đường.",
      "Cát, gạch, xi măng của một công trình xây dựng được đổ ngay trên vỉa hè nhiều ngày không "
      "dọn.",
      "Sau mỗi lần ra quân, chỉ vài hôm sau tình trạng lấn chiếm vỉa hè lại tái diễn như cũ."},
     {"Kính đề nghị chính quyền địa phương ra quân lập lại trật tự đô thị trên tuyến phố và duy "
      "trì kiểm tra thường xuyên."}},
    {"xay_dung", "UBND-XA",
     {"Phản ánh việc cơi nới, xây dựng sai phép tại chung cư {apartment}"},
     {"Tại tầng {n} chung cư {apartment}, một số căn hộ tự ý cơi nới ban công, lắp lồng sắt ra "
      "ngoài, tiềm ẩn nguy cơ cháy nổ và làm mất mỹ quan.",
      "Một căn hộ tầng trệt đục tường chịu lực để mở rộng cửa hàng, cư dân lo ngại ảnh hưởng kết "
      "cấu của cả tòa nhà.",
      "Ban quản trị đã lập biên bản nhưng các hộ vi phạm không chấp hành."},
     {"Đề nghị cơ quan quản lý xây dựng kiểm tra, buộc tháo dỡ phần cơi nới sai phép."}},
};
constexpr SV kBuildAgencies[] = {"Ủy ban nhân dân {ward}", "Sở Xây dựng {province_short}"};

constexpr Issue kRoad[] = {
    // Names the water company only as the one that dug up the road: a road matter.
    {"giao_thong", "SO-XD",
     {"Ổ gà trên đường {street} gây nguy hiểm cho người tham gia giao thông",
      "Mặt đường {street} hư hỏng nặng sau mưa"},
     {"Trên đoạn đường {street} gần số nhà {hn} xuất hiện nhiều ổ gà sâu khoảng {cm} cm, rộng hơn "
      "{n} mét, trời mưa đọng nước rất khó nhận biết.",
      "Trong tháng vừa qua đã có ít nhất {n} vụ người đi xe máy bị ngã tại vị trí này, trong đó có "
      "cả học sinh đi học buổi sáng.",
      "Đơn vị cấp nước đào đường để lắp đặt đường ống từ ngày {date} nhưng hoàn trả mặt đường tạm "
      "bợ, nay lún sụt thành rãnh sâu."},
     {"Đề nghị cơ quan quản lý đường bộ sớm khảo sát, sửa chữa, thảm lại mặt đường để bảo đảm an "
      "toàn giao thông.",
      "Trước mắt, đề nghị đặt biển cảnh báo và đèn chiếu sáng tại vị trí mặt đường hư hỏng."}},
    {"giao_thong", "SO-XD",
     {"Đề nghị lắp đặt đèn tín hiệu giao thông tại nút giao {street} – {street2}",
      "Đèn tín hiệu giao thông tại ngã tư {street} bị hỏng nhiều ngày"},
     {"Đèn tín hiệu giao thông tại nút giao bị hỏng từ ngày {date}, giờ cao điểm các phương tiện "
      "đi lại lộn xộn, thường xuyên ùn tắc kéo dài.",
      "Nút giao có lưu lượng xe rất lớn vào giờ tan tầm nhưng chưa có vạch kẻ đường cho người đi "
      "bộ.",
      "Tuần trước đã xảy ra va chạm giữa xe máy và ô tô tại nút giao, may mắn không có thương "
      "vong."},
     {"Kính đề nghị xem xét lắp đặt đèn tín hiệu và vạch kẻ đường cho người đi bộ tại nút giao "
      "này.",
      "Đề nghị sớm sửa chữa đèn tín hiệu và bố trí người phân luồng giao thông trong thời gian chờ "
      "sửa chữa."}},
    // What is asked for is load enforcement by the traffic police (as in the labelled set).
    {"giao_thong", "CONG-AN",
     {"Xe quá tải làm hư hỏng đường giao thông liên thôn tại {ward}"},
     {"Nhiều xe tải trọng lớn chở cát, đá chạy qua tuyến đường liên thôn vốn chỉ được thiết kế cho "
      "xe dưới {n} tấn, mặt đường bị lún, nứt vỡ.",
      "Xe chạy cả ban đêm với tốc độ cao, bụi mù mịt, người dân hai bên đường không dám mở cửa.",
      "Cầu tràn ở đầu {village} đã có dấu hiệu nứt gãy, rất nguy hiểm cho học sinh đi qua."},
     {"Đề nghị lực lượng cảnh sát giao thông kiểm soát tải trọng xe và đặt biển hạn chế tải trọng "
      "ở đầu tuyến đường."}},
    {"giao_thong", "CONG-AN",
     {"Đỗ xe trái phép gây ùn tắc giao thông trên đường {street}"},
     {"Ô tô đỗ hai bên đường suốt cả ngày, lòng đường chỉ còn đủ cho một làn xe, xe cứu thương khó "
      "đi vào khu dân cư.",
      "Một số gara sửa chữa ô tô sử dụng lòng đường làm nơi rửa xe, sửa xe.",
      "Giờ tan học, phụ huynh dừng đỗ xe tràn ra lòng đường gây ùn tắc giao thông kéo dài."},
     {"Đề nghị lực lượng cảnh sát giao thông tăng cường tuần tra, xử lý các trường hợp đỗ xe sai "
      "quy định."}},
};
constexpr SV kRoadAgencies[] = {"Ủy ban nhân dân {ward}", "Khu Quản lý đường bộ {province_short}",
                                "Phòng Cảnh sát giao thông Công an {province}"};

constexpr Issue kEnv[] = {
    {"moi_truong", "SO-NNMT",
     {"Rác thải tồn đọng nhiều ngày tại {place}"},
     {"Điểm tập kết rác ở đầu ngõ {nn} phố {street} không được thu gom {n} ngày liền, rác tràn ra "
      "lối đi, bốc mùi hôi thối.",
      "Một số người lạ thường đổ trộm rác thải, phế thải vào ban đêm tại bãi trống cạnh khu dân "
      "cư.",
      "Mùi hôi nồng nặc khiến các gia đình quanh điểm rác phải đóng cửa cả ngày."},
     {"Đề nghị đơn vị thu gom rác thải điều chỉnh lịch thu gom hợp lý và xử lý dứt điểm điểm rác "
      "tự phát.",
      "Kính đề nghị lắp camera giám sát và xử phạt nghiêm hành vi đổ trộm rác thải."}},
    {"moi_truong", "SO-NNMT",
     {"Cơ sở sản xuất gây ô nhiễm khói bụi, mùi hôi tại {ward}"},
     {"Một cơ sở tái chế nhựa hoạt động về đêm, thải khói đen và mùi khét nồng nặc, nhiều người "
      "trong khu dân cư bị ho, khó thở.",
      "Nước thải chưa qua xử lý của cơ sở được xả thẳng ra kênh, nước có màu đen, cá chết nổi "
      "trắng mặt kênh.",
      "Người dân đã nhiều lần đề nghị cơ sở lắp hệ thống xử lý khí thải nhưng chủ cơ sở không thực "
      "hiện."},
     {"Đề nghị cơ quan chức năng lấy mẫu quan trắc, kiểm tra hồ sơ môi trường của cơ sở và xử phạt "
      "theo quy định."}},
    {"moi_truong", "SO-NNMT",
     {"Phản ánh việc đốt rác, đốt rơm rạ gây ô nhiễm không khí"},
     {"Sau mỗi vụ gặt, người dân thường đốt rơm rạ ngay trên đồng vào chiều tối, khói bay vào khu "
      "dân cư dày đặc.",
      "Khói từ việc đốt rác khiến trẻ nhỏ và người già trong xóm ho kéo dài, ô nhiễm không khí "
      "nghiêm trọng.",
      "Có hôm khói dày đặc đến mức xe cộ đi qua phải bật đèn giữa ban ngày."},
     {"Kính đề nghị tuyên truyền, hướng dẫn người dân xử lý rơm rạ thay vì đốt và xử lý các trường "
      "hợp cố tình vi phạm."}},
    {"moi_truong", "SO-NNMT",
     {"Kênh thoát nước bốc mùi hôi thối, ô nhiễm môi trường tại {ward}"},
     {"Con kênh chạy qua khu dân cư bị bồi lắng, rác thải và bèo lục bình phủ kín, nước đen kịt.",
      "Mùi hôi bốc lên nồng nặc nhất vào buổi trưa, muỗi sinh sôi rất nhiều.",
      "Mỗi khi mưa lớn, nước kênh dâng tràn vào các con hẻm, để lại lớp bùn đen hôi thối."},
     {"Kính đề nghị nạo vét, khơi thông kênh để giảm mùi hôi và ô nhiễm cho khu dân cư."}},
};
constexpr SV kEnvAgencies[] = {"Ủy ban nhân dân {ward}",
                               "Sở Nông nghiệp và Môi trường {province_short}"};

// Tap water: the construction sector (docs/routing.md), whoever the citizen writes to.
constexpr Issue kWater[] = {
    {"cap_nuoc", "SO-XD",
     {"Mất nước sinh hoạt kéo dài tại {ward}"},
     {"Từ ngày {date}, khu vực tôi ở bị mất nước sinh hoạt, mỗi ngày chỉ có nước khoảng {n} tiếng "
      "vào lúc nửa đêm, áp lực nước rất yếu.",
      "Gọi tổng đài chăm sóc khách hàng của công ty cấp nước thì chỉ được trả lời là đang khắc "
      "phục sự cố.",
      "Nhiều hộ phải mua nước sinh hoạt với giá {price} đồng mỗi khối để dùng tạm."},
     {"Đề nghị công ty cấp nước kiểm tra đường ống, khắc phục sự cố và thông báo lịch cấp nước cho "
      "người dân."}},
    {"cap_nuoc", "SO-XD",
     {"Nước sinh hoạt có màu vàng, mùi lạ tại khu dân cư phố {street}"},
     {"Nước sinh hoạt từ vòi chảy ra có màu vàng đục, có cặn và mùi clo nồng, gia đình phải mua "
      "nước bình để nấu ăn.",
      "Sau khi lọc qua vải trắng vẫn thấy lớp cặn màu nâu đỏ trong nước sinh hoạt.",
      "Nhiều trẻ nhỏ trong khu phố bị mẩn ngứa sau khi tắm bằng nước máy."},
     {"Đề nghị công ty cấp nước kiểm tra chất lượng nước và công bố kết quả cho người dân."}},
    {"cap_nuoc", "SO-XD",
     {"Đề nghị lắp đặt đường ống cấp nước sạch cho {village}"},
     {"Đến nay vẫn còn khoảng {nn} hộ dân trong thôn phải dùng nước giếng khoan nhiễm phèn vì chưa "
      "có đường ống cấp nước sạch.",
      "Mùa khô giếng cạn, người dân phải mua nước sạch chở bằng xe bồn với giá {price} đồng mỗi "
      "khối.",
      "Người dân đã đóng góp kinh phí làm đường ống nhánh nhưng chưa được đấu nối vào mạng lưới "
      "cấp nước."},
     {"Kính đề nghị bố trí kinh phí mở rộng mạng lưới cấp nước sạch về khu vực này."}},
};
constexpr SV kWaterAgencies[] = {"Công ty cổ phần Cấp nước {province_short}",
                                 "Ủy ban nhân dân {ward}"};

constexpr Issue kPower[] = {
    {"dien", "SO-CT",
     {"Hóa đơn tiền điện tháng {month_prev} tăng bất thường"},
     {"Hóa đơn tiền điện tháng {month_prev} của gia đình tôi là {bill} đồng, cao gấp {n} lần các "
      "tháng trước trong khi mức sử dụng điện không thay đổi.",
      "Nhân viên ghi chỉ số công tơ điện không đến kiểm tra thực tế mà ước tính chỉ số.",
      "Tôi đã liên hệ tổng đài chăm sóc khách hàng ngành điện nhưng chỉ được hẹn kiểm tra mà chưa "
      "thấy ai đến."},
     {"Đề nghị điện lực kiểm tra lại công tơ điện và chỉ số trên hóa đơn, giải thích rõ cho khách "
      "hàng."}},
    {"dien", "SO-CT",
     {"Mất điện liên tục không có thông báo trước tại {ward}"},
     {"Trong tuần qua khu vực bị cắt điện {n} lần, mỗi lần kéo dài vài giờ mà không có thông báo "
      "lịch cắt điện trước.",
      "Điện áp chập chờn làm hỏng tủ lạnh và máy bơm nước của nhiều hộ gia đình.",
      "Các hộ kinh doanh nhỏ trong khu vực bị thiệt hại vì hàng đông lạnh bị hỏng sau mỗi lần mất "
      "điện."},
     {"Kính đề nghị ngành điện thông báo lịch cắt điện trước ít nhất 5 ngày và nâng cấp trạm biến "
      "áp khu vực."}},
};
constexpr SV kPowerAgencies[] = {"Công ty Điện lực {province_short}", "Ủy ban nhân dân {ward}"};

// Mobile network, SIM cards, Internet, telecom cables. The SIM complaint names a pension in
// passing: the grievance is the locked SIM, not the pension.
constexpr Issue kTelecom[] = {
    {"vien_thong", "SO-KHCN",
     {"SIM điện thoại chính chủ của người cao tuổi bị khóa một chiều",
      "Nhà mạng khóa SIM dù đã chuẩn hóa thông tin thuê bao"},
     {"SIM điện thoại mẹ tôi dùng hơn mười năm bị nhà mạng khóa một chiều từ ngày {date}; đây là "
      "số nhận tin nhắn báo lương hưu và mã OTP của tài khoản ngân hàng, nên bà không rút được "
      "lương hưu tháng {month_prev}.",
      "Gia đình đã đưa bà ra điểm giao dịch của nhà mạng để chuẩn hóa thông tin thuê bao, được "
      "báo là đã cập nhật xong nhưng SIM vẫn bị khóa.",
      "Tổng đài của nhà mạng yêu cầu chủ thuê bao phải trực tiếp đến điểm giao dịch lần nữa, trong "
      "khi bà đã ngoài 80 tuổi, đi lại khó khăn."},
     {"Đề nghị nhà mạng mở khóa SIM cho thuê bao chính chủ đã chuẩn hóa thông tin và hỗ trợ người "
      "cao tuổi làm thủ tục tại nhà.",
      "Kính đề nghị Sở Khoa học và Công nghệ {province_short} chỉ đạo các doanh nghiệp viễn thông "
      "không khóa SIM của những người đã cập nhật đủ thông tin."}},
    {"vien_thong", "SO-KHCN",
     {"Sóng điện thoại yếu, thường xuyên mất sóng tại {village}"},
     {"Khu vực {village} sóng điện thoại rất yếu, trong nhà thường xuyên mất sóng, muốn gọi điện "
      "phải ra đầu ngõ hoặc lên đồi.",
      "Khi có việc gấp, nhiều gia đình không gọi được điện thoại; các cháu không học trực tuyến "
      "được vì mạng di động chập chờn.",
      "Người dân đã nhiều lần phản ánh với các nhà mạng nhưng đến nay vẫn chưa có trạm phát sóng "
      "mới."},
     {"Đề nghị các nhà mạng khảo sát, lắp đặt thêm trạm phát sóng để bảo đảm thông tin liên lạc "
      "cho người dân."}},
    {"vien_thong", "SO-KHCN",
     {"Internet cáp quang chập chờn, nhà mạng chậm khắc phục"},
     {"Từ ngày {date}, đường truyền Internet cáp quang của gia đình tôi chập chờn, mỗi ngày mất "
      "kết nối nhiều lần, có hôm mất hẳn.",
      "Tôi đã báo hỏng qua tổng đài của nhà mạng {n} lần, nhân viên kỹ thuật hẹn đến nhưng không "
      "đến.",
      "Dù dịch vụ bị gián đoạn, nhà mạng vẫn thu đủ cước Internet hằng tháng."},
     {"Đề nghị nhà mạng khắc phục sự cố đường truyền và giảm trừ cước cho những ngày mất kết "
      "nối."}},
    {"vien_thong", "SO-KHCN",
     {"Dây cáp viễn thông giăng mắc chằng chịt trên phố {street}"},
     {"Trên phố {street}, dây cáp viễn thông, cáp Internet của nhiều nhà mạng giăng mắc chằng "
      "chịt, nhiều đoạn võng thấp sát đầu người đi đường.",
      "Một số cuộn cáp bỏ không được treo lơ lửng, gió to là rơi xuống lối đi.",
      "Tuần trước một xe chở hàng cao đã kéo đứt cả chùm cáp, cả khu phố mất kết nối Internet {n} "
      "ngày."},
     {"Đề nghị các doanh nghiệp viễn thông thu hồi cáp bỏ không, chỉnh trang và ngầm hóa cáp viễn "
      "thông trên tuyến phố."}},
};
constexpr SV kTelecomAgencies[] = {"Sở Khoa học và Công nghệ {province_short}",
                                   "Ủy ban nhân dân {ward}"};

constexpr Topic kPlaceTopics[] = {
    {"dat_dai", kLand, kLandAgencies},       {"xay_dung", kBuild, kBuildAgencies},
    {"giao_thong", kRoad, kRoadAgencies},    {"moi_truong", kEnv, kEnvAgencies},
    {"cap_nuoc", kWater, kWaterAgencies},    {"dien", kPower, kPowerAgencies},
    {"vien_thong", kTelecom, kTelecomAgencies},
};

}  // namespace

std::span<const Topic> PlaceTopics() { return kPlaceTopics; }

}  // namespace pakn::gen::gen_internal
