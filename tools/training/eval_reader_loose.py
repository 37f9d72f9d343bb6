"""Float readers on the held-out reported-us crops (validation split) cut three ways: plain,
loose around a plate frame as on real frames (`data_real.loose_framed_crops`, fixed seed), and
with the detector's held-out edge errors. Held-out data only: it compares candidate readers.

    python3 tools/training/eval_reader_loose.py CHECKPOINT...
"""
import sys

import numpy as np
import torch

from data_real import augmented_crops, loose_framed_crops, plain_crop, reported_us
from models import load_reader
from train_reader import greedy, to_input

torch.set_num_threads(1)
_, val = reported_us()
texts = [t for _, t in val]
sets = {
    "plain": np.stack([plain_crop(p) for p, _ in val]),
    "loose framed": loose_framed_crops(val, copies=2, seed=101)[0],
    "edge errors": augmented_crops(val, copies=2, seed=102, plain=False, edges=(-0.12, 0.18), vedges=(-0.14, 0.1))[0],
}
print(f"{len(val)} held-out crops; loose framed and edge errors: two cuts each")
for checkpoint in sys.argv[1:]:
    model, stretch = load_reader(checkpoint)
    figures = []
    for name, images in sets.items():
        truth = texts * (len(images) // len(texts))
        if name != "plain":  # augmented_crops lists each item's copies together
            truth = [t for t in texts for _ in range(len(images) // len(texts))]
        with torch.no_grad():
            read = greedy(model(to_input(images, stretch)))
        figures.append(f"{name} {100 * np.mean([r == t for r, t in zip(read, truth)]):.1f}%")
    print(checkpoint, " | ".join(figures), flush=True)
