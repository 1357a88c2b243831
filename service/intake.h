// Intake: the use case behind `POST /open311/v2/requests.json` and `pakn validate`. It checks a
// petition message with exactly ingest's checks (pipeline/petition_check.h) and produces it to
// the petitions topic with the idempotent producer (acks=all), answering only once the broker
// has acknowledged it.
//
//   PAKN_ASSIGN_OR_RETURN(auto intake, Intake::Create(config, pipeline, {.max_in_flight = 2000}));
//   Submission s = intake->Submit(petition_id, payload, now_ms);
//   switch (s.outcome) { case Outcome::kStored: ... s.where ... }
//
// Back-pressure, not buffering: at most `max_in_flight` messages wait for the broker; more are
// refused at once (kBusy, nothing sent). When no broker has answered the last probe, a
// submission is refused at once too (kNotSent). A message the broker did not acknowledge
// within `timeout_ms` is kUnknown (it may still be written; a retry with the same id and
// content is then a no-op for the store) or kNotSent (librdkafka knows it was never written).
//
// Thread safety: Submit may be called from many threads at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "base/status.h"
#include "config/config.h"
#include "model/petition.h"
#include "model/petition_parser.h"
#include "pipeline/petition_check.h"
#include "pipeline/pipeline.h"

namespace pakn::service {

struct IntakeOptions {
  std::string topic;  // "" = the first of kafka.topics
  int max_in_flight = 2000;
  int64_t timeout_ms = 10'000;  // the broker's acknowledgement, at most
};

enum class Outcome {
  kStored,    // acknowledged by the broker (acks=all): ingest will store it
  kRejected,  // fails ingest's checks: `rejection`
  kBusy,      // max_in_flight messages are waiting already; nothing sent
  kNotSent,   // the broker is unreachable or refused it; nothing written
  kUnknown,   // no acknowledgement in time: it may or may not have been written
};
std::string_view OutcomeName(Outcome outcome);  // "stored", "rejected", ...

struct Submission {
  Outcome outcome = Outcome::kNotSent;
  std::string where;           // kStored: "pakn.petitions[2]@1234"
  Rejection rejection;         // kRejected
  std::string problem;         // kBusy, kNotSent, kUnknown: why, for the client and the log
  double produce_seconds = 0;  // from produce to the acknowledgement
};

// Parsers for ingest's checks, one per thread at a time (a small pool).
class PetitionChecker {
 public:
  PetitionChecker(const pipeline::Pipeline& pipeline, size_t max_message_bytes);
  ~PetitionChecker();
  std::variant<pipeline::CheckedPetition, Rejection> Check(std::string_view payload,
                                                           int64_t message_ms) const;

 private:
  struct Pool;
  const pipeline::Pipeline& pipeline_;
  size_t max_message_bytes_;
  std::unique_ptr<Pool> pool_;
};

class Intake {
 public:
  static StatusOr<std::unique_ptr<Intake>> Create(const PaknConfig& config,
                                                  const pipeline::Pipeline& pipeline,
                                                  IntakeOptions options);
  virtual ~Intake() = default;

  // Checks `payload` (the petition `id`'s JSON) as ingest will at `now_ms`, then produces it
  // keyed by the id.
  virtual Submission Submit(std::string_view id, std::string_view payload, int64_t now_ms) = 0;

  // Whether a broker answered the last probe (every second), and why not.
  virtual bool BrokerReachable(std::string* problem = nullptr) const = 0;
  virtual int InFlight() const = 0;
  // The end offset of each partition of kafka.topics and kafka.events_topic, as of the last
  // probe (for lag: the store's offsets against them).
  virtual std::map<std::string, std::map<int32_t, int64_t>> EndOffsets() const = 0;

  // Waits for the messages in flight (at most `timeout_ms`): before exit.
  virtual void Flush(int64_t timeout_ms) = 0;
};

}  // namespace pakn::service
