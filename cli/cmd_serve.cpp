// `ddbsim serve`: a local DynamoDB endpoint that throttles as the service would
// (docs/server.md). Thin: options, the scenario's table, the data directory; the service
// library answers requests, server/ moves the bytes.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "args.hpp"
#include "commands.hpp"
#include "common/json_text.hpp"
#include "input_file.hpp"
#include "reports/atomic_file.hpp"
#include "reports/report.hpp"
#include "scenario_runner.hpp"
#include "server/http_server.hpp"
#include "server/wire.hpp"
#include "service/service.hpp"
#include "workload/human_units.hpp"

namespace ddbsim::cli {
namespace {

constexpr const char* kUsage =
    R"(usage: ddbsim serve [--host 127.0.0.1] [--port 8000] [--scenario FILE]
                    [--throttling on|off] [--time-scale X] [--data-dir DIR]
                    [--snapshot-seconds N] [--report-dir DIR] [--report-limit DURATION]
                    [--faults SPEC] [--max-connections N] [--threads N]
                    [--idle-timeout SECONDS] [--log-requests] [--quiet]

Serves the DynamoDB API over HTTP on 127.0.0.1, for any AWS SDK, the AWS CLI or an
application pointed at --endpoint-url http://127.0.0.1:PORT. Requests are admitted or
throttled as the service would (partitions, burst and adaptive capacity, GSIs, on-demand,
auto scaling) with DynamoDB's errors and ThrottlingReasons. GET /metrics is Prometheus
text with CloudWatch's names; GET /healthz answers ok. SIGINT / SIGTERM finish the
requests in flight, write the data directory and the reports, and exit 0.

options:
  --host ADDR            address to bind (default 127.0.0.1)
  --port N               port (default 8000; 0 picks a free one — the URL printed tells)
  --scenario FILE        create the scenario's table at start (schema, capacity mode and
                         throughput, capacity options, auto scaling, data size)
  --throttling on|off    off: execute everything, throttle nothing (default on)
  --time-scale X         the model's clock runs X times the wall clock (default 1)
  --data-dir DIR         restore tables from DIR/snapshot.json at start; write it
                         atomically at shutdown and every --snapshot-seconds (default 30)
  --report-dir DIR       at shutdown, write the reports `ddbsim run` writes
                         (report.html, timeseries.csv, report.json, summary.md,
                         junit.xml): each table's per-second series, throttles by reason
                         and its cost under each capacity mode; the scenario's table is
                         the baseline its `expect` assertions check (exit 1 if one fails)
  --report-limit D       model time of series kept per table (default 7d)
  --faults SPEC          inject InternalServerError / ServiceUnavailable, e.g.
                         "rate=0.05,operation=PutItem;rate=1,error=ServiceUnavailable,from=60,to=70"
  --max-connections N    connections at once (default 10000)
  --threads N            I/O threads (default: the machine's cores)
  --idle-timeout S       close a connection idle this long (default 60)
  --log-requests         one line per request on stderr
  --quiet                print only the URL
)";

// Writes `text` to DIR/snapshot.json atomically: a crash leaves the previous complete
// snapshot or the new one, never a torn file (write a temporary, fsync, rename).
bool write_atomically(const std::filesystem::path& dir, const std::string& text,
                      std::string& error) {
    const auto final_path = dir / "snapshot.json";
    const auto tmp = dir / "snapshot.json.tmp";
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) {
        error = "cannot write " + tmp.string();
        return false;
    }
    const bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size() &&
                         std::fflush(f) == 0 && fsync(fileno(f)) == 0;
    std::fclose(f);
    std::error_code ec;
    if (!written || (std::filesystem::rename(tmp, final_path, ec), ec)) {
        error = "cannot write " + final_path.string();
        return false;
    }
    return true;
}

std::optional<double> number_option(const Args& args, const char* name, double lo, double hi,
                                    double fallback, std::string& error) {
    const auto text = args.value(name);
    if (!text) return fallback;
    char* end = nullptr;
    const double v = std::strtod(text->c_str(), &end);
    if (text->empty() || *end != '\0' || !std::isfinite(v) || v < lo || v > hi) {
        char range[96];
        std::snprintf(range, sizeof range, "%g to %g", lo, hi);
        error = std::string("serve: --") + name + " expects a number from " + range + ", got \"" +
                *text + "\"";
        return std::nullopt;
    }
    return v;
}

// The reports of what the tables served, as `ddbsim run` writes them; the scenario's
// `expect` assertions checked against its table. Exit 0, 1 (an expectation failed or a
// file could not be written).
int write_reports(service::Service& service, const workload::ScenarioFile* file,
                  const std::string& source, const std::filesystem::path& dir, bool quiet) {
    reports::Report report;
    report.source = source;
    report.outcomes = service.report_outcomes(file ? &file->baseline : nullptr);
    if (report.outcomes.empty()) {
        std::cerr << "ddbsim serve: no tables were served; no reports written\n";
        return kExitOk;
    }
    // Without a scenario file the report echoes what the service had instead of one.
    workload::ScenarioFile served;
    if (file) {
        report.file = file;
        report.expectations = run::check_expectations(file->expect, report.outcomes);
    } else {
        served.baseline = report.outcomes.front().scenario;
        nlohmann::json tables = nlohmann::json::array();
        for (const auto& o : report.outcomes)
            tables.push_back(o.name);
        served.document = {{"servedBy", "ddbsim serve"}, {"tables", std::move(tables)}};
        report.file = &served;
    }
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& f : reports::format_names())
        files.emplace_back((dir / reports::file_name(f)).string(), reports::render(report, f));
    if (auto st = reports::write_files_atomically(files); !st.ok()) {
        std::cerr << "ddbsim serve: " << st.error().message << '\n';
        return kExitFailure;
    }
    for (const auto& e : report.expectations)
        if (!e.passed) std::cerr << "ddbsim serve: expectation failed: " << e.message << '\n';
    if (!quiet)
        std::cerr << "ddbsim serve: reports written to " << dir.string() << " ("
                  << report.outcomes.size() << (report.outcomes.size() == 1 ? " table" : " tables")
                  << ")\n";
    return report.expectations_passed() ? kExitOk : kExitFailure;
}

}  // namespace

int run_serve(const std::vector<std::string>& argv) {
    Args args(
        argv,
        {"host", "port", "scenario", "throttling", "time-scale", "data-dir", "snapshot-seconds",
         "faults", "max-connections", "threads", "idle-timeout", "report-dir", "report-limit"},
        {"quiet", "log-requests", "help"});
    if (args.has("help")) {
        std::cout << kUsage;
        return kExitOk;
    }
    if (!args.error().empty())
        return bad_input("serve: " + args.error() + " (see ddbsim serve --help)");
    if (!args.positionals().empty())
        return bad_input("serve: unexpected argument \"" + args.positionals()[0] + "\"");
    std::string error;
    const auto port = number_option(args, "port", 0, 65535, 8000, error);
    const auto scale = number_option(args, "time-scale", 1e-3, 1e6, 1, error);
    const auto snapshot_s = number_option(args, "snapshot-seconds", 1, 86400, 30, error);
    const auto max_conn = number_option(args, "max-connections", 1, 1e6, 10000, error);
    const auto threads = number_option(args, "threads", 0, 256, 0, error);
    const auto idle = number_option(args, "idle-timeout", 0.01, 86400, 60, error);
    if (!error.empty()) return bad_input(error);
    const std::string throttling = args.value("throttling").value_or("on");
    if (throttling != "on" && throttling != "off")
        return bad_input("serve: --throttling expects on or off, got \"" + throttling + "\"");

    std::unique_ptr<server::FaultInjector> faults;
    if (auto spec = args.value("faults")) {
        auto parsed = server::parse_faults(*spec);
        if (!parsed)
            return bad_input("serve: " + parsed.error().location + ": " + parsed.error().message);
        faults = std::make_unique<server::FaultInjector>(std::move(*parsed));
    }

    std::optional<std::filesystem::path> report_dir;
    sim::TimeUs report_limit = 7 * sim::kDay;
    if (auto text = args.value("report-limit")) {
        auto d = workload::parse_duration_us(*text);
        if (!d || *d < sim::kSecond || *d > 366 * sim::kDay)
            return bad_input("serve: --report-limit expects a duration from 1s to 366d, got \"" +
                             *text + "\"");
        report_limit = *d;
    }
    if (auto dir = args.value("report-dir")) {
        report_dir = *dir;
        if (!make_directory(*report_dir))
            return bad_input("serve: --report-dir " + *dir + " is not a directory we can write");
    }

    service::ServiceOptions options;
    options.throttling = throttling == "on";
    if (report_dir) options.series_limit = report_limit;
    options.epoch_start_us = std::chrono::duration_cast<std::chrono::microseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    service::Service service(options, service::scaled_wall_clock(*scale));

    std::optional<std::filesystem::path> data_dir;
    if (auto dir = args.value("data-dir")) {
        data_dir = *dir;
        if (!make_directory(*data_dir))
            return bad_input("serve: --data-dir " + *dir + " is not a directory we can write");
        const auto snapshot_path = *data_dir / "snapshot.json";
        if (std::filesystem::exists(snapshot_path)) {
            auto text = read_text(snapshot_path.string(), error);
            if (!text) return bad_input(error);
            auto doc = parse_json_text(*text);
            if (!doc) return bad_input(located(snapshot_path.string(), doc.error().message, ""));
            if (auto s = service.restore(*doc); !s)
                return bad_input(
                    located(snapshot_path.string(), s.error().message, s.error().location));
        }
    }
    std::optional<workload::ScenarioFile> file;
    if (auto path = args.value("scenario")) {
        file = load_scenario_file(*path);
        if (!file) return kExitBadInput;  // its problems are printed
        const auto& global = file->baseline.config.global;
        if (global.enabled())
            std::cerr << "ddbsim serve: " << *path << ": a global table: this endpoint is its "
                      << global.region << " replica; replication to the other regions is "
                      << "simulated by `ddbsim run` (docs/global-tables.md), not served\n";
        const auto names = service.table_names();
        if (std::find(names.begin(), names.end(), file->baseline.config.table.name) ==
            names.end()) {
            if (auto s = service.add_scenario_table(file->baseline.config); !s)
                return bad_input(located(*path, s.error().message, s.error().location));
        }
    }

    server::ServerOptions server_options;
    server_options.host = args.value("host").value_or("127.0.0.1");
    server_options.port = static_cast<unsigned short>(*port);
    server_options.threads = static_cast<int>(*threads);
    server_options.max_connections = static_cast<std::size_t>(*max_conn);
    server_options.idle_timeout =
        std::chrono::milliseconds(static_cast<std::int64_t>(*idle * 1000));
    server_options.log_requests = args.has("log-requests");
    server::HttpServer http(service, faults.get(), server_options);
    if (auto s = http.listen(); !s) return bad_input("serve: " + s.error().message);
    const bool quiet = args.has("quiet");
    std::cout << "ddbsim serve: listening on http://" << server_options.host << ":" << http.port()
              << std::endl;
    if (!quiet) {
        std::cerr << "ddbsim serve: throttling " << throttling << ", time scale " << *scale
                  << ", tables: " << service.table_names().size()
                  << (faults ? ", faults injected" : "") << "; Ctrl-C to stop\n";
    }

    // Snapshots while serving, then one at shutdown.
    std::mutex snapshot_mutex;
    std::condition_variable snapshot_wake;
    bool done = false;
    std::thread snapshotter;
    auto save = [&] {
        if (!data_dir) return true;
        std::string e;
        if (!write_atomically(*data_dir, service.snapshot().dump(), e)) {
            std::cerr << "ddbsim serve: " << e << '\n';
            return false;
        }
        return true;
    };
    if (data_dir) {
        snapshotter = std::thread([&] {
            std::unique_lock lock(snapshot_mutex);
            while (!snapshot_wake.wait_for(lock, std::chrono::duration<double>(*snapshot_s),
                                           [&] { return done; })) {
                lock.unlock();
                save();
                lock.lock();
            }
        });
    }
    http.stop_on_signals([quiet](int signal) {
        if (!quiet)
            std::cerr << "ddbsim serve: " << (signal == SIGINT ? "SIGINT" : "SIGTERM")
                      << ", finishing requests in flight\n";
    });
    http.run();
    {
        std::lock_guard lock(snapshot_mutex);
        done = true;
    }
    snapshot_wake.notify_all();
    if (snapshotter.joinable()) snapshotter.join();
    const bool saved = save();
    if (!quiet) {
        std::cerr << "ddbsim serve: stopped after " << http.requests_served() << " requests"
                  << (data_dir && saved
                          ? "; tables written to " + (*data_dir / "snapshot.json").string()
                          : std::string())
                  << '\n';
    }
    if (!report_dir) return saved ? kExitOk : kExitFailure;
    const int reported =
        write_reports(service, file ? &*file : nullptr,
                      args.value("scenario").value_or("ddbsim serve"), *report_dir, quiet);
    return !saved ? kExitFailure : reported;
}

}  // namespace ddbsim::cli
