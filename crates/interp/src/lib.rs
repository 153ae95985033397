//! A reference interpreter for Catalase IR, in the spirit of Cranelift's: it runs the functions
//! of a module, and the functions the generator emits, without LLVM, so tests can check
//! derivatives by running them (against expected values and finite differences).
//!
//! It executes integer and float scalars (`f32` in `f32` precision), vectors, aggregates, casts,
//! comparisons, block parameters and branches, memory (a byte-addressed heap with stack slots,
//! `malloc`/`free`, `memcpy`/`memset`), calls between the module's functions (recursion
//! included), and the math library and intrinsics of the rule table. Undefined behaviour it can
//! see is an [`Error`], never a panic; so is an external it does not know.
//!
//! Modules: `value` (runtime values and their bytes), `memory` (allocations), `eval` (value
//! instructions), `frame` (running a function: control flow, memory, calls), `externals`
//! (libm, intrinsics, allocators), `special` (complex functions, `erf`, `frexp`, x86 min/max), `masked` (masked loads and stores, gathers, scatters), `error`.
//!
//! ```
//! use catalase_interp::{Interpreter, Val};
//! let m = catalase_ir::parser::parse_module(
//!     "func @sq(f64) -> f64 {\nblock0(v0: f64):\n    v1: f64 = fmul v0, v0\n    ret v1\n}\n",
//! ).unwrap();
//! let mut it = Interpreter::new(&m).unwrap();
//! assert_eq!(it.call("sq", &[Val::F64(3.0)]).unwrap(), Val::F64(9.0));
//! ```

mod error;
mod eval;
mod externals;
mod frame;
mod masked;
mod memory;
mod special;
mod value;

use std::collections::HashMap;

use catalase_ir::{FuncId, Module, Type};

pub use error::{Error, ErrorKind, Result};
pub use memory::{Memory, Region};
pub use value::Val;

use error::err;

/// Executes functions of one module. Memory persists across calls, so a test can allocate
/// arrays, call, and read them back.
pub struct Interpreter<'m> {
    module: &'m Module,
    by_name: HashMap<&'m str, FuncId>,
    pub memory: Memory,
    globals: HashMap<String, u64>,
    /// Addresses standing for functions (function pointers), both ways.
    fn_addrs: HashMap<u64, FuncId>,
    fn_addr_of: HashMap<FuncId, u64>,
    depth: u32,
    /// Deepest call nesting allowed.
    pub max_depth: u32,
    /// Instructions left before [`ErrorKind::OutOfFuel`].
    pub fuel: u64,
}

impl<'m> Interpreter<'m> {
    /// An interpreter for `module`, with its globals allocated and zero-filled (Catalase IR
    /// does not carry initializers; write them with [`Interpreter::write`]).
    pub fn new(module: &'m Module) -> Result<Interpreter<'m>> {
        let by_name = module.functions().iter().map(|(id, f)| (f.name.as_str(), id)).collect();
        let mut it = Interpreter {
            module,
            by_name,
            memory: Memory::default(),
            globals: HashMap::new(),
            fn_addrs: HashMap::new(),
            fn_addr_of: HashMap::new(),
            depth: 0,
            max_depth: 256,
            fuel: 50_000_000,
        };
        for g in module.globals() {
            it.define_global(&g.name, &g.ty)?;
        }
        Ok(it)
    }

    fn find(&self, name: &str) -> Option<FuncId> {
        self.by_name.get(name).copied()
    }

    /// Call function `name` (a definition of the module, or a known external) with `args`.
    pub fn call(&mut self, name: &str, args: &[Val]) -> Result<Val> {
        let Some(id) = self.find(name) else {
            return err(ErrorKind::UnknownFunction(name.to_string()));
        };
        let sig = self.module.function(id).sig.clone();
        if args.len() != sig.params.len() {
            let m = format!("@{name} takes {} arguments, got {}", sig.params.len(), args.len());
            return err(ErrorKind::BadArguments(m));
        }
        for (i, (t, a)) in sig.params.iter().zip(args).enumerate() {
            if !fits(t, a) {
                return err(ErrorKind::BadArguments(format!("argument {i} of @{name}: {a:?} is not a {t}")));
            }
        }
        let args = sig.params.iter().zip(args).map(|(t, a)| value::masked(t, a)).collect();
        self.call_named(name, &sig, args)
    }

    /// Define (or find) a zero-filled global of type `ty`; its address.
    pub fn define_global(&mut self, name: &str, ty: &Type) -> Result<u64> {
        if let Some(a) = self.globals.get(name) {
            return Ok(*a);
        }
        let a = self.memory.allocate(ty.alloc_size(), ty.align(), Region::Global, true)?;
        self.globals.insert(name.to_string(), a);
        Ok(a)
    }

    /// The address of a global variable or function symbol.
    pub fn symbol_address(&mut self, name: &str) -> Result<u64> {
        if let Some(a) = self.globals.get(name) {
            return Ok(*a);
        }
        let Some(id) = self.find(name) else {
            return err(ErrorKind::UnknownGlobal(name.to_string()));
        };
        if let Some(a) = self.fn_addr_of.get(&id) {
            return Ok(*a);
        }
        let a = self.memory.allocate(1, 16, Region::Global, true)?;
        self.fn_addrs.insert(a, id);
        self.fn_addr_of.insert(id, a);
        Ok(a)
    }

    /// The function whose address is `p`.
    fn function_at(&self, p: u64) -> Result<&'m str> {
        match self.fn_addrs.get(&p) {
            Some(id) => Ok(&self.module.function(*id).name),
            None => err(ErrorKind::TypeMismatch(format!("call through {p:#x}, which is not a function"))),
        }
    }

    /// A new heap array holding `items` of type `ty`; its address.
    pub fn alloc_array(&mut self, ty: &Type, items: &[Val]) -> Result<u64> {
        let stride = ty.alloc_size();
        let p = self.memory.allocate(stride * items.len() as u64, ty.align(), Region::Heap, false)?;
        for (i, v) in items.iter().enumerate() {
            self.write(ty, p + i as u64 * stride, v)?;
        }
        Ok(p)
    }

    /// A new heap array of `f64`s; its address.
    pub fn alloc_f64s(&mut self, xs: &[f64]) -> Result<u64> {
        let items: Vec<Val> = xs.iter().map(|x| Val::F64(*x)).collect();
        self.alloc_array(&Type::F64, &items)
    }

    /// Store `v` of type `ty` at `addr`.
    pub fn write(&mut self, ty: &Type, addr: u64, v: &Val) -> Result<()> {
        let mut bytes = vec![0u8; ty.store_size() as usize];
        value::encode(ty, v, &mut bytes)?;
        self.memory.write(addr, &bytes)
    }

    /// Load a value of type `ty` from `addr`.
    pub fn read(&self, ty: &Type, addr: u64) -> Result<Val> {
        let (bytes, init) = self.memory.read(addr, ty.store_size())?;
        value::decode(ty, bytes, init)
    }

    /// `n` values of type `ty` from the array at `addr`.
    pub fn read_array(&self, ty: &Type, addr: u64, n: usize) -> Result<Vec<Val>> {
        (0..n as u64).map(|i| self.read(ty, addr + i * ty.alloc_size())).collect()
    }

    /// `n` `f64`s from the array at `addr`.
    pub fn read_f64s(&self, addr: u64, n: usize) -> Result<Vec<f64>> {
        let vals = self.read_array(&Type::F64, addr, n)?;
        vals.iter()
            .map(|v| v.as_f64().ok_or_else(|| error::Error::new(ErrorKind::Poison("read from an f64 array"))))
            .collect()
    }
}

/// Whether an argument value has the shape of a parameter type.
fn fits(t: &Type, v: &Val) -> bool {
    match (t, v) {
        (_, Val::Poison) => true,
        (Type::Int(_), Val::Int(_)) | (Type::F32, Val::F32(_)) | (Type::F64, Val::F64(_)) => true,
        (Type::Ptr(_), Val::Ptr(_)) => true,
        (Type::Vector(n, e), Val::Vec(items)) => items.len() == *n as usize && items.iter().all(|x| fits(e, x)),
        (Type::Array(n, e), Val::Agg(items)) => items.len() as u64 == *n && items.iter().all(|x| fits(e, x)),
        (Type::Struct { fields, .. }, Val::Agg(items)) => {
            items.len() == fields.len() && fields.iter().zip(items).all(|(t, x)| fits(t, x))
        }
        _ => false,
    }
}
