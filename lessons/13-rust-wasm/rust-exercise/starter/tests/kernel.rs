//! Lesson-owned check, run natively. The exports are declared here by their *symbol names*, the
//! way a host sees them, so `#[no_mangle]` and `extern "C"` must stay on them for this to link.

use rust_wasm_exercise::fnv1a;

extern "C" {
    fn wx_fnv1a(ptr: *const u8, len: usize) -> u32;
    fn wx_ascii_lowercase(ptr: *mut u8, len: usize);
}

const VECTORS: [(&[u8], u32); 4] = [
    (b"", 0x811c_9dc5),
    (b"a", 0xe40c_292c),
    (b"foobar", 0xbf9c_f968),
    (b"Hello, Wasm!", 0x45c7_b08a),
];

#[test]
fn safe_function_matches_known_hashes() {
    for (data, want) in VECTORS {
        let got = fnv1a(data);
        assert_eq!(
            got, want,
            "fnv1a({:?}) = {got:#010x}, want {want:#010x} (XOR the byte first, then a wrapping multiply)",
            String::from_utf8_lossy(data)
        );
    }
}

#[test]
fn long_input_wraps_instead_of_overflowing() {
    let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    let mut want = 0x811c_9dc5u32;
    for &b in &data {
        want = (want ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    assert_eq!(fnv1a(&data), want, "fnv1a of 100,000 bytes");
}

#[test]
fn export_reads_through_a_pointer() {
    for (data, want) in VECTORS.iter().filter(|(d, _)| !d.is_empty()) {
        let buffer = data.to_vec(); // like bytes copied into linear memory
        let got = unsafe { wx_fnv1a(buffer.as_ptr(), buffer.len()) };
        assert_eq!(
            got,
            *want,
            "wx_fnv1a(ptr, {}) for {:?}",
            buffer.len(),
            String::from_utf8_lossy(data)
        );
    }
    let buffer = b"foobar-and-more";
    let got = unsafe { wx_fnv1a(buffer.as_ptr(), 6) };
    assert_eq!(got, 0xbf9c_f968, "wx_fnv1a must read exactly `len` bytes, not more");
}

#[test]
fn export_handles_empty_and_null() {
    let empty = unsafe { wx_fnv1a(std::ptr::null(), 0) };
    assert_eq!(
        empty, 0x811c_9dc5,
        "wx_fnv1a(null, 0) is the hash of the empty input, and must not touch the pointer"
    );
    let dangling = unsafe { wx_fnv1a(std::ptr::NonNull::<u8>::dangling().as_ptr(), 0) };
    assert_eq!(dangling, 0x811c_9dc5, "wx_fnv1a(dangling, 0) is the hash of the empty input");
    let null = unsafe { wx_fnv1a(std::ptr::null(), 5) };
    assert_eq!(null, 0, "wx_fnv1a(null, 5) returns 0 without reading anything");
}

#[test]
fn lowercase_in_place() {
    let mut buffer = "Hello, WASM! ÄÖÜ".as_bytes().to_vec();
    unsafe { wx_ascii_lowercase(buffer.as_mut_ptr(), buffer.len()) };
    assert_eq!(
        String::from_utf8(buffer).as_deref(),
        Ok("hello, wasm! ÄÖÜ"),
        "ASCII letters lowered, other bytes untouched"
    );

    let mut partial = b"ABCDEF".to_vec();
    unsafe { wx_ascii_lowercase(partial.as_mut_ptr(), 3) };
    assert_eq!(partial, b"abcDEF", "only the first `len` bytes change");

    unsafe {
        wx_ascii_lowercase(std::ptr::null_mut(), 0);
        wx_ascii_lowercase(std::ptr::null_mut(), 4); // must return without writing
    }
}
