//! Derivative generation (DESIGN.md §5): the rule table, what a caller may ask for, and
//! forward mode. Reverse and split modes will stand on the same pieces.
pub mod env;
pub mod forward;
pub mod request;
pub mod rules;
