"""Write synthetic reader crops in shards (runs/reader-data/synth-NNNN.npz) until --count
shards exist. Restartable: existing shards are kept, so generation can span sessions."""
import argparse
import os
import random

import numpy as np

from render import synthetic_reader_sample

ap = argparse.ArgumentParser()
ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "runs", "reader-data"))
ap.add_argument("--count", type=int, default=20)
ap.add_argument("--per-shard", type=int, default=4000)
args = ap.parse_args()
os.makedirs(args.out, exist_ok=True)
for i in range(args.count):
    path = os.path.join(args.out, f"synth-{i:04d}.npz")
    if os.path.exists(path):
        continue
    rng = random.Random(1000 + i)
    images, texts = [], []
    for _ in range(args.per_shard):
        a, t = synthetic_reader_sample(rng)
        images.append(a)
        texts.append(t)
    np.savez_compressed(path + ".tmp.npz", images=np.stack(images), texts=np.array(texts))
    os.replace(path + ".tmp.npz", path)
    print("wrote", path, flush=True)
