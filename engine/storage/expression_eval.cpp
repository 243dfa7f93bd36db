#include "storage/expression_eval.hpp"

#include <algorithm>
#include <map>
#include <type_traits>

#include "storage/item_size.hpp"

namespace ddbsim::storage {
namespace {

// The value at `path`, for const and mutable items alike (one walk, two constnesses).
template <class ItemT, class Value = std::conditional_t<std::is_const_v<ItemT>,
                                                        const AttributeValue, AttributeValue>>
Value* walk_path(ItemT& item, const DocumentPath& path) {
    auto it = item.find(path[0].name);
    if (it == item.end()) return nullptr;
    Value* cur = &it->second;
    for (std::size_t i = 1; i < path.size(); ++i) {
        const auto& e = path[i];
        if (e.is_index()) {
            if (!cur->is(AttrType::kL) ||
                static_cast<std::size_t>(e.index) >= cur->as_list().size())
                return nullptr;
            cur = &cur->as_list()[static_cast<std::size_t>(e.index)];
        } else {
            if (!cur->is(AttrType::kM)) return nullptr;
            auto mit = cur->as_map().find(e.name);
            if (mit == cur->as_map().end()) return nullptr;
            cur = &mit->second;
        }
    }
    return cur;
}

// An operand's value: borrowed from the item or the expression, or computed (size()).
struct Value {
    const AttributeValue* ptr = nullptr;
    AttributeValue owned;
    bool has_owned = false;
    const AttributeValue* get() const { return has_owned ? &owned : ptr; }
};

Value evaluate_operand(const Operand& o, const Item& item) {
    Value v;
    switch (o.kind) {
        case Operand::Kind::kPath:
            v.ptr = resolve_path(item, o.path);
            break;
        case Operand::Kind::kConstant:
            v.ptr = &o.constant;
            break;
        case Operand::Kind::kSize: {
            const AttributeValue* a = resolve_path(item, o.args[0].path);
            if (!a) break;
            std::int64_t size = -1;
            switch (a->type()) {
                // Modelling assumption: size() of a string counts its UTF-8 bytes, the unit the
                // service uses for string sizes everywhere else.
                case AttrType::kS:
                    size = static_cast<std::int64_t>(a->as_string().size());
                    break;
                case AttrType::kB:
                    size = static_cast<std::int64_t>(a->as_binary().size());
                    break;
                case AttrType::kL:
                    size = static_cast<std::int64_t>(a->as_list().size());
                    break;
                case AttrType::kM:
                    size = static_cast<std::int64_t>(a->as_map().size());
                    break;
                case AttrType::kSS:
                case AttrType::kNS:
                case AttrType::kBS:
                    size = static_cast<std::int64_t>(a->set_size());
                    break;
                default:
                    break;  // N, BOOL, NULL have no size: the operand is missing
            }
            if (size >= 0) {
                v.owned = AttributeValue::number(Decimal::from_int(size));
                v.has_owned = true;
            }
            break;
        }
        default:
            break;  // update-only operands never reach conditions (parser guarantees)
    }
    return v;
}

bool is_ordered_type(AttrType t) {
    return t == AttrType::kN || t == AttrType::kS || t == AttrType::kB;
}

bool compare(CompareOp op, const AttributeValue* a, const AttributeValue* b) {
    if (!a || !b) return false;
    if (op == CompareOp::kEq) return *a == *b;
    if (op == CompareOp::kNe) return !(*a == *b);
    if (a->type() != b->type() || !is_ordered_type(a->type())) return false;
    const int c = compare_key_values(*a, *b);
    switch (op) {
        case CompareOp::kLt:
            return c < 0;
        case CompareOp::kLe:
            return c <= 0;
        case CompareOp::kGt:
            return c > 0;
        case CompareOp::kGe:
            return c >= 0;
        default:
            return false;
    }
}

bool contains(const AttributeValue& haystack, const AttributeValue& needle) {
    switch (haystack.type()) {
        case AttrType::kS:
            return needle.is(AttrType::kS) &&
                   haystack.as_string().find(needle.as_string()) != std::string::npos;
        case AttrType::kB:
            return needle.is(AttrType::kB) &&
                   haystack.as_binary().find(needle.as_binary()) != std::string::npos;
        case AttrType::kSS: {
            const auto& s = haystack.as_string_set();
            return needle.is(AttrType::kS) &&
                   std::binary_search(s.begin(), s.end(), needle.as_string());
        }
        case AttrType::kNS: {
            const auto& s = haystack.as_number_set();
            return needle.is(AttrType::kN) &&
                   std::binary_search(s.begin(), s.end(), needle.as_number());
        }
        case AttrType::kBS: {
            const auto& s = haystack.as_binary_set();
            return needle.is(AttrType::kB) &&
                   std::binary_search(s.begin(), s.end(), needle.as_binary());
        }
        case AttrType::kL:
            return std::find(haystack.as_list().begin(), haystack.as_list().end(), needle) !=
                   haystack.as_list().end();
        default:
            return false;
    }
}

bool evaluate_function(const Condition& c, const Item& item) {
    switch (c.function) {
        case ConditionFunction::kAttributeExists:
            return resolve_path(item, c.operands[0].path) != nullptr;
        case ConditionFunction::kAttributeNotExists:
            return resolve_path(item, c.operands[0].path) == nullptr;
        case ConditionFunction::kAttributeType: {
            const AttributeValue* a = resolve_path(item, c.operands[0].path);
            const Value t = evaluate_operand(c.operands[1], item);
            return a && t.get() && t.get()->is(AttrType::kS) &&
                   type_descriptor(a->type()) == t.get()->as_string();
        }
        case ConditionFunction::kBeginsWith: {
            const Value a = evaluate_operand(c.operands[0], item);
            const Value p = evaluate_operand(c.operands[1], item);
            if (!a.get() || !p.get() || a.get()->type() != p.get()->type()) return false;
            if (a.get()->is(AttrType::kS))
                return a.get()->as_string().starts_with(p.get()->as_string());
            if (a.get()->is(AttrType::kB))
                return a.get()->as_binary().starts_with(p.get()->as_binary());
            return false;
        }
        case ConditionFunction::kContains: {
            const Value a = evaluate_operand(c.operands[0], item);
            const Value n = evaluate_operand(c.operands[1], item);
            return a.get() && n.get() && contains(*a.get(), *n.get());
        }
    }
    return false;
}

// --- update -----------------------------------------------------------------------------

Error update_error(const std::string& message) {
    return Error::validation("Invalid UpdateExpression: " + message);
}

Result<AttributeValue> update_operand(const Operand& o, const Item& original) {
    switch (o.kind) {
        case Operand::Kind::kPath: {
            const AttributeValue* v = resolve_path(original, o.path);
            if (!v) {
                return Error::validation(
                    "The provided expression refers to an attribute that does not exist in the "
                    "item");
            }
            return *v;
        }
        case Operand::Kind::kConstant:
            return o.constant;
        case Operand::Kind::kIfNotExists: {
            const AttributeValue* v = resolve_path(original, o.args[0].path);
            if (v) return *v;
            return update_operand(o.args[1], original);
        }
        case Operand::Kind::kListAppend: {
            auto a = update_operand(o.args[0], original);
            if (!a) return a;
            auto b = update_operand(o.args[1], original);
            if (!b) return b;
            for (const auto* v : {&*a, &*b}) {
                if (!v->is(AttrType::kL)) {
                    return update_error(
                        "Incorrect operand type for operator or function; operator: list_append, "
                        "operand type: " +
                        std::string(type_descriptor(v->type())));
                }
            }
            AttributeValue::List out = a->as_list();
            out.insert(out.end(), b->as_list().begin(), b->as_list().end());
            return AttributeValue::list(std::move(out));
        }
        case Operand::Kind::kPlus:
        case Operand::Kind::kMinus: {
            auto a = update_operand(o.args[0], original);
            if (!a) return a;
            auto b = update_operand(o.args[1], original);
            if (!b) return b;
            if (!a->is(AttrType::kN) || !b->is(AttrType::kN)) {
                return Error::validation(
                    "An operand in the update expression has an incorrect data type");
            }
            auto r = o.kind == Operand::Kind::kPlus
                         ? Decimal::add(a->as_number(), b->as_number())
                         : Decimal::subtract(a->as_number(), b->as_number());
            if (!r) return r.take_error();
            return AttributeValue::number(std::move(*r));
        }
        case Operand::Kind::kSize:
            break;
    }
    return Error{ErrorCode::kInternal, "size() in an update expression", {}};
}

Error invalid_path() {
    return Error::validation(
        "The document path provided in the update expression is invalid for update");
}

// The container that holds the last element of `path`, or nullptr if it does not exist.
AttributeValue* parent_of(Item& item, const DocumentPath& path) {
    if (path.size() == 1) return nullptr;
    return walk_path(item, DocumentPath(path.begin(), path.end() - 1));
}

Status set_path(Item& item, const DocumentPath& path, AttributeValue value) {
    if (path.size() == 1) {
        item.insert_or_assign(path[0].name, std::move(value));
        return {};
    }
    AttributeValue* parent = parent_of(item, path);
    if (!parent) return invalid_path();
    const auto& last = path.back();
    if (last.is_index()) {
        if (!parent->is(AttrType::kL)) return invalid_path();
        auto& list = parent->as_list();
        if (static_cast<std::size_t>(last.index) >= list.size())
            list.push_back(std::move(value));
        else
            list[static_cast<std::size_t>(last.index)] = std::move(value);
    } else {
        if (!parent->is(AttrType::kM)) return invalid_path();
        parent->as_map().insert_or_assign(last.name, std::move(value));
    }
    return {};
}

// Removes the element at `path` if present; list removals are applied by the caller in
// descending index order so that indexes refer to the original list.
void remove_path(Item& item, const DocumentPath& path) {
    if (path.size() == 1) {
        item.erase(path[0].name);
        return;
    }
    AttributeValue* parent = parent_of(item, path);
    if (!parent) return;
    const auto& last = path.back();
    if (last.is_index()) {
        if (!parent->is(AttrType::kL)) return;
        auto& list = parent->as_list();
        if (static_cast<std::size_t>(last.index) < list.size())
            list.erase(list.begin() + last.index);
    } else if (parent->is(AttrType::kM)) {
        parent->as_map().erase(last.name);
    }
}

AttributeValue* mutable_path(Item& item, const DocumentPath& path) {
    return walk_path(item, path);
}

template <class T>
std::vector<T> set_union(const std::vector<T>& a, const std::vector<T>& b) {
    std::vector<T> out;
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}
template <class T>
std::vector<T> set_difference(const std::vector<T>& a, const std::vector<T>& b) {
    std::vector<T> out;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

Result<AttributeValue> make_set(AttrType type, std::vector<std::string> strings,
                                std::vector<Decimal> numbers) {
    if (type == AttrType::kSS) return AttributeValue::string_set(std::move(strings));
    if (type == AttrType::kBS) return AttributeValue::binary_set(std::move(strings));
    return AttributeValue::number_set(std::move(numbers));
}

const std::vector<std::string>& byte_members(const AttributeValue& v) {
    return v.is(AttrType::kSS) ? v.as_string_set() : v.as_binary_set();
}

// ADD (union / sum) or DELETE (difference) of `operand` into the value at `path`.
Status add_or_delete(Item& item, const SetMemberAction& action, bool add) {
    AttributeValue* current = mutable_path(item, action.path);
    const AttributeValue& operand = action.value;
    if (!current) {
        if (!add) return {};  // DELETE from a missing attribute does nothing
        return set_path(item, action.path, operand);
    }
    if (add && current->is(AttrType::kN) && operand.is(AttrType::kN)) {
        auto sum = Decimal::add(current->as_number(), operand.as_number());
        if (!sum) return sum.take_error();
        *current = AttributeValue::number(std::move(*sum));
        return {};
    }
    if (current->type() != operand.type() || !current->is_set()) {
        return Error::validation("An operand in the update expression has an incorrect data type");
    }
    const AttrType t = current->type();
    if (t == AttrType::kNS) {
        auto members = add ? set_union(current->as_number_set(), operand.as_number_set())
                           : set_difference(current->as_number_set(), operand.as_number_set());
        if (members.empty()) {
            remove_path(item, action.path);
            return {};
        }
        auto v = make_set(t, {}, std::move(members));
        if (!v) return v.take_error();
        *current = std::move(*v);
    } else {
        auto members = add ? set_union(byte_members(*current), byte_members(operand))
                           : set_difference(byte_members(*current), byte_members(operand));
        if (members.empty()) {
            remove_path(item, action.path);
            return {};
        }
        auto v = make_set(t, std::move(members), {});
        if (!v) return v.take_error();
        *current = std::move(*v);
    }
    return {};
}

}  // namespace

const AttributeValue* resolve_path(const Item& item, const DocumentPath& path) {
    return walk_path(item, path);
}

bool evaluate_condition(const Condition& c, const Item& item) {
    switch (c.kind) {
        case Condition::Kind::kAnd:
            return evaluate_condition(c.children[0], item) &&
                   evaluate_condition(c.children[1], item);
        case Condition::Kind::kOr:
            return evaluate_condition(c.children[0], item) ||
                   evaluate_condition(c.children[1], item);
        case Condition::Kind::kNot:
            return !evaluate_condition(c.children[0], item);
        case Condition::Kind::kFunction:
            return evaluate_function(c, item);
        case Condition::Kind::kCompare: {
            const Value a = evaluate_operand(c.operands[0], item);
            const Value b = evaluate_operand(c.operands[1], item);
            return compare(c.op, a.get(), b.get());
        }
        case Condition::Kind::kBetween: {
            const Value v = evaluate_operand(c.operands[0], item);
            const Value lo = evaluate_operand(c.operands[1], item);
            const Value hi = evaluate_operand(c.operands[2], item);
            return compare(CompareOp::kGe, v.get(), lo.get()) &&
                   compare(CompareOp::kLe, v.get(), hi.get());
        }
        case Condition::Kind::kIn: {
            const Value v = evaluate_operand(c.operands[0], item);
            if (!v.get()) return false;
            for (std::size_t i = 1; i < c.operands.size(); ++i) {
                const Value candidate = evaluate_operand(c.operands[i], item);
                if (candidate.get() && *candidate.get() == *v.get()) return true;
            }
            return false;
        }
    }
    return false;
}

Item projected(const Item& item, const std::optional<ProjectionExpression>& projection) {
    if (projection) return project(item, *projection);
    return item;
}

Item project(const Item& item, const ProjectionExpression& paths) {
    // Build nested maps; list elements are collected by original index and compacted in
    // index order at the end, as the service returns them.
    struct Node {
        std::map<std::string, Node> fields;     // map children
        std::map<std::int64_t, Node> elements;  // list children
        const AttributeValue* leaf = nullptr;
        bool is_list = false;
    };
    Node root;
    for (const auto& path : paths) {
        if (!resolve_path(item, path)) continue;
        Node* n = &root;
        const AttributeValue* cur = nullptr;
        for (std::size_t i = 0; i < path.size(); ++i) {
            const auto& e = path[i];
            if (i == 0) {
                cur = &item.find(e.name)->second;
                n = &root.fields[e.name];
            } else if (e.is_index()) {
                cur = &cur->as_list()[static_cast<std::size_t>(e.index)];
                n->is_list = true;
                n = &n->elements[e.index];
            } else {
                cur = &cur->as_map().find(e.name)->second;
                n = &n->fields[e.name];
            }
        }
        n->leaf = cur;
    }
    struct Build {
        static AttributeValue value(const Node& n) {
            if (n.leaf) return *n.leaf;
            if (n.is_list) {
                AttributeValue::List list;
                for (const auto& [idx, child] : n.elements)
                    list.push_back(value(child));
                return AttributeValue::list(std::move(list));
            }
            AttributeValue::Map map;
            for (const auto& [name, child] : n.fields)
                map.emplace(name, value(child));
            return AttributeValue::map(std::move(map));
        }
    };
    Item out;
    for (const auto& [name, child] : root.fields)
        out.emplace(name, Build::value(child));
    return out;
}

Result<Item> apply_update(const Item& original, const UpdateExpression& update) {
    // All SET values are computed from the original item first.
    std::vector<AttributeValue> values;
    values.reserve(update.set.size());
    for (const auto& action : update.set) {
        auto v = update_operand(action.value, original);
        if (!v) return v.take_error();
        values.push_back(std::move(*v));
    }
    Item item = original;
    for (std::size_t i = 0; i < update.set.size(); ++i) {
        DDBSIM_TRY(set_path(item, update.set[i].path, std::move(values[i])));
    }
    // REMOVE: list elements by descending index so earlier removals do not shift later ones.
    std::vector<const DocumentPath*> removes;
    for (const auto& p : update.remove)
        removes.push_back(&p);
    std::stable_sort(removes.begin(), removes.end(),
                     [](const DocumentPath* a, const DocumentPath* b) {
                         const bool ai = a->back().is_index(), bi = b->back().is_index();
                         if (ai && bi) return a->back().index > b->back().index;
                         return false;
                     });
    for (const auto* p : removes)
        remove_path(item, *p);
    for (const auto& a : update.add)
        DDBSIM_TRY(add_or_delete(item, a, true));
    for (const auto& d : update.del)
        DDBSIM_TRY(add_or_delete(item, d, false));
    return item;
}

}  // namespace ddbsim::storage
