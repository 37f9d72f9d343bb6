"""Average the weights of several checkpoints of one network that were fine-tuned from the same
starting point (a "model soup"): the mean of late checkpoints generalises better than any one
of them, whose accuracy wanders by a few points from one thousand steps to the next.

    python3 tools/training/average_checkpoints.py OUT.pt CHECKPOINT.pt CHECKPOINT.pt ...

Floating-point tensors (weights, biases, batch-norm statistics) are averaged; integer ones
(batch-norm step counters) are taken from the last checkpoint.
"""
import argparse
import os

import torch


def average(states):
    keys = list(states[0])
    for i, s in enumerate(states[1:], 1):
        if list(s) != keys:
            raise SystemExit(f"checkpoint {i} holds different tensors from checkpoint 0: not the same network")
        for k in keys:
            if s[k].shape != states[0][k].shape:
                raise SystemExit(f"checkpoint {i}: {k} has shape {tuple(s[k].shape)}, checkpoint 0 has {tuple(states[0][k].shape)}")
    return {k: (sum(s[k].double() for s in states) / len(states)).to(states[0][k].dtype) if states[0][k].is_floating_point() else states[-1][k]
            for k in keys}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("checkpoints", nargs="+")
    args = ap.parse_args()
    if len(args.checkpoints) < 2:
        raise SystemExit("give at least two checkpoints to average")
    loaded = [torch.load(p, weights_only=False) for p in args.checkpoints]
    stretches = {c.get("stretch", 0) for c in loaded}
    if len(stretches) > 1:
        raise SystemExit(f"the checkpoints were trained on crops with different contrast stretches {sorted(stretches)}: not the same input")
    scale_sets = {tuple(c.get("activation_scales") or ()) for c in loaded}
    if len(scale_sets) > 1:
        raise SystemExit("the checkpoints were trained quantization-aware at different activation scales (or some not at all): "
                         "their mean has no scales to be exported with")
    scales = scale_sets.pop()
    states = [c["model"] for c in loaded]
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    torch.save({"model": average(states), "step": 0, "averaged": [os.path.relpath(p) for p in args.checkpoints], "stretch": stretches.pop(),
                "arch": loaded[0].get("arch", {}), **({"activation_scales": list(scales)} if scales else {})},
               args.out + ".tmp")
    os.replace(args.out + ".tmp", args.out)
    print("wrote", args.out, "from", len(states), "checkpoints", flush=True)


if __name__ == "__main__":
    main()
