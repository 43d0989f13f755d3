#include "sigkill_rounds.hpp"

#include <iostream>
#include <random>
#include <thread>

namespace pricewatch::e2e {

void sigkill_rounds(int kills, unsigned seed, std::chrono::steady_clock::time_point storm,
                    const std::function<void()>& kill, const std::function<std::size_t()>& delivered) {
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> pause_ms(200, 2500);
  for (int round = 0; round < kills; ++round) {
    // The moment of the kill is the point of the test, not a wait for a condition.
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(random)));
    const std::size_t before = delivered();
    const double at = std::chrono::duration<double>(std::chrono::steady_clock::now() - storm).count();
    kill();
    std::cout << "[ storm ] kill " << round + 1 << " after " << at << " s, " << before << " delivered\n";
  }
}

}  // namespace pricewatch::e2e
