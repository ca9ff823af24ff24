#pragma once
/// tariff's exception hierarchy: everything thrown by the library derives from tariff::error.

#include <stdexcept>
#include <string>

#include "detail/config.hpp"

namespace tariff {

/// Base of every exception tariff throws.
class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Text that is not a well-formed value (a decimal, a quantity, a date, a currency code).
class parse_error : public error {
public:
    using error::error;
};

/// A result that does not fit the representation; tariff never wraps.
class overflow_error : public error {
public:
    using error::error;
};

/// A tier table that breaks a rule (bounds order, quote tier not last, min above max, ...).
class invalid_table : public error {
public:
    using error::error;
};

/// A price book (JSON) that is malformed or breaks a table rule; the message names the JSON path.
class invalid_book : public error {
public:
    using error::error;
};

/// An argument outside what an operation accepts (a zero top-up, an unknown currency, ...).
class invalid_argument : public error {
public:
    using error::error;
};

/// An operation refused because of the object's state (a period settled twice, ...).
class refused : public error {
public:
    using error::error;
};

}  // namespace tariff
