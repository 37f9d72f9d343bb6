"""Synthetic US licence plate renderer.

Renders whole plates (state name, main text, slogan, separators, emblems) in many
state-like styles with the free Debian fonts fonts-roadgeek (MIT) and
fonts-routed-gothic (OFL), then degrades them the way a roadside camera does:
perspective, small size and blur, IR night look, noise and JPEG artefacts.

Everything is grey-scale: the camera delivers the Y plane only.
"""
import glob
import io
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ALPHABET = "0123456789ABCDEFGHIJKLMNPQRSTUVWXYZ"  # no letter O: US labels use zero
LETTERS = "ABCDEFGHIJKLMNPQRSTUVWXYZ"
DIGITS = "0123456789"

MAIN_FONTS = sorted(glob.glob("/usr/share/fonts/truetype/roadgeek/*.ttf")) + sorted(
    f for f in glob.glob("/usr/share/fonts/truetype/routed-gothic/*.ttf") if "italic" not in f
)
SMALL_FONTS = MAIN_FONTS + sorted(glob.glob("/usr/share/fonts/truetype/dejavu/DejaVuSans*.ttf"))

STATES = [
    "ALABAMA", "ALASKA", "ARIZONA", "ARKANSAS", "California", "COLORADO", "CONNECTICUT",
    "DELAWARE", "Florida", "GEORGIA", "HAWAII", "IDAHO", "ILLINOIS", "INDIANA", "IOWA",
    "KANSAS", "KENTUCKY", "LOUISIANA", "MAINE", "MARYLAND", "MASSACHUSETTS", "MICHIGAN",
    "MINNESOTA", "MISSISSIPPI", "MISSOURI", "MONTANA", "NEBRASKA", "NEVADA", "NEW HAMPSHIRE",
    "NEW JERSEY", "NEW MEXICO", "NEW YORK", "NORTH CAROLINA", "NORTH DAKOTA", "OHIO",
    "OKLAHOMA", "OREGON", "PENNSYLVANIA", "RHODE ISLAND", "SOUTH CAROLINA", "SOUTH DAKOTA",
    "TENNESSEE", "Texas", "UTAH", "VERMONT", "VIRGINIA", "WASHINGTON", "WEST VIRGINIA",
    "WISCONSIN", "WYOMING", "DISTRICT OF COLUMBIA",
]
SLOGANS = [
    "EMPIRE STATE", "GARDEN STATE", "SUNSHINE STATE", "THE GREAT LAKE STATE", "LAND OF LINCOLN",
    "FIRST IN FLIGHT", "LIVE FREE OR DIE", "dmv.ca.gov", "visitPA.com", "THE LONE STAR STATE",
    "GRAND CANYON STATE", "TAXATION WITHOUT REPRESENTATION", "FAMOUS POTATOES", "", "", "",
]

# Patterns seen on US plates: L = letter, D = digit, X = either.
PATTERNS = [
    "LLLDDDD", "DLLLDDD", "LLLDDD", "DDDLLL", "DLDDDD", "LLDDDDD", "DDDDDD", "LLLLDDD",
    "DLLDDD", "DDLLDD", "LDDLLL", "DDDDLL", "LLDDDD", "DLLLLDD", "DDDLDDD", "XXXXXXX",
    "XXXXXX", "XXXXX", "LLLDDDL", "DDLDDD", "LLDLDD", "DDDDDDD", "XXXX", "XXXXXXXX",
]


def random_text(rng):
    pattern = rng.choice(PATTERNS)
    out = []
    for p in pattern:
        if p == "L":
            out.append(rng.choice(LETTERS))
        elif p == "D":
            out.append(rng.choice(DIGITS))
        else:
            out.append(rng.choice(ALPHABET))
    return "".join(out)


def _font(path, size):
    return ImageFont.truetype(path, size)


def _text_size(draw, text, font):
    x0, y0, x1, y1 = draw.textbbox((0, 0), text, font=font)
    return x1 - x0, y1 - y0, x0, y0


def render_plate(rng, text=None):
    """Render a frontal plate, about 240x120 grey pixels. Returns (PIL image, text)."""
    text = text or random_text(rng)
    W, H = 240, 120
    light = rng.random() < 0.85
    bg = rng.randint(170, 255) if light else rng.randint(10, 90)
    fg = rng.randint(0, 90) if light else rng.randint(180, 255)
    img = Image.new("L", (W, H), bg)
    d = ImageDraw.Draw(img)
    # background graphics: gradient bands, sky/mountain-like shapes, stripes
    arr = np.array(img, dtype=np.float32)
    if rng.random() < 0.6:
        amp = rng.uniform(-60, 60)
        yy = np.linspace(0, 1, H)[:, None]
        arr += amp * (yy - 0.5) if rng.random() < 0.5 else amp * np.sin(yy * rng.uniform(2, 9) + rng.uniform(0, 6))
    if rng.random() < 0.4:
        xs = np.linspace(0, 1, W)[None, :]
        arr += rng.uniform(-40, 40) * np.sin(xs * rng.uniform(3, 12) + rng.uniform(0, 6)) * (np.linspace(0, 1, H)[:, None] > rng.uniform(0.5, 0.9))
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    if rng.random() < 0.8:
        bw = rng.randint(1, 5)
        d.rounded_rectangle([1, 1, W - 2, H - 2], radius=rng.randint(0, 12), outline=fg if rng.random() < 0.6 else rng.randint(0, 255), width=bw)
    # state name and slogan
    small = _font(rng.choice(SMALL_FONTS), rng.randint(14, 24))
    state = rng.choice(STATES)
    if rng.random() < 0.9:
        tw, th, ox, oy = _text_size(d, state, small)
        x = (W - tw) // 2 if rng.random() < 0.8 else rng.randint(6, max(7, W - tw - 6))
        d.text((x - ox, rng.randint(3, 10) - oy), state, font=small, fill=rng.randint(0, 255) if rng.random() < 0.3 else fg)
    slogan = rng.choice(SLOGANS)
    if slogan:
        sf = _font(rng.choice(SMALL_FONTS), rng.randint(10, 16))
        tw, th, ox, oy = _text_size(d, slogan, sf)
        d.text(((W - tw) // 2 - ox, H - th - rng.randint(4, 10) - oy), slogan, font=sf, fill=fg)
    # main text, with an optional separator (dash, dot, emblem) somewhere inside
    font_path = rng.choice(MAIN_FONTS)
    size = rng.randint(52, 70)
    font = _font(font_path, size)
    parts = [text]
    sep = None
    if len(text) >= 5 and rng.random() < 0.5:
        cut = rng.randint(2, len(text) - 2)
        parts = [text[:cut], text[cut:]]
        sep = rng.choice(["dash", "dot", "emblem", "space"])
    gap = rng.randint(0, 6)
    sep_w = {"dash": 18, "dot": 12, "emblem": 30, "space": 14, None: 0}[sep]
    widths = [_text_size(d, p, font)[0] + gap * (len(p) - 1) for p in parts]
    total = sum(widths) + sep_w
    max_w = W - 24
    if total > max_w:
        size = max(24, int(size * max_w / total))
        font = _font(font_path, size)
        widths = [_text_size(d, p, font)[0] + gap * (len(p) - 1) for p in parts]
        total = sum(widths) + sep_w
    _, th, _, oy = _text_size(d, "A0", font)
    x = (W - total) // 2 + rng.randint(-4, 4)
    y = (H - th) // 2 - oy + rng.randint(-4, 6)
    for i, p in enumerate(parts):
        for ch in p:
            cw, _, ox, _ = _text_size(d, ch, font)
            d.text((x - ox, y), ch, font=font, fill=fg)
            x += cw + gap
        x -= gap
        if i == 0 and sep:
            cy = y + oy + th // 2
            if sep == "dash":
                d.rectangle([x + 4, cy - 2, x + 14, cy + 2], fill=fg)
            elif sep == "dot":
                d.ellipse([x + 3, cy - 3, x + 9, cy + 3], fill=fg)
            elif sep == "emblem":
                d.ellipse([x + 3, cy - 12, x + 27, cy + 12], outline=fg, width=2, fill=rng.randint(0, 255))
            x += sep_w
    return img, text


def perspective_coeffs(src, dst):
    """Coefficients for PIL's PERSPECTIVE transform mapping dst corners to src corners."""
    m = []
    for (x, y), (u, v) in zip(dst, src):
        m.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        m.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    a = np.array(m, dtype=np.float64)
    b = np.array([c for p in src for c in p], dtype=np.float64)
    return np.linalg.solve(a, b).tolist()


def degrade(rng, img, out_w, out_h, margin=(0.02, 0.12), jitter=0.06):
    """Place a frontal plate in a random surround with perspective, then crop it the way
    the detector would (loose box with jitter), degrade, and resize to out_w x out_h."""
    W, H = img.size
    pad = int(W * 0.6)
    surround = rng.randint(0, 255)
    canvas = Image.new("L", (W + 2 * pad, H + 2 * pad), surround)
    arr = np.array(canvas, dtype=np.float32)
    arr += np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, rng.uniform(2, 30), arr.shape)
    canvas = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    canvas.paste(img, (pad, pad))
    # perspective: move each plate corner a little
    k = rng.uniform(0.0, 0.12)
    corners = [(pad, pad), (pad + W, pad), (pad + W, pad + H), (pad, pad + H)]
    moved = [(x + rng.uniform(-k, k) * W, y + rng.uniform(-k, k) * H) for x, y in corners]
    rot = rng.uniform(-0.08, 0.08)
    cx, cy = pad + W / 2, pad + H / 2
    moved = [(cx + (x - cx) * np.cos(rot) - (y - cy) * np.sin(rot), cy + (x - cx) * np.sin(rot) + (y - cy) * np.cos(rot)) for x, y in moved]
    coeffs = perspective_coeffs(corners, moved)
    canvas = canvas.transform(canvas.size, Image.PERSPECTIVE, coeffs, Image.BILINEAR)
    xs = [p[0] for p in moved]
    ys = [p[1] for p in moved]
    bx0, bx1, by0, by1 = min(xs), max(xs), min(ys), max(ys)
    bw, bh = bx1 - bx0, by1 - by0
    m = rng.uniform(*margin)
    jx, jy = rng.uniform(-jitter, jitter) * bw, rng.uniform(-jitter, jitter) * bh
    sx, sy = rng.uniform(1 - jitter, 1 + jitter), rng.uniform(1 - jitter, 1 + jitter)
    cw, ch = bw * (1 + 2 * m) * sx, bh * (1 + 2 * m) * sy
    ccx, ccy = (bx0 + bx1) / 2 + jx, (by0 + by1) / 2 + jy
    crop = canvas.crop((int(ccx - cw / 2), int(ccy - ch / 2), int(ccx + cw / 2), int(ccy + ch / 2)))
    return camera_effects(rng, crop, out_w, out_h)


def camera_effects(rng, crop, out_w, out_h):
    # small plates: shrink to the size seen in the frame (plates are 40-120 px wide), then back
    small_w = rng.randint(36, 140)
    small_h = max(8, int(small_w * crop.size[1] / crop.size[0]))
    crop = crop.resize((small_w, small_h), Image.BILINEAR)
    if rng.random() < 0.5:
        crop = crop.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 1.2)))
    arr = np.array(crop, dtype=np.float32)
    if rng.random() < 0.25:  # IR night look: glowing retro-reflective plate, dark surround
        gamma = rng.uniform(0.4, 0.8)
        arr = 255 * (arr / 255) ** gamma
        arr = (arr - arr.mean()) * rng.uniform(1.2, 2.0) + rng.uniform(100, 180)
    else:
        arr = (arr - 128) * rng.uniform(0.4, 1.3) + 128 + rng.uniform(-60, 60)
    if rng.random() < 0.3:  # uneven light or shadow
        g = np.linspace(rng.uniform(-50, 0), rng.uniform(0, 50), arr.shape[1])[None, :]
        arr += g
    arr += np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, rng.uniform(0, 10), arr.shape)
    crop = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if rng.random() < 0.7:
        buf = io.BytesIO()
        crop.save(buf, "JPEG", quality=rng.randint(15, 90))
        buf.seek(0)
        crop = Image.open(buf).convert("L")
    return crop.resize((out_w, out_h), Image.BILINEAR)


def synthetic_reader_sample(rng, out_w=94, out_h=24):
    plate, text = render_plate(rng)
    return np.array(degrade(rng, plate, out_w, out_h), dtype=np.uint8), text


if __name__ == "__main__":
    import sys
    rng = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    tiles = []
    for i in range(24):
        a, t = synthetic_reader_sample(rng)
        tiles.append(np.kron(a, np.ones((3, 3), dtype=np.uint8)))
        print(t)
    Image.fromarray(np.concatenate([np.concatenate(tiles[r * 4:(r + 1) * 4], axis=1) for r in range(6)], axis=0)).save("/tmp/synth.png")
