#include "run/task_pool.hpp"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace ddbsim::run {

int resolve_jobs(int jobs) {
    if (jobs >= 1) return jobs;
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

std::size_t run_tasks(std::size_t count, int jobs, const std::function<void(std::size_t)>& task,
                      const std::atomic<bool>* cancel,
                      const std::function<void(std::size_t done)>& on_done) {
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    std::atomic<bool> failed{false};
    std::exception_ptr first_error;
    std::mutex error_mutex, progress_mutex;
    auto worker = [&] {
        for (;;) {
            if (failed.load() || (cancel && cancel->load())) return;
            const std::size_t i = next.fetch_add(1);
            if (i >= count) return;
            try {
                task(i);
            } catch (...) {
                std::lock_guard lock(error_mutex);
                if (!first_error) first_error = std::current_exception();
                failed = true;
                return;
            }
            const std::size_t finished = done.fetch_add(1) + 1;
            if (on_done) {
                std::lock_guard lock(progress_mutex);
                on_done(finished);
            }
        }
    };
    const auto threads = static_cast<std::size_t>(std::min<std::size_t>(
        static_cast<std::size_t>(resolve_jobs(jobs)), std::max<std::size_t>(count, 1)));
    if (threads <= 1) {
        worker();
    } else {
        std::vector<std::thread> pool;
        pool.reserve(threads);
        for (std::size_t t = 0; t < threads; ++t)
            pool.emplace_back(worker);
        for (auto& t : pool)
            t.join();
    }
    if (first_error) std::rethrow_exception(first_error);
    return done.load();
}

}  // namespace ddbsim::run
