/* Counts the heap bytes held during one call inside a process we do not link: real Enzyme's run
 * (bench/enzyme_run.py, Python + JAX + the module enzyme-ad JIT-compiles). Loaded with LD_PRELOAD,
 * it interposes malloc, calloc, realloc, free, memalign, posix_memalign and aligned_alloc, passing
 * them to glibc's own (__libc_*), and counts only on a thread that called
 * bench_heap_counting(1), so Python's and XLA's allocations elsewhere or at other times are left
 * out. The JIT-compiled entry (bench/entry_grad.c) finds bench_heap_counting and bench_heap_restart
 * with dlsym and brackets one primal call and one gradient call with them, as bench/main_grad.c
 * does with bench/heap_count.c: the same definition for Catalase's figure and for Enzyme's. */
#include <malloc.h>
#include <stddef.h>

void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);
void *__libc_memalign(size_t, size_t);
void __libc_free(void *);

#define PER_THREAD static __thread __attribute__((tls_model("initial-exec")))
PER_THREAD int counting;
PER_THREAD long live, peak, base;

static void *counted(void *p) {
  if (p && counting) {
    live += (long)malloc_usable_size(p);
    if (live > peak) peak = live;
  }
  return p;
}

static void released(void *p) {
  if (p && counting) live -= (long)malloc_usable_size(p);
}

void *malloc(size_t n) { return counted(__libc_malloc(n)); }
void *calloc(size_t n, size_t size) { return counted(__libc_calloc(n, size)); }
void *memalign(size_t align, size_t n) { return counted(__libc_memalign(align, n)); }
void *aligned_alloc(size_t align, size_t n) { return counted(__libc_memalign(align, n)); }
void free(void *p) {
  released(p);
  __libc_free(p);
}

void *realloc(void *p, size_t n) {
  long old = p && counting ? (long)malloc_usable_size(p) : 0;
  void *q = __libc_realloc(p, n);
  if (q || n == 0) live -= old;
  return counted(q);
}

int posix_memalign(void **out, size_t align, size_t n) {
  if (align % sizeof(void *) || align & (align - 1)) return 22; /* EINVAL */
  void *p = __libc_memalign(align, n);
  if (!p) return 12; /* ENOMEM */
  *out = counted(p);
  return 0;
}

/* Turns counting on this thread on (1) or off (0). */
void bench_heap_counting(int on) { counting = on; }

/* As heap_peak_restart (bench/heap_count.c): starts a new peak at the bytes live now and returns
 * the previous peak minus the bytes live at its start. */
long bench_heap_restart(void) {
  long grown = peak - base;
  base = peak = live;
  return grown;
}
