// The original service's password hashes, read by import-original from a database the operator
// points it at (src/auth/django_password.hpp). Verification runs only for small iteration counts:
// its cost is PBKDF2's, bounded by django_max_iterations, and not what is fuzzed.
#include "auth/django_password.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parsed = pricewatch::parse_django_pbkdf2(pricewatch::fuzz::text_of(data, size));
  if (parsed && parsed->iterations <= 1000) (void)pricewatch::verify_django_password(*parsed, "password");
  return 0;
}
