//! Derivative generation: the rule table, forward mode, and (later) reverse and split modes.
pub mod rules;
