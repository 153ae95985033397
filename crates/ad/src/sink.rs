//! The rule-table `Sink` that emits Catalase IR: partial-derivative expressions become
//! instructions at the builder's position, with constants splatted to the primal's shape.
//! Forward tangents and reverse adjoints use the same sink. The float operations it emits carry
//! the primal instruction's fast-math flags (`reassoc`, `contract`, ...), so tangent arithmetic
//! may be reassociated, contracted and vectorized exactly as far as the primal may.

use catalase_ir::builder::Builder;
use catalase_ir::inst::{Callee, Signature};
use catalase_ir::opcodes::{CastOp, Flags, FloatCC};
use catalase_ir::{Type, Value};

use crate::rules::{Cmp, Elem, Sink};

/// Emits rule expressions over given primal operands and results.
pub struct IrSink<'b, 'f> {
    pub b: &'b mut Builder<'f>,
    /// The float type of the primal result (scalar or vector).
    pub ty: Type,
    pub args: Vec<Value>,
    /// The primal result's outputs (one value; re and im for a complex result).
    pub results: Vec<Value>,
    /// Fast-math flags of the primal instruction, put on every float operation emitted.
    pub flags: Flags,
}

impl IrSink<'_, '_> {
    fn splat_int_if_needed(&mut self, v: Value) -> Value {
        // A scalar integer used with a vector float type (powi.v4f32's i32 exponent).
        let vt = self.b.value_type(v);
        if let Type::Vector(n, _) = &self.ty {
            if !vt.is_vector() {
                let vec_ty = Type::vector(*n, vt.clone());
                let mut acc = self.b.undef(vec_ty);
                for lane in 0..*n {
                    let idx = self.b.iconst(Type::I32, lane as i128);
                    acc = self.b.insert_element(acc, v, idx);
                }
                return acc;
            }
        }
        v
    }
}

/// The intrinsic name for `f` at `ty`: `llvm.sin.f64`, `llvm.powi.v4f32.i32`.
pub fn intrinsic_name(base: &str, ty: &Type, extra: Option<&Type>) -> String {
    let mut s = format!("{base}.{}", type_suffix(ty));
    if let Some(t) = extra {
        s.push('.');
        s.push_str(&type_suffix(t));
    }
    s
}

/// LLVM's mangling suffix of a type in intrinsic names.
pub fn type_suffix(ty: &Type) -> String {
    match ty {
        Type::F64 => "f64".into(),
        Type::F32 => "f32".into(),
        Type::Half => "f16".into(),
        Type::BFloat => "bf16".into(),
        Type::Int(b) => format!("i{b}"),
        Type::Ptr(a) => format!("p{a}"),
        Type::Vector(n, e) => format!("v{n}{}", type_suffix(e)),
        other => format!("{other}"),
    }
}

impl Sink for IrSink<'_, '_> {
    type V = Value;

    fn arg(&mut self, i: usize) -> Value {
        self.args[i]
    }
    fn result(&mut self, k: usize) -> Value {
        *self.results.get(k).expect("rule reads a primal result the call does not have")
    }
    fn constant(&mut self, c: f64) -> Value {
        let ty = self.ty.clone();
        self.b.fconst(&ty, c)
    }
    fn neg(&mut self, a: Value) -> Value {
        self.float_op(|b| b.fneg(a))
    }
    fn add(&mut self, a: Value, b: Value) -> Value {
        self.float_op(|bld| bld.fadd(a, b))
    }
    fn sub(&mut self, a: Value, b: Value) -> Value {
        self.float_op(|bld| bld.fsub(a, b))
    }
    fn mul(&mut self, a: Value, b: Value) -> Value {
        self.float_op(|bld| bld.fmul(a, b))
    }
    fn div(&mut self, a: Value, b: Value) -> Value {
        self.float_op(|bld| bld.fdiv(a, b))
    }
    fn call(&mut self, f: Elem, args: &[Value]) -> Value {
        if f.is_library() {
            return self.library_call(f, args);
        }
        let ty = self.ty.clone();
        let (name, params) = match f {
            Elem::Powi => {
                let n = self.b.value_type(args[1]);
                (intrinsic_name(f.function(), &ty, Some(&n)), vec![ty.clone(), n])
            }
            _ => (intrinsic_name(f.function(), &ty, None), vec![ty.clone(); f.arity()]),
        };
        let sig = Signature::new(params, ty);
        self.float_op(|b| b.call_named(&name, sig, args.to_vec()).expect("float intrinsic returns a value"))
    }
    fn int_to_float(&mut self, a: Value) -> Value {
        let a = self.splat_int_if_needed(a);
        let ty = self.ty.clone();
        self.b.cast(CastOp::SIToFP, a, ty)
    }
    fn int_add(&mut self, a: Value, c: i64) -> Value {
        let ty = self.b.value_type(a);
        let k = self.b.iconst(ty.scalar().clone(), c as i128);
        let k = if ty.is_vector() { self.splat_int_if_needed_ty(k, &ty) } else { k };
        self.b.binary(catalase_ir::opcodes::BinaryOp::Add, a, k)
    }
    fn select(&mut self, cmp: Cmp, a: Value, b: Value, t: Value, e: Value) -> Value {
        let cc = match cmp {
            Cmp::Lt => FloatCC::Olt,
            Cmp::Eq => FloatCC::Oeq,
        };
        let c = self.float_op(|bld| bld.fcmp(cc, a, b));
        self.float_op(|bld| bld.select(c, t, e))
    }
}

impl IrSink<'_, '_> {
    /// A call of the C library function of `f` (`j1` on `double`, `j1f` on `float`; the order
    /// of `jn`/`yn` first, as an `int`), marked as touching no memory: a derivative never reads
    /// `errno` (`calls::without_errno`). Library rows are scalar: their callees take no vectors.
    fn library_call(&mut self, f: Elem, args: &[Value]) -> Value {
        let ty = self.ty.clone();
        let name = match ty {
            Type::F32 => format!("{}f", f.function()),
            _ => f.function().to_string(),
        };
        let params = args.iter().map(|a| self.b.value_type(*a)).collect();
        let attrs = crate::calls::without_errno(&Default::default());
        let call = self.b.call(Callee::Direct(name), Signature::new(params, ty), args.to_vec(), attrs);
        self.b.func.dfg.result(call).expect("a library function returns a value")
    }

    /// Builds one float operation with the primal's fast-math flags.
    fn float_op(&mut self, op: impl FnOnce(&mut Builder) -> Value) -> Value {
        let saved = self.b.default_flags;
        self.b.default_flags = self.flags;
        let v = op(self.b);
        self.b.default_flags = saved;
        v
    }

    fn splat_int_if_needed_ty(&mut self, k: Value, vec_ty: &Type) -> Value {
        let mut acc = self.b.undef(vec_ty.clone());
        for lane in 0..vec_ty.lanes() {
            let idx = self.b.iconst(Type::I32, lane as i128);
            acc = self.b.insert_element(acc, k, idx);
        }
        acc
    }
}
