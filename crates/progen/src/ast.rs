//! The program model that `progen` generates and prints: expressions and statements of the
//! function under test, each carrying an id so that a reduction edit (delete statement `k`,
//! replace expression `k` by a constant, shrink loop `k`) can name it. The model is plain data;
//! `gen` builds it from a seed and `emit` prints it as C, consulting the edits as it goes.

/// An array the function body can index.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Arr {
    /// The dup input/output array `x` (length `n` at run time).
    X,
    /// The dup output array `out`.
    Out,
    /// The constant input array `w`.
    W,
    /// The constant global table `tbl`.
    Tbl,
    /// The malloc'd temporary of nesting level `k`, named `tmpk`.
    Tmp(usize),
}

/// An array index.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Index {
    /// A constant index, already inside the array.
    Const(usize),
    /// `(i<loop> + off) % len`, with `i<loop>` the counter of an enclosing loop.
    Loop { var: usize, off: usize },
}

/// A leaf of an expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Leaf {
    /// A double constant.
    Const(f64),
    /// A named double value: a local `tk`, a scalar parameter, a helper's parameter.
    Name(String),
    /// An array element; `len` is the array length as C text (`n`, `5`, ...).
    Elem { arr: Arr, index: Index, len: String },
    /// `0.125 * i<var>`, a loop counter converted to double.
    Counter(usize),
}

/// A one-argument function.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fun1 {
    Sin,
    Cos,
    Atan,
    Tanh,
    /// `exp`, only of arguments bounded by 6.
    Exp,
    Fabs,
    /// `log(1.0 + a * a)`
    LogSq,
    /// `sqrt(1.0 + a * a)`
    SqrtSq,
}

/// A two-argument function.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fun2 {
    Hypot,
    Fmin,
    Fmax,
    /// `pow(1.0 + a * a, b)`, only with `|b| <= 2`.
    PowSq,
    /// `a / (1.0 + b * b)`
    DivSq,
}

/// A double-valued expression with its id.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub id: u32,
    pub kind: ExprKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Leaf(Leaf),
    Neg(Box<Expr>),
    Add(Box<Expr>, Box<Expr>),
    Sub(Box<Expr>, Box<Expr>),
    Mul(Box<Expr>, Box<Expr>),
    /// `c * e`
    Scale(f64, Box<Expr>),
    Call1(Fun1, Box<Expr>),
    Call2(Fun2, Box<Expr>, Box<Expr>),
    Fma(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `(cond ? a : b)`
    Select(Box<Cond>, Box<Expr>, Box<Expr>),
    /// `(double)(float)(e)`
    FloatRound(Box<Expr>),
    /// `h_rec(e, depth)`, depth as C text.
    Rec(Box<Expr>, String),
}

/// A branch condition.
#[derive(Clone, Debug, PartialEq)]
pub enum Cond {
    /// `lhs < rhs` or `lhs > rhs` against a constant.
    Cmp { lhs: Expr, less: bool, rhs: f64 },
    /// `(i<var> % m) == r`
    CounterMod { var: usize, m: usize, r: usize },
    /// `n > c`
    LenAbove(usize),
}

/// The scrutinee of a `switch`, always in `0..=3`.
#[derive(Clone, Debug, PartialEq)]
pub enum Scrutinee {
    /// `i<var> % 4`
    Counter(usize),
    /// `n % 4`
    Len,
    /// `(int)(1.5 + 1.5 * tanh(e))`
    Data(Expr),
}

/// How many times a `for` loop runs.
#[derive(Clone, Debug, PartialEq)]
pub enum Trip {
    Const(usize),
    /// `n`, the int parameter.
    Len,
    /// `1 + (int)(2.5 + 2.5 * tanh(e))`, held in `m<var>`.
    Data(Expr),
}

/// Where a malloc'd temporary's contents are folded back into the locals.
#[derive(Clone, Debug, PartialEq)]
pub struct Temp {
    pub level: usize,
    pub len: usize,
    /// Initial value of element `i<var>` (`var` is the init loop's counter).
    pub var: usize,
    pub init: Expr,
    pub body: Vec<Stmt>,
    pub fold_local: usize,
    pub fold_index: usize,
}

/// A statement with its id.
#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub id: u32,
    pub kind: StmtKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    /// `t<local> = e;`
    Assign { local: usize, expr: Expr },
    /// `t<local> = 0.5 * t<local> + 0.5 * e;`
    Relax { local: usize, expr: Expr },
    /// `acc<acc> += e;`
    Accum { acc: usize, expr: Expr },
    /// `arr[index] = e;`
    Store { arr: Arr, index: Index, len: String, expr: Expr },
    If { cond: Cond, then_body: Vec<Stmt>, else_body: Vec<Stmt> },
    Switch { scrutinee: Scrutinee, cases: Vec<Vec<Stmt>> },
    For { var: usize, trip: Trip, body: Vec<Stmt> },
    /// `{ int k = 0; while (k < limit) { body; if (exit) break; k++; } }`
    While { var: usize, limit: usize, body: Vec<Stmt>, exit: Cond },
    /// `if (cond) break;` in the innermost loop.
    BreakIf(Cond),
    /// `if (cond) continue;` in the innermost `for` loop.
    ContinueIf(Cond),
    /// `if (cond) return <return expression>;` at the top level.
    ReturnIf(Cond),
    Temp(Box<Temp>),
    /// `struct S s; ...; t<local> = h_struct(&s);`
    Struct { level: usize, k: usize, arr: Arr, a: Expr, b: Expr, local: usize },
    /// `h_scale(arr, len, s);`
    Scale { arr: Arr, len: String, s: Expr },
    /// `t<local> = 0.5 * h_mix(a, ca) + 0.5 * h_mix(cb, b);`: two calls, different activity.
    MixPair { local: usize, a: Expr, ca: f64, cb: f64, b: Expr },
    /// A block of float arithmetic ending in `t<local> = (double)...;`.
    Float { level: usize, a: Expr, b: Expr, use_z: bool, ops: Vec<usize>, local: usize },
}

/// One parameter of `f`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Param {
    /// `double *x`, dup
    X,
    /// `int n`, the length of `x`
    N,
    /// `double y`, active
    Y,
    /// `double c`, passed with `enzyme_const`
    C,
    /// `double *out`, dup
    Out,
    /// `const double *w`, passed with `enzyme_const`
    W,
    /// `float z`, active, through the variadic call (promoted, narrowed back by Catalase)
    Z,
    /// `int mode`
    Mode,
}

/// The helpers' generated expressions (over their own parameters).
#[derive(Clone, Debug, PartialEq)]
pub struct Helpers {
    /// `h_mix(a, b)` returns `wrap1(mix1) + 0.5 * wrap2(mix2)`.
    pub mix1: Expr,
    pub mix2: Expr,
    pub mix_wraps: (Fun1, Fun1),
    /// `h_rec(a, d)`: base value, step value, next argument.
    pub rec_base: Expr,
    pub rec_step: Expr,
    pub rec_next: Expr,
    /// `h_scale`'s per-element term of `p[i]` and `s`.
    pub scale_term: Expr,
    /// `h_struct`'s per-element weight of `s->a`, `s->b`.
    pub struct_term: Expr,
}

/// A whole generated program.
#[derive(Clone, Debug, PartialEq)]
pub struct Program {
    pub seed: u64,
    pub params: Vec<Param>,
    pub nx: usize,
    pub nout: usize,
    pub nw: usize,
    pub uses_float: bool,
    pub table: Vec<f64>,
    pub helpers: Helpers,
    /// Initial values of the locals `t0..`.
    pub inits: Vec<Expr>,
    pub accs: usize,
    pub body: Vec<Stmt>,
    /// Coefficients of the locals in the return expression.
    pub ret_coefs: Vec<f64>,
    /// The test point: `x`, `out`, `y`, `c`, `w`, `z`, `mode`.
    pub x0: Vec<f64>,
    pub out0: Vec<f64>,
    pub y0: f64,
    pub c0: f64,
    pub w0: Vec<f64>,
    pub z0: f64,
    pub mode0: usize,
    /// Directions over the active inputs (at least 4, for the width-4 check).
    pub dirs: Vec<Vec<f64>>,
    /// Which parameters get an explicit activity marker in the marker calls.
    pub explicit_marker: Vec<bool>,
    /// Output weights `w` of the reverse-mode checks, one row per `__enzyme_autodiff` call, over
    /// the outputs (return value, final `x`, final `out`). Element 0 is always 1: the active
    /// return's seed is 1.0 (ABI §4.3); the rest seed the shadows of `x` and `out`. Row 0 seeds
    /// the return alone (the plain gradient).
    pub weights: Vec<Vec<f64>>,
}

impl Program {
    pub fn has(&self, p: Param) -> bool {
        self.params.contains(&p)
    }

    /// Number of active inputs: `x`, `out`, `y`, `z`.
    pub fn n_in(&self) -> usize {
        self.nx + self.nout_active() + 1 + usize::from(self.has(Param::Z))
    }

    /// Length of `out` when present, else 0.
    pub fn nout_active(&self) -> usize {
        if self.has(Param::Out) {
            self.nout
        } else {
            0
        }
    }

    /// Number of outputs: the return value, final `x`, final `out`.
    pub fn n_res(&self) -> usize {
        1 + self.nx + self.nout_active()
    }
}
