"""Choose the recognizer's reporting thresholds from held-out data only: the scenes of
heldout_scenes.py (one held-out reported-us plate each) and training/negatives (no plate).
Runs the optimised benchmark build with every read reported (MILEPOST_MIN_CONFIDENCE=0) and
prints, per candidate threshold, correct top reads and false plates per 100 frames.

    tools/recognition-bench/build.sh && python3 tools/training/choose_threshold.py
"""
import argparse
import glob
import json
import os
import subprocess
import sys

from data_real import DATASETS

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
BENCH = os.path.join(ROOT, "tools", "recognition-bench", ".build", "recognition-bench")


ap = argparse.ArgumentParser()
ap.add_argument("--model-root", default=ROOT, help="folder holding Config/model/milepost-plates.mpw (e.g. a candidate_bench.py scratch folder)")
ap.add_argument("--scenes", default=os.path.join(HERE, "runs", "heldout-scenes"),
                help="folder of held-out scenes from heldout_scenes.py (e.g. runs/heldout-framed)")
args = ap.parse_args()


def run(files):
    env = dict(os.environ, MILEPOST_MIN_CONFIDENCE="0")
    out = subprocess.run([BENCH, "recognize"] + files, cwd=args.model_root, env=env, capture_output=True, text=True, check=True).stdout
    results = [json.loads(line) for line in out.splitlines()]
    failed = [r for r in results if "error" in r]
    if failed:
        sys.exit(f"choose_threshold: {len(failed)} files not read, first {failed[0]['file']}: {failed[0]['error']}")
    return results


def overlaps(b, x, y, w, h):
    return min(b["x"] + b["width"], x + w) > max(b["x"], x) and min(b["y"] + b["height"], y + h) > max(b["y"], y)


def kept(plates, minimum, short_minimum, short_length):
    return [p for p in plates if p["confidence"] >= (short_minimum if len(p["text"]) <= short_length else minimum)]


scenes = sorted(glob.glob(os.path.join(os.path.abspath(args.scenes), "*.jpg")))  # the benchmark runs in --model-root
labels = {}
for s in scenes:
    name, x, y, w, h, plate = open(s[:-4] + ".txt").read().strip().split("\t")
    labels[s] = (int(x), int(y), int(w), int(h), plate)
negatives = sorted(glob.glob(os.path.join(DATASETS, "training", "negatives", "*.jpg")))[1::4]
scene_runs, negative_runs = run(scenes), run(negatives)
print(f"{len(scenes)} held-out scenes, {len(negatives)} negative scenes")
print("min  short(<=3)  correct@1  false/100 scenes  false/100 negatives")
for minimum in [20, 50, 100, 150, 200, 300]:
    for short_minimum in sorted({minimum, 300, 500}):
        if short_minimum < minimum:
            continue
        correct = false = 0
        for r in scene_runs:
            x, y, w, h, plate = labels[r["file"]]
            ps = kept(r["plates"], minimum, short_minimum, 3)
            correct += bool(ps) and ps[0]["text"] == plate
            false += sum(not overlaps(p["box"], x, y, w, h) for p in ps)
        neg = sum(len(kept(r["plates"], minimum, short_minimum, 3)) for r in negative_runs)
        print(f"{minimum:4d} {short_minimum:6d}  {100 * correct / len(scene_runs):9.1f}%  {100 * false / len(scene_runs):10.1f}  {100 * neg / len(negative_runs):12.1f}")
