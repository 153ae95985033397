/* Counts the heap bytes that the program's own code holds (linked with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free, so only calls from the program's
 * objects come here, the C library's own allocations do not). bench/main_grad.c reads the peak
 * of a primal call and of a gradient call: the difference is what the derivative keeps on the
 * heap, Catalase's tape included. */
#include <malloc.h>
#include <stddef.h>

void *__real_malloc(size_t);
void *__real_calloc(size_t, size_t);
void *__real_realloc(void *, size_t);
void __real_free(void *);

static long live, peak;

static void *counted(void *p) {
  if (p) live += (long)malloc_usable_size(p);
  if (live > peak) peak = live;
  return p;
}

void *__wrap_malloc(size_t n) { return counted(__real_malloc(n)); }
void *__wrap_calloc(size_t n, size_t size) { return counted(__real_calloc(n, size)); }

void *__wrap_realloc(void *p, size_t n) {
  long old = p ? (long)malloc_usable_size(p) : 0;
  void *q = __real_realloc(p, n);
  if (q || n == 0) live -= old;
  return counted(q);
}

void __wrap_free(void *p) {
  if (p) live -= (long)malloc_usable_size(p);
  __real_free(p);
}

/* Starts a new peak at the bytes live now; returns the previous peak minus the live bytes at its start. */
long heap_peak_restart(void) {
  static long base;
  long grown = peak - base;
  base = peak = live;
  return grown;
}
