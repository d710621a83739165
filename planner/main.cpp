// fitplan: will it fit, how fast will it run, and what is the cheapest way to train it?
#include <exception>
#include <iostream>

#include "planner/cli.h"

int main(int argc, char** argv) {
  try {
    return fitplan::RunCli(argc, argv, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "fitplan: internal error: " << e.what() << "\n";
    return 1;
  }
}
