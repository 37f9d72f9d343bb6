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
# Real plates: tall condensed gothic lettering, state names often in serif or script-like italics.
CONDENSED_FONTS = MAIN_FONTS + sorted(
    glob.glob("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf")
    + glob.glob("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf")
    + glob.glob("/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Bold.ttf")
    + glob.glob("/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Regular.ttf")
    + glob.glob("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"))
# Condensed gothics closest to state plate lettering (straight-sided zeros, narrow W), used by
# the clutter renderer only so that the older shards render as before: fonts-bebas-neue (OFL),
# fonts-opendin (OFL).
PLATE_GOTHIC_FONTS = sorted(glob.glob("/usr/share/fonts/opentype/bebas-neue/BebasNeue-[BR]*.otf") + glob.glob("/usr/share/fonts/truetype/opendin/*.ttf"))
STATE_FONTS = SMALL_FONTS + sorted(
    glob.glob("/usr/share/fonts/truetype/dejavu/DejaVuSerif*.ttf") + glob.glob("/usr/share/fonts/truetype/liberation/LiberationSerif-*.ttf"))
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

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


# Standard serial formats of several states that PATTERNS lacks (Missouri's LLD-LDL, with
# its emblem between the halves, is a third of the openalpr-us-dev frames). A reader that
# never sees a digit between letters learns to read it as the look-alike letter (8 as B,
# 1 as I), and the reverse.
FORMAT_PATTERNS = ["LLDLDL", "LLDLDL", "LLDLDL", "LDDDLL", "DLLDDDD", "LDDDDL", "DDLDDDD",
                   "DLDDDDD", "DLLLDD", "LLLLDD", "LLDLDDD", "DLDLDDD", "DDLDLL"]


def random_text(rng, patterns=PATTERNS):
    pattern = rng.choice(patterns)
    out = []
    for p in pattern:
        if p == "L":
            out.append(rng.choice(LETTERS))
        elif p == "D":
            out.append(rng.choice(DIGITS))
        else:
            out.append(rng.choice(ALPHABET))
    return "".join(out)


# Look-alikes the reader confuses most (condensed 0/D/Q/U, 8/B, 1/I/T, W/M/H, 6/G/B).
CONFUSABLE_DIGITS = "0000881166255"
CONFUSABLE_LETTERS = "DDQUBBIITWWMHGSZ"


def confusable_text(rng, letter_zero=False, patterns=PATTERNS):
    """`random_text` with about a third of its characters swapped for look-alikes of the same kind.
    `letter_zero`: letters may also become zero, which `letter_o` draws as the letter O (vanity
    plates such as KAPORO or NOGODS, labelled with zeros)."""
    out = []
    for ch in random_text(rng, patterns):
        if rng.random() < 0.35:
            ch = rng.choice(CONFUSABLE_DIGITS if ch in DIGITS else CONFUSABLE_LETTERS + ("000" if letter_zero else ""))
        out.append(ch)
    return "".join(out)


# Letters the real training crops almost never show (reported-us: 12 I and 1 Q in 2,065
# labelled crops, against 735 T, a third of them New York taxi plates), so the reader
# learned to read a plain bar as T and a round letter with a tail as zero.
RARE_LETTERS = "IIIIQQQWWWUVVY"


def letters_swapped_text(rng, letters):
    """`random_text` with about half of its letters swapped for ones drawn from `letters`."""
    return "".join(rng.choice(letters) if ch in LETTERS and rng.random() < 0.5 else ch for ch in random_text(rng))


def rare_letter_text(rng):
    """`random_text` with about half of its letters swapped for letters rare in the real crops."""
    return letters_swapped_text(rng, RARE_LETTERS)


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


def _text_layer(text, font, gap):
    """White-on-black mask of a text line, cropped to its ink."""
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    w = sum(_text_size(probe, ch, font)[0] for ch in text) + gap * max(0, len(text) - 1) + 8
    _, th, _, oy = _text_size(probe, "A0" + text, font)
    layer = Image.new("L", (max(8, w), th + 8), 0)
    d = ImageDraw.Draw(layer)
    x = 4
    for ch in text:
        cw, _, ox, _ = _text_size(d, ch, font)
        d.text((x - ox, 4 - oy), ch, font=font, fill=255)
        x += cw + gap
    box = layer.getbbox()
    return layer.crop(box) if box else layer


# Glyphs real plate fonts keep narrow inside their cell; every other glyph fills the cell.
NARROW_GLYPHS = "1IJ"


def _flipped_m(glyph):
    """An M glyph turned upside down within its own ink rows: the W of California's and
    Texas's plate fonts, whose outer strokes stand upright and whose middle peak reaches the
    cap height. Drawn as the fonts' own W, it is a V pair with splayed strokes, and the
    reader read the real one as H, M or IV."""
    box = glyph.getbbox()
    if not box:
        return glyph
    out = glyph.copy()
    out.paste(glyph.crop(box).transpose(Image.FLIP_TOP_BOTTOM), box[:2])
    return out


def _monospaced_text_layer(text, font, gap, rng, flipped_w=0.0):
    """`_text_layer` in fixed-width cells, as most state plate fonts are: wide glyphs (W, M)
    are squeezed to the cell, which makes them look much like H and N, and narrow ones (1, I)
    sit centred in it. The cell is as wide as the font's N, give or take 15%. With
    `flipped_w`, that share of the Ws is the font's M upside down (`_flipped_m`)."""
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    _, th, _, oy = _text_size(probe, "A0" + text, font)
    cell = max(4, int(_text_size(probe, "N", font)[0] * rng.uniform(0.85, 1.15)))
    layer = Image.new("L", (len(text) * (cell + gap) + 8, th + 8), 0)
    x = 4
    for ch in text:
        flip = ch == "W" and flipped_w > 0 and rng.random() < flipped_w
        cw, _, ox, _ = _text_size(probe, "M" if flip else ch, font)
        glyph = Image.new("L", (cw + 8, th + 8), 0)
        ImageDraw.Draw(glyph).text((4 - ox, 4 - oy), "M" if flip else ch, font=font, fill=255)
        if flip:
            glyph = _flipped_m(glyph)
        box = glyph.getbbox()
        if box:
            glyph = glyph.crop((box[0], 0, box[2], th + 8))
            w = min(glyph.size[0], cell) if ch in NARROW_GLYPHS else cell
            layer.paste(glyph.resize((w, th + 8), Image.BILINEAR), (x + (cell - w) // 2, 0))
        x += cell + gap
    box = layer.getbbox()
    return layer.crop(box) if box else layer


def _paste_ink(img, mask, x, y, value):
    img.paste(Image.new("L", mask.size, value), (int(x), int(y)), mask)


SYMBOL_KINDS = ["cactus", "clover", "flag", "stars", "wheelchair", "stacked", "stacked", "blob"]
# Pictures drawn in solid ink, with the strokes that get read as I, 8, Y, G or Q: scene
# silhouettes, towers and trees (lighthouse, pine), suns with rays (New Mexico's zia).
INK_PICTURE_KINDS = ["silhouette", "tower", "sun"]


def _symbol(rng, d, x0, y0, w, h, ink, kinds=SYMBOL_KINDS, img=None):
    """A pictogram that is not a character: cactus, clover, flag with small digits, star row,
    wheelchair, stacked small letters, a state outline, or (kind "picture", drawn into `img`,
    the image `d` draws on) a detailed picture."""
    kind = rng.choice(kinds)
    cx, cy = x0 + w / 2, y0 + h / 2
    if kind == "cactus":
        d.rectangle([cx - w * 0.1, y0, cx + w * 0.1, y0 + h], fill=ink)
        d.rectangle([cx - w * 0.4, cy - h * 0.1, cx - w * 0.1, cy], fill=ink)
        d.rectangle([cx - w * 0.4, cy - h * 0.35, cx - w * 0.3, cy], fill=ink)
        d.rectangle([cx + w * 0.1, cy, cx + w * 0.4, cy + h * 0.1], fill=ink)
        d.rectangle([cx + w * 0.3, cy - h * 0.25, cx + w * 0.4, cy + h * 0.1], fill=ink)
    elif kind == "clover":
        r = min(w, h) * 0.22
        for dx, dy in [(-r, -r), (r, -r), (-r, r), (r, r)]:
            d.ellipse([cx + dx - r, cy + dy - r, cx + dx + r, cy + dy + r], outline=ink, width=2)
    elif kind == "flag":
        d.rectangle([x0, y0, x0 + w, y0 + h], fill=ink)
        f = _font(rng.choice(SMALL_FONTS), max(8, int(h * 0.4)))
        d.text((x0 + 2, cy), f"{rng.randint(0, 99)}", font=f, fill=255 - ink)
    elif kind == "stars":
        for k in range(rng.randint(2, 3)):
            sx, r = x0 + (k + 0.5) * w / 3, w / 8
            d.polygon([(sx, cy - r), (sx + r * 0.3, cy - r * 0.2), (sx + r, cy - r * 0.2), (sx + r * 0.4, cy + r * 0.3),
                       (sx + r * 0.6, cy + r), (sx, cy + r * 0.5), (sx - r * 0.6, cy + r), (sx - r * 0.4, cy + r * 0.3),
                       (sx - r, cy - r * 0.2), (sx - r * 0.3, cy - r * 0.2)], fill=ink)
        if rng.random() < 0.7:  # DC's double bar under or beside the stars
            d.rectangle([x0, cy + h * 0.2, x0 + w, cy + h * 0.25], fill=ink)
            d.rectangle([x0, cy + h * 0.32, x0 + w, cy + h * 0.37], fill=ink)
    elif kind == "wheelchair":
        d.rectangle([x0, y0, x0 + w, y0 + h], fill=ink)
        d.ellipse([cx - w * 0.3, cy - h * 0.05, cx + w * 0.2, cy + h * 0.4], outline=255 - ink, width=2)
        d.ellipse([cx - w * 0.05, y0 + h * 0.08, cx + w * 0.1, y0 + h * 0.22], fill=255 - ink)
        d.line([cx, y0 + h * 0.25, cx, cy + h * 0.1, cx + w * 0.3, cy + h * 0.1], fill=255 - ink, width=2)
    elif kind == "stacked":
        n = rng.choice([2, 2, 3])
        f = _font(rng.choice(SMALL_FONTS + MAIN_FONTS), max(8, int(h / n * 0.95)))
        for k in range(n):
            d.text((x0 + rng.randint(0, 3), y0 + k * h / n), rng.choice(LETTERS + DIGITS), font=f, fill=ink)
    elif kind == "picture":
        _picture(rng, img, x0, y0, w, h, ink)
    elif kind == "silhouette":
        _silhouette(rng, img, x0, y0, w, h, ink)
    elif kind == "tower":
        tw = w * rng.uniform(0.12, 0.3)
        d.polygon([(cx - tw, y0 + h), (cx + tw, y0 + h), (cx + tw * 0.5, y0 + h * 0.1), (cx - tw * 0.5, y0 + h * 0.1)], fill=ink)
        for k in range(rng.randint(1, 4)):
            ty = y0 + h * rng.uniform(0.05, 0.8)
            if rng.random() < 0.5:  # branches
                d.polygon([(cx, ty), (cx - w * rng.uniform(0.2, 0.5), ty + h * 0.25), (cx + w * rng.uniform(0.2, 0.5), ty + h * 0.25)], fill=ink)
            else:  # gallery or band
                d.rectangle([cx - tw * 1.6, ty, cx + tw * 1.6, ty + h * 0.06], fill=ink if rng.random() < 0.6 else 255 - ink)
    elif kind == "sun":
        r = min(w, h) * rng.uniform(0.15, 0.3)
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=ink if rng.random() < 0.6 else None, outline=ink, width=2)
        for a in np.linspace(0, 2 * np.pi, 5)[:-1] + rng.uniform(0, 0.3):
            for off in (-0.15, 0, 0.15)[:rng.randint(1, 3)]:
                dx, dy = np.cos(a + off), np.sin(a + off)
                d.line([cx + dx * r * 1.2, cy + dy * r * 1.2, cx + dx * w * 0.5, cy + dy * h * 0.5], fill=ink, width=2)
    else:
        pts = [(cx + np.cos(a) * w * rng.uniform(0.25, 0.5), cy + np.sin(a) * h * rng.uniform(0.25, 0.5)) for a in np.linspace(0, 6.28, 9)[:-1]]
        d.polygon(pts, fill=ink)


_SCENES = []


def _scene_paths():
    """Road scenes of training/negatives: their patches make detailed pictures (birds, trees,
    lighthouses, fruit on real plates) that are not characters."""
    if not _SCENES:
        import os
        root = os.environ.get("MILEPOST_DATASETS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "datasets"))
        _SCENES.extend(sorted(glob.glob(os.path.join(root, "training", "negatives", "*.jpg"))))
    return _SCENES


def _picture(rng, img, x0, y0, w, h, ink):
    """A detailed picture in the box: a contrast-stretched road-scene patch, or a pile of
    strokes and shapes, drawn toward the ink colour."""
    w, h = max(4, int(w)), max(4, int(h))
    scenes = _scene_paths()
    if scenes and rng.random() < 0.6:
        scene = Image.open(rng.choice(scenes)).convert("L")
        pw, ph = rng.randint(16, 120), rng.randint(16, 120)
        sx, sy = rng.randint(0, max(0, scene.size[0] - pw)), rng.randint(0, max(0, scene.size[1] - ph))
        patch = np.array(scene.crop((sx, sy, sx + pw, sy + ph)).resize((w, h), Image.BILINEAR), dtype=np.float32)
        patch = (patch - patch.min()) / max(1.0, patch.max() - patch.min())
    else:
        layer = Image.new("L", (w, h), 0)
        d = ImageDraw.Draw(layer)
        for _ in range(rng.randint(3, 9)):
            pts = [(rng.uniform(0, w), rng.uniform(0, h)) for _ in range(rng.randint(2, 5))]
            shade = rng.randint(60, 255)
            if len(pts) == 2:
                d.line(pts, fill=shade, width=rng.randint(1, 3))
            elif rng.random() < 0.5:
                d.polygon(pts, fill=shade)
            else:
                xs, ys = sorted(p[0] for p in pts[:2]), sorted(p[1] for p in pts[:2])
                d.ellipse([xs[0], ys[0], xs[1] + 2, ys[1] + 2], outline=shade, width=rng.randint(1, 3))
        patch = np.array(layer, dtype=np.float32) / 255
    base = np.array(img.crop((int(x0), int(y0), int(x0) + w, int(y0) + h)), dtype=np.float32)
    mix = patch * rng.uniform(0.5, 1.0)
    img.paste(Image.fromarray(np.clip(base * (1 - mix) + ink * mix, 0, 255).astype(np.uint8)), (int(x0), int(y0)))


def _silhouette(rng, img, x0, y0, w, h, ink):
    """A road-scene patch thresholded into a solid-ink silhouette."""
    w, h = max(4, int(w)), max(4, int(h))
    scenes = _scene_paths()
    if not scenes:
        return
    scene = Image.open(rng.choice(scenes)).convert("L")
    pw, ph = rng.randint(16, 120), rng.randint(16, 120)
    sx, sy = rng.randint(0, max(0, scene.size[0] - pw)), rng.randint(0, max(0, scene.size[1] - ph))
    patch = np.array(scene.crop((sx, sy, sx + pw, sy + ph)).resize((w, h), Image.BILINEAR), dtype=np.float32)
    mask = patch < np.percentile(patch, rng.uniform(30, 70))
    if rng.random() < 0.5:
        mask = ~mask
    img.paste(Image.new("L", (w, h), ink), (int(x0), int(y0)), Image.fromarray((mask * 255).astype(np.uint8)))


def _pseudo_word(rng, n):
    return "".join(rng.choice(LETTERS) for _ in range(n)).capitalize() if rng.random() < 0.3 else "".join(rng.choice(LETTERS) for _ in range(n))


def _clutter(rng, img, fg, text_x0, text_x1, y, char_h, pictures=("picture", "picture")):
    """What real plates put next to the number and labels exclude: a county or dealer line
    in large letters just above or below it, a small sticker box with digits right beside the
    first or last character, stacked letters or a detailed picture at the text's ends."""
    d = ImageDraw.Draw(img)
    W, H = img.size
    if rng.random() < 0.5:  # county line ("FORREST", "49 - Marion") close above or below
        word = _pseudo_word(rng, rng.randint(4, 10))
        if rng.random() < 0.3:
            word = f"{rng.randint(1, 99)} - {word}"
        lf = _font(rng.choice(STATE_FONTS + MAIN_FONTS), rng.randint(12, 22))
        tw, th, ox, oy = _text_size(d, word, lf)
        below = rng.random() < 0.6
        ty = y + char_h + rng.randint(1, 6) if below else y - th - rng.randint(1, 6)
        ty = min(max(0, ty), H - th)
        if rng.random() < 0.4:  # on a band of its own
            shade = rng.randint(0, 255)
            d.rectangle([(W - tw) // 2 - 6, ty - 2, (W + tw) // 2 + 6, ty + th + 2], fill=shade)
            ink = 255 - shade
        else:
            ink = fg
        d.text(((W - tw) // 2 - ox, ty - oy), word, font=lf, fill=ink)
    for side in ("left", "right"):
        p = rng.random()
        if p < 0.2:  # a sticker box with one or two characters, at the text's height
            bh = char_h * rng.uniform(0.25, 0.5)
            bw = bh * rng.uniform(0.8, 1.8)
            bx = text_x0 - bw - rng.uniform(2, 10) if side == "left" else text_x1 + rng.uniform(2, 10)
            by = y + rng.uniform(0, char_h - bh)
            shade = rng.randint(0, 255)
            d.rectangle([bx, by, bx + bw, by + bh], fill=shade, outline=fg if rng.random() < 0.5 else None)
            label = rng.choice([f"{rng.randint(0, 99)}", rng.choice(MONTHS), rng.choice(LETTERS + DIGITS)])
            lf = _font(rng.choice(SMALL_FONTS), max(8, int(bh * 0.7)))
            tw, th, ox, oy = _text_size(d, label, lf)
            d.text((bx + (bw - tw) / 2 - ox, by + (bh - th) / 2 - oy), label, font=lf, fill=255 - shade)
        elif p < 0.35:  # a picture or stacked letters right against the text
            sw = char_h * rng.uniform(0.4, 0.9)
            sx = text_x0 - sw - rng.uniform(1, 6) if side == "left" else text_x1 + rng.uniform(1, 6)
            _symbol(rng, d, sx, y + rng.uniform(-0.1, 0.1) * char_h, sw, char_h * rng.uniform(0.7, 1.05), fg,
                    kinds=list(pictures) + ["stacked", "stacked", "blob", "wheelchair"], img=img)
        elif p < 0.45:  # a bolt or hole at the text's height
            r = char_h * rng.uniform(0.06, 0.14)
            bx = text_x0 - r * 2 - rng.uniform(1, 8) if side == "left" else text_x1 + r * 2 + rng.uniform(1, 8)
            by = y + char_h * rng.uniform(0.2, 0.8)
            d.ellipse([bx - r, by - r, bx + r, by + r], fill=rng.randint(0, 255), outline=fg)


def render_plate_real(rng, text=None, symbols=False, letter_o=False, clutter=False, ink_pictures=False, monospaced=False, flipped_w=0.0):
    """A frontal plate closer to real US plates than `render_plate`: tall condensed characters
    filling about half the height, large state names (often italic), stickers in the corners,
    bolts, stacked small letters, background pictures and dealer frames. About 240x120.
    `symbols`: also pictograms beside the text or between its parts (emblems, stars and bars,
    wheelchair, stacked small letters), which readers tend to read as characters.
    `letter_o`: some zeros drawn as the letter O (US labels write both as zero).
    `clutter`: also the plate-gothic fonts, narrower lettering, detailed pictures between the
    parts, and `_clutter` around the text. `ink_pictures` (with `clutter`): solid-ink pictures
    (INK_PICTURE_KINDS) too, and more often between the parts. `monospaced`: the characters
    in fixed-width cells (`_monospaced_text_layer`)."""
    picture_kinds = ["picture"] * 4 + (INK_PICTURE_KINDS * 3 if ink_pictures else [])
    text = text or random_text(rng)
    shown = "".join("O" if ch == "0" and letter_o and rng.random() < 0.5 else ch for ch in text)
    W, H = 240, 120
    light = rng.random() < 0.85
    bg = rng.randint(150, 255) if light else rng.randint(10, 90)
    fg = rng.randint(0, 110) if light else rng.randint(170, 255)
    arr = np.full((H, W), bg, dtype=np.float32)
    yy = np.linspace(0, 1, H)[:, None]
    xs = np.linspace(0, 1, W)[None, :]
    if rng.random() < 0.6:
        amp = rng.uniform(-70, 70)
        arr += amp * (yy - 0.5) if rng.random() < 0.5 else amp * np.sin(yy * rng.uniform(2, 9) + rng.uniform(0, 6))
    if rng.random() < 0.5:  # skyline, mountains, waves behind the lower half
        horizon = rng.uniform(0.45, 0.9) + 0.08 * np.sin(xs * rng.uniform(3, 20) + rng.uniform(0, 6))
        arr += rng.uniform(-80, 80) * (yy > horizon)
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    for _ in range(rng.choice([0, 0, 1, 2, 3])):  # pictures: trees, suns, logos
        cx, cy, r = rng.randint(0, W), rng.randint(10, H - 10), rng.randint(6, 40)
        shade = int(np.clip(bg + rng.uniform(-70, 70), 0, 255))  # pictures are faint behind the text
        if rng.random() < 0.5:
            d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=shade if rng.random() < 0.6 else None, outline=shade, width=2)
        else:
            d.polygon([(cx, cy - r), (cx - r, cy + r), (cx + r, cy + r)], fill=shade)
    if rng.random() < 0.7:
        d.rounded_rectangle([1, 1, W - 2, H - 2], radius=rng.randint(0, 14), outline=fg if rng.random() < 0.6 else rng.randint(0, 255), width=rng.randint(1, 5))
    # main text: tall, condensed, centred; 45-65% of the plate height
    font_path = rng.choice(CONDENSED_FONTS + (PLATE_GOTHIC_FONTS * 4 if clutter else []))
    gap = rng.randint(0, 8)
    font = _font(font_path, 80)
    parts = [shown]
    sep = None
    if len(text) >= 5 and rng.random() < 0.5:
        cut = rng.randint(2, len(text) - 2)
        parts = [shown[:cut], shown[cut:]]
        sep = rng.choice(["dash", "dot", "emblem", "space", "emblem"])
    layers = [_monospaced_text_layer(p, font, gap, rng, flipped_w) if monospaced else _text_layer(p, font, gap) for p in parts]
    char_h = int(H * rng.uniform(0.42, 0.65))
    squeeze = rng.uniform(0.55, 1.2) if clutter else rng.uniform(0.7, 1.15)
    sep_w = {"dash": 0.3, "dot": 0.25, "emblem": 0.7, "space": 0.3, None: 0}[sep] * char_h
    widths = [max(4, int(l.size[0] * char_h / l.size[1] * squeeze)) for l in layers]
    max_w = W - rng.randint(12, 30)
    side = None
    if symbols and rng.random() < 0.6:  # a slot beside the text for a pictogram
        side = "left" if rng.random() < 0.75 else "right"
        slot = int(W * rng.uniform(0.12, 0.2))
        max_w -= slot + 4
    if symbols and sep and rng.random() < (0.75 if ink_pictures else 0.5):
        sep, sep_w = "symbol", char_h * rng.uniform(0.5, 0.9)
    total = sum(widths) + sep_w
    if total > max_w:
        widths = [max(4, int(w * (max_w - sep_w) / (total - sep_w))) for w in widths]
        total = sum(widths) + sep_w
    x = (W - total) / 2 + rng.randint(-6, 6)
    y = (H - char_h) / 2 + rng.randint(-6, 10)
    if side:
        x += (slot + 4) / 2 if side == "left" else -(slot + 4) / 2
        sx = x - slot - rng.randint(2, 6) if side == "left" else x + total + rng.randint(2, 6)
        sh = char_h * rng.uniform(0.6, 1.1)
        _symbol(rng, d, sx, y + (char_h - sh) / 2, slot, sh, fg if rng.random() < 0.7 else rng.randint(0, 255),
                kinds=SYMBOL_KINDS + picture_kinds if clutter else SYMBOL_KINDS, img=img)
    text_x0 = x
    for i, (layer, w) in enumerate(zip(layers, widths)):
        _paste_ink(img, layer.resize((w, char_h), Image.BILINEAR), x, y, fg)
        x += w
        if i == 0 and sep:
            cy, sw = y + char_h / 2, sep_w
            if sep == "dash":
                d.rectangle([x + sw * 0.2, cy - 3, x + sw * 0.8, cy + 3], fill=fg)
            elif sep == "dot":
                d.ellipse([x + sw * 0.25, cy - sw * 0.25, x + sw * 0.75, cy + sw * 0.25], fill=fg)
            elif sep == "symbol":
                _symbol(rng, d, x + sw * 0.1, y + char_h * 0.15, sw * 0.8, char_h * 0.7, fg,
                        kinds=SYMBOL_KINDS + picture_kinds if clutter else SYMBOL_KINDS, img=img)
            elif sep == "emblem":
                r = sw * 0.45
                d.ellipse([x + sw / 2 - r, cy - r, x + sw / 2 + r, cy + r], outline=fg, width=2, fill=rng.randint(0, 255))
                if rng.random() < 0.5:
                    d.polygon([(x + sw / 2, cy - r * 0.7), (x + sw / 2 - r * 0.6, cy + r * 0.5), (x + sw / 2 + r * 0.6, cy + r * 0.5)], fill=rng.randint(0, 255))
            x += sw
    text_x1 = x
    # state name on top (sometimes at the bottom), large, in many fonts
    state = rng.choice(STATES)
    if rng.random() < 0.9:
        sf = _font(rng.choice(STATE_FONTS), rng.randint(16, 30))
        tw, th, ox, oy = _text_size(d, state, sf)
        top = rng.random() < 0.85
        sy = rng.randint(2, 8) if top else H - th - rng.randint(3, 8)
        d.text(((W - tw) // 2 - ox, sy - oy), state, font=sf, fill=rng.randint(0, 255) if rng.random() < 0.35 else fg)
        top_used = top
    else:
        top_used = False
    slogan = rng.choice(SLOGANS)
    if slogan and (top_used or rng.random() < 0.5):
        sf = _font(rng.choice(STATE_FONTS), rng.randint(10, 17))
        tw, th, ox, oy = _text_size(d, slogan, sf)
        d.text(((W - tw) // 2 - ox, H - th - rng.randint(3, 9) - oy), slogan, font=sf, fill=rng.randint(0, 255) if rng.random() < 0.3 else fg)
    # stickers in the top corners: month, year
    for corner in (0, 1):
        if rng.random() < 0.45:
            sw_, sh_ = rng.randint(18, 34), rng.randint(12, 22)
            sx = rng.randint(4, 12) if corner == 0 else W - sw_ - rng.randint(4, 12)
            sy = rng.randint(4, 14) if rng.random() < 0.8 else H - sh_ - rng.randint(4, 14)
            shade = rng.randint(0, 255)
            d.rectangle([sx, sy, sx + sw_, sy + sh_], fill=shade)
            label = rng.choice(MONTHS) if rng.random() < 0.5 else f"{rng.randint(0, 99):02d}"
            lf = _font(rng.choice(SMALL_FONTS), max(8, sh_ - 4))
            tw, th, ox, oy = _text_size(d, label, lf)
            d.text((sx + (sw_ - tw) // 2 - ox, sy + (sh_ - th) // 2 - oy), label, font=lf, fill=255 - shade)
    if rng.random() < 0.15:  # small stacked letters beside the main text
        lf = _font(rng.choice(SMALL_FONTS), rng.randint(12, 18))
        sx = rng.randint(4, 14) if rng.random() < 0.5 else W - rng.randint(18, 26)
        sy = H // 2 - rng.randint(14, 22)
        for k in range(2):
            d.text((sx, sy + k * rng.randint(14, 20)), rng.choice(LETTERS), font=lf, fill=fg)
    if rng.random() < 0.5:  # bolts
        r = rng.randint(3, 6)
        shade = rng.randint(0, 255)
        by = rng.randint(8, 20)
        for bx in (W * rng.uniform(0.18, 0.32), W * rng.uniform(0.68, 0.82)):
            d.ellipse([bx - r, by - r, bx + r, by + r], fill=shade)
    if rng.random() < 0.25:  # dealer frame: a band over the bottom (or top) edge
        band = rng.randint(8, 18)
        shade = rng.randint(0, 255)
        y0 = H - band if rng.random() < 0.75 else 0
        d.rectangle([0, y0, W, y0 + band], fill=shade)
        if rng.random() < 0.6:
            lf = _font(rng.choice(SMALL_FONTS), max(8, band - 4))
            d.text((rng.randint(20, 80), y0 + 1), rng.choice(STATES).upper()[:12], font=lf, fill=255 - shade)
    if clutter:
        _clutter(rng, img, fg, text_x0, text_x1, y, char_h, ("picture", "picture") + (tuple(INK_PICTURE_KINDS) * 2 if ink_pictures else ()))
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


def paste_plate_surround(rng, scene, px, py, pw, ph):
    """A plate frame or holder around the box (px, py, pw, ph): real plates sit in a frame
    (chrome, black or a dealer's, often lettered top and bottom) inside a recess of the
    bumper, and a detector that never saw one boxes the frame with the plate (on real frames
    the shipped detector's boxes were about 20% too large in each dimension). The box to
    learn stays the plate's own."""
    draw = ImageDraw.Draw(scene)
    if rng.random() < 0.8:  # the bumper's recess, mostly in shadow, often much larger than the plate
        rx, ry = int(pw * rng.uniform(0.1, 0.6)), int(ph * rng.uniform(0.2, 1.0))
        around = int(np.asarray(scene)[py:py + ph, px:px + pw].mean())  # the car's shade where the plate goes
        fill = int(np.clip(around + rng.uniform(-90, 30), 0, 255))
        draw.rounded_rectangle((px - rx, py - ry, px + pw + rx, py + ph + ry), radius=min(rx, ry) // 2, fill=fill)
    side, top, bottom = (int(pw * rng.uniform(0.02, 0.12)), int(ph * rng.uniform(0.04, 0.3)), int(ph * rng.uniform(0.06, 0.4)))
    ink = rng.randint(0, 255)
    draw.rectangle((px - side, py - top, px + pw + side, py + ph + bottom), fill=ink)
    if rng.random() < 0.5:  # the frame's edge catching the light
        draw.rectangle((px - side, py - top, px + pw + side, py + ph + bottom), outline=255 - ink, width=max(1, pw // 40))
    lettering = 255 - ink if abs(255 - 2 * ink) > 60 else (0 if ink > 127 else 255)
    for y0, band in ((py - top, top), (py + ph, bottom)):  # a dealer's name or slogan in the band
        if band >= 4 and rng.random() < 0.5:
            n = rng.randint(4, 12)
            width = pw * rng.uniform(0.4, 0.9)
            x = px + (pw - width) / 2
            for i in range(n):
                cx = x + i * width / n
                draw.rectangle((cx, y0 + band * 0.25, cx + width / n * rng.uniform(0.4, 0.8), y0 + band * 0.75), fill=lettering)


def degrade(rng, img, out_w, out_h, margin=(0.02, 0.12), jitter=0.06, tight=False, big=False, edges=None, vedges=None,
            frame=False):
    """Place a frontal plate in a random surround with perspective, then crop it the way
    the detector would (loose box with jitter), degrade, and resize to out_w x out_h.
    `edges` (lo, hi): also move the left and right crop edges outward independently by that
    fraction of the plate width (negative cuts into the plate), as detector boxes do;
    `vedges` the same for the top and bottom edges, in fractions of the plate height.
    `frame`: the surround is a plate frame or holder in a bumper recess
    (`paste_plate_surround`), which loose boxes on real frames take in."""
    W, H = img.size
    pad = int(W * 0.6)
    surround = rng.randint(0, 255)
    canvas = Image.new("L", (W + 2 * pad, H + 2 * pad), surround)
    arr = np.array(canvas, dtype=np.float32)
    arr += np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, rng.uniform(2, 30), arr.shape)
    canvas = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if frame:
        paste_plate_surround(rng, canvas, pad, pad, W, H)
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
    if tight:  # a box around the characters only, as hand-labelled boxes often are
        by0 += bh * rng.uniform(0.14, 0.24)
        by1 -= bh * rng.uniform(0.14, 0.24)
        bx0 += bw * rng.uniform(0.01, 0.06)
        bx1 -= bw * rng.uniform(0.01, 0.06)
        bw, bh = bx1 - bx0, by1 - by0
    m = rng.uniform(*margin)
    jx, jy = rng.uniform(-jitter, jitter) * bw, rng.uniform(-jitter, jitter) * bh
    sx, sy = rng.uniform(1 - jitter, 1 + jitter), rng.uniform(1 - jitter, 1 + jitter)
    cw, ch = bw * (1 + 2 * m) * sx, bh * (1 + 2 * m) * sy
    ccx, ccy = (bx0 + bx1) / 2 + jx, (by0 + by1) / 2 + jy
    left, right = ccx - cw / 2, ccx + cw / 2
    if edges:
        left -= rng.uniform(*edges) * bw
        right += rng.uniform(*edges) * bw
    top, bottom = ccy - ch / 2, ccy + ch / 2
    if vedges:
        top -= rng.uniform(*vedges) * bh
        bottom += rng.uniform(*vedges) * bh
    crop = canvas.crop((int(left), int(top), int(right), int(bottom)))
    return camera_effects(rng, crop, out_w, out_h, big)


def camera_effects(rng, crop, out_w, out_h, big=False):
    # small plates: shrink to the size seen in the frame (plates are 40-120 px wide), then back;
    # `big` also allows close, sharp plates (up to 240 px wide)
    small_w = rng.randint(36, 240 if big and rng.random() < 0.5 else 140)
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


def synthetic_reader_sample(rng, out_w=94, out_h=24, tight=False):
    plate, text = render_plate(rng)
    return np.array(degrade(rng, plate, out_w, out_h, tight=tight), dtype=np.uint8), text


def realistic_reader_sample(rng, out_w=94, out_h=24, symbols=False, letter_o=False):
    """`render_plate_real` cropped either at the plate's edge (as labelled crops are) or
    loosely (as detector boxes are)."""
    plate, text = render_plate_real(rng, symbols=symbols, letter_o=letter_o)
    margin = (-0.03, 0.04) if rng.random() < 0.6 else (0.0, 0.12)
    return np.array(degrade(rng, plate, out_w, out_h, margin=margin, jitter=0.05, big=True), dtype=np.uint8), text


def clutter_reader_sample(rng, out_w=94, out_h=24, strong=False, rare=False):
    """`render_plate_real` with clutter, look-alike-heavy text and crop edges moved
    independently (from slightly inside the plate to well outside it). `strong`: also
    solid-ink pictures, and letter O in letter positions (labelled zero) more often. `rare`:
    the text is mostly `rare_letter_text` instead of look-alikes."""
    text = (rare_letter_text(rng) if rare and rng.random() < 0.7 else
            confusable_text(rng, letter_zero=strong) if rng.random() < 0.6 else None)
    plate, text = render_plate_real(rng, text=text,
                                    symbols=True, letter_o=rng.random() < (0.6 if strong else 0.3), clutter=True, ink_pictures=strong)
    return loosely_cut(rng, plate, out_w, out_h), text


def loosely_cut(rng, plate, out_w, out_h):
    """The clutter renderers' crop: at the plate's edge or loosely, each side edge also moved
    on its own (from slightly inside the plate to well outside it), degraded, as uint8."""
    margin = (-0.03, 0.04) if rng.random() < 0.5 else (0.0, 0.12)
    return np.array(degrade(rng, plate, out_w, out_h, margin=margin, jitter=0.05, big=True, edges=(-0.03, 0.1)), dtype=np.uint8)


# Letters that fixed-width cells squeeze or stretch into look-alikes (W/M/H/N, and V/Y/U).
CELL_LOOKALIKES = "WWWWMMMHHNNNVVUY"


def formats_reader_sample(rng, out_w=94, out_h=24):
    """`render_plate_real` with text in a `FORMAT_PATTERNS` format, a third of its characters
    swapped for look-alikes of the same kind, in fixed-width cells half the time and with
    clutter a third of the time; crops cut as the clutter renderer cuts them."""
    text = confusable_text(rng, patterns=FORMAT_PATTERNS)
    clutter = rng.random() < 0.33
    plate, text = render_plate_real(rng, text=text, symbols=clutter or rng.random() < 0.3, letter_o=rng.random() < 0.2,
                                    clutter=clutter, monospaced=rng.random() < 0.5)
    return loosely_cut(rng, plate, out_w, out_h), text


def monospaced_reader_sample(rng, out_w=94, out_h=24, flipped_w=0.0):
    """`render_plate_real` in fixed-width cells (California, Texas and most other states),
    with clutter half the time and the text, also half the time, rich in the letters the
    cells distort; crops cut as the clutter renderer cuts them."""
    text = letters_swapped_text(rng, CELL_LOOKALIKES) if rng.random() < 0.5 else None
    clutter = rng.random() < 0.5
    plate, text = render_plate_real(rng, text=text, symbols=clutter, letter_o=rng.random() < 0.2, clutter=clutter, monospaced=True,
                                    flipped_w=flipped_w)
    return loosely_cut(rng, plate, out_w, out_h), text


if __name__ == "__main__":
    import sys
    rng = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    tiles = []
    for i in range(24):
        a, t = (formats_reader_sample(rng) if "--formats" in sys.argv else monospaced_reader_sample(rng) if "--monospaced" in sys.argv else
                clutter_reader_sample(rng, strong="--strong" in sys.argv) if "--clutter" in sys.argv else realistic_reader_sample(rng, symbols="--symbols" in sys.argv)
                if "--real" in sys.argv or "--clutter" in sys.argv else synthetic_reader_sample(rng))
        tiles.append(np.kron(a, np.ones((3, 3), dtype=np.uint8)))
        print(t)
    Image.fromarray(np.concatenate([np.concatenate(tiles[r * 4:(r + 1) * 4], axis=1) for r in range(6)], axis=0)).save("/tmp/synth.png")
