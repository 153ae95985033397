//! Name normalization for rule lookup (ABI §7, "Name normalization"): LLVM intrinsic type
//! suffixes (`llvm.powi.f64.i32` → `llvm.powi`), vendor wrappers (`__X_finite`, `__fd_X_1`,
//! `__nv_X` → `X`) and the `f`/`l` precision suffix (`sinf` → `sin`, only when the stripped name
//! is known, so `erf` stays `erf` and `modf` does not become `mod`).

/// The known name `name` stands for, trying the spellings above in order; `None` if none is known.
pub(super) fn resolve<'a>(name: &'a str, known: &dyn Fn(&str) -> bool) -> Option<&'a str> {
    if known(name) {
        return Some(name);
    }
    if name.starts_with("llvm.") {
        return strip_type_suffixes(name, known);
    }
    let base = strip_wrapper(name);
    if known(base) {
        return Some(base);
    }
    let stripped = base.strip_suffix('f').or_else(|| base.strip_suffix('l'))?;
    known(stripped).then_some(stripped)
}

/// Drops trailing `.`-separated type components (`f64`, `v4f32`, `nxv2f64`, `i32`, `p0`) one at a
/// time until the name is known.
fn strip_type_suffixes<'a>(name: &'a str, known: &dyn Fn(&str) -> bool) -> Option<&'a str> {
    let mut end = name.len();
    while let Some(dot) = name[..end].rfind('.') {
        if !is_type_suffix(&name[dot + 1..end]) {
            return None;
        }
        end = dot;
        if known(&name[..end]) {
            return Some(&name[..end]);
        }
    }
    None
}

/// Whether `s` spells an LLVM overload type: `[v<N>|nxv<N>](f|i|bf|ppcf)<bits>` or `p<addrspace>`.
pub(super) fn is_type_suffix(s: &str) -> bool {
    if let Some(space) = s.strip_prefix('p') {
        if all_digits(space) {
            return true;
        }
    }
    let elem = if let Some(rest) = s.strip_prefix("nxv").or_else(|| s.strip_prefix('v')) {
        let lanes = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if lanes == 0 {
            return false;
        }
        &rest[lanes..]
    } else {
        s
    };
    ["ppcf", "bf", "f", "i"]
        .iter()
        .any(|kind| elem.strip_prefix(kind).is_some_and(all_digits))
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `__nv_X`, `__fd_X_1`, `__X_finite` → `X`; anything else unchanged.
fn strip_wrapper(name: &str) -> &str {
    if let Some(x) = name.strip_prefix("__nv_") {
        return x;
    }
    if let Some(x) = name
        .strip_prefix("__fd_")
        .and_then(|x| x.strip_suffix("_1"))
    {
        return x;
    }
    if let Some(x) = name
        .strip_prefix("__")
        .and_then(|x| x.strip_suffix("_finite"))
    {
        return x;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_suffixes() {
        for s in [
            "f64", "f32", "f16", "bf16", "ppcf128", "f128", "v4f32", "nxv2f64", "i32", "i64", "p0",
            "v8i16",
        ] {
            assert!(is_type_suffix(s), "{s}");
        }
        for s in [
            "sin",
            "with",
            "probability",
            "v",
            "f",
            "vf32",
            "start",
            "256",
            "ps",
            "p",
        ] {
            assert!(!is_type_suffix(s), "{s}");
        }
    }

    #[test]
    fn resolution() {
        let known = |n: &str| {
            [
                "sin",
                "erf",
                "fma",
                "llvm.powi",
                "llvm.sin",
                "llvm.minimum",
                "llvm.minimumnum",
            ]
            .contains(&n)
        };
        let r = |n| resolve(n, &known);
        assert_eq!(r("sinf"), Some("sin"));
        assert_eq!(r("sinl"), Some("sin"));
        assert_eq!(r("erf"), Some("erf"));
        assert_eq!(r("erff"), Some("erf"));
        assert_eq!(r("fmaf"), Some("fma"));
        assert_eq!(r("modf"), None);
        assert_eq!(r("__sin_finite"), Some("sin"));
        assert_eq!(r("__sinf_finite"), Some("sin"));
        assert_eq!(r("__fd_sin_1"), Some("sin"));
        assert_eq!(r("__nv_sinf"), Some("sin"));
        assert_eq!(r("llvm.sin.v4f32"), Some("llvm.sin"));
        assert_eq!(r("llvm.powi.f64.i32"), Some("llvm.powi"));
        assert_eq!(r("llvm.minimumnum.f32"), Some("llvm.minimumnum"));
        assert_eq!(r("llvm.minimum.f32"), Some("llvm.minimum"));
        assert_eq!(r("llvm.sin.foo"), None);
        assert_eq!(r("llvm.sinf"), None);
        assert_eq!(r("sinff"), None);
    }
}
