// How much more memory this process can still take, for the stages that size their work to it
// (the stereo matcher's cost volume): in wasm the module's memory has a fixed maximum, and an
// allocation past it does not throw (exceptions are off) but ends the instance. Natively the
// operating system decides, so there is no figure and the configured limits alone apply.
#pragma once

#include <cstddef>

namespace pxav {

// Bytes that can surely still be allocated: in wasm, the free run at the top of the heap and
// from the heap's end (sbrk's break) to the memory's maximum; natively SIZE_MAX.
size_t memory_headroom_bytes();

}  // namespace pxav
