/* The executable of the plugin and CLI routes for gradient kernels (bench/reverse.py):
 *   exe [MODE] runs bench_run_mode (MODE 0: the reverse gradient, the default; 1 or 8: forward
 *              at width 1 or 8) and prints its numbers as one JSON object (as bench/main.c);
 *   exe check  prints the gradient entries and their finite differences, and the forward
 *              kernels' values beside the same values taken from the reverse gradient;
 *   exe dump   prints the kernel's inputs and data (kernel_dump) for the peers;
 *   exe mem    prints the heap bytes a primal call and a gradient call hold at their peaks
 *              (bench/heap_count.c) and the process's peak RSS during each (VmHWM, reset
 *              before each call through /proc/self/clear_refs; getrusage's ru_maxrss would
 *              carry the parent's peak over exec). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

long heap_peak_restart(void);

enum { MAX = 4096 };

static void print_array(const char *key, const double *v, int n) {
  printf("\"%s\": [", key);
  for (int i = 0; i < n; i++) printf("%s%.17g", i ? ", " : "", v[i]);
  printf("]");
}

/* Resets the peak RSS to the current RSS. */
static void restart_peak_rss(void) {
  FILE *f = fopen("/proc/self/clear_refs", "w");
  if (f) {
    fputs("5", f);
    fclose(f);
  }
}

/* The peak RSS in KiB since the last restart_peak_rss (-1 when /proc cannot tell). */
static long peak_rss_kib(void) {
  char line[256];
  long kib = -1;
  FILE *f = fopen("/proc/self/status", "r");
  if (!f) return -1;
  while (fgets(line, sizeof line, f))
    if (sscanf(line, "VmHWM: %ld kB", &kib) == 1) break;
  fclose(f);
  return kib;
}

int main(int argc, char **argv) {
  static double out[MAX], fd[MAX];
  if (argc > 1 && strcmp(argv[1], "check") == 0) {
    kernel_init();
    kernel_tangent();
    int n = kernel_results(out, MAX), m = kernel_fd(fd, MAX);
    printf("{\"kernel\": \"%s\", \"fd_cost\": %.17g, ", kernel_name, kernel_fd_cost());
    print_array("gradient", out, n);
    printf(", ");
    print_array("fd", fd, m);
    static const int widths[] = {1, 8};
    for (int w = 0; w < 2; w++) {
      kernel_tangent();
      n = kernel_forward_expected(widths[w], out, MAX);
      (widths[w] == 1 ? kernel_forward1 : kernel_forward8)();
      m = kernel_forward_results(fd, MAX);
      char key[32];
      printf(", ");
      snprintf(key, sizeof key, "fwd%d_expected", widths[w]);
      print_array(key, out, n);
      printf(", ");
      snprintf(key, sizeof key, "fwd%d", widths[w]);
      print_array(key, fd, m);
    }
    printf("}\n");
    return 0;
  }
  if (argc > 1 && strcmp(argv[1], "dump") == 0) {
    kernel_init();
    printf("{");
    kernel_dump();
    printf("\"kernel\": \"%s\"}\n", kernel_name);
    return 0;
  }
  if (argc > 1 && strcmp(argv[1], "mem") == 0) {
    kernel_init();
    heap_peak_restart();
    restart_peak_rss();
    kernel_primal();
    long primal = heap_peak_restart(), primal_rss = peak_rss_kib();
    restart_peak_rss();
    kernel_tangent();
    long gradient = heap_peak_restart(), gradient_rss = peak_rss_kib();
    printf("{\"kernel\": \"%s\", \"primal_heap\": %ld, \"gradient_heap\": %ld, \"primal_rss_kib\": %ld, "
           "\"gradient_rss_kib\": %ld}\n", kernel_name, primal, gradient, primal_rss, gradient_rss);
    return 0;
  }
  int n = bench_run_mode(out, MAX, argc > 1 ? atoi(argv[1]) : 0);
  printf("{\"kernel\": \"%s\", ", kernel_name);
  print_array("values", out, n);
  printf("}\n");
  return 0;
}
