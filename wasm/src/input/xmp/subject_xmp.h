// Where an XMP packet says the subject is: the Metadata Working Group's regions (mwg-rs:Regions:
// Focus and Face areas, centre and size as fractions of the image as stored, for the frame
// mwg-rs:AppliedToDimensions names; Apple writes them on portrait JPEGs) and Google's Lens Blur
// focal point (GFocus:FocalPointX/Y, fractions of the primary image, with GFocus:FocalDistance,
// the depth it focused at in the depth map's units). Regions of other types (pets, barcodes),
// areas in other units and values that are not finite numbers in 0..1 are left out.
#pragma once

#include <string_view>
#include <vector>

#include "core/subject_hint.h"
#include "input/xmp/xmp_tree.h"

namespace pxav {

inline constexpr std::string_view kMwgRegionsNs = "http://www.metadataworkinggroup.com/schemas/regions/";
inline constexpr std::string_view kStAreaNs = "http://ns.adobe.com/xmp/sType/Area#";
inline constexpr std::string_view kStDimensionsNs = "http://ns.adobe.com/xap/1.0/sType/Dimensions#";
inline constexpr std::string_view kGFocusNs = "http://ns.google.com/photos/1.0/focus/";

// The hints of every description of a packet, regions first (in list order), then the focal point.
std::vector<StatedHint> xmp_subject_hints(const std::vector<const XmlElement*>& descriptions);

}  // namespace pxav
