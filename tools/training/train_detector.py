"""Train the plate heat-map detector on road scenes with no plate (training/negatives) into
which real plate crops (reported-us, labelled and unlabelled) and synthetic plates are
pasted at roadside sizes. Checkpoints so that training can span sessions.

    nice -n 10 python3 tools/training/train_detector.py --steps 6000
"""
import argparse
import glob
import io
import os
import random
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw, ImageFilter

from data_real import DATASETS, brazil
from models import Detector
from render import degrade, paste_plate_surround, render_plate, render_plate_real

HERE = os.path.dirname(os.path.abspath(__file__))
RUNS = os.path.join(HERE, "runs")
STRIDE = 8
CROP = 256


def load_pool(max_real=6000, synthetic=1500, seed=3, varied=False):
    """Negatives and plate crops (96x48). `varied` adds realistic synthetic plates (with
    pictograms) and the openalpr-br crops, for more varied plate appearance."""
    cache = os.path.join(RUNS, "detector-data-varied.npz" if varied else "detector-data.npz")
    if os.path.exists(cache):
        z = np.load(cache, allow_pickle=True)
        return list(z["negatives"]), list(z["plates"])
    if varied:
        negatives, plates = load_pool(max_real, synthetic, seed)
        rng = random.Random(seed + 100)
        for i in range(synthetic):
            img, _ = render_plate_real(rng, symbols=i % 2 == 1)
            plates.append(np.array(degrade(rng, img, 96, 48, margin=(0.0, 0.03), jitter=0.0)))
        plates += [np.array(Image.open(p).convert("L").resize((96, 48), Image.BILINEAR)) for p, _ in brazil()]
        obj = np.empty(len(negatives), dtype=object)
        obj[:] = negatives
        np.savez(cache, negatives=obj, plates=np.stack(plates))
        return negatives, plates
    rng = random.Random(seed)
    neg = sorted(glob.glob(os.path.join(DATASETS, "training", "negatives", "*.jpg")))
    negatives = [np.array(Image.open(p).convert("L")) for p in neg]
    real = sorted(glob.glob(os.path.join(DATASETS, "training", "reported-us", "*", "*.jpg")))
    rng.shuffle(real)
    plates = [np.array(Image.open(p).convert("L").resize((96, 48), Image.BILINEAR)) for p in real[:max_real]]
    for _ in range(synthetic):
        img, _ = render_plate(rng)
        plates.append(np.array(degrade(rng, img, 96, 48, margin=(0.0, 0.03), jitter=0.0)))
    obj = np.empty(len(negatives), dtype=object)
    obj[:] = negatives
    np.savez(cache, negatives=obj, plates=np.stack(plates))
    return negatives, plates


def make_scene(rng, negatives, plates, surrounds=0.0, small_share=0.0):
    """A CROP x CROP detector-scale scene and its plate boxes (x, y, w, h). `surrounds`: the
    share of plates pasted inside a frame or holder (`paste_plate_surround`). `small_share`:
    the share of plates drawn 12-40 px wide (24-80 frame pixels), where recall is weakest."""
    bg = negatives[rng.randrange(len(negatives))]
    h, w = bg.shape
    if h < CROP or w < CROP:
        k = CROP / min(h, w)
        bg = np.array(Image.fromarray(bg).resize((max(CROP, int(w * k + 1)), max(CROP, int(h * k + 1)))))
        h, w = bg.shape
    y0, x0 = rng.randint(0, h - CROP), rng.randint(0, w - CROP)
    scene = Image.fromarray(bg[y0:y0 + CROP, x0:x0 + CROP].copy())
    boxes = []
    for _ in range(rng.choice([0, 1, 1, 1, 2, 3])):
        pw = int(rng.uniform(12, 40)) if small_share and rng.random() < small_share else int(rng.uniform(14, 80))
        ph = max(6, int(pw * rng.uniform(0.42, 0.6)))
        px, py = rng.randint(0, CROP - pw), rng.randint(0, CROP - ph)
        mx, my = (4 + int(pw * 0.45), 4 + int(ph * 0.7)) if surrounds else (4, 4)  # a surround must not cover another plate
        if any(px < bx + bw + mx and bx < px + pw + mx and py < by + bh + my and by < py + ph + my for bx, by, bw, bh in boxes):
            continue
        if rng.random() < 0.5:  # a car's rear around the plate
            cw, ch = int(pw * rng.uniform(3, 5)), int(ph * rng.uniform(3, 6))
            car = Image.new("L", (cw, ch), rng.randint(0, 255))
            scene.paste(car, (px + pw // 2 - cw // 2 + rng.randint(-pw // 2, pw // 2), py - ch // 2 + rng.randint(-ph, ph)))
        if surrounds and rng.random() < surrounds:
            paste_plate_surround(rng, scene, px, py, pw, ph)
        plate = Image.fromarray(plates[rng.randrange(len(plates))]).resize((pw, ph), Image.BILINEAR)
        arr = np.array(plate, dtype=np.float32)
        arr = (arr - 128) * rng.uniform(0.5, 1.3) + 128 + rng.uniform(-50, 50)
        scene.paste(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)), (px, py))
        boxes.append((px, py, pw, ph))
    if rng.random() < 0.4:
        scene = scene.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.2)))
    arr = np.array(scene, dtype=np.float32)
    arr = (arr - 128) * rng.uniform(0.6, 1.2) + 128 + rng.uniform(-30, 30)
    arr += np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(0, 6), arr.shape)
    scene = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if rng.random() < 0.6:
        buf = io.BytesIO()
        scene.save(buf, "JPEG", quality=rng.randint(30, 90))
        scene = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    return np.array(scene), boxes


def targets(boxes, cells):
    """Centre heat map (Gaussian peaks), plate size in cells, and the mask where size counts."""
    heat = np.zeros((cells, cells), np.float32)
    size = np.zeros((2, cells, cells), np.float32)
    mask = np.zeros((cells, cells), np.float32)
    ys, xs = np.mgrid[0:cells, 0:cells]
    for x, y, w, h in boxes:
        cx, cy = (x + w / 2) / STRIDE - 0.5, (y + h / 2) / STRIDE - 0.5
        sx, sy = max(0.5, w / STRIDE / 4), max(0.5, h / STRIDE / 4)
        g = np.exp(-((xs - cx) ** 2 / (2 * sx * sx) + (ys - cy) ** 2 / (2 * sy * sy)))
        heat = np.maximum(heat, g)
        near = (np.abs(xs - cx) <= 1) & (np.abs(ys - cy) <= 1)
        size[0][near] = w / STRIDE
        size[1][near] = h / STRIDE
        mask[near] = 1
        heat[int(round(cy)) if 0 <= round(cy) < cells else 0, int(round(cx)) if 0 <= round(cx) < cells else 0] = 1
    return heat, size, mask


def focal_loss(logits, heat):
    p = torch.sigmoid(logits).clamp(1e-4, 1 - 1e-4)
    pos = heat.eq(1).float()
    neg = 1 - pos
    pos_loss = -torch.log(p) * (1 - p) ** 2 * pos
    neg_loss = -torch.log(1 - p) * p ** 2 * (1 - heat) ** 4 * neg
    n = pos.sum().clamp(min=1)
    return (pos_loss.sum() + neg_loss.sum()) / n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=6000)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--run", default=os.path.join(RUNS, "detector"))
    ap.add_argument("--init-from", help="start from this checkpoint's weights (new optimiser, step 0) when --run has none")
    ap.add_argument("--varied", action="store_true", help="also realistic synthetic and openalpr-br plates as positives")
    ap.add_argument("--surrounds", type=float, default=0.0, help="share of plates pasted inside a plate frame or holder")
    ap.add_argument("--small-share", type=float, default=0.0, help="share of plates pasted 12-40 px wide (24-80 frame pixels)")
    args = ap.parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.run, exist_ok=True)
    ckpt_path = os.path.join(args.run, "checkpoint.pt")
    model = Detector()
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    step = 0
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path, weights_only=False)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step = ck["step"]
        print("resumed at step", step, flush=True)
    elif args.init_from:
        model.load_state_dict(torch.load(args.init_from, weights_only=False)["model"])
        print("initialised from", args.init_from, flush=True)
    negatives, plates = load_pool(varied=args.varied)
    print(f"negatives {len(negatives)}, plates {len(plates)}", flush=True)
    rng = random.Random(step + 11)
    cells = CROP // STRIDE
    t0 = time.time()
    while step < args.steps:
        lr = args.lr * 0.5 * (1 + np.cos(np.pi * min(1.0, step / args.steps)))
        for g in opt.param_groups:
            g["lr"] = lr
        xs, hs, ss, ms = [], [], [], []
        for _ in range(args.batch):
            img, boxes = make_scene(rng, negatives, plates, args.surrounds, args.small_share)
            h, s, m = targets(boxes, cells)
            xs.append(img)
            hs.append(h)
            ss.append(s)
            ms.append(m)
        x = (torch.from_numpy(np.stack(xs).astype(np.float32)) - 128) / 128
        out = model(x.unsqueeze(1))
        heat = torch.from_numpy(np.stack(hs))
        size = torch.from_numpy(np.stack(ss))
        mask = torch.from_numpy(np.stack(ms))
        l_heat = focal_loss(out[:, 0], heat)
        l_size = (F.l1_loss(out[:, 1:3], size, reduction="none").sum(1) * mask).sum() / mask.sum().clamp(min=1)
        loss = l_heat + 0.1 * l_size
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        if step % 50 == 0:
            print(f"step {step} loss {loss.item():.3f} heat {l_heat.item():.3f} size {l_size.item():.3f} {time.time() - t0:.0f}s", flush=True)
        if step % 500 == 0 or step == args.steps:
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step}, ckpt_path + ".tmp")
            os.replace(ckpt_path + ".tmp", ckpt_path)


if __name__ == "__main__":
    main()
