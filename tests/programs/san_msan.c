// TEST: MemorySanitizer (-fsanitize=memory)
// CFLAGS: -fsanitize=memory
// LDFLAGS: -fsanitize=memory
#include "include/build_mode_kernel.h"

int main(void) { return build_mode_checks("san_msan"); }
