"""How far the detector's boxes are from the labelled plate boxes on the held-out scenes: per
edge, the distance outward (negative: inside the plate) in fractions of the plate's width or
height, as percentiles. `train_reader.py --detector-boxes` cuts real crops with edge errors
over about the 5th-95th percentile range printed here. Held-out data only.

    tools/recognition-bench/build.sh && python3 tools/training/box_errors.py [--model-root SCRATCH]
"""
import argparse
import glob
import json
import os
import subprocess

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
BENCH = os.path.join(ROOT, "tools", "recognition-bench", ".build", "recognition-bench")

ap = argparse.ArgumentParser()
ap.add_argument("--model-root", default=ROOT, help="folder holding Config/model/milepost-plates.mpw")
args = ap.parse_args()
scenes = sorted(glob.glob(os.path.join(HERE, "runs", "heldout-scenes", "*.jpg")))
env = dict(os.environ, MILEPOST_MIN_CONFIDENCE="0")
out = subprocess.run([BENCH, "recognize"] + scenes, cwd=args.model_root, env=env, capture_output=True, text=True, check=True).stdout
edges = {"left": [], "right": [], "top": [], "bottom": []}
for line in out.splitlines():
    r = json.loads(line)
    _, x, y, w, h, _ = open(r["file"][:-4] + ".txt").read().strip().split("\t")
    x, y, w, h = map(int, (x, y, w, h))
    for p in r["plates"]:  # the highest-ranked box overlapping the labelled one
        b = p["box"]
        if min(b["x"] + b["width"], x + w) > max(b["x"], x) and min(b["y"] + b["height"], y + h) > max(b["y"], y):
            edges["left"].append((x - b["x"]) / w)
            edges["right"].append((b["x"] + b["width"] - x - w) / w)
            edges["top"].append((y - b["y"]) / h)
            edges["bottom"].append((b["y"] + b["height"] - y - h) / h)
            break
print(f"{len(edges['left'])} of {len(scenes)} held-out scenes with a box on the plate")
print("edge     5%     25%    50%    75%    95%  (outward, fraction of plate width / height)")
for name, v in edges.items():
    print(f"{name:6s} " + " ".join(f"{q:+.3f}" for q in np.percentile(v, [5, 25, 50, 75, 95])))
