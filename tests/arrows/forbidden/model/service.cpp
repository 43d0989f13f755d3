#include "base/value.hpp"
#include "backends/port.hpp"
#  include "backends/memory/store.hpp"
#include "model/service.hpp"
