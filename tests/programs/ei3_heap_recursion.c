// TEST: recursion over heap structures built and freed inside the differentiated function: a singly linked list built from the input (malloc per node, pushed at the front), summed recursively and freed iteratively; a binary search tree keyed by an inactive integer with active payloads, inserted recursively, evaluated by a recursive weighted walk whose weights depend on depth and freed recursively; the tree shape depends on the data; checked against finite differences and forward mode (dot-product test)
#include "include/ck_array.h"

typedef struct node {
  double v;
  struct node *next;
} node;

typedef struct tree {
  int key;
  double val;
  struct tree *l, *r;
} tree;

static node *push(node *h, double v) {
  node *n = malloc(sizeof *n);
  n->v = v;
  n->next = h;
  return n;
}
__attribute__((noinline)) static double rsum(const node *n, double decay) {
  if (!n) return 0.0;
  return n->v * n->v + decay * sin(n->v) * rsum(n->next, decay);
}

static tree *insert(tree *t, int key, double val) {
  if (!t) {
    t = malloc(sizeof *t);
    t->key = key;
    t->val = val;
    t->l = t->r = NULL;
    return t;
  }
  if (key < t->key)
    t->l = insert(t->l, key, val);
  else
    t->r = insert(t->r, key, val * t->val);
  return t;
}
__attribute__((noinline)) static double walk(const tree *t, int depth) {
  if (!t) return 1.0;
  double here = t->val / (1.0 + depth);
  return here * walk(t->l, depth + 1) + cos(here) + walk(t->r, depth + 1) * 0.5;
}
static void drop(tree *t) {
  if (!t) return;
  drop(t->l);
  drop(t->r);
  free(t);
}

#define N 7
static const int KEYS[N] = {4, 2, 6, 1, 3, 7, 5};

__attribute__((noinline)) double heapy(const double *x, int n) {
  node *h = NULL;
  for (int i = 0; i < n; i++) h = push(h, x[i] * 0.5 + x[(i + 2) % n]);
  double s = rsum(h, 0.3);
  while (h) {
    node *nx = h->next;
    free(h);
    h = nx;
  }
  tree *t = NULL;
  for (int i = 0; i < n; i++) t = insert(t, KEYS[i], x[i] + 0.1 * s);
  double w = walk(t, 0);
  drop(t);
  return s + w;
}

static double obj(double *x) { return heapy(x, N); }

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

int main(void) {
  double x[N] = {0.3, -0.8, 1.2, 0.5, -0.2, 0.9, -1.1}, dx[N] = {0};
  __enzyme_autodiff((void *)heapy, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("list + tree", dx, obj, x, N);
  double v[N] = {1, -0.5, 0.25, 0.75, -1, 0.5, 0.1};
  double jv = __enzyme_fwddiff((void *)heapy, enzyme_dup, x, v, enzyme_const, N);
  double one = 1.0;
  ck_dot_test("list + tree fwd vs rev", &one, &jv, 1, dx, v, N);
  return ck_done();
}
