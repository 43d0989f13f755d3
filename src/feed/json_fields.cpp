#include "feed/json_fields.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value_stack.hpp>

#include <algorithm>

namespace pricewatch::json_fields {
namespace {

constexpr std::size_t max_depth = 16;
// Marks a string that holds a number's text. Boost.JSON refuses invalid UTF-8 in strings, so no
// string read from a message can start with the byte 0xFF: the mark cannot be forged.
constexpr char number_mark = '\xFF';
// A longer exponent is no price anyone writes, and would make plain_decimal's text huge.
constexpr int max_exponent = 40;

// Boost.JSON's own value-building handler, except that a fractional number is pushed as its
// marked text. The parts of a number that spans several writes come through on_number_part.
class exact_handler {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  boost::json::value_stack stack;
  std::string number;

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_object_begin(boost::system::error_code&) { return true; }
  bool on_object_end(std::size_t n, boost::system::error_code&) {
    stack.push_object(n);
    return true;
  }
  bool on_array_begin(boost::system::error_code&) { return true; }
  bool on_array_end(std::size_t n, boost::system::error_code&) {
    stack.push_array(n);
    return true;
  }
  bool on_key_part(boost::json::string_view s, std::size_t, boost::system::error_code&) {
    stack.push_chars(s);
    return true;
  }
  bool on_key(boost::json::string_view s, std::size_t, boost::system::error_code&) {
    stack.push_key(s);
    return true;
  }
  bool on_string_part(boost::json::string_view s, std::size_t, boost::system::error_code&) {
    stack.push_chars(s);
    return true;
  }
  bool on_string(boost::json::string_view s, std::size_t, boost::system::error_code&) {
    stack.push_string(s);
    return true;
  }
  bool on_number_part(boost::json::string_view s, boost::system::error_code&) {
    number.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t i, boost::json::string_view, boost::system::error_code&) {
    number.clear();
    stack.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, boost::json::string_view, boost::system::error_code&) {
    number.clear();
    stack.push_uint64(u);
    return true;
  }
  bool on_double(double, boost::json::string_view s, boost::system::error_code&) {
    number.append(s.data(), s.size());
    stack.push_string(number_mark + number);
    number.clear();
    return true;
  }
  bool on_bool(bool b, boost::system::error_code&) {
    stack.push_bool(b);
    return true;
  }
  bool on_null(boost::system::error_code&) {
    stack.push_null();
    return true;
  }
  bool on_comment_part(boost::json::string_view, boost::system::error_code&) { return true; }
  bool on_comment(boost::json::string_view, boost::system::error_code&) { return true; }
};

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<boost::json::value> parse(std::string_view text) {
  boost::system::error_code error;
  boost::json::parse_options options;
  options.max_depth = max_depth;
  auto value = boost::json::parse(text, error, {}, options);
  if (error) return std::nullopt;
  return value;
}

std::optional<boost::json::value> parse_exact(std::string_view text) {
  boost::json::parse_options options;
  options.max_depth = max_depth;
  boost::json::basic_parser<exact_handler> parser(options);
  parser.handler().stack.reset();
  boost::system::error_code error;
  const auto used = parser.write_some(false, text.data(), text.size(), error);
  if (error || used != text.size() || !parser.done()) return std::nullopt;
  return parser.handler().stack.release();
}

std::optional<std::string> number_text(const boost::json::value& value) {
  if (value.is_int64()) return std::to_string(value.get_int64());
  if (value.is_uint64()) return std::to_string(value.get_uint64());
  if (value.is_string()) {
    const auto& text = value.get_string();
    if (!text.empty() && text.front() == number_mark) return std::string(text.subview(1));
  }
  return std::nullopt;
}

std::optional<std::string> plain_decimal(std::string_view number) {
  std::string sign;
  if (!number.empty() && number.front() == '-') {
    sign = "-";
    number.remove_prefix(1);
  }
  const auto exponent_at = number.find_first_of("eE");
  const auto mantissa = number.substr(0, exponent_at);
  int exponent = 0;
  if (exponent_at != std::string_view::npos) {
    auto text = number.substr(exponent_at + 1);
    bool negative = false;
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
      negative = text.front() == '-';
      text.remove_prefix(1);
    }
    if (!all_digits(text) || text.size() > 3) return std::nullopt;
    exponent = std::stoi(std::string(text)) * (negative ? -1 : 1);
    if (exponent > max_exponent || exponent < -max_exponent) return std::nullopt;
  }
  const auto point = mantissa.find('.');
  const auto whole = mantissa.substr(0, point);
  const auto fraction = point == std::string_view::npos ? std::string_view() : mantissa.substr(point + 1);
  if (!all_digits(whole) || (whole.size() > 1 && whole.front() == '0') ||
      (point != std::string_view::npos && !all_digits(fraction))) {
    return std::nullopt;
  }
  if (exponent == 0) return sign + std::string(mantissa);
  // Shift the decimal point of the digits by the exponent.
  std::string digits = std::string(whole) + std::string(fraction);
  std::int64_t position = static_cast<std::int64_t>(whole.size()) + exponent;
  if (position <= 0) {
    digits = std::string(static_cast<std::size_t>(-position), '0') + digits;
    position = 0;
  } else if (position > static_cast<std::int64_t>(digits.size())) {
    digits += std::string(static_cast<std::size_t>(position) - digits.size(), '0');
  }
  std::string integer_part = digits.substr(0, static_cast<std::size_t>(position));
  std::string fraction_part = digits.substr(static_cast<std::size_t>(position));
  integer_part.erase(0, std::min(integer_part.find_first_not_of('0'), integer_part.size()));
  if (integer_part.empty()) integer_part = "0";
  return sign + integer_part + (fraction_part.empty() ? "" : "." + fraction_part);
}

result<price> price_from_string(const boost::json::value& value) {
  if (!value.is_string() || number_text(value)) return make_failure(errc::validation_failed, "price is not a string");
  return price::parse(value.get_string());
}

result<price> price_from_number(const boost::json::value& value) {
  const auto text = number_text(value);
  if (!text) return make_failure(errc::validation_failed, "price is not a number");
  const auto plain = plain_decimal(*text);
  if (!plain) return make_failure(errc::validation_failed, "price " + *text + " is not a decimal");
  return price::parse(*plain);
}

std::optional<std::string_view> string_at(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr || !value->is_string() || number_text(*value)) return std::nullopt;
  return std::string_view(value->get_string());
}

std::optional<std::int64_t> integer_of(const boost::json::value& value) {
  if (value.is_int64()) return value.get_int64();
  if (value.is_uint64() && value.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(value.get_uint64());
  }
  return std::nullopt;
}

std::optional<std::int64_t> integer_at(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value == nullptr ? std::nullopt : integer_of(*value);
}

const boost::json::object* object_at(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_object() ? &value->get_object() : nullptr;
}

const boost::json::array* array_at(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_array() ? &value->get_array() : nullptr;
}

std::string excerpt(std::string_view text, std::size_t length) { return std::string(text.substr(0, length)); }

}  // namespace pricewatch::json_fields
