// Builds _metadata files byte by byte from the format description
// (Flink's Checkpoints / MetadataV*Serializer format), for the tests of handle tags and layouts
// that no real sample contains, and for structurally valid files in the layout tests.
#ifndef FLOWSTATE_TESTS_STORAGE_METADATA_BUILDER_H_
#define FLOWSTATE_TESTS_STORAGE_METADATA_BUILDER_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace flowstate::testing {

// The CheckpointProperties trailers of two real files: a checkpoint written by Flink 1.20
// (CheckpointType "Checkpoint") and a canonical savepoint written by Flink 2.2.
inline std::string FromHex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    auto v = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    out += static_cast<char>(v(hex[i]) * 16 + v(hex[i + 1]));
  }
  return out;
}
inline const std::string& CheckpointTrailer() {
  static const std::string t = FromHex(
      "aced0005737200386f72672e6170616368652e666c696e6b2e72756e74696d652e636865636b706f696e742e4368"
      "6563"
      "6b706f696e7450726f7065727469657300000000000000020200085a00106469736361726443616e63656c6c6564"
      "5a00"
      "0d646973636172644661696c65645a000f6469736361726446696e69736865645a000f6469736361726453756273"
      "756d"
      "65645a00106469736361726453757370656e6465645a0006666f726365645a0009756e636c61696d65644c000e63"
      "6865"
      "636b706f696e74547970657400324c6f72672f6170616368652f666c696e6b2f72756e74696d652f636865636b70"
      "6f69"
      "6e742f536e617073686f74547970653b787001010101010000737200326f72672e6170616368652e666c696e6b2e"
      "7275"
      "6e74696d652e636865636b706f696e742e436865636b706f696e7454797065d6de4f0305ae1d3a0200024c00046e"
      "616d"
      "657400124c6a6176612f6c616e672f537472696e673b4c001473686172696e6746696c6573537472617465677974"
      "0047"
      "4c6f72672f6170616368652f666c696e6b2f72756e74696d652f636865636b706f696e742f536e617073686f7454"
      "7970"
      "652453686172696e6746696c657353747261746567793b787074000a436865636b706f696e747e7200456f72672e"
      "6170"
      "616368652e666c696e6b2e72756e74696d652e636865636b706f696e742e536e617073686f745479706524536861"
      "7269"
      "6e6746696c6573537472617465677900000000000000001200007872000e6a6176612e6c616e672e456e756d0000"
      "0000"
      "000000001200007870740010464f52574152445f4241434b57415244");
  return t;
}
inline const std::string& SavepointTrailer() {
  static const std::string t = FromHex(
      "aced0005737200386f72672e6170616368652e666c696e6b2e72756e74696d652e636865636b706f696e742e4368"
      "6563"
      "6b706f696e7450726f7065727469657300000000000000020200085a00106469736361726443616e63656c6c6564"
      "5a00"
      "0d646973636172644661696c65645a000f6469736361726446696e69736865645a000f6469736361726453756273"
      "756d"
      "65645a00106469736361726453757370656e6465645a0006666f726365645a0009756e636c61696d65644c000e63"
      "6865"
      "636b706f696e74547970657400324c6f72672f6170616368652f666c696e6b2f72756e74696d652f636865636b70"
      "6f69"
      "6e742f536e617073686f74547970653b787000000000000100737200316f72672e6170616368652e666c696e6b2e"
      "7275"
      "6e74696d652e636865636b706f696e742e53617665706f696e7454797065a087d308a45814b80200034c000a666f"
      "726d"
      "6174547970657400354c6f72672f6170616368652f666c696e6b2f636f72652f657865637574696f6e2f53617665"
      "706f"
      "696e74466f726d6174547970653b4c00046e616d657400124c6a6176612f6c616e672f537472696e673b4c001470"
      "6f73"
      "74436865636b706f696e74416374696f6e7400484c6f72672f6170616368652f666c696e6b2f72756e74696d652f"
      "6368"
      "65636b706f696e742f53617665706f696e745479706524506f7374436865636b706f696e74416374696f6e3b7870"
      "7e72"
      "00336f72672e6170616368652e666c696e6b2e636f72652e657865637574696f6e2e53617665706f696e74466f72"
      "6d61"
      "745479706500000000000000001200007872000e6a6176612e6c616e672e456e756d000000000000000012000078"
      "7074"
      "000943414e4f4e4943414c74000953617665706f696e747e7200466f72672e6170616368652e666c696e6b2e7275"
      "6e74"
      "696d652e636865636b706f696e742e53617665706f696e745479706524506f7374436865636b706f696e74416374"
      "696f"
      "6e00000000000000001200007871007e00097400044e4f4e45");
  return t;
}

// Big-endian writer with Java's writeUTF.
class MetadataBuilder {
 public:
  MetadataBuilder& I8(uint8_t v) {
    b_ += static_cast<char>(v);
    return *this;
  }
  MetadataBuilder& I32(int32_t v) {
    for (int i = 3; i >= 0; --i)
      b_ += static_cast<char>((static_cast<uint32_t>(v) >> (8 * i)) & 0xFF);
    return *this;
  }
  MetadataBuilder& I64(int64_t v) {
    for (int i = 7; i >= 0; --i)
      b_ += static_cast<char>((static_cast<uint64_t>(v) >> (8 * i)) & 0xFF);
    return *this;
  }
  // writeUTF of already modified-UTF-8 bytes.
  MetadataBuilder& Utf(std::string_view modified_utf8) {
    b_ += static_cast<char>((modified_utf8.size() >> 8) & 0xFF);
    b_ += static_cast<char>(modified_utf8.size() & 0xFF);
    b_ += modified_utf8;
    return *this;
  }
  MetadataBuilder& Raw(std::string_view bytes) {
    b_ += bytes;
    return *this;
  }
  MetadataBuilder& Header(int version, int64_t id, int32_t masters = 0) {
    return I32(0x4960672D).I32(version).I64(id).I32(masters);
  }
  // An operator's start: name and uid (v5+), the id as 16 bytes, parallelisms.
  MetadataBuilder& OperatorStart(int version, uint8_t id_byte, int32_t parallelism = 1,
                                 std::string_view name = "op", std::string_view uid = "") {
    if (version >= 5) Utf(name).Utf(uid);
    for (int i = 0; i < 16; ++i) I8(id_byte);
    return I32(parallelism).I32(128);
  }
  // Stream handles.
  MetadataBuilder& Inline(std::string_view bytes) {
    return I8(1).Utf("inline").I32(static_cast<int32_t>(bytes.size())).Raw(bytes);
  }
  MetadataBuilder& Absolute(std::string_view path, int64_t size) {
    return I8(2).I64(size).Utf(path);
  }
  MetadataBuilder& Relative(std::string_view name, int64_t size) {
    return I8(6).Utf(name).I64(size);
  }
  MetadataBuilder& Segment(int64_t start, int64_t size, std::string_view path, int scope = 0) {
    return I8(15).I64(start).I64(size).I32(scope).Utf(path).Utf("logical-1");
  }
  // An empty subtask state body (v3+): no operator state, no keyed state, no channels.
  MetadataBuilder& EmptySubtask(int version) {
    I32(0).I32(0).I8(0).I8(0);
    if (version >= 3) I32(0).I32(0);
    return *this;
  }
  const std::string& bytes() const { return b_; }
  std::string Take() { return std::move(b_); }

 private:
  std::string b_;
};

// A structurally valid _metadata of `version` for checkpoint `id`: one operator whose one
// subtask holds `padding` bytes of inline keyed state, and for v4+ a real trailer.
inline std::string ValidMetadata(int version, int64_t id, size_t padding = 16,
                                 bool savepoint = false) {
  MetadataBuilder m;
  m.Header(version, id).I32(1).OperatorStart(version, 0x11, 1);
  if (version == 2) {
    m.I32(1);  // legacy chain length
  } else {
    m.I8(0);  // no coordinator state
  }
  m.I32(1).I32(0);  // one subtask, index 0
  if (version == 2) m.I64(-1).I32(0);
  m.I32(0).I32(0);                                          // no operator state
  m.I8(3).I32(0).I32(0).Inline(std::string(padding, 'x'));  // key groups around inline bytes
  m.I8(0);                                                  // no raw keyed state
  if (version >= 3) m.I32(0).I32(0);                        // no channel state
  if (version >= 4) m.Raw(savepoint ? SavepointTrailer() : CheckpointTrailer());
  return m.Take();
}

}  // namespace flowstate::testing

#endif  // FLOWSTATE_TESTS_STORAGE_METADATA_BUILDER_H_
