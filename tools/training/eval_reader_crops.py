"""Float reader on a labelled crops folder (evaluation only, e.g. openalpr-us-plates): exact
reads, error classes (extra/missing characters, substitutions), the most common character
confusions and accuracy per state. Never use the result to train or to pick examples.

    python3 tools/training/eval_reader_crops.py ../shared/datasets/openalpr-us-plates [CHECKPOINT]
"""
import collections
import csv
import os
import sys

import numpy as np
import torch
from PIL import Image

from models import load_reader
from train_reader import greedy, to_input

folder = sys.argv[1]
checkpoint = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "runs", "reader", "checkpoint.pt")
torch.set_num_threads(1)
model, stretch = load_reader(checkpoint)  # its architecture and contrast stretch
rows = list(csv.DictReader(open(os.path.join(folder, "labels.csv"))))
images = np.stack([np.array(Image.open(os.path.join(folder, r["file"])).convert("L").resize((94, 24), Image.BILINEAR)) for r in rows])
with torch.no_grad():
    predictions = greedy(model(to_input(images, stretch)))
labels = [r["plate"].upper().replace("O", "0") for r in rows]
right = [p == t for p, t in zip(predictions, labels)]
print(f"exact: {sum(right)}/{len(right)} = {100 * np.mean(right):.1f}%")
classes, confusions = collections.Counter(), collections.Counter()
for p, t in zip(predictions, labels):
    if p == t:
        continue
    if len(p) != len(t):
        classes["extra characters" if len(p) > len(t) else "missing characters"] += 1
    else:
        classes[f"{sum(a != b for a, b in zip(p, t))} substituted"] += 1
        confusions.update((b, a) for a, b in zip(p, t) if a != b)
print("errors:", dict(classes.most_common()))
print("confusions (label->read):", " ".join(f"{a}->{b}:{n}" for (a, b), n in confusions.most_common(15)))
if "state" in rows[0]:
    by_state = collections.defaultdict(list)
    for ok, r in zip(right, rows):
        by_state[r["state"]].append(ok)
    print("worst states:", " ".join(f"{s}:{100 * np.mean(v):.0f}%/{len(v)}" for s, v in sorted(by_state.items(), key=lambda kv: np.mean(kv[1]))[:12]))
