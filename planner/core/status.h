// Status and StatusOr<T>: the error channel for bad user input (leveldb's shape).
//
// A Status is either OK or carries one human-readable message that already names the input file,
// the line (where known), the field and what was expected, e.g.
//   configs/clusters/x.yaml:7: gpu: unknown GPU 'a100-90gb'; did you mean 'a100-sxm-80gb'?
// Programmer errors are asserts, never a Status. Only main() turns a Status into an exit code.
#ifndef FITPLAN_PLANNER_CORE_STATUS_H_
#define FITPLAN_PLANNER_CORE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace fitplan {

class Status {
 public:
  enum class Code { kOk, kInvalidInput, kInternal };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidInput(std::string message) {
    return Status(Code::kInvalidInput, std::move(message));
  }
  static Status Internal(std::string message) {
    return Status(Code::kInternal, std::move(message));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// Builds the canonical input-error text "FILE:LINE:COLUMN: FIELD: WHAT" (1-based line and column,
// as compilers print them). LINE ≤ 0 means unknown and is left out with COLUMN; COLUMN ≤ 0 alone
// is left out too ("FILE:LINE: ..."); an empty FILE or FIELD is left out with its separator.
Status InputError(std::string_view file, int line, int column, std::string_view field,
                  std::string_view what);
// The same without a column.
Status InputError(std::string_view file, int line, std::string_view field, std::string_view what);

// Either a value or a non-OK Status.
template <typename T>
class StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.ok());  // REQUIRES: an error status; an OK StatusOr carries a value.
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T& value() & {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace fitplan

// Returns the Status of `expr` from the enclosing function when it is not OK.
#define FITPLAN_RETURN_IF_ERROR(expr)   \
  do {                                  \
    ::fitplan::Status status_ = (expr); \
    if (!status_.ok()) return status_;  \
  } while (false)

#endif  // FITPLAN_PLANNER_CORE_STATUS_H_
