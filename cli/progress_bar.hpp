// A progress bar with an ETA on stderr, drawn only when stderr is a terminal (CI logs and
// pipes get none). Redraws at most ten times a second.
#pragma once

#include <chrono>
#include <string>

namespace ddbsim::cli {

class ProgressBar {
  public:
    explicit ProgressBar(bool enabled);
    ~ProgressBar();
    // Starts a new task ("baseline", "what-if on-demand").
    void start(const std::string& label);
    void update(double fraction);
    // The same, with `detail` after the ETA (e.g. "12/36 runs, 3.1 runs/s").
    void update(double fraction, const std::string& detail);
    void finish();

    static bool stderr_is_terminal();

  private:
    bool enabled_;
    bool drawn_ = false;
    std::string label_;
    std::chrono::steady_clock::time_point started_, last_draw_;
};

}  // namespace ddbsim::cli
