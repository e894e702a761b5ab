#include "core/remote/CardConnector.h"
#include "tests/bench/Benchmark.h"
#include "tests/support/Connections.h"

#include <stdexcept>

namespace cms::bench {

namespace {

using tests::connectAs;

const Registration kCardSignIn{{
    "card_connect_rsa",
    "PIN check, certificate read and TLS 1.3 connection signed by the card (RSA-2048), median of 10",
    1500,
    "ms",
    [] {
        return Measurement{medianMilliseconds(10, [] { (void)connectAs("oortega"); }), "ms"};
    },
}};

const Registration kCardSignInEc{{
    "card_connect_ec",
    "the same with the ECC P-256 card, median of 10",
    1500,
    "ms",
    [] {
        return Measurement{medianMilliseconds(10, [] { (void)connectAs("iibarra"); }), "ms"};
    },
}};

const Registration kRoundTrip{{
    "pg_roundtrip",
    "one bound-parameter statement over the card connection, median of 1000",
    2,
    "ms",
    [] {
        const auto connected = connectAs("aalvarez");
        return Measurement{medianMilliseconds(1000,
                                              [&] {
                                                  if (!connected.connection.queryValue("SELECT $1::int + 1", {"41"})) {
                                                      throw std::runtime_error("round trip failed");
                                                  }
                                              }),
                           "ms"};
    },
}};

} // namespace

} // namespace cms::bench
