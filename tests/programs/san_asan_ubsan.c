// TEST: ASan and UBSan together (-fsanitize=address,undefined)
// CFLAGS: -fsanitize=address,undefined -fno-sanitize-recover=all
// LDFLAGS: -fsanitize=address,undefined
#include "include/build_mode_kernel.h"

int main(void) { return build_mode_checks("san_asan_ubsan"); }
