// TEST: -march=native: the host's vector extensions in the primal and the derivative
// CFLAGS: -march=native
// LDFLAGS: -march=native
#include "include/build_mode_kernel.h"

int main(void) { return build_mode_checks("build_march_native"); }
