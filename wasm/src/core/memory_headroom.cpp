#include "core/memory_headroom.h"

#include <cstdint>

#ifdef __EMSCRIPTEN__
#include <emscripten/heap.h>
#include <malloc.h>
#include <unistd.h>
#endif

namespace pxav {

size_t memory_headroom_bytes() {
#ifdef __EMSCRIPTEN__
  // dlmalloc takes memory from sbrk's break up; the memory may already have grown past it (growth
  // overshoots), and can grow up to its maximum. The free block at the top of the heap (dlmalloc's
  // keepcost) ends at the break, so with the rest it makes one run; free blocks lower down are
  // not counted, as a large allocation may not fit in any of them.
  const size_t brk = reinterpret_cast<uintptr_t>(sbrk(0)), max = emscripten_get_heap_max();
  const size_t top = static_cast<size_t>(mallinfo().keepcost);
  return (max > brk ? max - brk : 0) + top;
#else
  return SIZE_MAX;
#endif
}

}  // namespace pxav
