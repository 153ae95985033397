//! Reading the input and writing the output of `catalase opt`: `-` means stdin/stdout, and a
//! file is written atomically (a temporary file in the same folder, then a rename), so that on
//! any error the user's files are left exactly as they were.

use std::fs::{self, File, OpenOptions};
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

/// Read all of `path` (`-` = stdin).
pub fn read_input(path: &str) -> io::Result<Vec<u8>> {
    if path == "-" {
        let mut bytes = Vec::new();
        io::stdin().lock().read_to_end(&mut bytes)?;
        Ok(bytes)
    } else {
        fs::read(path)
    }
}

/// How `path` is called in messages and inside LLVM (the module identifier).
pub fn display_name(path: &str) -> &str {
    if path == "-" {
        "<stdin>"
    } else {
        path
    }
}

/// True when `path` is stdout and stdout is a terminal (no place for bitcode).
pub fn is_terminal_stdout(path: &str) -> bool {
    path == "-" && io::stdout().is_terminal()
}

/// Write `bytes` to `path` (`-` = stdout). A file is replaced atomically; on error it is untouched.
pub fn write_output(path: &str, bytes: &[u8]) -> io::Result<()> {
    if path == "-" {
        let mut out = io::stdout().lock();
        out.write_all(bytes)?;
        return out.flush();
    }
    let target = Path::new(path);
    // Devices and pipes (`/dev/null`, `/dev/stdout`, a fifo) are written in place: renaming a
    // file over them would replace the device node itself.
    if let Ok(meta) = fs::metadata(target) {
        if !meta.is_file() && !meta.is_dir() {
            let mut out = OpenOptions::new().write(true).open(target)?;
            return out.write_all(bytes).and_then(|()| out.flush());
        }
    }
    let temp = temp_path_for(target)?;
    let written = write_new_file(&temp, bytes).and_then(|()| fs::rename(&temp, target));
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// A fresh name next to `target`, so the final rename stays within one file system.
fn temp_path_for(target: &Path) -> io::Result<PathBuf> {
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the output path names no file"))?;
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".catalase-{}.tmp", std::process::id()));
    Ok(folder.join(temp_name))
}

fn write_new_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file: File = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}
