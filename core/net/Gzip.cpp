#include "core/net/Gzip.h"

#include <array>
#include <zlib.h>

namespace cms::core::net {

namespace {

constexpr int kGzipWindow = 15 + 16; // zlib's window bits, +16: a gzip header and trailer

} // namespace

std::string Gzip::compress(const std::string& data)
{
    z_stream stream{};
    deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindow, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    deflate(&stream, Z_FINISH); // the buffer holds deflateBound: one call finishes
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

Result<std::string> Gzip::decompress(const std::string& data)
{
    z_stream stream{};
    if (inflateInit2(&stream, kGzipWindow) != Z_OK) {
        return fail(ErrorCode::Internal, "zlib could not start.");
    }
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    std::string out;
    std::array<char, 16384> chunk{};
    int status = Z_OK;
    while (status == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
        stream.avail_out = static_cast<uInt>(chunk.size());
        status = inflate(&stream, Z_NO_FLUSH);
        out.append(chunk.data(), chunk.size() - stream.avail_out);
    }
    inflateEnd(&stream);
    if (status != Z_STREAM_END) {
        return fail(ErrorCode::InvalidArgument, "The body is not complete gzip data.");
    }
    return out;
}

} // namespace cms::core::net
