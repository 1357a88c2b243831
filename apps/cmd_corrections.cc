// pakn rules export-corrections (apps/cmd_corrections.h): operators' topic corrections as
// labelled petitions for `pakn rules train` / `pakn rules eval`.
//
// Which petitions count: those whose record has a corrected topic, i.e. an operator applied
// `pakn transfer ID --agency A --topic T` to them (the last such T). A transfer without --topic
// says who must answer but not what the petition is about; labelling it with the router's own
// topic would teach the model its own guesses, so it is left out.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "apps/cmd_corrections.h"
#include "apps/reader_common.h"
#include "base/json_writer.h"
#include "base/strings.h"
#include "base/time.h"
#include "fmt/format.h"
#include "simdjson.h"
#include "store/query.h"
#include "store/schema.h"
#include "store/store.h"

namespace pakn::apps {

std::optional<CorrectionLabel> CorrectionLabelOf(const store::StoredPetition& p) {
  if (p.corrected_topic.empty()) return std::nullopt;
  CorrectionLabel l;
  l.topic = p.corrected_topic;
  l.agency = p.agency;  // after a transfer only another transfer moves it
  if (p.place && !p.place->province_code.empty()) {
    l.province = p.place->province_code;
    l.place = p.place->method == "text" ? "text" : "location";
  } else {
    l.place = "none";
  }
  return l;
}

StatusOr<std::string> LabelledLine(std::string_view payload, const CorrectionLabel& label) {
  const size_t open = payload.find_first_not_of(" \t\r\n");
  if (open == std::string_view::npos || payload[open] != '{')
    return InvalidArgumentError("the payload is not a JSON object");
  {
    simdjson::dom::parser parser;
    simdjson::dom::object obj;
    if (auto e = parser.parse(payload.data(), payload.size()).get_object().get(obj))
      return InvalidArgumentError(
          StrCat("the payload is not a JSON object: ", simdjson::error_message(e)));
    if (obj["label"].error() != simdjson::NO_SUCH_FIELD)
      return InvalidArgumentError("the payload has a \"label\" member of its own");
  }
  JsonWriter w;
  w.BeginObject();
  w.Member("topic", label.topic);
  w.Member("agency", label.agency);
  w.Member("province", label.province);
  w.Member("place", label.place);
  w.EndObject();
  std::string line = StrCat("{\"label\":", w.str());
  const std::string_view rest = payload.substr(open + 1);
  // "{}" has no member to follow the label; any other object has.
  if (const size_t next = rest.find_first_not_of(" \t\r\n");
      next != std::string_view::npos && rest[next] != '}')
    line.push_back(',');
  const size_t at = line.size();
  line.append(rest);
  // A raw CR or LF in valid JSON lies between tokens (strings hold them escaped), and no byte
  // of a multi-byte UTF-8 sequence is one: a space instead keeps the object and the line.
  for (size_t i = at; i < line.size(); ++i)
    if (line[i] == '\n' || line[i] == '\r') line[i] = ' ';
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
  return line;
}

CLI::App* AddExportCorrectionsCommand(CLI::App& parent, ExportCorrectionsCommand& cmd) {
  const char* env = std::getenv("PAKN_CONFIG");
  cmd.where.config_path = env && *env ? env : "config/pakn.toml";
  CLI::App* sub = parent.add_subcommand(
      "export-corrections",
      "write the petitions operators corrected (transfer --topic) as labelled rows for train/eval");
  sub->add_option("--config", cmd.where.config_path,
                  "config file whose store.path is read (default: $PAKN_CONFIG or "
                  "config/pakn.toml)");
  sub->add_option("--store", cmd.where.store_dir, "the store folder (overrides --config)");
  sub->add_option("--from", cmd.from, "first submission day YYYY-MM-DD");
  sub->add_option("--to", cmd.to, "last submission day YYYY-MM-DD");
  sub->add_option("--out", cmd.out, "the JSON-lines file to write ('-': standard output)")
      ->required();
  return sub;
}

int RunExportCorrections(const ExportCorrectionsCommand& cmd) {
  for (const auto* d : {&cmd.from, &cmd.to})
    if (!d->empty() && !ParseLocalDate(*d).ok())
      return Fail(InvalidArgumentError(
          fmt::format("--from/--to: expected a date YYYY-MM-DD, got '{}'", *d)));
  if (!cmd.from.empty() && !cmd.to.empty() && cmd.from > cmd.to)
    return Fail(InvalidArgumentError(fmt::format("--from: {} is after --to {}", cmd.from, cmd.to)));
  const bool to_stdout = cmd.out == "-";
  std::error_code ec;
  if (!to_stdout && std::filesystem::is_directory(cmd.out, ec))
    return Fail(
        InvalidArgumentError(fmt::format("--out: '{}' is a folder, expected a file", cmd.out)));

  auto store = service::OpenReader(cmd.where);
  if (!store.ok()) return Fail(AsWorkFailure(store.status()));

  // Written next to the target and renamed over it at the end: a failed export never leaves
  // half a training file behind.
  const std::string tmp = cmd.out + ".tmp";
  std::ofstream file;
  if (!to_stdout) {
    file.open(tmp, std::ios::binary | std::ios::trunc);
    if (!file) return Fail(InvalidArgumentError(fmt::format("--out: cannot write '{}'", tmp)));
  }
  std::ostream& out = to_stdout ? std::cout : file;

  store::PetitionQuery q;
  q.from_day = cmd.from;
  q.to_day = cmd.to;
  q.with_text = false;  // the row is the payload as received, not the cleaned text
  uint64_t written = 0, skipped = 0;
  Status inner;
  auto visited = store::RunQuery(**store, q, [&](const store::StoredPetition& p) {
    const std::optional<CorrectionLabel> label = CorrectionLabelOf(p);
    if (!label) return true;
    const std::string key = p.payload_seq != 0 ? store::PayloadSeqKey(p.payload_seq)
                                               : store::PayloadKey(p.petition.id, p.version);
    auto payload = (*store)->Get(store::kCfPayloads, key);
    if (!payload.ok()) {
      inner = payload.status();
      return false;
    }
    if (!*payload) {
      inner = DataLossError(
          StrCat("petition ", p.petition.id, ": its payload (version ", p.version, ") is missing"));
      return false;
    }
    auto line = LabelledLine(**payload, *label);
    if (!line.ok()) {
      fmt::print(stderr, "pakn: {}: left out: {}\n", p.petition.id, line.status().message());
      ++skipped;
      return true;
    }
    out << *line << '\n';
    ++written;
    return true;
  });
  Status s = visited.ok() ? inner : visited.status();
  out.flush();
  if (s.ok() && !out) s = InternalError(fmt::format("--out: cannot write '{}'", cmd.out));
  if (!to_stdout) {
    file.close();
    if (s.ok() && !file) s = InternalError(fmt::format("--out: cannot write '{}'", tmp));
    if (s.ok()) {
      std::filesystem::rename(tmp, cmd.out, ec);
      if (ec) s = InternalError(fmt::format("--out: cannot write '{}': {}", cmd.out, ec.message()));
    }
    if (!s.ok()) std::filesystem::remove(tmp, ec);
  }
  if (!s.ok()) return Fail(s.message());
  const std::string summary =
      fmt::format("{} corrected petition{} written to {}{}{}\n", written, written == 1 ? "" : "s",
                  to_stdout ? "standard output" : cmd.out,
                  cmd.from.empty() && cmd.to.empty()
                      ? ""
                      : fmt::format(" (submitted {} to {})", cmd.from.empty() ? "…" : cmd.from,
                                    cmd.to.empty() ? "…" : cmd.to),
                  skipped ? fmt::format("; {} left out (see above)", skipped) : "");
  (to_stdout ? std::cerr : std::cout) << summary;
  return 0;
}

}  // namespace pakn::apps
