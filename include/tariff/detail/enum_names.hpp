#pragma once
// One name table per enum, read both ways. Next to each enum with names, its header
// specialises enum_names with the names in enumerator order (the enumerators count up from
// zero); to_string_view(e) and from_name(name, e) then work for it, and so do the readers and
// writers of price books, Stripe prices, charges and bills. No enum name is spelled twice.

#include <cstddef>
#include <string>
#include <string_view>  // also std::size
#include <type_traits>

#include "parse_result.hpp"

namespace tariff {
namespace detail {

/// Specialised for each enum with names: `static constexpr std::string_view names[]`, in
/// enumerator order. The primary template is left undefined.
template <class E>
struct enum_names;

template <class E, class = void>
struct has_names : std::false_type {};
template <class E>
struct has_names<E, decltype(void(enum_names<E>::names))> : std::true_type {};

/// "a, b or c" ("\"a\", \"b\" or \"c\"" when quoted): the names of E for a message. `last`
/// separates the last two.
template <class E>
std::string name_list(bool quoted = false, std::string_view last = " or ") {
    std::string out;
    const auto& names = enum_names<E>::names;
    const std::size_t count = std::size(names);
    for (std::size_t i = 0; i < count; ++i) {
        if (i > 0) out += i + 1 == count ? last : std::string_view(", ");
        if (quoted) out += '"';
        out += names[i];
        if (quoted) out += '"';
    }
    return out;
}

}  // namespace detail

/// The name of an enumerator, as books, Stripe prices and outputs spell it; "?" for a value
/// that is not an enumerator.
template <class E, std::enable_if_t<detail::has_names<E>::value, int> = 0>
constexpr std::string_view to_string_view(E value) noexcept {
    const auto& names = detail::enum_names<E>::names;
    const auto index = static_cast<std::size_t>(value);
    return index < std::size(names) ? names[index] : std::string_view("?");
}

/// The enumerator called `name` (exact, case-sensitive), or syntax at position 0 when there is
/// none; `out` is left alone then.
template <class E, std::enable_if_t<detail::has_names<E>::value, int> = 0>
constexpr parse_result from_name(std::string_view name, E& out) noexcept {
    const auto& names = detail::enum_names<E>::names;
    for (std::size_t i = 0; i < std::size(names); ++i) {
        if (names[i] == name) {
            out = static_cast<E>(i);
            return {parse_status::ok, name.size()};
        }
    }
    return {parse_status::syntax, 0};
}

}  // namespace tariff
