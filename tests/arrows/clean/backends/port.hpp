#pragma once

#include "base/value.hpp"
