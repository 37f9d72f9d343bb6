"""Grow a trained reader into a larger architecture that computes the same function, so that
fine-tuning starts from what the smaller one learned (Net2Net style) instead of from scratch:

- a convolution made wider keeps its filters; the new filters start small and random, and the
  next layer's weights on them start at zero, so they change nothing until trained;
- each added 1x3 temporal convolution starts as the identity: its centre tap passes every
  channel through, and its batch norm is set to undo itself on the statistics of its input
  (measured here on real training crops), so in eval mode it is exact.

    python3 tools/training/grow_reader.py --from runs/reader7-soup/checkpoint.pt \\
        --widths 16,48,96,96,128 --temporal 0 --out runs/reader8-start/checkpoint.pt
"""
import argparse
import os

import numpy as np
import torch

from models import ConvBN, Reader, reader_from


def convs(model):
    return [m for m in model.body if isinstance(m, ConvBN)]


def copy_widened(old, new, generator):
    """Copies ConvBN `old` into the larger `new`: old filters on old inputs; new inputs zero;
    new filters small and random with fresh batch-norm statistics."""
    o_out, o_in = old.conv.weight.shape[:2]
    with torch.no_grad():
        w = torch.randn(new.conv.weight.shape, generator=generator) * 0.05
        w[:, o_in:] = 0
        w[:o_out, :o_in] = old.conv.weight
        new.conv.weight.copy_(w)
        for name in ("weight", "bias", "running_mean", "running_var"):
            getattr(new.bn, name)[:o_out] = getattr(old.bn, name)
        new.bn.num_batches_tracked.copy_(old.bn.num_batches_tracked)


def make_identity(layer, inputs):
    """A ConvBN (1x3, c -> c) that passes `inputs` (N,C,1,T, non-negative) through unchanged in
    eval mode."""
    c = layer.conv.weight.shape[0]
    mean = inputs.mean(dim=(0, 2, 3))
    var = inputs.var(dim=(0, 2, 3), unbiased=False)
    with torch.no_grad():
        layer.conv.weight.zero_()
        layer.conv.weight[torch.arange(c), torch.arange(c), 0, 1] = 1.0
        layer.bn.running_mean.copy_(mean)
        layer.bn.running_var.copy_(var)
        layer.bn.weight.copy_(torch.sqrt(var + layer.bn.eps))
        layer.bn.bias.copy_(mean)


def grow(old, widths, temporal, sample, seed=0):
    if len(widths) != 5 or any(n < o for n, o in zip(widths, old.arch["widths"])):
        raise SystemExit(f"widths {widths} must be five channel counts, none below the reader's own {old.arch['widths']}")
    if temporal < old.arch["temporal"]:
        raise SystemExit(f"the reader already has {old.arch['temporal']} temporal convolutions; growing cannot remove any")
    new = Reader(widths=widths, temporal=temporal)
    generator = torch.Generator().manual_seed(seed)
    old_convs, new_convs = convs(old), convs(new)
    for o, n in zip(old_convs, new_convs):
        copy_widened(o, n, generator)
    with torch.no_grad():
        w5 = old.arch["widths"][4]
        new.head.weight.zero_()
        new.head.weight[:, :w5] = old.head.weight
        new.head.bias.copy_(old.head.bias)
    new.eval()
    for index in range(len(old_convs), len(new_convs)):
        with torch.no_grad():
            x = sample
            for m in new.body:
                if m is new_convs[index]:
                    break
                x = m(x)
        make_identity(new_convs[index], x)
    return new


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--from", dest="source", required=True)
    ap.add_argument("--widths", required=True, help="five channel counts, e.g. 16,48,96,96,128")
    ap.add_argument("--temporal", type=int, default=0)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    torch.set_num_threads(1)
    from data_real import plain_crop, reported_us
    from train_reader import to_input

    checkpoint = torch.load(args.source, weights_only=False)
    old = reader_from(checkpoint).eval()
    stretch = checkpoint.get("stretch", 0)
    train, _ = reported_us()
    rng = np.random.default_rng(0)
    crops = np.stack([plain_crop(train[i][0]) for i in rng.choice(len(train), 256, replace=False)])
    sample = to_input(crops, stretch)
    new = grow(old, [int(v) for v in args.widths.split(",")], args.temporal, sample).eval()
    with torch.no_grad():
        gap = (new(sample) - old(sample)).abs().max().item()
    print(f"grown {old.arch} -> {new.arch}; largest logit change on 256 real crops: {gap:.2e}")
    if gap > 1e-3:
        raise SystemExit("the grown reader does not compute the same function")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    torch.save({"model": new.state_dict(), "step": 0, "arch": new.arch, "stretch": stretch, "grown_from": os.path.relpath(args.source)},
               args.out + ".tmp")
    os.replace(args.out + ".tmp", args.out)
    print("wrote", args.out)


if __name__ == "__main__":
    main()
