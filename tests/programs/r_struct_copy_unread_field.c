// TEST: reverse mode through struct copies into local memory where one field (an integer, or a float) is never read in the differentiated function: the copied bytes nothing reads have no derivative to move (Enzyme copies such structs), the others move their adjoints back to the input
#include "include/ck_array.h"

extern int enzyme_dup, enzyme_const;
double __enzyme_autodiff(void *, ...);

typedef struct {
  double x;
  long id;
  double z;
  float q;
  int n;
} R;

/* `c = *in` and `d = c` are whole-struct copies; id, q and n are never read. */
static double copy_twice(R *in) {
  R c;
  c = *in;
  R d = c;
  return d.x * d.z + sin(c.x);
}

/* An array of structs copied into a local buffer with memcpy; only x and z are read. */
static double copy_array(R *in) {
  R buf[3];
  memcpy(buf, in, sizeof buf);
  double s = 0.0;
  for (int i = 0; i < 3; i++) s += buf[i].x * buf[i].x - 0.5 * buf[i].z;
  return s;
}

/* The float field q is copied but never read: its adjoint stays zero. */
static double copy_skip_float(R *in) {
  R c = *in;
  return exp(0.1 * c.x) * c.z;
}

static R P[3];
static double F_twice(double *x) {
  R r = P[0];
  r.x = x[0], r.z = x[1];
  return copy_twice(&r);
}
static double F_array(double *x) {
  R r[3];
  memcpy(r, P, sizeof r);
  for (int i = 0; i < 3; i++) r[i].x = x[2 * i], r[i].z = x[2 * i + 1];
  return copy_array(r);
}
static double F_skip(double *x) {
  R r = P[0];
  r.x = x[0], r.z = x[1];
  return copy_skip_float(&r);
}

int main(void) {
  for (int i = 0; i < 3; i++) {
    P[i].x = 0.4 + 0.3 * i, P[i].id = 7 + i, P[i].z = -0.6 + 0.5 * i, P[i].q = 2.5f, P[i].n = 3 - i;
  }
  double x[6], g[6];
  R d[3];

  memset(d, 0, sizeof d);
  R in = P[0];
  __enzyme_autodiff((void *)copy_twice, enzyme_dup, &in, &d[0]);
  g[0] = d[0].x, g[1] = d[0].z, x[0] = P[0].x, x[1] = P[0].z;
  ck_gradient("struct copied twice", g, F_twice, x, 2);
  CHECK("struct copied twice: unread float field", d[0].q, 0.0);
  CHECK_PRIMAL("struct copied twice: input id unchanged", in.id, P[0].id);

  memset(d, 0, sizeof d);
  R arr[3];
  memcpy(arr, P, sizeof arr);
  __enzyme_autodiff((void *)copy_array, enzyme_dup, arr, d);
  for (int i = 0; i < 3; i++) g[2 * i] = d[i].x, g[2 * i + 1] = d[i].z, x[2 * i] = P[i].x, x[2 * i + 1] = P[i].z;
  ck_gradient("array of structs memcpy", g, F_array, x, 6);
  for (int i = 0; i < 3; i++) CHECK("array of structs memcpy: unread float field", d[i].q, 0.0);

  memset(d, 0, sizeof d);
  in = P[0];
  __enzyme_autodiff((void *)copy_skip_float, enzyme_dup, &in, &d[0]);
  g[0] = d[0].x, g[1] = d[0].z, x[0] = P[0].x, x[1] = P[0].z;
  ck_gradient("unread float field", g, F_skip, x, 2);
  CHECK("unread float field: its adjoint", d[0].q, 0.0);
  return ck_done();
}
