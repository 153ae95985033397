// TEST: reverse and forward mode through recursion that moves active data: a recursive merge sort with a malloc'd buffer per level, a recursive quicksort swapping in place, and a recursive binary-tree build/sum over heap nodes freed at the end
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static void merge_sort(double *a, int n) {
  if (n < 2) return;
  int h = n / 2;
  merge_sort(a, h);
  merge_sort(a + h, n - h);
  double *t = malloc(sizeof(double) * n);
  int i = 0, j = h, k = 0;
  while (i < h && j < n) t[k++] = a[i] <= a[j] ? a[i++] : a[j++];
  while (i < h) t[k++] = a[i++];
  while (j < n) t[k++] = a[j++];
  memcpy(a, t, sizeof(double) * n);
  free(t);
}
static void quick_sort(double *a, int lo, int hi) {
  if (lo >= hi) return;
  double pivot = a[(lo + hi) / 2];
  int i = lo, j = hi;
  while (i <= j) {
    while (a[i] < pivot) i++;
    while (a[j] > pivot) j--;
    if (i <= j) {
      double t = a[i];
      a[i] = a[j];
      a[j] = t;
      i++;
      j--;
    }
  }
  quick_sort(a, lo, j);
  quick_sort(a, i, hi);
}

struct node { double v; struct node *l, *r; };
static struct node *build(const double *x, int lo, int hi) {
  if (lo > hi) return NULL;
  int mid = (lo + hi) / 2;
  struct node *nd = malloc(sizeof *nd);
  nd->v = x[mid] * x[mid];
  nd->l = build(x, lo, mid - 1);
  nd->r = build(x, mid + 1, hi);
  return nd;
}
static double tree_sum(const struct node *nd, int depth) {
  if (!nd) return 0.0;
  return nd->v * (depth + 1) + sin(nd->v) * tree_sum(nd->l, depth + 1) + tree_sum(nd->r, depth + 1);
}
static void tree_free(struct node *nd) {
  if (!nd) return;
  tree_free(nd->l);
  tree_free(nd->r);
  free(nd);
}

#define N 9
static double weighted(const double *a) {
  double s = 0.0;
  for (int i = 0; i < N; i++) s += (i + 1) * a[i] * a[i] + cos(a[i]) * i;
  return s;
}
static double by_merge(double *x) {
  double a[N];
  memcpy(a, x, sizeof a);
  merge_sort(a, N);
  return weighted(a);
}
static double by_quick(double *x) {
  double a[N];
  memcpy(a, x, sizeof a);
  quick_sort(a, 0, N - 1);
  return weighted(a);
}
static double by_tree(double *x) {
  struct node *root = build(x, 0, N - 1);
  double s = tree_sum(root, 0);
  tree_free(root);
  return s;
}

#define CHECKS(F, NAME)                                                                                   \
  do {                                                                                                    \
    double dx[N] = {0}, dv[N];                                                                            \
    __enzyme_autodiff((void *)F, enzyme_dup, x, dx);                                                      \
    ck_gradient(NAME, dx, F, x, N);                                                                       \
    memcpy(dv, v, sizeof dv);                                                                             \
    CHECK(NAME ": forward vs reverse", __enzyme_fwddiff((void *)F, enzyme_dup, x, dv), ck_dot(dx, v, N)); \
  } while (0)

int main(void) {
  double x[N] = {0.7, -1.3, 2.2, 0.05, -0.4, 1.6, -2.1, 0.9, 0.33};
  double v[N];
  for (int i = 0; i < N; i++) v[i] = cos(0.8 * i + 0.1);
  CHECKS(by_merge, "recursive merge sort");
  CHECKS(by_quick, "recursive quicksort");
  CHECKS(by_tree, "recursive tree build and sum");
  return ck_done();
}
