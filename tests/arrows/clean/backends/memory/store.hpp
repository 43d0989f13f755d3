#pragma once

#include "backends/port.hpp"
#include "base/value.hpp"
