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
  // The task must not throw (it runs on worker threads). The members run at the calling
  // thread's priority (set_thread_niceness): a window's engine thread that yields to the
  // window's drawing takes its helpers along.
  template <class Task>
  void run(Task& task) {
    if (members_ == 1) {
      task(0);
      return;
    }
    // Written only when they change (rounds of a run usually repeat them): every member reads
    // this line at the start of a round, and a write would take it from their caches.
    if (members_niceness_ != thread_niceness()) members_niceness_ = thread_niceness();
    if (task_ != &task) task_ = &task;
    void (*call)(void*, int) = [](void* t, int member) { (*static_cast<Task*>(t))(member); };
    if (call_ != call) call_ = call;
    sync();  // releases the members waiting for a round
    task(0);
    sync();  // every member has finished
  }

  // A boundary inside a round: returns once all members have called it.
  void sync();
  // The same boundary for a round that crosses one at every step (Network::run_parallel), as
  // cheap as the cores allow: each member counts the boundaries it reached on a line of its own
  // and reads the others' counts, so a boundary costs about one line's trip from the last
  // member to arrive to the others (sync's shared count costs three). In two halves, so that a
  // member can work between them: arrive() says it is there (returns the boundary's number),
  // await() returns once every member has arrived at it. Every member must cross the same
  // boundaries; await() never sleeps (a round of steps is short).
  std::uint64_t arrive(int member);
  void await(int member, std::uint64_t boundary) const;
  void sync_member(int member) { await(member, arrive(member)); }

  // The cores this process may run on (its CPU affinity mask), at least 1.
  static int available_cores();
  // Of those, the ones not already busy: available_cores() less the system's load average over
  // the last minute (rounded), at least 1. A step waits for its slowest thread, so a thread on a
  // core that other work keeps busy slows every step down.
  static int free_cores();

  // The calling thread's scheduling priority as a nice value (0 normal, up to 19 lowest), as
  // far as the system allows (Linux: per thread; a thread may always lower its own priority).
  // A window's engine thread runs below the drawing threads, so that a simulation going flat
  // out takes the time the window leaves rather than the time the window needs.
  static void set_thread_niceness(int niceness);
  // What set_thread_niceness() last set on this thread (0 if never).
  static int thread_niceness();

 private:
  void member_loop(int member);

  int members_;
  std::vector<std::thread> threads_;
  void* task_ = nullptr;
  void (*call_)(void*, int) = nullptr;
  bool stopping_ = false;
  int members_niceness_ = 0;  // written by member 0 before a round, read by each member in it
  // Sense-reversing barrier: arrivals count up; the last one resets the count and bumps the
  // generation, which the others wait on.
  alignas(64) std::atomic<int> arrived_{0};
  alignas(64) std::atomic<std::uint32_t> generation_{0};
  // sync_member: the boundaries each member has reached.
  struct alignas(64) Reached {
    std::atomic<std::uint64_t> count{0};
  };
  std::vector<Reached> reached_;
};

}  // namespace neurosim
