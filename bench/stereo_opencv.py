"""OpenCV's stereo matchers on the Middlebury pairs, the peer of bench/stereo_score.cpp.

Runs StereoSGBM in its 5-path, 8-path (HH) and 3WAY modes with blocks 3 and 5 (P1 = 24 b^2,
P2 = 96 b^2, disp12MaxDiff 1, uniqueness 10, speckle window 100 range 2, preFilterCap 63) and
StereoBM (block 9), on one thread, and writes each disparity map as PFM (invalid = +inf) with the
median time of its runs to OUT/times.txt, for stereo_score to score exactly as it scores ours.

usage: /usr/bin/python3 bench/stereo_opencv.py STEREO_DIR OUT_DIR
       /usr/bin/python3 bench/stereo_opencv.py STEREO_DIR --serve
With --serve it prints "ready", then answers each line "PAIR METHOD" (tsukuba sgbm-8path-b3) with
the milliseconds of one compute(): bench/bench-stereo.mjs pairs these runs with ours (ABBA).
"""
import os
import sys
import time

import cv2
import numpy as np

PAIRS = {  # folder: (left, right, disparities)
    "tsukuba": ("scene1.row3.col3.ppm", "scene1.row3.col4.ppm", 16),
    "cones": ("im2.ppm", "im6.ppm", 64),
}
RUNS = 15


def write_pfm(path, disparity):
    h, w = disparity.shape
    with open(path, "wb") as f:
        f.write(b"Pf\n%d %d\n-1\n" % (w, h))
        f.write(np.flipud(disparity).astype("<f4").tobytes())


def matchers(disparities):
    for mode, name in ((cv2.STEREO_SGBM_MODE_SGBM, "sgbm-5path"), (cv2.STEREO_SGBM_MODE_HH, "sgbm-8path"),
                       (cv2.STEREO_SGBM_MODE_SGBM_3WAY, "sgbm-3way")):
        for block in (3, 5):
            yield f"{name}-b{block}", cv2.StereoSGBM_create(
                minDisparity=0, numDisparities=disparities, blockSize=block, P1=24 * block * block,
                P2=96 * block * block, disp12MaxDiff=1, uniquenessRatio=10, speckleWindowSize=100, speckleRange=2,
                preFilterCap=63, mode=mode), False
    yield "bm-b9", cv2.StereoBM_create(numDisparities=disparities, blockSize=9), True


def serve(stereo_dir):
    cv2.setNumThreads(1)
    ready = {}
    for pair, (left_name, right_name, disparities) in PAIRS.items():
        left = cv2.imread(os.path.join(stereo_dir, pair, left_name))
        right = cv2.imread(os.path.join(stereo_dir, pair, right_name))
        if left is None or right is None:
            continue
        for name, matcher, grey in matchers(disparities):
            views = (cv2.cvtColor(left, cv2.COLOR_BGR2GRAY), cv2.cvtColor(right, cv2.COLOR_BGR2GRAY)) if grey else (left, right)
            matcher.compute(*views)  # warm-up
            ready[f"{pair} {name}"] = (matcher, views)
    print("ready", flush=True)
    for line in sys.stdin:
        matcher, views = ready[line.strip()]
        t0 = time.perf_counter()
        matcher.compute(*views)
        print(f"{(time.perf_counter() - t0) * 1000:.3f}", flush=True)


def main():
    if len(sys.argv) == 3 and sys.argv[2] == "--serve":
        return serve(sys.argv[1])
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    stereo_dir, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    cv2.setNumThreads(1)
    lines = [f"# OpenCV {cv2.__version__}, 1 thread, median of {RUNS} runs"]
    for pair, (left_name, right_name, disparities) in PAIRS.items():
        left = cv2.imread(os.path.join(stereo_dir, pair, left_name))
        right = cv2.imread(os.path.join(stereo_dir, pair, right_name))
        if left is None or right is None:
            print(f"stereo_opencv: {pair} is missing from {stereo_dir}: skipped", file=sys.stderr)
            continue
        for name, matcher, grey in matchers(disparities):
            a, b = (cv2.cvtColor(left, cv2.COLOR_BGR2GRAY), cv2.cvtColor(right, cv2.COLOR_BGR2GRAY)) if grey else (left, right)
            times = []
            for _ in range(RUNS):
                t0 = time.perf_counter()
                raw = matcher.compute(a, b)
                times.append((time.perf_counter() - t0) * 1000)
            d = raw.astype(np.float32) / 16.0  # 4 fractional bits
            d[raw < 0] = np.inf  # OpenCV marks no match with minDisparity - 1, times 16
            write_pfm(os.path.join(out_dir, f"{pair}.{name}.pfm"), d)
            lines.append(f"{pair} {name} {sorted(times)[RUNS // 2]:.2f}")
    with open(os.path.join(out_dir, "times.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
