// How long a cache line takes to go from one core to another and back: two threads pinned to
// two cores pass a counter between them many times, and the mean round trip is printed.
//
// A multi-threaded step hands lines between its threads at every phase boundary, so this is
// what one boundary costs at least. On a virtual machine it tells where the host has put the
// two virtual cores: about 100 ns when they share a cache, about 500 ns when they do not (and
// then the threads also stop sharing the synapses held in that cache).
//
// Usage: bench_core_handoff [CPU_A CPU_B]   (default 0 1); prints "round_trip_ns N".
#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace {

constexpr int kRounds = 200000;

struct alignas(64) Line {
  std::atomic<int> value{0};
};
Line g_ping, g_pong;

bool pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  const int a = argc > 2 ? std::atoi(argv[1]) : 0;
  const int b = argc > 2 ? std::atoi(argv[2]) : 1;
  // The partner pins itself first and says whether it could (0: not yet, 1: pinned, 2: refused);
  // it is started before this thread is pinned, so that it does not inherit CPU a alone.
  std::atomic<int> partner_state{0};
  std::atomic<bool> go{false};
  std::thread partner([&] {
    partner_state = pin(b) ? 1 : 2;
    while (!go.load(std::memory_order_acquire)) {
      if (partner_state == 2) return;
    }
    for (int i = 1; i <= kRounds; ++i) {
      while (g_ping.value.load(std::memory_order_acquire) != i) {
      }
      g_pong.value.store(i, std::memory_order_release);
    }
  });
  while (partner_state.load() == 0) {
  }
  if (partner_state == 2 || !pin(a)) {
    const int cpu = partner_state == 2 ? b : a;
    partner_state = 2;  // the partner leaves without a round
    partner.join();
    std::fprintf(stderr, "bench_core_handoff: cannot run on CPU %d\n", cpu);
    return 2;
  }
  go.store(true, std::memory_order_release);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 1; i <= kRounds; ++i) {
    g_ping.value.store(i, std::memory_order_release);
    while (g_pong.value.load(std::memory_order_acquire) != i) {
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  partner.join();
  std::printf("round_trip_ns %.0f\n", seconds / kRounds * 1e9);
  return 0;
}
