#include "run_controller.hpp"

#include "run/run_simulation.hpp"

#include <QCoreApplication>

namespace ddbsim::gui {

RunController::RunController(QObject* parent) : QObject(parent) {
    timer_.setInterval(100);
    connect(&timer_, &QTimer::timeout, this, &RunController::poll);
}

RunController::~RunController() {
    cancel_ = true;
    if (worker_.joinable()) worker_.join();
}

bool RunController::start(const workload::Scenario& scenario) {
    if (running()) return false;
    cancel_ = false;
    done_ = false;
    fraction_ = 0;
    worker_ = std::thread([this, scenario] {
        run::RunControl control;
        control.cancel = &cancel_;
        control.progress = [this](double f) { fraction_ = f; };
        const auto fidelity = scenario.fidelity == "request"     ? run::Fidelity::kRequest
                              : scenario.fidelity == "aggregate" ? run::Fidelity::kAggregate
                                                                 : run::Fidelity::kAuto;
        auto result =
            run::run_simulation(scenario.config, fidelity, run::kAutoRequestLimit, control);
        std::shared_ptr<const run::Outcome> outcome;
        if (!result.cancelled)
            outcome = std::make_shared<const run::Outcome>(
                run::make_outcome("current", "", scenario, std::move(result)));
        {
            std::lock_guard lock(mutex_);
            result_ = std::move(outcome);
        }
        done_ = true;
    });
    timer_.start();
    return true;
}

void RunController::cancel() {
    cancel_ = true;
}

void RunController::wait() {
    while (running()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        poll();
    }
}

void RunController::poll() {
    if (!running()) return;
    emit progress(fraction_.load());
    if (!done_) return;
    worker_.join();
    timer_.stop();
    std::shared_ptr<const run::Outcome> outcome;
    {
        std::lock_guard lock(mutex_);
        outcome = std::move(result_);
    }
    if (outcome)
        emit finished(outcome);
    else
        emit cancelled();
}

}  // namespace ddbsim::gui
