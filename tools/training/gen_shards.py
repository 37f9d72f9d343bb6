"""Write synthetic reader crops in shards (runs/reader-data/synth-NNNN.npz) until --count
shards exist. Restartable: existing shards are kept, so generation can span sessions."""
import argparse
import os
import random

import numpy as np

from render import clutter_reader_sample, formats_reader_sample, monospaced_reader_sample, realistic_reader_sample, synthetic_reader_sample

ap = argparse.ArgumentParser()
ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "runs", "reader-data"))
ap.add_argument("--count", type=int, default=20)
ap.add_argument("--per-shard", type=int, default=4000)
ap.add_argument("--tight", action="store_true", help="crop around the characters instead of the whole plate")
ap.add_argument("--realistic", action="store_true", help="render_plate_real: tall condensed text, stickers, bolts, frames")
ap.add_argument("--symbols", action="store_true", help="render_plate_real with pictograms beside and inside the text")
ap.add_argument("--letter-o", action="store_true", help="with --symbols: half the zeros drawn as the letter O")
ap.add_argument("--clutter", action="store_true", help="clutter_reader_sample: county lines, stickers and pictures beside the text, plate gothics, look-alikes, loose edges")
ap.add_argument("--strong", action="store_true", help="with --clutter: solid-ink pictures, letter O in letter positions")
ap.add_argument("--rare", action="store_true", help="with --clutter: text mostly of letters the real crops lack (I, Q, W, U, V, Y)")
ap.add_argument("--monospaced", action="store_true", help="monospaced_reader_sample: characters in fixed-width cells, W/M/H/N-rich text")
ap.add_argument("--flipped-w", action="store_true", help="with --monospaced: three Ws in four drawn as the font's M upside down, as California and Texas draw W")
ap.add_argument("--formats", action="store_true", help="formats_reader_sample: text in the standard formats PATTERNS lacks (Missouri LLD-LDL and others), look-alike-heavy")
args = ap.parse_args()
prefix, seed_base = ("formats-", 37000) if args.formats else ("monow-", 41000) if args.monospaced and args.flipped_w else ("mono-", 33000) if args.monospaced else ("clutter-rare-", 29000) if args.clutter and args.rare else ("clutter-strong-", 25000) if args.clutter and args.strong else ("clutter-", 21000) if args.clutter else ("symbols-o-", 17000) if args.symbols and args.letter_o else ("symbols-", 13000) if args.symbols else ("real-", 9000) if args.realistic else ("tight-", 5000) if args.tight else ("", 1000)
os.makedirs(args.out, exist_ok=True)
for i in range(args.count):
    path = os.path.join(args.out, f"synth-{prefix}{i:04d}.npz")
    if os.path.exists(path):
        continue
    rng = random.Random(seed_base + i)
    images, texts = [], []
    for _ in range(args.per_shard):
        if args.formats:
            a, t = formats_reader_sample(rng)
        elif args.monospaced:
            a, t = monospaced_reader_sample(rng, flipped_w=0.75 if args.flipped_w else 0.0)
        elif args.clutter:
            a, t = clutter_reader_sample(rng, strong=args.strong, rare=args.rare)
        elif args.symbols or args.realistic:
            a, t = realistic_reader_sample(rng, symbols=args.symbols, letter_o=args.letter_o)
        else:
            a, t = synthetic_reader_sample(rng, tight=args.tight)
        images.append(a)
        texts.append(t)
    np.savez_compressed(path + ".tmp.npz", images=np.stack(images), texts=np.array(texts))
    os.replace(path + ".tmp.npz", path)
    print("wrote", path, flush=True)
