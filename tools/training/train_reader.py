"""Train the CTC plate reader on synthetic shards plus real crops; checkpoints so that
training can span sessions (rerun the same command to resume).

    nice -n 10 python3 tools/training/train_reader.py --steps 20000
"""
import argparse
import glob
import os
import re
import time

import numpy as np
import torch
import torch.nn.functional as F

from data_real import augmented_crops, brazil, loose_framed_crops, plain_crop, pseudo_labelled, reported_us
from export import reader_calibration
from fake_quant import freeze_batch_norm, quantized_reader_forward, reader_activation_scales
import qops
from models import BLANK, Reader, reader_from
from render import ALPHABET

HERE = os.path.dirname(os.path.abspath(__file__))
RUNS = os.path.join(HERE, "runs")


def encode(text):
    return [ALPHABET.index(c) for c in text]


def greedy(logits):  # logits T,N,C -> list of str
    best = logits.argmax(-1).T.tolist()
    out = []
    for seq in best:
        s, prev = [], BLANK
        for k in seq:
            if k != prev and k != BLANK:
                s.append(ALPHABET[k])
            prev = k
        out.append("".join(s))
    return out


def to_input(u8, stretch=0):
    """uint8 crops -> the network's input in [-1, 1), after the per-crop contrast stretch the
    Swift core applies (`stretch`: the clip percent, 0 none; the model records it)."""
    u8 = qops.stretch_contrast(u8, stretch)
    return (torch.from_numpy(u8.astype(np.float32)) - 128.0).div_(128.0).unsqueeze(1)


def cached(name, build):
    path = os.path.join(RUNS, "reader-data", name)
    if not os.path.exists(path):
        a, t = build()
        np.savez_compressed(path + ".tmp.npz", images=a, texts=t)
        os.replace(path + ".tmp.npz", path)
    z = np.load(path)
    return z["images"], z["texts"]


def load_data(pseudo="pseudo.csv", clutter=False, detector_boxes=False, monospaced=False, formats=False, flipped_w=False,
              loose_framed=False):
    """Synthetic shards (whole-plate, character-tight, realistic and, with `clutter`, the clutter
    renderer's as a third group and, with `monospaced`, the fixed-width-cell renderer's as a
    fourth and, with `formats`, the standard-formats renderer's as a fifth), real crops
    (reported-us train split, openalpr-br, pseudo-labelled reported-us/unlabeled from the csv
    `pseudo`), the reported-us val split and the number of shards read."""
    plain = sorted(glob.glob(os.path.join(RUNS, "reader-data", "synth-[0-9]*.npz")) + glob.glob(os.path.join(RUNS, "reader-data", "synth-tight-*.npz")))
    realistic = sorted(glob.glob(os.path.join(RUNS, "reader-data", "synth-real-*.npz")) + glob.glob(os.path.join(RUNS, "reader-data", "synth-symbols-*.npz")))
    cluttered = sorted(glob.glob(os.path.join(RUNS, "reader-data", "synth-clutter-*.npz"))) if clutter else []
    cells = sorted(glob.glob(os.path.join(RUNS, "reader-data", "synth-mono-*.npz"))) if monospaced else []
    cells += sorted(glob.glob(os.path.join(RUNS, "reader-data", "synth-monow-*.npz"))) if monospaced and flipped_w else []
    formatted = sorted(glob.glob(os.path.join(RUNS, "reader-data", "synth-formats-*.npz"))) if formats else []
    shard_groups = (plain, realistic, cluttered, cells, formatted)
    groups = []
    for shards in shard_groups:
        ims, txt = [], []
        for sh in shards:
            z = np.load(sh)
            ims.append(z["images"])
            txt.append(z["texts"])
        groups.append((np.concatenate(ims), np.concatenate(txt)) if ims else None)
    train, val = reported_us()
    parts = [cached("real-train.npz", lambda: augmented_crops(train, copies=6, seed=7)),
             cached("real-tight.npz", lambda: augmented_crops(train, copies=3, seed=8, tight=True)),
             cached("real-br.npz", lambda: augmented_crops(brazil(), copies=4, seed=9)),
             pseudo_crops(pseudo)]
    train_and_pseudo = lambda: train + pseudo_labelled(os.path.join(RUNS, "reader-data", pseudo))
    if detector_boxes:  # edge errors of the detector's boxes on the held-out scenes (5th-95th percentile)
        parts.append(cached("real-boxes.npz", lambda: augmented_crops(
            train_and_pseudo(), copies=2, seed=13, plain=False, edges=(-0.12, 0.18), vedges=(-0.14, 0.1))))
    if loose_framed:  # loose boxes around plates in frames (data_real.loose_framed_crops)
        parts.append(cached(f"real-loose-{pseudo[:-4]}.npz", lambda: loose_framed_crops(train_and_pseudo(), copies=2, seed=14)))
    real = (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]))
    val_ims = np.stack([plain_crop(p) for p, _ in val])
    val_txt = [t for _, t in val]
    return [g for g in groups if g is not None], real, (val_ims, val_txt), sum(map(len, shard_groups))


def pseudo_crops(name):
    """pseudo.csv (first reader's labels): plain + one augmented copy. Later csvs: plain + two
    augmented copies whose left and right crop edges also move independently."""
    items = lambda: pseudo_labelled(os.path.join(RUNS, "reader-data", name))
    if name == "pseudo.csv":
        return cached("real-pseudo.npz", lambda: augmented_crops(items(), copies=1, seed=10))
    return cached(f"real-{name[:-4]}.npz", lambda: augmented_crops(items(), copies=2, seed=12, edges=(-0.03, 0.1)))


TAXI = re.compile(r"^T[0-9]{6}C$")


def real_sampling(texts, taxi_weight):
    """Sampling probabilities of the real crops (None: uniform)."""
    if taxi_weight == 1.0:
        return None
    w = np.array([taxi_weight if TAXI.match(str(t)) else 1.0 for t in texts])
    return w / w.sum()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=20000)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--real-fraction", type=float, default=0.35)
    ap.add_argument("--run", default=os.path.join(RUNS, "reader"))
    ap.add_argument("--pseudo", default="pseudo.csv", help="pseudo-label csv in runs/reader-data")
    ap.add_argument("--clutter", action="store_true", help="add the synth-clutter shards as a third synthetic group")
    ap.add_argument("--monospaced", action="store_true", help="add the synth-mono shards (fixed-width cells) as a fourth synthetic group")
    ap.add_argument("--formats", action="store_true", help="add the synth-formats shards (standard formats PATTERNS lacks) as a fifth synthetic group")
    ap.add_argument("--flipped-w", action="store_true", help="with --monospaced: add the synth-monow shards (W drawn as an upside-down M) to the fixed-width-cell group")
    ap.add_argument("--loose-framed", action="store_true", help="add real crops cut loose around plates in frames (data_real.loose_framed_crops)")
    ap.add_argument("--detector-boxes", action="store_true", help="add real crops cut with the detector's box errors (real-boxes.npz)")
    ap.add_argument("--taxi-weight", type=float, default=1.0,
                    help="sampling weight of real New York taxi crops (T123456C: a third of the real crops, "
                         "which teach that a bar at the left is T) relative to the other real crops")
    ap.add_argument("--keep-steps", action="store_true", help="also keep each 1,000-step checkpoint as steps/step-N.pt (for average_checkpoints.py)")
    ap.add_argument("--stretch", type=int, default=None,
                    help="per-crop contrast stretch, clip percent at each end (0: none; default: the checkpoint's, else 0)")
    ap.add_argument("--init-from", help="start from this checkpoint's weights (new optimiser, step 0) when --run has none")
    ap.add_argument("--quantization-aware", action="store_true",
                    help="train through int8 rounding (fake_quant.py) at the starting checkpoint's activation scales (an imported "
                         "one has the shipped file's), else ones calibrated once on export's pool for --pseudo; kept in the "
                         "checkpoint; batch norm frozen")
    args = ap.parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.run, exist_ok=True)
    ckpt_path = os.path.join(args.run, "checkpoint.pt")
    step, opt_state, scales = 0, None, None
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path, weights_only=False)
        model = reader_from(ck)
        opt_state = ck["opt"]
        step = ck["step"]
        stretch = ck.get("stretch", 0)
        scales = ck.get("activation_scales")
        print("resumed at step", step, flush=True)
    elif args.init_from:
        start = torch.load(args.init_from, weights_only=False)
        model = reader_from(start)  # its architecture too (grow_reader.py makes larger ones)
        stretch = start.get("stretch", 0)
        scales = start.get("activation_scales")
        print("initialised from", args.init_from, flush=True)
    else:
        model = Reader()
        stretch = 0
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    if opt_state is not None:
        opt.load_state_dict(opt_state)
    print("architecture", model.arch, flush=True)
    if args.stretch is not None:
        if args.stretch != stretch:
            scales = None  # calibrated on crops stretched otherwise
        stretch = args.stretch
    print("contrast stretch clip percent", stretch, flush=True)
    synth, real, val, nshards = load_data(args.pseudo, args.clutter, args.detector_boxes, args.monospaced, args.formats, args.flipped_w,
                                              args.loose_framed)
    print(f"synthetic {[len(g[0]) for g in synth]} ({nshards} shards), real {len(real[0])}, val {len(val[0])}", flush=True)
    if args.quantization_aware and scales is None:
        pool_synth, pool_real, _, _ = load_data(args.pseudo)  # export.py's pool for this csv
        scales = reader_activation_scales(model, reader_calibration(pool_synth, pool_real, stretch))
    elif not args.quantization_aware:
        scales = None  # float training moves the activations: export must calibrate afresh
    if scales is not None:
        print("quantization-aware, activation scales", [f"{v:.4g}" for v in scales], flush=True)
    forward = (lambda x: quantized_reader_forward(model, x, scales)) if scales is not None else model
    train_mode = (lambda: freeze_batch_norm(model)) if scales is not None else model.train
    rng = np.random.default_rng(step)
    real_p = real_sampling(real[1], args.taxi_weight)
    t0 = time.time()
    reload_every = 1000
    while step < args.steps:
        if step % reload_every == 0 and step > 0:
            synth, real, val, nshards = load_data(args.pseudo, args.clutter, args.detector_boxes, args.monospaced, args.formats, args.flipped_w,
                                              args.loose_framed)
            real_p = real_sampling(real[1], args.taxi_weight)
        lr = args.lr * 0.5 * (1 + np.cos(np.pi * min(1.0, step / args.steps)))
        for g in opt.param_groups:
            g["lr"] = lr
        n_real = int(args.batch * args.real_fraction) if synth else args.batch
        ri = rng.integers(0, len(real[0]), n_real) if real_p is None else rng.choice(len(real[0]), n_real, p=real_p)
        images, texts = [real[0][ri]], list(real[1][ri])
        n_synth = args.batch - n_real
        for g, group in enumerate(synth):  # the synthetic share is split evenly between the groups
            n = n_synth // len(synth) + (1 if g < n_synth % len(synth) else 0)
            si = rng.integers(0, len(group[0]), n)
            images.append(group[0][si])
            texts += list(group[1][si])
        images = np.concatenate(images)
        x = to_input(images, stretch)
        targets = torch.tensor([k for t in texts for k in encode(t)], dtype=torch.long)
        lengths = torch.tensor([len(t) for t in texts], dtype=torch.long)
        train_mode()
        logits = forward(x)
        logp = F.log_softmax(logits, -1)
        loss = F.ctc_loss(logp, targets, torch.full((len(texts),), logits.shape[0], dtype=torch.long), lengths, blank=BLANK, zero_infinity=True)
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        if step % 100 == 0:
            print(f"step {step} loss {loss.item():.3f} lr {lr:.5f} {time.time() - t0:.0f}s", flush=True)
        if step % 1000 == 0 or step == args.steps:
            model.eval()
            with torch.no_grad():
                pred = greedy(forward(to_input(val[0], stretch)))
            acc = np.mean([p == t for p, t in zip(pred, val[1])])
            print(f"step {step} val exact {acc:.3f}", flush=True)
            quantization = {"activation_scales": scales} if scales is not None else {}
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "val": float(acc), "stretch": stretch, "arch": model.arch,
                        **quantization}, ckpt_path + ".tmp")
            os.replace(ckpt_path + ".tmp", ckpt_path)
            if args.keep_steps:
                os.makedirs(os.path.join(args.run, "steps"), exist_ok=True)
                torch.save({"model": model.state_dict(), "step": step, "val": float(acc), "stretch": stretch, "arch": model.arch, **quantization},
                           os.path.join(args.run, "steps", f"step-{step}.pt"))


if __name__ == "__main__":
    main()
