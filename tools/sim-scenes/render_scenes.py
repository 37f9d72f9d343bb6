"""Renders the simulated board's camera frames (Board/sim-scenes/): a plain synthetic road
scene, 1280x720 grey, with one synthetic plate in it, so that the unit on the simulated board
reads plates end to end. Uses the training renderer (tools/training/render.py) and the free
Debian fonts it names; no photograph is involved, so the frames carry this project's licence.

    python3 tools/sim-scenes/render_scenes.py Board/sim-scenes
"""
import os
import random
import sys

import numpy as np
from PIL import Image, ImageFilter

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "training"))
import render  # noqa: E402

PLATES = ["8BQR417", "7KDN352", "HTX9041", "5WMC286"]


def road_scene(rng, width=1280, height=720):
    yy = np.linspace(0, 1, height)[:, None]
    xx = np.linspace(0, 1, width)[None, :]
    sky = 170 - 60 * yy
    road = 95 + 25 * (1 - yy) + 8 * np.sin(xx * 40)
    arr = np.where(yy < 0.42, sky + 0 * xx, road)
    arr += np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, 2, (height, width))
    # lane markings and a vehicle body behind the plate
    for x in (0.2, 0.8):
        arr[int(height * 0.55):, int(width * x) - 4:int(width * x) + 4] = 210
    arr[int(height * 0.40):int(height * 0.88), int(width * 0.30):int(width * 0.70)] = rng.randint(40, 80)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for i, text in enumerate(PLATES):
        rng = random.Random(1000 + i)
        scene = road_scene(rng)
        plate, _ = render.render_plate(rng, text)
        plate_width = rng.randint(170, 220)
        plate = plate.resize((plate_width, plate_width // 2), Image.BILINEAR).filter(ImageFilter.GaussianBlur(0.6))
        x = 640 - plate_width // 2 + rng.randint(-60, 60)
        y = rng.randint(470, 540)
        scene.paste(plate, (x, y))
        path = os.path.join(out_dir, f"scene-{i + 1}-{text}.jpg")
        scene.save(path, quality=80)
        print(path)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "Board/sim-scenes")
