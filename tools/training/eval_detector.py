"""Float detector check on a labelled frames folder (evaluation only, never training):
how often the strongest peak, or any peak above the threshold, falls in the labelled box."""
import glob
import os
import sys

import numpy as np
import torch
from PIL import Image

from models import Detector

folder = sys.argv[1]
threshold = float(sys.argv[2]) if len(sys.argv) > 2 else 0.3
torch.set_num_threads(1)
m = Detector()
m.load_state_dict(torch.load(os.path.join(os.path.dirname(__file__), "runs", "detector", "checkpoint.pt"), weights_only=False)["model"])
m.eval()
top_hit = any_hit = n = false = 0
for txt in sorted(glob.glob(os.path.join(folder, "*.txt"))):
    name, x, y, w, h, plate = open(txt).read().strip().split("\t")
    x, y, w, h = int(x), int(y), int(w), int(h)
    img = Image.open(os.path.join(folder, name)).convert("L")
    W, H = img.size
    small = np.array(img.resize((W // 2, H // 2), Image.BILINEAR), dtype=np.float32)
    with torch.no_grad():
        out = m(torch.from_numpy((small - 128) / 128)[None, None])[0]
    heat = torch.sigmoid(out[0]).numpy()
    peaks = []
    hm = torch.nn.functional.max_pool2d(torch.from_numpy(heat)[None, None], 3, 1, 1)[0, 0].numpy()
    for cy, cx in zip(*np.where((heat == hm) & (heat >= threshold))):
        px, py = (cx * 8 + 4) * 2, (cy * 8 + 4) * 2
        peaks.append((heat[cy, cx], px, py))
    peaks.sort(reverse=True)
    inside = [x <= px <= x + w and y <= py <= y + h for _, px, py in peaks]
    n += 1
    top_hit += bool(inside and inside[0])
    any_hit += any(inside)
    false += sum(1 for i in inside if not i)
print(f"{n} frames: strongest peak in box {top_hit}, any peak in box {any_hit}, peaks outside box {false} (threshold {threshold})")
