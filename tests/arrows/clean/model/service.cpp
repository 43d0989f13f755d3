#include "base/value.hpp"
#include "backends/port.hpp"
#include "model/service.hpp"

// A comment naming "backends/memory/store.hpp" is no include.
