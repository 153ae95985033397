// TEST: reverse and forward mode through an expression tree of std::unique_ptr nodes built inside the differentiated function by a recursive-descent parser over a constant formula string (numbers by strtod, variables x0..x9 read from the active array, + - * / ^ and sin/exp/log calls), evaluated through virtual eval() and destroyed by the unique_ptrs' destructors; gradients of several formulas against finite differences, dot-product test against forward mode
#include <cstdlib>
#include <cctype>
#include <cstring>
#include <memory>
#include "include/ck_array.h"

extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);

struct Node {
  virtual ~Node() = default;
  virtual double eval(const double *x) const = 0;
};
using P = std::unique_ptr<Node>;

struct Num : Node {
  double v;
  explicit Num(double a) : v(a) {}
  double eval(const double *) const override { return v; }
};
struct Var : Node {
  int i;
  explicit Var(int k) : i(k) {}
  double eval(const double *x) const override { return x[i]; }
};
struct Bin : Node {
  char op;
  P l, r;
  Bin(char o, P a, P b) : op(o), l(std::move(a)), r(std::move(b)) {}
  double eval(const double *x) const override {
    double a = l->eval(x), b = r->eval(x);
    switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    default: return std::pow(a, b);
    }
  }
};
struct Call : Node {
  int fn;
  P arg;
  Call(int f, P a) : fn(f), arg(std::move(a)) {}
  double eval(const double *x) const override {
    double a = arg->eval(x);
    return fn == 0 ? std::sin(a) : fn == 1 ? std::exp(a) : std::log(a);
  }
};

struct Parser {
  const char *s;
  void ws() { while (*s == ' ') s++; }
  P primary() {
    ws();
    if (*s == '(') { s++; P e = expr(); ws(); s++; return e; }
    if (*s == 'x') { s++; int k = *s++ - '0'; return std::make_unique<Var>(k); }
    if (std::isalpha((unsigned char)*s)) {
      int f = std::strncmp(s, "sin", 3) == 0 ? 0 : std::strncmp(s, "exp", 3) == 0 ? 1 : 2;
      s += 3;
      ws();
      s++; /* ( */
      P a = expr();
      ws();
      s++; /* ) */
      return std::make_unique<Call>(f, std::move(a));
    }
    char *end;
    double v = std::strtod(s, &end);
    s = end;
    return std::make_unique<Num>(v);
  }
  P power() {
    P b = primary();
    ws();
    if (*s == '^') { s++; return std::make_unique<Bin>('^', std::move(b), power()); }
    return b;
  }
  P term() {
    P a = power();
    for (ws(); *s == '*' || *s == '/'; ws()) { char op = *s++; a = std::make_unique<Bin>(op, std::move(a), power()); }
    return a;
  }
  P expr() {
    P a = term();
    for (ws(); *s == '+' || *s == '-'; ws()) { char op = *s++; a = std::make_unique<Bin>(op, std::move(a), term()); }
    return a;
  }
};

static double eval_formula(const double *x, const char *formula) {
  Parser p{formula};
  P tree = p.expr();
  return tree->eval(x);
}

static const char *gf;
static double F(double *x) { return eval_formula(x, gf); }

int main() {
  const char *formulas[3] = {
      "x0 * x1 + sin(x2 * 2.5) - x3 / (1 + x0 * x0)",
      "exp(x1 - x2) * (x3 + 0.5) ^ 2 + log(x0 + 3)",
      "(x0 - x1) * (x2 - x3) / (x0 * x0 + x3 * x3 + 1) + sin(exp(x1 * 0.5))",
  };
  for (int k = 0; k < 3; k++) {
    gf = formulas[k];
    double x[4] = {0.7, -0.3, 1.1, 0.45}, dx[4] = {0}, v[4] = {0.2, -0.4, 0.1, 0.6};
    char label[64];
    __enzyme_autodiff((void *)eval_formula, enzyme_dup, x, dx, enzyme_const, formulas[k]);
    snprintf(label, sizeof label, "expr tree %d: d/dx", k);
    ck_gradient(label, dx, F, x, 4);
    double jv = __enzyme_fwddiff((void *)eval_formula, enzyme_dup, x, v, enzyme_const, formulas[k]);
    snprintf(label, sizeof label, "expr tree %d: dot test", k);
    CHECK(label, ck_dot(dx, v, 4), jv);
  }
  return ck_done();
}
