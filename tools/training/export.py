"""Quantize the trained float networks (post-training, per-channel int8 weights, int8
activations calibrated on training data), write the weights file the Swift core loads,
measure the integer model, and write golden vectors for the Swift tests.

    python3 tools/training/export.py            # -> Config/model/milepost-plates.mpw
"""
import argparse
import json
import os
import sys
import random
import struct
import zlib

import numpy as np
import torch

import qops
from models import BLANK, NUM_CLASSES, ConvBN, Detector, reader_from
from render import ALPHABET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
RUNS = os.path.join(HERE, "runs")
MAGIC = b"MPWT"
VERSION = 2  # 2: the reader head ends with its contrast stretch clip percent
ROLE_DETECTOR, ROLE_READER = 1, 2
OP_CONV, OP_MAXPOOL = 1, 2
INPUT_SCALE = 1.0 / 128  # int8 input = pixel - 128


def fold(module):
    """Float layers in order: ('conv', w[O,Cin,KH,KW], b[O], stride, pad, relu) or ('pool', k, s)."""
    layers = []
    for m in module.modules():
        if isinstance(m, ConvBN):
            w = m.conv.weight.detach().double()
            bn = m.bn
            g = (bn.weight / torch.sqrt(bn.running_var + bn.eps)).detach().double()
            layers.append(("conv", (w * g[:, None, None, None]).numpy(), (bn.bias.detach().double() - bn.running_mean.double() * g).numpy(),
                           m.conv.stride, m.conv.padding, m.relu))
        elif isinstance(m, torch.nn.MaxPool2d):
            layers.append(("pool", m.kernel_size, m.stride))
        elif isinstance(m, torch.nn.Conv2d) and not any(m is c.conv for c in module.modules() if isinstance(c, ConvBN)):
            layers.append(("conv", m.weight.detach().double().numpy(), m.bias.detach().double().numpy(), m.stride, m.padding, False))
    return layers


def float_forward(layers, x, record=None):
    """x: N,1,H,W float64 in the int8 input's real scale."""
    t = torch.from_numpy(x)
    for i, l in enumerate(layers):
        if l[0] == "conv":
            t = torch.nn.functional.conv2d(t, torch.from_numpy(l[1]), torch.from_numpy(l[2]), l[3], l[4])
            if l[5]:
                t = torch.relu(t)
            if record is not None:
                record.setdefault(i, []).append(t.abs().flatten().numpy())
        else:
            t = torch.nn.functional.max_pool2d(t, l[1], l[2])
    return t


def activation_scales(layers, calibration):
    """Each conv's output scale: the 99.99th percentile of its float outputs on `calibration`
    (N,1,H,W in the int8 input's real scale) over 127, in layer order."""
    record = {}
    for batch in np.array_split(calibration, max(1, len(calibration) // 64)):
        float_forward(layers, batch, record)
    return [max(float(np.percentile(np.concatenate(record[i]), 99.99)), 1e-6) / 127 for i, l in enumerate(layers) if l[0] == "conv"]


def quantize(layers, calibration, scales=None):
    """Per-output-channel symmetric weights; activation scales from the 99.99th percentile on
    `calibration`, or `scales` (one per conv) when given: a quantization-aware reader trained
    with fixed scales must be exported with the same ones."""
    scales = iter(scales if scales is not None else activation_scales(layers, calibration))
    q = []
    s_in = INPUT_SCALE
    for i, l in enumerate(layers):
        if l[0] == "pool":
            q.append({"op": "pool", "k": l[1], "s": l[2]})
            continue
        w, b, stride, pad, relu = l[1:]
        s_out = next(scales)
        s_w = np.maximum(np.abs(w).reshape(w.shape[0], -1).max(1), 1e-8) / 127
        wq = np.clip(np.round(w / s_w[:, None, None, None]), -127, 127).astype(np.int8)
        bq = np.round(b / (s_in * s_w)).astype(np.int64)
        ms = [qops.quantize_multiplier(s_in * sw / s_out) for sw in s_w]
        q.append({"op": "conv", "w": wq.transpose(0, 2, 3, 1).copy(), "b": bq, "m": np.array([m for m, _ in ms]), "sh": np.array([s for _, s in ms]),
                  "stride": stride, "pad": pad, "min": 0 if relu else -128, "max": 127, "scale": s_out})
        s_in = s_out
    return q


def reader_calibration(synth, real, stretch):
    """The reader's calibration pool (train_reader.load_data's groups): 384 real crops and 128
    synthetic ones, contrast-stretched, as N,1,24,94 in the int8 input's real scale."""
    rng = np.random.default_rng(0)
    synth_ims = np.concatenate([g[0] for g in synth])
    crops = np.concatenate([real[0][rng.integers(0, len(real[0]), 384)], synth_ims[rng.integers(0, len(synth_ims), 128)]])
    return ((qops.stretch_contrast(crops, stretch).astype(np.float64) - 128) / 128)[:, None]


def int_forward(q, x_u8):
    """Integer inference of one image (H,W uint8) -> int8 H,W,C output map."""
    t = (x_u8.astype(np.int16) - 128).astype(np.int8)[:, :, None]
    for l in q:
        if l["op"] == "pool":
            t = qops.maxpool(t, l["k"], l["s"])
        else:
            t = qops.conv2d(t, l["w"], l["b"], l["m"], l["sh"], l["stride"], l["pad"], l["min"], l["max"])
    return t


def greedy_int(logits):
    s, prev = [], BLANK
    for k in logits.reshape(-1, NUM_CLASSES).argmax(1):
        if k != prev and k != BLANK:
            s.append(ALPHABET[k])
        prev = k
    return "".join(s)


def pack_network(role, in_shape, q, extra):
    out = struct.pack("<BHHH", role, *in_shape) + struct.pack("<H", len(q))
    for l in q:
        if l["op"] == "pool":
            out += struct.pack("<BBBBB", OP_MAXPOOL, l["k"], l["k"], l["s"], l["s"])
        else:
            O, KH, KW, C = l["w"].shape
            out += struct.pack("<BBBBBBBHHbb", OP_CONV, KH, KW, l["stride"][0], l["stride"][1], l["pad"][0], l["pad"][1], C, O, l["min"], l["max"])
            out += l["w"].astype("<i1").tobytes()
            out += l["b"].astype("<i4").tobytes()
            out += l["m"].astype("<i4").tobytes()
            out += l["sh"].astype("<i1").tobytes()
    return out + extra


def reader_extra(q, stretch):
    s = q[-1]["scale"]
    # softmax table: exp(-s * d) in Q16 for logit gaps d = 0..255
    table = np.round(65536 * np.exp(-s * np.arange(256))).astype("<u4")
    alphabet = ALPHABET.encode()
    return struct.pack("<BB", NUM_CLASSES, BLANK) + struct.pack("<B", len(alphabet)) + alphabet + table.tobytes() + struct.pack("<B", stretch)


def detector_extra(q, threshold_prob=0.3):
    s = q[-1]["scale"]
    logit = np.log(threshold_prob / (1 - threshold_prob))
    threshold = int(np.clip(np.round(logit / s), -128, 127))
    m, sh = qops.quantize_multiplier(s * 8)  # size channels are in stride-8 cells; this gives detector-input pixels
    return struct.pack("<BBbiB", 8, 2, threshold, m, sh & 0xFF)


def write_file(path, networks):
    payload = struct.pack("<B", len(networks)) + b"".join(networks)
    header = MAGIC + struct.pack("<HHI", VERSION, 0, len(payload))
    body = header + payload
    with open(path + ".tmp", "wb") as f:
        f.write(body + struct.pack("<I", zlib.crc32(body) & 0xFFFFFFFF))
    os.replace(path + ".tmp", path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "Config", "model", "milepost-plates.mpw"))
    ap.add_argument("--vectors", default=os.path.join(ROOT, "Tests", "MilepostRecognitionTests", "Vectors"))
    ap.add_argument("--kernel-vectors-only", action="store_true", help="rewrite kernels.json only (no model needed)")
    ap.add_argument("--reader", default=os.path.join(RUNS, "reader", "checkpoint.pt"), help="reader checkpoint")
    ap.add_argument("--detector", default=os.path.join(RUNS, "detector", "checkpoint.pt"), help="detector checkpoint")
    ap.add_argument("--detector-scales-from", help="a checkpoint whose detector activation scales to use (e.g. runs/imported/detector.pt)")
    ap.add_argument("--pseudo", default="pseudo.csv", help="pseudo-label csv in runs/reader-data (its crops are part of the calibration pool)")
    args = ap.parse_args()
    if args.kernel_vectors_only:
        write_kernel_vectors(args.vectors)
        return
    torch.set_num_threads(1)
    from data_real import plain_crop, reported_us
    from train_reader import load_data

    reader_checkpoint = torch.load(args.reader, weights_only=False)
    reader = reader_from(reader_checkpoint)  # its architecture is in the checkpoint
    reader.eval()
    stretch = reader_checkpoint.get("stretch", 0)  # the crops the reader was trained on went through it
    detector_checkpoint = torch.load(args.detector, weights_only=False)
    detector = Detector()
    detector.load_state_dict(detector_checkpoint["model"])
    detector.eval()

    trained_scales = reader_checkpoint.get("activation_scales")  # imported and quantization-aware checkpoints carry them
    print("reader activation scales:", "the checkpoint's (imported or quantization-aware)" if trained_scales else "calibrated on " + args.pseudo + "'s pool")
    if trained_scales:  # no calibration pool needed: only the held-out crops, for the agreement check
        _, val_items = reported_us()
        val = (np.stack([plain_crop(p) for p, _ in val_items]), [t for _, t in val_items])
        rq = quantize(fold(reader), None, trained_scales)
    else:
        synth, real, val, _ = load_data(args.pseudo)
        rq = quantize(fold(reader), reader_calibration(synth, real, stretch))
    from train_detector import load_pool, make_scene
    negatives, plates = load_pool()
    prng = random.Random(5)
    scenes = np.stack([make_scene(prng, negatives, plates)[0] for _ in range(48)])
    # an imported detector keeps its file's scales: recalibrating them alone moved the held-out scenes by 2 points
    detector_scales = detector_checkpoint.get("activation_scales")
    if args.detector_scales_from:  # a detector fine-tuned from an imported one may keep that file's scales
        if not os.path.exists(args.detector_scales_from):
            sys.exit(f"export: --detector-scales-from {args.detector_scales_from}: no such checkpoint")
        detector_scales = torch.load(args.detector_scales_from, weights_only=False).get("activation_scales")
        if not detector_scales:
            sys.exit(f"export: --detector-scales-from {args.detector_scales_from}: the checkpoint carries no activation scales "
                     "(only imported or quantization-aware checkpoints do; rerun import_weights.py)")
    print("detector activation scales:", f"{args.detector_scales_from}'s" if args.detector_scales_from else
          "the checkpoint's (imported)" if detector_scales else "calibrated on 48 training scenes")
    dq = quantize(fold(detector), ((scenes.astype(np.float64) - 128) / 128)[:, None], detector_scales)

    # integer accuracy on the held-out real crops (the vectors' reader inputs are stretched crops)
    val = (qops.stretch_contrast(val[0], stretch), val[1])
    int_reads = [greedy_int(int_forward(rq, im)) for im in val[0]]
    print(f"int8 reader, held-out reported-us crops: {sum(r == t for r, t in zip(int_reads, val[1]))}/{len(val[1])} exact")
    if trained_scales:
        from fake_quant import quantized_reader_forward
        from train_reader import greedy, to_input
        with torch.no_grad():
            trained_reads = greedy(quantized_reader_forward(reader, to_input(val[0]), trained_scales))  # val is already stretched
        print(f"the int8 reader reads {sum(a == b for a, b in zip(int_reads, trained_reads))}/{len(val[1])} of them as the quantization-aware forward pass did")

    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    write_file(args.out, [pack_network(ROLE_DETECTOR, (0, 0, 1), dq, detector_extra(dq)),
                          pack_network(ROLE_READER, (24, 94, 1), rq, reader_extra(rq, stretch))])
    print("reader contrast stretch clip percent:", stretch)
    print("wrote", args.out, os.path.getsize(args.out), "bytes")
    write_vectors(args.vectors, rq, dq, val, scenes)


def write_vectors(folder, rq, dq, val, scenes):
    write_kernel_vectors(folder)
    write_model_vectors(folder, rq, dq, val, scenes)


def write_kernel_vectors(folder):
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(42)
    ints = lambda a: [int(v) for v in np.asarray(a).flatten()]
    kernels = []
    for (cin, cout, k, s, p, relu) in [(1, 8, 3, 2, 1, True), (5, 12, 3, 1, 1, False), (16, 9, 1, 1, 0, True), (7, 6, 3, 2, 0, False), (6, 10, 6, 1, 0, True)]:
        h, w = int(rng.integers(6, 12)), int(rng.integers(6, 14))
        x = rng.integers(-128, 128, (h, w, cin)).astype(np.int8)
        wt = rng.integers(-127, 128, (cout, k if k != 6 else 6, k if k != 6 else 1, cin)).astype(np.int8)
        b = rng.integers(-30000, 30000, cout)
        ms = [qops.quantize_multiplier(float(v)) for v in rng.uniform(0.0005, 0.02, cout)]
        m, sh = np.array([a for a, _ in ms]), np.array([c for _, c in ms])
        pad = (p, p) if k != 6 else (0, 0)
        y = qops.conv2d(x, wt, b, m, sh, (s, s), pad, 0 if relu else -128, 127)
        kernels.append({"kind": "conv2d", "input": {"h": h, "w": w, "c": cin, "values": ints(x)},
                        "kh": wt.shape[1], "kw": wt.shape[2], "stride": s, "pad": pad[0], "cout": cout, "weights": ints(wt), "bias": ints(b),
                        "multipliers": ints(m), "shifts": ints(sh), "min": 0 if relu else -128, "max": 127,
                        "expected": {"h": y.shape[0], "w": y.shape[1], "c": cout, "values": ints(y)}})
    x = rng.integers(-128, 128, (9, 11, 20)).astype(np.int8)
    kernels.append({"kind": "maxpool", "k": 2, "s": 2, "input": {"h": 9, "w": 11, "c": 20, "values": ints(x)},
                    "expected": {"h": 4, "w": 5, "c": 20, "values": ints(qops.maxpool(x, 2, 2))}})
    xs = rng.integers(-128, 128, 50).astype(np.int8)
    wt = rng.integers(-127, 128, (12, 50)).astype(np.int8)
    b = rng.integers(-5000, 5000, 12)
    ms = [qops.quantize_multiplier(float(v)) for v in rng.uniform(0.001, 0.01, 12)]
    m, sh = np.array([a for a, _ in ms]), np.array([c for _, c in ms])
    kernels.append({"kind": "dense", "input": ints(xs), "outputs": 12, "weights": ints(wt), "bias": ints(b), "multipliers": ints(m),
                    "shifts": ints(sh), "min": -128, "max": 127, "expected": ints(qops.dense(xs, wt, b, m, sh, -128, 127))})
    a = rng.integers(-128, 128, 40).astype(np.int8)
    c = rng.integers(-128, 128, 40).astype(np.int8)
    (m1, s1), (m2, s2), (mo, so) = qops.quantize_multiplier(0.3), qops.quantize_multiplier(0.45), qops.quantize_multiplier(1.0 / (1 << 20) / 0.6)
    kernels.append({"kind": "add", "a": ints(a), "b": ints(c), "leftShift": 20, "m1": m1, "s1": s1, "m2": m2, "s2": s2, "mo": mo, "so": so,
                    "expected": ints(qops.add(a, c, 20, m1, s1, m2, s2, mo, so))})
    img = rng.integers(0, 256, (23, 37)).astype(np.uint8)
    for box, ow, oh in [((0, 0, 37, 23), 94, 24), ((-4, 3, 20, 10), 94, 24), ((2, 2, 30, 18), 15, 9)]:
        kernels.append({"kind": "resize", "image": {"w": 37, "h": 23, "values": ints(img)}, "box": list(box), "outW": ow, "outH": oh,
                        "expected": ints(qops.resize(img, box, ow, oh))})
    big = rng.integers(0, 256, (61, 157)).astype(np.uint8)
    for box, ow, oh in [((0, 0, 157, 61), 94, 24), ((-6, 4, 120, 40), 94, 24), ((150, 55, 30, 20), 7, 5), ((10, 10, 20, 8), 40, 16), ((200, 80, 10, 10), 3, 3)]:
        kernels.append({"kind": "resizeFiltered", "image": {"w": 157, "h": 61, "values": ints(big)}, "box": list(box), "outW": ow, "outH": oh,
                        "expected": ints(qops.resize_filtered(big, box, ow, oh))})
    dim = rng.integers(70, 110, (24, 94)).astype(np.uint8)
    for image, clip in [(dim, 2), (dim, 5), (big[:24, :94], 2), (np.full((24, 94), 77, np.uint8), 2), (rng.integers(0, 256, (5, 9)).astype(np.uint8), 10)]:
        kernels.append({"kind": "stretch", "image": {"w": image.shape[1], "h": image.shape[0], "values": ints(image)}, "clip": clip,
                        "expected": ints(qops.stretch_contrast(image, clip))})
    kernels.append({"kind": "integral", "image": {"w": 37, "h": 23, "values": ints(img)}, "expected": ints(qops.integral(img))})
    with open(os.path.join(folder, "kernels.json"), "w") as f:
        json.dump(kernels, f, separators=(",", ":"))


def write_model_vectors(folder, rq, dq, val, scenes):
    ints = lambda a: [int(v) for v in np.asarray(a).flatten()]
    models = {"reader": [], "detector": []}
    for im in val[0][:3]:
        models["reader"].append({"input": ints(im), "expected": ints(int_forward(rq, im))})
    det_in = scenes[0][:96, :128]
    y = int_forward(dq, det_in)
    models["detector"].append({"h": 96, "w": 128, "input": ints(det_in), "expected": {"h": y.shape[0], "w": y.shape[1], "c": y.shape[2], "values": ints(y)}})
    with open(os.path.join(folder, "models.json"), "w") as f:
        json.dump(models, f, separators=(",", ":"))
    print("wrote vectors to", folder)


if __name__ == "__main__":
    main()
