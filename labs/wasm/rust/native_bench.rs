//! Times the Wasm suite kernels natively, the way the JS engine times the other approaches: warm up, then
//! take samples until both a time budget and a minimum sample count are met, one kernel call per sample.
//! Prints one JSON object on stdout:
//!   {"kernel":"fnv1a","check":"1107022338","samples_ms":[...]}
//! `check` is the value the engine compares with the JS reference before it accepts the samples.
//!
//! Usage: native-bench --kernel leibniz_pi|blur3x3|fnv1a --size N [--width W --height H]
//!                     [--time-ms T] [--warmup-ms W] [--min-samples N] [--seed S]
mod kernels;

use std::hint::black_box;
use std::time::Instant;

/// Same LCG as labs/kernels/inputs.ts.
fn lcg_bytes(len: usize, seed: u32) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 24) as u8
        })
        .collect()
}

struct Args {
    kernel: String,
    size: usize,
    width: usize,
    height: usize,
    time_ms: f64,
    warmup_ms: f64,
    min_samples: usize,
    seed: u32,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        kernel: String::new(),
        size: 0,
        width: 0,
        height: 0,
        time_ms: 500.0,
        warmup_ms: 100.0,
        min_samples: 10,
        seed: 0x2545_f491,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let num = || value.parse::<f64>().map_err(|_| format!("{flag}: not a number: {value}"));
        match flag.as_str() {
            "--kernel" => args.kernel = value.clone(),
            "--size" => args.size = num()? as usize,
            "--width" => args.width = num()? as usize,
            "--height" => args.height = num()? as usize,
            "--time-ms" => args.time_ms = num()?,
            "--warmup-ms" => args.warmup_ms = num()?,
            "--min-samples" => args.min_samples = num()? as usize,
            "--seed" => args.seed = num()? as u32,
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(args)
}

/// Runs `f` for the warmup budget, then samples it; returns per-sample milliseconds and the last result.
fn measure<T>(args: &Args, mut f: impl FnMut() -> T) -> (Vec<f64>, T) {
    let warm_start = Instant::now();
    let mut last = f();
    while warm_start.elapsed().as_secs_f64() * 1e3 < args.warmup_ms {
        last = black_box(f());
    }
    let mut samples = Vec::new();
    let start = Instant::now();
    while samples.len() < args.min_samples || start.elapsed().as_secs_f64() * 1e3 < args.time_ms {
        let t0 = Instant::now();
        last = black_box(f());
        samples.push(t0.elapsed().as_secs_f64() * 1e3);
    }
    (samples, last)
}

fn run(args: &Args) -> Result<(Vec<f64>, String), String> {
    match args.kernel.as_str() {
        "leibniz_pi" => {
            let terms = args.size as u32;
            let (samples, value) = measure(args, || kernels::leibniz_pi(black_box(terms)));
            // {:?} prints the shortest string that round-trips, like JS Number#toString.
            Ok((samples, format!("{value:?}")))
        }
        "blur3x3" => {
            let (w, h) = (args.width, args.height);
            let src = lcg_bytes(w * h, args.seed);
            let mut dst = vec![0u8; w * h];
            let (samples, ()) = measure(args, || kernels::blur3x3(black_box(&src), &mut dst, w, h));
            // The check value of an image is the FNV-1a of its bytes, as on the JS side.
            Ok((samples, kernels::fnv1a(&dst).to_string()))
        }
        "fnv1a" => {
            let bytes = lcg_bytes(args.size, args.seed);
            let (samples, value) = measure(args, || kernels::fnv1a(black_box(&bytes)));
            Ok((samples, value.to_string()))
        }
        other => Err(format!("unknown kernel {other:?}")),
    }
}

fn main() {
    let result = parse_args().and_then(|args| run(&args).map(|r| (args, r)));
    match result {
        Ok((args, (samples, check))) => {
            let list: Vec<String> = samples.iter().map(|s| format!("{s:.6}")).collect();
            println!(
                "{{\"kernel\":\"{}\",\"check\":\"{}\",\"samples_ms\":[{}]}}",
                args.kernel,
                check,
                list.join(",")
            );
        }
        Err(message) => {
            eprintln!("native-bench: {message}");
            std::process::exit(2);
        }
    }
}
