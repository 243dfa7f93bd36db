#include "sweep_executor.hpp"

#include <cstdlib>
#include <memory>
#include <mutex>

#include "run/task_pool.hpp"
#include "sweep_shards.hpp"

#ifdef DDBSIM_MPI
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>
#endif

namespace ddbsim::cli {

namespace {

bool run_on_threads(const std::vector<std::size_t>& pending, int jobs, const SweepTask& task,
                    const SweepFinished& finished, const std::atomic<bool>* cancel) {
    std::mutex finished_mutex;
    const std::size_t ran = run::run_tasks(
        pending.size(), jobs,
        [&](std::size_t i) {
            run::SweepRow row = task(pending[i]);
            std::lock_guard lock(finished_mutex);
            finished(std::move(row));
        },
        cancel);
    return ran == pending.size();
}

#ifdef DDBSIM_MPI
// The job's MPI environment, started once (MPI_Init), finalised at exit.
std::unique_ptr<boost::mpi::environment>& mpi_environment() {
    static std::unique_ptr<boost::mpi::environment> env;
    return env;
}

// Worker → coordinator: "" (ready for a task) or a finished task's text. Coordinator →
// worker: a task id, or -1 (stop). The coordinator remembers which task each worker holds.
constexpr int kToCoordinator = 1;
constexpr int kToWorker = 2;

bool coordinate(const std::vector<std::size_t>& pending, const TextFinished& finished,
                const std::atomic<bool>* cancel) {
    boost::mpi::communicator world;
    std::vector<long long> holding(static_cast<std::size_t>(world.size()), -1);
    std::size_t next = 0;
    int active = world.size() - 1;
    bool stopped_early = false;
    while (active > 0) {
        std::string message;
        const auto status = world.recv(boost::mpi::any_source, kToCoordinator, message);
        auto& held = holding[static_cast<std::size_t>(status.source())];
        if (held >= 0) finished(static_cast<std::size_t>(held), std::move(message));
        long long task = -1;
        if (cancel && cancel->load()) stopped_early = true;
        if (!stopped_early && next < pending.size()) task = static_cast<long long>(pending[next++]);
        held = task;
        world.send(status.source(), kToWorker, task);
        if (task < 0) --active;
    }
    return !stopped_early && next == pending.size();
}

void work(const TextTask& task) {
    boost::mpi::communicator world;
    std::string message;  // first: ready
    for (;;) {
        world.send(0, kToCoordinator, message);
        long long id = -1;
        world.recv(0, kToWorker, id);
        if (id < 0) return;
        message = task(static_cast<std::size_t>(id));
    }
}
#endif

}  // namespace

MpiRole start_mpi(int& ranks) {
    ranks = 1;
#ifdef DDBSIM_MPI
    // Open MPI's mpirun sets OMPI_COMM_WORLD_SIZE; MPICH and Slurm's PMI set PMI_SIZE.
    const char* size = std::getenv("OMPI_COMM_WORLD_SIZE");
    if (!size) size = std::getenv("PMI_SIZE");
    if (!size || std::atoi(size) <= 1) return MpiRole::kNone;
    auto& env = mpi_environment();
    if (!env) env = std::make_unique<boost::mpi::environment>();
    boost::mpi::communicator world;
    ranks = world.size();
    if (ranks <= 1) return MpiRole::kNone;
    return world.rank() == 0 ? MpiRole::kCoordinator : MpiRole::kWorker;
#else
    return MpiRole::kNone;
#endif
}

bool execute_on_ranks(MpiRole role, const std::vector<std::size_t>& pending, const TextTask& task,
                      const TextFinished& finished, const std::atomic<bool>* cancel) {
#ifdef DDBSIM_MPI
    if (role == MpiRole::kCoordinator) return coordinate(pending, finished, cancel);
    if (role == MpiRole::kWorker) {
        work(task);
        return true;
    }
#else
    (void)role, (void)pending, (void)task, (void)finished, (void)cancel;
#endif
    return false;
}

bool execute_sweep(MpiRole role, const std::vector<std::size_t>& pending, int jobs,
                   const SweepTask& task, const SweepFinished& finished,
                   const std::atomic<bool>* cancel) {
    if (role == MpiRole::kNone) return run_on_threads(pending, jobs, task, finished, cancel);
    return execute_on_ranks(
        role, pending, [&](std::size_t t) { return run::sweep_row_json(task(t)).dump(); },
        [&](std::size_t, std::string&& text) {
            if (auto row = run::sweep_row_from_json(nlohmann::json::parse(text)))
                finished(std::move(*row));
        },
        cancel);
}

}  // namespace ddbsim::cli
