// `ddbsim import`: a scenario from a production table's AWS CLI exports (docs/import.md).
//
// The scenario is a normal scenario file: the table as a CreateTable request, auto scaling as
// its policies say, the initial data from TableSizeBytes, and the workload as the demand the
// table saw replayed — per period, the requests it served (consumed units ÷ units per
// request) plus those it throttled (throttle events), as GetItem and PutItem streams on the
// table and a Query stream on each GSI that was read. Units per request follow the sampled
// item sizes; hot keys follow Contributor Insights. The what-ifs a user asks first ride
// along: on-demand, auto scaling at 50/70/90 %, provisioned at the peak demand. The demand
// series go in CSV files beside the scenario (`traffic.replay`). Pure: the caller reads and
// writes the files.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace ddbsim::import {

// One input: its file name (for messages) and its text.
struct InputFile {
    std::string name;
    std::string text;
};

struct ImportInputs {
    InputFile describe_table;  // required
    std::optional<InputFile> scalable_targets, scaling_policies, metrics, contributor_insights,
        insight_report, items;
};

struct ImportOptions {
    bool strong_reads = false;     // reads are strongly consistent (else eventual, the default)
    bool missing_as_zero = false;  // CloudWatch periods without a data point count 0
    std::string sidecar_prefix;    // file-name prefix of the CSVs (the scenario's stem)
};

struct ImportedScenario {
    nlohmann::ordered_json scenario;                            // members in reading order
    std::vector<std::pair<std::string, std::string>> sidecars;  // file name, CSV text
};

// An error's message names the input file and the JSON pointer of the field.
Result<ImportedScenario> import_scenario(const ImportInputs& inputs, const ImportOptions& options);

}  // namespace ddbsim::import
