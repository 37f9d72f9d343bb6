"""Real plate crops from ../shared/datasets/training (never the evaluation folders)."""
import csv
import os
import random
import re
import zlib

import numpy as np
from PIL import Image

from render import ALPHABET, degrade

DATASETS = os.environ.get("MILEPOST_DATASETS", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "datasets"))
REPORTED = os.path.join(DATASETS, "training", "reported-us", "labeled")
VALID = re.compile(r"^[0-9A-Z]{2,8}$")


def normalise_label(text):
    return text.upper().replace(" ", "").replace("-", "").replace("O", "0")


def reported_us():
    """(path, text) for every usable labelled crop, split train/val by a hash of the name."""
    train, val = [], []
    with open(os.path.join(REPORTED, "labels.csv")) as f:
        for row in csv.DictReader(f):
            text = normalise_label(row["plate"])
            if not VALID.match(text):
                continue
            item = (os.path.join(REPORTED, row["file"]), text)
            (val if zlib.crc32(row["file"].encode()) % 10 == 0 else train).append(item)
    return train, val


def plain_crop(path, w=94, h=24):
    return np.array(Image.open(path).convert("L").resize((w, h), Image.BILINEAR), dtype=np.uint8)


def augmented_crops(items, copies, seed, tight=False, edges=None, vedges=None, plain=True, frame=False):
    rng = random.Random(seed)
    images, texts = [], []
    for path, text in items:
        img = Image.open(path).convert("L")
        if plain and not tight:
            images.append(plain_crop(path))
            texts.append(text)
        for _ in range(copies):
            images.append(np.array(degrade(rng, img, 94, 24, margin=(-0.02, 0.06), jitter=0.05, tight=tight, edges=edges, vedges=vedges, frame=frame), dtype=np.uint8))
            texts.append(text)
    return np.stack(images), np.array(texts)


# Loose boxes around plates in frames, as the detector gives on real frames (a median 1.2 times
# the plate's width, up to twice on small plates): each side moved out by this share of the
# plate's width (height), inside a plate frame or holder in a bumper recess.
LOOSE_EDGES, LOOSE_VEDGES = (0.0, 0.2), (0.0, 0.25)


def loose_framed_crops(items, copies, seed):
    return augmented_crops(items, copies, seed, plain=False, edges=LOOSE_EDGES, vedges=LOOSE_VEDGES, frame=True)


BRAZIL = os.path.join(DATASETS, "training", "openalpr-br")
UNLABELED = os.path.join(DATASETS, "training", "reported-us", "unlabeled")


def brazil():
    """(path, text) for the openalpr-br crops: real character appearance (same Latin letters
    and digits as US plates, in a different layout)."""
    items = []
    with open(os.path.join(BRAZIL, "labels.csv")) as f:
        for row in csv.DictReader(f):
            text = normalise_label(row["plate"])
            if VALID.match(text):
                items.append((os.path.join(BRAZIL, row["file"]), text))
    return items


def pseudo_labelled(csv_path):
    """(path, text) of reported-us/unlabeled crops kept by pseudo_label.py."""
    if not os.path.exists(csv_path):
        return []
    with open(csv_path) as f:
        return [(os.path.join(UNLABELED, row["file"]), row["plate"]) for row in csv.DictReader(f)]
