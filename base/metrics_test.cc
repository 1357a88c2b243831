#include "base/metrics.h"

#include <gtest/gtest.h>

namespace pakn::metrics {
namespace {

TEST(MetricsTest, RendersCountersWithEscapedLabelsOncePerFamily) {
  Registry r;
  r.GetCounter("pakn_x_total", "Xs seen.", {{"code", "a\"b\\c\nd"}}).Add(2);
  r.GetCounter("pakn_x_total", "Xs seen.", {{"code", "plain"}}).Add();
  EXPECT_EQ(r.Render(),
            "# HELP pakn_x_total Xs seen.\n# TYPE pakn_x_total counter\n"
            "pakn_x_total{code=\"a\\\"b\\\\c\\nd\"} 2\npakn_x_total{code=\"plain\"} 1\n");
}

TEST(MetricsTest, HistogramBucketsAreCumulativeWithInfEqualToCount) {
  Registry r;
  Histogram& h = r.GetHistogram("pakn_t_seconds", "T.", {0.1, 1});
  h.Observe(0.1);  // le="0.1" includes the bound itself
  h.Observe(0.5);
  h.Observe(7);
  EXPECT_EQ(r.Render(),
            "# HELP pakn_t_seconds T.\n# TYPE pakn_t_seconds histogram\n"
            "pakn_t_seconds_bucket{le=\"0.1\"} 1\npakn_t_seconds_bucket{le=\"1\"} 2\n"
            "pakn_t_seconds_bucket{le=\"+Inf\"} 3\npakn_t_seconds_sum 7.6\n"
            "pakn_t_seconds_count 3\n");
}

TEST(MetricsTest, CollectorsReportAtScrapeTimeUnderTheirDescribedFamily) {
  Registry r;
  r.Describe("pakn_lag_messages", "Lag.", "gauge");
  int calls = 0;
  r.AddCollector([&](std::vector<Sample>& out) {
    ++calls;
    out.push_back({"pakn_lag_messages", {{"partition", "0"}}, 5});
  });
  EXPECT_EQ(r.Render(),
            "# HELP pakn_lag_messages Lag.\n# TYPE pakn_lag_messages gauge\n"
            "pakn_lag_messages{partition=\"0\"} 5\n");
  r.Render();
  EXPECT_EQ(calls, 2);
}

TEST(MetricsTest, TheSameNameAndLabelsGiveTheSameCounter) {
  Registry r;
  Counter& a = r.GetCounter("pakn_y_total", "Y.", {{"k", "v"}});
  Counter& b = r.GetCounter("pakn_y_total", "Y.", {{"k", "v"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &r.GetCounter("pakn_y_total", "Y.", {{"k", "w"}}));
}

}  // namespace
}  // namespace pakn::metrics
