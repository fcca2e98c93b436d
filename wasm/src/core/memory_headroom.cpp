#include "core/memory_headroom.h"

#include <cstdint>

#ifdef __EMSCRIPTEN__
#include <emscripten/heap.h>
#include <malloc.h>
#endif

namespace pxav {

size_t memory_headroom_bytes() {
#ifdef __EMSCRIPTEN__
  const size_t size = emscripten_get_heap_size(), max = emscripten_get_heap_max();
  // The free block at the top of the heap (dlmalloc's keepcost) joins what the memory may still
  // grow by into one run; free blocks lower down are not counted, as a large allocation may not
  // fit in any of them.
  const size_t top = static_cast<size_t>(mallinfo().keepcost);
  return (max > size ? max - size : 0) + top;
#else
  return SIZE_MAX;
#endif
}

}  // namespace pxav
