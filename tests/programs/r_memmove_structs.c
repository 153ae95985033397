// TEST: memory functions on active data in reverse and forward mode: memmove that shifts an array onto itself (both directions), struct assignment of a mixed int/long/double struct (a memcpy clang emits; every field is used, so type analysis knows each byte), memset of part of an active buffer, memcpy into a heap copy that is freed; gradients against finite differences and the dot-product test
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct {
  int id;
  double pos[3];
  long tag;
  double mass;
} Body;

#define N 6
/* shift left by 2 in place, then right by 1, then a weighted sum with the tail zeroed */
static double shifts(double *a, int n) {
  memmove(a, a + 2, (n - 2) * sizeof(double));
  a[n - 2] = a[0] * a[1];
  a[n - 1] = sin(a[2]);
  memmove(a + 1, a, (n - 1) * sizeof(double));
  memset(a + n - 2, 0, 2 * sizeof(double));
  double s = 0.0;
  for (int i = 0; i < n; i++) s += (i + 1) * a[i] * a[i];
  return s;
}

static double bodies(Body *b, int n) {
  Body tmp = b[0]; /* struct copy */
  for (int i = 0; i + 1 < n; i++) b[i] = b[i + 1];
  b[n - 1] = tmp;
  double e = 0.0;
  for (int i = 0; i < n; i++) {
    double r2 = b[i].pos[0] * b[i].pos[0] + b[i].pos[1] * b[i].pos[1] + b[i].pos[2] * b[i].pos[2];
    e += b[i].mass * r2 * (i + 1) + (double)b[i].id * b[i].pos[0] + (double)(b[i].tag % 5) * b[i].pos[1];
  }
  return e;
}

/* an array of structs holding pointers, shifted by a loop LLVM makes one memmove: the shadow
   pointers must travel with their primals */
typedef struct {
  double w;
  const double *p;
  float f;
  int k;
} Link;
static double links(Link *l, int n) {
  Link first = l[0];
  for (int i = 0; i + 1 < n; i++) l[i] = l[i + 1];
  l[n - 1] = first;
  double s = 0.0;
  for (int i = 0; i < n; i++) s += (i + 1) * l[i].w * l[i].p[l[i].k] + l[i].f * l[i].w;
  return s;
}

static double heap_copy(const double *a, int n) {
  double *c = (double *)malloc(n * sizeof(double));
  memcpy(c, a, n * sizeof(double));
  for (int i = 1; i < n; i++) c[i] += c[i - 1] * 0.5;
  double s = c[n - 1] * c[n - 2];
  free(c);
  return s;
}

static double A0[N] = {0.3, -0.6, 0.8, 1.1, -0.2, 0.5};
static double shifts_a(double *a) {
  double c[N];
  memcpy(c, a, sizeof c);
  return shifts(c, N);
}
static double heap_a(double *a) { return heap_copy(a, N); }
#define NB 3
static Body B0[NB] = {{1, {0.1, 0.2, 0.3}, 7, 1.5}, {2, {-0.4, 0.5, 0.1}, 8, 0.7}, {3, {0.9, -0.3, 0.2}, 9, 2.0}};
/* the float fields of the bodies: pos[0..2], mass for each body */
static double body_x[NB * 4];
static void unpack(const double *x, Body *b) {
  memcpy(b, B0, sizeof B0);
  for (int i = 0; i < NB; i++) {
    for (int k = 0; k < 3; k++) b[i].pos[k] = x[4 * i + k];
    b[i].mass = x[4 * i + 3];
  }
}
static double bodies_x(double *x) {
  Body b[NB];
  unpack(x, b);
  return bodies(b, NB);
}

#define NL 4
static double TGT[3] = {0.5, -1.2, 0.8};
static double link_x[NL * 2 + 3];
static double links_x(double *x) {
  Link l[NL];
  for (int i = 0; i < NL; i++) {
    l[i].w = x[2 * i];
    l[i].f = (float)x[2 * i + 1];
    l[i].p = x + 2 * NL;
    l[i].k = i % 3;
  }
  return links(l, NL);
}

int main(void) {
  double a[N], d[N] = {0}, v[N] = {0.4, 0.1, -0.3, 0.7, 0.2, -0.5};
  memcpy(a, A0, sizeof a);
  __enzyme_autodiff((void *)shifts, enzyme_dup, a, d, enzyme_const, N);
  ck_gradient("memmove both ways, memset tail", d, shifts_a, A0, N);
  double t[N];
  memcpy(a, A0, sizeof a);
  memcpy(t, v, sizeof t);
  double jv = __enzyme_fwddiff((void *)shifts, enzyme_dup, a, t, enzyme_const, N);
  double one = 1.0;
  ck_dot_test("memmove both ways, memset tail", &one, &jv, 1, d, v, N);

  double hd[N] = {0};
  __enzyme_autodiff((void *)heap_copy, enzyme_dup, A0, hd, enzyme_const, N);
  ck_gradient("memcpy into a freed heap copy", hd, heap_a, A0, N);

  Body b[NB], db[NB];
  memcpy(b, B0, sizeof b);
  memset(db, 0, sizeof db);
  __enzyme_autodiff((void *)bodies, enzyme_dup, b, db, enzyme_const, NB);
  double g[NB * 4];
  for (int i = 0; i < NB; i++) {
    for (int k = 0; k < 3; k++) {
      body_x[4 * i + k] = B0[i].pos[k];
      g[4 * i + k] = db[i].pos[k];
    }
    body_x[4 * i + 3] = B0[i].mass;
    g[4 * i + 3] = db[i].mass;
  }
  ck_gradient("mixed int/double struct copies", g, bodies_x, body_x, NB * 4);

  Link l[NL], dl[NL];
  double tgt[3], dtgt[3] = {0};
  memcpy(tgt, TGT, sizeof tgt);
  for (int i = 0; i < NL; i++) {
    link_x[2 * i] = 0.3 + 0.2 * i;
    link_x[2 * i + 1] = (float)(0.7 - 0.3 * i);
    l[i] = (Link){link_x[2 * i], tgt, (float)link_x[2 * i + 1], i % 3};
    dl[i] = (Link){0.0, dtgt, 0.0f, i % 3};
  }
  for (int i = 0; i < 3; i++) link_x[2 * NL + i] = TGT[i];
  __enzyme_autodiff((void *)links, enzyme_dup, l, dl, enzyme_const, NL);
  double lg[NL * 2 + 3];
  for (int i = 0; i < NL; i++) {
    lg[2 * i] = dl[i].w;
    lg[2 * i + 1] = dl[i].f;
  }
  for (int i = 0; i < 3; i++) lg[2 * NL + i] = dtgt[i];
  char label[64];
  for (int i = 0; i < NL * 2 + 3; i++) {
    snprintf(label, sizeof label, "structs with pointers shifted: d/dx[%d]", i);
    /* the float field enters as f*w, linear: its partial is w (a step of 1e-5 is below float resolution) */
    int float_field = i < 2 * NL && i % 2 == 1;
    CHECK_F32(label, lg[i], float_field ? link_x[i - 1] : ck_fd_partial(links_x, link_x, i));
  }
  return ck_done();
}
