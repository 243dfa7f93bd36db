#include "workload/key_distribution.hpp"

#include <algorithm>
#include <cmath>

#include "common/branchless_search.hpp"
#include "common/huge_pages.hpp"

namespace ddbsim::workload {

KeyDistribution KeyDistribution::uniform(std::uint64_t keys) {
    KeyDistribution d;
    d.keys_ = std::max<std::uint64_t>(keys, 1);
    return d;
}

KeyDistribution KeyDistribution::zipf(std::uint64_t keys, double s) {
    KeyDistribution d;
    d.keys_ = std::max<std::uint64_t>(keys, 1);
    d.zipf_ = std::make_shared<ZipfTable>();
    d.zipf_->s = s;
    return d;
}

const std::vector<double>& KeyDistribution::zipf_cdf() const {
    ZipfTable& z = *zipf_;
    if (z.ready.load(std::memory_order_acquire)) return z.cdf;
    std::call_once(z.built, [&] {
        z.cdf.reserve(keys_);
        common::advise_huge_pages(z.cdf.data(), keys_ * sizeof(double));
        z.cdf.resize(keys_);
        double total = 0;
        for (std::uint64_t k = 0; k < keys_; ++k) {
            total += 1.0 / std::pow(static_cast<double>(k + 1), z.s);
            z.cdf[k] = total;
        }
        for (auto& c : z.cdf)
            c /= total;
        const std::size_t buckets = std::min<std::size_t>(z.cdf.size(), std::size_t{1} << 16);
        z.guide.resize(buckets + 1);
        for (std::size_t j = 0; j < buckets; ++j) {
            const double at = static_cast<double>(j) / static_cast<double>(buckets);
            z.guide[j] = static_cast<std::size_t>(std::upper_bound(z.cdf.begin(), z.cdf.end(), at) -
                                                  z.cdf.begin());
        }
        z.guide[buckets] = z.cdf.size();
        z.ready.store(true, std::memory_order_release);
    });
    return z.cdf;
}

KeyDistribution& KeyDistribution::with_hot_key(std::uint64_t key, double share) {
    hot_.push_back(HotKey{key, share});
    hot_total_ += share;
    return *this;
}

std::uint64_t KeyDistribution::draw(sim::Rng& rng) const {
    double u = sim::uniform01(rng);
    for (const auto& h : hot_) {
        if (u < h.share) return h.key;
        u -= h.share;
    }
    // Rescaled to [0, 1) — without hot keys u itself (u / 1 is u), saving a division.
    const double v = hot_.empty() ? u : hot_total_ < 1 ? u / (1 - hot_total_) : 0;
    if (!zipf_)
        return std::min(static_cast<std::uint64_t>(v * static_cast<double>(keys_)), keys_ - 1);
    const auto& cdf = zipf_cdf();
    const auto& guide = zipf_->guide;
    const std::size_t buckets = guide.size() - 1;
    const auto j =
        std::min(static_cast<std::size_t>(v * static_cast<double>(buckets)), buckets - 1);
    // The first entry above v in the bucket's range (v is random: a branch-free search).
    const std::size_t lo = guide[j > 0 ? j - 1 : 0], hi = guide[std::min(j + 2, buckets)];
    const std::size_t at = lo + common::count_not_above(cdf.data() + lo, hi - lo, v);
    return std::min(static_cast<std::uint64_t>(at), keys_ - 1);
}

double KeyDistribution::probability(std::uint64_t key) const {
    double p = 0;
    for (const auto& h : hot_) {
        if (h.key == key) p += h.share;
    }
    const double rest = std::max(0.0, 1 - hot_total_);
    if (!zipf_) return p + rest / static_cast<double>(keys_);
    const auto& cdf = zipf_cdf();
    const double base = cdf[key] - (key > 0 ? cdf[key - 1] : 0);
    return p + rest * base;
}

double KeyDistribution::cumulative(std::uint64_t below) const {
    if (below >= keys_) return 1;
    double p = 0;
    for (const auto& h : hot_) {
        if (h.key < below) p += h.share;
    }
    if (below == 0) return p;
    const double rest = std::max(0.0, 1 - hot_total_);
    if (!zipf_) return p + rest * static_cast<double>(below) / static_cast<double>(keys_);
    return p + rest * zipf_cdf()[below - 1];
}

}  // namespace ddbsim::workload
