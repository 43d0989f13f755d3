// The raw cost of pricewatch's password hashing (libsodium Argon2id, 2 passes, 19 MiB) on 1 and 2
// threads: the most logins per second these cores allow, which bench/http_bench.sh compares with.

#include <benchmark/benchmark.h>
#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

// The cost of auth/password_hasher.hpp's password_cost defaults.
constexpr unsigned long long passes = 2;
constexpr std::size_t memory_bytes = 19u * 1024u * 1024u;
constexpr std::string_view password = "correct horse battery staple";

bool hash_password(char (&encoded)[crypto_pwhash_STRBYTES]) {
  return crypto_pwhash_str_alg(encoded, password.data(), password.size(), passes, memory_bytes,
                               crypto_pwhash_ALG_ARGON2ID13) == 0;
}

void argon2id_hash(benchmark::State& state) {
  char encoded[crypto_pwhash_STRBYTES];
  if (sodium_init() < 0) {
    state.SkipWithError("sodium_init failed");
  }
  for (auto _ : state) {
    if (!hash_password(encoded)) {
      state.SkipWithError("Argon2id ran out of memory");
      break;
    }
    benchmark::DoNotOptimize(encoded);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// What a successful login costs: one verify of a stored hash.
void argon2id_verify(benchmark::State& state) {
  char encoded[crypto_pwhash_STRBYTES];
  if (sodium_init() < 0 || !hash_password(encoded)) {
    state.SkipWithError("could not make the hash to verify");
  }
  for (auto _ : state) {
    if (crypto_pwhash_str_verify(encoded, password.data(), password.size()) != 0) {
      state.SkipWithError("verify rejected the right password");
      break;
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

}  // namespace

BENCHMARK(argon2id_hash)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(argon2id_verify)->Threads(1)->Threads(2)->UseRealTime();
