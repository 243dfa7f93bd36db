// Where a sweep's runs execute (docs/sweeps.md): threads of this process, or — in a build
// with -DDDBSIM_MPI=ON started by mpirun — the ranks of an MPI job through Boost.MPI, rank 0
// handing out task ids as ranks free up and gathering their rows. Either way each finished
// row reaches `finished` on the coordinating process, and the reports are computed from the
// rows in task order, so they are the same bytes for any thread or rank count.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "run/sweep_summary.hpp"

namespace ddbsim::cli {

using SweepTask = std::function<run::SweepRow(std::size_t task)>;
using SweepFinished = std::function<void(run::SweepRow&& row)>;  // called one at a time

// This process's part in an MPI job: none (not started by mpirun with more than one rank,
// or built without MPI), the coordinator (rank 0), or a worker.
enum class MpiRole { kNone, kCoordinator, kWorker };

// Starts MPI if this process was started by mpirun (and the build has MPI); the role stays
// for the process's life. `ranks` is set to the job's size.
MpiRole start_mpi(int& ranks);

// Over the MPI job only (kCoordinator or kWorker): each task's result as text (JSON), run
// on a worker, handed to `finished` on the coordinator with its task id, one at a time in
// the order they finish. Returns false if `cancel` stopped it early.
using TextTask = std::function<std::string(std::size_t task)>;
using TextFinished = std::function<void(std::size_t task, std::string&& text)>;
bool execute_on_ranks(MpiRole role, const std::vector<std::size_t>& pending, const TextTask& task,
                      const TextFinished& finished, const std::atomic<bool>* cancel);

// Runs `pending` on `jobs` threads (kNone) or over the MPI job (kCoordinator: hands tasks
// out and receives rows; kWorker: runs what it is given until told to stop, and never calls
// `finished`). Returns false if `cancel` stopped it early.
bool execute_sweep(MpiRole role, const std::vector<std::size_t>& pending, int jobs,
                   const SweepTask& task, const SweepFinished& finished,
                   const std::atomic<bool>* cancel);

}  // namespace ddbsim::cli
