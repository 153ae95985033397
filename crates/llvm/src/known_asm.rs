//! Inline assembly whose meaning is known, written out as IR before lowering.
//!
//! Lowering refuses inline assembly: Catalase cannot see what an arbitrary template computes.
//! Two kinds are common in the programs people differentiate, and are rewritten here, in the
//! module copy that is lowered (the user's functions keep their assembly):
//!
//! - **Empty templates** (or only assembler comments: Eigen's `EIGEN_ASM_COMMENT` in its
//!   matrix-product kernels), the optimisation barriers of benchmark and numerical code
//!   (`asm volatile("" ::: "memory")`, `asm("" : "+x"(v))`, Google Benchmark's
//!   `DoNotOptimize`, Eigen's `EIGEN_OPTIMIZATION_BARRIER`). They run no instruction, so each
//!   output is the input tied to it: a direct output becomes that value, an indirect one
//!   (`=*m`) a store of it; a barrier without outputs is dropped. An output tied to no input
//!   is left alone (its value is whatever the register held) and lowering refuses it.
//! - **Packed SSE/AVX min, max and fused multiply-add**, which Eigen writes as assembly when
//!   built by clang (`minpd`/`maxpd` and their `v` and `ps` forms in `pmin`/`pmax`,
//!   `vfmadd231pd`/`ps` in `pmadd` with FMA enabled). Min and max become `fcmp` + `select`
//!   with the instruction's operand order (the second source on ties and NaN), the
//!   multiply-adds `llvm.fma`: the same bits the instruction gives.
//!
//! Anything else stays assembly, and lowering stops with its diagnostic.

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::LLVMRealPredicate;

use crate::markers::ll;

/// One entry of an inline-asm constraint string that names an operand (clobbers are skipped).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Operand {
    /// `=x`: a result of the call.
    Output,
    /// `=*m`: stored through a pointer argument.
    IndirectOutput,
    /// An input taken from an argument; `Some(k)` when it starts as output `k`'s value.
    Input { tied: Option<usize> },
}

impl Operand {
    fn consumes_argument(&self) -> bool {
        !matches!(self, Operand::Output)
    }
}

/// The operands of a constraint string, in template order (`$0`, `$1`, ...).
fn parse_constraints(constraints: &str) -> Option<Vec<Operand>> {
    let mut ops = Vec::new();
    for entry in constraints.split(',') {
        let entry = entry.trim();
        if entry.starts_with("~{") {
            continue;
        }
        if let Some(rest) = entry.strip_prefix('=') {
            let rest = rest.trim_start_matches('&');
            ops.push(if rest.starts_with('*') { Operand::IndirectOutput } else { Operand::Output });
        } else if entry.is_empty() {
            return None;
        } else {
            let tied = entry.parse::<usize>().ok();
            ops.push(Operand::Input { tied });
        }
    }
    Some(ops)
}

/// What a template computes, when Catalase knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Known {
    /// No instruction: each output is its tied input.
    Empty,
    /// Packed min or max (`ogt`: max); `legacy` for the two-operand SSE form, whose
    /// destination is also its first source.
    MinMax { max: bool, legacy: bool },
    /// `vfmadd{132,213,231}p{d,s}`: which of the Intel operands are multiplied and added.
    Fma { order: [usize; 3] },
}

/// The instruction and its operands, as `$N` numbers in Intel order (destination first).
fn parse_template(template: &str) -> Option<(Known, Vec<usize>)> {
    let t = template.trim();
    // Nothing but assembler comments (`#` on x86: Eigen's EIGEN_ASM_COMMENT marks its matrix
    // product kernels so) runs no instruction either.
    if t.split(['\n', ';']).all(|line| line.trim().is_empty() || line.trim().starts_with('#')) {
        return Some((Known::Empty, Vec::new()));
    }
    let (mnemonic, rest) = t.split_once(char::is_whitespace)?;
    let mut operands = Vec::new();
    for tok in rest.split(',') {
        let tok = tok.trim();
        let digits = tok.strip_prefix("${").and_then(|s| s.strip_suffix('}')).or_else(|| tok.strip_prefix('$'))?;
        operands.push(digits.parse::<usize>().ok()?);
    }
    // AT&T order lists the sources first; Intel's destination-first order matches the manuals.
    operands.reverse();
    let known = match (mnemonic, operands.len()) {
        ("minpd" | "minps", 2) => Known::MinMax { max: false, legacy: true },
        ("maxpd" | "maxps", 2) => Known::MinMax { max: true, legacy: true },
        ("vminpd" | "vminps", 3) => Known::MinMax { max: false, legacy: false },
        ("vmaxpd" | "vmaxps", 3) => Known::MinMax { max: true, legacy: false },
        // dest = a * b + c over the Intel operands [dest, src2, src3] (indices into them).
        ("vfmadd132pd" | "vfmadd132ps", 3) => Known::Fma { order: [0, 2, 1] },
        ("vfmadd213pd" | "vfmadd213ps", 3) => Known::Fma { order: [1, 0, 2] },
        ("vfmadd231pd" | "vfmadd231ps", 3) => Known::Fma { order: [1, 2, 0] },
        _ => return None,
    };
    Some((known, operands))
}

/// The inline-asm calls of `module`'s defined functions.
unsafe fn asm_calls(module: LLVMModuleRef) -> Vec<LLVMValueRef> {
    let mut calls = Vec::new();
    for f in ll::functions(module) {
        for inst in ll::function_instructions(f) {
            if !LLVMIsACallInst(inst).is_null() && !LLVMIsAInlineAsm(LLVMGetCalledValue(inst)).is_null() {
                calls.push(inst);
            }
        }
    }
    calls
}

unsafe fn asm_strings(asm: LLVMValueRef) -> (String, String) {
    let mut len = 0usize;
    let t = LLVMGetInlineAsmAsmString(asm, &mut len);
    let template = String::from_utf8_lossy(std::slice::from_raw_parts(t as *const u8, len)).into_owned();
    let c = LLVMGetInlineAsmConstraintString(asm, &mut len);
    let constraints = String::from_utf8_lossy(std::slice::from_raw_parts(c as *const u8, len)).into_owned();
    (template, constraints)
}

/// The prefix of the functions [`outline_integer_asm`] makes.
pub const OUTLINED_PREFIX: &str = "__catalase_asm.";

/// Whether `ty` is an integer, or a struct of integers (several outputs).
unsafe fn integer_only(ty: LLVMTypeRef) -> bool {
    match ll::kind(ty) {
        llvm_sys::LLVMTypeKind::LLVMIntegerTypeKind | llvm_sys::LLVMTypeKind::LLVMVoidTypeKind => true,
        llvm_sys::LLVMTypeKind::LLVMStructTypeKind => ll::struct_fields(ty).iter().all(|t| ll::is_integer(*t)),
        _ => false,
    }
}

/// Move each remaining inline-asm call whose operands and results are all integers (`cpuid`,
/// `rdtsc`, `pause`, fences: Eigen asks the CPU its cache sizes inside every matrix product) in
/// the defined functions of the user's `module` into a small internal function of its own,
/// `alwaysinline` and marked `enzyme_inactive`, and call that instead: the same instruction
/// where it was (the optimizer inlines it back). With no pointer or float operand, such an
/// instruction cannot reach a derivative, so the derivatives may call it as an inactive
/// function. Returns the functions made.
///
/// # Safety
/// `module` must be a valid module owned by the caller.
pub unsafe fn outline_integer_asm(module: LLVMModuleRef) -> Vec<String> {
    let mut made = Vec::new();
    let sites: Vec<LLVMValueRef> = asm_calls(module)
        .into_iter()
        .filter(|&call| !ll::name(ll::parent_function(call)).starts_with(OUTLINED_PREFIX))
        .filter(|&call| {
            let (template, constraints) = asm_strings(LLVMGetCalledValue(call));
            let known = parse_template(&template).is_some() && parse_constraints(&constraints).is_some();
            !known && integer_only(LLVMTypeOf(call)) && ll::call_args(call).iter().all(|a| ll::is_integer(LLVMTypeOf(*a)))
        })
        .collect();
    if sites.is_empty() {
        return made;
    }
    let ctx = LLVMGetModuleContext(module);
    let builder = LLVMCreateBuilderInContext(ctx);
    let existing = ll::functions(module).iter().filter(|f| ll::name(**f).starts_with(OUTLINED_PREFIX)).count();
    for (k, call) in sites.into_iter().enumerate() {
        let fn_ty = LLVMGetCalledFunctionType(call);
        let name = format!("{OUTLINED_PREFIX}{}", existing + k);
        let cname = std::ffi::CString::new(name.clone()).expect("no NUL");
        let f = LLVMAddFunction(module, cname.as_ptr(), fn_ty);
        LLVMSetLinkage(f, llvm_sys::LLVMLinkage::LLVMInternalLinkage);
        for attr in ["alwaysinline", "nounwind"] {
            let kind = LLVMGetEnumAttributeKindForName(attr.as_ptr().cast(), attr.len());
            LLVMAddAttributeAtIndex(f, llvm_sys::LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(ctx, kind, 0));
        }
        let key = "enzyme_inactive";
        let a = LLVMCreateStringAttribute(ctx, key.as_ptr().cast(), key.len() as u32, c"".as_ptr(), 0);
        LLVMAddAttributeAtIndex(f, llvm_sys::LLVMAttributeFunctionIndex, a);
        let entry = LLVMAppendBasicBlockInContext(ctx, f, c"entry".as_ptr());
        LLVMPositionBuilderAtEnd(builder, entry);
        let mut params: Vec<LLVMValueRef> = (0..LLVMCountParams(f)).map(|i| LLVMGetParam(f, i)).collect();
        let inner = LLVMBuildCall2(builder, fn_ty, LLVMGetCalledValue(call), params.as_mut_ptr(), params.len() as u32, c"".as_ptr());
        if ll::is_void(LLVMGetReturnType(fn_ty)) {
            LLVMBuildRetVoid(builder);
        } else {
            LLVMBuildRet(builder, inner);
        }
        // The call in the user's function now calls the wrapper.
        LLVMPositionBuilderBefore(builder, call);
        let mut args = ll::call_args(call);
        let outer = LLVMBuildCall2(builder, fn_ty, f, args.as_mut_ptr(), args.len() as u32, c"".as_ptr());
        LLVMReplaceAllUsesWith(call, outer);
        LLVMInstructionEraseFromParent(call);
        made.push(name);
    }
    LLVMDisposeBuilder(builder);
    made
}

/// Rewrite every inline-asm call of a known kind in the defined functions of `module`.
///
/// # Safety
/// `module` must be a valid module owned by the caller.
pub unsafe fn rewrite(module: LLVMModuleRef) {
    let calls = asm_calls(module);
    if calls.is_empty() {
        return;
    }
    let ctx = LLVMGetModuleContext(module);
    let builder = LLVMCreateBuilderInContext(ctx);
    for call in calls {
        let (template, constraints) = asm_strings(LLVMGetCalledValue(call));
        let (Some((known, intel)), Some(ops)) = (parse_template(&template), parse_constraints(&constraints)) else {
            continue;
        };
        // The call's arguments, one for each operand that takes one, in order.
        let args = ll::call_args(call);
        let mut arg_of = Vec::with_capacity(ops.len());
        let mut next = 0;
        for op in &ops {
            arg_of.push(if op.consumes_argument() {
                next += 1;
                args.get(next - 1).copied()
            } else {
                None
            });
        }
        if next != args.len() {
            continue;
        }
        // Output `k`'s starting value: the input tied to it.
        let tied_input = |k: usize| {
            ops.iter().zip(&arg_of).find_map(|(op, a)| match op {
                Operand::Input { tied: Some(t) } if *t == k => *a,
                _ => None,
            })
        };
        LLVMPositionBuilderBefore(builder, call);
        let done = match known {
            Known::Empty => empty(builder, call, &ops, &arg_of, tied_input),
            _ => instruction(builder, module, call, known, &intel, &ops, &arg_of, tied_input),
        };
        if done {
            LLVMInstructionEraseFromParent(call);
        }
    }
    LLVMDisposeBuilder(builder);
}

/// An empty template: outputs take their tied inputs. Whether the call was replaced.
unsafe fn empty(
    builder: LLVMBuilderRef,
    call: LLVMValueRef,
    ops: &[Operand],
    arg_of: &[Option<LLVMValueRef>],
    tied_input: impl Fn(usize) -> Option<LLVMValueRef>,
) -> bool {
    let mut results = Vec::new();
    let mut stores = Vec::new();
    for (k, op) in ops.iter().enumerate() {
        match op {
            Operand::Output => match tied_input(k) {
                Some(v) => results.push(v),
                None => return false,
            },
            Operand::IndirectOutput => match (tied_input(k), arg_of[k]) {
                (Some(v), Some(p)) => stores.push((v, p)),
                _ => return false,
            },
            Operand::Input { .. } => {}
        }
    }
    let ret = LLVMTypeOf(call);
    let value = match results.len() {
        0 => None,
        1 if LLVMTypeOf(results[0]) == ret => Some(results[0]),
        n if ll::kind(ret) == llvm_sys::LLVMTypeKind::LLVMStructTypeKind
            && LLVMCountStructElementTypes(ret) as usize == n =>
        {
            let mut agg = LLVMGetUndef(ret);
            for (i, v) in results.iter().enumerate() {
                if LLVMTypeOf(*v) != LLVMStructGetTypeAtIndex(ret, i as u32) {
                    return false;
                }
                agg = LLVMBuildInsertValue(builder, agg, *v, i as u32, c"".as_ptr());
            }
            Some(agg)
        }
        _ => return false,
    };
    for (v, p) in stores {
        LLVMBuildStore(builder, v, p);
    }
    if let Some(v) = value {
        LLVMReplaceAllUsesWith(call, v);
    }
    true
}

/// A known instruction with one direct output of a floating-point vector type.
#[allow(clippy::too_many_arguments)]
unsafe fn instruction(
    builder: LLVMBuilderRef,
    module: LLVMModuleRef,
    call: LLVMValueRef,
    known: Known,
    intel: &[usize],
    ops: &[Operand],
    arg_of: &[Option<LLVMValueRef>],
    tied_input: impl Fn(usize) -> Option<LLVMValueRef>,
) -> bool {
    let ty = LLVMTypeOf(call);
    let float_vector = ll::kind(ty) == llvm_sys::LLVMTypeKind::LLVMVectorTypeKind
        && ll::is_float_kind(ll::kind(LLVMGetElementType(ty)));
    let outputs: Vec<usize> = (0..ops.len()).filter(|&k| !matches!(ops[k], Operand::Input { .. })).collect();
    if !float_vector || outputs.len() != 1 || ops[outputs[0]] != Operand::Output || intel[0] != outputs[0] {
        return false;
    }
    // The value an Intel operand holds before the instruction runs.
    let value = |k: usize| -> Option<LLVMValueRef> {
        let v = match ops.get(k)? {
            Operand::Output => tied_input(k)?,
            Operand::Input { .. } => arg_of[k]?,
            Operand::IndirectOutput => return None,
        };
        (LLVMTypeOf(v) == ty).then_some(v)
    };
    let result = match known {
        Known::MinMax { max, legacy } => {
            // Intel: dest = src1 < src2 ? src1 : src2 (the second source on ties and NaN);
            // the legacy form's first source is its destination.
            let (a, b) = if legacy { (value(intel[0]), value(intel[1])) } else { (value(intel[1]), value(intel[2])) };
            let (Some(a), Some(b)) = (a, b) else { return false };
            let pred = if max { LLVMRealPredicate::LLVMRealOGT } else { LLVMRealPredicate::LLVMRealOLT };
            let pick_a = LLVMBuildFCmp(builder, pred, a, b, c"".as_ptr());
            LLVMBuildSelect(builder, pick_a, a, b, c"".as_ptr())
        }
        Known::Fma { order } => {
            let (Some(x), Some(y), Some(z)) = (value(intel[order[0]]), value(intel[order[1]]), value(intel[order[2]]))
            else {
                return false;
            };
            let id = LLVMLookupIntrinsicID(c"llvm.fma".as_ptr(), "llvm.fma".len());
            let mut tys = [ty];
            let decl = LLVMGetIntrinsicDeclaration(module, id, tys.as_mut_ptr(), 1);
            let fn_ty = LLVMIntrinsicGetType(LLVMGetModuleContext(module), id, tys.as_mut_ptr(), 1);
            let mut args = [x, y, z];
            LLVMBuildCall2(builder, fn_ty, decl, args.as_mut_ptr(), 3, c"".as_ptr())
        }
        Known::Empty => return false,
    };
    LLVMReplaceAllUsesWith(call, result);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraints_number_outputs_then_inputs_and_skip_clobbers() {
        let ops = parse_constraints("=x,x,x,0,~{dirflag},~{fpsr},~{flags}").unwrap();
        assert_eq!(
            ops,
            vec![Operand::Output, Operand::Input { tied: None }, Operand::Input { tied: None }, Operand::Input { tied: Some(0) }]
        );
        let ops = parse_constraints("=*imr|x,0,~{dirflag}").unwrap();
        assert_eq!(ops, vec![Operand::IndirectOutput, Operand::Input { tied: Some(0) }]);
        assert_eq!(parse_constraints("~{memory},~{dirflag}").unwrap(), vec![]);
    }

    #[test]
    fn templates_give_intel_operand_order() {
        assert_eq!(parse_template("  "), Some((Known::Empty, vec![])));
        assert_eq!(parse_template("#begin gebp micro kernel 1pX4"), Some((Known::Empty, vec![])));
        assert_eq!(parse_template("# a\n  # b"), Some((Known::Empty, vec![])));
        assert_eq!(parse_template("#x\nrdtsc"), None);
        assert_eq!(parse_template("maxpd $1, $0"), Some((Known::MinMax { max: true, legacy: true }, vec![0, 1])));
        assert_eq!(parse_template("vminpd $1, $2, $0"), Some((Known::MinMax { max: false, legacy: false }, vec![0, 2, 1])));
        assert_eq!(parse_template("vfmadd231pd $1, $2, $0"), Some((Known::Fma { order: [1, 2, 0] }, vec![0, 2, 1])));
        assert_eq!(parse_template("vfmadd231pd ${1}, ${2}, ${0}").map(|t| t.1), Some(vec![0, 2, 1]));
        assert_eq!(parse_template("rdtsc"), None);
        assert_eq!(parse_template("addpd $1, $0"), None);
        assert_eq!(parse_template("minpd %xmm1, $0"), None);
    }
}
