//! raise (in progress)
