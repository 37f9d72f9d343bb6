"""Score a candidate model end to end without touching the shipped weights: export the reader
and detector checkpoints to a scratch folder (weights file + golden vectors there), then run
the optimised benchmark build (tools/recognition-bench/build.sh) from that folder on each
given frames or crops folder. Use the held-out scenes to choose between models.

    python3 tools/training/candidate_bench.py --reader tools/training/runs/reader3/checkpoint.pt \\
        tools/training/runs/heldout-scenes ../shared/datasets/openalpr-us-dev --crops ../shared/datasets/openalpr-us-plates
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
BENCH = os.path.join(ROOT, "tools", "recognition-bench", ".build", "recognition-bench")

ap = argparse.ArgumentParser()
ap.add_argument("--reader", required=True)
ap.add_argument("--detector", default=os.path.join(HERE, "runs", "detector4", "checkpoint.pt"), help="default: the shipped detector (detector4)")
ap.add_argument("--pseudo", default="pseudo.csv", help="passed to export.py")
ap.add_argument("--scratch", default=os.path.join(HERE, "runs", "candidate"))
ap.add_argument("--crops", help="a crops folder (labels.csv) to score on reading alone, after the last frames folder")
ap.add_argument("folders", nargs="+", help="frames folders (NAME.jpg + NAME.txt)")
args = ap.parse_args()
weights = os.path.join(args.scratch, "Config", "model", "milepost-plates.mpw")
subprocess.run([sys.executable, os.path.join(HERE, "export.py"), "--reader", args.reader, "--detector", args.detector, "--pseudo", args.pseudo,
                "--out", weights, "--vectors", os.path.join(args.scratch, "vectors")], check=True)
# the benchmark reads Config/model/milepost-plates.mpw relative to its working directory
for i, folder in enumerate(args.folders):
    crops = [os.path.abspath(args.crops)] if args.crops and i == len(args.folders) - 1 else []
    subprocess.run([BENCH, "evaluate", os.path.abspath(folder)] + crops, cwd=args.scratch, check=True)
