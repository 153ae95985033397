// TEST: LTO (-flto, linked by lld): the derivative is made before the link-time optimizer runs
// CFLAGS: -flto
// LDFLAGS: -flto -fuse-ld=lld
#include "include/build_mode_kernel.h"

int main(void) { return build_mode_checks("build_lto"); }
