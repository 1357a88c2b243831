// The web view's templates, style sheet and script, compiled into the program from serve/ui/
// (serve/CMakeLists.txt writes ui_assets.cc): nothing is read from disk or the network at run
// time. Names are the files' names ("page.tpl", "app.css").
#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace pakn::serve {

const std::vector<std::pair<std::string_view, std::string_view>>& UiAssets();

}  // namespace pakn::serve
