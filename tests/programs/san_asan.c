// TEST: AddressSanitizer (-fsanitize=address)
// CFLAGS: -fsanitize=address
// LDFLAGS: -fsanitize=address
#include "include/build_mode_kernel.h"

int main(void) { return build_mode_checks("san_asan"); }
