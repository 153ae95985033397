// TEST: reverse mode through a binary search tree of malloc'd nodes built inside the differentiated function (keys are integers, each node holds an active value), a recursive weighted sum over it, an iterative in-order traversal whose explicit stack grows with realloc, a realloc-grown output array read back, and recursive freeing
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const;
double __enzyme_autodiff(void *, ...);

typedef struct Node {
  int key;
  double val;
  struct Node *left, *right;
} Node;

static Node *insert(Node *t, int key, double val) {
  if (!t) {
    Node *n = (Node *)malloc(sizeof(Node));
    n->key = key, n->val = val, n->left = n->right = NULL;
    return n;
  }
  if (key < t->key) t->left = insert(t->left, key, val);
  else t->right = insert(t->right, key, val);
  return t;
}

static double weighted(const Node *t, int depth) {
  if (!t) return 0.0;
  return t->val * t->val / (1.0 + depth) + weighted(t->left, depth + 1) + sin(weighted(t->right, depth + 1));
}

static void release(Node *t) {
  if (!t) return;
  release(t->left);
  release(t->right);
  free(t);
}

static double tree_loss(const double *x, const int *keys, int n) {
  Node *root = NULL;
  for (int i = 0; i < n; i++) root = insert(root, keys[i], x[i] * (1.0 + 0.1 * i));
  double s = weighted(root, 0);
  int cap = 1, sp = 0, len = 0, ocap = 2;
  Node **stack = (Node **)malloc(cap * sizeof(Node *));
  double *out = (double *)malloc(ocap * sizeof(double));
  Node *cur = root;
  while (cur || sp > 0) {
    while (cur) {
      if (sp == cap) {
        cap *= 2;
        stack = (Node **)realloc(stack, cap * sizeof(Node *));
      }
      stack[sp++] = cur;
      cur = cur->left;
    }
    cur = stack[--sp];
    if (len == ocap) {
      ocap *= 2;
      out = (double *)realloc(out, ocap * sizeof(double));
    }
    out[len++] = cur->val;
    cur = cur->right;
  }
  for (int i = 1; i < len; i++) s += (double)i * out[i] * out[i - 1];
  free(out);
  free(stack);
  release(root);
  return s;
}

#define N 9
static const int KEYS[N] = {50, 30, 70, 20, 40, 60, 80, 35, 65};
static double X[N] = {0.3, -0.6, 0.8, 1.1, -0.2, 0.45, -0.9, 0.7, 0.15};
static double F(double *x) { return tree_loss(x, KEYS, N); }

int main(void) {
  double dx[N] = {0};
  __enzyme_autodiff((void *)tree_loss, enzyme_dup, X, dx, enzyme_const, KEYS, enzyme_const, N);
  ck_gradient("binary search tree with realloc stacks", dx, F, X, N);
  return ck_done();
}
