"""Float reader on the labelled boxes of a frames folder (evaluation only): reading accuracy
when detection is perfect, for several crop margins."""
import glob
import os
import sys

import numpy as np
import torch
from PIL import Image

from models import load_reader
from train_reader import greedy, to_input

folder = sys.argv[1]
torch.set_num_threads(1)
checkpoint = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "runs", "reader", "checkpoint.pt")
m, stretch = load_reader(checkpoint)  # its architecture and contrast stretch
items = []
for txt in sorted(glob.glob(os.path.join(folder, "*.txt"))):
    name, x, y, w, h, plate = open(txt).read().strip().split("\t")
    items.append((Image.open(os.path.join(folder, name)).convert("L"), int(x), int(y), int(w), int(h), plate.replace("O", "0")))
for margin in [-0.04, 0.0, 0.04, 0.1]:
    crops = []
    for img, x, y, w, h, _ in items:
        mx, my = w * margin, h * margin
        crops.append(np.array(img.crop((int(x - mx), int(y - my), int(x + w + mx), int(y + h + my))).resize((94, 24), Image.BILINEAR)))
    with torch.no_grad():
        pred = greedy(m(to_input(np.stack(crops), stretch)))
    ok = sum(p == it[5] for p, it in zip(pred, items))
    print(f"margin {margin:+.2f}: {ok}/{len(items)} read exactly")
