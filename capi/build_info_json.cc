#include "capi/build_info_json.h"

#include <curl/curl.h>
#include <sqlite3.h>

#include "absl/base/config.h"
#include "common/version.h"
#include "rapidjson/rapidjson.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace flowstate::core {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Field(Writer& w, const char* key, const char* value) {
  w.Key(key);
  if (value != nullptr) {
    w.String(value);
  } else {
    w.Null();
  }
}

void CurlInfo(Writer& w) {
  const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
  w.Key("curl");
  w.StartObject();
  Field(w, "version", info->version);
  Field(w, "ssl", info->ssl_version);
  struct Feature {
    long bit;  // NOLINT(google-runtime-int): curl's type
    const char* name;
  };
  static const Feature kFeatures[] = {
      {CURL_VERSION_IPV6, "IPv6"},
      {CURL_VERSION_SSL, "SSL"},
      {CURL_VERSION_LIBZ, "libz"},
      {CURL_VERSION_GSSAPI, "GSS-API"},
      {CURL_VERSION_SPNEGO, "SPNEGO"},
      {CURL_VERSION_KERBEROS5, "Kerberos"},
      {CURL_VERSION_HTTP2, "HTTP2"},
      {CURL_VERSION_ASYNCHDNS, "AsynchDNS"},
      {CURL_VERSION_UNIX_SOCKETS, "UnixSockets"},
      {CURL_VERSION_HTTPS_PROXY, "HTTPS-proxy"},
      {CURL_VERSION_THREADSAFE, "threadsafe"},
  };
  w.Key("features");
  w.StartArray();
  for (const Feature& f : kFeatures) {
    if ((info->features & f.bit) != 0) w.String(f.name);
  }
  w.EndArray();
  w.Key("protocols");
  w.StartArray();
  for (const char* const* p = info->protocols; p != nullptr && *p != nullptr; ++p) w.String(*p);
  w.EndArray();
  w.Key("gssapi");
  w.Bool((info->features & CURL_VERSION_GSSAPI) != 0 &&
         (info->features & CURL_VERSION_SPNEGO) != 0);
  w.EndObject();
}

void SqliteInfo(Writer& w) {
  w.Key("sqlite");
  w.StartObject();
  Field(w, "version", sqlite3_libversion());
  Field(w, "source_id", sqlite3_sourceid());
  w.Key("threadsafe");
  w.Int(sqlite3_threadsafe());
  w.Key("compile_options");
  w.StartArray();
  for (int i = 0;; ++i) {
    const char* opt = sqlite3_compileoption_get(i);
    if (opt == nullptr) break;
    w.String(opt);
  }
  w.EndArray();
  w.EndObject();
}

}  // namespace

std::string BuildInfoJson() {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("flowstate");
  w.StartObject();
  Field(w, "version", kVersionString);
  w.Key("abi");
  w.Int(kVersionMajor);
  Field(w, "compiler", kCompiler);
  Field(w, "build_type", kBuildType);
  Field(w, "sanitizers", kSanitizers);
  w.EndObject();
  CurlInfo(w);
  SqliteInfo(w);
  w.Key("rapidjson");
  w.StartObject();
  Field(w, "version", RAPIDJSON_VERSION_STRING);
  w.EndObject();
  w.Key("abseil");
  w.StartObject();
  w.Key("lts");
  w.Int64(ABSL_LTS_RELEASE_VERSION);
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace flowstate::core
