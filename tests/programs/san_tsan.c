// TEST: ThreadSanitizer (-fsanitize=thread)
// CFLAGS: -fsanitize=thread
// On the CLI route, clang -fsanitize=thread -emit-llvm gives IR already instrumented: its access
// hooks (`__tsan_read8(p)`) are inactive, its `__tsan_memcpy`/`__tsan_memset` copy and clear shadows.
// LDFLAGS: -fsanitize=thread
#include "include/build_mode_kernel.h"

int main(void) { return build_mode_checks("san_tsan"); }
