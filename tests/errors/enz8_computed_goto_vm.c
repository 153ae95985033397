// EXPECT-ERROR: [catalase::unsupported]
// EXPECT-ALSO: the `indirectbr` instruction is not supported: a computed goto
// EXPECT-ALSO: help: dispatch with a `switch` over the opcode
// A bytecode interpreter dispatching by computed goto (GNU `goto *labels[op]` over `&&label`
// addresses, an indirectbr): Catalase does not lower indirectbr and says how to rewrite the
// dispatch (the switch build differentiates: tests/programs/enz8_bytecode_vm.c).
#include <math.h>
#include <stdio.h>

extern int enzyme_dup, enzyme_const;
double __enzyme_autodiff(void *, ...);

enum { OP_CONST, OP_VAR, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SIN, OP_EXP, OP_DUP, OP_SWAP, OP_HALT };

typedef struct {
  const unsigned char *code;
  const double *consts;
} program;

static double run_goto(const program *p, const double *vars) {
  static const void *const labels[] = {&&op_const, &&op_var, &&op_add, &&op_sub, &&op_mul, &&op_div,
                                       &&op_sin, &&op_exp, &&op_dup, &&op_swap, &&op_halt};
  double stack[16];
  int sp = 0, pc = 0;
#define NEXT goto *labels[p->code[pc++]]
  NEXT;
op_const: stack[sp++] = p->consts[p->code[pc++]]; NEXT;
op_var: stack[sp++] = vars[p->code[pc++]]; NEXT;
op_add: sp--; stack[sp - 1] += stack[sp]; NEXT;
op_sub: sp--; stack[sp - 1] -= stack[sp]; NEXT;
op_mul: sp--; stack[sp - 1] *= stack[sp]; NEXT;
op_div: sp--; stack[sp - 1] /= stack[sp]; NEXT;
op_sin: stack[sp - 1] = sin(stack[sp - 1]); NEXT;
op_exp: stack[sp - 1] = exp(stack[sp - 1]); NEXT;
op_dup: stack[sp] = stack[sp - 1]; sp++; NEXT;
op_swap: { double t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; } NEXT;
op_halt: return stack[sp - 1];
#undef NEXT
}

static const unsigned char code[] = {OP_VAR, 0, OP_VAR, 1, OP_MUL, OP_VAR, 2, OP_SIN, OP_ADD, OP_HALT};
static const double consts[] = {1.0};
static const program prog = {code, consts};

int main(void) {
  double x[3] = {0.6, -1.2, 0.8}, dx[3] = {0};
  __enzyme_autodiff((void *)run_goto, enzyme_const, &prog, enzyme_dup, x, dx);
  printf("%g %g %g\n", dx[0], dx[1], dx[2]);
  return 0;
}
