//! Rule table (in progress)
