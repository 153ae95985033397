// TEST: reverse and forward mode through a function that parses its model parameters from a configuration string inside the differentiated code (strtok_r on a local copy, sscanf with %lf and %d, strtod with an end pointer, strcmp to select the nonlinearity, atoi for a repeat count) before the math on the active array; the parsed numbers are inactive, the array is active; gradients against finite differences, dot-product test against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct {
  double alpha, beta;
  int reps;
  int mode; /* 0 tanh, 1 softplus, 2 cube */
  double weights[4];
} params;

static void parse(const char *cfg, params *p) {
  char copy[256];
  strncpy(copy, cfg, sizeof copy - 1);
  copy[sizeof copy - 1] = 0;
  p->alpha = 1.0; p->beta = 0.0; p->reps = 1; p->mode = 0;
  for (int i = 0; i < 4; i++) p->weights[i] = 1.0;
  char *save = NULL;
  for (char *tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
    char key[32];
    double val;
    int iv;
    if (sscanf(tok, "alpha=%lf", &val) == 1) p->alpha = val;
    else if (sscanf(tok, "beta=%lf", &val) == 1) p->beta = val;
    else if (sscanf(tok, "reps=%d", &iv) == 1) p->reps = iv;
    else if (strncmp(tok, "w=", 2) == 0) {
      char *s = tok + 2, *end;
      for (int i = 0; i < 4; i++) {
        p->weights[i] = strtod(s, &end);
        if (end == s) break;
        s = end;
        if (*s == ',') s++;
      }
    } else if (sscanf(tok, "mode=%31s", key) == 1) {
      p->mode = strcmp(key, "softplus") == 0 ? 1 : strcmp(key, "cube") == 0 ? 2 : 0;
    } else if (strncmp(tok, "n=", 2) == 0) {
      p->reps += atoi(tok + 2);
    }
  }
}

static double act(int mode, double x) {
  switch (mode) {
  case 1: return log1p(exp(x));
  case 2: return x * x * x;
  default: return tanh(x);
  }
}

static double model(const double *x, const char *cfg) {
  params p;
  parse(cfg, &p);
  double s = 0.0;
  for (int r = 0; r < p.reps; r++)
    for (int i = 0; i < 4; i++) s += p.weights[i] * act(p.mode, p.alpha * x[i] + p.beta * r);
  return s;
}

static const char *gcfg;
static double F(double *x) { return model(x, gcfg); }

int main(void) {
  const char *cfgs[3] = {
      "alpha=0.7;beta=-0.2;mode=tanh;w=0.5,1.5,-0.25,2",
      "mode=softplus;alpha=1.3;reps=2;n=1;w=1,2,3,4",
      "w=0.1,0.2;beta=0.05;mode=cube;reps=3",
  };
  for (int c = 0; c < 3; c++) {
    gcfg = cfgs[c];
    double x[4] = {0.3, -0.6, 0.9, 0.2}, dx[4] = {0}, v[4] = {0.4, 0.1, -0.7, 0.5};
    char label[64];
    __enzyme_autodiff((void *)model, enzyme_dup, x, dx, enzyme_const, cfgs[c]);
    snprintf(label, sizeof label, "parsed config %d: d/dx", c);
    ck_gradient(label, dx, F, x, 4);
    double jv = __enzyme_fwddiff((void *)model, enzyme_dup, x, v, enzyme_const, cfgs[c]);
    snprintf(label, sizeof label, "parsed config %d: dot test", c);
    CHECK(label, ck_dot(dx, v, 4), jv);
  }
  return ck_done();
}
