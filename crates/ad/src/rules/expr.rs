//! Partial-derivative expressions: the small language a rule row is written in, and the one
//! generic interpreter (`eval`) that turns an expression into values of any [`Sink`] — LLVM/Catalase
//! IR in the generator, plain `f64`/`f32` numbers in the tests.
//!
//! Typing: every expression is of the primal's float type (scalar or vector, the sink decides),
//! except [`Expr::Arg`] of an integer operand and [`Expr::IntAdd`], which are integers of that
//! operand's type. Integer values only appear as the input of [`Expr::IntToFloat`], as the second
//! argument of [`Elem::Powi`], as the first (the order) of [`Elem::Jn`]/[`Elem::Yn`], or inside
//! [`Expr::IntAdd`]. A sink broadcasts scalar operands (the
//! `i32` exponent of `powi.v4f32`) and constants to the primal's shape.

/// Elementary functions a partial-derivative expression may call. The generator calls the
/// function [`Elem::function`] names: an LLVM intrinsic, or for the Bessel functions, which have
/// none, the C library function ([`Elem::is_library`]); the test evaluator maps each to Rust's
/// float methods or to libm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Elem {
    Sin,
    Cos,
    Sinh,
    Cosh,
    Exp,
    Exp2,
    Log,
    Sqrt,
    /// `pow(x, y)`, both float.
    Pow,
    /// `powi(x, n)`: x float, n an integer (as `llvm.powi`).
    Powi,
    /// `copysign(x, y)`: magnitude of x, sign bit of y.
    Copysign,
    /// `atan2(y, x)`: the angle of (x, y).
    Atan2,
    /// Round toward zero.
    Trunc,
    /// Round to nearest, ties to even.
    Roundeven,
    /// Bessel functions of the first kind (`j0`, `j1`) and second kind (`y0`, `y1`).
    J0,
    J1,
    Y0,
    Y1,
    /// `jn(n, x)`, `yn(n, x)`: n an integer (C `int`), x float.
    Jn,
    Yn,
}

impl Elem {
    /// The function implementing this one: an LLVM intrinsic (append the type suffix when
    /// declaring it), or for [`Elem::is_library`] the C library function on `double` (`j1`;
    /// append `f` for `float`).
    pub fn function(self) -> &'static str {
        match self {
            Elem::Sin => "llvm.sin",
            Elem::Cos => "llvm.cos",
            Elem::Sinh => "llvm.sinh",
            Elem::Cosh => "llvm.cosh",
            Elem::Exp => "llvm.exp",
            Elem::Exp2 => "llvm.exp2",
            Elem::Log => "llvm.log",
            Elem::Sqrt => "llvm.sqrt",
            Elem::Pow => "llvm.pow",
            Elem::Powi => "llvm.powi",
            Elem::Copysign => "llvm.copysign",
            Elem::Atan2 => "llvm.atan2",
            Elem::Trunc => "llvm.trunc",
            Elem::Roundeven => "llvm.roundeven",
            Elem::J0 => "j0",
            Elem::J1 => "j1",
            Elem::Y0 => "y0",
            Elem::Y1 => "y1",
            Elem::Jn => "jn",
            Elem::Yn => "yn",
        }
    }

    /// Whether [`Elem::function`] is a C library function (the Bessel functions), called on
    /// scalars only: the rows that use them are libm rows, never called on vectors.
    pub fn is_library(self) -> bool {
        matches!(self, Elem::J0 | Elem::J1 | Elem::Y0 | Elem::Y1 | Elem::Jn | Elem::Yn)
    }

    /// Number of arguments the function takes.
    pub fn arity(self) -> usize {
        match self {
            Elem::Pow | Elem::Powi | Elem::Copysign | Elem::Atan2 | Elem::Jn | Elem::Yn => 2,
            _ => 1,
        }
    }
}

/// Comparison of a [`Expr::Select`]. Both are *ordered* float comparisons (`fcmp olt`,
/// `fcmp oeq`): false when either side is NaN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Lt,
    Eq,
}

/// A partial-derivative expression over the primal operands and result.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// The i-th primal operand (call argument or instruction operand, in order).
    Arg(usize),
    /// The primal result: output k (0 for single-output rows; 0 = re, 1 = im of a complex one).
    Result(usize),
    /// A float constant of the primal's float type.
    Const(f64),
    Neg(Box<Expr>),
    Add(Box<Expr>, Box<Expr>),
    Sub(Box<Expr>, Box<Expr>),
    Mul(Box<Expr>, Box<Expr>),
    Div(Box<Expr>, Box<Expr>),
    /// `e * e`, with `e` evaluated once.
    Square(Box<Expr>),
    Call(Elem, Vec<Expr>),
    /// An integer operand converted (signed) to the float type.
    IntToFloat(Box<Expr>),
    /// An integer operand plus a constant, in the operand's integer type.
    IntAdd(Box<Expr>, i64),
    /// `(lhs <cmp> rhs) ? then : other`; both branches are evaluated (a `select`, not a branch).
    Select {
        cmp: Cmp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
        then: Box<Expr>,
        other: Box<Expr>,
    },
}

impl Expr {
    /// Whether the expression reads the primal result.
    pub fn uses_result(&self) -> bool {
        let mut found = false;
        self.visit(&mut |e| found |= matches!(e, Expr::Result(_)));
        found
    }

    /// Adds to `out` every operand index the expression reads (unsorted, may repeat).
    pub fn collect_operands(&self, out: &mut Vec<usize>) {
        self.visit(&mut |e| {
            if let Expr::Arg(i) = e {
                out.push(*i);
            }
        });
    }

    /// The constant value when the expression is a plain constant.
    pub fn as_const(&self) -> Option<f64> {
        match self {
            Expr::Const(c) => Some(*c),
            _ => None,
        }
    }

    /// Calls `f` on this node and every node below it.
    pub fn visit(&self, f: &mut impl FnMut(&Expr)) {
        f(self);
        match self {
            Expr::Arg(_) | Expr::Result(_) | Expr::Const(_) => {}
            Expr::Neg(a) | Expr::Square(a) | Expr::IntToFloat(a) | Expr::IntAdd(a, _) => a.visit(f),
            Expr::Add(a, b) | Expr::Sub(a, b) | Expr::Mul(a, b) | Expr::Div(a, b) => {
                a.visit(f);
                b.visit(f);
            }
            Expr::Call(_, args) => args.iter().for_each(|a| a.visit(f)),
            Expr::Select {
                lhs,
                rhs,
                then,
                other,
                ..
            } => {
                for e in [lhs, rhs, then, other] {
                    e.visit(f);
                }
            }
        }
    }

    /// This expression with each quotient `n/d` whose denominator is in `shared` written as
    /// `n·(1/d)` (a reciprocal `1/d` itself stays), so that the quotients by `d` of several
    /// partials emit one and the same `1/d`, merged by common-subexpression elimination.
    pub fn with_shared_reciprocals(&self, shared: &[Expr]) -> Expr {
        let map = |e: &Expr| Box::new(e.with_shared_reciprocals(shared));
        match self {
            Expr::Div(n, d) if n.as_const() != Some(1.0) && shared.contains(d) => {
                Expr::Mul(map(n), Box::new(Expr::Div(Box::new(Expr::Const(1.0)), map(d))))
            }
            Expr::Arg(_) | Expr::Result(_) | Expr::Const(_) => self.clone(),
            Expr::Neg(a) => Expr::Neg(map(a)),
            Expr::Square(a) => Expr::Square(map(a)),
            Expr::IntToFloat(a) => Expr::IntToFloat(map(a)),
            Expr::IntAdd(a, c) => Expr::IntAdd(map(a), *c),
            Expr::Add(a, b) => Expr::Add(map(a), map(b)),
            Expr::Sub(a, b) => Expr::Sub(map(a), map(b)),
            Expr::Mul(a, b) => Expr::Mul(map(a), map(b)),
            Expr::Div(a, b) => Expr::Div(map(a), map(b)),
            Expr::Call(f, args) => Expr::Call(*f, args.iter().map(|a| a.with_shared_reciprocals(shared)).collect()),
            Expr::Select { cmp, lhs, rhs, then, other } => Expr::Select {
                cmp: *cmp,
                lhs: map(lhs),
                rhs: map(rhs),
                then: map(then),
                other: map(other),
            },
        }
    }
}

/// The denominators that two or more divisions in `partials` share (each once).
pub fn shared_denominators<'a>(partials: impl IntoIterator<Item = &'a Expr>) -> Vec<Expr> {
    let mut dens: Vec<(Expr, usize)> = vec![];
    for p in partials {
        p.visit(&mut |e| {
            if let Expr::Div(_, d) = e {
                match dens.iter_mut().find(|(x, _)| x == d.as_ref()) {
                    Some((_, n)) => *n += 1,
                    None => dens.push(((**d).clone(), 1)),
                }
            }
        });
    }
    dens.into_iter().filter(|&(_, n)| n > 1).map(|(d, _)| d).collect()
}

/// Where an expression's operations go. The generator implements it by emitting instructions
/// next to the primal; the tests implement it with numbers. `arg`/`result` may be called several
/// times for the same index and should return the same value each time.
pub trait Sink {
    type V: Clone;
    fn arg(&mut self, i: usize) -> Self::V;
    /// Output `k` of the primal result (0 for single-output rows).
    fn result(&mut self, k: usize) -> Self::V;
    fn constant(&mut self, c: f64) -> Self::V;
    fn neg(&mut self, a: Self::V) -> Self::V;
    fn add(&mut self, a: Self::V, b: Self::V) -> Self::V;
    fn sub(&mut self, a: Self::V, b: Self::V) -> Self::V;
    fn mul(&mut self, a: Self::V, b: Self::V) -> Self::V;
    fn div(&mut self, a: Self::V, b: Self::V) -> Self::V;
    /// `args.len() == f.arity()`.
    fn call(&mut self, f: Elem, args: &[Self::V]) -> Self::V;
    /// Signed integer to the primal float type (`sitofp`, splatted if the primal is a vector).
    fn int_to_float(&mut self, a: Self::V) -> Self::V;
    /// Integer `a + c` in `a`'s integer type.
    fn int_add(&mut self, a: Self::V, c: i64) -> Self::V;
    /// `(a <cmp> b) ? t : e`, ordered comparison.
    fn select(&mut self, cmp: Cmp, a: Self::V, b: Self::V, t: Self::V, e: Self::V) -> Self::V;
}

/// Evaluates `e` through `s`, bottom-up, each node once (no sharing between nodes).
pub fn eval<S: Sink>(e: &Expr, s: &mut S) -> S::V {
    match e {
        Expr::Arg(i) => s.arg(*i),
        Expr::Result(k) => s.result(*k),
        Expr::Const(c) => s.constant(*c),
        Expr::Neg(a) => {
            let a = eval(a, s);
            s.neg(a)
        }
        Expr::Add(a, b) => {
            let (a, b) = (eval(a, s), eval(b, s));
            s.add(a, b)
        }
        Expr::Sub(a, b) => {
            let (a, b) = (eval(a, s), eval(b, s));
            s.sub(a, b)
        }
        Expr::Mul(a, b) => {
            let (a, b) = (eval(a, s), eval(b, s));
            s.mul(a, b)
        }
        Expr::Div(a, b) => {
            let (a, b) = (eval(a, s), eval(b, s));
            s.div(a, b)
        }
        Expr::Square(a) => {
            let a = eval(a, s);
            s.mul(a.clone(), a)
        }
        Expr::Call(f, args) => {
            let vals: Vec<S::V> = args.iter().map(|a| eval(a, s)).collect();
            s.call(*f, &vals)
        }
        Expr::IntToFloat(a) => {
            let a = eval(a, s);
            s.int_to_float(a)
        }
        Expr::IntAdd(a, c) => {
            let a = eval(a, s);
            s.int_add(a, *c)
        }
        Expr::Select {
            cmp,
            lhs,
            rhs,
            then,
            other,
        } => {
            let (a, b) = (eval(lhs, s), eval(rhs, s));
            let (t, e) = (eval(then, s), eval(other, s));
            s.select(*cmp, a, b, t, e)
        }
    }
}

/// Short constructors used by the rule rows.
pub(crate) mod build {
    use super::{Cmp, Elem, Expr};

    pub fn arg(i: usize) -> Expr {
        Expr::Arg(i)
    }
    pub fn result() -> Expr {
        Expr::Result(0)
    }
    /// Output `k` of the primal result.
    pub fn result_at(k: usize) -> Expr {
        Expr::Result(k)
    }
    pub fn k(c: f64) -> Expr {
        Expr::Const(c)
    }
    pub fn neg(a: Expr) -> Expr {
        Expr::Neg(Box::new(a))
    }
    pub fn add(a: Expr, b: Expr) -> Expr {
        Expr::Add(Box::new(a), Box::new(b))
    }
    pub fn sub(a: Expr, b: Expr) -> Expr {
        Expr::Sub(Box::new(a), Box::new(b))
    }
    pub fn mul(a: Expr, b: Expr) -> Expr {
        Expr::Mul(Box::new(a), Box::new(b))
    }
    pub fn div(a: Expr, b: Expr) -> Expr {
        Expr::Div(Box::new(a), Box::new(b))
    }
    /// `1/a`: partials that divide by the same value write it so, and the one division is shared.
    pub fn recip(a: Expr) -> Expr {
        div(k(1.0), a)
    }
    pub fn sq(a: Expr) -> Expr {
        Expr::Square(Box::new(a))
    }
    pub fn call(f: Elem, args: Vec<Expr>) -> Expr {
        Expr::Call(f, args)
    }
    pub fn call1(f: Elem, a: Expr) -> Expr {
        Expr::Call(f, vec![a])
    }
    pub fn int_to_float(a: Expr) -> Expr {
        Expr::IntToFloat(Box::new(a))
    }
    pub fn int_add(a: Expr, c: i64) -> Expr {
        Expr::IntAdd(Box::new(a), c)
    }
    pub fn select(cmp: Cmp, lhs: Expr, rhs: Expr, then: Expr, other: Expr) -> Expr {
        Expr::Select {
            cmp,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
            then: Box::new(then),
            other: Box::new(other),
        }
    }
    /// `(a < b) ? t : e`
    pub fn if_lt(a: Expr, b: Expr, t: Expr, e: Expr) -> Expr {
        select(Cmp::Lt, a, b, t, e)
    }
    /// `(a == b) ? t : e`
    pub fn if_eq(a: Expr, b: Expr, t: Expr, e: Expr) -> Expr {
        select(Cmp::Eq, a, b, t, e)
    }
}
