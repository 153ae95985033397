// TEST: reverse and forward mode through a binary search tree built with malloc inside the differentiated function (insertion by key compares on active values, recursion to insert, an in-order walk that fills a singly linked list through a pointer to the tail pointer, a recursive free), then a weighted sum over the sorted list
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct tnode {
  double key, val;
  struct tnode *left, *right;
} tnode;

typedef struct lnode {
  double v;
  struct lnode *next;
} lnode;

static tnode *insert(tnode *t, double key, double val) {
  if (!t) {
    tnode *n = (tnode *)malloc(sizeof *n);
    n->key = key;
    n->val = val;
    n->left = n->right = NULL;
    return n;
  }
  if (key < t->key) t->left = insert(t->left, key, val);
  else t->right = insert(t->right, key, val);
  return t;
}

static lnode **walk(const tnode *t, lnode **tail) {
  if (!t) return tail;
  tail = walk(t->left, tail);
  lnode *n = (lnode *)malloc(sizeof *n);
  n->v = t->val * t->key;
  n->next = NULL;
  *tail = n;
  tail = &n->next;
  return walk(t->right, tail);
}

static void free_tree(tnode *t) {
  if (!t) return;
  free_tree(t->left);
  free_tree(t->right);
  free(t);
}

static double sorted_energy(const double *x, int n) {
  tnode *root = NULL;
  for (int i = 0; i < n; i++) root = insert(root, x[i], exp(-0.3 * x[i] * x[i]) + 0.1 * i);
  lnode *head = NULL;
  walk(root, &head);
  free_tree(root);
  double s = 0.0, w = 1.0;
  while (head) {
    lnode *nx = head->next;
    s += w * head->v;
    w *= -0.7;
    free(head);
    head = nx;
  }
  return s;
}

#define N 8
static double F(double *x) { return sorted_energy(x, N); }

int main() {
  double x[N] = {0.35, -1.2, 0.9, 2.1, -0.45, 1.4, 0.05, -0.8}, dx[N] = {0};
  __enzyme_autodiff((void *)sorted_energy, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("BST to sorted list (reverse)", dx, F, x, N);
  for (int i = 0; i < N; i++) {
    double v[N] = {0};
    v[i] = 1.0;
    double t = __enzyme_fwddiff((void *)sorted_energy, enzyme_dup, x, v, enzyme_const, N);
    CHECK("BST to sorted list (forward vs reverse)", t, dx[i]);
  }
  return ck_done();
}
