// Under no part, so not checked.
#include "backends/memory/store.hpp"
