// The web view's words in Vietnamese ("vi", the default) and English ("en"). Pure tables.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace pakn::serve {

// The text of `key` ("worklist", ...); the key itself when there is none.
std::string_view Tr(std::string_view lang, std::string_view key);
// Every (key, text), for a template's {{t_KEY}} variables.
void ForEachText(std::string_view lang,
                 const std::function<void(std::string_view key, std::string_view text)>& fn);
// A state (StateName), an action (ActionName) or a history entry's type, for people.
std::string_view StateLabel(std::string_view lang, std::string_view state);
std::string_view ActionLabel(std::string_view lang, std::string_view action);
std::string_view EventLabel(std::string_view lang, std::string_view type);

}  // namespace pakn::serve
