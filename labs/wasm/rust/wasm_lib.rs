//! Crate root of the WebAssembly build. Built by `npm run build:wasm` with Debian's rustc 1.63:
//!   rustc --target wasm32-unknown-unknown -O --crate-type cdylib [-C target-feature=+simd128] wasm_lib.rs
//!
//! Exports work on linear memory: JS calls `alloc`, writes its input at the returned offset, calls a
//! kernel with offsets and lengths, and reads the result back. Every export has the same name and
//! signature in the AssemblyScript module (labs/wasm/assembly/index.ts), so one JS loader drives both.
#![cfg_attr(target_arch = "wasm32", no_std)]

mod kernels;

#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn on_panic(_info: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

#[cfg(target_arch = "wasm32")]
mod heap {
    //! A stack (LIFO) allocator over linear memory: `alloc` bumps a pointer and grows memory when
    //! needed; `dealloc` gives memory back only when it frees the most recent block. The engine allocates
    //! its buffers when it prepares an approach and frees them in reverse order when it disposes of it,
    //! so that is all it needs, and it keeps the module free of a real allocator.
    use core::arch::wasm32::{memory_grow, memory_size};

    const PAGE: usize = 65_536;
    static mut TOP: usize = 0;
    static mut END: usize = 0;

    extern "C" {
        static __heap_base: u8;
    }

    pub unsafe fn alloc(size: usize) -> usize {
        if TOP == 0 {
            TOP = &__heap_base as *const u8 as usize;
            END = memory_size(0) * PAGE;
        }
        let start = (TOP + 15) & !15;
        let new_top = start + size;
        if new_top > END {
            let pages = (new_top - END + PAGE - 1) / PAGE;
            if memory_grow(0, pages) == usize::MAX {
                return 0;
            }
            END += pages * PAGE;
        }
        TOP = new_top;
        start
    }

    pub unsafe fn dealloc(ptr: usize, size: usize) {
        if ptr + size == TOP {
            TOP = ptr;
        }
    }
}

/// Returns the offset of `size` fresh bytes (16-byte aligned), or 0 when memory cannot grow.
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub extern "C" fn alloc(size: usize) -> *mut u8 {
    unsafe { heap::alloc(size) as *mut u8 }
}

#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub extern "C" fn dealloc(ptr: *mut u8, size: usize) {
    unsafe { heap::dealloc(ptr as usize, size) }
}

#[no_mangle]
pub extern "C" fn leibniz_pi(terms: u32) -> f64 {
    kernels::leibniz_pi(terms)
}

/// # Safety
/// `src` and `dst` must each point to `width * height` bytes of linear memory.
#[no_mangle]
pub unsafe extern "C" fn blur3x3(src: *const u8, dst: *mut u8, width: u32, height: u32) {
    let n = width as usize * height as usize;
    let src = core::slice::from_raw_parts(src, n);
    let dst = core::slice::from_raw_parts_mut(dst, n);
    kernels::blur3x3(src, dst, width as usize, height as usize);
}

/// # Safety
/// `ptr` must point to `len` bytes of linear memory.
#[no_mangle]
pub unsafe extern "C" fn fnv1a(ptr: *const u8, len: usize) -> u32 {
    kernels::fnv1a(core::slice::from_raw_parts(ptr, len))
}

/// # Safety
/// `ptr` must point to `len` bytes of linear memory.
#[no_mangle]
pub unsafe extern "C" fn invert(ptr: *mut u8, len: usize) {
    kernels::invert(core::slice::from_raw_parts_mut(ptr, len))
}

/// The "empty call": as little work as a call can do and still return a checkable value.
#[no_mangle]
pub extern "C" fn bump(x: i32) -> i32 {
    x.wrapping_add(1)
}
