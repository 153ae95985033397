//! Constants and constant expressions.
//!
//! Plain constants (integers of any width up to 128 bits, floats, null, undef, poison,
//! zeroinitializer, global and function addresses, aggregates and vectors, ConstantData
//! sequences, splats) become constant values. Constant expressions (`getelementptr`, casts,
//! `add`/`sub`/`xor`, ...) are materialized as instructions at the current position; an
//! aggregate holding one is built with `insertvalue`/`insertelement` from `poison`.
//! `x86_fp80` constants keep their 80 bits (`Const::Float`); `fp128`/`ppc_fp128` values are
//! carried (loads, stores, calls) but their constants cannot be represented: +0.0 becomes
//! `zeroinitializer`, others are Unsupported (never silently replaced). `blockaddress`, `dso_local_equivalent`,
//! `no_cfi`, `ptrauth`, `none` tokens and target `none` constants are Unsupported.

use catalase_ir::entities::Value;
use catalase_ir::inst::InstData;
use catalase_ir::opcodes::{BinaryOp, CastOp, Flags};
use catalase_ir::types::Type;
use catalase_ir::Const;
use llvm_sys::core::*;
use llvm_sys::prelude::{LLVMTypeRef, LLVMValueRef};
use llvm_sys::{LLVMOpcode, LLVMTypeKind};

use super::function::FuncCx;
use super::types::lower_type;
use super::{LResult, print_value, unsupported, value_name, HELP_REPORT};

impl FuncCx<'_> {
    /// The value of an LLVM constant operand.
    pub(crate) unsafe fn constant(&mut self, c: LLVMValueRef) -> LResult<Value> {
        if let Some(&v) = self.consts.get(&c) {
            return Ok(v);
        }
        if let Some(k) = self.plain_const(c)? {
            let v = self.func.dfg.make_const(lower_type(LLVMTypeOf(c)), k);
            self.consts.insert(c, v);
            return Ok(v);
        }
        if !LLVMIsAConstantExpr(c).is_null() {
            return self.const_expr(c);
        }
        self.materialize_aggregate(c)
    }

    /// A constant with no constant expression inside; `None` when one is inside.
    unsafe fn plain_const(&mut self, c: LLVMValueRef) -> LResult<Option<Const>> {
        let ty = LLVMTypeOf(c);
        if !LLVMIsAConstantInt(c).is_null() {
            return Ok(Some(splat(ty, int_bits(c)?)));
        }
        if !LLVMIsAConstantFP(c).is_null() {
            return Ok(Some(splat(ty, float_bits(c)?)));
        }
        if !LLVMIsAConstantPointerNull(c).is_null() {
            return Ok(Some(Const::Null));
        }
        if LLVMIsPoison(c) != 0 || LLVMIsUndef(c) != 0 {
            // A float lane the vectorizer leaves poison (`fmul <4 x double> %x, <c, c, c,
            // poison>` over three doubles) is refined to 1.0: reverse mode multiplies the
            // lane's zero adjoint by it, and zero times poison is poison, which reached the
            // adjoint of `%x`'s lane and the memory it was loaded from (NaN gradients).
            if let Some(one) = float_one(scalar_type(ty)) {
                return Ok(Some(splat(ty, one)));
            }
            return Ok(Some(if LLVMIsPoison(c) != 0 { Const::Poison } else { Const::Undef }));
        }
        if !LLVMIsAConstantAggregateZero(c).is_null() {
            return Ok(Some(Const::Zero));
        }
        if !LLVMIsAGlobalVariable(c).is_null() {
            self.m.note_global(c);
            return Ok(Some(Const::Global(value_name(c))));
        }
        if !LLVMIsAFunction(c).is_null() {
            self.m.note_address_taken(c);
            return Ok(Some(Const::Global(value_name(c))));
        }
        if !LLVMIsAGlobalAlias(c).is_null() {
            return Ok(Some(Const::Global(value_name(c))));
        }
        if !LLVMIsAConstantExpr(c).is_null() {
            return Ok(None);
        }
        if is_aggregate_const(c) {
            let mut items = Vec::new();
            for i in 0..member_count(ty) {
                let e = LLVMGetAggregateElement(c, i);
                match self.plain_const(e)? {
                    Some(k) => items.push(k),
                    None => return Ok(None),
                }
            }
            return Ok(Some(Const::Aggregate(items)));
        }
        Err(unsupported(format!("the constant `{}` is not supported", print_value(c)), HELP_REPORT))
    }

    /// Build an aggregate constant that holds a constant expression, member by member.
    unsafe fn materialize_aggregate(&mut self, c: LLVMValueRef) -> LResult<Value> {
        let lty = LLVMTypeOf(c);
        let ty = lower_type(lty);
        let mut acc = self.func.dfg.make_const(ty.clone(), Const::Poison);
        for i in 0..member_count(lty) {
            let e = self.operand(LLVMGetAggregateElement(c, i))?;
            let data = if ty.is_vector() {
                let idx = self.func.dfg.make_const(Type::I64, Const::Int(i as u128));
                InstData::InsertElement { args: [acc, e, idx] }
            } else {
                InstData::InsertValue { args: [acc, e], indices: vec![i] }
            };
            acc = self.build_value(data, ty.clone(), Flags::NONE);
        }
        Ok(acc)
    }

    /// Materialize a constant expression as instructions.
    unsafe fn const_expr(&mut self, c: LLVMValueRef) -> LResult<Value> {
        use LLVMOpcode::*;
        let op = LLVMGetConstOpcode(c);
        let ty = lower_type(LLVMTypeOf(c));
        if op == LLVMGetElementPtr {
            return self.gep(c);
        }
        if let Some(cast) = cast_op(op) {
            let arg = self.operand(LLVMGetOperand(c, 0))?;
            return Ok(self.build_value(InstData::Cast { op: cast, arg }, ty, Flags::NONE));
        }
        if let Some(bin) = binary_op(op) {
            let a = self.operand(LLVMGetOperand(c, 0))?;
            let b = self.operand(LLVMGetOperand(c, 1))?;
            return Ok(self.build_value(InstData::Binary { op: bin, args: [a, b] }, ty, Flags::NONE));
        }
        if op == LLVMExtractElement {
            let a = self.operand(LLVMGetOperand(c, 0))?;
            let b = self.operand(LLVMGetOperand(c, 1))?;
            return Ok(self.build_value(InstData::ExtractElement { args: [a, b] }, ty, Flags::NONE));
        }
        if op == LLVMInsertElement {
            let a = self.operand(LLVMGetOperand(c, 0))?;
            let b = self.operand(LLVMGetOperand(c, 1))?;
            let i = self.operand(LLVMGetOperand(c, 2))?;
            return Ok(self.build_value(InstData::InsertElement { args: [a, b, i] }, ty, Flags::NONE));
        }
        Err(unsupported(format!("the constant expression `{}` is not supported", print_value(c)), HELP_REPORT))
    }
}

/// Cast opcodes (`ptrtoaddr` lowers to `ptrtoint`).
pub(crate) fn cast_op(op: LLVMOpcode) -> Option<CastOp> {
    use LLVMOpcode::*;
    Some(match op {
        LLVMTrunc => CastOp::Trunc,
        LLVMZExt => CastOp::ZExt,
        LLVMSExt => CastOp::SExt,
        LLVMFPTrunc => CastOp::FPTrunc,
        LLVMFPExt => CastOp::FPExt,
        LLVMFPToUI => CastOp::FPToUI,
        LLVMFPToSI => CastOp::FPToSI,
        LLVMUIToFP => CastOp::UIToFP,
        LLVMSIToFP => CastOp::SIToFP,
        LLVMPtrToInt | LLVMPtrToAddr => CastOp::PtrToInt,
        LLVMIntToPtr => CastOp::IntToPtr,
        LLVMBitCast => CastOp::Bitcast,
        LLVMAddrSpaceCast => CastOp::AddrSpaceCast,
        _ => return None,
    })
}

/// Two-operand arithmetic opcodes.
pub(crate) fn binary_op(op: LLVMOpcode) -> Option<BinaryOp> {
    use LLVMOpcode::*;
    Some(match op {
        LLVMAdd => BinaryOp::Add,
        LLVMSub => BinaryOp::Sub,
        LLVMMul => BinaryOp::Mul,
        LLVMUDiv => BinaryOp::UDiv,
        LLVMSDiv => BinaryOp::SDiv,
        LLVMURem => BinaryOp::URem,
        LLVMSRem => BinaryOp::SRem,
        LLVMShl => BinaryOp::Shl,
        LLVMLShr => BinaryOp::LShr,
        LLVMAShr => BinaryOp::AShr,
        LLVMAnd => BinaryOp::And,
        LLVMOr => BinaryOp::Or,
        LLVMXor => BinaryOp::Xor,
        LLVMFAdd => BinaryOp::FAdd,
        LLVMFSub => BinaryOp::FSub,
        LLVMFMul => BinaryOp::FMul,
        LLVMFDiv => BinaryOp::FDiv,
        LLVMFRem => BinaryOp::FRem,
        _ => return None,
    })
}

unsafe fn is_aggregate_const(c: LLVMValueRef) -> bool {
    !LLVMIsAConstantArray(c).is_null()
        || !LLVMIsAConstantStruct(c).is_null()
        || !LLVMIsAConstantVector(c).is_null()
        || !LLVMIsAConstantDataSequential(c).is_null()
}

/// Members of an aggregate or vector type.
unsafe fn member_count(t: LLVMTypeRef) -> u32 {
    match LLVMGetTypeKind(t) {
        LLVMTypeKind::LLVMStructTypeKind => LLVMCountStructElementTypes(t),
        LLVMTypeKind::LLVMArrayTypeKind => LLVMGetArrayLength2(t) as u32,
        LLVMTypeKind::LLVMVectorTypeKind => LLVMGetVectorSize(t),
        _ => 0,
    }
}

/// A scalar constant, splatted when the constant has a vector type.
unsafe fn splat(t: LLVMTypeRef, k: Const) -> Const {
    if LLVMGetTypeKind(t) == LLVMTypeKind::LLVMVectorTypeKind {
        Const::Aggregate(vec![k; LLVMGetVectorSize(t) as usize])
    } else {
        k
    }
}

/// The scalar type of a (possibly vector) type.
unsafe fn scalar_type(t: LLVMTypeRef) -> LLVMTypeRef {
    if LLVMGetTypeKind(t) == LLVMTypeKind::LLVMVectorTypeKind {
        LLVMGetElementType(t)
    } else {
        t
    }
}

/// Raw bits of an integer constant (any width up to 128).
pub(crate) unsafe fn int_bits(c: LLVMValueRef) -> LResult<Const> {
    let width = LLVMGetIntTypeWidth(scalar_type(LLVMTypeOf(c)));
    if width <= 64 {
        return Ok(Const::Int(LLVMConstIntGetZExtValue(c) as u128));
    }
    let text = print_value(c);
    let last = text.rsplit([' ', '(', ')']).find(|s| !s.is_empty()).unwrap_or("");
    match (width, last.parse::<i128>()) {
        (65..=128, Ok(n)) => {
            let bits = n as u128;
            Ok(Const::Int(if width == 128 { bits } else { bits & ((1u128 << width) - 1) }))
        }
        _ => Err(unsupported(format!("the integer constant `{text}` is wider than 128 bits"), HELP_REPORT)),
    }
}

/// Raw bits of a float constant in its own format (`x86_fp80`: its 80 bits, read from the
/// printed `0xK` form). `fp128`/`ppc_fp128` have no Catalase representation: +0.0 becomes
/// `zeroinitializer`, anything else is Unsupported.
/// 1.0 in the float type `t` (`None` for other types).
unsafe fn float_one(t: LLVMTypeRef) -> Option<Const> {
    match LLVMGetTypeKind(t) {
        LLVMTypeKind::LLVMDoubleTypeKind => Some(Const::f64(1.0)),
        LLVMTypeKind::LLVMFloatTypeKind => Some(Const::f32(1.0)),
        LLVMTypeKind::LLVMHalfTypeKind => Some(Const::Float(0x3C00)),
        LLVMTypeKind::LLVMBFloatTypeKind => Some(Const::Float(0x3F80)),
        _ => None,
    }
}

unsafe fn float_bits(c: LLVMValueRef) -> LResult<Const> {
    let mut lossy = 0;
    let t = scalar_type(LLVMTypeOf(c));
    let d = LLVMConstRealGetDouble(c, &mut lossy);
    Ok(match LLVMGetTypeKind(t) {
        LLVMTypeKind::LLVMDoubleTypeKind => Const::Float(d.to_bits() as u128),
        LLVMTypeKind::LLVMFloatTypeKind => Const::Float((d as f32).to_bits() as u128),
        LLVMTypeKind::LLVMHalfTypeKind | LLVMTypeKind::LLVMBFloatTypeKind | LLVMTypeKind::LLVMX86_FP80TypeKind => match printed_hex(c) {
            Some(bits) => Const::Float(bits),
            None => return Err(unsupported(format!("cannot read the constant `{}`", print_value(c)), HELP_REPORT)),
        },
        _ if d.to_bits() == 0 && lossy == 0 => Const::Zero,
        _ => {
            return Err(unsupported(
                format!("the constant `{}` of a type Catalase only carries is not supported", print_value(c)),
                "use double (or float) instead of long double / __float128",
            ))
        }
    })
}

/// The hex payload of a printed `half 0xH3C00` / `bfloat 0xR3F80` constant.
unsafe fn printed_hex(c: LLVMValueRef) -> Option<u128> {
    let text = print_value(c);
    let pos = text.find("0xH").or_else(|| text.find("0xR")).or_else(|| text.find("0xK"))?;
    let digits: String = text[pos + 3..].chars().take_while(|ch| ch.is_ascii_hexdigit()).collect();
    u128::from_str_radix(&digits, 16).ok()
}
