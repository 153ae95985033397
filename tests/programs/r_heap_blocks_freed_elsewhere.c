// TEST: reverse mode through heap blocks whose addresses are stored into other heap blocks found by walking them (a sorted linked list built by insertion, a growable array of pointers to heap records) and freed by called functions (a recursive list free, a destroy-all through a function pointer), so the gradient frees their shadows once (under AddressSanitizer in the memory leg a leaked shadow fails); and a list built the same way whose head is stored into the caller's memory, whose shadow nodes the caller receives alive and frees itself, as with Enzyme (a use after free or a double free fails); gradients against finite differences and forward mode
#include "include/ck_array.h"
#include <stdlib.h>

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct cell {
  double v;
  struct cell *next;
} cell;

/* Insert keeping the list sorted by v: the new cell is stored into a cell found by walking. */
static cell *insert_sorted(cell *head, double v) {
  cell *c = malloc(sizeof *c);
  c->v = v;
  if (!head || v < head->v) {
    c->next = head;
    return c;
  }
  cell *cur = head;
  while (cur->next && cur->next->v <= v) cur = cur->next;
  c->next = cur->next;
  cur->next = c;
  return head;
}

__attribute__((noinline)) static void list_free(cell *c) {
  if (!c) return;
  list_free(c->next);
  free(c);
}

/* Weighted sum of the sorted values: the k-th smallest weighs k + 1. */
static double sorted_weighted(const double *x, int n) {
  cell *head = NULL;
  for (int i = 0; i < n; i++) head = insert_sorted(head, x[i] * x[i] - x[i]);
  double s = 0.0;
  int k = 1;
  for (cell *c = head; c; c = c->next) s += k++ * sin(c->v);
  list_free(head);
  return s;
}

/* ---- a growable array of pointers to heap records, destroyed through a function pointer ---- */
typedef struct rec {
  double a, b;
} rec;

__attribute__((noinline)) static void destroy_all(rec **items, int n) {
  for (int i = 0; i < n; i++) free(items[i]);
  free(items);
}
static void (*volatile g_destroy)(rec **, int) = destroy_all;

static double records(const double *x, int n) {
  int cap = 2, len = 0;
  rec **items = malloc(cap * sizeof *items);
  for (int i = 0; i + 1 < n; i++) {
    if (len == cap) {
      cap *= 2;
      items = realloc(items, cap * sizeof *items);
    }
    rec *r = malloc(sizeof *r);
    r->a = x[i];
    r->b = x[i + 1] * x[i];
    items[len++] = r;
  }
  double s = 0.0;
  for (int i = 0; i < len; i++) s += items[i]->a * cos(items[i]->b);
  g_destroy(items, len);
  return s;
}

/* ---- the same list, built in the function itself (at every level), handed to the caller
   through *out ---- */
static double build_list(const double *x, int n, cell **out) {
  cell *head = NULL;
  for (int i = 0; i < n; i++) {
    cell *c = malloc(sizeof *c);
    c->v = 0.5 * x[i] + x[(i + 1) % n];
    if (!head || c->v < head->v) {
      c->next = head;
      head = c;
      continue;
    }
    cell *cur = head;
    while (cur->next && cur->next->v <= c->v) cur = cur->next;
    c->next = cur->next;
    cur->next = c;
  }
  double s = 0.0;
  for (cell *c = head; c; c = c->next) s += c->v * c->v;
  *out = head;
  return s;
}

#define N 8
static double F_sorted(double *x) { return sorted_weighted(x, N); }
static double F_records(double *x) { return records(x, N); }
static double F_build(double *x) {
  cell *head;
  double s = build_list(x, N, &head);
  list_free(head);
  return s;
}

int main(void) {
  double x[N] = {0.7, -1.3, 0.2, 1.9, -0.4, 1.1, -2.0, 0.55};
  double v[N] = {0.3, -1.0, 0.5, 2.0, -0.25, 1.5, 0.8, -0.6};
  double one = 1.0;

  double dx[N] = {0};
  __enzyme_autodiff((void *)sorted_weighted, enzyme_dup, x, dx, enzyme_const, N);
  ck_gradient("sorted list freed by a recursive callee", dx, F_sorted, x, N);
  double jv = __enzyme_fwddiff((void *)sorted_weighted, enzyme_dup, x, v, enzyme_const, N);
  ck_dot_test("sorted list freed by a recursive callee", &one, &jv, 1, dx, v, N);

  double dr[N] = {0};
  __enzyme_autodiff((void *)records, enzyme_dup, x, dr, enzyme_const, N);
  ck_gradient("array of records destroyed through a function pointer", dr, F_records, x, N);
  double jr = __enzyme_fwddiff((void *)records, enzyme_dup, x, v, enzyme_const, N);
  ck_dot_test("array of records destroyed through a function pointer", &one, &jr, 1, dr, v, N);

  double db[N] = {0};
  cell *head = NULL, *dhead = NULL;
  __enzyme_autodiff((void *)build_list, enzyme_dup, x, db, enzyme_const, N, enzyme_dup, &head, &dhead);
  ck_gradient("sorted list handed to the caller", db, F_build, x, N);
  int cells = 0, apart = 1;
  for (cell *c = head, *d = dhead; c; c = c->next, d = d ? d->next : NULL, cells++)
    if (!d || d == c) apart = 0;
  CHECK("the caller received a shadow cell beside every cell", apart, 1.0);
  CHECK("the list the caller received", cells, (double)N);
  list_free(head);
  list_free(dhead);
  return ck_done();
}
