// TEST: UBSan (-fsanitize=undefined): its source-location records are unnamed globals (@0, @1, ...) that the differentiated code passes to the handlers
// CFLAGS: -fsanitize=undefined -fno-sanitize-recover=all
// LDFLAGS: -fsanitize=undefined
#include "include/build_mode_kernel.h"

int main(void) { return build_mode_checks("san_ubsan"); }
