# The optional backends, each behind an option, all on by default. Off: its library is not searched
# for or linked, its implementation files are not compiled, its tests are not built, and the
# factory answers a URL for it with a configuration error naming the option.
option(PRICEWATCH_WITH_POSTGRESQL "PostgreSQL databases (SOCI's postgresql backend, libpq)" ON)
option(PRICEWATCH_WITH_MYSQL "MySQL and MariaDB databases (SOCI's mysql backend)" ON)
option(PRICEWATCH_WITH_REDIS "The Redis response cache and login limiter (hiredis)" ON)
option(PRICEWATCH_WITH_RABBITMQ "The RabbitMQ job queue and event bus (rabbitmq-c)" ON)

# SQLite is always there: the embedded mode and most tests run on it.
find_library(SOCI_CORE_LIBRARY soci_core REQUIRED)
find_library(SOCI_SQLITE3_LIBRARY soci_sqlite3 REQUIRED)
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
# SQLite's own API for its threading mode (storage/soci/make_database.cpp), beside SOCI's backend.
find_package(SQLite3 REQUIRED)
if(PRICEWATCH_WITH_POSTGRESQL)
  find_library(SOCI_POSTGRESQL_LIBRARY soci_postgresql REQUIRED)
endif()
if(PRICEWATCH_WITH_MYSQL)
  find_library(SOCI_MYSQL_LIBRARY soci_mysql REQUIRED)
endif()
if(PRICEWATCH_WITH_REDIS)
  pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
endif()
if(PRICEWATCH_WITH_RABBITMQ)
  pkg_check_modules(RABBITMQ REQUIRED IMPORTED_TARGET librabbitmq)
endif()

# PRICEWATCH_HAS_<BACKEND>=0|1 for each option.
set(PRICEWATCH_BACKEND_DEFINITIONS "")
foreach(backend IN ITEMS POSTGRESQL MYSQL REDIS RABBITMQ)
  if(PRICEWATCH_WITH_${backend})
    list(APPEND PRICEWATCH_BACKEND_DEFINITIONS PRICEWATCH_HAS_${backend}=1)
  else()
    list(APPEND PRICEWATCH_BACKEND_DEFINITIONS PRICEWATCH_HAS_${backend}=0)
  endif()
endforeach()

# pricewatch_backend_sources(<file>...): the files (relative to the current folder) that see
# PRICEWATCH_HAS_*. In src/ these are the factories, which choose a backend by URL, and nothing
# else, so no other file changes with the options; in tests/, the factories' tests and the suites
# that run on every backend built (tests/support/backends.hpp).
function(pricewatch_backend_sources)
  set_property(SOURCE ${ARGN} APPEND PROPERTY COMPILE_DEFINITIONS ${PRICEWATCH_BACKEND_DEFINITIONS})
endfunction()
