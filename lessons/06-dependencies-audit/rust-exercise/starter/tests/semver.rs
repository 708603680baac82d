use dependencies_audit_exercise::{allows, caret_range, newest_allowed, Version};

fn range(low: (u64, u64, u64), high: (u64, u64, u64)) -> Option<(Version, Version)> {
    Some((Version::new(low.0, low.1, low.2), Version::new(high.0, high.1, high.2)))
}

#[test]
fn from_1_0_the_major_number_breaks() {
    assert_eq!(
        caret_range("1.2.3"),
        range((1, 2, 3), (2, 0, 0)),
        "\"1.2.3\" means >=1.2.3, <2.0.0"
    );
    assert_eq!(caret_range("1"), range((1, 0, 0), (2, 0, 0)), "\"1\" means >=1.0.0, <2.0.0");
    assert_eq!(caret_range("2.5"), range((2, 5, 0), (3, 0, 0)), "\"2.5\" means >=2.5.0, <3.0.0");
}

#[test]
fn before_1_0_the_minor_number_breaks() {
    assert_eq!(
        caret_range("0.13"),
        range((0, 13, 0), (0, 14, 0)),
        "\"0.13\" means >=0.13.0, <0.14.0: 0.14 may break you"
    );
    assert_eq!(
        caret_range("0.13.2"),
        range((0, 13, 2), (0, 14, 0)),
        "\"0.13.2\" means >=0.13.2, <0.14.0"
    );
    assert!(!allows("0.13", &Version::new(0, 14, 0)), "^0.13 must not allow 0.14.0");
}

#[test]
fn zeros_all_the_way() {
    assert_eq!(caret_range("0.0.3"), range((0, 0, 3), (0, 0, 4)), "\"0.0.3\" allows only 0.0.3");
    assert_eq!(caret_range("0.0"), range((0, 0, 0), (0, 1, 0)), "\"0.0\" means >=0.0.0, <0.1.0");
    assert_eq!(caret_range("0"), range((0, 0, 0), (1, 0, 0)), "\"0\" means >=0.0.0, <1.0.0");
}

#[test]
fn nonsense_is_refused() {
    for requirement in ["", "1.2.3.4", "one", "1..2", "^1.2"] {
        assert_eq!(
            caret_range(requirement),
            None,
            "{requirement:?} is not 1 to 3 dot-separated numbers: None"
        );
    }
}

#[test]
fn cargo_update_picks_the_newest_allowed() {
    let published = ["1.0.87", "1.0.108", "1.1.0", "2.0.0-alpha", "2.0.0", "0.9.0"];
    assert_eq!(
        newest_allowed("1.0.87", &published),
        Some(Version::new(1, 1, 0)),
        "^1.0.87 picks 1.1.0, the newest below 2.0.0"
    );
    assert_eq!(newest_allowed("0.9", &published), Some(Version::new(0, 9, 0)), "^0.9 picks 0.9.0");
    assert_eq!(newest_allowed("3", &published), None, "nothing published fits ^3");
    assert!(
        !allows("1.0.87", &Version::new(1, 0, 86)),
        "1.0.86 is below the lower bound of ^1.0.87"
    );
}
