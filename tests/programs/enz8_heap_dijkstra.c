// TEST: reverse and forward mode through a binary min-heap of (distance, node) entries keyed by active doubles: Dijkstra's shortest paths on a small weighted graph (adjacency in int arrays, edge weights active, decrease-key by lazy re-insertion into a heap array that grows with realloc), then heap-sort selection of the k smallest of a set of active scores; the distances' derivatives follow the chosen shortest-path tree; gradients against finite differences, dot-product test against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct {
  double key;
  int node;
} entry;

typedef struct {
  entry *a;
  int n, cap;
} heap;

static void heap_push(heap *h, double key, int node) {
  if (h->n == h->cap) {
    h->cap = h->cap ? h->cap * 2 : 4;
    h->a = realloc(h->a, h->cap * sizeof(entry));
  }
  int i = h->n++;
  while (i > 0) {
    int p = (i - 1) / 2;
    if (h->a[p].key <= key) break;
    h->a[i] = h->a[p];
    i = p;
  }
  h->a[i].key = key;
  h->a[i].node = node;
}

static entry heap_pop(heap *h) {
  entry top = h->a[0], last = h->a[--h->n];
  int i = 0;
  for (;;) {
    int l = 2 * i + 1, r = l + 1, m = i;
    double mk = last.key;
    if (l < h->n && h->a[l].key < mk) { m = l; mk = h->a[l].key; }
    if (r < h->n && h->a[r].key < mk) { m = r; }
    if (m == i) break;
    h->a[i] = h->a[m];
    i = m;
  }
  if (h->n > 0) h->a[i] = last;
  return top;
}

#define NV 7
#define NEDGE 12
static const int esrc[NEDGE] = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 2};
static const int edst[NEDGE] = {1, 2, 2, 3, 3, 4, 5, 4, 5, 6, 6, 6};

static double shortest(const double *w) {
  double dist[NV];
  int done[NV] = {0};
  for (int i = 0; i < NV; i++) dist[i] = 1e300;
  heap h = {NULL, 0, 0};
  dist[0] = 0.0;
  heap_push(&h, 0.0, 0);
  while (h.n > 0) {
    entry e = heap_pop(&h);
    if (done[e.node]) continue;
    done[e.node] = 1;
    for (int k = 0; k < NEDGE; k++) {
      if (esrc[k] != e.node) continue;
      double nd = e.key + w[k] * w[k];
      if (nd < dist[edst[k]]) {
        dist[edst[k]] = nd;
        heap_push(&h, nd, edst[k]);
      }
    }
  }
  free(h.a);
  double s = 0.0;
  for (int i = 1; i < NV; i++) s += (1.0 + 0.1 * i) * sqrt(dist[i]);
  return s;
}

/* sum of the k smallest scores exp(x_i) * (1 + i/10), selected by heap pops */
static double k_smallest(const double *x, int n, int k) {
  heap h = {NULL, 0, 0};
  for (int i = 0; i < n; i++) heap_push(&h, exp(x[i]) * (1.0 + 0.1 * i), i);
  double s = 0.0;
  for (int j = 0; j < k && h.n > 0; j++) {
    entry e = heap_pop(&h);
    s += e.key / (1 + j) + 0.01 * e.node;
  }
  free(h.a);
  return s;
}

static double Fw(double *w) { return shortest(w); }
static double Fx(double *x) { return k_smallest(x, 9, 4); }

int main(void) {
  double w[NEDGE], dw[NEDGE] = {0}, v[NEDGE];
  for (int k = 0; k < NEDGE; k++) {
    w[k] = 0.7 + 0.35 * sin(1.9 * k + 0.3);
    v[k] = 0.1 * ((3 * k) % 7) - 0.3;
  }
  __enzyme_autodiff((void *)shortest, enzyme_dup, w, dw);
  ck_gradient("dijkstra heap: d/dw", dw, Fw, w, NEDGE);
  double jv = __enzyme_fwddiff((void *)shortest, enzyme_dup, w, v);
  CHECK("dijkstra heap: dot test", ck_dot(dw, v, NEDGE), jv);

  double x[9], dx[9] = {0}, vx[9];
  for (int i = 0; i < 9; i++) { x[i] = 0.4 * cos(2.3 * i); vx[i] = 0.2 - 0.05 * i; }
  __enzyme_autodiff((void *)k_smallest, enzyme_dup, x, dx, enzyme_const, 9, enzyme_const, 4);
  ck_gradient("k smallest heap: d/dx", dx, Fx, x, 9);
  jv = __enzyme_fwddiff((void *)k_smallest, enzyme_dup, x, vx, enzyme_const, 9, enzyme_const, 4);
  CHECK("k smallest heap: dot test", ck_dot(dx, vx, 9), jv);
  return ck_done();
}
