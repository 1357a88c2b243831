#include "base/json_writer.h"

#include <gtest/gtest.h>

namespace pakn {
namespace {

TEST(JsonWriterTest, WritesNestedObjectsWithCommas) {
  JsonWriter w;
  w.BeginObject();
  w.Member("id", "A-1");
  w.MemberInt("n", -5);
  w.Key("tags");
  w.BeginArray();
  w.String("x");
  w.String("y");
  w.EndArray();
  w.Key("o");
  w.BeginObject();
  w.Key("b");
  w.Bool(true);
  w.EndObject();
  w.Key("z");
  w.Null();
  w.EndObject();
  EXPECT_EQ(w.str(), R"({"id":"A-1","n":-5,"tags":["x","y"],"o":{"b":true},"z":null})");
}

TEST(JsonWriterTest, EscapesQuotesBackslashAndControls) {
  std::string out;
  AppendJsonString("a\"b\\c\n\x01 Việt", out);
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\u0001 Việt\"");
}

TEST(JsonWriterTest, NonFiniteDoubleBecomesNull) {
  JsonWriter w;
  w.BeginArray();
  w.Double(1.5);
  w.Double(1.0 / 0.0);
  w.EndArray();
  EXPECT_EQ(w.str(), "[1.5,null]");
}

}  // namespace
}  // namespace pakn
