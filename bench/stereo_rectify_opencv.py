"""OpenCV's uncalibrated rectification chain, the peer of bench/stereo_rectify_score.cpp: for each
case folder that `stereo_rectify_score --write OUT` made (left.png, right.png), SIFT features
matched with Lowe's ratio test (0.75), findFundamentalMat (RANSAC, 1 px, 0.999),
stereoRectifyUncalibrated (threshold 5) and warpPerspective of both views, then StereoSGBM in its
8-path mode, block 3 (OpenCV's best configuration on these pairs in bench/stereo_opencv.py:
P1 = 24 b^2, P2 = 96 b^2, disp12MaxDiff 1, uniqueness 10, speckles 100 / 2, preFilterCap 63)
over the range the inlier matches span after rectification (a tenth of the span and 4 px of
margin, rounded out to 16). Writes H1.txt, H2.txt (original -> rectified) and opencv.pfm
(inf = no disparity) into each folder.
usage: /usr/bin/python3 bench/stereo_rectify_opencv.py OUT_DIR
"""
import os
import sys

import cv2
import numpy as np


def write_pfm(path, disparity):
    h, w = disparity.shape
    with open(path, "wb") as f:
        f.write(b"Pf\n%d %d\n-1\n" % (w, h))
        f.write(np.flipud(disparity).astype("<f4").tobytes())


def identity_case(folder, w, h, why):
    print(f"stereo_rectify_opencv: {os.path.basename(folder)}: {why}", file=sys.stderr)
    for name in ("H1.txt", "H2.txt"):
        np.savetxt(os.path.join(folder, name), np.eye(3))
    write_pfm(os.path.join(folder, "opencv.pfm"), np.full((h, w), np.inf, np.float32))


def run(folder):
    left = cv2.imread(os.path.join(folder, "left.png"))
    right = cv2.imread(os.path.join(folder, "right.png"))
    h, w = left.shape[:2]
    gl, gr = cv2.cvtColor(left, cv2.COLOR_BGR2GRAY), cv2.cvtColor(right, cv2.COLOR_BGR2GRAY)
    sift = cv2.SIFT_create()
    kl, dl = sift.detectAndCompute(gl, None)
    kr, dr = sift.detectAndCompute(gr, None)
    pairs = cv2.BFMatcher(cv2.NORM_L2).knnMatch(dl, dr, k=2)
    good = [m for m, n in (p for p in pairs if len(p) == 2) if m.distance < 0.75 * n.distance]
    if len(good) < 8:
        return identity_case(folder, w, h, "fewer than 8 matches")
    p1 = np.float64([kl[m.queryIdx].pt for m in good])
    p2 = np.float64([kr[m.trainIdx].pt for m in good])
    f, mask = cv2.findFundamentalMat(p1, p2, cv2.FM_RANSAC, 1.0, 0.999)
    if f is None or f.shape != (3, 3):
        return identity_case(folder, w, h, "no fundamental matrix")
    inl = mask.ravel() == 1
    ok, h1, h2 = cv2.stereoRectifyUncalibrated(p1[inl], p2[inl], f, (w, h), threshold=5)
    if not ok:
        return identity_case(folder, w, h, "stereoRectifyUncalibrated failed")
    rl = cv2.warpPerspective(left, h1, (w, h))
    rr = cv2.warpPerspective(right, h2, (w, h))
    a = cv2.perspectiveTransform(p1[inl].reshape(-1, 1, 2), h1).reshape(-1, 2)
    b = cv2.perspectiveTransform(p2[inl].reshape(-1, 1, 2), h2).reshape(-1, 2)
    d = a[:, 0] - b[:, 0]
    lo, hi = np.percentile(d, 1), np.percentile(d, 99)
    margin = 0.1 * (hi - lo) + 4
    lo = int(np.floor((lo - margin) / 16) * 16)
    num = max(16, int(np.ceil((hi + margin - lo) / 16)) * 16)
    block = 3
    sgbm = cv2.StereoSGBM_create(minDisparity=lo, numDisparities=num, blockSize=block, P1=24 * block * block,
                                 P2=96 * block * block, disp12MaxDiff=1, uniquenessRatio=10, speckleWindowSize=100,
                                 speckleRange=2, preFilterCap=63, mode=cv2.STEREO_SGBM_MODE_HH)
    disp = sgbm.compute(rl, rr).astype(np.float32) / 16
    disp[disp < lo] = np.inf
    write_pfm(os.path.join(folder, "opencv.pfm"), disp)
    np.savetxt(os.path.join(folder, "H1.txt"), h1)
    np.savetxt(os.path.join(folder, "H2.txt"), h2)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    cv2.setNumThreads(1)
    cv2.setRNGSeed(1)
    for name in sorted(os.listdir(sys.argv[1])):
        folder = os.path.join(sys.argv[1], name)
        if os.path.exists(os.path.join(folder, "left.png")):
            run(folder)
    print(f"# OpenCV {cv2.__version__}: uncalibrated chain written to {sys.argv[1]}", file=sys.stderr)


if __name__ == "__main__":
    main()
