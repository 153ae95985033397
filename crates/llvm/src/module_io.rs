//! module_io (in progress)
