// TEST: gradients computed concurrently: four POSIX threads each call __enzyme_autodiff, __enzyme_fwddiff and split mode (__enzyme_augmentfwd/__enzyme_reverse) on their own data, many times, through a loop with a data-dependent trip count (a heap tape) and a malloc'd scratch buffer; every thread's results must equal the same calls made on the main thread
// LDFLAGS: -pthread
#include <pthread.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
void *__enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);

#define N 16
#define THREADS 4
#define REPS 200

static double kernel(const double *x, int n) {
  double *t = malloc(sizeof(double) * n);
  double s = 0.0;
  int k = 0;
  /* data-dependent trip count: the tape grows while it runs */
  while (s < 40.0 && k < 8 * n) {
    int i = k % n;
    t[i] = sin(x[i] * (k + 1)) + x[(i + 1) % n] * x[i];
    s += t[i] * t[i] + 0.5;
    k++;
  }
  free(t);
  return s;
}
static void kernel_out(const double *x, double *out) { *out = kernel(x, N); }

struct job {
  double x[N];
  double grad[N], jv, split_grad[N];
  int ok;
};

static void compute(struct job *j, double *grad, double *jv, double *split_grad) {
  double v[N];
  memset(grad, 0, sizeof(double) * N);
  __enzyme_autodiff((void *)kernel, enzyme_dup, j->x, grad, enzyme_const, N);
  for (int i = 0; i < N; i++) v[i] = cos(i + 0.5);
  *jv = __enzyme_fwddiff((void *)kernel, enzyme_dup, j->x, v, enzyme_const, N);
  double out = 0.0, dout = 1.0;
  memset(split_grad, 0, sizeof(double) * N);
  void *tape = __enzyme_augmentfwd((void *)kernel_out, enzyme_dup, j->x, split_grad, enzyme_dupnoneed, &out, &dout);
  __enzyme_reverse((void *)kernel_out, enzyme_dup, j->x, split_grad, enzyme_dupnoneed, &out, &dout, tape);
}

static void *worker(void *arg) {
  struct job *j = arg;
  j->ok = 1;
  for (int r = 0; r < REPS; r++) {
    double g[N], jv, sg[N];
    compute(j, g, &jv, sg);
    if (memcmp(g, j->grad, sizeof g) || jv != j->jv || memcmp(sg, j->split_grad, sizeof sg)) j->ok = 0;
  }
  return NULL;
}

static const double *XX;
static double F(double *x) { return kernel(x, N); }

int main(void) {
  static struct job jobs[THREADS];
  for (int t = 0; t < THREADS; t++) {
    for (int i = 0; i < N; i++) jobs[t].x[i] = 0.2 * sin(0.7 * i + t) + 0.05 * t;
    compute(&jobs[t], jobs[t].grad, &jobs[t].jv, jobs[t].split_grad);
  }
  (void)XX;
  for (int t = 0; t < THREADS; t++) {
    ck_gradient("reference gradient", jobs[t].grad, F, jobs[t].x, N);
    double v[N];
    for (int i = 0; i < N; i++) v[i] = cos(i + 0.5);
    CHECK("reference forward vs reverse", jobs[t].jv, ck_dot(jobs[t].grad, v, N));
    for (int i = 0; i < N; i++) CHECK("reference split = combined", jobs[t].split_grad[i], jobs[t].grad[i]);
  }
  pthread_t th[THREADS];
  for (int t = 0; t < THREADS; t++) pthread_create(&th[t], NULL, worker, &jobs[t]);
  for (int t = 0; t < THREADS; t++) pthread_join(th[t], NULL);
  for (int t = 0; t < THREADS; t++) CHECK_PRIMAL("thread results equal the main thread's", jobs[t].ok, 1.0);
  return ck_done();
}
