// A hint that a large array about to be filled should be backed by huge pages: where the
// kernel's transparent huge pages are on "madvise" (Debian's default), a month's series are
// otherwise faulted in 4 KB at a time. Only a hint: it changes no value, and does nothing
// where it is not supported.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace ddbsim::common {

// Advises the whole 2 MB pages inside [data, data + bytes); call before first touching them.
inline void advise_huge_pages(const void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr std::uintptr_t kHuge = std::uintptr_t{1} << 21;
    const auto begin = (reinterpret_cast<std::uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(kHuge - 1);
    if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
    (void)data;
    (void)bytes;
#endif
}

}  // namespace ddbsim::common
