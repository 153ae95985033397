//! Rule rows for C library functions (ABI §7.3 Essential) that have no LLVM intrinsic, the libm
//! names that map onto an intrinsic or instruction row (ABI §7: "a libm name with an LLVM
//! intrinsic equivalent is handled by the intrinsic rule"), and the inactive library calls of
//! §7.4. Names here are already normalized (`sin`, not `sinf` / `__sin_finite`).
//!
//! Edge conventions (`cbrt` and `hypot` at 0, ...) are tabled in the module doc of `rules/mod.rs`.
//! `remainder`'s ∂y is `−roundeven(x/y)` (remainder rounds ties to even; ABI says `round`, which
//! differs only at the jumps); `remquo(x, y, int *q)` has `remainder`'s partials and is a
//! [`RuleKind::Frexp`](super::RuleKind::Frexp) row: the quotient bits it writes through q carry none. `erf`/`erfc` use `2/√π·e^(−x²)`.
//!
//! `frexp(x, int *e)` is [`RuleKind::Frexp`](super::RuleKind::Frexp): the mantissa m = x·2^(−e)
//! has ∂x = 2^(−e), written as `m / x` (exact: the ratio is a power of two) and 1 at x = 0.
//!
//! ABI §7.3 Rarer, where glibc has the function: Bessel `j0`/`y0` (−j1/−y1), `j1`/`y1`
//! (J0 − J1/x, reusing the result; 1/2 near 0 for j1), `jn`/`yn` ((C_{n−1} − C_{n+1})/2);
//! `fdim` (1/−1 where x > y, else 0); `nextafter(x, y)` (1 in x, 0 in y: it moves x by one ulp).
//! Their partials call libm's Bessel functions ([`Elem::is_library`]). `lgamma`/`tgamma` are in
//! `gamma.rs`. Not rows (a call with active arguments is a `no-derivative` diagnostic naming
//! it): `lgamma_r` (it writes the sign through a pointer) and what glibc 2.36 does not have
//! (`sinpi`, `cospi`, `erfinv`, `erfi`, `sinc`).

use std::f64::consts::FRAC_2_SQRT_PI;

use super::build::*;
use super::expr::Elem;
use super::{inactive, row, Partial, Partial::Expr as P, Rule, RuleKind};

pub(super) fn rows() -> Vec<Rule> {
    let erf_slope = || mul(k(FRAC_2_SQRT_PI), call1(Elem::Exp, neg(sq(arg(0)))));
    let mut rows = vec![
        row("cbrt", vec![P(div(result(), mul(k(3.0), arg(0))))]),
        row(
            "hypot",
            // At (0, 0) there is no derivative; give 0 (as sqrt at 0) so that a zero tangent
            // stays zero instead of becoming 0·NaN.
            vec![
                P(if_eq(result(), k(0.0), k(0.0), div(arg(0), result()))),
                P(if_eq(result(), k(0.0), k(0.0), div(arg(1), result()))),
            ],
        ),
        row("log1p", vec![P(div(k(1.0), add(k(1.0), arg(0))))]),
        // The inverse hyperbolics: asinh' = 1/√(x²+1) = 1/cosh(asinh x) (no x² to overflow),
        // acosh' = 1/√(x²−1) = 1/sinh(acosh x) (+inf at 1), atanh' = 1/((1−x)(1+x)), which
        // keeps its precision near ±1 where 1 − x² would cancel.
        row("asinh", vec![P(div(k(1.0), call1(Elem::Cosh, result())))]),
        row("acosh", vec![P(div(k(1.0), call1(Elem::Sinh, result())))]),
        row("atanh", vec![P(div(k(1.0), mul(sub(k(1.0), arg(0)), add(k(1.0), arg(0)))))]),
        row("expm1", vec![P(call1(Elem::Exp, arg(0)))]),
        row(
            "remainder",
            vec![
                P(k(1.0)),
                P(neg(call1(Elem::Roundeven, div(arg(0), arg(1))))),
            ],
        ),
        // remquo(x, y, int *q): the remainder of `remainder` (x − n·y, n = x/y rounded to even),
        // and the low bits of n written through q, which carry no derivative.
        Rule {
            name: "remquo",
            kind: RuleKind::Frexp,
            outputs: vec![vec![
                P(k(1.0)),
                P(neg(call1(Elem::Roundeven, div(arg(0), arg(1))))),
                Partial::Zero,
            ]],
        },
        row("erf", vec![P(erf_slope())]),
        row("erfc", vec![P(neg(erf_slope()))]),
        row(
            "fdim",
            // x − y where x > y, else +0: 1 / −1 there, 0 elsewhere (x = y and NaN included).
            vec![
                P(if_lt(arg(1), arg(0), k(1.0), k(0.0))),
                P(if_lt(arg(1), arg(0), k(-1.0), k(0.0))),
            ],
        ),
        row("nextafter", vec![P(k(1.0)), Partial::Zero]),
        row("j0", vec![P(neg(call1(Elem::J1, arg(0))))]),
        row("y0", vec![P(neg(call1(Elem::Y1, arg(0))))]),
        // J1' = J0 − J1/x, which is 0/0 at x = 0 and loses precision where J1(x) ≈ x/2 is
        // subnormal: below |x| = 1e−8 it is 1/2 − 3x²/16, which rounds to 1/2.
        row(
            "j1",
            vec![P(if_lt(sq(arg(0)), k(1e-16), k(0.5), sub(call1(Elem::J0, arg(0)), div(result(), arg(0)))))],
        ),
        row("y1", vec![P(sub(call1(Elem::Y0, arg(0)), div(result(), arg(0))))]),
        bessel_n("jn", Elem::Jn),
        bessel_n("yn", Elem::Yn),
        Rule {
            name: "frexp",
            kind: RuleKind::Frexp,
            outputs: vec![vec![
                P(if_eq(arg(0), k(0.0), k(1.0), div(result(), arg(0)))),
                Partial::Zero,
            ]],
        },
    ];
    rows.extend(INACTIVE.iter().map(|name| inactive(name)));
    rows.extend(INACTIVE_PREFIXES.iter().map(|name| inactive(name)));
    rows
}

/// `jn(n, x)` / `yn(n, x)`: ∂x = (C_{n−1}(x) − C_{n+1}(x))/2, which holds for every integer n
/// (negative ones too) and is exact at x = 0; n is an integer and carries no derivative.
fn bessel_n(name: &'static str, f: Elem) -> Rule {
    let order = |d: i64| call(f, vec![int_add(arg(0), d), arg(1)]);
    row(name, vec![Partial::Zero, P(mul(k(0.5), sub(order(-1), order(1))))])
}

/// Library names handled by an intrinsic or instruction row: (libm name, row name).
pub(super) const ALIASES: &[(&str, &str)] = &[
    ("sin", "llvm.sin"),
    ("cos", "llvm.cos"),
    ("tan", "llvm.tan"),
    ("asin", "llvm.asin"),
    ("acos", "llvm.acos"),
    ("atan", "llvm.atan"),
    ("atan2", "llvm.atan2"),
    ("sinh", "llvm.sinh"),
    ("cosh", "llvm.cosh"),
    ("tanh", "llvm.tanh"),
    ("exp", "llvm.exp"),
    ("exp2", "llvm.exp2"),
    ("exp10", "llvm.exp10"),
    ("log", "llvm.log"),
    ("log2", "llvm.log2"),
    ("log10", "llvm.log10"),
    ("sqrt", "llvm.sqrt"),
    ("pow", "llvm.pow"),
    ("__powidf2", "llvm.powi"),
    ("__powisf2", "llvm.powi"),
    ("fma", "llvm.fma"),
    ("fabs", "llvm.fabs"),
    ("copysign", "llvm.copysign"),
    ("fmin", "llvm.minnum"),
    ("fmax", "llvm.maxnum"),
    ("fminimum", "llvm.minimum"),
    ("fmaximum", "llvm.maximum"),
    ("fminimum_num", "llvm.minimumnum"),
    ("fmaximum_num", "llvm.maximumnum"),
    ("fmod", "frem"),
    ("ldexp", "llvm.ldexp"),
    ("scalbn", "llvm.ldexp"),
    ("scalbln", "llvm.ldexp"),
    ("floor", "llvm.floor"),
    ("ceil", "llvm.ceil"),
    ("trunc", "llvm.trunc"),
    ("rint", "llvm.rint"),
    ("nearbyint", "llvm.nearbyint"),
    ("round", "llvm.round"),
    ("roundeven", "llvm.roundeven"),
    ("lrint", "llvm.lrint"),
    ("llrint", "llvm.llrint"),
    ("lround", "llvm.lround"),
    ("llround", "llvm.llround"),
];

/// Library calls with no derivative and no effect on shadows (ABI §7.4).
const INACTIVE: &[&str] = &[
    "abort",
    "time",
    "gettimeofday",
    "stat",
    "mkdir",
    "memcmp",
    // what LLVM makes of `memcmp(a, b, n) == 0` (std::string keys of an unordered_map)
    "bcmp",
    "memchr",
    // integer results of C strings (std::string's keys and labels built from literals)
    "strlen",
    "strnlen",
    "strcmp",
    "strncmp",
    "wcslen",
    // numbers parsed from C strings (a constant read from a literal, an option from argv): the
    // characters carry no derivative, `*endptr` is a character pointer
    "atof",
    "atoi",
    "atol",
    "atoll",
    "strtod",
    // tokens split off a C string in place (its characters), the pointer returned points into it;
    // `strtok_r` and `sscanf` store through pointers (`calls::PARSERS`)
    "strtok",
    "strtof",
    "strtold",
    "strtol",
    "strtoll",
    "strtoul",
    "strtoull",
    // the environment's strings (a run-time option read inside the function)
    "getenv",
    "secure_getenv",
    // C strings searched and copied (labels, file names, options): characters carry no
    // derivative, the pointers returned point into the strings
    "strchr",
    "strrchr",
    "strstr",
    "strpbrk",
    "strspn",
    "strcspn",
    "strcpy",
    "strncpy",
    "strcat",
    "strncat",
    // files opened, closed and queried for logs and checkpoints written from the function
    "fopen",
    "fclose",
    "feof",
    "ferror",
    "fileno",
    "perror",
    "clock",
    "clock_gettime",
    "compress2",
    "__assert_fail",
    "__cxa_atexit",
    "__cxa_guard_acquire",
    "__cxa_guard_release",
    "__cxa_guard_abort",
    "printf",
    "fprintf",
    "sprintf",
    "snprintf",
    "vprintf",
    "vsnprintf",
    "__printf_chk",
    "__fprintf_chk",
    "__sprintf_chk",
    "__snprintf_chk",
    "__vsnprintf_chk",
    "puts",
    "putchar",
    "fputs",
    "fputc",
    "fwrite",
    "fflush",
    "logb",
    // Integer results of a float: the exponent, and the classification calls glibc's math.h
    // makes of isinf/isnan/finite/signbit/fpclassify where it does not expand them inline.
    "ilogb",
    "__isinf",
    "__isnan",
    "__finite",
    "__signbit",
    "__fpclassify",
    "__issignaling",
    "malloc_usable_size",
    "malloc_size",
    "_msize",
    "omp_get_thread_num",
    "omp_get_num_threads",
    "omp_get_max_threads",
    "omp_get_num_procs",
    "omp_in_parallel",
    "omp_get_wtime",
    "__kmpc_global_thread_num",
    "MPI_Init",
    "MPI_Init_thread",
    "MPI_Initialized",
    "MPI_Finalize",
    "MPI_Comm_rank",
    "MPI_Comm_size",
    "MPI_Barrier",
    "MPI_Wtime",
    "cudaGetDevice",
    "cudaGetDeviceCount",
    "cudaGetDeviceProperties",
    // libstdc++'s integer helpers of its node containers: the bucket count an unordered
    // container grows to (std::__detail::_Prime_rehash_policy::_M_need_rehash, _M_next_bkt;
    // they update the policy's own integer state, which the shadow container never reads) and
    // a red-black tree's black height (std::_Rb_tree_black_count, which only reads colours).
    "_ZNKSt8__detail20_Prime_rehash_policy14_M_need_rehashEmmm",
    "_ZNKSt8__detail20_Prime_rehash_policy11_M_next_bktEm",
    "_ZSt20_Rb_tree_black_countPKSt18_Rb_tree_node_baseS1_",
];

/// Name prefixes of inactive runtime families (ABI §7.4): C++ iostream/string/locale/hash by
/// mangled or demangled name, Rust formatting and printing. Each is also a row of its own name.
pub(super) const INACTIVE_PREFIXES: &[&str] = &[
    "_ZNSo",
    "_ZNSi",
    // std::wostream / std::wistream (std::wcout.put, operator<< of numbers)
    "_ZNSt13basic_ostreamIwSt11char_traitsIwEE",
    "_ZNSt13basic_istreamIwSt11char_traitsIwEE",
    "_ZStlsI",
    "_ZStrsI",
    "_ZSt4endl",
    "_ZSt5flushI",
    "_ZSt16__ostream_insert",
    "_ZNSt8ios_base",
    "_ZNSt9basic_ios",
    "_ZNKSt9basic_ios",
    "_ZNSt6locale",
    "_ZNKSt6locale",
    "_ZNKSt5ctype",
    "_ZNSt7__cxx1112basic_string",
    "_ZNKSt7__cxx1112basic_string",
    "_ZNSt7__cxx1118basic_stringstream",
    "_ZNSt7__cxx1119basic_ostringstream",
    "_ZNSt7__cxx1119basic_istringstream",
    "_ZNKSt7__cxx1118basic_stringstream",
    "_ZNKSt7__cxx1119basic_ostringstream",
    "_ZNKSt7__cxx1119basic_istringstream",
    "_ZNSt7__cxx1115basic_stringbuf",
    "_ZNKSt7__cxx1115basic_stringbuf",
    // File streams and their buffers: what they read comes from a file, a constant.
    "_ZNSt14basic_ifstream",
    "_ZNKSt14basic_ifstream",
    "_ZNSt14basic_ofstream",
    "_ZNKSt14basic_ofstream",
    "_ZNSt13basic_fstream",
    "_ZNKSt13basic_fstream",
    "_ZNSt13basic_filebuf",
    "_ZNKSt13basic_filebuf",
    "_ZNSt15basic_streambuf",
    "_ZNKSt15basic_streambuf",
    // std::allocator<char> / <wchar_t>: an empty class whose constructors and destructor
    // libstdc++ instantiates out of line (std::string's temporaries at -O0).
    "_ZNSaIcEC",
    "_ZNSaIcED",
    "_ZNSaIwEC",
    "_ZNSaIwED",
    "_ZN9__gnu_cxx12__to_xstring",
    // std::exception's destructors: the base of every library exception (std::bad_variant_access
    // on std::visit's throwing path, reached at -O0), which holds no derivatives.
    "_ZNSt9exceptionD",
    "_ZSt11_Hash_bytes",
    "_ZN4core3fmt",
    "_ZN3std2io5stdio6_print",
    "std::basic_ostream",
    "std::basic_istream",
    "std::ostream",
    "std::istream",
    "std::operator<<",
    "std::endl",
    "std::flush",
    "std::basic_ifstream",
    "std::basic_ofstream",
    "std::basic_fstream",
    "std::basic_filebuf",
    "std::basic_streambuf",
    "std::ios_base",
    "std::locale",
    "std::__cxx11::basic_string",
    "std::_Hash_bytes",
    "core::fmt",
    "std::io::stdio::_print",
];
