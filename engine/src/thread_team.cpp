#include "neurosim/thread_team.hpp"

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace neurosim {
namespace {

// Polling before a member sleeps: a few microseconds, about the imbalance between two members'
// halves of a step on free cores. On a machine with more runnable threads than cores, polling
// longer only burns the time slice that the member being waited for needs (measured: polling
// for 40 us doubled the CPU time of two threads on a loaded machine and slowed them down).
constexpr int kSpins = 128;
constexpr int kYields = 256;

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

}  // namespace

ThreadTeam::ThreadTeam(int members) : members_(members < 1 ? 1 : members), reached_(static_cast<std::size_t>(members_)) {
  threads_.reserve(static_cast<std::size_t>(members_ - 1));
  for (int m = 1; m < members_; ++m) threads_.emplace_back([this, m] { member_loop(m); });
}

ThreadTeam::~ThreadTeam() {
  if (members_ == 1) return;
  stopping_ = true;
  sync();  // the members see stopping_ after the boundary and leave
  for (auto& t : threads_) t.join();
}

void ThreadTeam::member_loop(int member) {
  for (;;) {
    sync();  // wait for a round (or the end)
    if (stopping_) return;
    if (members_niceness_ != thread_niceness()) set_thread_niceness(members_niceness_);
    call_(task_, member);
    sync();
  }
}

void ThreadTeam::sync() {
  const std::uint32_t gen = generation_.load(std::memory_order_acquire);
  if (arrived_.fetch_add(1, std::memory_order_acq_rel) + 1 == members_) {
    arrived_.store(0, std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);
    generation_.notify_all();
    return;
  }
  for (int i = 0; i < kSpins; ++i) {
    if (generation_.load(std::memory_order_acquire) != gen) return;
    cpu_relax();
  }
  // Then yield the core for a while before sleeping: on a free core sched_yield returns at once,
  // so the wait keeps a latency of about a microsecond through the serial part of a step (a
  // sleeping member's wake-up costs more than a small network's whole step), while on a busy core
  // each yield hands the time slice to whoever runs there, possibly the member being waited for.
  for (int i = 0; i < kYields; ++i) {
    if (generation_.load(std::memory_order_acquire) != gen) return;
    sched_yield();
  }
  while (generation_.load(std::memory_order_acquire) == gen) generation_.wait(gen, std::memory_order_acquire);
}

std::uint64_t ThreadTeam::arrive(int member) {
  std::atomic<std::uint64_t>& mine = reached_[static_cast<std::size_t>(member)].count;
  const std::uint64_t boundary = mine.load(std::memory_order_relaxed) + 1;
  mine.store(boundary, std::memory_order_release);
  return boundary;
}

void ThreadTeam::await(int member, std::uint64_t boundary) const {
  for (int m = 0; m < members_; ++m) {
    if (m == member) continue;
    const std::atomic<std::uint64_t>& theirs = reached_[static_cast<std::size_t>(m)].count;
    // Spin, then yield: on a core that other work shares, the member waited for needs the time.
    for (int i = 0; theirs.load(std::memory_order_acquire) < boundary; ++i) {
      if (i < kSpins) cpu_relax();
      else sched_yield();
    }
  }
}

namespace {
thread_local int t_niceness = 0;
}  // namespace

void ThreadTeam::set_thread_niceness(int niceness) {
  niceness = std::clamp(niceness, 0, 19);
  t_niceness = niceness;
#if defined(__linux__)
  // PRIO_PROCESS with a thread id sets that thread alone (Linux's nice is per thread). A
  // process started at a lower priority (nice -n) keeps it: this only ever lowers.
  const auto tid = static_cast<id_t>(gettid());
  errno = 0;
  const int now = getpriority(PRIO_PROCESS, tid);
  if (errno == 0 && now >= niceness) return;
  setpriority(PRIO_PROCESS, tid, niceness);
#endif
}

int ThreadTeam::thread_niceness() { return t_niceness; }

int ThreadTeam::free_cores() {
  const int cores = available_cores();
  double load = 0.0;
  if (getloadavg(&load, 1) != 1) return cores;
  return std::clamp(cores - static_cast<int>(std::lround(load)), 1, cores);
}

int ThreadTeam::available_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    const int n = CPU_COUNT(&set);
    if (n > 0) return n;
  }
  const unsigned hw = std::thread::hardware_concurrency();
  return hw > 0 ? static_cast<int>(hw) : 1;
}

}  // namespace neurosim
