#include <iostream>

#include <flowstate/flowstate.hpp>

int main() {
  if (!flowstate::abi_compatible()) return 1;
  flowstate::Status s = flowstate::add_redaction_pattern("");
  if (s.code() != flowstate::ErrorCode::invalid_argument) return 2;
  std::cout << "consumer_cpp " << flowstate::version() << "\n";
  return 0;
}
