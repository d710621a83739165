// Checks both HTML reports' tests share (tests/planner/report_html_test.cc,
// tests/planner/report_rent_html_test.cc).
#ifndef FITPLAN_TESTS_PLANNER_HTML_CHECKS_H_
#define FITPLAN_TESTS_PLANNER_HTML_CHECKS_H_

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "tests/test_support.h"

namespace fitplan::testing {

// `html` is one page that fetches nothing and runs nothing: the only URLs are the SVG namespace
// names (one per chart; browsers never fetch them), no element or CSS rule loads a resource, and
// no script or event handler is present.
inline void ExpectSelfContainedPage(const std::string& html, size_t charts) {
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>")) << html.substr(0, 100);
  EXPECT_TRUE(html.ends_with("</html>\n"));
  const std::string ns = "xmlns=\"http://www.w3.org/2000/svg\"";
  EXPECT_EQ(CountOf(html, ns), charts);
  EXPECT_EQ(CountOf(html, "http://"), CountOf(html, ns));
  EXPECT_EQ(CountOf(html, "https://"), 0u);
  for (const char* fetches : {"<script", "<SCRIPT", " src=", " href=", "<link", "@import", "url(",
                              "@font-face", "<img", "<iframe"}) {
    EXPECT_EQ(CountOf(html, fetches), 0u) << fetches;
  }
  EXPECT_FALSE(std::regex_search(html, std::regex("\\son[a-z]+\\s*=")));  // onload=, onclick=
}

}  // namespace fitplan::testing

#endif  // FITPLAN_TESTS_PLANNER_HTML_CHECKS_H_
