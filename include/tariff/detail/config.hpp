#pragma once
// What tariff asks of the compiler, checked once by the headers everything else includes.
//
// GCC and Clang only: the checked arithmetic uses their overflow builtins
// (__builtin_add_overflow, __builtin_mul_overflow) and the native 128-bit integer. Any other
// compiler would fail somewhere deep in a template; it stops here with the reason instead.

#if !defined(__GNUC__) && !defined(__clang__)
#error "tariff supports GCC and Clang only (it uses their overflow builtins and __int128)"
#elif __cplusplus < 201703L
#error "tariff needs C++17 or later (-std=c++17)"
#endif
