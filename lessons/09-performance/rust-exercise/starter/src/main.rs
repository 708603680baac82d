use performance_exercise::{field, join_ids, total_ms};

fn main() {
    let lines = ["id=7 user=ada ms=12", "id=42 user=bob ms=30", "id=1000000 user=ada ms=5"];
    println!("user of line 2: {:?}", field(lines[1], "user"));
    println!("total ms: {}", total_ms(&lines));
    println!("ids: {}", join_ids(&[7, 42, 1_000_000]));
}
