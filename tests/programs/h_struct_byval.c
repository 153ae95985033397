// TEST: structs passed and returned by value: 24-byte vec3 (byval + sret), 64-byte struct with an array, {float,float} as <2 x float>
#include "include/catalase_check.h"

typedef struct { double x, y, z; } vec3;
typedef struct { double m[8]; } big;
typedef struct { float x, y; } f2;

vec3 __enzyme_fwddiff(void *, ...);
double __enzyme_fwddiff_d(void *, ...);
f2 __enzyme_fwddiff_f2(void *, f2, f2, float, float);

/* s * (a x b) + a */
static vec3 crossmix(vec3 a, vec3 b, double s) {
  vec3 r;
  r.x = s * (a.y * b.z - a.z * b.y) + a.x;
  r.y = s * (a.z * b.x - a.x * b.z) + a.y * a.y;
  r.z = s * (a.x * b.y - a.y * b.x) + sin(a.z);
  return r;
}
/* Reads every field of a 64-byte by-value struct and modifies its local copy. */
static double bigsum(big b, double w) {
  for (int i = 1; i < 8; i++) b.m[i] += w * b.m[i - 1];
  double s = 0.0;
  for (int i = 0; i < 8; i++) s += b.m[i] * b.m[i];
  return s;
}
static f2 rotf(f2 p, float ang) {
  float c = cosf(ang), s = sinf(ang);
  f2 r = {c * p.x - s * p.y, s * p.x + c * p.y};
  return r;
}

static vec3 A = {0.4, -0.8, 1.3}, B = {1.1, 0.2, -0.6};
static double S = 0.7;
static big BG;
static int WHICH, OUT;
static double VA[3] = {0.5, 0.1, -0.3}, VB[3] = {-0.2, 0.6, 0.4}, VS = 0.9, VBG[8];
static double along(double t) {
  if (WHICH == 0) {
    vec3 a = {A.x + t * VA[0], A.y + t * VA[1], A.z + t * VA[2]};
    vec3 b = {B.x + t * VB[0], B.y + t * VB[1], B.z + t * VB[2]};
    vec3 r = crossmix(a, b, S + t * VS);
    return OUT == 0 ? r.x : OUT == 1 ? r.y : r.z;
  }
  if (WHICH == 1) {
    big b;
    for (int i = 0; i < 8; i++) b.m[i] = BG.m[i] + t * VBG[i];
    return bigsum(b, 0.3 - 0.2 * t);
  }
  double px = 0.75 + 0.5 * t, py = -0.5 + t, ang = 0.625 - 0.25 * t;
  return OUT == 0 ? cos(ang) * px - sin(ang) * py : sin(ang) * px + cos(ang) * py;
}

int main(void) {
  vec3 da = {VA[0], VA[1], VA[2]}, db = {VB[0], VB[1], VB[2]};
  vec3 dr = __enzyme_fwddiff((void *)crossmix, A, da, B, db, S, VS);
  double got[3] = {dr.x, dr.y, dr.z};
  char name[48];
  for (OUT = 0; OUT < 3; OUT++) {
    snprintf(name, sizeof name, "crossmix: d r[%d]", OUT);
    CHECK(name, got[OUT], ck_fd1(along, 0.0));
  }
  WHICH = 1;
  big dbg;
  for (int i = 0; i < 8; i++) {
    BG.m[i] = 0.1 * i - 0.35;
    VBG[i] = cos(1.0 * i);
    dbg.m[i] = VBG[i];
  }
  CHECK("bigsum: d s", __enzyme_fwddiff_d((void *)bigsum, BG, dbg, 0.3, -0.2), ck_fd1(along, 0.0));
  WHICH = 2;
  f2 p = {0.75f, -0.5f}, dp = {0.5f, 1.0f};
  f2 dq = __enzyme_fwddiff_f2((void *)rotf, p, dp, 0.625f, -0.25f);
  OUT = 0;
  CHECK_F32("rotf: d x", dq.x, ck_fd1(along, 0.0));
  OUT = 1;
  CHECK_F32("rotf: d y", dq.y, ck_fd1(along, 0.0));
  return ck_done();
}
