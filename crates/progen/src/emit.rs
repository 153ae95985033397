//! Prints the helpers and the function under test as C, applying reduction edits on the way and
//! recording which edit sites remain (every statement, loop and non-constant expression printed).

use crate::ast::{Arr, Cond, Expr, ExprKind, Fun1, Fun2, Index, Leaf, Param, Program, Scrutinee, Stmt, StmtKind, Trip};
use crate::edit::Edits;

/// Float-block operations; `FA`/`FB` stand for the block's two float variables. Each keeps both
/// variables within 4 in magnitude when they start within 4.
pub const FLOAT_OPS: [&str; 10] = [
    "FA = 0.5f * FA - 0.25f * FB;",
    "FA = tanhf(FA * FB);",
    "FA = sinf(FA) * FB;",
    "FB = -0.5f * FA + 0.5f * cosf(FB);",
    "FA = FA / (1.0f + FB * FB);",
    "FA = sqrtf(1.0f + FA * FA) - 1.0f;",
    "FA = (float)atan((double)FA * FB);",
    "FA = expf(0.25f * FA) - 1.0f;",
    "FB = 0.5f * fmaxf(FA, FB) + 0.25f * fminf(FA, FB);",
    "FA = -FA;",
];

/// Printer state: the edits to apply, the text, the sites seen.
pub struct Emitter<'a> {
    pub edits: &'a Edits,
    pub out: String,
    pub sites: Vec<String>,
}

/// A double constant as C text.
pub fn num(v: f64) -> String {
    let text = if v.fract() == 0.0 && v.abs() < 1e15 { format!("{v:.1}") } else { format!("{v:?}") };
    if v < 0.0 {
        format!("({text})")
    } else {
        text
    }
}

fn arr_name(arr: Arr) -> String {
    match arr {
        Arr::X => "x".into(),
        Arr::Out => "out".into(),
        Arr::W => "w".into(),
        Arr::Tbl => "tbl".into(),
        Arr::Tmp(level) => format!("tmp{level}"),
    }
}

fn index_text(index: Index, len: &str) -> String {
    match index {
        Index::Const(k) => k.to_string(),
        Index::Loop { var, off: 0 } => format!("i{var} % {len}"),
        Index::Loop { var, off } => format!("(i{var} + {off}) % {len}"),
    }
}

/// The parameter list of `f`.
pub fn signature(prog: &Program) -> String {
    let parts: Vec<&str> = prog
        .params
        .iter()
        .map(|p| match p {
            Param::X => "double *x",
            Param::N => "int n",
            Param::Y => "double y",
            Param::C => "double c",
            Param::Out => "double *out",
            Param::W => "const double *w",
            Param::Z => "float z",
            Param::Mode => "int mode",
        })
        .collect();
    parts.join(", ")
}

/// The C name of a parameter.
pub fn param_name(p: Param) -> &'static str {
    match p {
        Param::X => "x",
        Param::N => "n",
        Param::Y => "y",
        Param::C => "c",
        Param::Out => "out",
        Param::W => "w",
        Param::Z => "z",
        Param::Mode => "mode",
    }
}

impl<'a> Emitter<'a> {
    pub fn new(edits: &'a Edits) -> Emitter<'a> {
        Emitter { edits, out: String::new(), sites: Vec::new() }
    }

    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// An expression as C text.
    pub fn expr(&mut self, e: &Expr) -> String {
        if let ExprKind::Leaf(leaf) = &e.kind {
            return self.leaf(leaf);
        }
        if self.edits.consted.contains(&e.id) {
            return "0.5".into();
        }
        self.sites.push(format!("c{}", e.id));
        match &e.kind {
            ExprKind::Leaf(_) => unreachable_leaf(),
            ExprKind::Neg(a) => format!("-({})", self.expr(a)),
            ExprKind::Add(a, b) => format!("({} + {})", self.expr(a), self.expr(b)),
            ExprKind::Sub(a, b) => format!("({} - {})", self.expr(a), self.expr(b)),
            ExprKind::Mul(a, b) => format!("({} * {})", self.expr(a), self.expr(b)),
            ExprKind::Scale(c, a) => format!("({} * {})", num(*c), self.expr(a)),
            ExprKind::Call1(f, a) => self.call1(*f, a),
            ExprKind::Call2(f, a, b) => self.call2(*f, a, b),
            ExprKind::Fma(a, b, c) => format!("fma({}, {}, {})", self.expr(a), self.expr(b), self.expr(c)),
            ExprKind::Select(c, a, b) => format!("({} ? {} : {})", self.cond(c), self.expr(a), self.expr(b)),
            ExprKind::FloatRound(a) => format!("(double)(float)({})", self.expr(a)),
            ExprKind::Rec(a, d) => format!("h_rec({}, {d})", self.expr(a)),
        }
    }

    fn leaf(&mut self, leaf: &Leaf) -> String {
        match leaf {
            Leaf::Const(v) => num(*v),
            Leaf::Name(name) => name.clone(),
            Leaf::Elem { arr, index, len } => format!("{}[{}]", arr_name(*arr), index_text(*index, len)),
            Leaf::Counter(var) => format!("(0.125 * i{var})"),
        }
    }

    fn call1(&mut self, f: Fun1, a: &Expr) -> String {
        let a = self.expr(a);
        match f {
            Fun1::Sin => format!("sin({a})"),
            Fun1::Cos => format!("cos({a})"),
            Fun1::Atan => format!("atan({a})"),
            Fun1::Tanh => format!("tanh({a})"),
            Fun1::Exp => format!("exp({a})"),
            Fun1::Fabs => format!("fabs({a})"),
            Fun1::LogSq => format!("log(1.0 + {a} * {a})"),
            Fun1::SqrtSq => format!("sqrt(1.0 + {a} * {a})"),
        }
    }

    fn call2(&mut self, f: Fun2, a: &Expr, b: &Expr) -> String {
        let (a, b) = (self.expr(a), self.expr(b));
        match f {
            Fun2::Hypot => format!("hypot({a}, {b})"),
            Fun2::Fmin => format!("fmin({a}, {b})"),
            Fun2::Fmax => format!("fmax({a}, {b})"),
            Fun2::PowSq => format!("pow(1.0 + {a} * {a}, {b})"),
            Fun2::DivSq => format!("({a} / (1.0 + {b} * {b}))"),
        }
    }

    /// A condition as C text.
    pub fn cond(&mut self, c: &Cond) -> String {
        match c {
            Cond::Cmp { lhs, less, rhs } => {
                let op = if *less { "<" } else { ">" };
                format!("{} {op} {}", self.expr(lhs), num(*rhs))
            }
            Cond::CounterMod { var, m, r } => format!("i{var} % {m} == {r}"),
            Cond::LenAbove(c) => format!("n > {c}"),
        }
    }

    /// A block of statements at `indent`.
    pub fn block(&mut self, body: &[Stmt], indent: usize, ret: &str) {
        for s in body {
            self.stmt(s, indent, ret);
        }
    }

    fn stmt(&mut self, s: &Stmt, ind: usize, ret: &str) {
        if self.edits.deleted.contains(&s.id) {
            return;
        }
        self.sites.push(format!("d{}", s.id));
        match &s.kind {
            StmtKind::Assign { local, expr } => {
                let e = self.expr(expr);
                let e = if e == format!("t{local}") { format!("-t{local}") } else { e };
                self.line(ind, &format!("t{local} = {e};"));
            }
            StmtKind::Relax { local, expr } => {
                let e = self.expr(expr);
                self.line(ind, &format!("t{local} = 0.5 * t{local} + 0.5 * {e};"));
            }
            StmtKind::Accum { acc, expr } => {
                let e = self.expr(expr);
                self.line(ind, &format!("acc{acc} += {e};"));
            }
            StmtKind::Store { arr, index, len, expr } => {
                let e = self.expr(expr);
                self.line(ind, &format!("{}[{}] = {e};", arr_name(*arr), index_text(*index, len)));
            }
            StmtKind::If { cond, then_body, else_body } => {
                let c = self.cond(cond);
                self.line(ind, &format!("if ({c}) {{"));
                self.block(then_body, ind + 1, ret);
                if !else_body.is_empty() {
                    self.line(ind, "} else {");
                    self.block(else_body, ind + 1, ret);
                }
                self.line(ind, "}");
            }
            StmtKind::Switch { scrutinee, cases } => self.switch(scrutinee, cases, ind, ret),
            StmtKind::For { var, trip, body } => self.for_loop(s.id, *var, trip, body, ind, ret),
            StmtKind::While { var, limit, body, exit } => {
                let limit = if self.shrink(s.id) { 1 } else { *limit };
                self.line(ind, "{");
                self.line(ind + 1, &format!("int k{var} = 0;"));
                self.line(ind + 1, &format!("while (k{var} < {limit}) {{"));
                self.block(body, ind + 2, ret);
                let c = self.cond(exit);
                self.line(ind + 2, &format!("if ({c})"));
                self.line(ind + 3, "break;");
                self.line(ind + 2, &format!("k{var}++;"));
                self.line(ind + 1, "}");
                self.line(ind, "}");
            }
            StmtKind::BreakIf(c) => self.guarded(c, "break;", ind),
            StmtKind::ContinueIf(c) => self.guarded(c, "continue;", ind),
            StmtKind::ReturnIf(c) => self.guarded(c, &format!("return {ret};"), ind),
            _ => self.block_stmt(s, ind, ret),
        }
    }

    /// Statements that open a block of their own.
    fn block_stmt(&mut self, s: &Stmt, ind: usize, ret: &str) {
        match &s.kind {
            StmtKind::Temp(t) => {
                let (l, v) = (t.level, t.var);
                self.line(ind, "{");
                self.line(ind + 1, &format!("double *tmp{l} = malloc({} * sizeof(double));", t.len));
                self.line(ind + 1, &format!("if (tmp{l} == NULL)"));
                self.line(ind + 2, "return 0.0;");
                let init = self.expr(&t.init);
                self.line(ind + 1, &format!("for (int i{v} = 0; i{v} < {}; i{v}++)", t.len));
                self.line(ind + 2, &format!("tmp{l}[i{v}] = {init};"));
                self.block(&t.body, ind + 1, ret);
                let (fl, fi) = (t.fold_local, t.fold_index);
                self.line(ind + 1, &format!("t{fl} = 0.5 * t{fl} + 0.5 * tmp{l}[{fi}];"));
                self.line(ind + 1, &format!("free(tmp{l});"));
                self.line(ind, "}");
            }
            StmtKind::Struct { level, k, arr, a, b, local } => {
                let (a, b) = (self.expr(a), self.expr(b));
                self.line(ind, "{");
                self.line(ind + 1, &format!("struct S s{level};"));
                self.line(ind + 1, &format!("s{level}.k = {k};"));
                self.line(ind + 1, &format!("s{level}.p = {};", arr_name(*arr)));
                self.line(ind + 1, &format!("s{level}.a = {a};"));
                self.line(ind + 1, &format!("s{level}.b = {b};"));
                self.line(ind + 1, &format!("t{local} = h_struct(&s{level});"));
                self.line(ind, "}");
            }
            StmtKind::Scale { arr, len, s } => {
                let e = self.expr(s);
                self.line(ind, &format!("h_scale({}, {len}, {e});", arr_name(*arr)));
            }
            StmtKind::MixPair { local, a, ca, cb, b } => {
                let (a, b) = (self.expr(a), self.expr(b));
                let text = format!("t{local} = 0.5 * h_mix({a}, {}) + 0.5 * h_mix({}, {b});", num(*ca), num(*cb));
                self.line(ind, &text);
            }
            StmtKind::Float { level, a, b, use_z, ops, local } => {
                let (fa, fb) = (format!("fa{level}"), format!("fb{level}"));
                let a = self.expr(a);
                let b = if *use_z { "z".to_string() } else { format!("(float)({})", self.expr(b)) };
                self.line(ind, "{");
                self.line(ind + 1, &format!("float {fa} = (float)({a});"));
                self.line(ind + 1, &format!("float {fb} = {b};"));
                for &op in ops {
                    let text = FLOAT_OPS[op % FLOAT_OPS.len()].replace("FA", &fa).replace("FB", &fb);
                    self.line(ind + 1, &text);
                }
                self.line(ind + 1, &format!("t{local} = (double)(0.5f * {fa} - 0.25f * {fb});"));
                self.line(ind, "}");
            }
            _ => {}
        }
    }

    fn shrink(&mut self, id: u32) -> bool {
        if self.edits.shrunk.contains(&id) {
            return true;
        }
        self.sites.push(format!("l{id}"));
        false
    }

    fn guarded(&mut self, c: &Cond, action: &str, ind: usize) {
        let c = self.cond(c);
        self.line(ind, &format!("if ({c})"));
        self.line(ind + 1, action);
    }

    fn switch(&mut self, scrutinee: &Scrutinee, cases: &[Vec<Stmt>], ind: usize, ret: &str) {
        let scr = match scrutinee {
            Scrutinee::Counter(var) => format!("i{var} % 4"),
            Scrutinee::Len => "n % 4".to_string(),
            Scrutinee::Data(e) => format!("(int)(1.5 + 1.5 * tanh({}))", self.expr(e)),
        };
        self.line(ind, &format!("switch ({scr}) {{"));
        for (k, body) in cases.iter().enumerate() {
            let label = if k + 1 == cases.len() { "default:".to_string() } else { format!("case {k}:") };
            self.line(ind, &format!("{label} {{"));
            self.block(body, ind + 1, ret);
            self.line(ind + 1, "break;");
            self.line(ind, "}");
        }
        self.line(ind, "}");
    }

    fn for_loop(&mut self, id: u32, var: usize, trip: &Trip, body: &[Stmt], ind: usize, ret: &str) {
        let short = self.shrink(id);
        let (bound, open) = match trip {
            Trip::Const(k) => (if short { "1".to_string() } else { k.to_string() }, None),
            Trip::Len => (if short { "1".to_string() } else { "n".to_string() }, None),
            Trip::Data(e) => {
                let e = self.expr(e);
                let bound = if short { format!("1 && i{var} < m{var}") } else { format!("m{var}") };
                (bound, Some(format!("int m{var} = 1 + (int)(2.5 + 2.5 * tanh({e}));")))
            }
        };
        let inner = if let Some(decl) = open {
            self.line(ind, "{");
            self.line(ind + 1, &decl);
            ind + 1
        } else {
            ind
        };
        self.line(inner, &format!("for (int i{var} = 0; i{var} < {bound}; i{var}++) {{"));
        self.block(body, inner + 1, ret);
        self.line(inner, "}");
        if inner != ind {
            self.line(ind, "}");
        }
    }
}

fn unreachable_leaf() -> String {
    String::from("0.5")
}
