// TEST: AddressSanitizer (-fsanitize=address)
// CFLAGS: -fsanitize=address
// LDFLAGS: -fsanitize=address
// Not covered: on the CLI route a stack array may live on ASan's fake stack (use-after-return
// detection, `__asan_stack_malloc_N`), and Catalase refuses the pointer that merges it with the
// alloca ("may point to active or to inactive memory"); -fsanitize-address-use-after-return=never
// avoids it. The kernel's scratch array is on the heap.
#include "include/build_mode_kernel.h"

int main(void) { return build_mode_checks("san_asan"); }
