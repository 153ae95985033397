/* The executable of the plugin and CLI routes: runs bench_run and prints its numbers as one
 * JSON object (read by bench/forward.py). */
#include <stdio.h>

#include "bench.h"

int main(void) {
  static double out[4096];
  int n = bench_run(out, 4096);
  printf("{\"kernel\": \"%s\", \"values\": [", kernel_name);
  for (int i = 0; i < n; i++) printf("%s%.17g", i ? ", " : "", out[i]);
  printf("]}\n");
  return 0;
}
