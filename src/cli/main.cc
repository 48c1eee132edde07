#include <pthread.h>
#include <signal.h>

#include <cstdlib>
#include <iostream>
#include <thread>

#include "cli/app.h"

namespace {

// Ctrl-C (SIGINT) and SIGTERM fire the program's cancellation token: a long command stops
// its requests in flight and says what it was doing. A second one ends the program at once.
// The signals are blocked in every thread and taken by one thread with sigwait(), so the
// token is fired from an ordinary thread, not from a signal handler.
void WatchInterrupts(flowstate::CancelToken* token) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  if (pthread_sigmask(SIG_BLOCK, &set, nullptr) != 0) return;
  std::thread([set, token] {
    for (int count = 0;; ++count) {
      int sig = 0;
      if (sigwait(&set, &sig) != 0) continue;
      if (count > 0) std::_Exit(130);
      token->cancel();
    }
  }).detach();
}

}  // namespace

int main(int argc, char** argv) {
  static flowstate::CancelToken interrupt;  // lives until exit, for the watcher thread
  WatchInterrupts(&interrupt);
  return flowstate::cli::Main(argc, argv, std::cout, std::cerr, &interrupt);
}
