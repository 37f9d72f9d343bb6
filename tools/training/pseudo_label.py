"""Pseudo-label reported-us/unlabeled with the current float reader: keep only reads whose
every character is confident and whose text a US plate format allows (5-8 characters).
Writes runs/reader-data/pseudo.csv (file, plate, min_prob).

    nice -n 10 python3 tools/training/pseudo_label.py --min-prob 0.9
"""
import argparse
import csv
import os

import numpy as np
import torch

from data_real import UNLABELED, VALID, plain_crop
from models import BLANK, load_reader
from render import ALPHABET
from train_reader import to_input

HERE = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("--checkpoint", default=os.path.join(HERE, "runs", "reader", "checkpoint.pt"))
ap.add_argument("--min-prob", type=float, default=0.9)
ap.add_argument("--out", default=os.path.join(HERE, "runs", "reader-data", "pseudo.csv"))
args = ap.parse_args()
torch.set_num_threads(1)
model, stretch = load_reader(args.checkpoint)  # its architecture and contrast stretch
files = sorted(os.listdir(UNLABELED))
kept = []
for start in range(0, len(files), 256):
    batch = files[start:start + 256]
    x = to_input(np.stack([plain_crop(os.path.join(UNLABELED, f)) for f in batch]), stretch)
    with torch.no_grad():
        prob = torch.softmax(model(x), -1)  # T,N,C
    best_p, best = prob.max(-1)
    for n, f in enumerate(batch):
        text, lowest, prev = [], 1.0, BLANK
        for t in range(best.shape[0]):
            k = int(best[t, n])
            if k != BLANK and k != prev:
                text.append(ALPHABET[k])
                lowest = min(lowest, float(best_p[t, n]))
            prev = k
        text = "".join(text)
        if VALID.match(text) and 5 <= len(text) <= 8 and lowest >= args.min_prob and len(set(text)) > 1:
            kept.append((f, text, round(lowest, 3)))
with open(args.out + ".tmp", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["file", "plate", "min_prob"])
    w.writerows(kept)
os.replace(args.out + ".tmp", args.out)
print(f"kept {len(kept)} of {len(files)} unlabeled crops", flush=True)
