// Reading exchange messages (untrusted text) into values without trusting any field's presence or
// type, and without ever passing a price through a double: shared by every exchange's parser.
// parse_exact_json keeps each fractional JSON number as its exact text, because Kraken sends
// trade prices and Coinbase candles as JSON numbers (Boost.JSON 1.81 would make them doubles).
#pragma once

#include "core/failure.hpp"
#include "core/price.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pricewatch::json_fields {

// Standard parsing, at most 16 levels deep; nullopt when the text is not JSON.
std::optional<boost::json::value> parse(std::string_view text);

// The same, except that numbers with a fraction or an exponent are kept as their exact text
// (integers stay integers: they are exact already). Read them with number_text or price_of.
std::optional<boost::json::value> parse_exact(std::string_view text);

// The exact text of a JSON number read by parse_exact ("0.5117", "1.5e-05", "42"); nullopt for
// anything else, strings included.
std::optional<std::string> number_text(const boost::json::value& value);

// "1.5e-05" -> "0.000015": the number written without an exponent, digit for digit; nullopt
// when it is not a JSON number's text.
std::optional<std::string> plain_decimal(std::string_view number);

// A price written as a decimal string ("51000.5"), validation_failed otherwise.
result<price> price_from_string(const boost::json::value& value);
// A price written as a JSON number read by parse_exact (51000.5), validation_failed otherwise.
result<price> price_from_number(const boost::json::value& value);

// A string member, or nullopt when absent or not a string.
std::optional<std::string_view> string_at(const boost::json::object& object, std::string_view key);
// An integer member (int64, or uint64 within int64's range), or nullopt.
std::optional<std::int64_t> integer_at(const boost::json::object& object, std::string_view key);
std::optional<std::int64_t> integer_of(const boost::json::value& value);
// An object member, or nullptr.
const boost::json::object* object_at(const boost::json::object& object, std::string_view key);
// An array member, or nullptr.
const boost::json::array* array_at(const boost::json::object& object, std::string_view key);

// The first characters of an untrusted text, for a log line.
std::string excerpt(std::string_view text, std::size_t length = 200);

}  // namespace pricewatch::json_fields
