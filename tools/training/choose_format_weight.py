"""Choose RecognizerOptions.standardFormatWeight from held-out data only: the reported-us
validation crops (read alone) and the held-out scenes of heldout_scenes.py (whole frames, the
default reporting thresholds). Runs the optimised benchmark build once per weight
(MILEPOST_FORMAT_WEIGHT) and prints correct top reads for each; weight 1 is no prior.

    tools/recognition-bench/build.sh && python3 tools/training/heldout_scenes.py --count 300
    python3 tools/training/choose_format_weight.py
"""
import argparse
import glob
import json
import os
import subprocess

from data_real import reported_us

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
BENCH = os.path.join(ROOT, "tools", "recognition-bench", ".build", "recognition-bench")

ap = argparse.ArgumentParser()
ap.add_argument("--weights", default="1,2,3,4,6,10,20,1000")
ap.add_argument("--model-root", default=ROOT, help="folder holding Config/model/milepost-plates.mpw")
args = ap.parse_args()


def run(command, files, weight):
    env = dict(os.environ, MILEPOST_FORMAT_WEIGHT=str(weight))
    out = subprocess.run([BENCH, command] + files, cwd=args.model_root, env=env, capture_output=True, text=True, check=True).stdout
    return {os.path.abspath(o["file"]): o for o in map(json.loads, out.splitlines())}


_, validation = reported_us()
crops = {os.path.abspath(path): text for path, text in validation}
scenes = {}
for path in sorted(glob.glob(os.path.join(HERE, "runs", "heldout-scenes", "*.jpg"))):
    scenes[os.path.abspath(path)] = open(path[:-4] + ".txt").read().strip().split("\t")[5]
if not scenes:
    raise SystemExit("no held-out scenes: run tools/training/heldout_scenes.py --count 300 first")

print(f"{len(crops)} reported-us validation crops, {len(scenes)} held-out scenes")
print("weight  crops correct@1  scenes correct@1")
for weight in [int(w) for w in args.weights.split(",")]:
    read = run("read", list(crops), weight)
    crop_hits = sum(bool(read[p].get("candidates")) and read[p]["candidates"][0]["text"] == t for p, t in crops.items())
    seen = run("recognize", list(scenes), weight)
    scene_hits = sum(bool(seen[p].get("plates")) and seen[p]["plates"][0]["text"] == t for p, t in scenes.items())
    print(f"{weight:6d}  {100 * crop_hits / len(crops):14.1f}%  {100 * scene_hits / len(scenes):15.1f}%")
