//! Unit tests of activity on builder-made functions.

use super::*;
use catalase_ir::inst::{BlockCall, MemFlags};
use catalase_ir::opcodes::{FloatCC, IntCC};
use catalase_ir::{Builder, Signature, Type};

fn run(f: &Function, args: &[bool], ret: bool, inactive: &[&str]) -> Activity {
    let names: HashSet<String> = inactive.iter().map(|s| s.to_string()).collect();
    analyse(f, &Module::default(), args, ret, &ByName::new(&Module::default(), &names)).unwrap()
}

#[test]
fn square_is_active_and_compare_is_not() {
    let mut f = Function::with_entry("f", Signature::new(vec![Type::F64, Type::F64], Type::F64));
    let e = f.entry_block().unwrap();
    let (x, y) = (f.params()[0], f.params()[1]);
    let mut b = Builder::at_end(&mut f, e);
    let sq = b.fmul(x, x);
    let other = b.fmul(y, y);
    let c = b.fcmp(FloatCC::Olt, sq, other);
    let s = b.select(c, sq, other);
    b.ret(Some(s));
    let act = run(&f, &[true, false], true, &[]);
    assert!(act.is_active_value(x));
    assert!(act.is_active_value(sq));
    assert!(!act.is_active_value(y));
    assert!(!act.is_active_value(other));
    assert!(!act.is_active_value(c));
    assert!(act.is_active_value(s));
    let inactive_ret = run(&f, &[true, false], false, &[]);
    assert!(!inactive_ret.is_active_value(sq));
    let text = print_with_activity(&f, &act);
    assert!(text.contains("fmul v0, v0 ; active"), "{text}");
    assert!(text.contains("fcmp olt v2, v3 ; inactive"), "{text}");
}

#[test]
fn loop_counter_is_inactive_and_accumulator_is_active() {
    // double s = 0; for (i = 0; i < n; i++) s += x[i]; *out = s;
    let sig = Signature::new(vec![Type::PTR, Type::I64, Type::PTR], Type::Void);
    let mut f = Function::with_entry("sum", sig);
    let e = f.entry_block().unwrap();
    let (x, n, out) = (f.params()[0], f.params()[1], f.params()[2]);
    let mut b = Builder::at_end(&mut f, e);
    let (h, body, exit) = (b.create_block(), b.create_block(), b.create_block());
    let i = b.func.dfg.append_block_param(h, Type::I64);
    let s = b.func.dfg.append_block_param(h, Type::F64);
    let zero = b.iconst(Type::I64, 0);
    let fzero = b.fconst(&Type::F64, 0.0);
    b.br(h, vec![zero, fzero]);
    b.switch_to(h);
    let c = b.icmp(IntCC::Slt, i, n);
    b.condbr(c, BlockCall::new(body, vec![]), BlockCall::new(exit, vec![]));
    b.switch_to(body);
    let eight = b.iconst(Type::I64, 8);
    let off = b.binary(catalase_ir::opcodes::BinaryOp::Mul, i, eight);
    let p = b.ptradd(x, off);
    let xi = b.load(Type::F64, p, MemFlags::aligned(8));
    let s2 = b.fadd(s, xi);
    let one = b.iconst(Type::I64, 1);
    let i2 = b.binary(catalase_ir::opcodes::BinaryOp::Add, i, one);
    b.br(h, vec![i2, s2]);
    b.switch_to(exit);
    let st = b.store(s, out, MemFlags::aligned(8));
    b.ret(None);
    let act = run(&f, &[true, false, true], false, &[]);
    for v in [i, i2, off, n, c] {
        assert!(!act.is_active_value(v), "{v}");
    }
    for v in [s, s2, xi, p] {
        assert!(act.is_active_value(v), "{v}");
    }
    assert!(act.is_active_inst(st));
    // With `out` inactive nothing reaches an output.
    let act = run(&f, &[true, false, false], false, &[]);
    assert!(!act.is_active_value(s2));
    assert!(!act.is_active_inst(st));
}

#[test]
fn memory_through_an_alloca_and_inactive_calls() {
    let mut f = Function::with_entry("g", Signature::new(vec![Type::F64], Type::F64));
    let e = f.entry_block().unwrap();
    let x = f.params()[0];
    let mut b = Builder::at_end(&mut f, e);
    let one = b.iconst(Type::I64, 1);
    let slot = b.alloca(Type::F64, one, 8);
    let dead = b.alloca(Type::F64, one, 8);
    b.store(x, slot, MemFlags::aligned(8));
    let dead_store = b.store(x, dead, MemFlags::aligned(8));
    let y = b.load(Type::F64, slot, MemFlags::aligned(8));
    let sig = Signature { params: vec![Type::PTR], ret: Type::I32, variadic: true };
    let fmt = b.global_addr("fmt");
    let printed = b.call_named("printf", sig, vec![fmt, y]).unwrap();
    let sin = b.call_named("sin", Signature::new(vec![Type::F64], Type::F64), vec![y]).unwrap();
    b.ret(Some(sin));
    let act = run(&f, &[true], true, &["printf"]);
    assert!(act.is_active_value(slot));
    assert!(act.is_active_value(y));
    assert!(act.is_active_value(sin));
    assert!(!act.is_active_value(printed));
    assert!(!act.is_active_inst(f.dfg.def_inst(printed).unwrap()));
    assert!(!act.is_active_value(dead), "never read: its memory reaches no output");
    assert!(!act.is_active_inst(dead_store));
}

#[test]
fn bad_requests_are_errors() {
    let f = Function::with_entry("h", Signature::new(vec![Type::F64], Type::F64));
    let err = analyse(&f, &Module::default(), &[true, true], true, &ByName::new(&Module::default(), &HashSet::new()));
    assert!(matches!(err, Err(AnalysisError::BadRequest { .. })));
}

#[test]
fn printed_activity_parses_back_and_malformed_blocks_are_skipped() {
    let mut f = Function::with_entry("m", Signature::new(vec![Type::F64], Type::F64));
    let e = f.entry_block().unwrap();
    let x = f.params()[0];
    let mut b = Builder::at_end(&mut f, e);
    let (dead, open) = (b.create_block(), b.create_block());
    let y = b.fmul(x, x);
    b.br(open, vec![]);
    b.switch_to(dead);
    let z = b.fadd(x, x);
    b.ret(Some(z));
    b.switch_to(open);
    let w = b.fadd(y, y); // no terminator follows
    let act = run(&f, &[true], true, &[]);
    assert!(!act.is_active_value(z), "unreachable code is inactive");
    assert!(!act.is_active_value(w), "nothing returns it");
    let text = print_with_activity(&f, &act);
    let back = catalase_ir::parser::parse_function(&text).unwrap();
    assert_eq!(catalase_ir::printer::print_function(&back), catalase_ir::printer::print_function(&f));
    let cfg = crate::cfg::analyse(&f).unwrap();
    let dom = crate::dom::analyse(&f, &cfg).unwrap();
    assert!(crate::loops::analyse(&f, &cfg, &dom).unwrap().is_empty());
    assert!(crate::dom::post_dominators(&f, &cfg).is_ok());
}

#[test]
fn vector_geps_gather_and_scatter() {
    // px = x + 8*idx (<4 x ptr>); g = gather(px); py = y + 8*idx; scatter(g*g, py).
    let v4i = Type::vector(4, Type::I64);
    let v4d = Type::vector(4, Type::F64);
    let v4p = Type::vector(4, Type::PTR);
    let v4b = Type::vector(4, Type::I1);
    let sig = Signature::new(vec![Type::PTR, v4i.clone(), Type::PTR, v4b.clone()], Type::Void);
    let mut f = Function::with_entry("gs", sig);
    let e = f.entry_block().unwrap();
    let (x, idx, y, m) = (f.params()[0], f.params()[1], f.params()[2], f.params()[3]);
    let mut b = Builder::at_end(&mut f, e);
    let eight = b.constant(v4i.clone(), catalase_ir::Const::Int(8));
    let off = b.binary(catalase_ir::opcodes::BinaryOp::Mul, idx, eight);
    let px = b.ptradd(x, off);
    assert_eq!(b.value_type(px), v4p);
    let pass = b.poison(v4d.clone());
    let gsig = Signature::new(vec![v4p.clone(), v4b.clone(), v4d.clone()], v4d.clone());
    let g = b.call_named("llvm.masked.gather.v4f64.v4p0", gsig, vec![px, m, pass]).unwrap();
    let sq = b.fmul(g, g);
    let py = b.ptradd(y, off);
    let ssig = Signature::new(vec![v4d, v4p, v4b], Type::Void);
    b.call_named("llvm.masked.scatter.v4f64.v4p0", ssig, vec![sq, py, m]);
    b.ret(None);
    let act = run(&f, &[true, false, true, false], false, &[]);
    for v in [px, g, sq, py] {
        assert!(act.is_active_value(v), "{v}");
    }
    for v in [idx, off, m] {
        assert!(!act.is_active_value(v), "{v}");
    }
    // With `y` inactive the scattered values reach no output.
    let act = run(&f, &[true, false, false, false], false, &[]);
    assert!(!act.is_active_value(g));
}

#[test]
fn stand_ins_from_the_caller_make_loaded_pointers_mixed() {
    // double g(double **c) { return **c; }: the pointer loaded from `c`'s memory is a real
    // shadow unless the caller says that memory may hold stand-ins (runtime activity).
    let mut f = Function::with_entry("g", Signature::new(vec![Type::PTR], Type::F64));
    let e = f.entry_block().unwrap();
    let c = f.params()[0];
    let mut b = Builder::at_end(&mut f, e);
    let q = b.load(Type::PTR, c, MemFlags::aligned(8));
    let y = b.load(Type::F64, q, MemFlags::aligned(8));
    b.ret(Some(y));
    let oracle = ByName::new(&Module::default(), &HashSet::new());
    let with = |s: &StandIns| analyse_with(&f, &Module::default(), &[true], true, &oracle, s).unwrap();
    let plain = with(&StandIns::default());
    assert!(plain.has_shadow(q) && !plain.is_mixed(q) && !plain.is_mixed(c));
    let memory = with(&StandIns { mixed_args: vec![], memory: true });
    assert!(memory.is_mixed(q) && !memory.is_mixed(c));
    let mixed = with(&StandIns { mixed_args: vec![true], memory: true });
    assert!(mixed.is_mixed(c) && mixed.is_mixed(q));
}

#[test]
fn stored_params_name_what_callers_can_load() {
    use super::summary::{param_bit, stored_params, STORES_FOREIGN};
    let mut m = Module::default();
    // void bind(void **c, void *x, void *k) { c[0] = x; c[1] = k; }
    let mut bind = Function::with_entry("bind", Signature::new(vec![Type::PTR; 3], Type::Void));
    let e = bind.entry_block().unwrap();
    let (c, x, k) = (bind.params()[0], bind.params()[1], bind.params()[2]);
    let mut b = Builder::at_end(&mut bind, e);
    b.store(x, c, MemFlags::aligned(8));
    let eight = b.iconst(Type::I64, 8);
    let c1 = b.ptradd(c, eight);
    b.store(k, c1, MemFlags::aligned(8));
    b.ret(None);
    m.add_function(bind);
    // void local(void *k) { void *slot[1]; slot[0] = k; bind(slot, k, k); }: only its own memory.
    let mut local = Function::with_entry("local", Signature::new(vec![Type::PTR], Type::Void));
    let e = local.entry_block().unwrap();
    let k = local.params()[0];
    let mut b = Builder::at_end(&mut local, e);
    let one = b.iconst(Type::I32, 2);
    let slot = b.alloca(Type::PTR, one, 8);
    b.store(k, slot, MemFlags::aligned(8));
    b.call_named("bind", Signature::new(vec![Type::PTR; 3], Type::Void), vec![slot, k, k]);
    b.ret(None);
    m.add_function(local);
    // void table(void **c) { *c = @T; } with a constant global T: foreign.
    m.add_global(catalase_ir::function::Global { name: "T".into(), ty: Type::F64, constant: true, inactive: false });
    let mut table = Function::with_entry("table", Signature::new(vec![Type::PTR], Type::Void));
    let e = table.entry_block().unwrap();
    let c = table.params()[0];
    let mut b = Builder::at_end(&mut table, e);
    let t = b.func.dfg.make_const(Type::PTR, catalase_ir::Const::Global("T".into()));
    b.store(t, c, MemFlags::aligned(8));
    b.ret(None);
    m.add_function(table);
    let s = stored_params(&m, None);
    assert_eq!(s["bind"], param_bit(1) | param_bit(2));
    assert_eq!(s["local"], 0);
    assert_eq!(s["table"], STORES_FOREIGN);
}
