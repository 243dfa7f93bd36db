#include "progress_bar.hpp"

#include <unistd.h>
#include <cstdio>

namespace ddbsim::cli {

ProgressBar::ProgressBar(bool enabled) : enabled_(enabled) {}

ProgressBar::~ProgressBar() {
    finish();
}

bool ProgressBar::stderr_is_terminal() {
    return ::isatty(STDERR_FILENO) == 1;
}

void ProgressBar::start(const std::string& label) {
    finish();
    label_ = label;
    started_ = std::chrono::steady_clock::now();
    last_draw_ = {};
}

void ProgressBar::update(double fraction) {
    update(fraction, "");
}

void ProgressBar::update(double fraction, const std::string& detail) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    const double elapsed = std::chrono::duration<double>(now - started_).count();
    char eta[32] = "";
    if (fraction > 0.01 && elapsed > 0.5) {
        const double left = elapsed * (1 - fraction) / fraction;
        std::snprintf(eta, sizeof eta, " ETA %dm%02ds", static_cast<int>(left) / 60,
                      static_cast<int>(left) % 60);
    }
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar += std::string(static_cast<std::size_t>(kWidth - filled), '.');
    std::fprintf(stderr, "\r%-24.24s [%s] %3d%%%s%s%s   ", label_.c_str(), bar.c_str(),
                 static_cast<int>(fraction * 100), eta, detail.empty() ? "" : "  ", detail.c_str());
    std::fflush(stderr);
    drawn_ = true;
}

void ProgressBar::finish() {
    if (enabled_ && drawn_) {
        std::fprintf(stderr, "\r%80s\r", "");
        std::fflush(stderr);
    }
    drawn_ = false;
}

}  // namespace ddbsim::cli
