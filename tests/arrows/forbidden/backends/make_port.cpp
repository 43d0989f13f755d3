#include "backends/memory/store.hpp"
#include "backends/port.hpp"
