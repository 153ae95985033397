//! Small functions built with the IR builder, shared by the unit tests of every analysis.

use catalase_ir::inst::BlockCall;
use catalase_ir::opcodes::{BinaryOp, IntCC};
use catalase_ir::{Block, Builder, Function, Signature, Type};

/// `void f()` with an empty entry block.
pub fn empty_fn() -> Function {
    Function::with_entry("f", Signature::default())
}

/// `entry -> (a | b) -> join -> ret`; blocks in that order.
pub fn diamond() -> (Function, Vec<Block>) {
    let mut f = Function::with_entry("diamond", Signature::new(vec![Type::I1], Type::Void));
    let e = f.entry_block().unwrap();
    let c = f.params()[0];
    let mut b = Builder::at_end(&mut f, e);
    let (l, r, j) = (b.create_block(), b.create_block(), b.create_block());
    b.condbr(c, BlockCall::new(l, vec![]), BlockCall::new(r, vec![]));
    b.switch_to(l);
    b.br(j, vec![]);
    b.switch_to(r);
    b.br(j, vec![]);
    b.switch_to(j);
    b.ret(None);
    (f, vec![e, l, r, j])
}

/// `for (i = 0; i < n; i += 1) {}` in the -O0 shape: entry -> header(i) -> body -> header;
/// header -> exit. Blocks: entry, header, body, exit.
pub fn counted_loop() -> (Function, Vec<Block>) {
    let mut f = Function::with_entry("count", Signature::new(vec![Type::I32], Type::Void));
    let e = f.entry_block().unwrap();
    let n = f.params()[0];
    let mut b = Builder::at_end(&mut f, e);
    let (h, body, exit) = (b.create_block(), b.create_block(), b.create_block());
    let i = b.func.dfg.append_block_param(h, Type::I32);
    let zero = b.iconst(Type::I32, 0);
    b.br(h, vec![zero]);
    b.switch_to(h);
    let c = b.icmp(IntCC::Slt, i, n);
    b.condbr(c, BlockCall::new(body, vec![]), BlockCall::new(exit, vec![]));
    b.switch_to(body);
    let one = b.iconst(Type::I32, 1);
    let next = b.binary(BinaryOp::Add, i, one);
    b.br(h, vec![next]);
    b.switch_to(exit);
    b.ret(None);
    (f, vec![e, h, body, exit])
}
