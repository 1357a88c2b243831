// What every command-line program of pakn shares (the `pakn` CLI and the test tool
// `pakn-gen`): option validators that say what was expected, refusal of empty values, parsing
// with exit code 2 for bad arguments, and the one mapping from a Status to an exit code.
//
//   CLI::App app{"..."};
//   app.add_option("--count", n)->check(WholeNumber(0, 1000));
//   if (int rc = ParseCommandLine(app, "pakn-gen", argc, argv); rc >= 0) return rc;
//   return Exit("pakn-gen", RunSomething());
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

#include "CLI/CLI.hpp"
#include "base/status.h"

namespace pakn::apps {

inline constexpr uint64_t kU64Max = std::numeric_limits<uint64_t>::max();

// A whole number from lo to hi. CLI11 2.1 alone turns "-5" into 2^64 - 5 for an unsigned
// option, and lets a value too large for the type through.
CLI::Validator WholeNumber(uint64_t lo, uint64_t hi);

// An empty value is never meant: `--now ""`, `--status ""` or `--out ""` ran as if the option
// were absent, and `note --text ""` recorded an empty note. Every option that takes a value,
// in `app` and all its subcommands, refuses one.
void RefuseEmptyValues(CLI::App* app);

// Parses argv. Returns -1 when the program should go on; otherwise the exit code, having
// printed help (0) or "<program>: <what is wrong>" with a pointer to --help (2): an unknown
// subcommand lists the known ones (CLI11 would only say "A subcommand is required").
int ParseCommandLine(CLI::App& app, std::string_view program, int argc, char** argv);

// The exit code of a command's outcome, in one place for every command (docs/operator-guide.md,
// docs/events.md):
//   0  OK
//   1  the work failed (store unreadable, broker unreachable, a refused action, ...)
//   2  INVALID_ARGUMENT: a bad option, config or input, named
//   3  NOT_FOUND: the petition acted on does not exist (the use cases return NOT_FOUND for
//      that alone; a missing store or file is INVALID_ARGUMENT or UNAVAILABLE)
//   4  DEADLINE_EXCEEDED: sent, but not applied within the wait
int ExitCode(const Status& status);

// Prints "<program>: <message>" to stderr unless OK and returns ExitCode(status).
int Exit(std::string_view program, const Status& status);

// Exit("pakn", status): how every `pakn` command reports a failure.
int Fail(const Status& status);
// A failure of the work itself (exit 1).
int Fail(std::string_view message);
// For commands whose failures are only "bad arguments" (2) or "the work failed" (1): every code
// but INVALID_ARGUMENT becomes UNAVAILABLE (a missing store is not a missing petition).
Status AsWorkFailure(const Status& status);

}  // namespace pakn::apps
