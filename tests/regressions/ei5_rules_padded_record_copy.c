// TEST: (unnecessary refusal at -O2/-O3, fixed) user rules on the two functions that read and write an array of records {double x, y, z; int id;} (4 bytes of tail padding); the loop copying the array (ps[i] = nx[i]) becomes one 160-byte memcpy at -O2, and with both functions ruled type analysis cannot tell what the padding bytes 28..32 hold, so the copy is refused; without the rules, or with the padding filled by a field (tests/programs/ei5_rules_struct_ptrs.c), every level passes
// Fixed: the bodies of functions with forward rules are lowered beside their rules now (driver::ruled_bodies), so type analysis sees how `kick` and `energy` access the records.
#include "../programs/include/ck_array.h"

typedef struct {
  double x, y, z;
  int id;
} particle;

__attribute__((noinline)) double energy(const particle *p) { return p->x * p->x + sin(p->y) * p->z + 0.1 * p->id; }
/* the record is overwritten before the reverse pass runs: the augmented pass tapes it ({tape, primal}) */
typedef struct {
  void *tape;
  double primal;
} en_tp;
static en_tp en_aug(const particle *p, const particle *dp) {
  (void)dp;
  particle *t = malloc(sizeof(particle));
  *t = *p;
  en_tp r = {t, energy(p)};
  return r;
}
static void en_rev(const particle *p, particle *dp, double dr, void *tape) {
  (void)p;
  particle *t = tape;
  dp->x += dr * 2.0 * t->x;
  dp->y += dr * cos(t->y) * t->z;
  dp->z += dr * sin(t->y);
  free(t);
}
typedef struct {
  double primal, tangent;
} pt;
static pt en_fwd(const particle *p, const particle *dp) {
  pt r = {energy(p), 2.0 * p->x * dp->x + cos(p->y) * p->z * dp->y + sin(p->y) * dp->z};
  return r;
}
void *__enzyme_register_gradient_energy[] = {(void *)energy, (void *)en_aug, (void *)en_rev};
void *__enzyme_register_derivative_energy[] = {(void *)energy, (void *)en_fwd};

__attribute__((noinline)) void kick(particle *out, const particle *in, double dt) {
  out->x = in->x + dt * in->y;
  out->y = in->y - dt * in->x * in->z;
  out->z = in->z * exp(-dt);
  out->id = in->id + 1;
}
static void *kick_aug(particle *out, particle *dout, const particle *in, const particle *din, double dt) {
  (void)dout;
  (void)din;
  particle *t = malloc(sizeof(particle));
  *t = *in;
  kick(out, in, dt);
  return t;
}
typedef struct {
  double ddt;
} kick_grad;
static kick_grad kick_rev(particle *out, particle *dout, const particle *in, particle *din, double dt, void *tape) {
  (void)out;
  (void)in;
  particle *t = tape;
  double ox = dout->x, oy = dout->y, oz = dout->z;
  din->x += ox - dt * t->z * oy;
  din->y += dt * ox + oy;
  din->z += -dt * t->x * oy + exp(-dt) * oz;
  kick_grad g = {ox * t->y - oy * t->x * t->z - oz * t->z * exp(-dt)};
  dout->x = dout->y = dout->z = 0.0;
  free(t);
  return g;
}
static void kick_fwd(particle *out, particle *dout, const particle *in, const particle *din, double dt, double ddt) {
  kick(out, in, dt);
  dout->x = din->x + dt * din->y + ddt * in->y;
  dout->y = din->y - dt * (din->x * in->z + in->x * din->z) - ddt * in->x * in->z;
  dout->z = din->z * exp(-dt) - ddt * in->z * exp(-dt);
}
void *__enzyme_register_gradient_kick[] = {(void *)kick, (void *)kick_aug, (void *)kick_rev};
void *__enzyme_register_derivative_kick[] = {(void *)kick, (void *)kick_fwd};

static double pairsum(const particle *ps, int lo, int hi) {
  if (hi - lo == 1) return energy(&ps[lo]);
  int mid = (lo + hi) / 2;
  return pairsum(ps, lo, mid) * 0.5 + pairsum(ps, mid, hi) * 1.5;
}
#define NP 5
__attribute__((noinline)) double sim(const double *q, double dt, int steps) {
  particle ps[NP], nx[NP];
  for (int i = 0; i < NP; i++) ps[i] = (particle){q[3 * i], q[3 * i + 1], q[3 * i + 2], i};
  double e = 0.0;
  for (int s = 0; s < steps; s++) {
    for (int i = 0; i < NP; i++) kick(&nx[i], &ps[i], dt);
    for (int i = 0; i < NP; i++) ps[i] = nx[i];
    e += pairsum(ps, 0, NP);
  }
  for (int i = 0; i < NP; i++) e += energy(&ps[i]) * (i + 1);
  return e;
}
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
static double o_q(double *q) { return sim(q, 0.05, 3); }
static double Q0[3 * NP];
static double o_dt(double dt) { return sim(Q0, dt, 3); }

int main(void) {
  double q[3 * NP], dq[3 * NP] = {0}, v[3 * NP], one = 1.0;
  for (int i = 0; i < 3 * NP; i++) {
    q[i] = 0.5 * sin(0.9 * i + 0.3);
    v[i] = cos(0.6 * i);
  }
  memcpy(Q0, q, sizeof q);
  double gdt = __enzyme_autodiff((void *)sim, enzyme_dup, q, dq, 0.05, enzyme_const, 3);
  ck_gradient("rules on struct pointers d/dq", dq, o_q, q, 3 * NP);
  CHECK("rules on struct pointers d/ddt", gdt, ck_fd1(o_dt, 0.05));
  double jv = __enzyme_fwddiff((void *)sim, enzyme_dup, q, v, 0.05, 0.0, enzyme_const, 3);
  ck_dot_test("rules on struct pointers fwd", &one, &jv, 1, dq, v, 3 * NP);
  double jt = __enzyme_fwddiff((void *)sim, enzyme_const, q, 0.05, 1.0, enzyme_const, 3);
  CHECK("rules on struct pointers fwd d/ddt", jt, gdt);
  return ck_done();
}
