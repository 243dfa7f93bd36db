// Evaluating parsed expressions against items: conditions and filters, projections, and
// update actions (DG "Condition expressions", "Projection expressions", "Update expressions").
//
// Semantics follow the service: a comparison with a missing attribute is false; values of
// different types are unequal and unordered; <, <=, >, >= and BETWEEN order only N, S and B;
// every SET value is computed from the item as it was before the update; a list index past
// the end appends; REMOVE of list elements uses the indexes of the original list.
#pragma once

#include <optional>

#include "common/result.hpp"
#include "storage/expression.hpp"

namespace ddbsim::storage {

// The value at `path` in `item`, or nullptr if any step is missing or of the wrong type.
const AttributeValue* resolve_path(const Item& item, const DocumentPath& path);

// Whether `item` (empty for a missing item) satisfies `condition`.
bool evaluate_condition(const Condition& condition, const Item& item);

// A new item holding only the projected paths of `item` (lists compacted, as DynamoDB does).
Item project(const Item& item, const ProjectionExpression& paths);
// The item a read returns: its projection when the request has one, else a copy of it. (One
// copy: `projection ? project(...) : item` would make its operands a const Item prvalue,
// which an assignment then copies a second time.)
Item projected(const Item& item, const std::optional<ProjectionExpression>& projection);

// The item after applying `update` to `original` (empty if the item does not exist yet).
// ValidationException for operand type errors, missing operands and invalid document paths,
// with DynamoDB's messages.
Result<Item> apply_update(const Item& original, const UpdateExpression& update);

}  // namespace ddbsim::storage
