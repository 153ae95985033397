// TEST: reverse and forward mode through a Monte Carlo estimator with the reparameterisation trick whose random numbers come from a global xorshift64* generator advanced inside the differentiated function (static uint64_t state, an inline next() that updates it, Box-Muller normals with log/sqrt/cos of the uniforms, rejection of u == 0 by a loop), samples x = mu + sigma * z feeding a smooth loss, and a second estimator drawing from an RNG struct passed by pointer; the derivative must use the samples of its own run (the state is advanced once per call), so the program reseeds before every call; gradients against finite differences with the same seed, dot-product test against forward mode
#include <stdint.h>
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static uint64_t rng_state;

static inline uint64_t next_u64(void) {
  uint64_t x = rng_state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  rng_state = x;
  return x * 0x2545F4914F6CDD1DULL;
}

static double uniform(void) {
  double u;
  do u = (double)(next_u64() >> 11) * (1.0 / 9007199254740992.0);
  while (u == 0.0);
  return u;
}

static double normal(void) {
  double u1 = uniform(), u2 = uniform();
  return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

#define NS 64

/* p = [mu0, mu1, log_sigma0, log_sigma1]: E[ (x0 - 1)^2 + sin(x0 x1) + x1^4 / 10 ] */
static double mc_loss(const double *p) {
  double s0 = exp(p[2]), s1 = exp(p[3]), acc = 0.0;
  for (int k = 0; k < NS; k++) {
    double x0 = p[0] + s0 * normal(), x1 = p[1] + s1 * normal();
    acc += (x0 - 1.0) * (x0 - 1.0) + sin(x0 * x1) + x1 * x1 * x1 * x1 / 10.0;
  }
  return acc / NS;
}

typedef struct {
  uint64_t s;
  int draws;
} rng;

static double rng_uniform(rng *r) {
  r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
  r->draws++;
  return ((r->s >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

/* an antithetic estimator: pairs of samples mu + sigma * (u - 1/2) and its mirror */
static double mc_struct(const double *p, rng *r) {
  double acc = 0.0;
  for (int k = 0; k < NS / 2; k++) {
    double u = rng_uniform(r) - 0.5;
    double a = p[0] + exp(p[2]) * u, b = p[0] - exp(p[2]) * u;
    acc += exp(-a * a) + exp(-b * b) + p[1] * a * b;
  }
  return acc / NS;
}

static double F1(double *p) { rng_state = 0x9E3779B97F4A7C15ULL; return mc_loss(p); }
static double F2(double *p) { rng r = {12345, 0}; return mc_struct(p, &r); }

int main(void) {
  double p[4] = {0.4, -0.3, -0.5, -0.9}, dp[4] = {0}, v[4] = {0.3, 0.2, -0.4, 0.6};
  rng_state = 0x9E3779B97F4A7C15ULL;
  __enzyme_autodiff((void *)mc_loss, enzyme_dup, p, dp);
  uint64_t after = rng_state;
  ck_gradient("mc global rng: d/dp", dp, F1, p, 4);
  rng_state = 0x9E3779B97F4A7C15ULL;
  (void)mc_loss(p);
  CHECK_PRIMAL("mc global rng: state advanced as by one call", (double)(after == rng_state), 1.0);
  rng_state = 0x9E3779B97F4A7C15ULL;
  double jv = __enzyme_fwddiff((void *)mc_loss, enzyme_dup, p, v);
  CHECK("mc global rng: dot test", ck_dot(dp, v, 4), jv);

  double dq[4] = {0};
  rng r = {12345, 0};
  __enzyme_autodiff((void *)mc_struct, enzyme_dup, p, dq, enzyme_const, &r);
  CHECK_PRIMAL("mc struct rng: draws", (double)r.draws, NS / 2);
  ck_gradient("mc struct rng: d/dp", dq, F2, p, 4);
  rng r2 = {12345, 0};
  jv = __enzyme_fwddiff((void *)mc_struct, enzyme_dup, p, v, enzyme_const, &r2);
  CHECK("mc struct rng: dot test", ck_dot(dq, v, 4), jv);
  return ck_done();
}
