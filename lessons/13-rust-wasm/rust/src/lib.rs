//! A WebAssembly module with a plain C ABI: its exports take and return only numbers, and
//! bytes travel through the module's linear memory. Any host can call it (Node, a browser,
//! wasmtime) with nothing but the standard WebAssembly API; see host.mjs.
//!
//! Build it: `rustup target add wasm32-unknown-unknown`, then
//! `cargo build --release --target wasm32-unknown-unknown` (the file is in target/…/release/).
//! Offline on Debian: `/usr/bin/rustc --edition 2021 --target wasm32-unknown-unknown
//! --crate-type cdylib -C opt-level=s -C lto -C strip=symbols src/lib.rs -o wasm_checksum.wasm`.
//!
//! The article's `greet(name: &str) -> String` needs `#[wasm_bindgen]`: Wasm functions cannot
//! take a `&str`, so wasm-bindgen generates JS glue that copies strings in and out, and that
//! glue comes from the `wasm-bindgen` CLI (or wasm-pack), whose version must match the crate's
//! exactly. Great for browser apps; here we do the copying ourselves with `wb_alloc`.

use std::alloc::{alloc_zeroed, dealloc, Layout};
use std::ptr::NonNull;

/// Adler-32, the checksum in zlib streams. Safe, ordinary Rust: this is the part worth testing.
pub fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    // Reduce only every 5552 bytes: the largest run for which `b` cannot overflow a u32.
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

/// Reserves `len` zeroed bytes in linear memory for the host to fill. Returns null if out of memory.
/// Zeroed rather than uninitialised, so reading it is defined behaviour even if the host
/// writes less than it asked for.
#[no_mangle]
pub extern "C" fn wb_alloc(len: usize) -> *mut u8 {
    match Layout::array::<u8>(len) {
        Ok(_) if len == 0 => NonNull::dangling().as_ptr(), // zero-size allocation is not allowed
        // SAFETY: the layout has a non-zero size, checked just above.
        Ok(layout) => unsafe { alloc_zeroed(layout) },
        Err(_) => std::ptr::null_mut(),
    }
}

/// Frees a buffer from `wb_alloc`.
///
/// # Safety
/// `ptr` must come from `wb_alloc(len)` with the same `len`, and must not be used afterwards.
#[no_mangle]
pub unsafe extern "C" fn wb_dealloc(ptr: *mut u8, len: usize) {
    if len != 0 && !ptr.is_null() {
        // SAFETY: the caller guarantees `ptr` was allocated by `wb_alloc` with this same layout.
        dealloc(ptr, Layout::array::<u8>(len).expect("same layout as in wb_alloc"));
    }
}

/// Adler-32 of `len` bytes at `ptr`.
///
/// # Safety
/// `ptr..ptr + len` must be readable, e.g. a buffer from `wb_alloc(len)`.
#[no_mangle]
pub unsafe extern "C" fn wb_adler32(ptr: *const u8, len: usize) -> u32 {
    if len == 0 {
        return adler32(&[]); // `ptr` may be dangling for an empty buffer: do not touch it
    }
    // SAFETY: the caller guarantees the range is valid; we only read it, and only during this call.
    adler32(std::slice::from_raw_parts(ptr, len))
}

/// Upper-cases ASCII letters in place: a "string" argument without any glue code. The host
/// writes UTF-8 into a buffer, calls this, and decodes the same buffer afterwards.
///
/// # Safety
/// `ptr..ptr + len` must be readable and writable, and not used by anything else meanwhile.
#[no_mangle]
pub unsafe extern "C" fn wb_ascii_uppercase(ptr: *mut u8, len: usize) {
    if len != 0 {
        // SAFETY: the caller guarantees exclusive access to the range for the call's duration.
        std::slice::from_raw_parts_mut(ptr, len).make_ascii_uppercase();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_checksums() {
        assert_eq!(adler32(b""), 1);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    }

    #[test]
    fn deferred_reduction_matches_reducing_every_byte() {
        let data: Vec<u8> =
            (0..200_000u32).map(|i| (i * 7 % 256) as u8).chain([255; 10_000]).collect();
        let (mut a, mut b) = (1u32, 0u32);
        for &byte in &data {
            a = (a + u32::from(byte)) % 65_521;
            b = (b + a) % 65_521;
        }
        assert_eq!(adler32(&data), (b << 16) | a);
    }

    // The exports, called natively the way a host calls them: allocate, write, call, free.
    #[test]
    fn exports_work_through_raw_memory() {
        let text = b"Hello, Wasm!";
        let ptr = wb_alloc(text.len());
        assert!(!ptr.is_null());
        unsafe {
            ptr.copy_from_nonoverlapping(text.as_ptr(), text.len());
            assert_eq!(wb_adler32(ptr, text.len()), adler32(text));
            wb_ascii_uppercase(ptr, text.len());
            assert_eq!(std::slice::from_raw_parts(ptr, text.len()), b"HELLO, WASM!");
            wb_dealloc(ptr, text.len());
        }
    }

    #[test]
    fn empty_buffers_are_handled() {
        let ptr = wb_alloc(0);
        unsafe {
            assert_eq!(wb_adler32(ptr, 0), 1);
            wb_ascii_uppercase(ptr, 0);
            wb_dealloc(ptr, 0);
        }
    }
}
