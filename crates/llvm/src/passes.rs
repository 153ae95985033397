//! passes (in progress)
