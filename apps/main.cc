// pakn: the command-line program. Each command registers its options and what to run
// (Add…Command in apps/cmd_*.cc); this file parses the command line and runs the one chosen.
// Exit codes come from the commands' Status (apps/cli.h ExitCode).
#include "CLI/CLI.hpp"
#include "apps/cli.h"
#include "apps/commands.h"

int main(int argc, char** argv) {
  using namespace pakn::apps;
  CLI::App app{"pakn: citizen petitions (phản ánh, kiến nghị) from Kafka to answers on time"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "pakn 0.1.0");

  std::vector<Command> commands;
  for (auto add : {AddIngestCommand, AddReaderCommands, AddTrackCommands, AddRulesCommands,
                   AddRerouteCommand, AddDigestCommand, AddNormalizeCommand, AddServeCommands}) {
    for (Command& c : add(app)) commands.push_back(std::move(c));
  }
  RefuseEmptyValues(&app);
  if (int rc = ParseCommandLine(app, "pakn", argc, argv); rc >= 0) return rc;
  for (const Command& c : commands)
    if (*c.sub) return c.run();
  return 2;  // require_subcommand(1) makes this unreachable
}
