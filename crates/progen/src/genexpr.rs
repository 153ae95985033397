//! Random expressions with a running bound on their magnitude: every builder returns the
//! expression and an upper bound of `|value|` at any point the program can reach, so `exp`
//! only sees bounded arguments, `pow` bounded bases and exponents, and no value overflows. The
//! bound is what keeps the programs finite and their finite differences meaningful.

use crate::ast::{Arr, Cond, Expr, ExprKind, Fun1, Fun2, Index, Leaf};
use crate::rng::Rng;

/// Largest bound an intermediate value may reach.
pub const LIMIT: f64 = 1.0e4;
/// Bound of every stored value: locals, array elements, scalars.
pub const VB: f64 = 4.0;

/// What an expression may read.
#[derive(Clone, Debug, Default)]
pub struct Pool {
    /// Double names readable as values (locals, scalar parameters).
    pub names: Vec<String>,
    /// Arrays: which, length as C text, length as a number.
    pub arrays: Vec<(Arr, String, usize)>,
    /// Loop counters in scope.
    pub counters: Vec<usize>,
    /// Whether float rounding may appear.
    pub floats: bool,
    /// Whether this is `f`'s body (where the int parameter `n` is visible).
    pub in_f: bool,
    /// Whether `h_rec` may be called (inside `f` only); the depth argument text.
    pub rec_depths: Vec<String>,
}

/// Expression builder: owns the random stream and the id counter.
pub struct ExprGen {
    pub rng: Rng,
    pub next_id: u32,
}

impl ExprGen {
    /// A fresh id.
    pub fn id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }

    fn node(&mut self, kind: ExprKind) -> Expr {
        Expr { id: self.id(), kind }
    }

    /// A constant leaf.
    pub fn constant(&mut self, value: f64) -> Expr {
        self.node(ExprKind::Leaf(Leaf::Const(value)))
    }

    /// A random leaf and its bound: mostly names and array elements, some constants.
    pub fn leaf(&mut self, pool: &Pool) -> (Expr, f64) {
        let roll = self.rng.below(10);
        if (4..7).contains(&roll) && !pool.arrays.is_empty() {
            let (arr, len, n) = pool.arrays[self.rng.below(pool.arrays.len())].clone();
            let index = self.index(pool, n);
            return (self.node(ExprKind::Leaf(Leaf::Elem { arr, index, len })), VB);
        }
        if roll == 7 && !pool.counters.is_empty() {
            let var = self.rng.pick(&pool.counters);
            return (self.node(ExprKind::Leaf(Leaf::Counter(var))), 2.0);
        }
        if roll != 8 && !pool.names.is_empty() {
            let name = pool.names[self.rng.below(pool.names.len())].clone();
            return (self.node(ExprKind::Leaf(Leaf::Name(name))), VB);
        }
        let value = self.rng.dyadic(8, 16, true);
        (self.constant(value), value.abs())
    }

    /// An index into an array of length `n`: constant, or a loop counter when one is in scope.
    pub fn index(&mut self, pool: &Pool, n: usize) -> Index {
        if !pool.counters.is_empty() && self.rng.chance(70) {
            let var = self.rng.pick(&pool.counters);
            Index::Loop { var, off: self.rng.below(n) }
        } else {
            Index::Const(self.rng.below(n))
        }
    }

    /// Wrap `e` into a bounded function when its bound exceeds `target`.
    pub fn wrap(&mut self, e: Expr, bound: f64, target: f64) -> (Expr, f64) {
        if bound <= target {
            return (e, bound);
        }
        let fun = self.rng.pick(&[Fun1::Sin, Fun1::Cos, Fun1::Atan, Fun1::Tanh]);
        (self.node(ExprKind::Call1(fun, Box::new(e))), 1.6)
    }

    /// A random expression of depth at most `depth` with bound at most `LIMIT`.
    pub fn expr(&mut self, pool: &Pool, depth: usize) -> (Expr, f64) {
        if depth == 0 || self.rng.chance(20) {
            return self.leaf(pool);
        }
        let d = depth - 1;
        match self.rng.below(13) {
            0 => {
                let (a, ba) = self.expr(pool, d);
                (self.node(ExprKind::Neg(Box::new(a))), ba)
            }
            1 | 2 => self.sum(pool, d),
            3 | 4 => self.product(pool, d),
            5 => {
                let (a, ba) = self.expr(pool, d);
                let c = self.rng.dyadic(4, 8, true);
                (self.node(ExprKind::Scale(c, Box::new(a))), ba * c.abs())
            }
            6 | 7 => self.call1(pool, d),
            8 | 9 => self.call2(pool, d),
            10 => self.fma(pool, d),
            11 => self.select(pool, d),
            _ => self.special(pool, d),
        }
    }

    fn sum(&mut self, pool: &Pool, d: usize) -> (Expr, f64) {
        let (a, ba) = self.expr(pool, d);
        let (b, bb) = self.expr(pool, d);
        let kind = if self.rng.chance(50) {
            ExprKind::Add(Box::new(a), Box::new(b))
        } else {
            ExprKind::Sub(Box::new(a), Box::new(b))
        };
        let (e, bound) = (self.node(kind), ba + bb);
        self.wrap(e, bound, LIMIT)
    }

    fn product(&mut self, pool: &Pool, d: usize) -> (Expr, f64) {
        let (a, ba) = self.expr(pool, d);
        let (b, bb) = self.expr(pool, d);
        let (a, ba) = self.wrap(a, ba, 100.0);
        let (b, bb) = self.wrap(b, bb, 100.0);
        (self.node(ExprKind::Mul(Box::new(a), Box::new(b))), ba * bb)
    }

    fn call1(&mut self, pool: &Pool, d: usize) -> (Expr, f64) {
        let (a, ba) = self.expr(pool, d);
        let fun = self.rng.pick(&[
            Fun1::Sin,
            Fun1::Cos,
            Fun1::Atan,
            Fun1::Tanh,
            Fun1::Exp,
            Fun1::Fabs,
            Fun1::LogSq,
            Fun1::SqrtSq,
        ]);
        let (a, ba) = match fun {
            Fun1::Exp => self.wrap(a, ba, 6.0),
            Fun1::LogSq | Fun1::SqrtSq => self.wrap(a, ba, 100.0),
            _ => (a, ba),
        };
        let bound = match fun {
            Fun1::Sin | Fun1::Cos | Fun1::Tanh => 1.0,
            Fun1::Atan => 1.6,
            Fun1::Exp => ba.exp(),
            Fun1::Fabs => ba,
            Fun1::LogSq => (1.0 + ba * ba).ln(),
            Fun1::SqrtSq => (1.0 + ba * ba).sqrt(),
        };
        (self.node(ExprKind::Call1(fun, Box::new(a))), bound)
    }

    fn call2(&mut self, pool: &Pool, d: usize) -> (Expr, f64) {
        let (a, ba) = self.expr(pool, d);
        let (b, bb) = self.expr(pool, d);
        let fun = self.rng.pick(&[Fun2::Hypot, Fun2::Fmin, Fun2::Fmax, Fun2::PowSq, Fun2::DivSq]);
        let (a, ba, b, bb) = match fun {
            Fun2::PowSq => {
                let (a, ba) = self.wrap(a, ba, 2.0);
                let (b, bb) = self.wrap(b, bb, 2.0);
                (a, ba, b, bb)
            }
            Fun2::Hypot => {
                let (a, ba) = self.wrap(a, ba, 100.0);
                let (b, bb) = self.wrap(b, bb, 100.0);
                (a, ba, b, bb)
            }
            _ => (a, ba, b, bb),
        };
        let bound = match fun {
            Fun2::Hypot => ba + bb,
            Fun2::Fmin | Fun2::Fmax => ba.max(bb),
            Fun2::PowSq => (1.0 + ba * ba).powf(bb),
            Fun2::DivSq => ba,
        };
        (self.node(ExprKind::Call2(fun, Box::new(a), Box::new(b))), bound)
    }

    fn fma(&mut self, pool: &Pool, d: usize) -> (Expr, f64) {
        let (a, ba) = self.expr(pool, d);
        let (b, bb) = self.expr(pool, d);
        let (c, bc) = self.expr(pool, d);
        let (a, ba) = self.wrap(a, ba, 50.0);
        let (b, bb) = self.wrap(b, bb, 50.0);
        let kind = ExprKind::Fma(Box::new(a), Box::new(b), Box::new(c));
        let (e, bound) = (self.node(kind), ba * bb + bc);
        self.wrap(e, bound, LIMIT)
    }

    fn select(&mut self, pool: &Pool, d: usize) -> (Expr, f64) {
        let cond = self.cond(pool, d);
        let (a, ba) = self.expr(pool, d);
        let (b, bb) = self.expr(pool, d);
        (self.node(ExprKind::Select(Box::new(cond), Box::new(a), Box::new(b))), ba.max(bb))
    }

    /// Float rounding or a call of the recursive helper, when allowed; else a scaled leaf.
    fn special(&mut self, pool: &Pool, d: usize) -> (Expr, f64) {
        let (a, ba) = self.expr(pool, d);
        let (a, ba) = self.wrap(a, ba, VB);
        if pool.floats && self.rng.chance(50) {
            return (self.node(ExprKind::FloatRound(Box::new(a))), ba);
        }
        if !pool.rec_depths.is_empty() {
            let depth = pool.rec_depths[self.rng.below(pool.rec_depths.len())].clone();
            return (self.node(ExprKind::Rec(Box::new(a), depth)), 2.5);
        }
        (self.node(ExprKind::Scale(0.5, Box::new(a))), 0.5 * ba)
    }

    /// A branch condition: a comparison of a bounded value with a constant, or an integer test.
    pub fn cond(&mut self, pool: &Pool, depth: usize) -> Cond {
        let roll = self.rng.below(10);
        if roll < 2 && !pool.counters.is_empty() {
            let var = self.rng.pick(&pool.counters);
            let m = self.rng.range(2, 3);
            return Cond::CounterMod { var, m, r: self.rng.below(m) };
        }
        if roll < 3 && pool.in_f {
            return Cond::LenAbove(self.rng.range(1, 6));
        }
        let (lhs, _) = self.expr(pool, depth.min(2));
        Cond::Cmp { lhs, less: self.rng.chance(50), rhs: self.rng.dyadic(8, 12, false) }
    }

    /// An expression bounded by `target` (wrapped when needed).
    pub fn bounded(&mut self, pool: &Pool, depth: usize, target: f64) -> Expr {
        let (e, b) = self.expr(pool, depth);
        self.wrap(e, b, target).0
    }
}
