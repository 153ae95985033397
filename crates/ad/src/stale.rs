//! A run-time check where a derivative loads a pointer's shadow from memory: a null shadow
//! beside a primal pointer that is not null means the memory the pointer reaches has no shadow
//! (a mutable global that the program filled before the marker call, a `static std::vector`
//! cache: the boundary resets global shadows before each call, so the shadow of the vector
//! holds no buffer while the vector holds one). The derivative would read tangents from, or
//! add adjoints into, addresses near null: a crash, or, once LLVM optimizes the generated
//! code, undefined behaviour that may silently drop the derivative. Instead the program stops
//! with the diagnostic Catalase made for that load (function, instruction, source line, help).

use catalase_ir::builder::Builder;
use catalase_ir::inst::{BlockCall, Signature};
use catalase_ir::opcodes::{BinaryOp, IntCC};
use catalase_ir::{Const, Function, Type, Value};

use crate::generator::Generator;

/// `check(primal, shadow, message)`: if `shadow` is null and `primal` is not, write `message`
/// (a NUL-terminated string) to stderr and abort.
pub const CHECK: &str = "__catalase_check_loaded_shadow";

pub fn check_signature() -> Signature {
    Signature::new(vec![Type::PTR, Type::PTR, Type::PTR], Type::Void)
}

pub fn check_function() -> Function {
    let mut f = Function::with_entry(CHECK, check_signature());
    f.linkage = catalase_ir::function::Linkage::Internal;
    let entry = f.entry_block().expect("entry");
    let (p, s, msg) = (f.params()[0], f.params()[1], f.params()[2]);
    let mut b = Builder::at_end(&mut f, entry);
    let [fail, done] = [(); 2].map(|_| b.create_block());
    let null = b.constant(Type::PTR, Const::Null);
    let no_shadow = b.icmp(IntCC::Eq, s, null);
    let has_primal = b.icmp(IntCC::Ne, p, null);
    let bad = b.binary(BinaryOp::And, no_shadow, has_primal);
    b.condbr(bad, BlockCall::new(fail, vec![]), BlockCall::new(done, vec![]));
    b.switch_to(fail);
    let len = b.call_named("strlen", Signature::new(vec![Type::PTR], Type::I64), vec![msg]).expect("strlen returns");
    let stderr = b.iconst(Type::I32, 2);
    b.call_named("write", Signature::new(vec![Type::I32, Type::PTR, Type::I64], Type::I64), vec![stderr, msg, len]);
    b.call_named("abort", Signature::new(vec![], Type::Void), vec![]);
    b.unreachable();
    b.switch_to(done);
    b.ret(None);
    f
}

/// Whether a loaded pointer whose pointee type analysis describes as `pointee` is checked:
/// where floats are met through it (a few pointers deep). Other memory holds no derivatives
/// (a `std::string`'s characters, a vtable), and a null shadow of it is never read through.
pub fn worth_checking(pointee: &catalase_analysis::types::Layer) -> bool {
    pointee.reaches_float(3)
}

/// The run-time message of `diagnostic` (a refusal made for the load being checked).
pub fn message(diagnostic: &catalase_ir::diag::Diagnostic) -> String {
    format!(
        "catalase: a derivative stopped at run time:\n{diagnostic}\n"
    )
}

/// Make the check's helper and `text`'s message global: the global's name, for [`call`].
pub fn prepare(gen: &mut Generator, text: String) -> String {
    gen.add_helper(check_function());
    gen.run_message(text)
}

/// Call the check on a loaded pointer `primal` and its loaded shadow `shadow`, with the
/// message global `msg` ([`prepare`]).
pub fn call(b: &mut Builder, primal: Value, shadow: Value, msg: &str) {
    let msg = b.constant(Type::PTR, Const::Global(msg.to_string()));
    b.call_named(CHECK, check_signature(), vec![primal, shadow, msg]);
}

/// The message of the run-time report.
pub const MESSAGE: &str = "the shadow of this loaded pointer is null: its memory was filled where no derivative saw it (a mutable global filled before the call: global shadows start at zero in each call)";

/// The help of the run-time report.
pub const HELP: &str = "if the memory's contents do not depend on the differentiated inputs (a cache of constants), mark the global inactive: `__attribute__((annotate(\"enzyme_inactive\")))` on it, or `void *__enzyme_inactive_global[] = {&g};`; else pass the data as an argument with enzyme_dup and a shadow, or give the global a shadow of its own with `enzyme_shadow`";
