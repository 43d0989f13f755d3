// The original service's clients, for real: curl, Node's fetch() (the same Fetch API a browser
// script uses), Python's requests from Debian, and the bytes Postman sends, against the real
// binary. Each sends its body the way it does by default (ORIGINAL_API.md, "Bodies"): the rules
// themselves are unit-tested in tests/unit/api/original_*_routes_test.cpp.
#include "e2e_fixture.hpp"
#include "raw_connection.hpp"

#include <boost/json/parse.hpp>

#include <array>
#include <cstdio>
#include <memory>

namespace pricewatch::e2e {
namespace {

using boost::json::value;

struct client_answer {
  unsigned status = 0;
  value body;
};

// Runs a client program whose output is the status on the first line and the body after it.
client_answer run_client(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) throw std::runtime_error("cannot run " + command);
  std::string output;
  std::array<char, 4096> buffer{};
  while (const auto read = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) output.append(buffer.data(), read);
  const auto newline = output.find('\n');
  client_answer answer;
  if (newline == std::string::npos) {
    ADD_FAILURE() << command << " printed " << output;
    return answer;
  }
  answer.status = static_cast<unsigned>(std::stoul(output.substr(0, newline)));
  boost::system::error_code error;
  answer.body = boost::json::parse(output.substr(newline + 1), error);
  EXPECT_FALSE(error) << command << " -> " << output;
  return answer;
}

// Single quotes for a POSIX shell, double quotes for JavaScript and Python: the texts here hold
// no quote and no backslash.
std::string shell_quoted(std::string_view text) { return "'" + std::string(text) + "'"; }
std::string string_literal(std::string_view text) { return "\"" + std::string(text) + "\""; }

// curl prints the body, then the status on a line of its own: reorder to status first.
std::string curl(const std::string& arguments) {
  return "curl -s -S -o /dev/stdout -w '\\n%{http_code}' " + arguments +
         " | awk '{ lines[NR] = $0 } END { print lines[NR]; for (i = 1; i < NR; i++) print lines[i] }'";
}

std::string node_fetch(const std::string& url, const std::string& options) {
  const std::string script =
      "fetch(" + string_literal(url) + ", " + options + ").then(async r => console.log(r.status + \"\\n\" + await r.text()))";
  return "node -e " + shell_quoted(script);
}

std::string python_requests(const std::string& statement) {
  return PRICEWATCH_PYTHON " -c " +
         shell_quoted("import json, requests\nr = " + statement + "\nprint(r.status_code); print(r.text)");
}

class original_clients_test : public service_test {
 protected:
  std::string url(std::string_view path) { return base_url() + std::string(path); }
};

// Register with a bare fetch() (text/plain;charset=UTF-8), log in with curl -d (a form type, a
// JSON body) and with requests' data= (no Content-Type at all).
TEST_F(original_clients_test, register_and_log_in_as_fetch_curl_and_requests_send_them) {
  const std::string email = "fetch-client@example.com";
  const std::string credentials = R"({"email": ")" + email + R"(", "password": ")" + std::string(test_password) + R"("})";
  const auto registered =
      run_client(node_fetch(url("/api/register/"), "{method: \"POST\", body: JSON.stringify(" + credentials + ")}"));
  EXPECT_EQ(registered.status, 201u) << registered.body;
  EXPECT_EQ(registered.body, value({{"email", email}}));

  const auto by_curl = run_client(curl("-d " + shell_quoted(credentials) + " " + url("/api/login/")));
  EXPECT_EQ(by_curl.status, 200u) << by_curl.body;
  EXPECT_TRUE(member(by_curl.body, "JWT token").is_string()) << by_curl.body;

  const auto by_requests =
      run_client(python_requests("requests.post(" + string_literal(url("/api/login/")) + ", data=json.dumps(" + credentials + "))"));
  EXPECT_EQ(by_requests.status, 200u) << by_requests.body;
  EXPECT_TRUE(member(by_requests.body, "JWT token").is_string()) << by_requests.body;
}

TEST_F(original_clients_test, create_alerts_as_every_client_sends_them) {
  http_client http = client();
  const test_user user = register_and_login(http, "clients");
  const std::string auth = "Authorization: Bearer " + user.token;
  const std::string create = url("/api/alerts/create/");
  const std::string py_create = string_literal(create);
  const std::string py_auth = "headers={\"Authorization\": \"Bearer " + user.token + "\"}";
  struct sent {
    std::string client, command, price;
  };
  const std::vector<sent> cases{
      {"curl -d with JSON", curl("-H " + shell_quoted(auth) + " -d '{\"price\": 51000}' " + create), "51000.00"},
      {"curl -d with a form", curl("-H " + shell_quoted(auth) + " -d 'price=51001.5' " + create), "51001.50"},
      {"curl -F (multipart)", curl("-H " + shell_quoted(auth) + " -F 'price=51002' " + create), "51002.00"},
      {"fetch() with JSON.stringify(50000 * 1.1)",
       node_fetch(create, "{method: \"POST\", headers: {Authorization: \"Bearer " + user.token +
                              "\"}, body: JSON.stringify({price: 50000 * 1.1})}"),
       "55000.00"},
      {"fetch() with FormData",
       node_fetch(create, "{method: \"POST\", headers: {Authorization: \"Bearer " + user.token +
                              "\"}, body: (() => { const f = new FormData(); f.append(\"price\", \"1e3\"); return f; })()}"),
       "1000.00"},
      {"requests files=", python_requests("requests.post(" + py_create + ", " + py_auth + ", files={\"price\": (None, \"51003\")})"),
       "51003.00"},
      {"requests data= (a form)", python_requests("requests.post(" + py_create + ", " + py_auth + ", data={\"price\": \" 53000 \"})"),
       "53000.00"},
  };
  for (const auto& [name, command, price] : cases) {
    const auto answer = run_client(command);
    EXPECT_EQ(answer.status, 201u) << name << " -> " << answer.body;
    EXPECT_EQ(member(answer.body, "price"), value(price)) << name << " -> " << answer.body;
  }
  const value listed = http.get("/api/alerts/", bearer(user.token)).json();
  EXPECT_EQ(member(listed, "count"), value(static_cast<std::int64_t>(cases.size()))) << listed;
}

// Postman's form-data tab, byte for byte as it sends it (its own boundary, a Postman-Token).
TEST_F(original_clients_test, create_from_postmans_form_data_bytes) {
  http_client http = client();
  const test_user user = register_and_login(http, "postman");
  const std::string body =
      "----------------------------512703958274603188937153\r\n"
      "Content-Disposition: form-data; name=\"price\"\r\n"
      "\r\n"
      "51004.25\r\n"
      "----------------------------512703958274603188937153--\r\n";
  raw_connection connection(port());
  ASSERT_TRUE(connection.send(
      "POST /api/alerts/create HTTP/1.1\r\n"
      "Authorization: Bearer " + user.token + "\r\n"
      "User-Agent: PostmanRuntime/7.43.0\r\n"
      "Accept: */*\r\n"
      "Postman-Token: 4d5f6a2e-2c1b-4b7e-9d3a-8f1e2d3c4b5a\r\n"
      "Host: 127.0.0.1:" + std::to_string(port()) + "\r\n"
      "Accept-Encoding: gzip, deflate, br\r\n"
      "Connection: keep-alive\r\n"
      "Content-Type: multipart/form-data; boundary=--------------------------512703958274603188937153\r\n"
      "Content-Length: " + std::to_string(body.size()) + "\r\n"
      "\r\n" + body));
  const auto answer = connection.read_response();
  ASSERT_EQ(answer.status, 201u) << answer.head << answer.body;
  EXPECT_EQ(member(boost::json::parse(answer.body), "price"), value("51004.25")) << answer.body;
}

}  // namespace
}  // namespace pricewatch::e2e
