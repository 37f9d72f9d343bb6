#ifndef MILEPOST_REQUANTIZE_H
#define MILEPOST_REQUANTIZE_H

#include <stdint.h>

// The same arithmetic as FixedPoint in Swift (QuantizedMultiplier.swift): the doubled
// high multiply with ties toward +infinity, then a right shift rounding half away from zero.

static inline int32_t milepost_saturating_rounding_doubling_high_mul(int32_t a, int32_t b) {
    if (a == b && a == INT32_MIN) return INT32_MAX;
    int64_t product = (int64_t)a * (int64_t)b;
    int64_t nudge = product >= 0 ? (1LL << 30) : (1 - (1LL << 30));
    return (int32_t)((product + nudge) / (1LL << 31));  // C division truncates toward zero
}

static inline int32_t milepost_rounding_divide_by_power_of_two(int32_t x, int32_t exponent) {
    int32_t mask = (int32_t)((1U << exponent) - 1);
    int32_t remainder = x & mask;
    int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

static inline int8_t milepost_requantize(int32_t x, int32_t multiplier, int32_t shift, int8_t low, int8_t high) {
    int32_t left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
    int32_t shifted = (int32_t)((uint32_t)x << left);  // wrapping, as Swift's &<<
    int32_t v = milepost_rounding_divide_by_power_of_two(
        milepost_saturating_rounding_doubling_high_mul(shifted, multiplier), right);
    return (int8_t)(v < low ? low : (v > high ? high : v));
}

#endif
