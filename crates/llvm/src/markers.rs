//! markers (in progress)
