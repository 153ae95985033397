// TEST: source-based coverage (-fprofile-instr-generate -fcoverage-mapping): counters in the differentiated function
// CFLAGS: -fprofile-instr-generate -fcoverage-mapping
// LDFLAGS: -fprofile-instr-generate
#include "include/build_mode_kernel.h"

int main(void) { return build_mode_checks("build_coverage"); }
