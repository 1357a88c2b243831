#include "serve/ui_text.h"

#include <unordered_map>

namespace pakn::serve {
namespace {

struct Text {
  const char* key;
  const char* vi;
  const char* en;
};

// Every word the web view shows, in Vietnamese and English. Keys become the templates'
// {{t_KEY}} variables.
constexpr Text kTexts[] = {
    {"brand", "Phản ánh, kiến nghị", "Citizen feedback"},
    {"skip", "Bỏ qua đến nội dung", "Skip to content"},
    {"menu", "Trình đơn", "Menu"},
    {"worklist", "Danh sách xử lý", "Work list"},
    {"digest", "Báo cáo tổng hợp", "Digest"},
    {"logout", "Đăng xuất", "Sign out"},
    {"signin", "Đăng nhập", "Sign in"},
    {"user", "Tên đăng nhập", "User name"},
    {"password", "Mật khẩu", "Password"},
    {"lists", "Danh sách", "Lists"},
    {"search", "Tìm trong nội dung", "Search the text"},
    {"search_hint", "có dấu hoặc không dấu", "with or without tone marks"},
    {"status", "Trạng thái", "Status"},
    {"topic", "Lĩnh vực", "Topic"},
    {"area", "Tỉnh, thành phố", "Province"},
    {"from", "Gửi từ ngày", "Submitted from"},
    {"to", "đến ngày", "to"},
    {"sort", "Sắp xếp", "Sort"},
    {"sort_due", "Theo hạn xử lý (chỉ hồ sơ đang mở)", "By deadline (open petitions only)"},
    {"sort_day", "Theo ngày gửi", "By submission day"},
    {"filter", "Lọc", "Filter"},
    {"any", "Tất cả", "Any"},
    {"id", "Mã", "Id"},
    {"title", "Tiêu đề", "Title"},
    {"agency", "Cơ quan", "Agency"},
    {"due", "Hạn xử lý", "Deadline"},
    {"none", "Không có phản ánh, kiến nghị nào phù hợp.", "No petition matches."},
    {"pages", "Trang", "Pages"},
    {"first", "« Trang đầu", "« First page"},
    {"next", "Trang sau »", "Next page »"},
    {"tab_accept", "Chờ tiếp nhận", "To accept"},
    {"tab_new", "Mới gửi (2 ngày)", "New (2 days)"},
    {"tab_mine", "Giao cho tôi", "Assigned to me"},
    {"tab_soon", "Sắp đến hạn", "Due soon"},
    {"tab_overdue", "Quá hạn", "Overdue"},
    {"tab_update", "Cần cập nhật tiến độ", "Progress update due"},
    {"tab_all", "Tất cả", "All"},
    {"deadline", "Hạn xử lý", "Deadline"},
    {"assignee", "Người xử lý", "Handled by"},
    {"corrected", "đã sửa thành", "corrected to"},
    {"submitted", "Ngày gửi", "Submitted"},
    {"place", "Địa điểm", "Place"},
    {"reporter", "Người gửi", "Reporter"},
    {"masked", "đã che thông tin cá nhân", "personal data masked"},
    {"reveal", "Xem thông tin cá nhân", "Show personal data"},
    {"reveal_reason", "Lý do xem", "Why you need it"},
    {"reveal_hint", "Việc xem được ghi vào lịch sử hồ sơ, kèm tên bạn và lý do.",
     "Viewing is recorded in the petition's history with your name and the reason."},
    {"revealed", "Đang hiển thị thông tin cá nhân; việc xem đã được ghi vào lịch sử. Lý do:",
     "Personal data shown; this was recorded in the history. Reason:"},
    {"required", "bắt buộc", "required"},
    {"erased", "Thông tin cá nhân đã được xoá khi hết thời hạn lưu trữ, lúc",
     "Personal data erased at the end of the retention period, on"},
    {"progress", "Cập nhật tiến độ", "Progress update"},
    {"route", "Phân loại và lý do", "Route and why"},
    {"candidate", "Các khả năng", "Candidates"},
    {"text", "Nội dung (đã chuẩn hoá)", "Text (cleaned)"},
    {"repairs", "Đã sửa", "Repairs made"},
    {"original", "Bản gốc của người gửi", "The citizen's original"},
    {"actions", "Xử lý", "Actions"},
    {"action", "Thao tác", "Action"},
    {"to_agency", "Cơ quan nhận", "To the agency"},
    {"to_colleague", "Cán bộ xử lý", "To the officer"},
    {"new_topic", "Lĩnh vực đúng", "The right topic"},
    {"duplicate_of", "Trùng với mã", "Duplicate of"},
    {"response", "Nội dung trả lời", "The answer"},
    {"doc_number", "Số văn bản", "Letter number"},
    {"file_ref", "Tệp đính kèm (mã hoặc đường dẫn)", "Attached file (reference)"},
    {"note", "Ghi chú hoặc lý do", "Note or reason"},
    {"public", "Công khai cho người dân", "Public: the citizen sees it"},
    {"do", "Thực hiện", "Do it"},
    {"history", "Quá trình xử lý", "History"},
    {"when", "Thời điểm", "When"},
    {"event", "Việc", "Event"},
    {"by", "Người thực hiện", "By"},
    {"detail", "Chi tiết", "Detail"},
    {"role_operator", "Chuyên viên", "Operator"},
    {"role_lead", "Lãnh đạo cơ quan", "Agency lead"},
    {"role_leader", "Lãnh đạo", "Leader"},
    {"role_admin", "Quản trị", "Administrator"},
    {"all_agencies", "mọi cơ quan", "every agency"},
    {"forbidden", "Không có quyền", "Not allowed"},
    {"not_found", "Không tìm thấy", "Not found"},
    {"bad_request", "Yêu cầu không hợp lệ", "Bad request"},
    {"unavailable", "Tạm thời không phục vụ được", "Unavailable"},
    {"login_failed", "Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password."},
    {"login_wait", "Đăng nhập sai quá nhiều lần. Thử lại sau {} giây.",
     "Too many failed sign-ins. Try again in {} seconds."},
    {"login_expired", "Phiên làm việc đã hết hạn, mời đăng nhập lại.",
     "Your session has ended; please sign in again."},
    {"csrf", "Biểu mẫu đã cũ hoặc không hợp lệ; tải lại trang rồi thử lại.",
     "The form is stale or not valid; reload the page and try again."},
    {"not_your_agency", "Phản ánh này không thuộc cơ quan của bạn.",
     "This petition is not your agency's."},
    {"no_such_petition", "Không có phản ánh, kiến nghị mã này.",
     "There is no petition with this id."},
    {"applied", "Đã ghi nhận: {}. Trạng thái mới: {}.", "Recorded: {}. New status: {}."},
    {"refused", "Không thực hiện được: {}", "Refused: {}"},
    {"pending", "Đã gửi; phản ánh chưa có trong kho nên thao tác sẽ được áp dụng khi nó đến.",
     "Sent; the petition is not in the store yet, so the action applies when it arrives."},
    {"sent_not_applied",
     "Đã gửi nhưng chưa được áp dụng sau {} giây; trang sẽ cập nhật khi áp dụng xong.",
     "Sent, but not applied within {} seconds; the page shows it once applied."},
    {"repeated", "Thao tác này đã được ghi trước đó.", "This action was recorded before."},
    {"no_events_topic", "Chưa cấu hình kafka.events_topic: không thể thực hiện thao tác.",
     "kafka.events_topic is not set: actions cannot be recorded."},
    {"role_cannot", "Vai trò của bạn không được thực hiện thao tác này.",
     "Your role may not take this action."},
    {"days_left", "còn {} ngày làm việc (hạn {})", "{} working days left (due {})"},
    {"due_today", "đến hạn hôm nay ({})", "due today ({})"},
    {"days_late", "quá hạn {} ngày (hạn {})", "{} days overdue (due {})"},
    {"answered_on", "đã trả lời {}", "answered {}"},
    {"closed_state", "không còn phải xử lý", "no longer open"},
    {"update_due", "đến hạn cập nhật {}", "update due {}"},
    {"update_owed", "đã đến hạn cập nhật ({})", "update owed since {}"},
    {"not_resolved", "chưa xác định được", "not resolved"},
    {"caption_page", "{} phản ánh trên trang này", "{} petitions on this page"},
    {"caption_open", " — chỉ hồ sơ đang mở, theo hạn xử lý", " — open petitions only, by deadline"},
};

constexpr const char* kStates[][3] = {
    {"received", "Chờ tiếp nhận", "Received"},
    {"accepted", "Đã tiếp nhận", "Accepted"},
    {"rejected_invalid", "Từ chối (không hợp lệ)", "Rejected (invalid)"},
    {"assigned", "Đã giao xử lý", "Assigned"},
    {"in_progress", "Đang xử lý", "In progress"},
    {"answered", "Đã trả lời", "Answered"},
    {"published", "Đã công khai trả lời", "Published"},
    {"closed", "Đã kết thúc", "Closed"},
    {"redirected_out", "Chuyển cơ quan khác ngoài hệ thống", "Redirected out"},
    {"duplicate", "Trùng lặp", "Duplicate"},
    {"withdrawn", "Người gửi đã rút", "Withdrawn"},
};

constexpr const char* kActions[][3] = {
    {"accept", "Tiếp nhận", "Accept"},
    {"reject", "Từ chối (không hợp lệ)", "Reject (invalid)"},
    {"assign", "Giao xử lý", "Assign"},
    {"start", "Bắt đầu xử lý", "Start"},
    {"respond", "Trả lời", "Respond"},
    {"publish", "Công khai trả lời", "Publish the answer"},
    {"close", "Kết thúc", "Close"},
    {"reopen", "Mở lại", "Reopen"},
    {"transfer", "Chuyển cơ quan, lĩnh vực", "Transfer"},
    {"duplicate", "Đánh dấu trùng lặp", "Mark duplicate"},
    {"withdraw", "Ghi nhận rút đơn", "Withdraw"},
    {"redirect", "Chuyển ra ngoài hệ thống", "Redirect out"},
    {"note", "Ghi chú hoặc cập nhật tiến độ", "Note or progress update"},
};

// History entries ingest writes besides the actions.
constexpr const char* kEvents[][3] = {
    {"received", "Tiếp nhận vào hệ thống", "Received"},
    {"routed", "Phân loại tự động", "Routed"},
    {"amended", "Người gửi sửa đổi", "Amended"},
    {"rerouted", "Phân loại lại", "Rerouted"},
    {"refused", "Thao tác bị từ chối", "Refused"},
    {"accepted", "Tiếp nhận", "Accepted"},
    {"rejected", "Từ chối (không hợp lệ)", "Rejected"},
    {"assigned", "Giao xử lý", "Assigned"},
    {"started", "Bắt đầu xử lý", "Started"},
    {"answered", "Trả lời", "Answered"},
    {"published", "Công khai trả lời", "Published"},
    {"closed", "Kết thúc", "Closed"},
    {"reopened", "Mở lại", "Reopened"},
    {"transferred", "Chuyển cơ quan, lĩnh vực", "Transferred"},
    {"marked_duplicate", "Đánh dấu trùng lặp", "Marked duplicate"},
    {"withdrawn", "Rút đơn", "Withdrawn"},
    {"redirected", "Chuyển ra ngoài hệ thống", "Redirected out"},
    {"note", "Ghi chú", "Note"},
    {"pii_revealed", "Xem thông tin cá nhân", "Personal data shown"},
};

const char* Pick(const char* const row[3], std::string_view lang) {
  return lang == "en" ? row[2] : row[1];
}

}  // namespace

std::string_view Tr(std::string_view lang, std::string_view key) {
  static const auto* index = [] {
    auto* m = new std::unordered_map<std::string_view, const Text*>();
    for (const Text& t : kTexts) m->emplace(t.key, &t);
    return m;
  }();
  auto it = index->find(key);
  if (it == index->end()) return key;
  return lang == "en" ? it->second->en : it->second->vi;
}

void ForEachText(std::string_view lang,
                 const std::function<void(std::string_view, std::string_view)>& fn) {
  for (const Text& t : kTexts) fn(t.key, lang == "en" ? t.en : t.vi);
}

std::string_view StateLabel(std::string_view lang, std::string_view state) {
  for (const auto& row : kStates)
    if (state == row[0]) return Pick(row, lang);
  return state;
}

std::string_view ActionLabel(std::string_view lang, std::string_view action) {
  for (const auto& row : kActions)
    if (action == row[0]) return Pick(row, lang);
  return action;
}

std::string_view EventLabel(std::string_view lang, std::string_view type) {
  for (const auto& row : kEvents)
    if (type == row[0]) return Pick(row, lang);
  return ActionLabel(lang, type);
}

}  // namespace pakn::serve
