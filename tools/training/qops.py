"""Integer reference of the Swift fixed-point kernels (numpy). The Swift tests compare
their outputs with vectors computed here, with tolerance 0, so every rounding step below
mirrors Sources/MilepostRecognition exactly (TFLite's MultiplyByQuantizedMultiplier:
SaturatingRoundingDoublingHighMul then RoundingDivideByPOT; zero points are 0)."""
import math

import numpy as np

I64 = np.int64


def quantize_multiplier(real):
    """real -> (multiplier int32 in [2^30, 2^31), shift) with real ~= m * 2^(shift - 31)."""
    if real == 0:
        return 0, 0
    m, e = math.frexp(real)
    q = int(round(m * (1 << 31)))
    if q == 1 << 31:
        q //= 2
        e += 1
    if e < -30:
        return 0, 0
    assert e <= 8, f"scale {real} too large"
    return q, e


def wrap32(x):
    return ((x.astype(I64) + (1 << 31)) % (1 << 32)) - (1 << 31)


def srdhm(a, b):
    a = np.asarray(a, I64)
    b = np.asarray(b, I64)
    ab = a * b
    nudge = np.where(ab >= 0, 1 << 30, 1 - (1 << 30))
    v = ab + nudge
    q = np.where(v >= 0, v >> 31, -((-v) >> 31))  # truncate toward zero
    sat = (a == b) & (a == -(1 << 31))
    return np.where(sat, (1 << 31) - 1, q)


def rdbpot(x, e):
    x = np.asarray(x, I64)
    e = np.asarray(e, I64)
    mask = (I64(1) << e) - 1
    rem = x & mask
    thr = (mask >> 1) + (x < 0)
    return (x >> e) + (rem > thr)


def mbqm(x, mult, shift):
    mult = np.asarray(mult, I64)
    shift = np.asarray(shift, I64)
    left = np.maximum(shift, 0)
    right = np.maximum(-shift, 0)
    return rdbpot(srdhm(wrap32(np.asarray(x, I64) << left), mult), right)


def conv2d(x, w, bias, mult, shift, stride, pad, out_min, out_max):
    """x: H,W,Cin int8; w: Cout,KH,KW,Cin int8; symmetric padding (pad_y, pad_x)."""
    H, W, C = x.shape
    O, KH, KW, _ = w.shape
    sy, sx = stride
    py, px = pad
    xp = np.zeros((H + 2 * py, W + 2 * px, C), I64)
    xp[py:py + H, px:px + W] = x
    OH = (H + 2 * py - KH) // sy + 1
    OW = (W + 2 * px - KW) // sx + 1
    cols = np.empty((OH, OW, KH, KW, C), I64)
    for ky in range(KH):
        for kx in range(KW):
            cols[:, :, ky, kx, :] = xp[ky:ky + sy * (OH - 1) + 1:sy, kx:kx + sx * (OW - 1) + 1:sx, :]
    acc = cols.reshape(OH * OW, -1) @ w.reshape(O, -1).astype(I64).T + np.asarray(bias, I64)
    acc = wrap32(acc)
    out = mbqm(acc, mult, shift)
    return np.clip(out, out_min, out_max).astype(np.int8).reshape(OH, OW, O)


def maxpool(x, k, s):
    H, W, C = x.shape
    OH, OW = (H - k) // s + 1, (W - k) // s + 1
    out = np.full((OH, OW, C), -128, np.int8)
    for ky in range(k):
        for kx in range(k):
            out = np.maximum(out, x[ky:ky + s * (OH - 1) + 1:s, kx:kx + s * (OW - 1) + 1:s])
    return out


def dense(x, w, bias, mult, shift, out_min, out_max):
    acc = wrap32(w.astype(I64) @ x.astype(I64) + np.asarray(bias, I64))
    return np.clip(mbqm(acc, mult, shift), out_min, out_max).astype(np.int8)


def add(a, b, left, m1, s1, m2, s2, mo, so, out_min=-128, out_max=127):
    x = mbqm(np.asarray(a, I64) << left, m1, s1)
    y = mbqm(np.asarray(b, I64) << left, m2, s2)
    return np.clip(mbqm(wrap32(x + y), mo, so), out_min, out_max).astype(np.int8)


def _coord(out, out_size, origin, span):
    return (origin << 16) + (((2 * out + 1) * span) << 16) // (2 * out_size) - 32768


def _taps(c, limit):
    c = np.clip(c, 0, (limit - 1) << 16)
    i0 = c >> 16
    return i0, np.minimum(i0 + 1, limit - 1), (c >> 8) & 255


def resize(img, box, out_w, out_h):
    """Bilinear, half-pixel centres, Q16 coordinates, Q8 weights, rounded half up."""
    H, W = img.shape
    x, y, bw, bh = box
    ox = np.arange(out_w)
    oy = np.arange(out_h)
    x0, x1, fx = _taps(_coord(ox, out_w, x, bw), W)
    y0, y1, fy = _taps(_coord(oy, out_h, y, bh), H)
    im = img.astype(I64)
    top = im[y0][:, x0] * (256 - fx) + im[y0][:, x1] * fx
    bottom = im[y1][:, x0] * (256 - fx) + im[y1][:, x1] * fx
    return ((top * (256 - fy)[:, None] + bottom * fy[:, None] + 32768) >> 16).astype(np.uint8)


def integral(img):
    t = np.zeros((img.shape[0] + 1, img.shape[1] + 1), I64)
    t[1:, 1:] = img.astype(I64).cumsum(0).cumsum(1)
    return t


def triangle_taps(out_size, origin, span, limit):
    """Twin of Swift's TriangleFilter.taps: [(first, [Q14 weights summing to 16384])]."""
    scale = (span << 16) // out_size
    radius = max(scale, 1 << 16)
    taps = []
    for o in range(out_size):
        centre = (origin << 16) + (((2 * o + 1) * span) << 16) // (2 * out_size)
        lo, hi = max(0, (centre - radius) >> 16), min(limit - 1, (centre + radius) >> 16)
        raw = [max(0, radius - abs(((2 * i + 1) << 15) - centre)) for i in range(lo, hi + 1)]
        total = sum(raw)
        if total == 0:
            taps.append((min(max(centre >> 16, 0), limit - 1), [1 << 14]))
            continue
        w = [((r << 14) + total // 2) // total for r in raw]
        k = max(range(len(w)), key=lambda i: (w[i], -i))
        w[k] += (1 << 14) - sum(w)
        taps.append((lo, w))
    return taps


def resize_filtered(img, box, out_w, out_h):
    """Shrinking resize with a triangle filter widened by the shrink factor (PIL BILINEAR-like):
    row sums rounded to Q6, the total to 8 bits. Twin of Swift's resizeFiltered."""
    H, W = img.shape
    x, y, bw, bh = box
    cols = triangle_taps(out_w, x, bw, W)
    rows = triangle_taps(out_h, y, bh, H)
    im = img.astype(I64)
    hx = np.zeros((H, out_w), I64)
    for ox, (first, w) in enumerate(cols):
        hx[:, ox] = (im[:, first:first + len(w)] * np.array(w, I64)[None, :]).sum(1)
    hx = (hx + 128) >> 8
    out = np.zeros((out_h, out_w), I64)
    for oy, (first, w) in enumerate(rows):
        out[oy] = (hx[first:first + len(w)] * np.array(w, I64)[:, None]).sum(0)
    return ((out + (1 << 19)) >> 20).astype(np.uint8)


STRETCH_MIN_RANGE = 16


def stretch_contrast(crops, clip_percent):
    """Per-crop contrast stretch of uint8 crops (..., H, W): the pixel of rank k = n * clip // 100
    from the dark end goes to 0 and the one of rank k from the bright end to 255, linearly, with
    rounding half up and clamping; the spread is taken as at least STRETCH_MIN_RANGE grey levels
    so that a flat crop's noise is not blown up. clip_percent 0 is no stretch. Twin of Swift's
    ContrastStretch."""
    if clip_percent == 0:
        return crops
    shape = crops.shape
    flat = crops.reshape(-1, shape[-2] * shape[-1]).astype(I64)
    n = flat.shape[1]
    k = n * clip_percent // 100
    ordered = np.sort(flat, axis=1)
    lo, hi = ordered[:, k:k + 1], ordered[:, n - 1 - k:n - k]
    spread = np.maximum(hi - lo, STRETCH_MIN_RANGE)
    d = np.maximum(flat - lo, 0)
    out = np.minimum((d * 255 + spread // 2) // spread, 255)
    return out.reshape(shape).astype(np.uint8)
