// Result<T>: a value or an Error, the engine's only way of reporting failure.
//
// Modelled on LevelDB's Status and C++23's std::expected: cheap to move, explicit to
// inspect. Accessing the value of a failed result is a programming error (asserted).
#pragma once

#include <cassert>
#include <optional>
#include <utility>
#include <variant>

#include "common/error.hpp"

namespace ddbsim {

template <class T>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
    Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(v_);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(v_);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(v_));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const {
        assert(!ok());
        return std::get<1>(v_);
    }
    Error&& take_error() {
        assert(!ok());
        return std::get<1>(std::move(v_));
    }

  private:
    std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error error) : error_(std::move(error)) {}  // NOLINT

    bool ok() const { return !error_; }
    explicit operator bool() const { return ok(); }
    const Error& error() const {
        assert(error_);
        return *error_;
    }
    Error&& take_error() {
        assert(error_);
        return std::move(*error_);
    }

  private:
    // Empty on success, so a success builds and destroys no Error (its strings and vector).
    std::optional<Error> error_;
};

using Status = Result<void>;

}  // namespace ddbsim

// Propagates a failed Result out of the enclosing function, which must return a Result.
#define DDBSIM_TRY(expr)                                            \
    do {                                                            \
        auto&& ddbsim_try_r_ = (expr);                              \
        if (!ddbsim_try_r_.ok()) return ddbsim_try_r_.take_error(); \
    } while (0)
