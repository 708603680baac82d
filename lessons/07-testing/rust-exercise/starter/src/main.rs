use testing_exercise::{decode_component, encode_component};

fn main() {
    for value in ["rust & wasm", "100% safe", "ünïcode?"] {
        let encoded = encode_component(value);
        let back = decode_component(&encoded);
        let verdict = if back.as_deref() == Some(value) { "ok" } else { "BROKEN" };
        println!("{value:?} -> {encoded:?} -> {back:?}: {verdict}");
    }
}
