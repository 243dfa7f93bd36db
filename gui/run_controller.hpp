// RunController: runs a scenario off the UI thread. Progress is polled by a timer (the
// engine reports it from the worker thread); Cancel stops the engine at its next check and
// discards the partial run, so the previous results stay in place.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <QObject>
#include <QTimer>

#include "run/outcome.hpp"

namespace ddbsim::gui {

class RunController : public QObject {
    Q_OBJECT
  public:
    explicit RunController(QObject* parent = nullptr);
    ~RunController() override;

    bool running() const { return worker_.joinable(); }
    // Starts a run of `scenario`'s baseline; false if one is running.
    bool start(const workload::Scenario& scenario);
    void cancel();
    // Blocks until the current run ends (tests, --screenshot).
    void wait();

  signals:
    void progress(double fraction);
    void finished(std::shared_ptr<const run::Outcome> outcome);
    void cancelled();

  private:
    void poll();

    std::thread worker_;
    std::atomic<bool> cancel_{false};
    std::atomic<bool> done_{false};
    std::atomic<double> fraction_{0};
    std::mutex mutex_;
    std::shared_ptr<const run::Outcome> result_;  // guarded by mutex_
    QTimer timer_;
};

}  // namespace ddbsim::gui
