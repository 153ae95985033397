// TEST: split mode with a run-time number of tapes: an adaptive integrator takes steps whose size depends on the state until it reaches the end time (how many steps depends on the data), each step augmented with its tape's pointer kept in a node of a heap linked list through enzyme_tape (the slot is the node's field), the nodes pushed at the front so walking the list reverses the steps; the step writes a scratch buffer passed with enzyme_dupnoneed; the end time's and the parameter's gradients as enzyme_out; against finite differences of the whole integration and combined mode
#include "include/ck_array.h"
#include "include/ck_split.h"

typedef struct { double dt; } step_ret;
double __enzyme_augmentfwd(void *, ...);
typedef struct { double dk, dleft; } g2;
g2 __enzyme_reverse(void *, ...);
typedef struct { double dk, dT; } gT;
gT __enzyme_autodiff(void *, ...);

#define D 3

/* advances u by min(h(u), left) and returns the step taken; work holds the stage values */
__attribute__((noinline)) static double step(double *u, double *work, double k, double left) {
  double h = 0.2 / (1.0 + u[0] * u[0] + u[1] * u[1]);
  if (h > left) h = left;
  for (int i = 0; i < D; i++) work[i] = -k * u[i] + sin(u[(i + 1) % D]);
  for (int i = 0; i < D; i++) u[i] += h * work[i] + 0.5 * h * h * work[(i + 2) % D];
  return h;
}

static double integrate(double *u, double k, double T) {
  double work[D], t = 0.0;
  int n = 0;
  while (T - t > 1e-12 && n < 1000) t += step(u, work, k, T - t), n++;
  return u[0] * u[0] + u[1] * u[2];
}

struct node {
  struct node *next;
  void *tape;
  double left;
};

static const double U0[D] = {0.9, -0.4, 0.6};
static double KK = 0.8, TT = 1.3;
static double F_u(double *u0) { double u[D]; memcpy(u, u0, sizeof u); return integrate(u, KK, TT); }
static double F_k(double k) { double u[D]; memcpy(u, U0, sizeof u); return integrate(u, k, TT); }
static double F_T(double T) { double u[D]; memcpy(u, U0, sizeof u); return integrate(u, KK, T); }

int main(void) {
  double u[D], du[D] = {0}, work[D], dwork[D] = {0};
  memcpy(u, U0, sizeof u);
  struct node *head = NULL;
  double t = 0.0;
  int steps = 0;
  while (TT - t > 1e-12 && steps < 1000) {
    struct node *nd = malloc(sizeof *nd);
    nd->left = TT - t;
    nd->next = head;
    head = nd;
    double h = __enzyme_augmentfwd((void *)step, enzyme_dup, u, du, enzyme_dupnoneed, work, dwork, KK, nd->left,
                                   enzyme_tape, &nd->tape);
    t += h;
    steps++;
  }
  printf("adaptive steps: %d\n", steps);
  CHECK_PRIMAL("several steps taken", steps > 5, 1);
  double obj = u[0] * u[0] + u[1] * u[2];
  CHECK_PRIMAL("primal objective", obj, F_u((double *)U0));
  du[0] = 2.0 * u[0], du[1] = u[2], du[2] = u[1];
  /* t = sum of h: the adjoint of each h is d(obj)/dT's share; the time left feeds the next step's clamp */
  double dk = 0.0, dleft_next = 0.0, dT = 0.0;
  for (struct node *nd = head; nd;) {
    /* left_i = T - t_i with t_{i+1} = t_i + h_i: d/dh_i gets -dleft_{i+1}, d/dleft_i adds to dT and to earlier h's */
    g2 g = __enzyme_reverse((void *)step, enzyme_dup, u, du, enzyme_dupnoneed, work, dwork, KK, nd->left, -dleft_next,
                            enzyme_tape, &nd->tape);
    dk += g.dk;
    dT += g.dleft;
    dleft_next += g.dleft;
    struct node *next = nd->next;
    free(nd);
    nd = next;
  }
  double u0[D];
  memcpy(u0, U0, sizeof u0);
  ck_gradient("list of tapes: d/du0", du, F_u, u0, D);
  CHECK("list of tapes: d/dk", dk, ck_fd1(F_k, KK));
  CHECK("list of tapes: d/dT", dT, ck_fd1(F_T, TT));

  double uc[D], duc[D] = {0};
  memcpy(uc, U0, sizeof uc);
  gT gc = __enzyme_autodiff((void *)integrate, enzyme_dup, uc, duc, KK, TT);
  for (int i = 0; i < D; i++) CHECK("combined = list", du[i], duc[i]);
  CHECK("combined = list: d/dk", dk, gc.dk);
  CHECK("combined = list: d/dT", dT, gc.dT);
  return ck_done();
}
