// TEST: reverse and forward mode through dynamic_cast (the C++ runtime's __dynamic_cast, which has no body): down-casts that succeed and fail, a cross-cast to a second base (the result moved by an offset), casts of objects made with new inside the differentiated function and of an object the caller passes with a shadow object (its shadow's vtable pointer set by the caller), a cast to void*; each gradient against finite differences and the dot-product test against forward mode
#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);
extern "C" int enzyme_dup, enzyme_const, enzyme_out;

struct Shape {
  virtual ~Shape() {}
  virtual double area() const = 0;
  double scale = 1.0;
};
struct Named {
  virtual ~Named() {}
  double weight = 0.5;
};
struct Circle : Shape {
  double r = 1.0;
  double area() const override { return 3.14159 * r * r * scale; }
};
struct Rect : Named, Shape {
  double w = 1.0, h = 1.0;
  double area() const override { return w * h * scale; }
};

__attribute__((noinline)) static double classify(const Shape *s, double t) {
  double e = s->area() * t;
  if (const Circle *c = dynamic_cast<const Circle *>(s)) e += sin(c->r * t);
  if (const Rect *q = dynamic_cast<const Rect *>(s)) e += q->w * cos(q->h + t);
  if (const Named *n = dynamic_cast<const Named *>(s)) e += n->weight * t * t; /* cross-cast */
  const void *whole = dynamic_cast<const void *>(s);
  if (whole != static_cast<const void *>(s)) e += 0.25 * t; /* Rect: Shape is not at offset 0 */
  return e;
}

/* Objects made inside the function from the inputs, cast through their base. */
static double made_inside(const double *x) {
  Circle *c = new Circle;
  c->r = x[0];
  c->scale = x[1];
  Rect *q = new Rect;
  q->w = x[2];
  q->h = x[3];
  q->weight = x[1] * x[2];
  Shape *shapes[2] = {c, q};
  double e = 0.0;
  for (int i = 0; i < 2; i++) e += classify(shapes[i], 0.3 + 0.4 * i);
  delete c;
  delete q;
  return e;
}

/* An object the caller owns, passed through its base with a shadow object. */
static double owned(Shape *s, double t) { return classify(s, t) * t; }

static double f_inside(double *x) { return made_inside(x); }
static Rect g_rect;
static double f_owned(double *v) {
  g_rect.w = v[0];
  g_rect.h = v[1];
  g_rect.weight = v[2];
  g_rect.scale = v[3];
  return owned(&g_rect, 0.7);
}

int main() {
  double x[4] = {0.8, 1.2, 0.6, 0.9};
  double gx[4] = {0, 0, 0, 0};
  __enzyme_autodiff((void *)made_inside, enzyme_dup, x, gx);
  ck_gradient("made inside", gx, f_inside, x, 4);
  double v[4] = {0.5, -0.25, 1.0, 0.75}, dx[4];
  memcpy(dx, v, sizeof dx);
  double jv = __enzyme_fwddiff((void *)made_inside, enzyme_dup, x, dx);
  double w = 1.0;
  ck_dot_test("made inside", &w, &jv, 1, gx, v, 4);

  /* The caller's Rect and its shadow Rect (constructed, so its vtable pointer is set). */
  Rect r, dr;
  r.w = 0.9;
  r.h = 0.4;
  r.weight = 1.5;
  r.scale = 1.1;
  dr.w = dr.h = dr.weight = dr.scale = 0.0;
  double dt = __enzyme_autodiff((void *)owned, enzyme_dup, (Shape *)&r, (Shape *)&dr, enzyme_out, 0.7);
  double p[4] = {r.w, r.h, r.weight, r.scale}, gp[4] = {dr.w, dr.h, dr.weight, dr.scale};
  ck_gradient("owned object", gp, f_owned, p, 4);
  double t = 0.7, h = ck_step(t);
  CHECK("owned object: d/dt", dt, (owned(&r, t + h) - owned(&r, t - h)) / (2 * h));
  return ck_done();
}
