//! attrs (in progress)
