#pragma once
// A fixed team of threads that step a network together: run(task) calls task(t) once on every
// member t (member 0 is the calling thread) and returns when all have finished; inside a task,
// sync() waits until every member has reached it (a phase boundary within the step).
//
// Made for many short rounds (one per simulation step, tens of microseconds each): members
// spin briefly at a boundary before they sleep (futex, through std::atomic::wait), so that a
// round costs a few microseconds when the cores are free and wastes little CPU when they are not.
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace neurosim {

class ThreadTeam {
 public:
  // `members` >= 1; a team of 1 starts no thread and runs tasks inline.
  explicit ThreadTeam(int members);
  ~ThreadTeam();
  ThreadTeam(const ThreadTeam&) = delete;
  ThreadTeam& operator=(const ThreadTeam&) = delete;

  int size() const { return members_; }

  // Calls task(t) for t = 0 .. size() - 1 concurrently; t = 0 runs on the calling thread.
  // The task must not throw (it runs on worker threads).
  template <class Task>
  void run(Task& task) {
    if (members_ == 1) {
      task(0);
      return;
    }
    task_ = &task;
    call_ = [](void* t, int member) { (*static_cast<Task*>(t))(member); };
    sync();  // releases the members waiting for a round
    task(0);
    sync();  // every member has finished
  }

  // A boundary inside a round: returns once all members have called it.
  void sync();

  // The cores this process may run on (its CPU affinity mask), at least 1.
  static int available_cores();
  // Of those, the ones not already busy: available_cores() less the system's load average over
  // the last minute (rounded), at least 1. A step waits for its slowest thread, so a thread on a
  // core that other work keeps busy slows every step down.
  static int free_cores();

 private:
  void member_loop(int member);

  int members_;
  std::vector<std::thread> threads_;
  void* task_ = nullptr;
  void (*call_)(void*, int) = nullptr;
  bool stopping_ = false;
  // Sense-reversing barrier: arrivals count up; the last one resets the count and bumps the
  // generation, which the others wait on.
  alignas(64) std::atomic<int> arrived_{0};
  alignas(64) std::atomic<std::uint32_t> generation_{0};
};

}  // namespace neurosim
