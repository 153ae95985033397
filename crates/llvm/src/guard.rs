//! Turning a panic inside Catalase into an internal-error diagnostic, so that no panic (and no
//! exit code 101) ever reaches the user.
//!
//! A process-wide panic hook records the panic's message and location for the current thread
//! instead of printing it (set `RUST_BACKTRACE=1` to also get Rust's usual report).

use std::any::Any;
use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use catalase_ir::diag::{DiagKind, Diagnostic};

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Run `work`; a panic becomes an `Internal` diagnostic naming `stage`.
pub fn catch_panic<R>(stage: &str, work: impl FnOnce() -> R) -> Result<R, Diagnostic> {
    install_hook();
    LAST_PANIC.with(|last| last.borrow_mut().take());
    panic::catch_unwind(AssertUnwindSafe(work)).map_err(|payload| {
        let detail = LAST_PANIC.with(|last| last.borrow_mut().take()).unwrap_or_else(|| payload_text(payload.as_ref()));
        Diagnostic::error(DiagKind::Internal, format!("internal error during {stage}: Catalase panicked: {detail}"))
            .with_help("this is a Catalase bug; please report it with the input module")
    })
}

fn install_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default_hook = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let mut detail = payload_text(info.payload());
            if let Some(loc) = info.location() {
                detail = format!("{detail} (at {}:{})", loc.file(), loc.line());
            }
            LAST_PANIC.with(|last| *last.borrow_mut() = Some(detail));
            if std::env::var("RUST_BACKTRACE").is_ok_and(|value| !value.is_empty() && value != "0") {
                default_hook(info);
            }
        }));
    });
}

fn payload_text(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_becomes_internal_diagnostic() {
        let diag = catch_panic("testing", || -> u32 { panic!("boom {}", 7) }).expect_err("caught");
        assert_eq!(diag.kind, DiagKind::Internal);
        assert!(diag.message.contains("internal error during testing"), "{}", diag.message);
        assert!(diag.message.contains("boom 7"), "{}", diag.message);
        assert!(diag.message.contains("guard.rs"), "location recorded: {}", diag.message);
        assert_eq!(catch_panic("testing", || 5).ok(), Some(5));
    }
}
