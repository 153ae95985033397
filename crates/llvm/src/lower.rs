//! lower (in progress)
