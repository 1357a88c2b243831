// Tracking events through store::Applier: the state machine applied to stored petitions, with
// history, indexes, counters, event-id dedup, events that come before their petition, and the
// deadline queries over idx_due.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "base/time.h"
#include "rocksdb/write_batch.h"
#include "store/applier.h"
#include "store/day_counts_testing.h"
#include "store/query.h"

namespace pakn::store {
namespace {

constexpr std::string_view kSubmitted = "2026-11-02T08:00:00+07:00";  // a Monday

class TrackingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("pakn_tracking_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    auto s = Store::OpenPrimary(dir_.string(), {});
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  IncomingPetition Petition(std::string id, int64_t offset, std::string agency = "SO-XD",
                            std::string_view submitted = kSubmitted) {
    IncomingPetition in;
    in.position = {"pakn.petitions", 0, offset};
    in.received_ms = *ParseRfc3339(submitted);
    payloads_.push_back(std::make_unique<std::string>("payload of " + id));
    in.payload = *payloads_.back();
    in.petition.id = std::move(id);
    in.petition.channel = "web";
    in.petition.submitted_at = std::string(submitted);
    in.petition.submitted_at_ms = *ParseRfc3339(submitted);
    in.petition.title = "Ổ gà";
    in.petition.content = "Đường có ổ gà";
    in.search_key = "o ga duong co o ga";
    in.route = {"r1", std::move(agency), "giao_thong", "normal", 20, "o ga", "v1"};
    in.due_ms = in.petition.submitted_at_ms + 20 * kMillisPerDay;
    return in;
  }

  static IncomingEvent Event(std::string event_id, std::string petition_id, Action type,
                             std::string_view at, int64_t offset = -1) {
    IncomingEvent in;
    if (offset >= 0) in.position = {"pakn.events", 0, offset};
    TrackingEvent& e = in.event;
    e.event_id = std::move(event_id);
    e.petition_id = std::move(petition_id);
    e.type = type;
    e.at = std::string(at);
    e.at_ms = *ParseRfc3339(at);
    e.actor = "cb.nguyen";
    in.received_ms = e.at_ms;
    switch (type) {
      case Action::kAssign:
      case Action::kTransfer:
        e.agency = "SO-YT";
        break;
      case Action::kReject:
      case Action::kReopen:
      case Action::kWithdraw:
      case Action::kRedirect:
        e.note = "lý do";
        break;
      case Action::kDuplicate:
        e.of = "OTHER";
        break;
      case Action::kRespond:
        e.has_response = true;
        e.response.text = "Đã sửa";
        break;
      default:
        break;
    }
    return in;
  }

  ApplyStats Apply(Applier& applier, std::vector<BatchItem> items) {
    auto stats = applier.Apply(items);
    EXPECT_TRUE(stats.ok()) << stats.status();
    return stats.ok() ? *stats : ApplyStats{};
  }

  StoredPetition Get(std::string_view id) {
    auto rec = store_->GetPetition(id);
    EXPECT_TRUE(rec.ok() && rec->has_value()) << id;
    return rec.ok() && rec->has_value() ? **rec : StoredPetition{};
  }

  std::vector<std::string> HistoryTypes(std::string_view id) {
    std::vector<std::string> out;
    auto history = store_->History(id);
    EXPECT_TRUE(history.ok()) << history.status();
    if (history.ok())
      for (const StoredEvent& e : *history) out.push_back(e.type);
    return out;
  }

  std::vector<std::string> Keys(ColumnFamily cf, std::string_view prefix = "") {
    std::vector<std::string> out;
    EXPECT_TRUE(store_->Scan(cf, prefix, "", [&](std::string_view k, std::string_view) {
      out.emplace_back(k);
      return true;
    }).ok());
    return out;
  }

  int64_t Counter(const std::string& key) {
    auto v = store_->Get(kCfCounters, key);
    return v.ok() && v->has_value() ? DecodeCount(**v) : 0;
  }

  std::vector<std::string> Query(const PetitionQuery& q) {
    std::vector<std::string> ids;
    auto r = RunQuery(*store_, q, [&](const StoredPetition& p) {
      ids.push_back(p.petition.id);
      return true;
    });
    EXPECT_TRUE(r.ok()) << r.status();
    return ids;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  std::vector<std::unique_ptr<std::string>> payloads_;
};

TEST_F(TrackingTest, WholeLifecycleMovesStateIndexesAndCounters) {
  Applier applier(store_.get());
  Apply(applier, {Petition("P1", 0)});
  EXPECT_EQ(Get("P1").agency, "SO-XD");
  EXPECT_EQ(Keys(kCfIdxDue, "DSO-XD").size(), 1u);

  auto assign = Event("e2", "P1", Action::kAssign, "2026-11-03T09:00:00+07:00");
  assign.event.assignee = "cb.tran";
  Apply(applier, {Event("e1", "P1", Action::kAccept, "2026-11-03T08:00:00+07:00"), assign});
  StoredPetition p = Get("P1");
  EXPECT_EQ(p.status, "assigned");
  EXPECT_EQ(p.agency, "SO-YT");
  EXPECT_EQ(p.assignee, "cb.tran");
  // The agency's lists moved with it.
  EXPECT_TRUE(Keys(kCfIdxDue, "DSO-XD").empty());
  EXPECT_EQ(Keys(kCfIdxDue, "DSO-YT").size(), 1u);
  EXPECT_EQ(Keys(kCfIdxDue, std::string("Acb.tran\0", 9)).size(), 1u);
  EXPECT_EQ(Keys(kCfIdxAgencyStatus, std::string("SO-YT\0assigned\0", 15)).size(), 1u);
  EXPECT_TRUE(Keys(kCfIdxAgencyStatus, std::string("SO-XD\0", 6)).empty());

  Apply(applier, {Event("e3", "P1", Action::kStart, "2026-11-04T08:00:00+07:00"),
                  Event("e4", "P1", Action::kRespond, "2026-11-10T08:00:00+07:00"),
                  Event("e5", "P1", Action::kPublish, "2026-11-11T08:00:00+07:00"),
                  Event("e6", "P1", Action::kClose, "2026-11-12T08:00:00+07:00")});
  p = Get("P1");
  EXPECT_EQ(p.status, "closed");
  EXPECT_EQ(p.answered_ms, *ParseRfc3339("2026-11-10T08:00:00+07:00"));
  EXPECT_EQ(HistoryTypes("P1"),
            (std::vector<std::string>{"received", "routed", "accepted", "assigned", "started",
                                      "answered", "published", "closed"}));
  // Answered: no longer in the open lists.
  EXPECT_TRUE(Keys(kCfIdxDue).empty());
  // Counters: the petition counts once, in its current state, at its current agency.
  EXPECT_EQ(Counter(PetitionCounterKey("2026-11-02", "SO-YT", "giao_thong", "closed", "web", "")),
            1);
  EXPECT_EQ(
      Counter(PetitionCounterKey("2026-11-02", "SO-XD", "giao_thong", "received", "web", "")), 0);
  EXPECT_EQ(Counter(DueCounterKey(LocalDate(p.due_ms), "SO-XD", "giao_thong")), 0);
  EXPECT_EQ(Counter(EventCounterKey("2026-11-10", "SO-YT", "giao_thong", "answered")), 1);
  EXPECT_EQ(Counter(EventCounterKey("2026-11-10", "SO-YT", "giao_thong", "answered_on_time")),
            1);
  auto d = ComputeDayDigest(*store_, "2026-11-02");
  auto r = RecomputeDayDigest(*store_, "2026-11-02");
  ASSERT_TRUE(d.ok() && r.ok());
  EXPECT_EQ(d->grid, r->grid);

  auto outcome = LookupEventOutcome(*store_, "e6");
  ASSERT_TRUE(outcome.ok() && outcome->has_value());
  EXPECT_EQ((*outcome)->outcome, "applied");
  EXPECT_EQ((*outcome)->state, "closed");
  EXPECT_EQ((*outcome)->seq, 7u);
}

TEST_F(TrackingTest, TextPartIsStoredOnceAndSurvivesEvents) {
  Applier applier(store_.get());
  Apply(applier, {Petition("P1", 0)});
  Apply(applier, {Event("e1", "P1", Action::kAccept, "2026-11-20T09:00:00+07:00"),
                  Event("e2", "P1", Action::kAssign, "2026-11-20T10:00:00+07:00")});
  Apply(applier, {Event("e3", "P1", Action::kStart, "2026-11-21T09:00:00+07:00")});
  // The record holds no text; texts/ holds it under the payload's number.
  auto raw = store_->Get(kCfPetitions, "P1");
  ASSERT_TRUE(raw.ok() && raw->has_value());
  EXPECT_EQ((*raw)->find("\"title\""), std::string::npos) << **raw;
  auto record = store_->GetRecord("P1");
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->text_at, TextAt::kPending);
  EXPECT_TRUE((*record)->petition.title.empty());
  auto text = store_->Get(kCfTexts, PayloadSeqKey((*record)->payload_seq));
  ASSERT_TRUE(text.ok() && text->has_value());
  EXPECT_NE((*text)->find("Ổ gà"), std::string::npos);
  // The first two history events live there too, not in events/, and History() reads both.
  EXPECT_EQ((*record)->intake_seq, (*record)->payload_seq);
  EXPECT_FALSE(store_->Get(kCfEvents, EventKey("P1", 0))->has_value());
  EXPECT_FALSE(store_->Get(kCfEvents, EventKey("P1", 1))->has_value());
  EXPECT_TRUE(store_->Get(kCfEvents, EventKey("P1", 2))->has_value());
  EXPECT_EQ(HistoryTypes("P1"),
            (std::vector<std::string>{"received", "routed", "accepted", "assigned", "started"}));
  const auto history = *store_->History("P1");
  for (size_t i = 0; i < history.size(); ++i) EXPECT_EQ(history[i].seq, i);
  EXPECT_NE(history[0].detail_json.find("\"payload_seq\""), std::string::npos);
  EXPECT_NE(history[1].detail_json.find("\"rule_id\":\"r1\""), std::string::npos);
  // Readers get it back, after three rewrites of the record by events.
  const StoredPetition p = Get("P1");
  EXPECT_EQ(p.text_at, TextAt::kLoaded);
  EXPECT_EQ(p.status, "in_progress");
  EXPECT_EQ(p.petition.title, "Ổ gà");
  EXPECT_EQ(p.petition.content, "Đường có ổ gà");
  auto normalizer = classify::Normalizer::Create();
  ASSERT_TRUE(normalizer.ok());
  PetitionQuery q;
  q.text_key = "duong co o ga";
  q.normalizer = normalizer->get();
  size_t found = 0;
  ASSERT_TRUE(RunQuery(*store_, q, [&](const StoredPetition& r) {
    EXPECT_EQ(r.petition.title, "Ổ gà");
    ++found;
    return true;
  }).ok());
  EXPECT_EQ(found, 1u);
}

TEST_F(TrackingTest, RecordsOfEarlierLayoutsKeepTheirTextThroughEvents) {
  Applier applier(store_.get());
  Apply(applier, {Petition("OLD", 0), Petition("MID", 1)});
  // Rewrite both into earlier layouts. OLD: before payloads were keyed by arrival (payload
  // under id\0version, text and received/routed in the record's families). MID: payloads by
  // arrival but the text still inside the record, no texts/ entry.
  for (const std::string id : {"OLD", "MID"}) {
    StoredPetition rec = Get(id);
    const auto history = *store_->History(id);
    ASSERT_EQ(history.size(), 2u);
    rocksdb::WriteBatch wb;
    wb.Delete(store_->handle(kCfTexts), PayloadSeqKey(rec.payload_seq));
    for (const StoredEvent& e : history)
      wb.Put(store_->handle(kCfEvents), EventKey(id, e.seq), EncodeEvent(e));
    if (id == "OLD") {
      const std::string payload =
          store_->Get(kCfPayloads, PayloadSeqKey(rec.payload_seq))->value_or("");
      wb.Delete(store_->handle(kCfPayloads), PayloadSeqKey(rec.payload_seq));
      wb.Put(store_->handle(kCfPayloads), PayloadKey(id, 1), payload);
      rec.payload_seq = 0;
    }
    rec.intake_seq = 0;
    rec.text_at = TextAt::kRecord;
    wb.Put(store_->handle(kCfPetitions), id, EncodePetition(rec));
    ASSERT_TRUE(store_->Write(wb).ok());
  }
  Applier again(store_.get());
  Apply(again, {Event("o1", "OLD", Action::kAccept, "2026-11-20T09:00:00+07:00"),
                Event("m1", "MID", Action::kAccept, "2026-11-20T09:00:00+07:00")});
  Apply(again, {Event("o2", "OLD", Action::kAssign, "2026-11-20T10:00:00+07:00"),
                Event("m2", "MID", Action::kAssign, "2026-11-20T10:00:00+07:00")});
  for (const std::string id : {"OLD", "MID"}) {
    const StoredPetition p = Get(id);
    EXPECT_EQ(p.status, "assigned") << id;
    EXPECT_EQ(p.petition.title, "Ổ gà") << id;
    EXPECT_EQ(p.petition.content, "Đường có ổ gà") << id;
    EXPECT_EQ(HistoryTypes(id),
              (std::vector<std::string>{"received", "routed", "accepted", "assigned"}))
        << id;
  }
  // A redelivery of OLD's bytes, read from its id-keyed payload, is still a duplicate.
  std::vector<BatchItem> redelivery = {Petition("OLD", 2)};
  auto stats = again.Apply(redelivery);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->duplicates, 1u);
}

TEST_F(TrackingTest, RefusalIsRecordedAndNamesTheAllowedActions) {
  Applier applier(store_.get());
  Apply(applier, {Petition("P1", 0)});
  ApplyStats s = Apply(applier, {Event("e1", "P1", Action::kRespond, "2026-11-03T08:00:00Z")});
  EXPECT_EQ(s.events_refused, 1u);
  EXPECT_EQ(Get("P1").status, "received");
  auto outcome = LookupEventOutcome(*store_, "e1");
  ASSERT_TRUE(outcome.ok() && outcome->has_value());
  EXPECT_EQ((*outcome)->outcome, "refused");
  EXPECT_EQ((*outcome)->reason,
            "cannot respond: petition is 'received'; allowed: accept, reject, duplicate, "
            "withdraw, note");
  const auto history = *store_->History("P1");
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[2].type, "refused");
  EXPECT_NE(history[2].detail_json.find("cannot respond"), std::string::npos);
  EXPECT_EQ(Counter(EventCounterKey("2026-11-03", "SO-XD", "giao_thong", "refused")), 1);
}

TEST_F(TrackingTest, SameEventIdAppliesOnce) {
  Applier applier(store_.get());
  Apply(applier, {Petition("P1", 0)});
  ApplyStats s = Apply(applier, {Event("e1", "P1", Action::kAccept, "2026-11-03T08:00:00Z", 0),
                                 Event("e1", "P1", Action::kAccept, "2026-11-03T08:00:00Z", 1)});
  EXPECT_EQ(s.events_applied, 1u);
  EXPECT_EQ(s.events_duplicate, 1u);
  // Redelivered later at a new offset (a producer retry): still once.
  Applier restarted(store_.get());
  s = Apply(restarted, {Event("e1", "P1", Action::kAccept, "2026-11-03T08:00:00Z", 2)});
  EXPECT_EQ(s.events_duplicate, 1u);
  EXPECT_EQ(HistoryTypes("P1"), (std::vector<std::string>{"received", "routed", "accepted"}));
  // Below the stored offset: dropped before it is even looked at.
  s = Apply(restarted, {Event("e9", "P1", Action::kAssign, "2026-11-03T09:00:00Z", 1)});
  EXPECT_EQ(s.stale, 1u);
  EXPECT_EQ(Get("P1").status, "accepted");
}

TEST_F(TrackingTest, EventsBeforeTheirPetitionWaitAndApplyInTimeOrder) {
  {
    Applier applier(store_.get());
    // Out of order on the wire: assign (09:00) before accept (08:00).
    ApplyStats s = Apply(applier, {Event("e2", "P1", Action::kAssign, "2026-11-03T09:00:00Z", 0),
                                   Event("e1", "P1", Action::kAccept, "2026-11-03T08:00:00Z", 1)});
    EXPECT_EQ(s.events_pending, 2u);
    EXPECT_EQ(Keys(kCfPendingEvents).size(), 2u);
    auto outcome = LookupEventOutcome(*store_, "e2");
    ASSERT_TRUE(outcome.ok() && outcome->has_value());
    EXPECT_EQ((*outcome)->outcome, "pending");
  }
  Applier restarted(store_.get());  // the pending set is rebuilt from the store
  ApplyStats s = Apply(restarted, {Petition("P1", 0)});
  EXPECT_EQ(s.created, 1u);
  EXPECT_EQ(s.events_applied, 2u);
  EXPECT_EQ(Get("P1").status, "assigned");
  EXPECT_EQ(HistoryTypes("P1"),
            (std::vector<std::string>{"received", "routed", "accepted", "assigned"}));
  EXPECT_TRUE(Keys(kCfPendingEvents).empty());
  EXPECT_EQ((*LookupEventOutcome(*store_, "e2"))->outcome, "applied");
}

TEST_F(TrackingTest, EventBeforeItsPetitionInTheSameBatch) {
  Applier applier(store_.get());
  IncomingPetition p = Petition("P1", 0);
  ApplyStats s = Apply(applier, {Event("e1", "P1", Action::kAccept, "2026-11-03T08:00:00Z", 0),
                                 p});
  EXPECT_EQ(s.events_applied, 1u);
  EXPECT_EQ(Get("P1").status, "accepted");
  EXPECT_TRUE(Keys(kCfPendingEvents).empty());
}

TEST_F(TrackingTest, TransferDuplicateWithdrawAndReopen) {
  track::DeadlinePolicy policy;  // 20 calendar days
  Applier applier(store_.get(), TrackingContext{nullptr, {policy}});
  Apply(applier, {Petition("P1", 0), Petition("P2", 1), Petition("P3", 2)});
  auto transfer = Event("t1", "P1", Action::kTransfer, "2026-11-04T08:00:00+07:00");
  transfer.event.agency = "CONG-AN";
  Apply(applier, {Event("a1", "P1", Action::kAccept, "2026-11-03T08:00:00+07:00"),
                  Event("a2", "P1", Action::kAssign, "2026-11-03T09:00:00+07:00"), transfer,
                  Event("d1", "P2", Action::kDuplicate, "2026-11-03T08:00:00+07:00"),
                  Event("w1", "P3", Action::kWithdraw, "2026-11-03T08:00:00+07:00")});
  EXPECT_EQ(Get("P1").status, "assigned");
  EXPECT_EQ(Get("P1").agency, "CONG-AN");
  EXPECT_EQ(Get("P2").status, "duplicate");
  EXPECT_EQ(Get("P2").duplicate_of, "OTHER");
  EXPECT_EQ(Get("P3").status, "withdrawn");
  // Exits leave the open lists; the transferred one is listed under its new agency.
  EXPECT_EQ(Keys(kCfIdxDue).size(), 1u);
  EXPECT_EQ(Keys(kCfIdxDue, "DCONG-AN").size(), 1u);

  Apply(applier, {Event("s", "P1", Action::kStart, "2026-11-05T08:00:00+07:00"),
                  Event("r", "P1", Action::kRespond, "2026-12-01T08:00:00+07:00"),
                  Event("c", "P1", Action::kClose, "2026-12-02T08:00:00+07:00"),
                  Event("o", "P1", Action::kReopen, "2026-12-10T10:00:00+07:00")});
  StoredPetition p = Get("P1");
  EXPECT_EQ(p.status, "in_progress");
  // Answered late (due 2026-11-22), and reopening gives a new 20-day deadline.
  EXPECT_EQ(Counter(EventCounterKey("2026-12-01", "CONG-AN", "giao_thong", "answered_late")), 1);
  EXPECT_EQ(LocalDate(p.due_ms), "2026-12-30");
  EXPECT_EQ(p.assignee, "cb.nguyen");  // who started it, the transfer having cleared it
  EXPECT_EQ(Keys(kCfIdxDue, "D").size(), 1u);
  EXPECT_EQ(Keys(kCfIdxDue, "A").size(), 1u);
}

TEST_F(TrackingTest, ClockStartingAtAcceptanceMovesTheDeadline) {
  track::DeadlinePolicy land;
  land.name = "land";
  land.length = 10;
  land.clock_starts = "accepted";
  Applier applier(store_.get(), TrackingContext{nullptr, {land, track::DeadlinePolicy{}}});
  IncomingPetition in = Petition("P1", 0);
  in.deadline_policy = "land";
  Apply(applier, {in});
  Apply(applier, {Event("a", "P1", Action::kAccept, "2026-11-20T10:00:00+07:00")});
  StoredPetition p = Get("P1");
  EXPECT_EQ(LocalDateTime(p.due_ms), "2026-11-30T23:59:59+07:00");
  EXPECT_EQ(p.clock_start_ms, *ParseRfc3339("2026-11-20T10:00:00+07:00"));
  EXPECT_EQ(Keys(kCfIdxDue).size(), 1u);  // the old due entry is gone
}

TEST_F(TrackingTest, DeadlineQueriesAreSortedByDueAndIndexed) {
  track::DeadlinePolicy policy;
  policy.progress_update_days = 7;
  Applier applier(store_.get(), TrackingContext{nullptr, {policy}});
  // Due dates: P1 2026-11-21, P2 2026-11-11, P3 2026-12-01, P4 2026-11-16 (another agency).
  IncomingPetition p1 = Petition("P1", 0, "SO-XD", "2026-11-01T10:00:00+07:00");
  IncomingPetition p2 = Petition("P2", 1, "SO-XD", "2026-10-22T10:00:00+07:00");
  IncomingPetition p3 = Petition("P3", 2, "SO-XD", "2026-11-11T10:00:00+07:00");
  IncomingPetition p4 = Petition("P4", 3, "CONG-AN", "2026-10-27T10:00:00+07:00");
  for (IncomingPetition* p : {&p1, &p2, &p3, &p4})
    p->due_ms = *ParseRfc3339(LocalDate(p->petition.submitted_at_ms + 20 * kMillisPerDay) +
                              "T23:59:59+07:00");
  Apply(applier, {p1, p2, p3, p4});

  PetitionQuery q;
  q.overdue = true;
  q.now_ms = *ParseRfc3339("2026-11-25T12:00:00+07:00");
  EXPECT_EQ(Query(q), (std::vector<std::string>{"P2", "P4", "P1"}));
  q.agency = "SO-XD";
  EXPECT_EQ(Query(q), (std::vector<std::string>{"P2", "P1"}));

  // A public note is a progress update: P2 owes none for 7 days.
  auto note = Event("n1", "P2", Action::kNote, "2026-11-24T09:00:00+07:00");
  note.event.visibility = "public";
  note.event.note = "Đang xác minh";
  Apply(applier, {note});
  PetitionQuery pu;
  pu.progress_update_due = true;
  pu.now_ms = q.now_ms;
  EXPECT_EQ(Query(pu), (std::vector<std::string>{"P4", "P1"}));
  EXPECT_EQ(LocalDate(Get("P2").next_update_ms), "2026-12-01");
  // At its due instant a petition is not late yet and owes no update; a millisecond later it
  // does (the query oracle found the first case listed: the index bound was now + 1). Every
  // agency's entries, and one agency's.
  for (const std::string agency : {"", "SO-XD"}) {
    PetitionQuery edge;
    edge.progress_update_due = true;
    edge.agency = agency;
    edge.now_ms = Get("P1").due_ms;
    auto ids = Query(edge);
    EXPECT_EQ(std::count(ids.begin(), ids.end(), "P1"), 0) << "at the due instant, " << agency;
    edge.now_ms += 1;
    ids = Query(edge);
    EXPECT_EQ(std::count(ids.begin(), ids.end(), "P1"), 1) << "1 ms after, " << agency;
  }

  PetitionQuery before;
  before.due_before_ms = *ParseLocalDate("2026-11-20");
  before.now_ms = q.now_ms;
  EXPECT_EQ(Query(before), (std::vector<std::string>{"P2", "P4"}));

  auto assign = Event("as", "P3", Action::kAssign, "2026-11-12T09:00:00+07:00");
  assign.event.agency = "SO-XD";
  assign.event.assignee = "cb.le";
  Apply(applier, {Event("ac", "P3", Action::kAccept, "2026-11-12T08:00:00+07:00"), assign});
  PetitionQuery mine;
  mine.assignee = "cb.le";
  EXPECT_EQ(Query(mine), (std::vector<std::string>{"P3"}));
  PetitionQuery state;
  state.status = "assigned";
  EXPECT_EQ(Query(state), (std::vector<std::string>{"P3"}));
  state.status = "received";
  EXPECT_EQ(Query(state), (std::vector<std::string>{"P2", "P4", "P1"}));
}

TEST_F(TrackingTest, RerouteChangesOnlyWhatNoOperatorHasTakenInHand) {
  Applier applier(store_.get());
  Apply(applier, {Petition("P1", 0), Petition("P2", 1), Petition("P3", 2)});
  auto assign = Event("a2", "P2", Action::kAssign, "2026-11-03T09:00:00+07:00");
  Apply(applier, {Event("a1", "P2", Action::kAccept, "2026-11-03T08:00:00+07:00"), assign});
  classify::RouteDecision to{"r9", "CONG-AN", "an_ninh", "high", 20, "x", "v2"};
  const int64_t at = *ParseRfc3339("2026-11-05T08:00:00+07:00");
  ApplyStats s = Apply(applier, {IncomingReroute{{}, "P1", to, at, "admin"},
                                 IncomingReroute{{}, "P2", to, at, "admin"},
                                 IncomingReroute{{}, "NONE", to, at, "admin"}});
  EXPECT_EQ(s.rerouted, 1u);
  EXPECT_EQ(s.reroute_kept, 2u);  // P2 is assigned (in hand); NONE is not stored
  StoredPetition p1 = Get("P1");
  EXPECT_EQ(p1.agency, "CONG-AN");
  EXPECT_EQ(p1.route.rule_id, "r9");
  EXPECT_EQ(HistoryTypes("P1").back(), "rerouted");
  EXPECT_EQ(Keys(kCfIdxDue, "DCONG-AN").size(), 1u);
  EXPECT_EQ(Get("P2").agency, "SO-YT");
  // Again: the same decision changes nothing (a resumed reroute).
  s = Apply(applier, {IncomingReroute{{}, "P1", to, at, "admin"}});
  EXPECT_EQ(s.rerouted, 0u);
  EXPECT_EQ(HistoryTypes("P1").size(), 3u);
  auto d = ComputeDayDigest(*store_, "2026-11-02");
  auto r = RecomputeDayDigest(*store_, "2026-11-02");
  ASSERT_TRUE(d.ok() && r.ok());
  EXPECT_EQ(d->grid, r->grid);
}

// transfer --topic: the operator's word on what the petition is about. The record gets it as
// corrected_topic; the route (and the counters, keyed by its topic) stays the router's, so
// that routing can be measured against corrections.
TEST_F(TrackingTest, TransferWithATopicCorrectsItAndKeepsTheRoute) {
  Applier applier(store_.get());
  Apply(applier, {Petition("P1", 0)});
  auto transfer = Event("t1", "P1", Action::kTransfer, "2026-11-04T08:00:00+07:00");
  transfer.event.agency = "SO-NNMT";
  transfer.event.topic = "moi_truong";
  Apply(applier, {Event("a1", "P1", Action::kAccept, "2026-11-03T08:00:00+07:00"), transfer});
  StoredPetition p = Get("P1");
  EXPECT_EQ(p.status, "assigned");
  EXPECT_EQ(p.agency, "SO-NNMT");
  EXPECT_EQ(p.corrected_topic, "moi_truong");
  EXPECT_EQ(p.route.topic, "giao_thong");
  EXPECT_EQ(p.route.agency, "SO-XD");
  auto history = store_->History("P1");
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->back().type, "transferred");
  EXPECT_NE(history->back().detail_json.find(
                R"("agency":"SO-NNMT","visibility":"internal",)"
                R"("topic":"moi_truong","topic_before":"giao_thong")"),
            std::string::npos)
      << history->back().detail_json;
  EXPECT_EQ(Counter(PetitionCounterKey("2026-11-02", "SO-NNMT", "giao_thong", "assigned", "web",
                                       "")),
            1);
  EXPECT_EQ(Counter(EventCounterKey("2026-11-04", "SO-NNMT", "giao_thong", "transferred")), 1);

  // A transfer without a topic moves the petition and keeps the correction.
  auto again = Event("t2", "P1", Action::kTransfer, "2026-11-05T08:00:00+07:00");
  again.event.agency = "UBND-XA";
  Apply(applier, {again});
  p = Get("P1");
  EXPECT_EQ(p.agency, "UBND-XA");
  EXPECT_EQ(p.corrected_topic, "moi_truong");
  history = store_->History("P1");
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->back().detail_json.find("topic"), std::string::npos)
      << history->back().detail_json;

  // A second correction replaces the first; the history says what it replaced.
  auto third = Event("t3", "P1", Action::kTransfer, "2026-11-06T08:00:00+07:00");
  third.event.agency = "SO-XD";
  third.event.topic = "xay_dung";
  Apply(applier, {third});
  EXPECT_EQ(Get("P1").corrected_topic, "xay_dung");
  history = store_->History("P1");
  ASSERT_TRUE(history.ok());
  EXPECT_NE(history->back().detail_json.find(R"("topic":"xay_dung","topic_before":"moi_truong")"),
            std::string::npos)
      << history->back().detail_json;

  // A refused transfer corrects nothing.
  Apply(applier, {Event("c1", "P1", Action::kStart, "2026-11-07T08:00:00+07:00"),
                  Event("c2", "P1", Action::kRespond, "2026-11-08T08:00:00+07:00"),
                  Event("c3", "P1", Action::kClose, "2026-11-09T08:00:00+07:00")});
  auto refused = Event("t4", "P1", Action::kTransfer, "2026-11-10T08:00:00+07:00");
  refused.event.topic = "y_te";
  Apply(applier, {refused});
  EXPECT_EQ(HistoryTypes("P1").back(), "refused");
  EXPECT_EQ(Get("P1").corrected_topic, "xay_dung");
  EXPECT_EQ((*LookupEventOutcome(*store_, "t4"))->outcome, "refused");

  auto d = ComputeDayDigest(*store_, "2026-11-02");
  auto r = RecomputeDayDigest(*store_, "2026-11-02");
  ASSERT_TRUE(d.ok() && r.ok());
  EXPECT_EQ(d->grid, r->grid);
}

// A corrected topic survives waiting for its petition (pending_events keeps the event encoded)
// and a restart of the applier.
TEST_F(TrackingTest, TransferWithATopicBeforeItsPetitionKeepsTheTopic) {
  {
    Applier applier(store_.get());
    auto transfer = Event("t1", "P1", Action::kTransfer, "2026-11-04T08:00:00+07:00", 1);
    transfer.event.topic = "y_te";
    ApplyStats s = Apply(
        applier, {Event("a1", "P1", Action::kAccept, "2026-11-03T08:00:00+07:00", 0), transfer});
    EXPECT_EQ(s.events_pending, 2u);
  }
  Applier restarted(store_.get());
  ApplyStats s = Apply(restarted, {Petition("P1", 0)});
  EXPECT_EQ(s.events_applied, 2u);
  StoredPetition p = Get("P1");
  EXPECT_EQ(p.agency, "SO-YT");
  EXPECT_EQ(p.corrected_topic, "y_te");
  EXPECT_EQ(p.route.topic, "giao_thong");
}

// Pages resumed from a cursor concatenate to the whole result, for every query plan, and a
// cursor of another plan is refused.
TEST_F(TrackingTest, PagesResumeFromTheirCursorInEveryPlan) {
  Applier applier(store_.get());
  std::vector<BatchItem> items;
  for (int i = 0; i < 23; ++i) {
    const std::string day = "2026-11-0" + std::to_string(2 + i % 5);
    std::string submitted = day + "T08:00:00+07:00";
    items.push_back(
        Petition("P" + std::to_string(100 + i), i, i % 3 ? "SO-XD" : "SO-YT", submitted));
  }
  Apply(applier, items);
  auto page_all = [&](PetitionQuery q, size_t page) {
    std::vector<std::string> ids;
    q.limit = page;
    for (int guard = 0; guard < 100; ++guard) {
      std::string last;
      size_t n = 0;
      auto r = RunQueryPage(*store_, q, [&](const StoredPetition& p, const std::string& cursor) {
        ids.push_back(p.petition.id);
        last = cursor;
        ++n;
        return true;
      });
      EXPECT_TRUE(r.ok()) << r.status();
      if (!r.ok() || n < page) break;
      q.after = last;
    }
    return ids;
  };
  const int64_t now = *ParseRfc3339("2026-11-20T00:00:00+07:00");
  std::vector<PetitionQuery> plans(5);
  plans[0].agency = "SO-XD";         // idx_agency_status
  plans[1].from_day = "2026-11-03";  // idx_day
  plans[1].to_day = "2026-11-05";
  plans[2].status = "received";  // idx_due, every agency merged
  plans[3].status = "received";  // idx_due, one agency
  plans[3].agency = "SO-XD";
  plans[4].topic = "giao_thong";  // a scan of petitions
  for (PetitionQuery& q : plans) q.now_ms = now;
  for (size_t i = 0; i < plans.size(); ++i) {
    const std::vector<std::string> whole = Query(plans[i]);
    ASSERT_FALSE(whole.empty()) << "plan " << i;
    for (size_t page : {1, 4, 7, 50})
      EXPECT_EQ(page_all(plans[i], page), whole) << i << "/" << page;
  }
  // A cursor of the agency plan given to the day plan.
  std::string cursor;
  PetitionQuery q = plans[0];
  q.limit = 1;
  ASSERT_TRUE(RunQueryPage(*store_, q, [&](const StoredPetition&, const std::string& c) {
                cursor = c;
                return true;
              }).ok());
  PetitionQuery other = plans[1];
  other.after = cursor;
  auto r =
      RunQueryPage(*store_, other, [](const StoredPetition&, const std::string&) { return true; });
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  other.after = "Yzz";
  EXPECT_FALSE(RunQueryPage(*store_, other, [](const StoredPetition&, const std::string&) {
                 return true;
               }).ok());
}

// The store holds personal data: its folder is 0700 and its files 0600, also those of a store
// made before with looser modes.
TEST_F(TrackingTest, TheStoreIsReadableByItsOwnerOnly) {
  namespace fs = std::filesystem;
  Applier applier(store_.get());
  Apply(applier, {Petition("P1", 0)});
  auto mode = [](const fs::path& p) { return fs::status(p).permissions() & fs::perms::all; };
  EXPECT_EQ(mode(dir_), fs::perms::owner_all);
  int files = 0;
  for (const fs::directory_entry& e : fs::directory_iterator(dir_)) {
    if (e.is_regular_file()) {
      ++files;
      EXPECT_EQ(mode(e.path()), fs::perms::owner_read | fs::perms::owner_write) << e.path();
    }
  }
  EXPECT_GT(files, 3);
  store_.reset();
  fs::permissions(dir_, fs::perms::all, fs::perm_options::replace);
  for (const fs::directory_entry& e : fs::directory_iterator(dir_))
    if (e.is_regular_file()) fs::permissions(e.path(), fs::perms::all, fs::perm_options::replace);
  auto reopened = Store::OpenPrimary(dir_.string(), {});
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  store_ = std::move(*reopened);
  EXPECT_EQ(mode(dir_), fs::perms::owner_all);
  for (const fs::directory_entry& e : fs::directory_iterator(dir_)) {
    if (e.is_regular_file()) {
      EXPECT_EQ(mode(e.path()), fs::perms::owner_read | fs::perms::owner_write) << e.path();
    }
  }
}

}  // namespace
}  // namespace pakn::store
