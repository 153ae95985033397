// TEST: reverse and forward mode through data structures built and freed inside the function: a CSR sparse matrix-vector product whose column indices and row pointers are ints read from the input, a binary search tree of heap nodes (insertion by comparing active keys, in-order sum by explicit stack), and a singly linked list built by prepending, reversed in place, then reduced; gradients against finite differences and the dot-product test against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
void __enzyme_autodiff_v(void *, ...) __asm__("__enzyme_autodiff");
void __enzyme_fwddiff_v(void *, ...) __asm__("__enzyme_fwddiff");

/* ---- CSR sparse matrix times vector, y = A x, values active, x active ---- */
#define NR 5
#define NNZ 12
static const int rowptr[NR + 1] = {0, 3, 5, 7, 10, 12};
static const int colind[NNZ] = {0, 2, 4, 1, 3, 0, 2, 1, 3, 4, 2, 4};

static void csr_spmv(const double *val, const int *rp, const int *ci, const double *x, double *y, int nr) {
  for (int r = 0; r < nr; r++) {
    double s = 0.0;
    for (int k = rp[r]; k < rp[r + 1]; k++) s += val[k] * x[ci[k]];
    y[r] = s * s * 0.25 + sin(s);
  }
}

static double g_val[NNZ];
static double F_x(double *x) {
  double y[NR], w[NR] = {0.3, -1.1, 0.7, 1.9, -0.4};
  csr_spmv(g_val, rowptr, colind, x, y, NR);
  return ck_dot(w, y, NR);
}
static double g_x[NR];
static double F_val(double *val) {
  double y[NR], w[NR] = {0.3, -1.1, 0.7, 1.9, -0.4};
  csr_spmv(val, rowptr, colind, g_x, y, NR);
  return ck_dot(w, y, NR);
}

/* ---- binary search tree on the heap ---- */
typedef struct node {
  double key;
  struct node *left, *right;
} node;

static node *bst_insert(node *root, double key) {
  node *n = malloc(sizeof *n);
  n->key = key;
  n->left = n->right = NULL;
  if (!root) return n;
  node *cur = root;
  for (;;) {
    if (key < cur->key) {
      if (!cur->left) { cur->left = n; break; }
      cur = cur->left;
    } else {
      if (!cur->right) { cur->right = n; break; }
      cur = cur->right;
    }
  }
  return root;
}

static void bst_free(node *n) {
  if (!n) return;
  bst_free(n->left);
  bst_free(n->right);
  free(n);
}

/* in-order traversal with an explicit stack; weights the k-th smallest by (k+1) */
static double bst_weighted(const double *x, int n) {
  node *root = NULL;
  for (int i = 0; i < n; i++) root = bst_insert(root, x[i]);
  node **stack = malloc(sizeof(node *) * n);
  int sp = 0, k = 0;
  double s = 0.0;
  node *cur = root;
  while (cur || sp > 0) {
    while (cur) { stack[sp++] = cur; cur = cur->left; }
    cur = stack[--sp];
    k++;
    s += k * cur->key * exp(-0.1 * cur->key);
    cur = cur->right;
  }
  free(stack);
  bst_free(root);
  return s;
}
#define NT 9
static double F_bst(double *x) { return bst_weighted(x, NT); }

/* ---- linked list: prepend, reverse in place, reduce with position weights ---- */
typedef struct cell {
  double v;
  struct cell *next;
} cell;

static double list_poly(const double *x, int n, double t) {
  cell *head = NULL;
  for (int i = 0; i < n; i++) {
    cell *c = malloc(sizeof *c);
    c->v = x[i] * t;
    c->next = head;
    head = c;
  }
  cell *prev = NULL;
  while (head) {
    cell *nx = head->next;
    head->next = prev;
    prev = head;
    head = nx;
  }
  /* Horner over the list in original order */
  double acc = 0.0;
  for (cell *c = prev; c; c = c->next) acc = acc * 0.9 + c->v * c->v;
  while (prev) {
    cell *nx = prev->next;
    free(prev);
    prev = nx;
  }
  return acc;
}
#define NL 7
static double g_t = 1.3;
static double F_list(double *x) { return list_poly(x, NL, g_t); }

int main(void) {
  double val[NNZ] = {1.2, -0.3, 0.5, 2.0, 0.7, -1.1, 0.9, 0.4, 1.5, -0.6, 0.8, 1.1};
  double x[NR] = {0.4, -0.9, 1.3, 0.2, -0.5};
  memcpy(g_val, val, sizeof val);
  memcpy(g_x, x, sizeof x);

  /* reverse: seed the outputs with w */
  double w[NR] = {0.3, -1.1, 0.7, 1.9, -0.4};
  double y[NR], dy[NR], dval[NNZ] = {0}, dx[NR] = {0};
  memcpy(dy, w, sizeof w);
  __enzyme_autodiff_v((void *)csr_spmv, enzyme_dup, val, dval, enzyme_const, rowptr, enzyme_const, colind,
                      enzyme_dup, x, dx, enzyme_dupnoneed, y, dy, enzyme_const, NR);
  ck_gradient("csr spmv: d/dx", dx, F_x, x, NR);
  ck_gradient("csr spmv: d/dval", dval, F_val, val, NNZ);

  /* forward along v (x direction only) and the dot-product test */
  double v[NR] = {0.5, 1.0, -0.25, 0.75, -1.5}, zval[NNZ] = {0}, yt[NR], jv[NR];
  __enzyme_fwddiff_v((void *)csr_spmv, enzyme_dup, val, zval, enzyme_const, rowptr, enzyme_const, colind,
                     enzyme_dup, x, v, enzyme_dup, yt, jv, enzyme_const, NR);
  ck_dot_test("csr spmv", w, jv, NR, dx, v, NR);

  /* binary search tree */
  double keys[NT] = {0.8, -1.2, 2.5, 0.1, -0.3, 1.7, -2.2, 0.55, 3.1};
  double dkeys[NT] = {0};
  __enzyme_autodiff((void *)bst_weighted, enzyme_dup, keys, dkeys, enzyme_const, NT);
  ck_gradient("bst in-order weighted", dkeys, F_bst, keys, NT);
  double vk[NT] = {1, -0.5, 0.25, 2, -1, 0.5, 1.5, -0.75, 0.3}, dkf[NT];
  double jvk = __enzyme_fwddiff((void *)bst_weighted, enzyme_dup, keys, vk, enzyme_const, NT);
  double one = 1.0;
  ck_dot_test("bst in-order weighted", &one, &jvk, 1, dkeys, vk, NT);
  (void)dkf;

  /* linked list, x active and t active (enzyme_out) */
  double lx[NL] = {0.3, -0.7, 1.1, 0.45, -1.6, 0.9, 0.2}, dlx[NL] = {0};
  double dt = __enzyme_autodiff((void *)list_poly, enzyme_dup, lx, dlx, enzyme_const, NL, g_t);
  ck_gradient("linked list horner: d/dx", dlx, F_list, lx, NL);
  double h = ck_step(g_t), t0 = g_t;
  g_t = t0 + h; double fp = F_list(lx);
  g_t = t0 - h; double fm = F_list(lx);
  g_t = t0;
  CHECK("linked list horner: d/dt", dt, (fp - fm) / (2 * h));
  return ck_done();
}
