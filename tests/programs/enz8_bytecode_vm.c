// TEST: reverse and forward mode through a small stack-based bytecode interpreter as embedded expression evaluators write it: opcodes in an unsigned char program, constants and variable slots read through int operands, a double stack in a local array with a stack pointer, dispatch by a switch in a loop (clang's jump table; the computed-goto build is refused, tests/errors/enz8_computed_goto_vm.c); the variables are active; gradients against finite differences, dot-product test against forward mode
#include "include/ck_array.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

enum { OP_CONST, OP_VAR, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SIN, OP_EXP, OP_DUP, OP_SWAP, OP_HALT };

typedef struct {
  const unsigned char *code;
  const double *consts;
} program;

static double run_switch(const program *p, const double *vars) {
  double stack[16];
  int sp = 0, pc = 0;
  for (;;) {
    unsigned char op = p->code[pc++];
    switch (op) {
    case OP_CONST: stack[sp++] = p->consts[p->code[pc++]]; break;
    case OP_VAR: stack[sp++] = vars[p->code[pc++]]; break;
    case OP_ADD: sp--; stack[sp - 1] += stack[sp]; break;
    case OP_SUB: sp--; stack[sp - 1] -= stack[sp]; break;
    case OP_MUL: sp--; stack[sp - 1] *= stack[sp]; break;
    case OP_DIV: sp--; stack[sp - 1] /= stack[sp]; break;
    case OP_SIN: stack[sp - 1] = sin(stack[sp - 1]); break;
    case OP_EXP: stack[sp - 1] = exp(stack[sp - 1]); break;
    case OP_DUP: stack[sp] = stack[sp - 1]; sp++; break;
    case OP_SWAP: { double t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; } break;
    default: return stack[sp - 1];
    }
  }
}

/* (x0 * x1 + sin(x2)) / (1 + exp(x3 * 0.5)) - x0 * x0 */
static const unsigned char code[] = {OP_VAR, 0, OP_VAR, 1, OP_MUL, OP_VAR, 2, OP_SIN, OP_ADD,
                                     OP_CONST, 0, OP_VAR, 3, OP_CONST, 1, OP_MUL, OP_EXP, OP_ADD, OP_DIV,
                                     OP_VAR, 0, OP_DUP, OP_MUL, OP_SWAP, OP_SUB, OP_CONST, 2, OP_MUL, OP_HALT};
static const double consts[] = {1.0, 0.5, -1.0};
static const program prog = {code, consts};

static double Fs(double *x) { return run_switch(&prog, x); }

int main(void) {
  double x[4] = {0.6, -1.2, 0.8, 0.3}, v[4] = {0.25, 0.5, -0.4, 0.7};
  double ds[4] = {0};
  __enzyme_autodiff((void *)run_switch, enzyme_const, &prog, enzyme_dup, x, ds);
  ck_gradient("bytecode switch: d/dx", ds, Fs, x, 4);
  double jv = __enzyme_fwddiff((void *)run_switch, enzyme_const, &prog, enzyme_dup, x, v);
  CHECK("bytecode switch: dot test", ck_dot(ds, v, 4), jv);
  return ck_done();
}
