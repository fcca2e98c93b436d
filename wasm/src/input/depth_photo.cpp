#include "input/depth_photo.h"

namespace pxav {

DepthPhoto upright(DepthPhoto photo) {
  const Orientation o = std::exchange(photo.orientation, {});
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

}  // namespace pxav
