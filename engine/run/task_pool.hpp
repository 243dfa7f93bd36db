// run_tasks: the tasks 0 … count−1 on `jobs` threads of this process (a sweep's runs, a
// round of recommend's candidates). Tasks are handed out in order as threads free up; each
// task must write only its own result slot, so the results — and everything computed from
// them in task order — are the same for any number of threads.
//
// Thread safety: `task` is called from several threads at once, each call with a different
// index; what it reads must be immutable while run_tasks runs.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>

namespace ddbsim::run {

// The number of threads `jobs` asks for: itself if ≥ 1, else every core (at least 1).
int resolve_jobs(int jobs);

// Runs every task (or stops handing out new ones once `cancel` is set) and returns how many
// ran. An exception thrown by a task stops the hand-out and is rethrown here, after every
// thread has finished (the first one thrown, by task order of throwing).
std::size_t run_tasks(std::size_t count, int jobs, const std::function<void(std::size_t)>& task,
                      const std::atomic<bool>* cancel = nullptr,
                      const std::function<void(std::size_t done)>& on_done = {});

}  // namespace ddbsim::run
