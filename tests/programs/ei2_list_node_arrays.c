// TEST: reverse and forward mode through linked lists built inside the differentiated function: nodes malloc'd in a loop, each holding its own malloc'd array of a run-time length, the list reversed in place by relinking, a recursive sum over it, a second list made by pushing to the front and walked twice, every node and array freed (recursively and iteratively) before the return
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define N 9

typedef struct node {
  int len;
  double *vals;
  double scale;
  struct node *next;
} node;

static node *build(const double *x, int n) {
  node *head = 0, **tail = &head;
  int i = 0, k = 1;
  while (i < n) {
    int len = (i + k <= n) ? k : n - i;
    node *nd = malloc(sizeof *nd);
    nd->len = len;
    nd->vals = malloc(sizeof(double) * len);
    for (int j = 0; j < len; j++) nd->vals[j] = x[i + j] * x[i + j] + 0.5 * x[i + j];
    nd->scale = x[i] * 0.3 + 1.0;
    nd->next = 0;
    *tail = nd;
    tail = &nd->next;
    i += len;
    k++;
  }
  return head;
}

static node *reverse_list(node *h) {
  node *prev = 0;
  while (h) {
    node *nx = h->next;
    h->next = prev;
    prev = h;
    h = nx;
  }
  return prev;
}

__attribute__((noinline)) static double rec_sum(const node *h, int depth) {
  if (!h) return 0.0;
  double s = 0.0;
  for (int j = 0; j < h->len; j++) s += h->vals[j] * (depth + 1);
  return h->scale * s + sin(rec_sum(h->next, depth + 1));
}

__attribute__((noinline)) static void free_rec(node *h) {
  if (!h) return;
  free_rec(h->next);
  free(h->vals);
  free(h);
}

static double list_objective(const double *x, int n) {
  node *h = build(x, n);
  h = reverse_list(h);
  double r = rec_sum(h, 0);
  free_rec(h);
  return r;
}

typedef struct cell {
  double v;
  struct cell *next;
} cell;

static double front_list(const double *x, int n) {
  cell *h = 0;
  for (int i = 0; i < n; i++) {
    cell *c = malloc(sizeof *c);
    c->v = x[i] * (h ? h->v : 1.0);
    c->next = h;
    h = c;
  }
  double mx = 0.0, s = 0.0;
  for (cell *c = h; c; c = c->next) mx += c->v * c->v;
  for (cell *c = h; c; c = c->next) s += c->v / (1.0 + mx);
  while (h) {
    cell *nx = h->next;
    free(h);
    h = nx;
  }
  return s + mx;
}

static double F_list(double *x) { return list_objective(x, N); }
static double F_front(double *x) { return front_list(x, 6); }

static const double V[N] = {0.3, -0.2, 0.8, 0.1, -0.6, 0.45, 0.9, -0.35, 0.2};

int main(void) {
  double x[N] = {0.6, -0.4, 0.9, 0.25, -0.8, 0.35, 1.1, -0.15, 0.5};
  double dx[N] = {0};
  __enzyme_autodiff((void *)list_objective, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("list of arrays, reversed", dx, F_list, x, N);
  double v[N], one = 1.0;
  memcpy(v, V, sizeof v);
  double jv = __enzyme_fwddiff((void *)list_objective, enzyme_dup, x, v, enzyme_const, N);
  ck_dot_test("list of arrays, reversed", &one, &jv, 1, dx, V, N);

  double y[6] = {0.7, -0.5, 1.2, 0.4, -0.9, 0.6}, dy[6] = {0};
  __enzyme_autodiff((void *)front_list, enzyme_dup, y, dy, enzyme_const, 6);
  ck_gradient("front-pushed list", dy, F_front, y, 6);
  double jv2 = __enzyme_fwddiff((void *)front_list, enzyme_dup, y, v, enzyme_const, 6);
  ck_dot_test("front-pushed list", &one, &jv2, 1, dy, V, 6);
  return ck_done();
}
