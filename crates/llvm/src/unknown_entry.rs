//! Calls of `__enzyme_*` functions that are still in the module once every marker call is
//! rewritten and every helper lowered: a misspelt entry point (`__enzyme_autodif`), or an
//! Enzyme function Catalase does not provide, called where nothing is differentiated. Left
//! alone, each would surface only as the linker's "undefined reference"; here it is an error at
//! the call, naming the entry point the user probably meant.

use catalase_ir::diag::{DiagKind, Diagnostic};
use llvm_sys::core::*;
use llvm_sys::prelude::*;

use crate::markers::ll;

/// The functions of Enzyme's interface that Catalase rewrites or lowers (ABI §1), the names a
/// misspelling is compared with.
const KNOWN: [&str; 16] = [
    "__enzyme_autodiff",
    "__enzyme_fwddiff",
    "__enzyme_augmentfwd",
    "__enzyme_augmentsize",
    "__enzyme_reverse",
    "__enzyme_batch",
    "__enzyme_fwdsplit",
    "__enzyme_virtualreverse",
    "__enzyme_call_inactive",
    "__enzyme_ignore_derivatives",
    "__enzyme_iter",
    "__enzyme_float",
    "__enzyme_double",
    "__enzyme_integer",
    "__enzyme_pointer",
    "__enzyme_error_estimate",
];

/// One error per bodiless `__enzyme_*` function that some instruction still calls, at its first
/// call in module order.
///
/// # Safety
/// `module` must be a valid module owned by the caller for the duration of the call.
pub unsafe fn check(module: LLVMModuleRef) -> Result<(), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    for f in ll::functions(module) {
        let name = ll::name(f);
        let Some(at) = name.find("__enzyme_") else { continue };
        if LLVMCountBasicBlocks(f) > 0 {
            continue;
        }
        let mut sites = std::collections::HashSet::new();
        ll::collect_calls_of(f, &mut sites, 0);
        let Some(first) = ll::functions(module)
            .into_iter()
            .filter(|g| sites.iter().any(|&s| ll::parent_function(s) == *g))
            .flat_map(ll::function_instructions)
            .find(|i| sites.contains(i))
        else {
            continue;
        };
        // The C name inside a C++ mangling (`_Z16__enzyme_autodifPvz`): up to the first
        // character that cannot be part of it.
        let word: String =
            name[at..].chars().take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_').collect();
        if KNOWN.iter().any(|k| word.contains(k)) {
            continue; // a known function (ABI §1 matches names by substring): its own lowering speaks
        }
        let help = match nearest(&word) {
            Some(known) => format!("did you mean `{known}`? (ABI §1 lists the entry points)"),
            None => "Catalase provides the entry points of ABI §1 (`__enzyme_autodiff`, `__enzyme_fwddiff`, \
                     `__enzyme_augmentfwd`, `__enzyme_reverse`, ...); other `__enzyme_*` functions are not \
                     implemented"
                .to_string(),
        };
        let msg = format!(
            "`{word}` is not an Enzyme function Catalase knows: the call would stay undefined and fail to link"
        );
        errors.push(
            Diagnostic::error(DiagKind::CallingError, msg)
                .in_function(ll::name(ll::parent_function(first)))
                .at_inst(ll::print_value(first))
                .at_loc(ll::debug_loc(first))
                .with_help(help),
        );
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The known name within edit distance 2 of `word` (the closest).
fn nearest(word: &str) -> Option<&'static str> {
    KNOWN
        .iter()
        .map(|k| (distance(word, k), *k))
        .filter(|&(d, _)| d <= 2)
        .min()
        .map(|(_, k)| k)
}

/// Levenshtein distance between two ASCII words.
fn distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspellings_find_the_entry_point() {
        assert_eq!(nearest("__enzyme_autodif"), Some("__enzyme_autodiff"));
        assert_eq!(nearest("__enzyme_fwdiff"), Some("__enzyme_fwddiff"));
        assert_eq!(nearest("__enzyme_autodiff"), Some("__enzyme_autodiff"));
        assert_eq!(nearest("__enzyme_todense"), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
