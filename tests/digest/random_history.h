// A random but reproducible petition history written through store::Applier (the write path
// of ingest, without Kafka), for the digest's --verify test (every kind of event, events
// before their petition, repeated event ids, refused actions, amendments that move channel
// and province, intake rejections, times on both sides of local midnight) and for
// bench/digest_bench.cc (the same walk at scale, without the oddities).
//
//   RandomHistory h({.petitions = 100000, .seed = 7, .start_ms = ..., .days = 60});
//   PAKN_RETURN_IF_ERROR(h.Write(applier));
//
// Header-only test support; not part of any library. Not thread-safe.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "fmt/format.h"
#include "store/applier.h"
#include "track/deadline_calendar.h"
#include "track/state_machine.h"

namespace pakn::digest_testing {

inline constexpr const char* kAgencies[] = {
    "SO-XD", "SO-NNMT", "CONG-AN", "SO-CT",   "SO-YT",     "SO-GDDT",   "BHXH",
    "SO-NV", "UBND-XA", "VP-UBND", "SO-TC",   "SO-KHCN",   "SO-VHTTDL", "THANH-TRA",
    "SO-TP", "UBND-P1", "UBND-P2", "UBND-P3", "UBND-P4",   "UBND-P5"};
inline constexpr const char* kTopics[] = {"dat_dai",    "xay_dung",        "giao_thong",
                                          "moi_truong", "an_ninh_trat_tu", "y_te",
                                          "giao_duc",   "lao_dong",        "dien_nuoc",
                                          "hanh_chinh"};
// The 34 provinces of 2025 (codes of classify/places).
inline constexpr const char* kProvinces[] = {
    "01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25",
    "31", "33", "37", "38", "40", "42", "44", "46", "48", "51", "52", "56",
    "66", "68", "75", "79", "80", "82", "86", "91", "92", "96"};
inline constexpr const char* kChannelNames[] = {"national_portal", "provincial_portal", "email",
                                                "hotline",         "sms",  "mobile_app",
                                                "in_person",       "postal"};

struct HistoryOptions {
  uint64_t petitions = 100000;
  uint64_t seed = 1;
  int64_t start_ms = 0;     // the first submission
  int days = 60;            // submissions spread evenly over this many days
  int64_t end_ms = 0;       // no event after this (0 = start + days + 90 days)
  bool oddities = true;     // refused actions, pending events, repeated ids, amendments,
                            // intake rejections, times at midnight
  size_t batch = 2000;      // petitions per WriteBatch
  size_t content_bytes = 300;
  int max_steps = 9;        // tracking actions per petition, at most (random walk)
  double complete_share = 0;  // share that goes down the main line to closed instead
  int resolve_after_days = 0;  // > 0: what is still open this long after submission is
                               // then answered (late): a backlog that does not grow forever
};

// The policies the applier should be given (TrackingContext::policies): the default one and
// one whose clock starts at acceptance, in working days.
inline std::vector<track::DeadlinePolicy> HistoryPolicies() {
  track::DeadlinePolicy def;
  track::DeadlinePolicy land;
  land.name = "land";
  land.length = 30;
  land.count = track::DayCount::kWorking;
  land.clock_starts = "accepted";
  land.progress_update_days = 10;
  return {def, land};
}

class RandomHistory {
 public:
  explicit RandomHistory(HistoryOptions o) : o_(o), rng_(o.seed) {
    if (o_.end_ms == 0) o_.end_ms = o_.start_ms + int64_t{o_.days + 90} * kMillisPerDay;
  }

  static std::string Id(uint64_t i) { return fmt::format("RH-{:09}", i); }

  // Reporter data of petition i, for tests that look for personal data in outputs.
  struct ReporterData {
    std::string name, phone, email, national_id;
  };
  static ReporterData ReporterOf(uint64_t i) {
    static constexpr const char* kFamily[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"};
    static constexpr const char* kGiven[] = {"Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng"};
    return {fmt::format("{} {} {}", kFamily[i % 5], kGiven[(i / 5) % 4], i),
            fmt::format("09{:08}", (i * 7919) % 100000000),
            fmt::format("dan.{}@example.vn", i), fmt::format("0{:011}", i * 104729 + 1)};
  }

  // Applies the whole history, batch by batch; `progress` (optional) gets petitions done.
  Status Write(store::Applier& applier,
               const std::function<void(uint64_t, uint64_t)>& progress = {}) {
    std::vector<store::BatchItem> carry;  // items held back for the next batch
    for (uint64_t base = 0; base < o_.petitions; base += o_.batch) {
      const uint64_t end = std::min(o_.petitions, base + o_.batch);
      std::vector<store::BatchItem> items = std::move(carry);
      carry.clear();
      payloads_.clear();
      for (const auto& p : held_payloads_) payloads_.push_back(p);
      held_payloads_.clear();
      for (uint64_t i = base; i < end; ++i) AddPetition(i, items, carry);
      NumberOffsets(items);
      StatusOr<store::ApplyStats> stats = applier.Apply(items);
      if (!stats.ok()) return stats.status();
      events_ += stats->events_applied + stats->events_refused;
      if (progress) progress(end, events_);
    }
    if (!carry.empty()) {
      NumberOffsets(carry);
      StatusOr<store::ApplyStats> stats = applier.Apply(carry);
      if (!stats.ok()) return stats.status();
    }
    return OkStatus();
  }

  uint64_t events_written() const { return events_; }

 private:
  uint64_t Rand(uint64_t n) { return rng_() % n; }
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }

  static store::SourcePosition Next(const char* topic) {
    return store::SourcePosition{topic, 0, 0};
  }

  // Offsets in the order the items are applied (one partition per topic), so none is stale.
  void NumberOffsets(std::vector<store::BatchItem>& items) {
    for (store::BatchItem& item : items)
      std::visit([&](auto& i) { i.position.offset = offsets_[i.position.topic == "p" ? 0 : 1]++; },
                 item);
  }

  std::string_view KeepPayload(std::string s, bool held) {
    auto p = std::make_shared<std::string>(std::move(s));
    (held ? held_payloads_ : payloads_).push_back(p);
    return *p;
  }

  store::IncomingPetition MakePetition(uint64_t i, int64_t submitted, int version, bool held) {
    store::IncomingPetition in;
    in.position = Next("p");
    in.received_ms = submitted + static_cast<int64_t>(Rand(60'000));
    pakn::Petition& p = in.petition;
    p.id = Id(i);
    p.channel = kChannelNames[Rand(8)];
    p.submitted_at_ms = submitted;
    // Both spellings of an instant, as portals send them.
    p.submitted_at = Chance(0.5) ? LocalDateTime(submitted)
                                 : fmt::format("{}Z", FormatUtc(submitted));
    const ReporterData r = ReporterOf(i);
    p.reporter.name = r.name;
    p.reporter.phone = r.phone;
    p.reporter.email = r.email;
    p.reporter.national_id = r.national_id;
    // Citizens write their own details into the text; the digest must never show them.
    p.title = Chance(0.2) ? fmt::format("{} phản ánh ổ gà, gọi {} hoặc {}, CCCD {}", r.name,
                                        r.phone, r.email, r.national_id)
                          : "Phản ánh về tình trạng ổ gà trên đường";
    p.content = std::string(o_.content_bytes, 'x');
    in.search_key = "phan anh o ga";
    in.route.rule_id = "r";
    in.route.agency = kAgencies[Rand(20)];
    in.route.topic = kTopics[Rand(10)];
    in.route.priority = "normal";
    in.route.deadline_days = 20;
    in.deadline_policy = Chance(0.2) ? "land" : "";
    const track::DeadlinePolicy& policy = in.deadline_policy.empty() ? policies_[0] : policies_[1];
    in.due_ms = track::DueAt(submitted, policy, calendar_);
    if (!Chance(0.1)) {
      store::PlaceCodes place;
      place.province_code = kProvinces[Rand(34)];
      place.method = "exact";
      in.place = place;
    }
    in.payload = KeepPayload(fmt::format("{{\"id\":\"{}\",\"v\":{},\"c\":\"{}\"}}", p.id, version,
                                         p.channel),
                             held);
    return in;
  }

  static std::string FormatUtc(int64_t ms) {
    // LocalDateTime shifted back by 7 hours, with the offset dropped: the same instant in UTC.
    std::string s = LocalDateTime(ms - kVietnamOffsetSeconds * 1000);
    return s.substr(0, 19);
  }

  TrackingEvent MakeEvent(uint64_t i, Action a, int64_t at, int step) {
    TrackingEvent e;
    e.event_id = fmt::format("{}-e{}", Id(i), step);
    e.petition_id = Id(i);
    e.type = a;
    e.at_ms = at;
    e.at = LocalDateTime(at);
    e.actor = fmt::format("cb.{:03}", Rand(300));
    switch (a) {
      case Action::kAssign:
      case Action::kTransfer:
        e.agency = kAgencies[Rand(20)];
        if (Chance(0.5)) e.assignee = fmt::format("cb.{:03}", Rand(300));
        break;
      case Action::kReject:
      case Action::kReopen:
      case Action::kWithdraw:
      case Action::kRedirect:
        e.note = "lý do";
        break;
      case Action::kDuplicate:
        e.of = Id(i == 0 ? 1 : i - 1);
        break;
      case Action::kRespond:
        e.has_response = true;
        e.response.text = "Đã xử lý";
        break;
      case Action::kNote:
        e.note = "ghi chú";
        if (Chance(0.5)) e.visibility = "public";
        break;
      default:
        break;
    }
    return e;
  }

  void AddPetition(uint64_t i, std::vector<store::BatchItem>& items,
                   std::vector<store::BatchItem>& carry) {
    const int64_t span = int64_t{o_.days} * kMillisPerDay;
    int64_t submitted = o_.start_ms + static_cast<int64_t>(i * (double(span) / o_.petitions)) +
                        static_cast<int64_t>(Rand(3'600'000));
    if (o_.oddities && Chance(0.02)) {  // right at a local midnight, either side
      const int64_t midnight = *ParseLocalDate(LocalDate(submitted));
      submitted = midnight + (Chance(0.5) ? -1 : 0);
    }
    std::vector<store::BatchItem> events;
    State state = State::kReceived;
    int64_t at = submitted + 3'600'000 + static_cast<int64_t>(Rand(2 * kMillisPerDay));
    int step = 0;
    auto act = [&](Action a) {
      if (o_.oddities && Chance(0.01)) at = *ParseLocalDate(LocalDate(at)) + kMillisPerDay - 1;
      store::IncomingEvent ev;
      ev.position = Next("e");
      ev.event = MakeEvent(i, a, at, step++);
      ev.received_ms = at;
      if (StatusOr<State> next = track::Apply(state, a); next.ok()) state = *next;
      events.push_back(std::move(ev));
      if (o_.oddities && Chance(0.01)) {  // the same event again (a producer's retry)
        store::IncomingEvent again = std::get<store::IncomingEvent>(events.back());
        again.position = Next("e");
        events.push_back(std::move(again));
      }
      at += 1'800'000 + static_cast<int64_t>(Rand(8 * kMillisPerDay));
    };
    auto main_line = [&](auto done) {  // the first allowed action, until done(state)
      for (int guard = 0; guard < 12 && !done(state) && at < o_.end_ms; ++guard)
        act(track::AllowedActions(state).front());
    };
    if (o_.complete_share > 0 && Chance(o_.complete_share)) {
      main_line([](State s) { return s == State::kClosed || track::IsTerminal(s); });
    } else {
      const int steps = static_cast<int>(Rand(o_.max_steps + 1));
      for (int s = 0; s < steps && at < o_.end_ms; ++s) {
        if (o_.oddities && Chance(0.08)) {
          act(kAllActions[Rand(kAllActions.size())]);  // may well be refused
        } else {
          std::vector<Action> allowed = track::AllowedActions(state);
          act(Chance(0.7) ? allowed.front() : allowed[Rand(allowed.size())]);
        }
      }
    }
    // An office works its backlog: what is still open after resolve_after_days is answered.
    const int64_t resolve_ms = int64_t{o_.resolve_after_days} * kMillisPerDay;
    if (resolve_ms > 0 && track::IsOpen(state) && submitted + resolve_ms < o_.end_ms) {
      at = std::max(at, submitted + resolve_ms / 2 + static_cast<int64_t>(Rand(resolve_ms / 2)));
      main_line([](State s) { return !track::IsOpen(s); });
    }
    // 1%: the first event comes a batch before its petition (it waits in pending_events).
    const bool early = o_.oddities && !events.empty() && Chance(0.01);
    std::vector<store::BatchItem>& rest = early ? carry : items;
    if (early) {
      items.push_back(std::move(events.front()));
      events.erase(events.begin());
    }
    rest.push_back(MakePetition(i, submitted, 1, early));
    for (auto& e : events) rest.push_back(std::move(e));
    if (o_.oddities && Chance(0.01))  // an amendment, in the next batch: new channel, place
      carry.push_back(MakePetition(i, submitted, 2, true));
    if (o_.oddities && Chance(0.005)) {
      store::IncomingRejection r;
      r.position = Next("p");
      r.key = fmt::format("bad-{}", i);
      r.received_ms = submitted + static_cast<int64_t>(Rand(kMillisPerDay));
      r.payload = KeepPayload("{not json", false);
      static constexpr RejectCode kCodes[] = {RejectCode::kInvalidJson, RejectCode::kMissingField,
                                              RejectCode::kBadValue, RejectCode::kOversized};
      r.rejection = Rejection{kCodes[Rand(4)], "$", "synthetic"};
      items.push_back(std::move(r));
    }
  }

  HistoryOptions o_;
  std::mt19937_64 rng_;
  std::vector<track::DeadlinePolicy> policies_ = HistoryPolicies();
  track::HolidayCalendar calendar_;
  int64_t offsets_[2] = {0, 0};
  uint64_t events_ = 0;
  std::vector<std::shared_ptr<std::string>> payloads_, held_payloads_;
};

}  // namespace pakn::digest_testing
