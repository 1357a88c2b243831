// The consumer's properties: static group membership by default (docs/configuration.md).
#include "ingest/kafka_config.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace pakn::ingest {
namespace {

std::string Find(const std::vector<std::pair<std::string, std::string>>& props,
                 const std::string& key) {
  std::string value = "(absent)";
  for (const auto& [k, v] : props)
    if (k == key) value = v;  // the last one wins, as in SetProperties
  return value;
}

TEST(KafkaConfigTest, GroupInstanceIdIsStablePerStoreAndDistinctAcrossStores) {
  const std::string a = DefaultGroupInstanceId("/var/lib/pakn/store");
  EXPECT_EQ(a, DefaultGroupInstanceId("/var/lib/pakn/store"));
  EXPECT_EQ(a, DefaultGroupInstanceId("/var/lib/pakn/./store"));  // the same folder
  EXPECT_NE(a, DefaultGroupInstanceId("/var/lib/pakn/replica"));
  EXPECT_EQ(a.rfind("pakn-", 0), 0u) << a;
  EXPECT_TRUE(std::all_of(a.begin(), a.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-';
  })) << a;  // characters Kafka accepts in a group.instance.id
}

TEST(KafkaConfigTest, StaticMembershipByDefaultAndTheOperatorOverrides) {
  KafkaConfig k;
  EXPECT_EQ(Find(ConsumerProperties(k, "pakn-h-1"), "group.instance.id"), "pakn-h-1");
  EXPECT_EQ(Find(ConsumerProperties(k), "group.instance.id"), "(absent)");
  k.properties.emplace_back("group.instance.id", "");  // the operator turns it off
  EXPECT_EQ(Find(ConsumerProperties(k, "pakn-h-1"), "group.instance.id"), "");
}

}  // namespace
}  // namespace pakn::ingest
