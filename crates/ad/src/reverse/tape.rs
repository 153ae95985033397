//! The tape of the reverse sweep: which primal values it reads are cached (pushed in the
//! forward sweep, popped in the reverse sweep) and which are recomputed (available anyway), and
//! the push/pop helper functions over a `{ptr data, i64 len, i64 cap}` stack that grows
//! geometrically with `realloc` and is freed at the end of the reverse sweep.
//!
//! Values are stored directly in 8-byte slots (a vector takes as many slots as it needs);
//! integers (edge numbers, select conditions, integer operands) use the same stack.

use std::collections::HashMap;

use catalase_ir::builder::Builder;
use catalase_ir::function::ValueDef;
use catalase_ir::inst::{BlockCall, Callee, MemFlags, Signature};
use catalase_ir::opcodes::{BinaryOp, IntCC};
use catalase_ir::{Function, Type, Value};

/// Why a value the reverse sweep reads need not be cached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recompute {
    /// A constant.
    Constant,
    /// An argument of the function: never reassigned.
    Argument,
    /// Defined in the entry block, which runs once and dominates the whole reverse sweep.
    EntryBlock,
    /// Made again by its instruction from values the reverse block has.
    Remade,
    /// Loaded again: nothing overwrites the memory after the load.
    Reloaded,
    /// Loaded again from a local array that the reverse sweep writes again where the iteration
    /// that wrote it ends (`restore`).
    Restored,
    /// Kept in a stack slot: defined outside every loop, so once per call.
    Frame,
    /// An induction variable, from the iteration count of its loop.
    Counted,
    /// A counted loop's iteration count, from its trip count expression.
    TripCount,
    /// A parameter of a block whose entering edge branches tell, kept for a loop: the argument
    /// on that edge, made once where the reverse sweep enters the loop.
    ToldEdge,
    /// The same in every run of some loops around it: kept in a stack table by the counts of
    /// the others.
    Table,
}

/// Something the reverse sweep reads: a primal value, or one lane's shadow of a pointer (made
/// in the forward sweep, where it is defined, like the pointer itself; lane 0 at width 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Item {
    Primal(Value),
    Shadow(Value, u32),
}

impl Item {
    /// The source value the item belongs to; a shadow is planned like its pointer.
    pub fn value(self) -> Value {
        match self {
            Item::Primal(v) | Item::Shadow(v, _) => v,
        }
    }

    /// Items ordered by their values, a value's primal before its shadows: the order in which
    /// code that keeps or loads a set of items emits them (the same in every run).
    pub fn order_key(self) -> (Value, Item) {
        (self.value(), self)
    }
}

/// What the tape does with one value the reverse sweep reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plan {
    /// Pushed where it is read in the forward sweep, popped where it is read in reverse.
    Cached,
    Recompute(Recompute),
}

/// The plan for one function.
pub struct TapePlan {
    plans: HashMap<Value, Plan>,
}

impl TapePlan {
    /// `split`: the parts of a call run as two functions, so only constants and arguments
    /// are available to the reverse part; values of the entry block are cached too.
    pub fn new(f: &Function, split: bool) -> TapePlan {
        let mut plans = HashMap::new();
        let entry = f.entry_block();
        for v in f.dfg.values.keys() {
            let data = &f.dfg.values[v];
            let plan = match &data.def {
                ValueDef::Const(_) => Plan::Recompute(Recompute::Constant),
                ValueDef::Param(b, _) if Some(*b) == entry => Plan::Recompute(Recompute::Argument),
                ValueDef::Result(i) if !split && f.layout.inst_block(*i).is_some() && f.layout.inst_block(*i) == entry => {
                    Plan::Recompute(Recompute::EntryBlock)
                }
                _ => Plan::Cached,
            };
            plans.insert(v, plan);
        }
        TapePlan { plans }
    }

    pub fn plan(&self, v: Value) -> Plan {
        self.plans.get(&v).copied().unwrap_or(Plan::Cached)
    }
}

/// The type of the tape's header.
pub fn header_type() -> Type {
    Type::strukt(vec![Type::PTR, Type::I64, Type::I64])
}

/// Bytes a value of `ty` takes on the tape.
pub fn slot_bytes(ty: &Type) -> u64 {
    ty.store_size().div_ceil(8).max(1) * 8
}

/// Where one value of a record lies: its own slots at a byte offset, or one bit of a word that
/// the record's `i1` values share (up to 64 to a word, the words after the slots): a branch or
/// `select` condition kept on the tape takes one bit, not 8 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordSlot {
    Bytes(u64),
    Bit { word: u64, bit: u32 },
}

/// The layout of a record of values of `types`, in order, and its size in bytes.
pub fn record_layout(types: &[Type]) -> (Vec<RecordSlot>, u64) {
    let bytes: u64 = types.iter().filter(|t| !is_bit(t)).map(slot_bytes).sum();
    let (mut off, mut bits) = (0u64, 0u64);
    let slots = types
        .iter()
        .map(|t| {
            if is_bit(t) {
                let at = RecordSlot::Bit { word: bytes + bits / 64 * 8, bit: (bits % 64) as u32 };
                bits += 1;
                at
            } else {
                let at = RecordSlot::Bytes(off);
                off += slot_bytes(t);
                at
            }
        })
        .collect();
    (slots, bytes + bits.div_ceil(64) * 8)
}

/// The bytes of a record of `types` put down to each value, for `--print=tape` and the sizes
/// made from it: a value's slots, and each shared word to the first `i1` in it (the others 0).
pub fn record_bytes(types: &[Type]) -> Vec<u64> {
    let (slots, _) = record_layout(types);
    types
        .iter()
        .zip(slots)
        .map(|(t, at)| match at {
            RecordSlot::Bytes(_) => slot_bytes(t),
            RecordSlot::Bit { bit: 0, .. } => 8,
            RecordSlot::Bit { .. } => 0,
        })
        .collect()
}

/// Whether a value of `ty` is kept as one bit of a shared word.
fn is_bit(ty: &Type) -> bool {
    *ty == Type::Int(1)
}

/// The name of the push (or pop) helper for `ty`.
pub fn helper_name(push: bool, ty: &Type) -> String {
    let t: String = ty.to_string().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    format!("__catalase_tape_{}_{t}", if push { "push" } else { "pop" })
}

pub fn push_signature(ty: &Type) -> Signature {
    Signature::new(vec![Type::PTR, ty.clone()], Type::Void)
}

pub fn pop_signature(ty: &Type) -> Signature {
    Signature::new(vec![Type::PTR], ty.clone())
}

/// `push(tape, v)`: reserve one slot (see [`reserve_function`], which must be in the module
/// too) and store `v` there.
pub fn push_function(ty: &Type) -> Function {
    let mut f = Function::with_entry(helper_name(true, ty), push_signature(ty));
    f.linkage = catalase_ir::function::Linkage::Internal;
    let entry = f.entry_block().expect("entry");
    let (tape, v) = (f.params()[0], f.params()[1]);
    let mut b = Builder::at_end(&mut f, entry);
    let n = b.iconst(Type::I64, slot_bytes(ty) as i128);
    let at = b.call_named(RESERVE, reserve_signature(), vec![tape, n]).expect("reserve returns");
    b.store(v, at, MemFlags::aligned(8));
    b.ret(None);
    f
}

/// `pop(tape)`: take the last slot back (see [`take_function`]) and load the value there.
pub fn pop_function(ty: &Type) -> Function {
    let mut f = Function::with_entry(helper_name(false, ty), pop_signature(ty));
    f.linkage = catalase_ir::function::Linkage::Internal;
    let entry = f.entry_block().expect("entry");
    let tape = f.params()[0];
    let mut b = Builder::at_end(&mut f, entry);
    let n = b.iconst(Type::I64, slot_bytes(ty) as i128);
    let at = b.call_named(TAKE, reserve_signature(), vec![tape, n]).expect("take returns");
    let v = b.load(ty.clone(), at, MemFlags::aligned(8));
    b.ret(Some(v));
    f
}

/// The name of `reserve(tape, n) -> ptr`: make room for `n` more bytes (growing the data
/// to `cap + cap/4 + n + GROWTH_STEP` bytes when full), bump `len`, and return where the `n`
/// bytes go.
///
/// The tape grows by a quarter, not twice over: at most a fifth of its bytes are slack. Growing
/// costs little: a finished gradient leaves its buffer to the next one ([`SPARE`]), so only
/// the first call of a thread grows it, and glibc's `realloc` of a large block moves pages
/// (`mremap`) rather than copying them.
pub const RESERVE: &str = "__catalase_tape_reserve";

/// Bytes added to every growth of the tape besides its quarter, so a small tape does not grow
/// a few bytes at a time.
const GROWTH_STEP: u64 = 4096;

/// The name of `take(tape, n) -> ptr`: drop `len` by `n` and return where those bytes are.
pub const TAKE: &str = "__catalase_tape_take";

pub fn reserve_signature() -> Signature {
    Signature::new(vec![Type::PTR, Type::I64], Type::PTR)
}

/// `reserve(tape, n)`: one capacity check for a whole block's record.
pub fn reserve_function() -> Function {
    let mut f = Function::with_entry(RESERVE, reserve_signature());
    f.linkage = catalase_ir::function::Linkage::Internal;
    let entry = f.entry_block().expect("entry");
    let (tape, n) = (f.params()[0], f.params()[1]);
    let mut b = Builder::at_end(&mut f, entry);
    let Header { data, lenp, capp, len, cap, need } = read_header(&mut b, tape, n);
    let full = b.icmp(IntCC::Ugt, need, cap);
    let grow = b.create_block();
    let store = b.create_block();
    let at = b.func.dfg.append_block_param(store, Type::PTR);
    b.condbr(full, BlockCall::new(grow, vec![]), BlockCall::new(store, vec![data]));
    b.switch_to(grow);
    let more = geometric_cap(&mut b, cap);
    let new_cap = b.binary(BinaryOp::Add, more, n);
    let realloc_sig = Signature::new(vec![Type::PTR, Type::I64], Type::PTR);
    let grown = b.call_named("realloc", realloc_sig, vec![data, new_cap]).expect("realloc returns");
    b.store(grown, tape, MemFlags::aligned(8));
    b.store(new_cap, capp, MemFlags::aligned(8));
    b.br(store, vec![grown]);
    b.switch_to(store);
    let addr = b.ptradd(at, len);
    b.store(need, lenp, MemFlags::aligned(8));
    b.ret(Some(addr));
    f
}

/// The name of `bump(tape, n) -> ptr`: [`RESERVE`] without the capacity check, for a record in a
/// loop whose entry made room for every record the loop pushes ([`ENSURE`], see `chunk`).
pub const BUMP: &str = "__catalase_tape_bump";

/// `bump(tape, n)`: bump `len`, return where the `n` bytes go.
pub fn bump_function() -> Function {
    let mut f = Function::with_entry(BUMP, reserve_signature());
    f.linkage = catalase_ir::function::Linkage::Internal;
    let entry = f.entry_block().expect("entry");
    let (tape, n) = (f.params()[0], f.params()[1]);
    let mut b = Builder::at_end(&mut f, entry);
    let Header { data, lenp, len, need, .. } = read_header(&mut b, tape, n);
    b.store(need, lenp, MemFlags::aligned(8));
    let addr = b.ptradd(data, len);
    b.ret(Some(addr));
    f
}

/// The name of `ensure(tape, runs, bytes, extra)`: make the capacity at least
/// `len + runs·bytes + extra` (growing to that, or by a quarter when that is more, so a loop
/// entered many times does not grow the tape on every entry). A total that does not fit in
/// `i64`, or a `realloc` that fails, traps: the records that follow are stored without a check.
/// `extra` (at most `i64::MAX`) is the room loops around the caller's loop counted on.
pub const ENSURE: &str = "__catalase_tape_ensure";

pub fn ensure_signature() -> Signature {
    Signature::new(vec![Type::PTR, Type::I64, Type::I64, Type::I64], Type::Void)
}

/// `ensure(tape, runs, bytes, extra)`, `bytes > 0`, `0 <= extra <= i64::MAX`.
pub fn ensure_function() -> Function {
    let mut f = Function::with_entry(ENSURE, ensure_signature());
    f.linkage = catalase_ir::function::Linkage::Internal;
    let entry = f.entry_block().expect("entry");
    let (tape, runs, bytes, extra) = (f.params()[0], f.params()[1], f.params()[2], f.params()[3]);
    let mut b = Builder::at_end(&mut f, entry);
    let [trap, size, grow, grown, done] = [(); 5].map(|_| b.create_block());
    let max = b.iconst(Type::I64, i64::MAX as i128);
    let room = b.binary(BinaryOp::Sub, max, extra);
    let limit = b.binary(BinaryOp::UDiv, room, bytes);
    let too_many = b.icmp(IntCC::Ugt, runs, limit);
    b.condbr(too_many, BlockCall::new(trap, vec![]), BlockCall::new(size, vec![]));
    b.switch_to(trap);
    b.call_named("llvm.trap", Signature::new(vec![], Type::Void), vec![]);
    b.unreachable();
    b.switch_to(size);
    let own = b.binary(BinaryOp::Mul, runs, bytes);
    let n = b.binary(BinaryOp::Add, own, extra);
    let Header { data, capp, cap, need, .. } = read_header(&mut b, tape, n);
    let full = b.icmp(IntCC::Ugt, need, cap);
    b.condbr(full, BlockCall::new(grow, vec![]), BlockCall::new(done, vec![]));
    b.switch_to(grow);
    let geometric = geometric_cap(&mut b, cap);
    let more = b.icmp(IntCC::Ugt, need, geometric);
    let new_cap = b.select(more, need, geometric);
    let realloc_sig = Signature::new(vec![Type::PTR, Type::I64], Type::PTR);
    let p = b.call_named("realloc", realloc_sig, vec![data, new_cap]).expect("realloc returns");
    let null = b.constant(Type::PTR, catalase_ir::Const::Null);
    let failed = b.icmp(IntCC::Eq, p, null);
    b.condbr(failed, BlockCall::new(trap, vec![]), BlockCall::new(grown, vec![]));
    b.switch_to(grown);
    b.store(p, tape, MemFlags::aligned(8));
    b.store(new_cap, capp, MemFlags::aligned(8));
    b.br(done, vec![]);
    b.switch_to(done);
    b.ret(None);
    f
}

/// The name of `presize(tape, planned, n)`: add `n` bytes to the plan (`*planned`, an `i64`
/// stack slot of a combined gradient, at least the tape's `len`) and make the capacity exactly
/// the plan when it has less, `len` unchanged. Used once where a combined gradient starts
/// (`presize`) and once per iteration of loops whose runs only they can tell (`hint`); a
/// `realloc` that fails leaves the tape as it is: the records make their own room as needed, so
/// the plan is only ever a hint. (Not for the parts of a call tree: a part nested in a loop
/// would `realloc` on every call.)
pub const PRESIZE: &str = "__catalase_tape_presize";

pub fn presize_signature() -> Signature {
    Signature::new(vec![Type::PTR, Type::PTR, Type::I64], Type::Void)
}

/// `presize(tape, planned, n)`: `*planned = max(*planned, len) + n`; one `realloc` to exactly
/// that for a tape smaller than it.
pub fn presize_function() -> Function {
    let mut f = Function::with_entry(PRESIZE, presize_signature());
    f.linkage = catalase_ir::function::Linkage::Internal;
    let entry = f.entry_block().expect("entry");
    let (tape, planned, n) = (f.params()[0], f.params()[1], f.params()[2]);
    let mut b = Builder::at_end(&mut f, entry);
    let Header { data, capp, cap, len, .. } = read_header(&mut b, tape, n);
    let before = b.load(Type::I64, planned, MemFlags::aligned(8));
    let behind = b.icmp(IntCC::Ult, before, len);
    let from = b.select(behind, len, before);
    let need = b.binary(BinaryOp::Add, from, n);
    b.store(need, planned, MemFlags::aligned(8));
    let grow_it = b.icmp(IntCC::Ult, cap, need);
    let grow = b.create_block();
    let got = b.create_block();
    let done = b.create_block();
    b.condbr(grow_it, BlockCall::new(grow, vec![]), BlockCall::new(done, vec![]));
    b.switch_to(grow);
    let realloc_sig = Signature::new(vec![Type::PTR, Type::I64], Type::PTR);
    let grown = b.call_named("realloc", realloc_sig, vec![data, need]).expect("realloc returns");
    let null = b.constant(Type::PTR, catalase_ir::Const::Null);
    let failed = b.icmp(IntCC::Eq, grown, null);
    b.condbr(failed, BlockCall::new(done, vec![]), BlockCall::new(got, vec![]));
    b.switch_to(got);
    b.store(grown, tape, MemFlags::aligned(8));
    b.store(need, capp, MemFlags::aligned(8));
    b.br(done, vec![]);
    b.switch_to(done);
    b.ret(None);
    f
}

/// `take(tape, n)`: the last `n` bytes reserved, released.
pub fn take_function() -> Function {
    let mut f = Function::with_entry(TAKE, reserve_signature());
    f.linkage = catalase_ir::function::Linkage::Internal;
    let entry = f.entry_block().expect("entry");
    let (tape, n) = (f.params()[0], f.params()[1]);
    let mut b = Builder::at_end(&mut f, entry);
    let (lenp, _) = header_fields(&mut b, tape);
    let data = b.load(Type::PTR, tape, MemFlags::aligned(8));
    let len = b.load(Type::I64, lenp, MemFlags::aligned(8));
    let new_len = b.binary(BinaryOp::Sub, len, n);
    b.store(new_len, lenp, MemFlags::aligned(8));
    let addr = b.ptradd(data, new_len);
    b.ret(Some(addr));
    f
}

/// The thread-local `{ptr data, i64 cap, i64 registered}` where a finished gradient leaves its
/// tape's buffer for the next one on the same thread: the buffer's pages stay mapped, instead of
/// being returned to the system and faulted in again on every call.
pub const SPARE: &str = "__catalase_tape_spare";

/// `void keep(ptr data, i64 cap)`, defined by the LLVM boundary next to [`SPARE`]: frees the
/// spare buffer there is, leaves `data` as the spare, and the first time on a thread registers
/// a thread-exit destructor (`__cxa_thread_atexit_impl`) that frees the spare, so that a thread
/// that computed gradients and ends leaks nothing.
pub const SPARE_KEEP: &str = "__catalase_tape_spare_keep";

/// Initialize a tape header at `tape`: empty, with the spare buffer when `reuse` (taken, so a
/// gradient running inside another gets none), else no data.
pub fn init(b: &mut Builder, tape: Value, reuse: bool) {
    let (lenp, capp) = header_fields(b, tape);
    let null = b.constant(Type::PTR, catalase_ir::Const::Null);
    let zero = b.iconst(Type::I64, 0);
    let (data, cap) = if reuse {
        let spare = b.constant(Type::PTR, catalase_ir::Const::Global(SPARE.into()));
        let eight = b.iconst(Type::I64, 8);
        let spare_cap = b.ptradd(spare, eight);
        let data = b.load(Type::PTR, spare, MemFlags::aligned(8));
        let cap = b.load(Type::I64, spare_cap, MemFlags::aligned(8));
        b.store(null, spare, MemFlags::aligned(8));
        b.store(zero, spare_cap, MemFlags::aligned(8));
        (data, cap)
    } else {
        (null, zero)
    };
    b.store(data, tape, MemFlags::aligned(8));
    b.store(zero, lenp, MemFlags::aligned(8));
    b.store(cap, capp, MemFlags::aligned(8));
}

/// Release a tape's data: freed, or (`reuse`) left as the spare buffer, freeing the spare a
/// nested gradient may have left meanwhile.
pub fn release(b: &mut Builder, tape: Value, reuse: bool) {
    let data = b.load(Type::PTR, tape, MemFlags::aligned(8));
    if !reuse {
        free(b, data);
        return;
    }
    let (_, capp) = header_fields(b, tape);
    let cap = b.load(Type::I64, capp, MemFlags::aligned(8));
    let sig = Signature::new(vec![Type::PTR, Type::I64], Type::Void);
    b.call(Callee::Direct(SPARE_KEEP.into()), sig, vec![data, cap], Default::default());
}

/// `free(p)`.
pub fn free(b: &mut Builder, p: Value) {
    b.call(Callee::Direct("free".into()), Signature::new(vec![Type::PTR], Type::Void), vec![p], Default::default());
}

/// The tape's header as `reserve` and `presize` read it, with `need = len + n`.
struct Header {
    data: Value,
    lenp: Value,
    capp: Value,
    len: Value,
    cap: Value,
    need: Value,
}

/// `cap + cap/4 + GROWTH_STEP`: the capacity a full tape grows to before what it must hold.
fn geometric_cap(b: &mut Builder, cap: Value) -> Value {
    let two = b.iconst(Type::I64, 2);
    let quarter = b.binary(BinaryOp::LShr, cap, two);
    let by_quarter = b.binary(BinaryOp::Add, cap, quarter);
    let step = b.iconst(Type::I64, GROWTH_STEP as i128);
    b.binary(BinaryOp::Add, by_quarter, step)
}

fn read_header(b: &mut Builder, tape: Value, n: Value) -> Header {
    let (lenp, capp) = header_fields(b, tape);
    let data = b.load(Type::PTR, tape, MemFlags::aligned(8));
    let len = b.load(Type::I64, lenp, MemFlags::aligned(8));
    let cap = b.load(Type::I64, capp, MemFlags::aligned(8));
    let need = b.binary(BinaryOp::Add, len, n);
    Header { data, lenp, capp, len, cap, need }
}

fn header_fields(b: &mut Builder, tape: Value) -> (Value, Value) {
    let eight = b.iconst(Type::I64, 8);
    let sixteen = b.iconst(Type::I64, 16);
    (b.ptradd(tape, eight), b.ptradd(tape, sixteen))
}

#[cfg(test)]
mod tests {
    use super::*;
    use catalase_ir::parser::parse_module;
    use catalase_ir::verify::verify_function;

    #[test]
    fn plan_recomputes_constants_arguments_and_entry_values_only() {
        let m = parse_module(
            "func @f(f64) -> f64 {\n    v9 = const f64 0x4000000000000000\nblock0(v0: f64):\n    v1: f64 = fmul v0, v9\n    br block1(v1)\nblock1(v2: f64):\n    v3: f64 = fmul v2, v2\n    ret v3\n}\n",
        )
        .expect("parses");
        let f = &m.functions()[m.find_function("f").unwrap()];
        let plan = TapePlan::new(f, false);
        let entry = f.entry_block().unwrap();
        let body = f.layout.blocks().nth(1).unwrap();
        let x = f.params()[0];
        let first = f.layout.first_inst(entry).unwrap();
        let scaled = f.dfg.result(first).unwrap();
        let two = f.dfg.inst(first).operands()[1];
        let param = f.dfg.block_params(body)[0];
        let square = f.dfg.result(f.layout.first_inst(body).unwrap()).unwrap();
        assert_eq!(plan.plan(two), Plan::Recompute(Recompute::Constant));
        assert_eq!(plan.plan(x), Plan::Recompute(Recompute::Argument));
        assert_eq!(plan.plan(scaled), Plan::Recompute(Recompute::EntryBlock));
        assert_eq!(plan.plan(param), Plan::Cached);
        assert_eq!(plan.plan(square), Plan::Cached);
    }

    #[test]
    fn helpers_verify() {
        for ty in [Type::F64, Type::F32, Type::I64, Type::Int(1), Type::vector(4, Type::F64)] {
            verify_function(&push_function(&ty)).expect("push verifies");
            verify_function(&pop_function(&ty)).expect("pop verifies");
        }
        verify_function(&reserve_function()).expect("reserve verifies");
        verify_function(&take_function()).expect("take verifies");
        verify_function(&presize_function()).expect("presize verifies");
        verify_function(&bump_function()).expect("bump verifies");
        verify_function(&ensure_function()).expect("ensure verifies");
        assert_eq!(slot_bytes(&Type::Int(1)), 8);
        assert_eq!(slot_bytes(&Type::vector(4, Type::F64)), 32);
    }

    #[test]
    fn conditions_share_words_after_the_slots() {
        let mut types = vec![Type::Int(1), Type::F64, Type::Int(1), Type::vector(2, Type::F64)];
        let (slots, size) = record_layout(&types);
        assert_eq!(size, 8 + 16 + 8);
        assert_eq!(slots[0], RecordSlot::Bit { word: 24, bit: 0 });
        assert_eq!(slots[1], RecordSlot::Bytes(0));
        assert_eq!(slots[2], RecordSlot::Bit { word: 24, bit: 1 });
        assert_eq!(slots[3], RecordSlot::Bytes(8));
        assert_eq!(record_bytes(&types), vec![8, 8, 0, 16]);
        types.extend(std::iter::repeat_n(Type::Int(1), 63));
        let (slots, size) = record_layout(&types);
        assert_eq!(size, 24 + 16, "65 conditions take two words");
        assert_eq!(slots[66], RecordSlot::Bit { word: 32, bit: 0 });
        assert_eq!(record_bytes(&types).iter().sum::<u64>(), size);
    }
}
