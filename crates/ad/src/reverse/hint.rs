//! Room on the tape planned once per iteration of a loop whose count the gradient's entry cannot
//! tell (`presize` sizes only what constants and parameters count) and in which inner loops push,
//! as Enzyme allocates an inner loop's cache per iteration of an outer loop from the trip counts
//! known there. At the end of such a loop's header (a header that does not test the exit, so it
//! runs once per iteration), the forward sweep adds to the tape's plan the bytes one iteration
//! pushes: each block directly in the loop once, and the blocks of inner loops times their runs,
//! where the counts of those loops are known at that point: a trip count, or the count of a loop
//! that steps by a value defined before it (`s += 2·h`). A loop whose inner loops count nothing
//! plans nothing: its records check their own room, as before. An inner loop entered under a condition counts where the
//! condition is made, without loads or traps, from values the header has (the vectorizer's
//! choice between its vector and scalar loops, made in the loop's own header, is cloned there).
//!
//! The plan is a hint: [`tape::PRESIZE`] grows the tape to exactly the bytes planned when it has
//! less, and every record still makes its own room (checked, or by its loop's `ensure`), so a
//! count that is wrong (a step of zero, a bound that wraps) costs memory, never correctness.
//! Blocks whose runs are not known this way grow the tape by a quarter, as before.

use std::collections::HashSet;

use catalase_analysis::dom::DomTree;
use catalase_analysis::loops::trip::{invert, swap};
use catalase_analysis::loops::{LoopId, LoopInfo, TripExpr};
use catalase_ir::builder::Builder;
use catalase_ir::function::ValueDef;
use catalase_ir::inst::{Callee, InstData};
use catalase_ir::opcodes::{BinaryOp, CastOp, IntCC};
use catalase_ir::{Block, Function, Inst, Type, Value};

use super::augmented::RevCtx;
use super::{presize, tape};

/// One factor of a block's runs per iteration of the planning loop.
#[derive(Clone, Debug, PartialEq)]
enum Factor {
    /// A loop's header runs per entry (less one for a block after its exit test).
    Runs(presize::Factor),
    /// 1 when the condition is `taken`, else 0.
    When { cond: Value, taken: bool },
}

/// The planning loops of one function, and the stand-ins of their plans in the forward sweep.
#[derive(Default)]
pub(super) struct Hints {
    /// Loops that plan their iterations (found at the first forward block).
    sites: Option<HashSet<LoopId>>,
    /// (loop, the `presize` call at the end of its header, its bytes still 0).
    open: Vec<(LoopId, Inst)>,
}

impl RevCtx<'_, '_> {
    /// At the end of forward block `b`: when `b` is the header of a planning loop, the call
    /// that adds one iteration's bytes to the plan (finished by [`Self::close_hints`]).
    pub(super) fn open_hint(&mut self, b: Block) {
        let (Some(info), Some((_, dom))) = (&self.loop_info, &self.flow) else { return };
        let Some(planned) = self.planned else { return };
        let sites = self.hints.sites.get_or_insert_with(|| sites(self.src, info, dom, &self.ret_blocks));
        let Some(id) = info.loop_with_header(b).filter(|id| sites.contains(id)) else { return };
        let tape = self.tape;
        let call = self.ins(|bl| {
            let zero = bl.iconst(Type::I64, 0);
            bl.call(Callee::Direct(tape::PRESIZE.into()), tape::presize_signature(), vec![tape, planned, zero], Default::default())
        });
        self.hints.open.push((id, call));
    }

    /// After the forward sweep: each plan gets its bytes, or is removed when it counts nothing.
    pub(super) fn close_hints(&mut self) {
        for (id, call) in std::mem::take(&mut self.hints.open) {
            let terms = self.iteration_terms(id);
            // A loop with no inner loop counted gains nothing over its records' own checks and
            // would pay for the plan on every iteration.
            if terms.iter().all(|(factors, _)| factors.is_empty()) {
                self.out.layout.remove_inst(call);
                continue;
            }
            let header = self.loop_info.as_ref().and_then(|i| i.get(id)).map(|l| l.header).expect("a loop");
            let mut total = {
                let mut b = Builder::before(&mut self.out, call);
                b.iconst(Type::I64, 0)
            };
            let count = terms.len();
            for (factors, bytes) in terms {
                let mut term = Builder::before(&mut self.out, call).iconst(Type::I64, bytes as i128);
                for f in &factors {
                    let n = self.factor_value(f, header, call);
                    term = Builder::before(&mut self.out, call).binary(BinaryOp::Mul, term, n);
                }
                total = Builder::before(&mut self.out, call).binary(BinaryOp::Add, total, term);
            }
            if let InstData::Call { args, .. } = self.out.dfg.inst_mut(call) {
                args[2] = total;
            }
            self.tape_log.note(format!("room planned once per iteration of the loop at {header}, for its blocks and the loops in it ({count} terms)"));
            self.gen.add_helper(tape::presize_function());
        }
    }

    /// The bytes one iteration of loop `id` pushes, as (factors, bytes) per block whose runs per
    /// iteration are known at the end of the loop's header.
    fn iteration_terms(&self, id: LoopId) -> Vec<(Vec<Factor>, u64)> {
        let (Some(info), Some((_, dom))) = (&self.loop_info, &self.flow) else { return vec![] };
        let Some(site) = info.get(id) else { return vec![] };
        let mut out: Vec<(Vec<Factor>, u64)> = Vec::new();
        for (b, _, bytes) in &self.tape_log.cached {
            if !site.contains(*b) {
                continue;
            }
            let Some(factors) = per_iteration(self.src, info, dom, id, *b) else { continue };
            match out.iter_mut().find(|(f, _)| *f == factors) {
                Some(t) => t.1 += bytes,
                None => out.push((factors, *bytes)),
            }
        }
        out.retain(|(_, bytes)| *bytes > 0);
        out
    }

    /// `f` as an `i64` made before `at`, at the end of the planning loop's header `site`.
    fn factor_value(&mut self, f: &Factor, site: Block, at: Inst) -> Value {
        match f {
            Factor::Runs(f) => {
                let mut operands = Vec::new();
                super::record::trip_operands(&f.runs, &mut operands);
                let map: std::collections::HashMap<Value, Value> = operands.iter().map(|&v| (v, self.p(v))).collect();
                presize::runs_i64(&mut Builder::before(&mut self.out, at), f, &|v| map[&v])
            }
            Factor::When { cond, taken } => {
                let c = self.remade_condition(*cond, site, at);
                let mut b = Builder::before(&mut self.out, at);
                let c = if *taken {
                    c
                } else {
                    let t = b.iconst(Type::Int(1), 1);
                    b.binary(BinaryOp::Xor, c, t)
                };
                b.cast(CastOp::ZExt, c, Type::I64)
            }
        }
    }

    /// Condition `v` before `at`, at the end of `site`: the forward value where `site` has it,
    /// else its instruction made again there (see [`remakable`]).
    fn remade_condition(&mut self, v: Value, site: Block, at: Inst) -> Value {
        let (_, dom) = self.flow.as_ref().expect("loops were found");
        if available(self.src, dom, v, site) {
            return self.p(v);
        }
        let i = self.src.dfg.def_inst(v).expect("a remakable condition is an instruction's result");
        let data = self.src.dfg.inst(i).clone();
        let args: Vec<Value> = data.operands().iter().map(|&a| self.remade_condition(a, site, at)).collect();
        let mut b = Builder::before(&mut self.out, at);
        match data {
            InstData::Icmp { cond, .. } => b.icmp(cond, args[0], args[1]),
            InstData::Select { .. } => b.select(args[0], args[1], args[2]),
            InstData::Binary { op, .. } => b.binary(op, args[0], args[1]),
            _ => unreachable!("remakable checked the instruction"),
        }
    }
}

/// The loops that plan their iterations: the entry's size does not count their header, their
/// header does not test the exit, and no planning loop around them counts their header.
fn sites(src: &Function, info: &LoopInfo, dom: &DomTree, rets: &[Block]) -> HashSet<LoopId> {
    let mut out = HashSet::new();
    if !info.irreducible_edges().is_empty() {
        return out;
    }
    // Parents are numbered before their children.
    for (id, l) in info.loops() {
        if super::presize::block_runs(src, info, dom, rets, l.header).is_some() || l.exiting.contains(&l.header) {
            continue;
        }
        let mut up = l.parent;
        let mut covered = false;
        while let Some(a) = up {
            if out.contains(&a) && per_iteration(src, info, dom, a, l.header).is_some() {
                covered = true;
                break;
            }
            up = info.get(a).and_then(|x| x.parent);
        }
        if !covered {
            out.insert(id);
        }
    }
    out
}

/// How many times `b` (inside planning loop `site`) runs per iteration of `site`, as factors
/// made at the end of its header; `None` when that is not known there.
fn per_iteration(src: &Function, info: &LoopInfo, dom: &DomTree, site: LoopId, b: Block) -> Option<Vec<Factor>> {
    let header = info.get(site)?.header;
    let mut factors = Vec::new();
    let (mut at, mut l) = (b, info.loop_of(b));
    while l != Some(site) {
        let id = l?;
        let lp = info.get(id)?;
        let (when, less_one) = within(src, info, dom, id, at, header)?;
        factors.extend(when);
        let (runs, ty) = count(src, info, dom, id)?;
        if !expr_available(src, dom, &runs, header) {
            return None;
        }
        factors.push(Factor::Runs(presize::Factor { runs, ty, less_one }));
        at = lp.preheader?;
        l = lp.parent;
        if info.loop_of(at) != l {
            return None;
        }
    }
    // `at` is directly in the planning loop: at most once per iteration. Where inner loops
    // count, it must run in every iteration (their counts are read at every header).
    if !factors.is_empty() {
        let (when, less_one) = within(src, info, dom, site, at, header)?;
        if less_one {
            return None;
        }
        factors.extend(when);
    }
    Some(factors)
}

/// How `at` runs per run of its loop `id`'s header: with it (no factor), once less (after the
/// exit test: `true`), or where one branch of a block that runs with the header leads to it (a
/// condition factor); `None` otherwise.
fn within(src: &Function, info: &LoopInfo, dom: &DomTree, id: LoopId, at: Block, site: Block) -> Option<(Vec<Factor>, bool)> {
    let l = info.get(id)?;
    let every = |x: Block| l.exiting.iter().chain(&l.latches).all(|e| dom.dominates(x, *e));
    if every(at) {
        return Some((vec![], false));
    }
    if let [exiting] = l.exiting.as_slice() {
        if dom.dominates(*exiting, at) && l.latches.iter().all(|x| dom.dominates(at, *x)) {
            return Some((vec![], true));
        }
    }
    let preds: Vec<Block> = src.layout.blocks().filter(|p| src.successors(*p).contains(&at)).collect();
    let [p] = preds.as_slice() else { return None };
    if !l.contains(*p) || !every(*p) || info.loop_of(*p) != Some(id) {
        return None;
    }
    let InstData::CondBr { cond, then_dest, else_dest } = src.dfg.inst(src.terminator(*p)?) else { return None };
    if then_dest.block == else_dest.block || !remakable(src, dom, *cond, site, 0) {
        return None;
    }
    Some((vec![Factor::When { cond: *cond, taken: then_dest.block == at }], false))
}

/// A loop's header runs per entry: its trip count, or the count of a loop whose IV steps by a
/// value defined before it, tested against a bound with `<` or `<=` (the step taken as at least
/// one, so a zero step divides by one).
fn count(src: &Function, info: &LoopInfo, dom: &DomTree, id: LoopId) -> Option<(TripExpr, Type)> {
    let l = info.get(id)?;
    if let Some(t) = &l.trip_count {
        return Some((t.header_runs.clone(), t.ty.clone()));
    }
    let [exiting] = l.exiting.as_slice() else { return None };
    if !l.latches.iter().all(|x| dom.dominates(*exiting, *x)) {
        return None;
    }
    let InstData::CondBr { cond, then_dest, else_dest } = src.dfg.inst(src.terminator(*exiting)?) else { return None };
    let exit_on_true = !l.contains(then_dest.block);
    if exit_on_true != l.contains(else_dest.block) {
        return None;
    }
    let InstData::Icmp { cond: cc, args: [a, b] } = src.dfg.inst(src.dfg.def_inst(*cond)?) else { return None };
    let [latch] = l.latches.as_slice() else { return None };
    let invariant = |v: Value| catalase_analysis::loops::is_invariant(src, dom, l, v);
    for (index, &param) in src.dfg.block_params(l.header).iter().enumerate() {
        let arg = |from: Block| {
            let t = src.terminator(from)?;
            let args: Vec<Value> =
                src.dfg.inst(t).successors().iter().filter(|bc| bc.block == l.header).filter_map(|bc| bc.args.get(index).copied()).collect();
            match args.as_slice() {
                [one] => Some(*one),
                _ => None,
            }
        };
        let (Some(init), Some(next)) = (l.preheader.and_then(arg), arg(*latch)) else { continue };
        let Some(InstData::Binary { op: BinaryOp::Add, args: [x, y] }) = src.dfg.def_inst(next).map(|i| src.dfg.inst(i)) else { continue };
        let step = if *x == param { *y } else if *y == param { *x } else { continue };
        if !invariant(step) || !invariant(init) {
            continue;
        }
        let (cc, tested, bound) = if *a == param || *a == next {
            (*cc, *a, *b)
        } else if *b == param || *b == next {
            (swap(*cc), *b, *a)
        } else {
            continue;
        };
        let cc = if exit_on_true { invert(cc) } else { cc };
        if !invariant(bound) {
            return None;
        }
        let ty = src.dfg.value_type(param).clone();
        let v = TripExpr::Value;
        let add = |p: TripExpr, q: TripExpr| TripExpr::Add(Box::new(p), Box::new(q));
        let first = if tested == next { add(v(init), v(step)) } else { v(init) };
        let (bound, unsigned) = match cc {
            IntCC::Ult => (v(bound), true),
            IntCC::Slt => (v(bound), false),
            IntCC::Ule => (add(v(bound), TripExpr::Const(1)), true),
            IntCC::Sle => (add(v(bound), TripExpr::Const(1)), false),
            _ => return None,
        };
        let top = if unsigned {
            TripExpr::UMax(Box::new(bound), Box::new(first.clone()))
        } else {
            TripExpr::SMax(Box::new(bound), Box::new(first.clone()))
        };
        let s = TripExpr::UMax(Box::new(v(step)), Box::new(TripExpr::Const(1)));
        let span = add(TripExpr::Sub(Box::new(top), Box::new(first)), TripExpr::Sub(Box::new(s.clone()), Box::new(TripExpr::Const(1))));
        return Some((add(TripExpr::UDiv(Box::new(span), Box::new(s)), TripExpr::Const(1)), ty));
    }
    None
}

/// Whether every value `e` reads is defined where it dominates `site`.
fn expr_available(src: &Function, dom: &DomTree, e: &TripExpr, site: Block) -> bool {
    let mut values = Vec::new();
    super::record::trip_operands(e, &mut values);
    values.into_iter().all(|v| available(src, dom, v, site))
}

/// Whether `v` is a constant, a parameter of a block that dominates `site`, or defined in one.
fn available(src: &Function, dom: &DomTree, v: Value, site: Block) -> bool {
    match src.dfg.values[v].def {
        ValueDef::Const(_) => true,
        ValueDef::Param(b, _) => dom.dominates(b, site),
        ValueDef::Result(i) => src.layout.inst_block(i).is_some_and(|b| dom.dominates(b, site)),
    }
}

/// Whether condition `v` can be made at the end of `site`: available there, or a compare, a
/// `select` or a bitwise or additive operation (which cannot trap or make poison without
/// flags) of values that can, at most four deep.
fn remakable(src: &Function, dom: &DomTree, v: Value, site: Block, depth: u32) -> bool {
    if available(src, dom, v, site) {
        return true;
    }
    let Some(i) = src.dfg.def_inst(v) else { return false };
    let ok = match src.dfg.inst(i) {
        InstData::Icmp { .. } | InstData::Select { .. } => true,
        InstData::Binary { op, .. } => matches!(op, BinaryOp::And | BinaryOp::Or | BinaryOp::Xor | BinaryOp::Add | BinaryOp::Sub),
        _ => false,
    };
    ok && depth < 4 && src.dfg.inst(i).operands().iter().all(|&a| remakable(src, dom, a, site, depth + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use catalase_ir::parser::parse_module;

    /// `count` of the loop at block1 of `text`, evaluated with the parameters `args`.
    fn runs(text: &str, args: &[i128]) -> Option<i128> {
        let m = parse_module(text).expect("parses");
        let f = &m.functions()[m.find_function("f").unwrap()];
        let cfg = catalase_analysis::cfg::analyse(f).unwrap();
        let dom = catalase_analysis::dom::analyse(f, &cfg).unwrap();
        let info = catalase_analysis::loops::analyse(f, &cfg, &dom).unwrap();
        let id = info.loop_with_header(f.layout.blocks().nth(1).unwrap()).expect("a loop");
        assert!(info.get(id).unwrap().trip_count.is_none(), "a step that is a value has no trip count");
        let (e, _) = count(f, &info, &dom, id)?;
        let params = f.params().to_vec();
        e.eval(&|v| params.iter().position(|p| *p == v).map(|k| args[k]).or_else(|| f.dfg.const_int(v)))
    }

    #[test]
    fn a_loop_stepping_by_a_value_is_counted() {
        // do { s += step } while (s < n): the header runs ceil(n / step) times from 0.
        let rotated = "func @f(i64, i64) {\n    v9 = const i64 0\nblock0(v0: i64, v1: i64):\n    br block1(v9)\n\
            block1(v2: i64):\n    v3: i64 = add v2, v1\n    v4: i1 = icmp ult v3, v0\n    condbr v4, block1(v3), block2()\n\
            block2():\n    ret\n}\n";
        assert_eq!(runs(rotated, &[10, 3]), Some(4));
        assert_eq!(runs(rotated, &[9, 3]), Some(3));
        assert_eq!(runs(rotated, &[1, 3]), Some(1));
        // A zero step (a loop that never ends) is taken as one: a count, never a division by zero.
        assert_eq!(runs(rotated, &[5, 0]), Some(6));
        // for (s = 0; s <= n; s += step), tested in the header: n / step + 2 header runs.
        let tested = "func @f(i64, i64) {\n    v9 = const i64 0\nblock0(v0: i64, v1: i64):\n    br block1(v9)\n\
            block1(v2: i64):\n    v4: i1 = icmp sle v2, v0\n    condbr v4, block2(), block3()\n\
            block2():\n    v3: i64 = add v2, v1\n    br block1(v3)\nblock3():\n    ret\n}\n";
        assert_eq!(runs(tested, &[10, 5]), Some(4));
        assert_eq!(runs(tested, &[9, 5]), Some(3));
        // An exit on `!=` is not counted.
        let ne = rotated.replace("icmp ult", "icmp ne");
        assert_eq!(runs(&ne, &[10, 5]), None);
    }
}
