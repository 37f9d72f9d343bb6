"""Held-out end-to-end scenes for choosing recognizer settings without touching the evaluation
folders: road scenes from training/negatives (scaled to 1280 px wide) with one held-out
reported-us plate crop (the 10% validation split, never trained on) pasted at a roadside size,
written in the openalpr-us-dev layout (NAME.jpg + NAME.txt: name, x, y, w, h, plate).

    python3 tools/training/heldout_scenes.py --count 300      # -> runs/heldout-scenes/
    tools/recognition-bench/.build/recognition-bench evaluate tools/training/runs/heldout-scenes
    python3 tools/training/heldout_scenes.py --count 300 --surrounds   # -> runs/heldout-framed/
    python3 tools/training/heldout_scenes.py --count 300 --surrounds --small   # -> runs/heldout-small/

The negatives are also detector backgrounds, so false-plate counts here are optimistic about
backgrounds and pessimistic about pasted plates (no car around them); use the figures to
compare settings, not as accuracy claims.
"""
import argparse
import glob
import os
import random

import numpy as np
from PIL import Image, ImageFilter

from data_real import DATASETS, reported_us
from render import paste_plate_surround

HERE = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("--count", type=int, default=300)
ap.add_argument("--out", default=None, help="default runs/heldout-scenes (runs/heldout-framed with --surrounds)")
ap.add_argument("--surrounds", action="store_true",
                help="every plate inside a plate frame or holder and bumper recess (render.paste_plate_surround), "
                     "as on real cars, where the detector's boxes come out larger than the plate")
ap.add_argument("--small", action="store_true",
                help="plates 45-80 px wide instead of 60-240, where the detector's boxes on real frames are loosest")
args = ap.parse_args()
args.out = args.out or os.path.join(HERE, "runs", "heldout-small" if args.small else "heldout-framed" if args.surrounds else "heldout-scenes")
os.makedirs(args.out, exist_ok=True)
rng = random.Random(11)
surround_rng = random.Random(12)  # its own stream: the plain scenes stay byte for byte as before
negatives = sorted(glob.glob(os.path.join(DATASETS, "training", "negatives", "*.jpg")))
_, val = reported_us()
for i in range(args.count):
    bg = Image.open(rng.choice(negatives)).convert("L")
    k = 1280 / bg.size[0]
    bg = bg.resize((1280, max(720, int(bg.size[1] * k))), Image.BILINEAR).crop((0, 0, 1280, 720))
    path, text = val[i % len(val)]
    plate = Image.open(path).convert("L")
    pw = int(rng.uniform(45, 80) if args.small else rng.uniform(60, 240))
    ph = int(pw * plate.size[1] / plate.size[0])
    plate = plate.resize((pw, ph), Image.BILINEAR)
    x, y = rng.randint(0, 1280 - pw), rng.randint(200, 720 - ph)
    if rng.random() < 0.5:  # a car's rear around the plate
        cw, ch = int(pw * rng.uniform(3, 5)), int(ph * rng.uniform(3, 6))
        bg.paste(Image.new("L", (cw, ch), rng.randint(0, 255)), (x + pw // 2 - cw // 2 + rng.randint(-pw // 3, pw // 3), y - ch // 2 + rng.randint(-ph, ph)))
    if args.surrounds:
        paste_plate_surround(surround_rng, bg, x, y, pw, ph)
    bg.paste(plate, (x, y))
    if rng.random() < 0.3:
        bg = bg.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.0)))
    name = f"scene-{i:04d}.jpg"
    bg.save(os.path.join(args.out, name), "JPEG", quality=rng.randint(60, 92))
    with open(os.path.join(args.out, f"scene-{i:04d}.txt"), "w") as f:
        f.write(f"{name}\t{x}\t{y}\t{pw}\t{ph}\t{text}\n")
print("wrote", args.count, "scenes to", args.out)
