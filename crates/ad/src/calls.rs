//! How a call is differentiated: the classification of callees, shared by every mode — by
//! the shadow analysis (which results carry shadows) and by the emitters.
//!
//! Precedence follows ABI.md: user rules and inactive markings first, then memory
//! intrinsics and allocators, then the rule table, then differentiating a body.

use catalase_analysis::known;
use catalase_ir::inst::{Attr, AttrList, AttrValue, Callee};
use catalase_ir::{FuncId, Module, Signature, Type};

use crate::env::Environment;
use crate::rules::{self, Rule, RuleKind};

/// The allocation functions Catalase mirrors with shadow allocations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllocKind {
    /// `malloc(n)`, `operator new(n)` and friends: size is argument 0, memory uninitialized.
    Malloc,
    /// `calloc(n, size)`: zeroed.
    Calloc,
    /// `realloc(p, n)`.
    Realloc,
    /// Allocators with an alignment operand, memory uninitialized: `aligned_alloc(align, n)` and
    /// `memalign(align, n)` (`posix_memalign` is lowered to `aligned_alloc`), and the aligned
    /// `operator new(n, align)`s. The operand indices of the alignment and the size.
    Aligned { align: usize, size: usize },
    /// An allocator the program registered (`__enzyme_allocation_like`, ABI §6.1;
    /// `catalase_analysis::known::allocation_like`): memory uninitialized, its size argument
    /// `size`. Its shadow is the same call with the same arguments, zero-filled, and freed by the
    /// registered deallocator.
    Registered { size: usize },
}

/// What a call is, for differentiation.
#[derive(Clone, Debug)]
pub enum CallKind {
    /// No derivative and no shadow effects: the primal call is kept as is.
    Inactive,
    /// `memcpy`/`memmove` (intrinsic or libc): (dst, src, len) mirrored on shadows.
    MemTransfer,
    /// `memset`: the shadow is zeroed over the same range.
    MemSet,
    Alloc(AllocKind),
    /// `free`, `operator delete` (the block is argument 0), a registered deallocator (the
    /// block is the parameter its registration's `-1` names): the block's shadow is freed too.
    Free(usize),
    /// The callee (named by the payload) has a user rule: `__enzyme_register_derivative_*`
    /// (forward) or `__enzyme_register_gradient_*` (reverse). Each mode looks up its own rule in
    /// the environment and refuses an active call that has only the other mode's.
    Custom(String),
    /// A row of the rule table.
    Rule(&'static Rule),
    /// `llvm.vector.reduce.fadd(acc, v)`.
    ReduceFAdd,
    /// `llvm.vector.reduce.fmax/fmin/fmaximum/fminimum(v)`.
    ReduceSelect,
    /// `llvm.vector.reduce.fmul(acc, v)`.
    ReduceFMul,
    /// `llvm.modf(x) -> {frac, int}` and `llvm.frexp(x) -> {mantissa, exponent}`: the first
    /// field carries the tangent (`ṫ`, resp. `ṫ·2^(−e)`), the second none.
    SplitFloat,
    /// `llvm.masked.load(ptr, [align,] mask, passthru)`, `llvm.masked.expandload(ptr, mask,
    /// passthru)` and `llvm.masked.gather(ptrs, [align,] mask, passthru)`: the pointer operand
    /// first, the pass-through last.
    MaskedLoad,
    /// `llvm.masked.store(value, ptr, [align,] mask)`, `llvm.masked.compressstore(value, ptr,
    /// mask)` and `llvm.masked.scatter(value, ptrs, [align,] mask)`.
    MaskedStore,
    /// A libstdc++ helper that only walks or relinks the nodes of a container ([`MIRRORED`]):
    /// called on the primal and, where its pointer arguments have shadows, again on the shadows
    /// (the shadow container has the primal's shape), whose result is the result's shadow. No
    /// floating-point derivative flows through it.
    Mirror,
    /// A function with a body in the module: differentiated recursively.
    Defined(FuncId),
    /// A function without body and without rule.
    External,
    /// A call through a pointer.
    Indirect,
}

/// libstdc++'s out-of-line relinkers of `std::map`/`std::set` (red-black trees) and `std::list`
/// nodes, by mangled name (the walkers are [`WALKERS`]): each reads and writes only the link
/// fields (and a tree's node colours) of the nodes it is given and of the nodes linked to them,
/// never their values. A derivative calls them again with the shadows of their pointer
/// arguments (other arguments as in the primal), so a shadow container built in lockstep with
/// its primal keeps the primal's shape, as Enzyme does: the shadow of an `enzyme_dup` container
/// must be built by the same insertions and erasures as the primal. Where a shadow argument may
/// be its primal standing in, the run time compares them: all standing in, there is no shadow
/// structure and the shadow call is left out; some, the program traps (relinking the primal
/// twice, or a shadow structure with primal nodes, would be a wrong derivative).
pub const MIRRORED: &[&str] = &[
    // std::_Rb_tree_insert_and_rebalance(bool, node*, node*, node&)
    "_ZSt29_Rb_tree_insert_and_rebalancebPSt18_Rb_tree_node_baseS0_RS_",
    // std::_Rb_tree_rebalance_for_erase(node*, node&)
    "_ZSt28_Rb_tree_rebalance_for_erasePSt18_Rb_tree_node_baseRS_",
    // std::_Rb_tree_rotate_left / _right(node*, node*&)
    "_ZSt20_Rb_tree_rotate_leftPSt18_Rb_tree_node_baseRS0_",
    "_ZSt21_Rb_tree_rotate_rightPSt18_Rb_tree_node_baseRS0_",
    // std::__detail::_List_node_base::_M_hook, _M_unhook, _M_transfer, _M_reverse, swap
    "_ZNSt8__detail15_List_node_base7_M_hookEPS0_",
    "_ZNSt8__detail15_List_node_base9_M_unhookEv",
    "_ZNSt8__detail15_List_node_base11_M_transferEPS0_S1_",
    "_ZNSt8__detail15_List_node_base10_M_reverseEv",
    "_ZNSt8__detail15_List_node_base4swapERS0_S1_",
];

/// The C library's sort and search through a comparator the program supplies, with the index of
/// the array argument: `qsort(base, n, size, cmp)`, `qsort_r(base, n, size, cmp, arg)`,
/// `bsearch(key, base, n, size, cmp)`. They move the array's elements (qsort) or return a pointer
/// into it (bsearch), and call the comparator, which only compares. Over an array that holds no
/// derivatives (an index array sorted by keys the comparator reads, a constant table) nothing
/// they do carries a derivative: they are inactive. Over an array that may hold derivatives
/// (varied: whether they matter cannot be told, as the analysis does not follow bsearch's result
/// into the array) they are refused ([`array_search_refusal`]): the shadow's elements would have
/// to move with the primal's, and bsearch's result would need a shadow.
pub const ARRAY_SEARCHES: &[(&str, usize)] = &[("qsort", 0), ("qsort_r", 0), ("bsearch", 1)];

/// The C library's parsers that store what they read through pointer arguments, with the index
/// of the first such output: `sscanf(str, fmt, ...)` (glibc's `__isoc99_sscanf`/`__isoc23_sscanf`
/// are what <stdio.h> makes of it) and `strtok_r(str, delim, saveptr)`, whose output is a
/// character pointer. What they read are characters, which carry no derivative, so they are
/// inactive; but a number stored through an output that may point to memory holding derivatives
/// (varied) would leave that memory's shadow stale (the derivative of a parsed number is zero),
/// so such a call is refused ([`parsed_output_refusal`]).
pub const PARSERS: &[(&str, usize)] = &[("sscanf", 2), ("__isoc99_sscanf", 2), ("__isoc23_sscanf", 2), ("strtok_r", 2)];

/// The index of the first output argument of a parser of [`PARSERS`].
pub fn parsed_outputs(name: &str) -> Option<usize> {
    PARSERS.iter().find(|(n, _)| *n == name).map(|&(_, i)| i)
}

/// Why a call of [`PARSERS`] storing into memory that may hold derivatives is refused, and what
/// the user can do.
pub fn parsed_output_refusal(name: &str) -> (String, String) {
    (
        format!("`{name}` stores parsed values through a pointer to memory that may hold derivatives: that memory's shadow would keep a stale derivative"),
        format!("let `{name}` store into local variables that hold no derivatives, then assign them to the active data (an assignment of a constant clears its derivative)"),
    )
}

/// The index of the array argument of a sort or search of [`ARRAY_SEARCHES`].
pub fn searched_array(name: &str) -> Option<usize> {
    ARRAY_SEARCHES.iter().find(|(n, _)| *n == name).map(|&(_, i)| i)
}

/// Why a call of [`ARRAY_SEARCHES`] over an array that holds derivatives is refused, and what the
/// user can do.
pub fn array_search_refusal(name: &str) -> (String, String) {
    (
        format!("`{name}` over an array that may hold derivatives: the shadow's elements would have to move with the primal's, which Catalase does not do"),
        format!("sort or search an array of indices instead (`{name}` over int indices whose comparator reads the values), then read the values through the sorted indices; or write the sort in C in the differentiated code"),
    )
}

/// Why a container helper (`calls::MIRRORED`) some of whose pointer arguments have shadows and
/// some none is refused: relinking the shadow structure with it would leave a shadow container
/// that no longer mirrors its primal.
pub fn mirror_message(name: &str) -> String {
    format!("`{name}` links container nodes of which some carry derivatives (have shadows) and some do not, so the shadow container cannot be kept in step with the primal")
}

/// What the user can do about [`mirror_message`].
pub const MIRROR_HELP: &str = "pass the container with enzyme_dup (its shadow built by the same insertions and erasures) and let every node linked into it hold values computed in the differentiated function, or keep the container inactive (enzyme_const)";

/// libstdc++'s out-of-line walkers of red-black tree nodes (`std::_Rb_tree_increment` and
/// `_Rb_tree_decrement`, non-const and const overloads), called again on the shadows as the
/// [`MIRRORED`] relinkers are. They only read links, so called on a shadow that is the primal
/// standing in they return the primal's answer, a stand-in again (the analysis marks the result
/// so): no run-time test is needed.
pub const WALKERS: &[&str] = &[
    "_ZSt18_Rb_tree_incrementPSt18_Rb_tree_node_base",
    "_ZSt18_Rb_tree_incrementPKSt18_Rb_tree_node_base",
    "_ZSt18_Rb_tree_decrementPSt18_Rb_tree_node_base",
    "_ZSt18_Rb_tree_decrementPKSt18_Rb_tree_node_base",
];

/// The parallel runtime (or library) a bodiless function belongs to, for the diagnostic that
/// refuses it: `__kmpc_fork_call` is how clang -fopenmp starts a parallel region, which neither
/// mode differentiates yet; BLAS and LAPACK have no rules yet (ABI §7.6); an `__enzyme_*`
/// function left here is an Enzyme extension Catalase does not implement.
pub fn parallel_runtime(name: &str) -> Option<&'static str> {
    if name.starts_with("__kmpc_") || name.starts_with("GOMP_") || name.starts_with("omp_") {
        Some("OpenMP")
    } else if name.starts_with("MPI_") {
        Some("MPI")
    } else if name.starts_with("pthread_") {
        Some("pthreads")
    } else if is_blas(name) {
        Some("BLAS/LAPACK")
    } else if name.starts_with("__enzyme_") {
        // An Enzyme entry point that Catalase does not implement (checkpointed and fixed-point
        // loops, global-shadow contexts, size hints): never a function to differentiate.
        Some("Enzyme")
    } else {
        None
    }
}

/// Whether `name` is a BLAS or LAPACK routine: CBLAS/cuBLAS (`cblas_ddot`, `cublasDgemm_v2`),
/// LAPACKE, or the Fortran names (`dgemm_`, `ddot`, `dpotrf_64_`): a precision letter and a
/// routine of the reference set.
fn is_blas(name: &str) -> bool {
    const ROUTINES: &[&str] = &[
        "dot", "dotu", "dotc", "axpy", "scal", "copy", "swap", "nrm2", "asum", "rot", "gemv", "gbmv",
        "symv", "sbmv", "spmv", "trmv", "trsv", "ger", "syr", "syr2", "spr", "gemm", "symm", "syrk",
        "syr2k", "trmm", "trsm", "potrf", "potrs", "getrf", "getrs", "gesv", "posv", "lacpy", "lascl",
        "trtrs", "geqrf", "gesvd", "syev",
    ];
    if ["cblas_", "cublas", "LAPACKE_"].iter().any(|p| name.starts_with(p)) {
        return true;
    }
    let base = name.strip_suffix("_64_").or_else(|| name.strip_suffix('_')).unwrap_or(name);
    let mut chars = base.chars();
    matches!(chars.next(), Some('s' | 'd' | 'c' | 'z')) && ROUTINES.contains(&chars.as_str())
}

/// The (message, help) of the error refusing a call of `name`, from [`parallel_runtime`].
pub fn parallel_refusal(name: &str) -> Option<(String, String)> {
    let runtime = parallel_runtime(name)?;
    if runtime == "Enzyme" {
        let help = if name.contains("fixed_point") || name.contains("checkpoint") {
            "remove the call: the loop is then differentiated through every iteration, which gives the same gradient at the cost of taping each iteration"
        } else {
            "see ABI.md §0 for the Enzyme interface Catalase implements; keep this call outside the function that is differentiated"
        };
        return Some((format!("`{name}` is an Enzyme extension that Catalase does not implement"), help.to_string()));
    }
    if runtime == "BLAS/LAPACK" {
        return Some((
            format!("`{name}` is a {runtime} routine, which Catalase has no derivative rules for yet (ABI §7.6)"),
            format!("compile a reference implementation of `{name}` into this translation unit (its body is then differentiated), or register a gradient with `void *__enzyme_register_gradient_{name}[] = {{{name}, augmented, reverse}}` (ABI §6.2)"),
        ));
    }
    let help = match runtime {
        "OpenMP" => "build this file without -fopenmp (the pragma is then ignored and the loop runs serially, and is differentiated), or keep the parallel region outside the function that is differentiated",
        _ => "keep the communication outside the function that is differentiated, or register a rule for the call (ABI §6)",
    };
    Some((format!("`{name}` belongs to the {runtime} runtime, whose parallel regions and communication Catalase does not differentiate yet"), help.to_string()))
}

/// Classify a call.
pub fn classify(module: &Module, env: &Environment, callee: &Callee, call_attrs: &AttrList) -> CallKind {
    let name = match callee {
        Callee::Direct(n) => n.as_str(),
        Callee::Indirect(_) => return CallKind::Indirect,
    };
    // A call that never returns cannot contribute to a derivative.
    if call_attrs.func_has("enzyme_inactive") || call_attrs.func_has("noreturn") || env.inactive_fns.contains(name) {
        return CallKind::Inactive;
    }
    if let Some(id) = module.find_function(name) {
        let attrs = &module.function(id).attrs;
        if attrs.func_has("enzyme_inactive") || attrs.func_has("noreturn") {
            return CallKind::Inactive;
        }
    }
    if env.has_user_rule(name) {
        return CallKind::Custom(name.to_string());
    }
    let effective =
        env.function_like.get(name).map(String::as_str).or_else(|| known::sanitizer_alias(name)).unwrap_or(name);
    if effective.starts_with("llvm.memcpy") || effective.starts_with("llvm.memmove") {
        return CallKind::MemTransfer;
    }
    if effective.starts_with("llvm.memset") {
        return CallKind::MemSet;
    }
    if effective.starts_with("llvm.vector.reduce.fadd") {
        return CallKind::ReduceFAdd;
    }
    if effective.starts_with("llvm.vector.reduce.fmul") {
        return CallKind::ReduceFMul;
    }
    if effective.starts_with("llvm.modf.") || effective.starts_with("llvm.frexp.") {
        return CallKind::SplitFloat;
    }
    if ["llvm.masked.load.", "llvm.masked.gather.", "llvm.masked.expandload."].iter().any(|p| effective.starts_with(p)) {
        return CallKind::MaskedLoad;
    }
    if ["llvm.masked.store.", "llvm.masked.scatter.", "llvm.masked.compressstore."].iter().any(|p| effective.starts_with(p)) {
        return CallKind::MaskedStore;
    }
    if ["llvm.vector.reduce.fmax", "llvm.vector.reduce.fmin", "llvm.vector.reduce.fmaximum", "llvm.vector.reduce.fminimum"]
        .iter()
        .any(|p| effective.starts_with(p))
    {
        return CallKind::ReduceSelect;
    }
    if known::is_inert_intrinsic(effective) {
        return CallKind::Inactive;
    }
    // Registered allocators and deallocators (their bodies are never differentiated).
    if let Some(a) = known::allocation_like(module, name) {
        return CallKind::Alloc(AllocKind::Registered { size: a.size });
    }
    if let Some(p) = known::freed_param(module, name) {
        return CallKind::Free(p);
    }
    let defined = module.find_function(name).filter(|id| !module.function(*id).is_declaration());
    // A user's own definition wins over a library name, unless function_like says otherwise.
    if let (Some(id), false) = (defined, env.function_like.contains_key(name)) {
        return CallKind::Defined(id);
    }
    match effective {
        "memcpy" | "memmove" => return CallKind::MemTransfer,
        "memset" => return CallKind::MemSet,
        "calloc" => return CallKind::Alloc(AllocKind::Calloc),
        "realloc" => return CallKind::Alloc(AllocKind::Realloc),
        "aligned_alloc" | "memalign" => return CallKind::Alloc(AllocKind::Aligned { align: 0, size: 1 }),
        n if known::ALIGNED_NEWS.contains(&n) => return CallKind::Alloc(AllocKind::Aligned { align: 1, size: 0 }),
        n if known::MALLOCS.contains(&n) => return CallKind::Alloc(AllocKind::Malloc),
        n if known::FREES.contains(&n) => return CallKind::Free(0),
        n if MIRRORED.contains(&n) || WALKERS.contains(&n) => return CallKind::Mirror,
        n if searched_array(n).is_some() || parsed_outputs(n).is_some() => return CallKind::Inactive,
        _ => {}
    }
    if let Some(rule) = rules::lookup(effective) {
        return match rule.kind {
            RuleKind::Inactive => CallKind::Inactive,
            _ => CallKind::Rule(rule),
        };
    }
    if env.emptyfn_inactive {
        return CallKind::Inactive;
    }
    if effective.starts_with("llvm.") && !effective.starts_with("llvm.vector.reduce") {
        // Unknown intrinsics are handled like externals: fine while inactive, an error otherwise.
        return CallKind::External;
    }
    CallKind::External
}

/// Whether the call is to a C library math function that touches no memory but `errno`:
/// declared (no body), known as math without output pointers or globals (`known::Math { out: [], globals: [] }`), not an
/// intrinsic (those touch nothing already), not `nobuiltin`, and not `lgamma`, which also sets
/// the global `signgam`. A derivative may call these [`without_errno`], unless the code it is
/// made from reads or writes `errno` itself (the module uses `__errno_location`).
pub fn is_errno_only_math(module: &Module, callee: &Callee, call_attrs: &AttrList) -> bool {
    let Callee::Direct(name) = callee else { return false };
    if name.starts_with("llvm.") || name.starts_with("lgamma") || call_attrs.func_has("nobuiltin") {
        return false;
    }
    if module.find_function("__errno_location").is_some() {
        return false;
    }
    let declared = module.find_function(name).map(|id| module.function(id));
    declared.is_some_and(|f| f.is_declaration() && !f.attrs.func_has("nobuiltin"))
        && known::lookup(name) == Some(known::Known::Math { out: &[], globals: &[] })
}

/// Call-site attributes `attrs` that say the call touches no memory (`memory(none)`, `nounwind`,
/// `willreturn`): for the calls [`is_errno_only_math`] accepts. A derivative never reads `errno`
/// (`catalase_analysis::known` treats these functions as `readnone` for the same reason), and
/// without the write LLVM can vectorize a loop that calls them, as under `-fno-math-errno`: the
/// loops of a derivative otherwise stay scalar, one lane at a time.
pub fn without_errno(attrs: &AttrList) -> AttrList {
    let mut attrs = attrs.clone();
    attrs.func.retain(|a| a.name != "memory");
    attrs.func.push(Attr { name: "memory".into(), value: AttrValue::Int(0) });
    for flag in ["nounwind", "willreturn"] {
        if !attrs.func_has(flag) {
            attrs.func.push(Attr::flag(flag));
        }
    }
    attrs
}

/// The LLVM intrinsic that computes the C math function `name` as the call does, minus the
/// `errno` write: for the functions whose intrinsic takes and returns the same float type as
/// they do (`sinf` → `llvm.sin`, `pow` → `llvm.pow`). LLVM may speculate an intrinsic (hoist it
/// out of a branch inside a loop whose operand does not change), never a library call, even one
/// that touches no memory: a derivative called once per seed direction then computes the
/// primal's `sin`/`cos` once, as a caller's loop over directions hoists the rest of the primal.
pub fn errno_free_intrinsic(name: &str) -> Option<&'static str> {
    const SAME_SHAPE: &[&str] = &[
        "llvm.sin", "llvm.cos", "llvm.tan", "llvm.asin", "llvm.acos", "llvm.atan", "llvm.atan2", "llvm.sinh",
        "llvm.cosh", "llvm.tanh", "llvm.exp", "llvm.exp2", "llvm.exp10", "llvm.log", "llvm.log2", "llvm.log10",
        "llvm.pow",
    ];
    let row = crate::rules::lookup(name)?.name;
    SAME_SHAPE.contains(&row).then_some(row)
}

/// What a derivative calls in place of a primal call to `callee` (signature `sig`, attributes
/// `attrs`) of a libm function that writes only `errno` ([`is_errno_only_math`]): its intrinsic
/// where one has the call's shape ([`errno_free_intrinsic`]; scalar `float`/`double` operands
/// and result of one type), else the same call saying it touches no memory ([`without_errno`]).
/// `None` for every other call, which a derivative makes as the source does. Both modes use it
/// for the primal's own calls.
pub fn errno_free_call(module: &Module, callee: &Callee, sig: &Signature, attrs: &AttrList) -> Option<(Callee, AttrList)> {
    if !is_errno_only_math(module, callee, attrs) {
        return None;
    }
    let ret = &sig.ret;
    let same_shape = matches!(ret, Type::F32 | Type::F64) && sig.params.iter().all(|p| p == ret);
    let intrinsic = match callee {
        Callee::Direct(name) if same_shape => errno_free_intrinsic(name),
        _ => None,
    };
    Some(match intrinsic {
        Some(base) => (Callee::Direct(crate::sink::intrinsic_name(base, ret, None)), AttrList::default()),
        None => (callee.clone(), without_errno(attrs)),
    })
}
