#include "input/depth_photo.h"

namespace pxav {

DepthPhoto upright(DepthPhoto photo) {
  const Orientation o = std::exchange(photo.orientation, {});
  photo.subject_hints = turn_subject_hints(o, std::move(photo.subject_hints), photo.depth.width, photo.depth.height);
  photo.camera = apply(o, rescale(photo.camera, photo.depth.width, photo.depth.height));
  photo.depth = apply(o, std::move(photo.depth));
  // Crop rounding can leave the colour or matte a pixel off the depth's size: nearest fixes it.
  if (!photo.colour.empty()) {
    photo.colour = resize_nearest(apply(o, std::move(photo.colour)), photo.depth.width, photo.depth.height);
  }
  if (photo.portrait_matte) {
    *photo.portrait_matte =
        resize_nearest(apply(o, std::move(*photo.portrait_matte)), photo.depth.width, photo.depth.height);
  }
  return photo;
}

std::vector<SubjectHint> turn_subject_hints(const Orientation& o, std::vector<SubjectHint> hints, int width,
                                            int height) {
  std::vector<SubjectHint> out;
  out.reserve(hints.size());
  for (SubjectHint& h : hints) {
    int w = width, g = height;
    const auto box = apply(o, PixelBox{h.x, h.y, h.width, h.height}, w, g);
    if (!box) continue;
    h.x = box->x;
    h.y = box->y;
    h.width = box->width;
    h.height = box->height;
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace pxav
