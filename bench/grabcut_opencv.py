"""OpenCV's grabCut from the subject cut's own start, the anchor of bench/cut_score's subject cut.

For every KEY.seed.png in SEED_DIR (written by `cut_score --dump-seed SEED_DIR`: the cut's
starting mask, subject_cut_seed(), 255 = subject) with its KEY.colour.png (the colour the cut sees,
at the depth map's size), runs cv2.grabCut from that mask (255 -> GC_PR_FGD, else GC_PR_BGD;
GC_INIT_WITH_MASK, 5 iterations, one thread) and writes KEY.png (255 = GC_FGD or GC_PR_FGD) to
OUT_DIR, for `cut_score --score-masks OUT_DIR` to score with the same metrics as our cut (the
metrics exist once, in C++). grabCut sees colour only: the seed is where the depth comes in.

usage: /usr/bin/python3 bench/grabcut_opencv.py SEED_DIR OUT_DIR
"""
import os
import sys
import time

import cv2
import numpy as np

ITERATIONS = 5


def main(seed_dir, out_dir):
    if not os.path.isdir(seed_dir):
        print(f"grabcut_opencv: SKIPPED: {seed_dir} is absent (run cut_score --dump-seed {seed_dir} first)")
        return 0
    os.makedirs(out_dir, exist_ok=True)
    cv2.setNumThreads(1)
    keys = sorted(name[: -len(".seed.png")] for name in os.listdir(seed_dir) if name.endswith(".seed.png"))
    times, failures = [], 0
    for key in keys:
        seed = cv2.imread(os.path.join(seed_dir, key + ".seed.png"), cv2.IMREAD_GRAYSCALE)
        colour = cv2.imread(os.path.join(seed_dir, key + ".colour.png"), cv2.IMREAD_COLOR)
        if seed is None or colour is None or seed.shape != colour.shape[:2]:
            print(f"grabcut_opencv: {key}: seed or colour missing, or of different sizes")
            failures += 1
            continue
        mask = np.where(seed >= 128, cv2.GC_PR_FGD, cv2.GC_PR_BGD).astype(np.uint8)
        if mask.min() == mask.max():
            # grabCut needs both classes to fit its two colour models: the seed is its answer.
            out = np.where(seed >= 128, 255, 0).astype(np.uint8)
        else:
            bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
            t0 = time.perf_counter()
            cv2.grabCut(colour, mask, None, bgd, fgd, ITERATIONS, cv2.GC_INIT_WITH_MASK)
            times.append(time.perf_counter() - t0)
            out = np.where((mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD), 255, 0).astype(np.uint8)
        cv2.imwrite(os.path.join(out_dir, key + ".png"), out)
    total = sum(times)
    print(f"grabCut (OpenCV {cv2.__version__}, {ITERATIONS} iterations from the cut's seed, one thread): "
          f"{len(keys) - failures} masks in {out_dir}, {total:.2f} s in grabCut")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
