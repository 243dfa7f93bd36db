// The JUnit XML report: one test case per expectation and run, so CI systems show each
// `expect` assertion as a test.
#include "reports/format_util.hpp"
#include "reports/report.hpp"

namespace ddbsim::reports {

std::string render_junit(const Report& report) {
    const auto& base = report.outcomes.front();
    const std::string suite = base.scenario.name.empty() ? report.source : base.scenario.name;
    const std::size_t failures = report.failed_expectations();
    std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"" +
        xml_escape(suite) + "\" tests=\"" + std::to_string(report.expectations.size()) +
        "\" failures=\"" + std::to_string(failures) + "\" errors=\"0\">\n";
    for (const auto& e : report.expectations) {
        std::string name = e.expectation.pointer + " " +
                           run::metric_key(e.expectation, !e.expectation.region.empty());
        if (!e.expectation.description.empty()) name += ": " + e.expectation.description;
        xml += "    <testcase classname=\"" + xml_escape(suite + "." + e.run) + "\" name=\"" +
               xml_escape(name) + "\"";
        if (e.passed) {
            xml += "/>\n";
        } else {
            xml += ">\n      <failure message=\"" + xml_escape(e.message) + "\">" +
                   xml_escape(e.message) + "</failure>\n    </testcase>\n";
        }
    }
    xml += "  </testsuite>\n</testsuites>\n";
    return xml;
}

}  // namespace ddbsim::reports
