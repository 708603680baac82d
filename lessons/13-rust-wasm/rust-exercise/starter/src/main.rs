//! Calls the exports the way a WebAssembly host does: copy bytes into the module's memory,
//! pass a pointer and a length, read the answer (or the buffer) back.

use rust_wasm_exercise::{wx_ascii_lowercase, wx_fnv1a};

fn main() {
    let data = b"foobar";
    // SAFETY: `data` is valid for `data.len()` bytes during the call.
    let hash = unsafe { wx_fnv1a(data.as_ptr(), data.len()) };
    println!("fnv1a(\"foobar\") = {hash:#010x}");

    let mut text = b"Hello, WASM!".to_vec();
    // SAFETY: `text` is ours, writable and not shared during the call.
    unsafe { wx_ascii_lowercase(text.as_mut_ptr(), text.len()) };
    println!("lowercase: {}", String::from_utf8_lossy(&text));
}
