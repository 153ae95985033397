//! Builds a `Program` from a seed: the signature of `f`, its helpers, the statements of its body
//! (branches, switches, loops with constant, parameter and data-dependent trip counts, `while`
//! with early exit, in-place stores, malloc'd temporaries, a struct, float blocks), the test point
//! and the directions. Every value written is bounded by `VB` (see `genexpr`).

use crate::ast::{Arr, Helpers, Param, Program, Scrutinee, Stmt, StmtKind, Temp, Trip};
use crate::genexpr::{ExprGen, Pool, VB};
use crate::rng::Rng;
use crate::Config;

/// Where a statement is being generated.
#[derive(Clone)]
struct Ctx {
    level: usize,
    counters: Vec<usize>,
    tmps: Vec<(usize, usize)>,
    /// Innermost breakable construct: 0 none (or a switch/temp), 1 `for`, 2 `while`.
    innermost: u8,
    top: bool,
}

/// Statement builder over an expression builder.
struct Gen<'a> {
    e: ExprGen,
    cfg: &'a Config,
    p: Shape,
}

/// The parts of the program the body depends on.
struct Shape {
    params: Vec<Param>,
    nx: usize,
    nout: usize,
    nw: usize,
    locals: usize,
    accs: usize,
    floats: bool,
}

/// Generate the program for `seed`.
pub fn generate(seed: u64, cfg: &Config) -> Program {
    let mut rng = Rng::new(seed);
    let floats = rng.chance(40);
    let shape = Shape {
        params: pick_params(&mut rng, floats),
        nx: rng.range(2, cfg.max_len),
        nout: rng.range(1, cfg.max_len),
        nw: rng.range(2, cfg.max_len),
        locals: 3 + cfg.stmts / 4,
        accs: 2,
        floats,
    };
    let mut g = Gen { e: ExprGen { rng, next_id: 0 }, cfg, p: shape };
    let helpers = g.helpers();
    let mut top_pool = g.pool(&Ctx::top(), false);
    top_pool.names.retain(|name| !name.starts_with('t'));
    let inits = (0..g.p.locals).map(|_| g.e.bounded(&top_pool, 2, VB)).collect();
    let body = g.block(&Ctx::top(), cfg.stmts);
    g.finish(seed, helpers, inits, body)
}

fn pick_params(rng: &mut Rng, floats: bool) -> Vec<Param> {
    let mut extra = vec![Param::Y];
    for (p, pct) in [(Param::C, 50), (Param::Out, 60), (Param::W, 50), (Param::Mode, 30)] {
        if rng.chance(pct) {
            extra.push(p);
        }
    }
    if floats && rng.chance(50) {
        extra.push(Param::Z);
    }
    for i in (1..extra.len()).rev() {
        extra.swap(i, rng.below(i + 1));
    }
    let mut params = vec![Param::X, Param::N];
    params.extend(extra);
    params
}

impl Ctx {
    fn top() -> Ctx {
        Ctx { level: 0, counters: vec![], tmps: vec![], innermost: 0, top: true }
    }

    fn inner(&self) -> Ctx {
        let mut c = self.clone();
        c.level += 1;
        c.top = false;
        c
    }
}

impl<'a> Gen<'a> {
    fn has(&self, p: Param) -> bool {
        self.p.params.contains(&p)
    }

    /// What `f`'s body may read at `ctx`.
    fn pool(&self, ctx: &Ctx, rec: bool) -> Pool {
        let mut names: Vec<String> = (0..self.p.locals).map(|k| format!("t{k}")).collect();
        for (p, name) in [(Param::Y, "y"), (Param::C, "c"), (Param::Z, "z")] {
            if self.has(p) {
                names.push(name.to_string());
            }
        }
        let mut arrays = vec![(Arr::X, "n".to_string(), self.p.nx), (Arr::Tbl, "8".to_string(), 8)];
        if self.has(Param::Out) {
            arrays.push((Arr::Out, self.p.nout.to_string(), self.p.nout));
        }
        if self.has(Param::W) {
            arrays.push((Arr::W, self.p.nw.to_string(), self.p.nw));
        }
        for &(level, len) in &ctx.tmps {
            arrays.push((Arr::Tmp(level), len.to_string(), len));
        }
        let rec_depths = if rec { vec!["3".to_string(), "n % 4".to_string()] } else { vec![] };
        Pool { names, arrays, counters: ctx.counters.clone(), floats: self.p.floats, in_f: true, rec_depths }
    }

    fn helpers(&mut self) -> Helpers {
        let d = self.cfg.expr_depth;
        let named = |names: &[&str]| Pool {
            names: names.iter().map(|s| s.to_string()).collect(),
            floats: self.p.floats,
            ..Pool::default()
        };
        let ab = named(&["a", "b"]);
        let a = named(&["a"]);
        let ps = named(&["p[i]", "s"]);
        let st = named(&["s->a", "s->b"]);
        let w1 = self.e.rng.pick(&[crate::ast::Fun1::Tanh, crate::ast::Fun1::Sin, crate::ast::Fun1::Atan]);
        let w2 = self.e.rng.pick(&[crate::ast::Fun1::Cos, crate::ast::Fun1::Tanh, crate::ast::Fun1::Sin]);
        Helpers {
            mix1: self.e.bounded(&ab, d, 1.0e3),
            mix2: self.e.bounded(&ab, d, 1.0e3),
            mix_wraps: (w1, w2),
            rec_base: self.e.bounded(&a, d, 2.0),
            rec_step: self.e.bounded(&a, d, 2.0),
            rec_next: self.e.bounded(&a, d, 2.0),
            scale_term: self.e.bounded(&ps, d, 2.0),
            struct_term: self.e.bounded(&st, d, 2.0),
        }
    }

    fn block(&mut self, ctx: &Ctx, count: usize) -> Vec<Stmt> {
        (0..count.max(1)).map(|_| self.stmt(ctx)).collect()
    }

    fn sub_count(&mut self) -> usize {
        self.e.rng.range(1, 3)
    }

    fn stmt(&mut self, ctx: &Ctx) -> Stmt {
        let id = self.e.id();
        let nested = ctx.level < self.cfg.depth;
        let roll = self.e.rng.below(if nested { 20 } else { 9 });
        let kind = match roll {
            0..=8 => self.simple(ctx, roll),
            9 | 10 => self.if_stmt(ctx),
            11 => self.switch_stmt(ctx),
            12 | 13 => self.for_stmt(ctx),
            14 => self.while_stmt(ctx),
            15 => self.temp_stmt(ctx),
            16 => self.control(ctx),
            _ => {
                let roll = self.e.rng.below(9);
                self.simple(ctx, roll)
            }
        };
        Stmt { id, kind }
    }

    fn simple(&mut self, ctx: &Ctx, roll: usize) -> StmtKind {
        let pool = self.pool(ctx, true);
        let depth = self.cfg.expr_depth;
        let local = self.e.rng.below(self.p.locals);
        match roll {
            0 | 1 => StmtKind::Assign { local, expr: self.e.bounded(&pool, depth, VB) },
            2 => StmtKind::Relax { local, expr: self.e.bounded(&pool, depth, VB) },
            3 => {
                let acc = self.e.rng.below(self.p.accs);
                StmtKind::Accum { acc, expr: self.e.bounded(&pool, depth, 100.0) }
            }
            4 => self.store(ctx, &pool),
            5 => self.struct_stmt(ctx, &pool),
            6 => StmtKind::MixPair {
                local,
                a: self.e.bounded(&pool, depth, VB),
                ca: self.e.rng.dyadic(4, 4, true),
                cb: self.e.rng.dyadic(4, 4, true),
                b: self.e.bounded(&pool, depth, VB),
            },
            7 if self.p.floats => self.float_stmt(ctx, &pool),
            _ => self.scale_stmt(ctx, &pool),
        }
    }

    /// A store into `x`, `out` or a temporary (never into the constant arrays).
    fn store(&mut self, ctx: &Ctx, pool: &Pool) -> StmtKind {
        let mut targets = vec![(Arr::X, "n".to_string(), self.p.nx)];
        if self.has(Param::Out) {
            targets.push((Arr::Out, self.p.nout.to_string(), self.p.nout));
            targets.push((Arr::Out, self.p.nout.to_string(), self.p.nout));
        }
        for &(level, len) in &ctx.tmps {
            targets.push((Arr::Tmp(level), len.to_string(), len));
        }
        let (arr, len, n) = targets[self.e.rng.below(targets.len())].clone();
        let index = self.e.index(pool, n);
        StmtKind::Store { arr, index, len, expr: self.e.bounded(pool, self.cfg.expr_depth, VB) }
    }

    fn scale_stmt(&mut self, ctx: &Ctx, pool: &Pool) -> StmtKind {
        let (arr, len) = match ctx.tmps.last() {
            Some(&(level, len)) if self.e.rng.chance(50) => (Arr::Tmp(level), len.to_string()),
            _ if self.has(Param::Out) && self.e.rng.chance(30) => (Arr::Out, self.p.nout.to_string()),
            _ => (Arr::X, "n".to_string()),
        };
        StmtKind::Scale { arr, len, s: self.e.bounded(pool, self.cfg.expr_depth, VB) }
    }

    fn struct_stmt(&mut self, ctx: &Ctx, pool: &Pool) -> StmtKind {
        let (arr, n) = match ctx.tmps.last() {
            Some(&(level, len)) if self.e.rng.chance(50) => (Arr::Tmp(level), len),
            _ => (Arr::X, self.p.nx),
        };
        StmtKind::Struct {
            level: ctx.level,
            k: self.e.rng.range(1, n),
            arr,
            a: self.e.bounded(pool, self.cfg.expr_depth, VB),
            b: self.e.bounded(pool, self.cfg.expr_depth, VB),
            local: self.e.rng.below(self.p.locals),
        }
    }

    fn float_stmt(&mut self, ctx: &Ctx, pool: &Pool) -> StmtKind {
        let count = self.e.rng.range(1, 4);
        StmtKind::Float {
            level: ctx.level,
            a: self.e.bounded(pool, self.cfg.expr_depth, VB),
            b: self.e.bounded(pool, self.cfg.expr_depth, VB),
            use_z: self.has(Param::Z) && self.e.rng.chance(60),
            ops: (0..count).map(|_| self.e.rng.below(crate::emit::FLOAT_OPS.len())).collect(),
            local: self.e.rng.below(self.p.locals),
        }
    }

    fn if_stmt(&mut self, ctx: &Ctx) -> StmtKind {
        let pool = self.pool(ctx, false);
        let cond = self.e.cond(&pool, self.cfg.expr_depth);
        let inner = ctx.inner();
        let n = self.sub_count();
        let then_body = self.block(&inner, n);
        let else_body = if self.e.rng.chance(50) {
            let n = self.sub_count();
            self.block(&inner, n)
        } else {
            vec![]
        };
        StmtKind::If { cond, then_body, else_body }
    }

    fn switch_stmt(&mut self, ctx: &Ctx) -> StmtKind {
        let pool = self.pool(ctx, false);
        let scrutinee = match self.e.rng.below(3) {
            0 if !ctx.counters.is_empty() => Scrutinee::Counter(self.e.rng.pick(&ctx.counters)),
            1 => Scrutinee::Len,
            _ => Scrutinee::Data(self.e.bounded(&pool, 2, 1.0e3)),
        };
        let mut inner = ctx.inner();
        inner.innermost = 0;
        let cases = (0..4).map(|_| self.block(&inner, 1)).collect();
        StmtKind::Switch { scrutinee, cases }
    }

    fn for_stmt(&mut self, ctx: &Ctx) -> StmtKind {
        let var = ctx.counters.len();
        let pool = self.pool(ctx, false);
        let trip = match self.e.rng.below(3) {
            0 => Trip::Const(self.e.rng.range(1, self.cfg.max_len)),
            1 => Trip::Len,
            _ => Trip::Data(self.e.bounded(&pool, 2, 1.0e3)),
        };
        let mut inner = ctx.inner();
        inner.counters.push(var);
        inner.innermost = 1;
        let n = self.sub_count();
        StmtKind::For { var, trip, body: self.block(&inner, n) }
    }

    fn while_stmt(&mut self, ctx: &Ctx) -> StmtKind {
        let pool = self.pool(ctx, false);
        let exit = self.e.cond(&pool, self.cfg.expr_depth);
        let mut inner = ctx.inner();
        inner.innermost = 2;
        let n = self.sub_count();
        StmtKind::While { var: ctx.level, limit: self.e.rng.range(2, 6), body: self.block(&inner, n), exit }
    }

    fn temp_stmt(&mut self, ctx: &Ctx) -> StmtKind {
        let len = self.e.rng.range(2, self.cfg.max_len);
        let var = ctx.counters.len();
        let mut init_ctx = ctx.clone();
        init_ctx.counters.push(var);
        let init = self.e.bounded(&self.pool(&init_ctx, false), self.cfg.expr_depth, VB);
        let mut inner = ctx.inner();
        inner.tmps.push((ctx.level, len));
        inner.innermost = 0;
        let n = self.sub_count() + 1;
        let body = self.block(&inner, n);
        StmtKind::Temp(Box::new(Temp {
            level: ctx.level,
            len,
            var,
            init,
            body,
            fold_local: self.e.rng.below(self.p.locals),
            fold_index: self.e.rng.below(len),
        }))
    }

    /// Early exits: `break`/`continue` in loops, `return` at the top level.
    fn control(&mut self, ctx: &Ctx) -> StmtKind {
        let pool = self.pool(ctx, false);
        let cond = self.e.cond(&pool, self.cfg.expr_depth);
        match ctx.innermost {
            1 if self.e.rng.chance(50) => StmtKind::ContinueIf(cond),
            1 | 2 => StmtKind::BreakIf(cond),
            _ if ctx.top => StmtKind::ReturnIf(cond),
            _ => StmtKind::Relax { local: 0, expr: self.e.bounded(&pool, 2, VB) },
        }
    }

    fn finish(mut self, seed: u64, helpers: Helpers, inits: Vec<crate::ast::Expr>, body: Vec<Stmt>) -> Program {
        let rng = &mut self.e.rng;
        let p = &self.p;
        let table = (0..8).map(|_| rng.dyadic(16, 24, false)).collect();
        let mut used = Vec::new();
        let x0 = (0..p.nx).map(|_| test_point(rng, &mut used)).collect();
        let out0 = (0..p.nout).map(|_| test_point(rng, &mut used)).collect();
        let w0 = (0..p.nw).map(|_| rng.dyadic(16, 24, false)).collect();
        let y0 = test_point(rng, &mut used);
        let c0 = test_point(rng, &mut used);
        let z0 = test_point(rng, &mut used);
        let mode0 = rng.below(4);
        let ret_coefs = (0..p.locals).map(|_| rng.dyadic(4, 4, true)).collect();
        let explicit_marker = p.params.iter().map(|_| rng.chance(50)).collect();
        let mut prog = Program {
            seed,
            params: p.params.clone(),
            nx: p.nx,
            nout: p.nout,
            nw: p.nw,
            uses_float: p.floats,
            table,
            helpers,
            inits,
            accs: p.accs,
            body,
            ret_coefs,
            x0,
            out0,
            y0,
            c0,
            w0,
            z0,
            mode0,
            dirs: vec![],
            explicit_marker,
            weights: vec![],
        };
        let n_in = prog.n_in();
        let ndirs = self.cfg.dirs.max(4);
        prog.dirs = (0..ndirs).map(|_| (0..n_in).map(|_| rng.dyadic(8, 8, false)).collect()).collect();
        // Drawn last, so that adding them left every earlier program of a seed unchanged.
        let n_res = prog.n_res();
        let mut plain = vec![0.0; n_res];
        plain[0] = 1.0;
        let mut mixed: Vec<f64> = (0..n_res).map(|_| rng.dyadic(8, 8, false)).collect();
        mixed[0] = 1.0;
        prog.weights = vec![plain, mixed];
        prog
    }
}

/// A test-point coordinate: a multiple of 1/16 shifted by 3/512, so that it never equals the
/// generator's constants (multiples of 1/8), and distinct from every coordinate drawn before
/// (`used`), so that `fmin`/`fmax`/comparisons between two inputs stay off their ties.
fn test_point(rng: &mut crate::rng::Rng, used: &mut Vec<f64>) -> f64 {
    let mut v = rng.dyadic(16, 24, false) + 3.0 / 512.0;
    let mut k = 1.0;
    while used.contains(&v) {
        // Shift by a small odd multiple of 1/1024 until unique (keeps values exact).
        v += k / 1024.0;
        k += 2.0;
    }
    used.push(v);
    v
}
