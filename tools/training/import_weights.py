"""Rebuild float checkpoints of the detector and the reader from a shipped weights file, so
that a later session can fine-tune from the model that ships when the training runs (which
are not kept in git) are gone.

    python3 tools/training/import_weights.py [--weights Config/model/milepost-plates.mpw]
        -> runs/imported/reader.pt, runs/imported/detector.pt

The int8 file fixes each conv's weights and bias only up to one scale per layer (the
multiplier is input scale x weight scale / output scale); the float function of a ReLU
network does not depend on that choice, so intermediate output scales are picked to give
weights of a usual size. The final scale comes from the head: the reader's softmax table,
the detector's size multiplier. Batch norm is put back with the statistics the imported
convolution produces on training crops and scenes, so that it is the identity plus the bias
in evaluation and close to it in training.
"""
import argparse
import math
import os
import random
import struct
import zlib

import numpy as np
import torch

from models import ConvBN, Detector, Reader

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
INPUT_SCALE = 1.0 / 128


class WeightsFormatError(Exception):
    pass


class Cursor:
    def __init__(self, data, offset=0):
        self.data, self.at = data, offset

    def take(self, fmt, what):
        size = struct.calcsize(fmt)
        if self.at + size > len(self.data):
            raise WeightsFormatError(f"{what} runs past the end of the file")
        values = struct.unpack_from(fmt, self.data, self.at)
        self.at += size
        return values

    def array(self, dtype, count, what):
        size = np.dtype(dtype).itemsize * count
        if self.at + size > len(self.data):
            raise WeightsFormatError(f"{what} runs past the end of the file")
        a = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.at)
        self.at += size
        return a


def read_weights(path):
    """{role: {"layers": [...], "extra": {...}}} from a version-1 or version-2 .mpw file."""
    data = open(path, "rb").read()
    if len(data) < 16 or data[:4] != b"MPWT":
        raise WeightsFormatError(f"{path}: not a Milepost weights file")
    version, flags, length = struct.unpack_from("<HHI", data, 4)
    if version not in (1, 2) or flags != 0:
        raise WeightsFormatError(f"{path}: version {version}, flags {flags}; only versions 1 and 2 with flags 0 are known")
    if 12 + length + 4 != len(data):
        raise WeightsFormatError(f"{path}: declares a {length}-byte payload, but the file has room for {len(data) - 16} (truncated or padded)")
    if zlib.crc32(data[:-4]) & 0xFFFFFFFF != struct.unpack_from("<I", data, len(data) - 4)[0]:
        raise WeightsFormatError(f"{path}: CRC-32 mismatch (corrupt)")
    c = Cursor(data[:-4], 12)
    (count,) = c.take("<B", "network count")
    networks = {}
    for _ in range(count):
        role, _h, _w, _ch, nlayers = c.take("<BHHHH", "network header")
        layers = []
        for i in range(nlayers):
            (op,) = c.take("<B", f"layer {i} op")
            if op == 2:
                kh, kw, sy, sx = c.take("<BBBB", f"layer {i} pool")
                layers.append({"op": "pool", "k": (kh, kw), "s": (sy, sx)})
            elif op == 1:
                kh, kw, sy, sx, py, px, cin, cout, lo, hi = c.take("<BBBBBBHHbb", f"layer {i} conv")
                w = c.array("<i1", cout * kh * kw * cin, f"layer {i} weights").reshape(cout, kh, kw, cin)
                b = c.array("<i4", cout, f"layer {i} bias")
                m = c.array("<i4", cout, f"layer {i} multipliers")
                sh = c.array("<i1", cout, f"layer {i} shifts")
                layers.append({"op": "conv", "w": w, "b": b, "m": m, "sh": sh, "stride": (sy, sx), "pad": (py, px), "relu": lo == 0})
            else:
                raise WeightsFormatError(f"layer {i}: unknown op {op}")
        if role == 1:
            stride, downscale, threshold, m, sh = c.take("<BBbiB", "detector head")
            extra = {"size_multiplier": m * 2.0 ** (struct.unpack("<b", bytes([sh]))[0] - 31)}
        elif role == 2:
            classes, blank, n = c.take("<BBB", "reader head")
            c.array("u1", n, "alphabet")
            table = c.array("<u4", 256, "softmax table")
            d = int(np.argmax(table < 65536 * 0.05)) or 1  # a gap where the table is still precise
            (stretch,) = c.take("<B", "contrast stretch clip percent") if version >= 2 else (0,)
            extra = {"output_scale": -math.log(table[d] / 65536) / d, "stretch": stretch}
        else:
            raise WeightsFormatError(f"unknown network role {role}")
        networks[role] = {"layers": layers, "extra": extra}
    return networks


def real_multipliers(layer):
    return layer["m"].astype(np.float64) * np.exp2(layer["sh"].astype(np.float64) - 31)


def dequantize(layers, final_scale):
    """Float (weight [O,Cin,KH,KW], bias [O]) per conv, in order, and each conv's output scale:
    the float network's activations are the file's int8 ones times these, so fine-tuning
    quantization-aware at them starts from exactly the network the file holds."""
    convs = [l for l in layers if l["op"] == "conv"]
    out, scales, s_in = [], [], INPUT_SCALE
    for i, l in enumerate(convs):
        ratio = real_multipliers(l) / s_in  # weight scale / output scale, per channel
        if i == len(convs) - 1:
            s_out = final_scale
        else:
            fan_in = l["w"][0].size
            s_out = 3 * math.sqrt(2.0 / fan_in) / 127 / max(float(np.median(ratio)), 1e-12)
        s_w = ratio * s_out
        w = l["w"].astype(np.float64).transpose(0, 3, 1, 2) * s_w[:, None, None, None]
        b = l["b"].astype(np.float64) * s_in * s_w
        out.append((w, b))
        scales.append(float(s_out))
        s_in = s_out
    return out, scales


def reader_arch(layers):
    """models.Reader's arguments for the reader layers of a file: five body convolutions, any
    1x3 temporal ones after them, then the head."""
    convs = [l for l in layers if l["op"] == "conv"]
    if len(convs) < 6:
        raise WeightsFormatError(f"the reader has {len(convs)} convolutions; models.Reader has at least 6")
    return {"widths": [int(l["w"].shape[0]) for l in convs[:5]], "temporal": len(convs) - 6}


def load_into(model, convs, sample):
    """Copy dequantized convs into `model` and rebuild batch norm from the conv outputs on
    `sample` (N,1,H,W in [-1,1))."""
    modules = [m for m in model.modules() if isinstance(m, ConvBN)]
    head = model.head
    if len(modules) + 1 != len(convs):
        raise WeightsFormatError(f"the file has {len(convs)} convolutions; the network has {len(modules) + 1}")
    x = sample
    with torch.no_grad():
        for m, (w, b) in zip(modules, convs):
            if tuple(m.conv.weight.shape) != w.shape:
                raise WeightsFormatError(f"conv shape {w.shape} in the file, {tuple(m.conv.weight.shape)} in models.py")
            m.conv.weight.copy_(torch.from_numpy(w).float())
            z = m.conv(x)
            mean = z.mean((0, 2, 3)).double()
            var = z.var((0, 2, 3), unbiased=False).double()
            m.bn.running_mean.copy_(mean.float())
            m.bn.running_var.copy_(var.float())
            m.bn.weight.copy_(torch.sqrt(var + m.bn.eps).float())
            m.bn.bias.copy_((mean + torch.from_numpy(b)).float())
            m.eval()
            x = model_forward_after(model, m, x)
        w, b = convs[-1]
        head.weight.copy_(torch.from_numpy(w).float())
        head.bias.copy_(torch.from_numpy(b).float())


def model_forward_after(model, module, x):
    """Output of the body up to and including `module` and any pools right after it."""
    body = list(model.body)
    start = body.index(module)
    out = module(x)
    for nxt in body[start + 1:]:
        if isinstance(nxt, ConvBN):
            break
        out = nxt(out) if not isinstance(nxt, torch.nn.Dropout) else out
    return out


def reader_sample(stretch, n=512, seed=0):
    from data_real import plain_crop, reported_us
    import qops
    train, _ = reported_us()
    rng = random.Random(seed)
    items = rng.sample(train, min(n, len(train)))
    crops = qops.stretch_contrast(np.stack([plain_crop(p) for p, _ in items]), stretch)
    return (torch.from_numpy(crops.astype(np.float32)) - 128) / 128


def detector_sample(n=32, seed=5):
    from train_detector import load_pool, make_scene
    negatives, plates = load_pool()
    rng = random.Random(seed)
    scenes = np.stack([make_scene(rng, negatives, plates)[0] for _ in range(n)])
    return ((torch.from_numpy(scenes.astype(np.float32)) - 128) / 128).unsqueeze(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--weights", default=os.path.join(ROOT, "Config", "model", "milepost-plates.mpw"))
    ap.add_argument("--out", default=os.path.join(HERE, "runs", "imported"))
    args = ap.parse_args()
    torch.set_num_threads(1)
    try:
        networks = read_weights(args.weights)
        for role, name in ((1, "detector"), (2, "reader")):
            if role not in networks:
                raise WeightsFormatError(f"{args.weights}: no {name} network")
    except (OSError, WeightsFormatError) as error:
        raise SystemExit(f"import_weights: {error}")
    os.makedirs(args.out, exist_ok=True)
    for role, model, sample, name in ((2, Reader(**reader_arch(networks[2]["layers"])), reader_sample, "reader"),
                                      (1, Detector(), detector_sample, "detector")):
        net = networks[role]
        scale = net["extra"]["output_scale"] if role == 2 else net["extra"]["size_multiplier"] / 8
        stretch = net["extra"].get("stretch", 0)
        convs, scales = dequantize(net["layers"], scale)
        load_into(model, convs, sample(stretch).unsqueeze(1) if role == 2 else sample())
        path = os.path.join(args.out, f"{name}.pt")
        checkpoint = {"model": model.state_dict(), "step": 0, "imported_from": os.path.basename(args.weights)}
        if role == 2:
            checkpoint["arch"] = model.arch
            checkpoint["stretch"] = stretch  # the reader's crops go through it (train_reader.py keeps it)
        checkpoint["activation_scales"] = scales  # the file's: export.py (and the reader's --quantization-aware) use them
        torch.save(checkpoint, path + ".tmp")
        os.replace(path + ".tmp", path)
        print("wrote", path, flush=True)


if __name__ == "__main__":
    main()
