//! Percent-encoding for one query-string value (`?q=...`), and its inverse.
//!
//! `tests/roundtrip.rs` states what must hold for *every* string:
//! `decode_component(&encode_component(s)) == Some(s)`, and the output is URL-safe.

/// Encodes `value` so that it can sit inside a URL query: the unreserved bytes
/// `A-Z a-z 0-9 - . _ ~` stay as they are; every other byte of its UTF-8 becomes `%XX`
/// (two uppercase hex digits).
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes. `None` if an escape is malformed or the bytes are not UTF-8.
pub fn decode_component(encoded: &str) -> Option<String> {
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = encoded.get(i + 1..i + 3)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
