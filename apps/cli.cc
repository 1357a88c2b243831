#include "apps/cli.h"

#include <charconv>
#include <string>

#include "fmt/format.h"

namespace pakn::apps {

CLI::Validator WholeNumber(uint64_t lo, uint64_t hi) {
  return CLI::Validator(
      [lo, hi](std::string& s) -> std::string {
        uint64_t v = 0;
        const char* end = s.data() + s.size();
        auto [p, ec] = std::from_chars(s.data(), end, v);
        if (s.empty() || ec != std::errc() || p != end || v < lo || v > hi)
          return fmt::format("expected a whole number from {} to {}, got '{}'", lo, hi, s);
        return std::string();
      },
      "N", "WholeNumber");
}

void RefuseEmptyValues(CLI::App* app) {
  static const CLI::Validator kNonEmpty(
      [](std::string& s) { return s.empty() ? std::string("expected a value, got ''") : ""; }, "",
      "NonEmpty");
  for (CLI::Option* opt : app->get_options())
    if (opt->get_type_size_max() > 0) opt->check(kNonEmpty);
  for (CLI::App* sub : app->get_subcommands([](CLI::App*) { return true; })) RefuseEmptyValues(sub);
}

int ParseCommandLine(CLI::App& app, std::string_view program, int argc, char** argv) {
  const auto subs = app.get_subcommands([](CLI::App*) { return true; });
  if (!subs.empty() && argc >= 2 && argv[1][0] != '-') {
    std::string names;
    bool known = false;
    for (CLI::App* sub : subs) {
      known |= sub->get_name() == argv[1];
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    if (!known) {
      fmt::print(stderr, "{}: unknown command '{}'; expected one of: {}\nRun '{} --help'.\n",
                 program, argv[1], names, program);
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "{}: {}\nRun '{} --help'{}.\n", program, e.what(), program,
               subs.empty() ? "" : fmt::format(" or '{} SUBCOMMAND --help'", program));
    return 2;
  }
  return -1;
}

int ExitCode(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return 0;
    case StatusCode::kInvalidArgument:
      return 2;
    case StatusCode::kNotFound:
      return 3;
    case StatusCode::kDeadlineExceeded:
      return 4;
    default:
      return 1;
  }
}

int Exit(std::string_view program, const Status& status) {
  if (!status.ok()) fmt::print(stderr, "{}: {}\n", program, status.message());
  return ExitCode(status);
}

int Fail(const Status& status) { return Exit("pakn", status); }

int Fail(std::string_view message) { return Fail(UnavailableError(std::string(message))); }

Status AsWorkFailure(const Status& status) {
  if (status.ok() || status.code() == StatusCode::kInvalidArgument) return status;
  return UnavailableError(status.message());
}

}  // namespace pakn::apps
