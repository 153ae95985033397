/* ADBench's bundle adjustment, per observation: the reprojection error (2 values) of point X seen
 * by a camera of 11 parameters (Rodrigues rotation 3, centre 3, focal length 1, principal point 2,
 * radial distortion 2), scaled by the observation's weight. The derivative is every observation's
 * 2×15 Jacobian block w.r.t. (camera, point, weight), by two reverse sweeps per observation (one
 * per error component); the primal computes every observation's error once. (ADBench's weight
 * rows, d(1 − w²)/dw, are left out.) BA_P observations of BA_CAMS cameras and BA_PTS points. */
#include <math.h>
#include <string.h>

#include "../bench.h"

#ifndef BA_P
#define BA_P 10000
#define BA_CAMS 49
#define BA_PTS 2000
#endif
enum { P = BA_P, CAMS = BA_CAMS, PTS = BA_PTS, NCAM = 11, BLOCK = NCAM + 3 + 1 };
const char *kernel_name = "ba_grad";

static double dot3(const double *a, const double *b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

static void cross3(const double *a, const double *b, double *out) {
  out[0] = a[1] * b[2] - a[2] * b[1];
  out[1] = a[2] * b[0] - a[0] * b[2];
  out[2] = a[0] * b[1] - a[1] * b[0];
}

static void rodrigues_rotate(const double *rot, const double *x, double *out) {
  double sqtheta = dot3(rot, rot), c[3];
  if (sqtheta != 0.0) {
    double theta = sqrt(sqtheta), costheta = cos(theta), sintheta = sin(theta), w[3];
    for (int i = 0; i < 3; i++) w[i] = rot[i] / theta;
    cross3(w, x, c);
    double tmp = dot3(w, x) * (1.0 - costheta);
    for (int i = 0; i < 3; i++) out[i] = x[i] * costheta + c[i] * sintheta + w[i] * tmp;
  } else {
    cross3(rot, x, c);
    for (int i = 0; i < 3; i++) out[i] = x[i] + c[i];
  }
}

void ba_reproj(const double *cam, const double *X, const double *w, const double *feat, double *err) {
  double xo[3], xc[3];
  for (int i = 0; i < 3; i++) xo[i] = X[i] - cam[3 + i];
  rodrigues_rotate(cam, xo, xc);
  double px = xc[0] / xc[2], py = xc[1] / xc[2];
  double rsq = px * px + py * py, l = 1.0 + cam[9] * rsq + cam[10] * rsq * rsq;
  err[0] = w[0] * (px * l * cam[6] + cam[7] - feat[0]);
  err[1] = w[0] * (py * l * cam[6] + cam[8] - feat[1]);
}

static double cams[CAMS * NCAM], pts[PTS * 3], weights[P], feats[P * 2];
static int cam_of[P], pt_of[P];
double errs[P * 2], jac[P][2][BLOCK]; /* external: stores to them are not dead */
static double unit[16][BLOCK], fjac[P][2][BLOCK]; /* forward mode's directions and Jacobian */

static double uniform(unsigned *s) {
  *s = *s * 1664525u + 1013904223u;
  return (double)(*s >> 8) / (double)(1u << 24);
}

void kernel_init(void) {
  unsigned s = 4242u;
  for (int k = 0; k < BLOCK; k++) unit[k][k] = 1.0;
  for (int c = 0; c < CAMS; c++) {
    double *cam = cams + c * NCAM;
    for (int i = 0; i < 3; i++) cam[i] = 0.2 * uniform(&s) - 0.1, cam[3 + i] = uniform(&s) - 0.5;
    cam[6] = 400.0 + 200.0 * uniform(&s), cam[7] = uniform(&s), cam[8] = uniform(&s);
    cam[9] = 0.01 * uniform(&s), cam[10] = 0.001 * uniform(&s);
  }
  for (int i = 0; i < PTS; i++)
    pts[3 * i] = uniform(&s) - 0.5, pts[3 * i + 1] = uniform(&s) - 0.5, pts[3 * i + 2] = 5.0 + uniform(&s);
  for (int o = 0; o < P; o++) {
    cam_of[o] = (int)(uniform(&s) * CAMS) % CAMS, pt_of[o] = (int)(uniform(&s) * PTS) % PTS;
    weights[o] = 0.5 + uniform(&s), feats[2 * o] = uniform(&s) - 0.5, feats[2 * o + 1] = uniform(&s) - 0.5;
  }
}

BENCH_ENTRY void kernel_primal(void) {
  for (int o = 0; o < P; o++)
    ba_reproj(cams + cam_of[o] * NCAM, pts + pt_of[o] * 3, weights + o, feats + 2 * o, errs + 2 * o);
}

BENCH_ENTRY void kernel_tangent(void) {
  for (int o = 0; o < P; o++)
    for (int r = 0; r < 2; r++) {
      double *row = jac[o][r], err[2], derr[2] = {r == 0, r == 1};
      memset(row, 0, sizeof jac[o][r]);
      __enzyme_autodiff((void *)ba_reproj, enzyme_dup, cams + cam_of[o] * NCAM, row, enzyme_dup,
                        pts + pt_of[o] * 3, row + NCAM, enzyme_dup, weights + o, row + NCAM + 3, enzyme_const,
                        feats + 2 * o, enzyme_dupnoneed, err, derr);
    }
}

/* Forward mode: each block column by one width-1 sweep (15 per observation), or 8 columns per
 * width-8 sweep (2 per observation, the last lane of the second a zero direction). Row k of
 * `unit` is the k-th unit vector of (camera, point, weight); row BLOCK is zero. */
static int forward_ran;

BENCH_ENTRY void kernel_forward1(void) {
  forward_ran = 1;
  for (int o = 0; o < P; o++)
    for (int k = 0; k < BLOCK; k++) {
      double err[2], derr[2], *e = unit[k];
      __enzyme_fwddiff((void *)ba_reproj, enzyme_dup, cams + cam_of[o] * NCAM, e, enzyme_dup, pts + pt_of[o] * 3,
                       e + NCAM, enzyme_dup, weights + o, e + NCAM + 3, enzyme_const, feats + 2 * o, enzyme_dup, err,
                       derr);
      fjac[o][0][k] = derr[0];
      fjac[o][1][k] = derr[1];
    }
}

#define UNIT8(b, off)                                                                                              \
  unit[b] + (off), unit[b + 1] + (off), unit[b + 2] + (off), unit[b + 3] + (off), unit[b + 4] + (off),            \
      unit[b + 5] + (off), unit[b + 6] + (off), unit[b + 7] + (off)

BENCH_ENTRY void kernel_forward8(void) {
  forward_ran = 1;
  for (int o = 0; o < P; o++)
    for (int b = 0; b < BLOCK; b += 8) {
      double err[2], derr[8][2];
      __enzyme_fwddiff((void *)ba_reproj, enzyme_width, 8, enzyme_dup, cams + cam_of[o] * NCAM, UNIT8(b, 0),
                       enzyme_dup, pts + pt_of[o] * 3, UNIT8(b, NCAM), enzyme_dup, weights + o,
                       UNIT8(b, NCAM + 3), enzyme_const, feats + 2 * o, enzyme_dup, err, LANES8(derr));
      for (int l = 0; l < 8 && b + l < BLOCK; l++) {
        fjac[o][0][b + l] = derr[l][0];
        fjac[o][1][b + l] = derr[l][1];
      }
    }
}

/* The observations whose blocks are compared between tools and against finite differences. */
static const int CHECKED[] = {0, P / 2, P - 1};
enum { NCHECKED = sizeof CHECKED / sizeof CHECKED[0] };

static int blocks(double (*j)[2][BLOCK], double *out, int max) {
  int n = 0;
  for (int c = 0; c < NCHECKED; c++)
    for (int r = 0; r < 2; r++)
      for (int k = 0; k < BLOCK && n < max; k++) out[n++] = j[CHECKED[c]][r][k];
  return n;
}

int kernel_results(double *out, int max) { return blocks(jac, out, max); }
int kernel_forward_results(double *out, int max) { return forward_ran ? blocks(fjac, out, max) : 0; }
int kernel_forward_expected(int width, double *out, int max) {
  (void)width;
  return blocks(jac, out, max);
}

/* One observation's block by finite differences (bench/gradient.c's stencil), inputs perturbed in copies. */
static void fd_block(int o, double block[2][BLOCK]) {
  static const double offsets[4] = {-2.0, -1.0, 1.0, 2.0};
  double in[BLOCK], e[4][2];
  memcpy(in, cams + cam_of[o] * NCAM, sizeof(double) * NCAM);
  memcpy(in + NCAM, pts + pt_of[o] * 3, sizeof(double) * 3);
  in[NCAM + 3] = weights[o];
  for (int k = 0; k < BLOCK; k++) {
    double keep = in[k], h = FD_STEP * fmax(1.0, fabs(keep));
    for (int s = 0; s < 4; s++) {
      in[k] = keep + offsets[s] * h;
      ba_reproj(in, in + NCAM, in + NCAM + 3, feats + 2 * o, e[s]);
    }
    in[k] = keep;
    for (int r = 0; r < 2; r++) block[r][k] = fd_stencil((const double[4]){e[0][r], e[1][r], e[2][r], e[3][r]}, h);
  }
}

void kernel_dump(void) {
  static double cam_idx[P], pt_idx[P];
  double dims[3] = {P, CAMS, PTS};
  for (int o = 0; o < P; o++) cam_idx[o] = cam_of[o], pt_idx[o] = pt_of[o];
  dump_array("dims", dims, 3);
  dump_array("cams", cams, CAMS * NCAM);
  dump_array("pts", pts, PTS * 3);
  dump_array("weights", weights, P);
  dump_array("feats", feats, P * 2);
  dump_array("cam_of", cam_idx, P);
  dump_array("pt_of", pt_idx, P);
}

int kernel_fd(double *out, int max) {
  int n = 0;
  for (int c = 0; c < NCHECKED; c++) {
    double block[2][BLOCK];
    fd_block(CHECKED[c], block);
    for (int r = 0; r < 2; r++)
      for (int k = 0; k < BLOCK && n < max; k++) out[n++] = block[r][k];
  }
  return n;
}

/* Every observation's block by central differences: 2 × 15 error evaluations per observation. */
double kernel_fd_cost(void) { return 2.0 * BLOCK; }
