use dependencies_audit_exercise::{allows, caret_range, newest_allowed, Version};

fn main() {
    for requirement in ["1.0.152", "0.13", "0.0.3"] {
        match caret_range(requirement) {
            Some((low, high)) => println!("\"{requirement}\" means >={low}, <{high}"),
            None => println!("\"{requirement}\" is not understood"),
        }
    }
    let (a, b) = (Version::new(0, 13, 9), Version::new(0, 14, 0));
    println!("^0.13 allows {a}: {}, allows {b}: {}", allows("0.13", &a), allows("0.13", &b));
    let published = ["1.0.87", "1.0.108", "1.1.0", "2.0.0-alpha", "2.0.0"];
    match newest_allowed("1.0.87", &published) {
        Some(version) => println!("cargo update picks serde_json {version}"),
        None => println!("no published version fits"),
    }
}
