//! Raising: Catalase IR back into LLVM IR, one function at a time, with the LLVM C API builder.
//!
//! `raise_function` creates (or fills a body-less declaration of) a function in an LLVM module
//! and builds its body: block parameters become phi nodes (edges split where one terminator
//! passes different arguments to the same block), `ptradd` becomes `getelementptr i8`, calls
//! declare their callee when the module lacks it. Debug locations are not attached (generated
//! functions have no `DISubprogram`). Malformed input is an internal `Diagnostic`, never a
//! panic; on error the function is removed again (or its body dropped, for a declaration).
//!
//! Submodules: `types` (types and constants), `cfg` (block order, phis, edges, terminators),
//! `insts` (ordinary instructions), `calls` (calls, invokes, callees and attributes).

mod calls;
mod cfg;
mod insts;
mod ops;
mod types;

use std::collections::{HashMap, HashSet};
use std::ffi::CString;

use catalase_ir::diag::{DiagKind, Diagnostic};
use catalase_ir::function::{Function, Linkage, ValueDef};
use catalase_ir::printer::print_inst;
use catalase_ir::{Block, Inst, Value};
use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::LLVMLinkage;

/// Build `f` as an LLVM function in `module` and return it.
///
/// If `module` has a body-less declaration named `f.name` with a compatible type, that
/// declaration is filled in place (its `LLVMValueRef` stays valid); if it has a definition of
/// that name, or a global variable, it is an error. A declaration `f` gives a declaration.
///
/// # Safety
/// `module` must be a valid LLVM module that no other thread uses during the call. The
/// returned function belongs to `module` and lives as long as it. Direct callees and global
/// addresses are looked up in `module` by name.
pub unsafe fn raise_function(
    module: LLVMModuleRef,
    f: &Function,
) -> Result<LLVMValueRef, Diagnostic> {
    let ctx = LLVMGetModuleContext(module);
    let (func, reused) = create_function(ctx, module, f)?;
    if f.is_declaration() {
        return Ok(func);
    }
    let mut raiser = Raiser::new(ctx, module, f, func);
    let result = raiser.raise_body();
    drop(raiser);
    match result {
        Ok(()) => Ok(func),
        Err(d) => {
            if reused {
                drop_body(func);
            } else {
                LLVMDeleteFunction(func);
            }
            Err(d)
        }
    }
}

/// An internal-error diagnostic about function `name`.
fn internal(name: &str, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(DiagKind::Internal, message).in_function(name)
}

/// A C string of `s`, or an error when `s` holds a NUL byte.
fn c_string(fname: &str, s: &str) -> Result<CString, Diagnostic> {
    CString::new(s).map_err(|_| {
        internal(
            fname,
            format!("name `{}` contains a NUL byte", s.escape_debug()),
        )
    })
}

/// Create the LLVM function (or find the declaration to fill); `true` when it was reused.
unsafe fn create_function(
    ctx: LLVMContextRef,
    module: LLVMModuleRef,
    f: &Function,
) -> Result<(LLVMValueRef, bool), Diagnostic> {
    let fnty =
        types::fn_type(ctx, &f.sig).map_err(|m| internal(&f.name, format!("signature: {m}")))?;
    let cname = c_string(&f.name, &f.name)?;
    let existing = LLVMGetNamedFunction(module, cname.as_ptr());
    let (func, reused) = if !existing.is_null() {
        if LLVMCountBasicBlocks(existing) > 0 {
            return Err(internal(
                &f.name,
                format!("function `{}` is already defined in the module", f.name),
            ));
        }
        let declared = LLVMGlobalGetValueType(existing);
        if !types::same_shape(declared, fnty) {
            return Err(internal(
                &f.name,
                format!(
                    "declaration of `{}` has type {}, not {}",
                    f.name,
                    types::type_text(declared),
                    types::type_text(fnty)
                ),
            ));
        }
        (existing, true)
    } else {
        if !LLVMGetNamedGlobal(module, cname.as_ptr()).is_null() {
            return Err(internal(
                &f.name,
                format!("`{}` is a global variable in the module", f.name),
            ));
        }
        (LLVMAddFunction(module, cname.as_ptr(), fnty), false)
    };
    if f.linkage != Linkage::Other {
        LLVMSetLinkage(func, linkage(f.linkage));
    }
    calls::apply_function_attrs(ctx, func, &f.attrs);
    for i in 0..LLVMCountParams(func) {
        let name = f
            .params()
            .get(i as usize)
            .map_or_else(|| format!("a{i}"), |v| v.to_string());
        LLVMSetValueName2(LLVMGetParam(func, i), name.as_ptr().cast(), name.len());
    }
    Ok((func, reused))
}

fn linkage(l: Linkage) -> LLVMLinkage {
    match l {
        Linkage::External | Linkage::Other => LLVMLinkage::LLVMExternalLinkage,
        Linkage::Internal => LLVMLinkage::LLVMInternalLinkage,
        Linkage::Private => LLVMLinkage::LLVMPrivateLinkage,
        Linkage::WeakOdr => LLVMLinkage::LLVMWeakODRLinkage,
        Linkage::LinkOnceOdr => LLVMLinkage::LLVMLinkOnceODRLinkage,
    }
}

/// Remove a (possibly half-built) body, leaving a declaration: first cut every use between
/// instructions, then erase the instructions, then the blocks.
unsafe fn drop_body(func: LLVMValueRef) {
    let mut blocks = Vec::new();
    let mut bb = LLVMGetFirstBasicBlock(func);
    while !bb.is_null() {
        blocks.push(bb);
        bb = LLVMGetNextBasicBlock(bb);
    }
    let mut insts = Vec::new();
    for &bb in &blocks {
        let mut i = LLVMGetFirstInstruction(bb);
        while !i.is_null() {
            insts.push(i);
            i = LLVMGetNextInstruction(i);
        }
    }
    for &i in &insts {
        let ty = LLVMTypeOf(i);
        if LLVMGetTypeKind(ty) != llvm_sys::LLVMTypeKind::LLVMVoidTypeKind {
            LLVMReplaceAllUsesWith(i, LLVMGetPoison(ty));
        }
    }
    for &i in &insts {
        LLVMInstructionEraseFromParent(i);
    }
    for &bb in &blocks {
        LLVMDeleteBasicBlock(bb);
    }
    LLVMSetLinkage(func, LLVMLinkage::LLVMExternalLinkage);
    if LLVMHasPersonalityFn(func) != 0 {
        LLVMSetPersonalityFn(func, std::ptr::null_mut());
    }
}

/// An LLVM IR builder, disposed on drop.
struct BuilderGuard(LLVMBuilderRef);

impl Drop for BuilderGuard {
    fn drop(&mut self) {
        // SAFETY: created by LLVMCreateBuilderInContext and disposed once.
        unsafe { LLVMDisposeBuilder(self.0) }
    }
}

/// A phi incoming still to add: `pred` branches to `target` passing `args`.
struct Edge {
    target: Block,
    pred: LLVMBasicBlockRef,
    args: Vec<Value>,
    from: Inst,
    from_reachable: bool,
}

/// The state of raising one function body.
struct Raiser<'a> {
    ctx: LLVMContextRef,
    module: LLVMModuleRef,
    builder: BuilderGuard,
    f: &'a Function,
    func: LLVMValueRef,
    values: HashMap<Value, LLVMValueRef>,
    blocks: HashMap<Block, LLVMBasicBlockRef>,
    reachable: HashSet<Block>,
    edges: Vec<Edge>,
    /// The instruction being raised (for diagnostics).
    current: Option<Inst>,
    /// Whether the block being raised is reachable from the entry.
    in_reachable: bool,
}

impl<'a> Raiser<'a> {
    unsafe fn new(
        ctx: LLVMContextRef,
        module: LLVMModuleRef,
        f: &'a Function,
        func: LLVMValueRef,
    ) -> Self {
        Raiser {
            ctx,
            module,
            builder: BuilderGuard(LLVMCreateBuilderInContext(ctx)),
            f,
            func,
            values: HashMap::new(),
            blocks: HashMap::new(),
            reachable: HashSet::new(),
            edges: Vec::new(),
            current: None,
            in_reachable: true,
        }
    }

    fn b(&self) -> LLVMBuilderRef {
        self.builder.0
    }

    /// An internal error naming the function and the current instruction.
    fn err(&self, message: impl Into<String>) -> Diagnostic {
        let mut d = internal(&self.f.name, message);
        if let Some(i) = self.current {
            if self.f.dfg.insts.get(i).is_some() {
                d = d
                    .at_inst(print_inst(self.f, i))
                    .at_loc(self.f.dfg.insts[i].loc.clone());
            }
        }
        d
    }

    /// The LLVM type of a Catalase type.
    unsafe fn ty(&self, t: &catalase_ir::Type) -> Result<LLVMTypeRef, Diagnostic> {
        types::llvm_type(self.ctx, t).map_err(|m| self.err(m))
    }

    /// The Catalase type of `v` (checked to exist).
    fn value_type(&self, v: Value) -> Result<&'a catalase_ir::Type, Diagnostic> {
        match self.f.dfg.values.get(v) {
            Some(data) => Ok(&data.ty),
            None => Err(self.err(format!("use of undefined value {v}"))),
        }
    }

    /// The LLVM value of `v`: constants are made on first use; an instruction result not yet
    /// raised is an error, except in unreachable code, where it is poison.
    unsafe fn value(&mut self, v: Value) -> Result<LLVMValueRef, Diagnostic> {
        if let Some(&x) = self.values.get(&v) {
            return Ok(x);
        }
        let f = self.f;
        let data = f
            .dfg
            .values
            .get(v)
            .ok_or_else(|| self.err(format!("use of undefined value {v}")))?;
        match &data.def {
            ValueDef::Const(c) => {
                let x = types::const_value(self.ctx, self.module, &data.ty, c)
                    .map_err(|m| self.err(format!("constant {v}: {m}")))?;
                self.values.insert(v, x);
                Ok(x)
            }
            ValueDef::Param(b, _) => Err(self.err(format!(
                "use of {v}, a parameter of {b}, which is not in the layout"
            ))),
            ValueDef::Result(i) => {
                if self.in_reachable && f.layout.inst_block(*i).is_some() {
                    Err(self.err(format!(
                        "use of {v} where its definition does not dominate it"
                    )))
                } else if self.in_reachable {
                    Err(self.err(format!(
                        "use of {v}, defined by {i}, which is not in the layout"
                    )))
                } else {
                    Ok(LLVMGetPoison(self.ty(&data.ty)?))
                }
            }
        }
    }

    /// Give a raised result its Catalase name (`v12`). A result LLVM folded to a constant is
    /// left alone: `ptradd @g, 0` folds to `@g` itself, which the name would rename.
    unsafe fn name_value(&self, x: LLVMValueRef, v: Value) {
        if LLVMIsAInstruction(x).is_null() {
            return;
        }
        let name = v.to_string();
        LLVMSetValueName2(x, name.as_ptr().cast(), name.len());
    }
}
