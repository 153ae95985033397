// TEST: ThreadSanitizer (-fsanitize=thread)
// CFLAGS: -fsanitize=thread
// ROUTES: plugin
// CLI route impossible for now: clang -fsanitize=thread -emit-llvm gives IR already instrumented,
// whose `__tsan_read8(p)` hooks take the active pointers and have no rule (they would be inactive).
// LDFLAGS: -fsanitize=thread
#include "include/build_mode_kernel.h"

int main(void) { return build_mode_checks("san_tsan"); }
