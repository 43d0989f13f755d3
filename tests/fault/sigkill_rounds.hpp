// The kills of the SIGKILL storms (sigkill_storm_test, sigkill_webhook_storm_test): `kills` times,
// at random moments 0.2-2.5 s apart drawn from the seed, kill() ends the process with SIGKILL and
// starts it again; each kill is printed with the time since the storm's price and what had been
// delivered by then.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>

namespace pricewatch::e2e {

void sigkill_rounds(int kills, unsigned seed, std::chrono::steady_clock::time_point storm,
                    const std::function<void()>& kill, const std::function<std::size_t()>& delivered);

}  // namespace pricewatch::e2e
