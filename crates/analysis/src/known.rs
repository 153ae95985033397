//! Functions whose behaviour the analyses know by name: allocators, memory intrinsics, libm,
//! intrinsics that carry no derivative. Type analysis reads their argument and result types from
//! here, mod/ref what memory they touch, activity analysis and the generator's call
//! classification which of them carry no derivative: every name list lives here, once.
//!
//! Math functions are treated as `readnone` even where the C library may set `errno`: a
//! derivative never reads `errno`, and Catalase does not model it. The other globals a math
//! function writes are modelled: `lgamma` sets `signgam` (glibc), which a program may read.
//!
//! Allocators a program registers (`__enzyme_allocation_like`) are known from their
//! declaration's attributes ([`allocation_like`], [`lookup_in`]), not by name.

use catalase_ir::inst::{AttrList, AttrValue};
use catalase_ir::Module;

/// What a known function is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Known {
    /// Returns fresh memory; the listed arguments are byte counts.
    Alloc { sizes: &'static [usize] },
    /// `realloc(p, n)`: fresh memory holding what `p` held.
    Realloc,
    /// Frees its first argument.
    Free,
    /// `memcpy`/`memmove(dst, src, n, ...)`.
    Copy,
    /// `memset(dst, byte, n, ...)`.
    Set,
    /// A libm function or float intrinsic: reads and writes no memory, except through the
    /// listed output pointer arguments, which receive the listed scalar kind, and the listed
    /// globals of the C library (`signgam`), which hold no derivative.
    Math { out: &'static [(usize, OutKind)], globals: &'static [&'static str] },
    /// Touches no program memory and carries no data (`llvm.lifetime.*`, `llvm.dbg.*`, ...).
    Inert,
}

/// What a math function writes through an output pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutKind {
    /// An `int`.
    Int,
    /// A float of the same format as the function's first argument.
    SameFloat,
}

/// Whether a symbol is the C++ ABI's virtual table, VTT or type information of a class
/// (`_ZTV`, `_ZTT`, `_ZTI`, `_ZTS`): constant data that holds only function pointers, offsets,
/// names and pointers to other such data, never pointers to program data.
pub fn is_class_metadata(name: &str) -> bool {
    ["_ZTV", "_ZTT", "_ZTI", "_ZTS"].iter().any(|p| name.starts_with(p))
}

/// `malloc` and its kin: fresh, uninitialized memory whose size is argument 0.
pub const MALLOCS: &[&str] = &[
    "malloc", "_Znwm", "_Znam", "_ZnwmRKSt9nothrow_t", "_ZnamRKSt9nothrow_t", "valloc", "__rust_alloc",
];
/// The aligned `operator new`s: fresh, uninitialized memory of size argument 0, aligned to
/// argument 1.
pub const ALIGNED_NEWS: &[&str] = &[
    "_ZnwmSt11align_val_t", "_ZnamSt11align_val_t", "_ZnwmSt11align_val_tRKSt9nothrow_t",
    "_ZnamSt11align_val_tRKSt9nothrow_t",
];
/// `free` and the `operator delete`s: free argument 0.
pub const FREES: &[&str] = &[
    "free", "_ZdlPv", "_ZdaPv", "_ZdlPvm", "_ZdaPvm", "_ZdlPvSt11align_val_t", "_ZdaPvSt11align_val_t",
    "_ZdlPvmSt11align_val_t", "_ZdaPvmSt11align_val_t", "_ZdlPvRKSt9nothrow_t", "_ZdaPvRKSt9nothrow_t",
];

/// The string attributes by which a registration `__enzyme_allocation_like` (ABI §6.1) makes a
/// function an allocator for the analyses and the generator, as Enzyme marks it: the driver puts
/// them on the allocator's declaration in the module it lowers. [`ALLOCATOR_ATTR`]'s value is the
/// index of the size argument, [`DEALLOCATOR_ATTR`]'s the deallocator's arguments (`"2,-1"`:
/// the allocator call's argument 2, then the block; see [`AllocLike::free_args`]),
/// [`DEALLOCATOR_FN_ATTR`]'s the deallocator's name (Enzyme: metadata). [`FREES_ATTR`] on the
/// deallocator says which of its parameters is the block it frees.
pub const ALLOCATOR_ATTR: &str = "enzyme_allocator";
/// See [`ALLOCATOR_ATTR`].
pub const DEALLOCATOR_ATTR: &str = "enzyme_deallocator";
/// See [`ALLOCATOR_ATTR`].
pub const DEALLOCATOR_FN_ATTR: &str = "enzyme_deallocator_fn";
/// See [`ALLOCATOR_ATTR`].
pub const FREES_ATTR: &str = "catalase.frees";

/// A registered allocator (`__enzyme_allocation_like`): fresh memory like `malloc`'s, made by
/// calling it; its shadow is made by the same call with the same arguments, zero-filled over
/// the size argument, and freed by calling the deallocator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllocLike {
    /// The argument that holds the size in bytes.
    pub size: usize,
    /// The deallocator.
    pub free_fn: String,
    /// The deallocator's arguments in order: `Some(i)` is the allocator call's argument `i`,
    /// `None` the block to free (`-1` in the registration).
    pub free_args: Vec<Option<usize>>,
}

impl AllocLike {
    /// Parse the index list of a registration: comma-separated integers, each `-1` (the block)
    /// or an argument index below `nparams`, with exactly one `-1`.
    pub fn parse_free_args(text: &str, nparams: usize) -> Option<Vec<Option<usize>>> {
        let args: Vec<Option<usize>> = text
            .split(',')
            .map(|t| match t.trim().parse::<i64>().ok()? {
                -1 => Some(None),
                i if i >= 0 && (i as usize) < nparams => Some(Some(i as usize)),
                _ => None,
            })
            .collect::<Option<_>>()?;
        (args.iter().filter(|a| a.is_none()).count() == 1).then_some(args)
    }
    /// The parameter of the deallocator that receives the block.
    pub fn freed_param(&self) -> usize {
        self.free_args.iter().position(Option::is_none).unwrap_or(0)
    }
}

fn str_attr<'a>(attrs: &'a AttrList, name: &str) -> Option<&'a str> {
    attrs.func.iter().find(|a| a.name == name).and_then(|a| match &a.value {
        AttrValue::Str(s) => Some(s.as_str()),
        _ => None,
    })
}

/// The registered allocator `name` of `module` is, from its attributes ([`ALLOCATOR_ATTR`]).
pub fn allocation_like(module: &Module, name: &str) -> Option<AllocLike> {
    let f = module.function(module.find_function(name)?);
    let size = str_attr(&f.attrs, ALLOCATOR_ATTR)?.parse().ok()?;
    let free_fn = str_attr(&f.attrs, DEALLOCATOR_FN_ATTR)?.to_string();
    let free_args = AllocLike::parse_free_args(str_attr(&f.attrs, DEALLOCATOR_ATTR)?, f.sig.params.len())?;
    Some(AllocLike { size, free_fn, free_args })
}

/// The parameter holding the block that `name`, a registered deallocator ([`FREES_ATTR`]),
/// frees.
pub fn freed_param(module: &Module, name: &str) -> Option<usize> {
    let f = module.function(module.find_function(name)?);
    str_attr(&f.attrs, FREES_ATTR)?.parse().ok()
}

/// Argument indices as `'static` slices for [`Known::Alloc`]: a registered allocator's size.
static ARG_INDEX: [usize; 64] = {
    let mut a = [0; 64];
    let mut i = 0;
    while i < 64 {
        a[i] = i;
        i += 1;
    }
    a
};

/// What `name` is, if the analyses know it: [`lookup`], or a registered allocator of `module`
/// (a `malloc` whose size is its registered argument). Registered deallocators are not
/// [`Known::Free`] here: they may do more than free (the analyses see them as the external
/// calls they are; the generator knows them by [`freed_param`]).
pub fn lookup_in(module: &Module, name: &str) -> Option<Known> {
    lookup(name).or_else(|| {
        let size = allocation_like(module, name)?.size;
        Some(Known::Alloc { sizes: std::slice::from_ref(ARG_INDEX.get(size)?) })
    })
}

/// libm functions without output pointers (also with `f`/`l` suffixes, and as `llvm.<name>.*`).
const MATH: &[&str] = &[
    "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "asinh", "acosh",
    "atanh", "exp", "exp2", "exp10", "expm1", "log", "log2", "log10", "log1p", "logb", "pow", "powi",
    "sqrt", "cbrt", "hypot", "fabs", "fmin", "fmax", "fmod", "remainder", "floor", "ceil", "trunc",
    "round", "roundeven", "rint", "nearbyint", "lround", "llround", "lrint", "llrint", "copysign",
    "erf", "erfc", "tgamma", "lgamma", "fdim", "fma", "fmuladd", "ldexp", "scalbn", "j0", "j1", "y0",
    "y1", "jn", "yn", "nextafter", "minnum", "maxnum", "minimum", "maximum", "canonicalize", "sincospi", "tanpi",
    "ilogb", "__isinf", "__isnan", "__finite", "__signbit", "__fpclassify", "__issignaling",
];

/// libm functions of [`MATH`] that also write globals of the C library: (name, globals).
/// `lgamma` stores the sign of Γ(x) in `signgam` (`lgamma_r` returns it through its pointer
/// instead, and writes no global).
const MATH_GLOBALS: &[(&str, &[&str])] = &[("lgamma", &["signgam"])];

/// libm functions with output pointers: (name, outputs).
const MATH_OUT: &[(&str, &[(usize, OutKind)])] = &[
    ("frexp", &[(1, OutKind::Int)]),
    ("modf", &[(1, OutKind::SameFloat)]),
    ("sincos", &[(1, OutKind::SameFloat), (2, OutKind::SameFloat)]),
    ("remquo", &[(2, OutKind::Int)]),
    ("lgamma_r", &[(1, OutKind::Int)]),
];

/// Intrinsics (name prefixes) that touch no program memory and carry no data: [`Known::Inert`].
const INERT: &[&str] = &[
    "llvm.lifetime.", "llvm.dbg.", "llvm.assume", "llvm.invariant.", "llvm.experimental.noalias.scope.decl",
    "llvm.prefetch", "llvm.trap", "llvm.stacksave", "llvm.stackrestore",
];

/// Hooks (name prefixes) that ThreadSanitizer inserts: they record accesses and calls in the
/// sanitizer's own state, never touch program memory, and carry no derivative ([`Known::Inert`]).
/// TSan's atomics (`__tsan_atomic*`) are not here: they load and store program values.
const SANITIZER_HOOKS: &[&str] = &[
    "__tsan_read", "__tsan_write", "__tsan_unaligned_read", "__tsan_unaligned_write", "__tsan_func_entry",
    "__tsan_func_exit", "__tsan_vptr_read", "__tsan_vptr_update", "__tsan_init", "__tsan_ignore_thread_begin",
    "__tsan_ignore_thread_end",
];

/// The sanitizers' replacements of `memcpy`, `memmove` and `memset` (AddressSanitizer,
/// MemorySanitizer and ThreadSanitizer call them instead): (name, the libc function it does).
const SANITIZER_MEM: &[(&str, &str)] = &[
    ("__asan_memcpy", "memcpy"), ("__asan_memmove", "memmove"), ("__asan_memset", "memset"),
    ("__msan_memcpy", "memcpy"), ("__msan_memmove", "memmove"), ("__msan_memset", "memset"),
    ("__tsan_memcpy", "memcpy"), ("__tsan_memmove", "memmove"), ("__tsan_memset", "memset"),
];

/// The libc function a sanitizer's memory function stands for (`__tsan_memcpy` is `memcpy`).
pub fn sanitizer_alias(name: &str) -> Option<&'static str> {
    SANITIZER_MEM.iter().find(|(n, _)| *n == name).map(|(_, libc)| *libc)
}

/// Further intrinsics (name prefixes) that never carry derivatives and never touch shadows,
/// though they may compute integers or touch memory that holds no derivative (`va_list`s).
const NO_DERIVATIVE: &[&str] = &[
    "llvm.donothing", "llvm.sideeffect", "llvm.expect", "llvm.is.fpclass", "llvm.debugtrap", "llvm.ubsantrap",
    "llvm.objectsize", "llvm.is.constant", "llvm.var.annotation", "llvm.ptr.annotation", "llvm.annotation",
    "llvm.codeview.annotation", "llvm.type.test", "llvm.public.type.test", "llvm.va_start", "llvm.va_end",
    "llvm.va_copy", "llvm.load.relative", "llvm.threadlocal.address", "llvm.launder.invariant.group",
    "llvm.strip.invariant.group", "llvm.umin", "llvm.umax", "llvm.smin", "llvm.smax", "llvm.abs", "llvm.ctpop",
    "llvm.ctlz", "llvm.cttz", "llvm.bswap", "llvm.bitreverse", "llvm.fshl", "llvm.fshr", "llvm.usub.sat",
    "llvm.uadd.sat", "llvm.ssub.sat", "llvm.sadd.sat", "llvm.umul.with.overflow", "llvm.smul.with.overflow",
    "llvm.uadd.with.overflow", "llvm.sadd.with.overflow", "llvm.usub.with.overflow", "llvm.ssub.with.overflow",
    "llvm.vector.reduce.add", "llvm.vector.reduce.mul", "llvm.vector.reduce.and", "llvm.vector.reduce.or",
    "llvm.vector.reduce.xor", "llvm.vector.reduce.umax", "llvm.vector.reduce.umin", "llvm.vector.reduce.smax",
    "llvm.vector.reduce.smin", "llvm.fptosi.sat", "llvm.fptoui.sat", "llvm.lrint", "llvm.llrint", "llvm.lround",
    "llvm.llround", "llvm.get.rounding", "llvm.frameaddress", "llvm.returnaddress", "llvm.eh.typeid.for",
    "llvm.experimental.widenable.condition",
];

/// Whether `name` is an intrinsic (or a sanitizer hook) that never carries derivatives and never
/// touches shadows: the one list, read by activity analysis and the generator's call
/// classification.
pub fn is_inert_intrinsic(name: &str) -> bool {
    INERT.iter().chain(NO_DERIVATIVE).chain(SANITIZER_HOOKS).any(|p| name.starts_with(p))
}

/// What `name` is, if the analyses know it.
pub fn lookup(name: &str) -> Option<Known> {
    let name = sanitizer_alias(name).unwrap_or(name);
    if MALLOCS.contains(&name) || ALIGNED_NEWS.contains(&name) {
        return Some(Known::Alloc { sizes: &[0] });
    }
    match name {
        "calloc" => return Some(Known::Alloc { sizes: &[0, 1] }),
        "aligned_alloc" | "memalign" => return Some(Known::Alloc { sizes: &[1] }),
        "realloc" => return Some(Known::Realloc),
        "memcpy" | "memmove" => return Some(Known::Copy),
        "memset" => return Some(Known::Set),
        _ => {}
    }
    if FREES.contains(&name) {
        return Some(Known::Free);
    }
    if name.starts_with("llvm.memcpy") || name.starts_with("llvm.memmove") {
        return Some(Known::Copy);
    }
    if name.starts_with("llvm.memset") {
        return Some(Known::Set);
    }
    if INERT.iter().chain(SANITIZER_HOOKS).any(|p| name.starts_with(p)) {
        return Some(Known::Inert);
    }
    if let Some(stem) = math_stem(name) {
        let globals = MATH_GLOBALS.iter().find(|(n, _)| *n == stem).map_or(&[][..], |(_, g)| *g);
        return Some(Known::Math { out: &[], globals });
    }
    for stem in stems(name) {
        if let Some((_, out)) = MATH_OUT.iter().find(|(n, _)| *n == stem) {
            return Some(Known::Math { out, globals: &[] });
        }
    }
    None
}

/// The libm function without output pointers that `name` computes (`expf`, `llvm.exp.f64` →
/// `exp`), if any.
pub fn math_stem(name: &str) -> Option<&'static str> {
    let name = sanitizer_alias(name).unwrap_or(name);
    stems(name).find_map(|stem| MATH.iter().copied().find(|m| *m == stem))
}

/// The names `name` may be a math function under: itself without `llvm.` and the type suffix,
/// and that without a trailing `f` or `l`.
fn stems(name: &str) -> impl Iterator<Item = &str> {
    let base = match name.strip_prefix("llvm.") {
        Some(rest) => rest.split('.').next().unwrap_or(rest),
        None => name,
    };
    [Some(base), base.strip_suffix('f'), base.strip_suffix('l')].into_iter().flatten().filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_suffixes() {
        assert_eq!(lookup("sinf"), Some(Known::Math { out: &[], globals: &[] }));
        assert_eq!(lookup("llvm.fmuladd.f64"), Some(Known::Math { out: &[], globals: &[] }));
        assert_eq!(lookup("frexpl"), Some(Known::Math { out: &[(1, OutKind::Int)], globals: &[] }));
        // glibc's lgamma sets signgam; lgamma_r returns the sign through its pointer.
        assert_eq!(lookup("lgammaf"), Some(Known::Math { out: &[], globals: &["signgam"] }));
        assert_eq!(lookup("lgamma_r"), Some(Known::Math { out: &[(1, OutKind::Int)], globals: &[] }));
        assert_eq!(math_stem("llvm.exp.v2f64"), Some("exp"));
        assert_eq!(math_stem("sqrtf"), Some("sqrt"));
        assert_eq!(math_stem("frexp"), None);
        assert_eq!(lookup("llvm.memcpy.p0.p0.i64"), Some(Known::Copy));
        assert_eq!(lookup("_Znwm"), Some(Known::Alloc { sizes: &[0] }));
        assert_eq!(lookup("printf"), None);
        assert_eq!(lookup("self"), None);
        assert_eq!(lookup("_ZdaPvRKSt9nothrow_t"), Some(Known::Free));
    }

    #[test]
    fn registered_allocators() {
        assert_eq!(AllocLike::parse_free_args("2, -1", 3), Some(vec![Some(2), None]));
        assert_eq!(AllocLike::parse_free_args("-1", 1), Some(vec![None]));
        assert_eq!(AllocLike::parse_free_args("3,-1", 3), None, "no argument 3");
        assert_eq!(AllocLike::parse_free_args("0,1", 3), None, "no block");
        assert_eq!(AllocLike::parse_free_args("-1,-1", 3), None, "two blocks");
        assert_eq!(AllocLike::parse_free_args("x,-1", 3), None);
        let mut m = Module::default();
        let sig = catalase_ir::Signature::new(vec![catalase_ir::Type::PTR, catalase_ir::Type::I64], catalase_ir::Type::PTR);
        let mut f = catalase_ir::Function::declaration("pool_get".to_string(), sig);
        for (k, v) in [(ALLOCATOR_ATTR, "1"), (DEALLOCATOR_ATTR, "0,-1"), (DEALLOCATOR_FN_ATTR, "pool_put")] {
            f.attrs.func.push(catalase_ir::inst::Attr { name: k.to_string(), value: AttrValue::Str(v.to_string()) });
        }
        m.add_function(f);
        let like = allocation_like(&m, "pool_get").expect("registered");
        assert_eq!((like.size, like.free_fn.as_str(), like.freed_param()), (1, "pool_put", 1));
        assert_eq!(lookup_in(&m, "pool_get"), Some(Known::Alloc { sizes: &[1] }));
        assert_eq!(lookup_in(&m, "malloc"), Some(Known::Alloc { sizes: &[0] }));
        assert_eq!(lookup_in(&m, "pool_put"), None);
    }

    #[test]
    fn inert_intrinsics() {
        assert_eq!(lookup("llvm.lifetime.start.p0"), Some(Known::Inert));
        assert!(is_inert_intrinsic("llvm.lifetime.start.p0"));
        // No derivative, but it writes the va_list: not inert for mod/ref.
        assert!(is_inert_intrinsic("llvm.va_start.p0"));
        assert_eq!(lookup("llvm.va_start.p0"), None);
        assert!(is_inert_intrinsic("llvm.smax.i32"));
        assert!(!is_inert_intrinsic("llvm.sin.f64"));
        assert!(!is_inert_intrinsic("llvm.vector.reduce.fadd.v4f64"));
    }

    #[test]
    fn sanitizer_functions() {
        assert!(is_inert_intrinsic("__tsan_read8"));
        assert_eq!(lookup("__tsan_unaligned_write16"), Some(Known::Inert));
        assert!(!is_inert_intrinsic("__tsan_atomic64_load"));
        assert_eq!(lookup("__tsan_memcpy"), Some(Known::Copy));
        assert_eq!(lookup("__asan_memset"), Some(Known::Set));
        assert_eq!(sanitizer_alias("__msan_memmove"), Some("memmove"));
    }
}
