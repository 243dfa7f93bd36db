#include "reports/report.hpp"

namespace ddbsim::reports {

std::vector<std::string> format_names() {
    return {"html", "csv", "json", "md", "junit"};
}

std::string file_name(const std::string& format) {
    if (format == "html") return "report.html";
    if (format == "csv") return "timeseries.csv";
    if (format == "json") return "report.json";
    if (format == "md") return "summary.md";
    if (format == "junit") return "junit.xml";
    return "";
}

std::string render(const Report& report, const std::string& format) {
    if (format == "html") return render_html(report);
    if (format == "csv") return render_csv(report);
    if (format == "json") return render_json(report);
    if (format == "md") return render_markdown(report);
    if (format == "junit") return render_junit(report);
    return "";
}

}  // namespace ddbsim::reports
