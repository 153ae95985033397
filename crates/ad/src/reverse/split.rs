//! Split mode's entry functions (ABI §5): what `__enzyme_augmentfwd` and `__enzyme_reverse`
//! call. Each wraps one part of the function (`Mode::Augmented`, `Mode::ReverseSplit`, the
//! parts calls inside reverse mode use) around a tape header `{ptr data, i64 len, i64 cap}`
//! that outlives the augmented call:
//!
//! | home | augmented entry | reverse entry |
//! |---|---|---|
//! | `Heap` (default) | `malloc`s the header, returns it first | takes it last, frees data and header |
//! | `Caller` (`enzyme_allocated`) | initializes the header in the caller's bytes | takes them last, frees the data |
//! | `Empty` (nothing is pushed) | a stack header | a stack header |
//!
//! With `enzyme_nofree` the reverse entry frees nothing and restores the tape's length after
//! the reverse part popped it (pops do not overwrite data), so the tape can be reversed again.
//! The data of a tape whose size depends on run time stays on the heap: a caller's bytes hold
//! the fixed header only ([`HEADER_BYTES`], what `__enzyme_augmentsize` reports).
//!
//! `combined_entry` is the harness switch `split-autodiff`: an `__enzyme_autodiff` made of the
//! two parts with a stack header, so every reverse-mode program also tests split mode.

use std::collections::HashSet;

use catalase_ir::builder::Builder;
use catalase_ir::function::Linkage;
use catalase_ir::inst::{Callee, InstData, MemFlags, Signature};
use catalase_ir::{Function, Type, Value};

use super::tape;
use crate::generator::Generator;

/// Bytes of the tape's header in the caller's memory.
pub const HEADER_BYTES: u64 = 24;

/// Where the tape's header lives between the two calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TapeHome {
    /// Allocated by the augmented entry, returned first, freed by the reverse entry.
    Heap,
    /// In the caller's `enzyme_allocated` bytes, passed last to both entries.
    Caller,
    /// The augmented part pushes nothing: each entry uses a header on its own stack.
    Empty,
}

impl TapeHome {
    fn tag(self) -> &'static str {
        match self {
            TapeHome::Heap => "heap",
            TapeHome::Caller => "caller",
            TapeHome::Empty => "empty",
        }
    }
}

/// Whether the generated function `root` or a generated function it calls pushes onto the
/// tape (call after [`Generator::run`]).
pub fn pushes_tape(gen: &Generator<'_>, root: &str) -> bool {
    let mut seen = HashSet::new();
    let mut work = vec![root.to_string()];
    while let Some(name) = work.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(f) = gen.generated_function(&name) else { continue };
        for node in f.dfg.insts.values() {
            if let InstData::Call { callee: Callee::Direct(c), .. } = &node.data {
                // A counted loop's records take their room with `bump` after one `ensure`
                // (`chunk`): a part may push only that way.
                if [tape::RESERVE, tape::BUMP, tape::ENSURE].contains(&c.as_str()) || c.starts_with("__catalase_tape_push_") {
                    return true;
                }
                work.push(c.clone());
            }
        }
    }
    false
}

/// The augmented entry around the augmented part `part` (signature `part_sig`): takes the
/// part's parameters without the tape (and the caller's bytes last for `Caller`); returns the
/// header first for `Heap` (alone when the part returns nothing), else the part's result.
pub fn augmented_entry(gen: &mut Generator<'_>, part: &str, part_sig: &Signature, home: TapeHome) -> String {
    let name = format!("{part}_{}", home.tag());
    let mut params = part_sig.params[1..].to_vec();
    if home == TapeHome::Caller {
        params.push(Type::PTR);
    }
    let ret = match (home, &part_sig.ret) {
        (TapeHome::Heap, Type::Void) => Type::PTR,
        (TapeHome::Heap, Type::Struct { fields, .. }) => Type::strukt([vec![Type::PTR], fields.clone()].concat()),
        (TapeHome::Heap, t) => Type::strukt(vec![Type::PTR, t.clone()]),
        (_, t) => t.clone(),
    };
    let (mut f, args, entry) = entry_function(&name, Signature::new(params, ret.clone()));
    let mut b = Builder::at_end(&mut f, entry);
    let (tape, primal_args) = match home {
        TapeHome::Heap => {
            let bytes = b.iconst(Type::I64, HEADER_BYTES as i128);
            let sig = Signature::new(vec![Type::I64], Type::PTR);
            (b.call_named("malloc", sig, vec![bytes]).expect("malloc returns"), &args[..])
        }
        TapeHome::Caller => (*args.last().expect("the caller's bytes"), &args[..args.len() - 1]),
        TapeHome::Empty => (stack_header(&mut b), &args[..]),
    };
    tape::init(&mut b, tape, false);
    let call_args = [vec![tape], primal_args.to_vec()].concat();
    let r = b.call_named(part, part_sig.clone(), call_args);
    if home == TapeHome::Empty {
        tape::release(&mut b, tape, false);
    }
    let out = match (home, r) {
        (TapeHome::Heap, None) => Some(tape),
        (TapeHome::Heap, Some(r)) => {
            let fields = match &part_sig.ret {
                Type::Struct { fields, .. } => (0..fields.len() as u32).map(|i| b.extract_value(r, vec![i])).collect(),
                _ => vec![r],
            };
            Some(pack(&mut b, &ret, [vec![tape], fields].concat()))
        }
        (_, r) => r,
    };
    b.ret(out);
    gen.add_helper(f);
    name
}

/// The reverse entry around the reverse part `part`: takes the part's parameters without the
/// tape, then the header (`Heap`) or the caller's bytes (`Caller`) last; returns the part's
/// gradients. `nofree` keeps the tape for another reverse call.
pub fn reverse_entry(gen: &mut Generator<'_>, part: &str, part_sig: &Signature, home: TapeHome, nofree: bool) -> String {
    let name = format!("{part}_{}", home.tag());
    let mut params = part_sig.params[1..].to_vec();
    if home != TapeHome::Empty {
        params.push(Type::PTR);
    }
    let (mut f, args, entry) = entry_function(&name, Signature::new(params, part_sig.ret.clone()));
    let mut b = Builder::at_end(&mut f, entry);
    let (tape, primal_args) = match home {
        TapeHome::Empty => {
            let t = stack_header(&mut b);
            tape::init(&mut b, t, false);
            (t, &args[..])
        }
        _ => (*args.last().expect("the tape"), &args[..args.len() - 1]),
    };
    let eight = b.iconst(Type::I64, 8);
    let lenp = b.ptradd(tape, eight);
    let len = nofree.then(|| b.load(Type::I64, lenp, MemFlags::aligned(8)));
    let call_args = [vec![tape], primal_args.to_vec()].concat();
    let r = b.call_named(part, part_sig.clone(), call_args);
    match len {
        // Pops left the data in place: the old length makes the whole tape readable again.
        Some(len) => {
            b.store(len, lenp, MemFlags::aligned(8));
        }
        None => {
            tape::release(&mut b, tape, false);
            if home == TapeHome::Heap {
                tape::free(&mut b, tape);
            }
        }
    }
    b.ret(r);
    gen.add_helper(f);
    name
}

/// `__enzyme_autodiff` through split mode (the harness switch `split-autodiff`): a stack
/// header, the augmented part, the reverse part seeded with 1.0 (when `seed`), the tape
/// released; returns `{primal?, gradients...}` as the combined gradient `combined` would.
pub fn combined_entry(gen: &mut Generator<'_>, combined: &Signature, (aug, aug_sig): (&str, &Signature), (rev, rev_sig): (&str, &Signature), seed: Option<Type>) -> String {
    let name = format!("{aug}_combined");
    let (mut f, args, entry) = entry_function(&name, combined.clone());
    let mut b = Builder::at_end(&mut f, entry);
    let tape = stack_header(&mut b);
    tape::init(&mut b, tape, false);
    let primal = b.call_named(aug, aug_sig.clone(), [vec![tape], args.clone()].concat());
    let mut rev_args = [vec![tape], args].concat();
    if let Some(ty) = seed {
        let one = super::ones(&mut b, &ty);
        // A batched part takes one seed per lane, `[N x T]`.
        let seed = match rev_sig.params.last() {
            Some(lanes @ Type::Array(n, _)) => pack(&mut b, lanes, vec![one; *n as usize]),
            _ => one,
        };
        rev_args.push(seed);
    }
    let grads = b.call_named(rev, rev_sig.clone(), rev_args);
    tape::release(&mut b, tape, false);
    let mut fields: Vec<Value> = primal.into_iter().collect();
    if let (Some(g), Type::Struct { fields: gf, .. }) = (grads, &rev_sig.ret) {
        fields.extend((0..gf.len() as u32).map(|i| b.extract_value(g, vec![i])));
    }
    let out = (!combined.ret.is_void()).then(|| pack(&mut b, &combined.ret, fields));
    b.ret(out);
    gen.add_helper(f);
    name
}

/// An internal function with its parameters and entry block.
fn entry_function(name: &str, sig: Signature) -> (Function, Vec<Value>, catalase_ir::Block) {
    let mut f = Function::with_entry(name, sig);
    f.linkage = Linkage::Internal;
    let (args, entry) = (f.params().to_vec(), f.entry_block().expect("entry"));
    (f, args, entry)
}

fn stack_header(b: &mut Builder) -> Value {
    let one = b.iconst(Type::I32, 1);
    b.alloca(tape::header_type(), one, 8)
}

fn pack(b: &mut Builder, ty: &Type, fields: Vec<Value>) -> Value {
    let mut acc = b.undef(ty.clone());
    for (i, v) in fields.into_iter().enumerate() {
        acc = b.insert_value(acc, v, vec![i as u32]);
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::Environment;
    use crate::request::{ArgActivity, Mode, Request};
    use catalase_ir::parser::parse_module;
    use catalase_ir::verify::verify_function;

    #[test]
    fn entries_verify_and_tell_whether_the_tape_holds_anything() {
        let m = parse_module(
            "declare @sin(f64) -> f64\n\nfunc @sq(f64) -> f64 {\nblock0(v0: f64):\n    v1: f64 = call @sin(v0) : fn(f64) -> f64\n    v2: f64 = fmul v1, v1\n    ret v2\n}\n\nfunc @twice(f64) -> f64 {\n    v9 = const f64 0x4000000000000000\nblock0(v0: f64):\n    v1: f64 = fmul v0, v9\n    ret v1\n}\n",
        )
        .expect("parses");
        let env = Environment::default();
        let mut gen = Generator::new(&m, &env);
        let sig = |f: &str, r: &Request| super::super::derivative_signature(&m.function(m.find_function(f).unwrap()).sig, r);
        let mut parts = Vec::new();
        for f in ["sq", "twice"] {
            let aug = Request { function: f.into(), args: vec![ArgActivity::Out], width: 1, mode: Mode::Augmented { return_primal: true, return_shadow: false }, standins: false, strong_zero: false, fp80_clean: false };
            let rev = Request { mode: Mode::ReverseSplit { active_return: true, nofree: false, top: false, keep_returned: false, keep_stored: 0 }, ..aug.clone() };
            parts.push((gen.request(aug.clone()).unwrap(), sig(f, &aug), gen.request(rev.clone()).unwrap(), sig(f, &rev)));
        }
        gen.run().unwrap();
        assert!(pushes_tape(&gen, &parts[0].0), "sin(x)² reads sin(x) in reverse: cached");
        assert!(!pushes_tape(&gen, &parts[1].0), "2·x reads nothing");
        let mut names = Vec::new();
        for (aug, aug_sig, rev, rev_sig) in &parts {
            for home in [TapeHome::Heap, TapeHome::Caller, TapeHome::Empty] {
                names.push(augmented_entry(&mut gen, aug, aug_sig, home));
                names.push(reverse_entry(&mut gen, rev, rev_sig, home, home == TapeHome::Caller));
            }
        }
        let heap = gen.generated_function(&names[0]).unwrap();
        assert_eq!(heap.sig.ret, Type::strukt(vec![Type::PTR, Type::F64]), "the default tape comes first");
        assert_eq!(gen.generated_function(&names[1]).unwrap().sig.params, vec![Type::F64, Type::F64, Type::PTR]);
        for n in &names {
            verify_function(gen.generated_function(n).unwrap()).unwrap_or_else(|e| panic!("{n}: {e:?}"));
        }
    }

    /// A part whose only records are a counted loop's pushes them with `bump` after one
    /// `ensure` (`chunk`): it still pushes onto the tape (else a caller-owned tape would be
    /// sized 0 and the reverse part would read a tape that was never written).
    #[test]
    fn a_part_that_pushes_only_in_a_chunk_pushes_tape() {
        let m = parse_module(
            "declare @sin(f64) -> f64\n\nfunc @lp(f64) -> f64 {\n    v20 = const i64 0\n    v21 = const i64 1\n    v22 = const i64 1000\nblock0(v0: f64):\n    br block1(v0, v20)\nblock1(v1: f64, v2: i64):\n    v3: f64 = call @sin(v1) : fn(f64) -> f64\n    v4: f64 = fmul v3, v0\n    v5: i64 = add v2, v21\n    v6: i1 = icmp slt v5, v22\n    condbr v6, block1(v4, v5), block2()\nblock2():\n    ret v4\n}\n",
        )
        .expect("parses");
        let env = Environment::default();
        let mut gen = Generator::new(&m, &env);
        let aug = Request { function: "lp".into(), args: vec![ArgActivity::Out], width: 1, mode: Mode::Augmented { return_primal: true, return_shadow: false }, standins: false, strong_zero: false, fp80_clean: false };
        let name = gen.request(aug).unwrap();
        gen.run().unwrap();
        let calls: Vec<String> = gen
            .generated_function(&name)
            .unwrap()
            .dfg
            .insts
            .values()
            .filter_map(|n| match &n.data {
                InstData::Call { callee: Callee::Direct(c), .. } => Some(c.clone()),
                _ => None,
            })
            .collect();
        assert!(calls.iter().any(|c| c == tape::BUMP), "the loop's records bump: {calls:?}");
        assert!(!calls.iter().any(|c| c == tape::RESERVE || c.starts_with("__catalase_tape_push_")), "{calls:?}");
        assert!(pushes_tape(&gen, &name));
    }

    /// An augmented part asked for the shadow of a pointer result without the primal returns
    /// the shadow alone (`[N x ptr]` at width N), as its signature says.
    #[test]
    fn augmented_part_returns_the_shadow_alone() {
        let m = parse_module("func @next(ptr) -> ptr {\n    v3 = const i64 8\nblock0(v0: ptr):\n    v1: ptr = ptradd v0, v3\n    ret v1\n}\n").expect("parses");
        let env = Environment::default();
        for width in [1, 3] {
            let mut gen = Generator::new(&m, &env);
            let mode = Mode::Augmented { return_primal: false, return_shadow: true };
            let aug = Request { function: "next".into(), args: vec![ArgActivity::Dup], width, mode, standins: false, strong_zero: false, fp80_clean: false };
            let name = gen.request(aug).unwrap();
            gen.run().unwrap();
            let f = gen.generated_function(&name).unwrap();
            assert_eq!(f.sig.ret, crate::forward::lanes_type(&Type::PTR, width));
            verify_function(f).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        }
    }
}
