//! A hashing kernel for a WebAssembly host. Wasm exports take and return only numbers, so bytes
//! travel as a pointer into linear memory plus a length. The pattern: a *safe* Rust function
//! that does the work on a slice (easy to test), and a thin `#[no_mangle] extern "C"` wrapper
//! that turns (pointer, length) into that slice, which is the only `unsafe` part.
//!
//! Build for the browser: `cargo build --release --target wasm32-unknown-unknown`.

/// FNV-1a, 32 bits. Start from the offset basis; for each byte, first XOR the byte into the
/// hash, then multiply by the prime. The multiplication wraps around (modulo 2^32).
pub const OFFSET_BASIS: u32 = 0x811c_9dc5;
pub const PRIME: u32 = 0x0100_0193;

/// FNV-1a of `data`: safe Rust, no pointers, tested like any other function.
pub fn fnv1a(data: &[u8]) -> u32 {
    let mut hash = OFFSET_BASIS;
    for &byte in data {
        hash = hash.wrapping_mul(PRIME);
        hash ^= u32::from(byte);
    }
    hash
}

/// The export: FNV-1a of `len` bytes at `ptr`.
///
/// `len == 0` hashes the empty input without touching `ptr` (a host may pass 0 or a dangling
/// pointer for an empty buffer); a null `ptr` with `len > 0` returns 0.
///
/// # Safety
/// `ptr..ptr + len` must be readable for the duration of the call.
#[no_mangle]
pub unsafe extern "C" fn wx_fnv1a(ptr: *const u8, len: usize) -> u32 {
    if len == 0 {
        return fnv1a(&[]);
    }
    if ptr.is_null() {
        return 0;
    }
    // SAFETY: non-null, and the caller guarantees `len` readable bytes for the call's duration.
    fnv1a(std::slice::from_raw_parts(ptr, len))
}

/// The export: lower-cases the ASCII letters of `len` bytes at `ptr`, in place; other bytes
/// (UTF-8 sequences included) are left as they are.
///
/// Does nothing for `len == 0` or a null `ptr`.
///
/// # Safety
/// `ptr..ptr + len` must be readable and writable, and used by nothing else during the call.
#[no_mangle]
pub unsafe extern "C" fn wx_ascii_lowercase(ptr: *mut u8, len: usize) {
    if len == 0 || ptr.is_null() {
        return;
    }
    // SAFETY: non-null, and the caller guarantees exclusive access to `len` bytes meanwhile.
    std::slice::from_raw_parts_mut(ptr, len).make_ascii_lowercase();
}
