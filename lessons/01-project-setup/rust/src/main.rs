//! The binary half: parse nothing, decide nothing, just call the library and print.
//! Try `cargo run`, `cargo run --features admin` and `cargo run --release`.

fn main() {
    let info = project_setup::build_info();
    println!(
        "{} v{} ({} build, features: {:?})",
        info.name, info.version, info.profile, info.features
    );
    for route in project_setup::routes() {
        println!("  {route}");
    }
}
