//! Kernels shared by the WebAssembly build (`wasm_lib.rs`) and the native bench (`native_bench.rs`).
//!
//! Only `core` is used, so the file compiles under `no_std` for wasm32 and under `std` natively.
//! The arithmetic mirrors `labs/kernels/wasm-kernels.ts` (the JS reference) operation for operation.
//!
//! SIMD: when compiled for wasm32 with `-C target-feature=+simd128`, `leibniz_pi` and `blur3x3` use
//! explicit `core::arch::wasm32` intrinsics. `fnv1a` and `invert` stay scalar source in every build:
//! FNV-1a is a serial dependency chain that no vector unit can help, and `invert` is left to the
//! autovectorizer (LLVM turns it into v128 ops when simd128 is on).

/// 4 * sum_{k<terms} (-1)^k / (2k+1).
pub fn leibniz_pi(terms: u32) -> f64 {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        simd::leibniz_pi(terms)
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        leibniz_pi_scalar(0, terms, 0.0)
    }
}

/// Adds the terms k in [from, terms) to `sum`; the scalar loop, also the SIMD version's tail.
#[allow(dead_code)]
fn leibniz_pi_scalar(from: u32, terms: u32, mut sum: f64) -> f64 {
    let mut sign = if from % 2 == 0 { 1.0 } else { -1.0 };
    let mut k = from;
    while k < terms {
        sum += sign / (2.0 * k as f64 + 1.0);
        sign = -sign;
        k += 1;
    }
    4.0 * sum
}

/// 3x3 binomial blur ([1 2 1; 2 4 2; 1 2 1] / 16, rounded); border pixels are copied.
pub fn blur3x3(src: &[u8], dst: &mut [u8], width: usize, height: usize) {
    let n = width * height;
    dst[..n].copy_from_slice(&src[..n]);
    if width < 3 || height < 3 {
        return;
    }
    for y in 1..height - 1 {
        let top = &src[(y - 1) * width..y * width];
        let mid = &src[y * width..(y + 1) * width];
        let bot = &src[(y + 1) * width..(y + 2) * width];
        let out = &mut dst[y * width..(y + 1) * width];
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        let mut x = simd::blur_row(top, mid, bot, out);
        #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
        let mut x = 1;
        while x < width - 1 {
            let t = top[x - 1] as u32 + 2 * top[x] as u32 + top[x + 1] as u32;
            let m = mid[x - 1] as u32 + 2 * mid[x] as u32 + mid[x + 1] as u32;
            let b = bot[x - 1] as u32 + 2 * bot[x] as u32 + bot[x + 1] as u32;
            out[x] = ((t + 2 * m + b + 8) >> 4) as u8;
            x += 1;
        }
    }
}

/// 32-bit FNV-1a.
pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for &b in bytes {
        hash ^= b as u32;
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// x -> 255 - x in place.
#[allow(dead_code)] // exported by the Wasm build only
pub fn invert(bytes: &mut [u8]) {
    for b in bytes.iter_mut() {
        *b = 255 - *b;
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use core::arch::wasm32::*;

    /// Two lanes: even k (sign +1) and odd k (sign -1); denominators advance by 4 per step.
    /// The lanes are summed separately, so the result differs from the scalar one in the last bits.
    pub fn leibniz_pi(terms: u32) -> f64 {
        let pairs = terms / 2;
        let mut acc = f64x2_splat(0.0);
        let mut den = f64x2(1.0, 3.0);
        let num = f64x2(1.0, -1.0);
        let step = f64x2_splat(4.0);
        for _ in 0..pairs {
            acc = f64x2_add(acc, f64x2_div(num, den));
            den = f64x2_add(den, step);
        }
        let sum = f64x2_extract_lane::<0>(acc) + f64x2_extract_lane::<1>(acc);
        super::leibniz_pi_scalar(pairs * 2, terms, sum)
    }

    /// Blurs 8 output pixels per step; returns the first x it did not handle.
    pub fn blur_row(top: &[u8], mid: &[u8], bot: &[u8], out: &mut [u8]) -> usize {
        let width = out.len();
        let mut x = 1;
        // Each step reads x-1 .. x+8 (10 bytes) of each input row and writes x .. x+7.
        while x + 9 <= width {
            unsafe {
                let t = row_sum(top.as_ptr().add(x - 1));
                let m = row_sum(mid.as_ptr().add(x - 1));
                let b = row_sum(bot.as_ptr().add(x - 1));
                let total = i16x8_add(i16x8_add(t, b), i16x8_add(i16x8_shl(m, 1), i16x8_splat(8)));
                let pixels = u16x8_shr(total, 4);
                let packed = u8x16_narrow_i16x8(pixels, pixels);
                v128_store64_lane::<0>(packed, out.as_mut_ptr().add(x) as *mut u64);
            }
            x += 8;
        }
        x
    }

    /// p[0] + 2 p[1] + p[2] for 8 consecutive positions, widened to u16 lanes (max 1020, no overflow).
    #[inline(always)]
    unsafe fn row_sum(p: *const u8) -> v128 {
        let l = u16x8_load_extend_u8x8(p);
        let c = u16x8_load_extend_u8x8(p.add(1));
        let r = u16x8_load_extend_u8x8(p.add(2));
        i16x8_add(i16x8_add(l, r), i16x8_shl(c, 1))
    }
}
