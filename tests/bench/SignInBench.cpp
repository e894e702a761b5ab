// Issue 4's sign-in budget: PIN submitted to main window shown, p95 <= 1 s, of which certificate
// validation <= 10 ms and the connection <= 300 ms. Measured through the same core path as the
// dialog (CardConnector, then SessionGate: the person, the training check, the audit event), with
// SoftHSM standing in for the card. The window itself is not part of it (the bench has no GUI).
#include "core/audit/SignInAudit.h"
#include "core/pki/CertificateFile.h"
#include "core/pki/CertificateValidator.h"
#include "core/remote/CardConnector.h"
#include "core/remote/SessionGate.h"
#include "tests/bench/Benchmark.h"
#include "tests/support/DevEnvironment.h"

#include <stdexcept>

namespace cms::bench {

namespace {

using tests::DevEnvironment;

constexpr int kSamples = 20;
constexpr const char* kCard = "oortega";

// One sign-in of the officer's card through the client's path.
core::remote::CardConnection connectCard()
{
    const auto& env = DevEnvironment::get();
    core::remote::CardConnectRequest request;
    request.tokenLabel = env.person(kCard).tokenLabel;
    auto connected = core::remote::CardConnector(env.config()).connect(request, SecureBuffer(env.person(kCard).pin));
    if (!connected) {
        throw std::runtime_error("sign-in failed: " + connected.error().message);
    }
    return std::move(*connected);
}

const Registration kSignInTotal{{
    "signin_total",
    "PIN to signed-in session: card PIN, validation, proof of possession, TLS, person and training, audit; p95 "
    "of 20",
    1000,
    "ms",
    [] {
        const core::audit::SignInAudit audit(DevEnvironment::get().devDir() / "bench-state"
                                             / "pending-sign-in-events.jsonl");
        return Measurement{
            p95Milliseconds(kSamples,
                            [&](int) {
                                const auto connected = connectCard();
                                if (auto entered = core::remote::SessionGate::enter(connected.connection, kCard, audit);
                                    !entered) {
                                    throw std::runtime_error("sign-in refused: " + entered.error().message);
                                }
                            }),
            "ms"};
    },
}};

const Registration kSignInValidation{{
    "signin_validation",
    "certificate validation alone (trust material loaded, chain, CRLs), p95 of 20",
    10,
    "ms",
    [] {
        const auto& env = DevEnvironment::get();
        const auto bytes = core::pki::readCertificateFile(env.personFile(env.person(kCard), "auth.crt"));
        if (!bytes) {
            throw std::runtime_error(bytes.error().message);
        }
        return Measurement{
            p95Milliseconds(kSamples,
                            [&](int) {
                                auto validator = core::pki::CertificateValidator::load(env.config().pki);
                                if (!validator
                                    || !validator->validate(*bytes, std::chrono::system_clock::now()).trusted()) {
                                    throw std::runtime_error("validation failed");
                                }
                            }),
            "ms"};
    },
}};

const Registration kSignInConnection{{
    "signin_connection",
    "the whole CardConnector::connect (PIN, validation, proof, TLS signed by the card, card on record), p95 of 20",
    300,
    "ms",
    [] {
        return Measurement{p95Milliseconds(kSamples, [](int) { (void)connectCard(); }), "ms"};
    },
}};

} // namespace

} // namespace cms::bench
