//! The transfer function of type analysis: what one instruction says about the types of its
//! operands, its result and the memory they point to. Types flow both ways (a load gives its
//! result the memory's type and the memory the result's), so every rule is a join in both
//! directions and one forward sweep order serves.
//!
//! Rules (`⇄` = the two layers are joined into each other):
//! - block parameters ⇄ the arguments passed to them; `select` result ⇄ both choices;
//!   `freeze`, `bitcast`, `ptrtoint`, `inttoptr`, `addrspacecast` result ⇄ operand;
//! - `load`/`store`/`atomicrmw`/`cmpxchg`: the value ⇄ the bytes `[0, size)` of the pointee;
//! - `ptradd p, c` (constant): pointee of the result ⇄ pointee of `p` shifted by `c`;
//!   `ptradd p, d + s·i` (a variable index with stride `s`): the result sees the repeating
//!   pattern of `p`'s memory from `d` on, and `p`'s memory repeats what the result sees (the
//!   index is assumed non-negative, as array indices are). A constant step that a loop carries
//!   back to its own base (`p' = p + 8` passed to `p`) is a variable index of stride 8, and
//!   an index that an exact division divides is a multiple of the divisor ([`exact_multiples`]);
//! - integer arithmetic (`add`, `mul`, shifts, divisions), `icmp` on integers, conversions
//!   to and from floats, branch conditions, offsets, sizes: integer. `and`/`or`/`xor` on wide
//!   integers say nothing (they implement `fabs`/`fneg` on doubles moved as `i64`);
//! - vectors: all lanes have one kind (extract/insert/shuffle join them);
//! - `extractvalue`/`insertvalue`: the member ⇄ the aggregate's bytes at the member's offset;
//! - `alloca T`, constant globals, `sret`/`byval`/`elementtype` attributes: the declared
//!   floats and pointers of `T` (integers in a declared type say nothing);
//! - known functions ([`crate::known`]): allocators return pointers and take integer sizes,
//!   `realloc` result ⇄ its old pointer, `memcpy`/`memmove` copy the pointee types of the
//!   length (all of them when the length is a variable) both ways, math output pointers
//!   receive `int` or the float of the first argument;
//! - calls to defined functions: arguments ⇄ the callee's parameter summary, result ⇄ its
//!   return summary (the caller in `super` iterates summaries to a fixpoint over the module);
//!   what the caller knows about memory *before* an argument (negative offsets) is its own
//!   context and does not go into the summary ([`Layer::without_before`]), nor do the bytes
//!   of a `dereferenceable(n)` argument past the callee's extent of it (`n`, or more where the
//!   callee hands the pointer on as a larger object: [`super::extent`]);
//! - values declared pointer or float keep that kind: they take no other kind from memory or
//!   from other values (see [`State::scalar`]), a pointer only what it points to;
//! - constants (but addresses of globals) keep their declared facts and take none: one
//!   constant value serves every use in a function (see [`State::fixed`]);
//! - `ret v`: `v` ⇄ the function's return summary.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use catalase_ir::entities::SecondaryMap;
use catalase_ir::inst::{AttrList, AttrValue, Callee, InstData};
use catalase_ir::opcodes::{BinaryOp, CastOp, Flag, UnaryOp};
use catalase_ir::function::DataFlowGraph;
use catalase_ir::{FuncId, Function, Inst, Module, Type, Value};

use super::extent::Extents;
use super::tree::{Cell, Kind, Layer, MAX_OFFSET};
use crate::dataflow::{Direction, Lattice, Problem};
use crate::known::{self, Known, OutKind};

impl Lattice for Layer {
    fn join(&mut self, other: &Self) -> bool {
        Layer::join(self, other)
    }
}

/// What a function's interface is known to carry: one layer per parameter, one for the return.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub params: Vec<Layer>,
    pub ret: Layer,
}

impl Summary {
    pub fn join(&mut self, other: &Summary) -> bool {
        if self.params.len() < other.params.len() {
            self.params.resize(other.params.len(), Layer::default());
        }
        let mut changed = self.ret.join(&other.ret);
        for (p, q) in self.params.iter_mut().zip(&other.params) {
            changed |= p.join(q);
        }
        changed
    }
}

/// The facts of one function.
#[derive(Clone, Debug, Default)]
pub struct State {
    pub values: SecondaryMap<Value, Layer>,
    pub ret: Layer,
    /// What this function's call sites say about each defined callee.
    pub out: HashMap<FuncId, Summary>,
    /// Constants other than addresses of globals: they keep the facts of their declared type
    /// and take none from their uses. The importer makes one value of each constant per
    /// function, so one `ptr null` (or `i64 0`) is an operand of unrelated `phi`s and stores,
    /// and facts joined into it would flow between every memory it meets: the null start of a
    /// `std::vector<double>`'s data and of a `std::vector<std::vector<double>>`'s would make
    /// the two arrays one.
    pub fixed: SecondaryMap<Value, bool>,
    /// The kind of each value whose declared type is a pointer or a float scalar: that is its
    /// kind whatever the memory it was loaded from or stored to says. Where memory holds one
    /// thing in some objects and another in others (offset 8 of an `Expr *` that points to an
    /// `Add {vptr, ptr, ptr}` or a `Leaf {vptr, f64}`), the conflict stays in memory and does
    /// not flow back into the pointers and doubles stored there, nor on from them to every
    /// array they were loaded from or stored to.
    pub scalar: SecondaryMap<Value, Kind>,
}

/// The type problem of one function, with what other functions are known to carry.
pub struct Flow<'a> {
    pub module: &'a Module,
    pub func: &'a Function,
    pub summaries: &'a HashMap<FuncId, Summary>,
    /// `ptradd`s that a loop carries back to their own base.
    pub carried: &'a HashSet<Inst>,
    /// Integers known to be congruent to `r` modulo a constant `m`, as `(m, r)` (see
    /// [`exact_multiples`]).
    pub multiples: &'a HashMap<Value, (i64, i64)>,
    /// Vector loads whose lanes are not all read (see [`read_lanes`]).
    pub read_lanes: &'a HashMap<Value, u64>,
    /// How far behind each reference parameter of a callee its summary looks.
    pub extents: &'a Extents,
}

impl Problem for Flow<'_> {
    type State = State;
    const NAME: &'static str = "type analysis";
    const DIRECTION: Direction = Direction::Forward;

    fn transfer(&self, st: &mut State, inst: Inst) -> bool {
        let dfg = &self.func.dfg;
        let data = dfg.inst(inst);
        let mut ch = false;
        for bc in data.successors() {
            for (&p, &a) in dfg.block_params(bc.block).iter().zip(&bc.args) {
                ch |= link(st, p, a);
            }
        }
        let res = dfg.result(inst);
        let Some(r) = res else { return ch | self.effect(st, data, None) };
        ch | match data {
            InstData::Binary { op, args } => self.binary(st, *op, *args, r),
            InstData::Unary { op: UnaryOp::Freeze, arg } => link(st, r, *arg),
            InstData::Cast { op, arg } => self.cast(st, *op, *arg, r),
            InstData::Icmp { args, .. } => self.mark_int(st, args),
            InstData::Select { args } => self.mark_int(st, &args[..1]) | link(st, r, args[1]) | link(st, r, args[2]),
            InstData::ExtractElement { args } => self.mark_int(st, &args[1..]) | self.lanes(st, &[args[0], r]),
            InstData::InsertElement { args } => self.mark_int(st, &args[2..]) | self.lanes(st, &[args[0], args[1], r]),
            InstData::Shuffle { args, mask } => self.shuffle(st, *args, mask, r),
            InstData::ExtractValue { arg, indices } => self.member(st, *arg, r, indices),
            InstData::InsertValue { args, indices } => link(st, r, args[0]) | self.member(st, r, args[1], indices),
            InstData::Alloca { ty, count, .. } => {
                self.mark_int(st, &[*count]) | join(st, r, &Layer::pointer_to(declared(ty)))
            }
            InstData::Load { ptr, .. } => match self.read_lanes.get(&r) {
                Some(&lanes) => self.partial_load(st, *ptr, r, lanes),
                None => self.access(st, *ptr, r),
            },
            InstData::AtomicRmw { args: [ptr, val], .. } => self.access(st, *ptr, *val) | link(st, r, *val),
            InstData::PtrAdd { args: [base, off] } => self.ptradd(st, inst, *base, *off, r),
            data => self.effect(st, data, Some(r)),
        }
    }
}

/// Join `l` into the facts of `v`.
fn join(st: &mut State, v: Value, l: &Layer) -> bool {
    if st.fixed[v] {
        return false;
    }
    match st.scalar[v] {
        Kind::UNKNOWN => st.values[v].join(l),
        // A pointer takes only what it points to; a float nothing (its seed says it all).
        Kind::PTR => match l.cell_ref(0).and_then(|c| c.pointee.as_deref()) {
            Some(p) if !st.values[v].covers_pointer_to(p) => st.values[v].join(&Layer::pointer_to(p.clone())),
            _ => false,
        },
        _ => false,
    }
}

/// Whether `join(st, v, l)` may change `v`'s layer (without the copies it takes to try).
fn joins_anything(st: &State, v: Value, l: &Layer) -> bool {
    if st.fixed[v] {
        return false;
    }
    match st.scalar[v] {
        Kind::UNKNOWN => !st.values[v].covers(l),
        Kind::PTR => l.cell_ref(0).and_then(|c| c.pointee.as_deref()).is_some_and(|p| !st.values[v].covers_pointer_to(p)),
        _ => false,
    }
}

/// `a ⇄ b`.
fn link(st: &mut State, a: Value, b: Value) -> bool {
    if a == b || st.values[a] == st.values[b] {
        return false;
    }
    // Each side copied only where the other has something to take from it.
    let la = joins_anything(st, b, &st.values[a]).then(|| st.values[a].clone());
    let lb = joins_anything(st, a, &st.values[b]).then(|| st.values[b].clone());
    let into_a = lb.is_some_and(|lb| join(st, a, &lb));
    let into_b = la.is_some_and(|la| join(st, b, &la));
    into_a | into_b
}

/// The memory `v` points to.
fn pointee(st: &State, v: Value) -> Layer {
    st.values[v].at.get(&0).and_then(|c| c.pointee.as_deref()).cloned().unwrap_or_default()
}

/// Join `l` into the memory `v` points to (and mark `v` a pointer).
fn join_pointee(st: &mut State, v: Value, l: Layer) -> bool {
    join(st, v, &Layer::pointer_to(l))
}

/// The layer a declared type gives by itself: its floats and pointers at their offsets
/// (arrays of up to MAX_OFFSET bytes written out, longer ones as a pattern).
pub fn declared(ty: &Type) -> Layer {
    match ty {
        Type::Vector(n, e) => repeated(*n as i64, e),
        Type::Array(n, e) => repeated(*n as i64, e),
        Type::Struct { fields, .. } => {
            let (_, offsets) = ty.struct_layout();
            let mut l = Layer::default();
            for (f, off) in fields.iter().zip(offsets) {
                l.join(&declared(f).shifted(-(off as i64)));
            }
            l
        }
        t => Layer::scalar(Kind::of_declared(t)),
    }
}

/// `n` elements of type `e`.
fn repeated(n: i64, e: &Type) -> Layer {
    let elem = declared(e);
    let size = e.alloc_size() as i64;
    if elem.is_empty() || size == 0 {
        return Layer::default();
    }
    if n.saturating_mul(size) > MAX_OFFSET && size <= MAX_OFFSET {
        return elem.unfolded(0, size);
    }
    let mut l = Layer::default();
    for i in 0..n.min(MAX_OFFSET / size + 1) {
        l.join(&elem.shifted(-i * size));
    }
    l
}

/// The part of the names of Catalase's tape helpers (`__catalase_tape_reserve`, ...) and of
/// their derivatives (`__catalase_aug1___catalase_tape_take_dc_p_s`, ...).
const TAPE_HELPERS: &str = "__catalase_tape_";

/// Vector loads (of at most 64 lanes) whose every use reads some lanes only: an operand of a
/// `shufflevector` (the lanes its mask names), the vector of an `extractelement` at a constant
/// index, or the vector of an `insertelement` at a constant index (every lane but that one). Maps each such load whose uses leave some lane unread to the lanes read (bit k: lane k).
pub fn read_lanes(func: &Function) -> HashMap<Value, u64> {
    let dfg = &func.dfg;
    let mut read: HashMap<Value, u64> = HashMap::new();
    for i in func.insts_in_order() {
        if let InstData::Load { .. } = dfg.inst(i) {
            if let Some(r) = dfg.result(i).filter(|&r| (2..=64).contains(&dfg.value_type(r).lanes())) {
                read.insert(r, 0);
            }
        }
    }
    if read.is_empty() {
        return read;
    }
    for i in func.insts_in_order() {
        let data = dfg.inst(i);
        let lanes_of = |v: Value| -> u64 {
            match data {
                InstData::Shuffle { args, mask } => {
                    let n0 = dfg.value_type(args[0]).lanes() as i64;
                    mask.iter().filter(|&&m| m >= 0).fold(0, |acc, &m| {
                        let m = m as i64;
                        let hit = if m < n0 { args[0] == v } else { args[1] == v };
                        let lane = if m < n0 { m } else { m - n0 };
                        if hit { acc | 1u64 << lane } else { acc }
                    })
                }
                InstData::ExtractElement { args: [vec, idx] } if *vec == v => match dfg.const_int(*idx) {
                    Some(k) if k < 64 => 1u64 << k,
                    _ => u64::MAX,
                },
                // The lane it replaces is not read; the others pass on to its result.
                InstData::InsertElement { args: [vec, elt, idx] } if *vec == v && *elt != v => match dfg.const_int(*idx) {
                    Some(k) if k < 64 => !(1u64 << k),
                    _ => u64::MAX,
                },
                _ => u64::MAX,
            }
        };
        for v in data.operands() {
            if let Some(slot) = read.get_mut(&v) {
                *slot |= lanes_of(v);
            }
        }
        for bc in data.successors() {
            for a in &bc.args {
                if let Some(slot) = read.get_mut(a) {
                    *slot = u64::MAX;
                }
            }
        }
    }
    read.retain(|v, lanes| {
        let n = dfg.value_type(*v).lanes();
        let all = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
        *lanes & all != all
    });
    read
}

/// Integers that an exact division shows to be multiples of a constant: `ashr exact v, 3`,
/// `sdiv exact v, 8`. This is how C++ containers at any -O level count the elements between
/// two pointers, and the byte difference `v` is what the next `ptradd` steps by (the element
/// `std::vector` appends at `begin + (end - begin)`).
/// Also the residues of induction variables (see below). Each value maps to `(m, r)`:
/// `v ≡ r (mod m)`.
pub fn exact_multiples(func: &Function) -> HashMap<Value, (i64, i64)> {
    let dfg = &func.dfg;
    let mut out = HashMap::new();
    for i in func.insts_in_order() {
        let InstData::Binary { op, args: [v, c] } = dfg.inst(i) else { continue };
        if !dfg.insts[i].flags.has(Flag::Exact) {
            continue;
        }
        let m = match (op, dfg.const_int(*c)) {
            (BinaryOp::AShr | BinaryOp::LShr, Some(k @ 1..=30)) => 1i64 << k,
            (BinaryOp::SDiv | BinaryOp::UDiv, Some(c @ 2..=0x4000_0000)) => c as i64,
            _ => continue,
        };
        let slot = out.entry(*v).or_insert((1, 0));
        *slot = (super::tree::lcm(slot.0, m), 0);
    }
    // Induction variables: a block parameter whose incoming values are constants or itself
    // plus a constant is congruent to its first constant modulo the common divisor of the
    // steps and of the constants' differences (a byte offset `off += 9` from 0 or from a
    // header's length, stepping over 9-byte records of a tag byte and a double: the accesses at
    // `buf + off` and `buf + off + 1` are fields of one record, not every byte of the buffer).
    let mut steps: HashMap<Value, Option<i64>> = HashMap::new();
    let mut first: HashMap<Value, i64> = HashMap::new();
    for i in func.insts_in_order() {
        for bc in dfg.inst(i).successors() {
            for (&p, &a) in dfg.block_params(bc.block).iter().zip(&bc.args) {
                let step = match dfg.const_int(a) {
                    Some(c) => Some(c as i64 - *first.entry(p).or_insert(c as i64)),
                    None => match dfg.def_inst(a).map(|d| dfg.inst(d)) {
                        Some(InstData::Binary { op: BinaryOp::Add | BinaryOp::Sub, args: [x, k] }) if *x == p => dfg.const_int(*k).map(|k| k as i64),
                        Some(InstData::Binary { op: BinaryOp::Add, args: [k, x] }) if *x == p => dfg.const_int(*k).map(|k| k as i64),
                        _ => None,
                    },
                };
                let slot = steps.entry(p).or_insert(Some(0));
                *slot = match (*slot, step) {
                    // 0 until a non-zero value is met (`tree::gcd` says 1 for two zeros).
                    (Some(0), Some(k)) => Some(k.abs()),
                    (Some(g), Some(0)) => Some(g),
                    (Some(g), Some(k)) => Some(super::tree::gcd(g, k)),
                    _ => None,
                };
            }
        }
    }
    for (p, g) in steps {
        if let (Some(g @ 2..=0x4000_0000), Some(c)) = (g, first.get(&p)) {
            out.entry(p).or_insert((g, c.rem_euclid(g)));
        }
    }
    out
}

/// `v ≡ d (mod stride)` as far as constants and `multiples` (see [`exact_multiples`]) show;
/// stride 0 means exactly `d`.
pub fn offset_form(dfg: &DataFlowGraph, multiples: &HashMap<Value, (i64, i64)>, v: Value, depth: u32) -> (i64, i64) {
    let (s, d) = def_offset_form(dfg, multiples, v, depth);
    match multiples.get(&v) {
        // `v ≡ r (mod m)` is the stronger fact when the def's stride divides `m`.
        Some(&(m, r)) if s != 0 && m % s == 0 => (m, r),
        _ => (s, d),
    }
}

fn def_offset_form(dfg: &DataFlowGraph, multiples: &HashMap<Value, (i64, i64)>, v: Value, depth: u32) -> (i64, i64) {
    if let Some(c) = dfg.const_int(v) {
        return (0, c as i64);
    }
    let unknown = (1, 0);
    let Some(i) = dfg.def_inst(v).filter(|_| depth < 8) else { return unknown };
    let form = |x: Value| offset_form(dfg, multiples, x, depth + 1);
    let scale = |(s, d): (i64, i64), c: i64| (s.saturating_mul(c).abs(), d.saturating_mul(c));
    let combine = |(s1, _): (i64, i64), (s2, _): (i64, i64), d: i64| match (s1, s2) {
        (0, 0) => (0, d),
        (0, s) | (s, 0) => (s, d),
        _ => (super::tree::gcd(s1, s2), d),
    };
    match dfg.inst(i) {
        InstData::Binary { op: BinaryOp::Mul, args: [a, b] } => match (dfg.const_int(*a), dfg.const_int(*b)) {
            (_, Some(c)) => scale(form(*a), c as i64),
            (Some(c), _) => scale(form(*b), c as i64),
            _ => unknown,
        },
        InstData::Binary { op: BinaryOp::Shl, args: [a, b] } => match dfg.const_int(*b) {
            Some(k @ 0..=30) => scale(form(*a), 1 << k),
            _ => unknown,
        },
        InstData::Binary { op: BinaryOp::Add, args: [a, b] } => {
            let (fa, fb) = (form(*a), form(*b));
            combine(fa, fb, fa.1.saturating_add(fb.1))
        }
        InstData::Binary { op: BinaryOp::Or, args: [a, b] } if dfg.insts[i].flags.has(Flag::Disjoint) => {
            let (fa, fb) = (form(*a), form(*b));
            combine(fa, fb, fa.1.saturating_add(fb.1))
        }
        InstData::Binary { op: BinaryOp::Sub, args: [a, b] } => {
            let (fa, fb) = (form(*a), form(*b));
            combine(fa, fb, fa.1.saturating_sub(fb.1))
        }
        InstData::Cast { op: CastOp::SExt | CastOp::ZExt | CastOp::Trunc, arg } => form(*arg),
        _ => unknown,
    }
}

/// The largest divisor of `s` that a pattern may have as stride.
fn fit_stride(s: i64) -> i64 {
    (1..=MAX_OFFSET.min(s)).rev().find(|d| s % d == 0).unwrap_or(1)
}

/// `ptradd`s of a constant that step a pointer round a cycle: the result is passed back to
/// the block parameter that is its base (a loop), or, in a direct self-call, as the argument in
/// the position of the parameter that is its base (recursion), or stored back to the address
/// its base was loaded from (`-O0` loops and C++ iterators' `operator++`).
pub fn carried_steps(func: &Function, order: &[Inst]) -> HashSet<Inst> {
    let dfg = &func.dfg;
    let mut out = HashSet::new();
    let mut check = |param: Value, arg: Value| {
        if let Some(d) = dfg.def_inst(arg) {
            if matches!(dfg.inst(d), InstData::PtrAdd { args: [base, _] } if *base == param) {
                out.insert(d);
            }
        }
    };
    for &i in order {
        let data = dfg.inst(i);
        for bc in data.successors() {
            for (&p, &a) in dfg.block_params(bc.block).iter().zip(&bc.args) {
                check(p, a);
            }
        }
        if let InstData::Store { args: [val, addr], .. } = data {
            let loaded_from = |p: Value| match dfg.def_inst(p).map(|d| dfg.inst(d)) {
                Some(InstData::Load { ptr, .. }) => Some(*ptr),
                _ => None,
            };
            if let Some(InstData::PtrAdd { args: [base, _] }) = dfg.def_inst(*val).map(|d| dfg.inst(d)) {
                if loaded_from(*base) == Some(*addr) {
                    check(*base, *val);
                }
            }
        }
        if let InstData::Call { callee: Callee::Direct(name), args, .. } = data {
            if *name == func.name {
                func.params().iter().zip(args).for_each(|(&p, &a)| check(p, a));
            }
        }
    }
    out
}

impl Flow<'_> {
    /// Instructions whose rule does not need a result.
    fn effect(&self, st: &mut State, data: &InstData, res: Option<Value>) -> bool {
        match data {
            InstData::Store { args: [val, ptr], .. } => self.access(st, *ptr, *val),
            InstData::CmpXchg { args: [ptr, old, new], .. } => self.access(st, *ptr, *old) | self.access(st, *ptr, *new),
            InstData::Call { callee, args, attrs, .. } | InstData::Invoke { callee, args, attrs, .. } => {
                self.call(st, callee, args, attrs, res)
            }
            InstData::CondBr { cond: v, .. } | InstData::Switch { arg: v, .. } => self.mark_int(st, &[*v]),
            InstData::Ret { arg: Some(v) } => {
                let l = st.values[*v].clone();
                let c = st.ret.join(&l);
                let r = st.ret.clone();
                c | join(st, *v, &r)
            }
            _ => false,
        }
    }
    fn ty(&self, v: Value) -> &Type {
        self.func.dfg.value_type(v)
    }
    /// Mark integer-typed values (and vectors of them) as integers in every lane.
    fn mark_int(&self, st: &mut State, vals: &[Value]) -> bool {
        let mut ch = false;
        for &v in vals {
            let ty = self.ty(v).clone();
            if ty.is_int_or_vector() {
                ch |= join(st, v, &splat(&ty, &Cell::of(Kind::INT)));
            }
        }
        ch
    }
    fn binary(&self, st: &mut State, op: BinaryOp, args: [Value; 2], res: Value) -> bool {
        let bits_only = matches!(op, BinaryOp::And | BinaryOp::Or | BinaryOp::Xor);
        if op.is_float() || (bits_only && self.ty(args[0]).scalar_bits() > 1) {
            return false;
        }
        self.mark_int(st, &args) | self.mark_int(st, &[res])
    }
    fn cast(&self, st: &mut State, op: CastOp, arg: Value, r: Value) -> bool {
        match op {
            CastOp::Bitcast | CastOp::AddrSpaceCast | CastOp::PtrToInt | CastOp::IntToPtr => link(st, r, arg),
            CastOp::Trunc | CastOp::ZExt | CastOp::SExt => self.mark_int(st, &[arg, r]),
            CastOp::FPToSI | CastOp::FPToUI => self.mark_int(st, &[r]),
            CastOp::SIToFP | CastOp::UIToFP => self.mark_int(st, &[arg]),
            CastOp::FPExt | CastOp::FPTrunc => false,
        }
    }
    /// Vector operands and result share one kind over all lanes.
    fn lanes(&self, st: &mut State, all: &[Value]) -> bool {
        let mut cell = Cell::default();
        for &v in all {
            cell = join_cells(cell, &lane_cell(&st.values[v], self.ty(v)));
        }
        let mut ch = false;
        for &v in all {
            let ty = self.ty(v).clone();
            ch |= join(st, v, &splat(&ty, &cell));
        }
        ch
    }
    /// A shuffle that keeps the lane count shares one kind over all lanes, as other vector
    /// operations do. One that changes it (the vectorizer's de-interleaving of a wide load into
    /// the fields of records, `<43 x i32>` → `<8 x i32>`, and the interleaving before a wide
    /// store) links each result lane with the one source lane its mask names: the lanes no mask
    /// names are other fields (doubles, pointers) and take nothing from the result.
    fn shuffle(&self, st: &mut State, args: [Value; 2], mask: &[i32], r: Value) -> bool {
        let n0 = self.ty(args[0]).lanes() as i64;
        if n0 == self.ty(r).lanes() as i64 {
            return self.lanes(st, &[args[0], args[1], r]);
        }
        let size = self.ty(r).scalar().alloc_size().max(1) as i64;
        let mut ch = false;
        for (k, &m) in mask.iter().enumerate() {
            let (k, m) = (k as i64, m as i64);
            if m < 0 {
                continue;
            }
            let (src, lane) = if m < n0 { (args[0], m) } else { (args[1], m - n0) };
            let from_src = st.values[src].shifted(lane * size).window(0, size).shifted(-k * size);
            ch |= join(st, r, &from_src);
            let to_src = st.values[r].shifted(k * size).window(0, size).shifted(-lane * size);
            ch |= join(st, src, &to_src);
        }
        ch
    }
    /// `member` ⇄ the bytes of `agg` at the member `indices` name.
    fn member(&self, st: &mut State, agg: Value, m: Value, indices: &[u32]) -> bool {
        let Some(off) = member_offset(self.ty(agg), indices) else { return false };
        let size = self.ty(m).alloc_size() as i64;
        let from_agg = st.values[agg].shifted(off).window(0, size);
        let to_agg = st.values[m].shifted(-off);
        join(st, m, &from_agg) | join(st, agg, &to_agg)
    }
    /// A load or store of `val` through `ptr`.
    fn access(&self, st: &mut State, ptr: Value, val: Value) -> bool {
        let size = self.ty(val).store_size() as i64;
        let mem = pointee(st, ptr).window(0, size);
        let stored = st.values[val].window(0, size);
        join(st, val, &mem) | join_pointee(st, ptr, stored)
    }
    /// A vector load of which only `lanes` are read (bit k: lane k): facts pass between memory
    /// and the lanes read only (vector operations share one kind over all lanes, so an unread
    /// lane's bytes would reach the read ones through them). The vectorizer loads
    /// `<2 x double>` over a record's `{double, ptr}` and keeps lane 0; lane 1's declared
    /// double is not what the bytes hold.
    fn partial_load(&self, st: &mut State, ptr: Value, val: Value, lanes: u64) -> bool {
        let size = self.ty(val).store_size() as i64;
        let lane = self.ty(val).scalar().alloc_size().max(1) as i64;
        let mem = pointee(st, ptr).window(0, size);
        let mut ch = false;
        for k in (0..self.ty(val).lanes() as i64).filter(|k| lanes >> k & 1 == 1) {
            ch |= join(st, val, &mem.shifted(k * lane).window(0, lane).shifted(-k * lane));
            let read = st.values[val].shifted(k * lane).window(0, lane).shifted(-k * lane);
            ch |= join_pointee(st, ptr, read);
        }
        ch
    }
    fn ptradd(&self, st: &mut State, inst: Inst, base: Value, off: Value, res: Value) -> bool {
        let mut ch = self.mark_int(st, &[off]);
        let (stride, d) = offset_form(&self.func.dfg, self.multiples, off, 0);
        let (stride, d) = if stride == 0 && self.carried.contains(&inst) && d != 0 { (d.abs(), d) } else { (stride, d) };
        let (from_base, to_base) = if stride == 0 {
            (pointee(st, base).shifted(d), pointee(st, res).shifted(-d))
        } else {
            let s = fit_stride(stride);
            (pointee(st, base).folded(d, s), pointee(st, res).unfolded(d, s))
        };
        ch |= join_pointee(st, res, from_base);
        ch | join_pointee(st, base, to_base)
    }
    fn call(&self, st: &mut State, callee: &Callee, args: &[Value], attrs: &AttrList, res: Option<Value>) -> bool {
        let mut ch = false;
        let name = match callee {
            Callee::Direct(n) => Some(n.as_str()),
            Callee::Indirect(f) => {
                ch |= join(st, *f, &Layer::scalar(Kind::PTR));
                None
            }
        };
        let def = name.and_then(|n| self.module.find_function(n));
        let decl_attrs = def.map(|id| &self.module.function(id).attrs);
        for (i, &a) in args.iter().enumerate() {
            for attr in attrs.param(i).iter().chain(decl_attrs.map_or(&[][..], |d| d.param(i))) {
                let typed = ["sret", "byval", "byref", "elementtype", "inalloca", "preallocated"];
                if let (AttrValue::Type(t), true) = (&attr.value, typed.contains(&attr.name.as_str())) {
                    ch |= join_pointee(st, a, declared(t));
                }
            }
        }
        // Catalase's own tape helpers (and their derivatives, which a nested derivative calls)
        // hand out the room of every record of a tape through one parameter and one result:
        // facts joined through them would make each record's pointers point to every record's
        // kinds. What a record holds is typed where it is stored and where it is loaded.
        if name.is_some_and(|n| n.contains(TAPE_HELPERS)) {
            return ch | res.is_some_and(|r| self.func.dfg.value_type(r).is_ptr() && join(st, r, &Layer::scalar(Kind::PTR)));
        }
        if let Some(id) = def.filter(|id| !self.module.function(*id).is_declaration()) {
            let sizes: Vec<Option<i64>> = (0..args.len())
                .map(|i| self.extents.window(self.module, Some(id), attrs.param(i), i).filter(|&n| n <= MAX_OFFSET))
                .collect();
            return ch | self.defined_call(st, id, args, &sizes, res);
        }
        match name.and_then(|n| known::lookup_in(self.module, n)) {
            Some(k) => ch | self.known_call(st, k, args, res),
            None => ch,
        }
    }
    /// `sizes`: the window of each pointer argument ([`super::extent::Extents::window`]). What
    /// the caller says about the memory behind a reference goes into the callee's summary only
    /// for those bytes, the object the callee is handed: a `const T *&` parameter that one caller passes both
    /// `&v._M_start` and `&v._M_finish` would otherwise join the vector seen from offset 0 and
    /// from offset 8, send that back to both arguments, and creep one field further each round.
    fn defined_call(&self, st: &mut State, id: FuncId, args: &[Value], sizes: &[Option<i64>], res: Option<Value>) -> bool {
        let mut ch = false;
        let nparams = self.module.function(id).params().len();
        let mut said = Summary { params: vec![Layer::default(); nparams], ret: Layer::default() };
        if let Some(sum) = self.summaries.get(&id) {
            for (&a, p) in args.iter().zip(&sum.params) {
                ch |= join(st, a, p);
            }
            if let Some(r) = res {
                ch |= join(st, r, &sum.ret);
            }
        }
        for ((slot, &a), size) in said.params.iter_mut().zip(args).zip(sizes) {
            let mut l = st.values[a].without_before();
            if let (Some(n), Some(c)) = (size, l.at.get_mut(&0)) {
                if let Some(p) = &mut c.pointee {
                    *p = Rc::new(p.window(0, *n));
                }
            }
            slot.join(&l);
        }
        if let Some(r) = res {
            said.ret.join(&st.values[r].without_before());
        }
        st.out.entry(id).or_default().join(&said);
        ch
    }
    fn known_call(&self, st: &mut State, k: Known, args: &[Value], res: Option<Value>) -> bool {
        let arg = |i: usize| args.get(i).copied();
        match k {
            Known::Alloc { sizes } => {
                let s: Vec<Value> = sizes.iter().filter_map(|&i| arg(i)).collect();
                self.mark_int(st, &s) | res.is_some_and(|r| join(st, r, &Layer::scalar(Kind::PTR)))
            }
            Known::Realloc => {
                let c = self.mark_int(st, &args[1.min(args.len())..]);
                c | matches!((res, arg(0)), (Some(r), Some(p)) if link(st, r, p))
            }
            Known::Free | Known::Set => args.first().is_some_and(|&p| join(st, p, &Layer::scalar(Kind::PTR))),
            Known::Copy => match (arg(0), arg(1), arg(2)) {
                (Some(dst), Some(src), Some(n)) => self.copy(st, dst, src, n),
                _ => false,
            },
            Known::Math { out, .. } => {
                let mut ch = false;
                for &(i, kind) in out {
                    let kind = match kind {
                        OutKind::Int => Kind::INT,
                        OutKind::SameFloat => arg(0).map_or(Kind::UNKNOWN, |a| Kind::of_declared(self.ty(a))),
                    };
                    if let Some(p) = arg(i) {
                        ch |= join_pointee(st, p, Layer::scalar(kind));
                    }
                }
                ch
            }
            Known::Inert => false,
        }
    }
    /// `memcpy(dst, src, n)`: the copied bytes have one type in both places.
    fn copy(&self, st: &mut State, dst: Value, src: Value, n: Value) -> bool {
        let len = self.func.dfg.const_int(n).map_or(i64::MAX, |c| c as i64);
        let ch = self.mark_int(st, &[n]);
        let from_src = pointee(st, src).window(0, len);
        let from_dst = pointee(st, dst).window(0, len);
        ch | join_pointee(st, dst, from_src) | join_pointee(st, src, from_dst)
    }
}

fn join_cells(mut a: Cell, b: &Cell) -> Cell {
    a.merge(b);
    a
}

/// The kinds of all lanes of a vector value, joined (the value's own cell for scalars).
fn lane_cell(l: &Layer, ty: &Type) -> Cell {
    let size = ty.scalar().alloc_size().max(1) as i64;
    (0..ty.lanes() as i64).fold(Cell::default(), |c, i| join_cells(c, &l.cell_at(i * size)))
}

/// `cell` in every lane of a value of type `ty`.
fn splat(ty: &Type, cell: &Cell) -> Layer {
    let size = ty.scalar().alloc_size().max(1) as i64;
    let mut l = Layer::default();
    for i in 0..ty.lanes() as i64 {
        l.put(i * size, cell);
    }
    l
}

/// Byte offset of the member an `extractvalue` path names.
pub fn member_offset(ty: &Type, path: &[u32]) -> Option<i64> {
    let mut off = 0i64;
    let mut t = ty;
    for &i in path {
        match t {
            Type::Struct { fields, .. } => {
                off += *t.struct_layout().1.get(i as usize)? as i64;
                t = fields.get(i as usize)?;
            }
            Type::Array(_, e) | Type::Vector(_, e) => {
                off += i as i64 * e.alloc_size() as i64;
                t = e;
            }
            _ => return None,
        }
    }
    Some(off)
}
