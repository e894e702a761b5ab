#include "core/audit/AuditChain.h"

#include "core/audit/CanonicalEvent.h"
#include "core/audit/DeviceBatch.h"
#include "core/auth/CardSignature.h"
#include "core/common/Hex.h"
#include "core/remote/PgConnection.h"

#include <array>
#include <memory>
#include <openssl/evp.h>

namespace cms::core::audit {

namespace {

using Bytes = std::vector<std::uint8_t>;
constexpr long long kPage = 5000;
// A page of the chain, positions $1 to $2, with what the canonical bytes are built from.
constexpr const char* kPageQuery =
    "SELECT e.chain_position, e.prev_hash, e.hash, e.id, e.occurred_at AT TIME ZONE 'UTC', "
    "e.received_at AT TIME ZONE 'UTC', e.actor, e.application, host(e.client_address), e.event_type, "
    "e.object_type, e.object_id, to_jsonb(e.changed_columns)::text, e.outcome, e.details::text, "
    "e.session_id, e.workstation FROM cms_audit.events e WHERE e.chain_position BETWEEN $1 AND $2 ORDER BY "
    "e.chain_position";

// bytea as PostgreSQL prints it: \x followed by hex digits.
std::optional<Bytes> byteaOf(const std::string& text)
{
    if (!text.starts_with("\\x")) {
        return std::nullopt;
    }
    return fromHex(std::string_view(text).substr(2));
}

// bytea as PostgreSQL prints it.
std::string printedBytea(const Bytes& bytes)
{
    return "\\x" + toHex(bytes);
}

// Columns 3.. of the verifier's page query.
RawEvent rawEventOf(const remote::PgResult& page, int row)
{
    return RawEvent{page.text(row, 3),
                    page.text(row, 4),
                    page.text(row, 5),
                    page.text(row, 6),
                    page.text(row, 7),
                    page.optionalText(row, 8),
                    page.text(row, 9),
                    page.optionalText(row, 10),
                    page.optionalText(row, 11),
                    page.optionalText(row, 12),
                    page.text(row, 13),
                    page.text(row, 14),
                    page.optionalText(row, 15),
                    page.optionalText(row, 16)};
}

Bytes sha256Of(const Bytes& previous, const std::string& canonical)
{
    // One context for the run: a digest per event without an allocation per event.
    thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                                       &EVP_MD_CTX_free);
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr);
    EVP_DigestUpdate(context.get(), previous.data(), previous.size());
    EVP_DigestUpdate(context.get(), canonical.data(), canonical.size());
    EVP_DigestFinal_ex(context.get(), digest.data(), &length);
    return {digest.begin(), digest.begin() + length};
}

} // namespace

AuditChain::AuditChain(const remote::PgConnection& connection)
    : m_connection(connection)
{}

Result<ChainVerdict> AuditChain::verify(const std::optional<std::string>& from,
                                        const std::optional<std::string>& to) const
{
    auto range = m_connection.exec("SELECT coalesce(min(chain_position), 0), coalesce(max(chain_position), 0) "
                                   "FROM cms_audit.events WHERE ($1::timestamptz IS NULL OR received_at >= $1) "
                                   "AND ($2::timestamptz IS NULL OR received_at <= $2)",
                                   {from, to});
    if (!range) {
        return std::unexpected(range.error());
    }
    ChainVerdict verdict;
    verdict.firstPosition = std::stoll(range->text(0, 0));
    verdict.lastPosition = std::stoll(range->text(0, 1));
    if (!to) {
        // Up to the end: the chain's head and the checkpoints say how far it reached. Events cut
        // off its end (or all of them) leave that behind.
        auto ends = m_connection.exec("SELECT greatest((SELECT position FROM cms_audit.chain_head), "
                                      "(SELECT coalesce(max(chain_position), 0) FROM cms_audit.checkpoints)), "
                                      "(SELECT coalesce(max(chain_position), 0) FROM cms_audit.events)");
        if (!ends) {
            return std::unexpected(ends.error());
        }
        const long long recorded = std::stoll(ends->text(0, 0));
        const long long present = std::stoll(ends->text(0, 1));
        if (recorded > present) {
            verdict.brokenAt = present + 1;
            verdict.cause = "the events from here to position " + std::to_string(recorded)
                            + " are gone (the chain's head or a checkpoint recorded them)";
            return verdict;
        }
    }
    if (verdict.lastPosition == 0) {
        return verdict; // nothing in the range
    }
    Bytes previous(32, 0);
    if (verdict.firstPosition > 1) {
        auto before = m_connection.exec("SELECT hash FROM cms_audit.events WHERE chain_position = $1",
                                        {std::to_string(verdict.firstPosition - 1)});
        if (!before) {
            return std::unexpected(before.error());
        }
        if (before->rows() != 1) {
            verdict.brokenAt = verdict.firstPosition - 1;
            verdict.cause = "the event before the range is missing";
            return verdict;
        }
        previous = byteaOf(before->text(0, 0)).value_or(Bytes{});
    }
    // The next page is read by the server while this one is hashed here (the hashing and the
    // server's formatting of a page take about as long: together, not one after the other).
    const auto askPage = [&](long long start) {
        return m_connection.send(
            kPageQuery, {std::to_string(start), std::to_string(std::min(start + kPage - 1, verdict.lastPosition))});
    };
    std::string previousText = printedBytea(previous);
    long long expected = verdict.firstPosition;
    bool asked = verdict.firstPosition <= verdict.lastPosition;
    if (asked) {
        if (auto sent = askPage(verdict.firstPosition); !sent) {
            return std::unexpected(sent.error());
        }
    }
    for (long long start = verdict.firstPosition; asked; start += kPage) {
        auto page = m_connection.receive();
        asked = false;
        if (!page) {
            return std::unexpected(page.error());
        }
        if (start + kPage <= verdict.lastPosition) {
            if (auto sent = askPage(start + kPage); !sent) {
                return std::unexpected(sent.error());
            }
            asked = true;
        }
        for (int row = 0; row < page->rows() && verdict.intact(); ++row) {
            const long long position = std::stoll(page->text(row, 0));
            // Hashes compared as the server prints them (\x and lowercase hex): no decoding.
            if (position != expected) {
                verdict.brokenAt = expected;
                verdict.cause = "the event at this position is missing";
            } else if (page->text(row, 1) != previousText) {
                verdict.brokenAt = position;
                verdict.cause = "it does not name the hash of the event before it";
            } else if (auto hash = sha256Of(previous, canonicalEvent(rawEventOf(*page, row)));
                       page->text(row, 2) != printedBytea(hash)) {
                verdict.brokenAt = position;
                verdict.cause = "its contents do not match its hash (the event was changed)";
            } else {
                previous = std::move(hash);
                previousText = page->text(row, 2);
                ++expected;
                ++verdict.eventsChecked;
            }
        }
        if (verdict.intact() && expected <= std::min(start + kPage - 1, verdict.lastPosition)) {
            verdict.brokenAt = expected;
            verdict.cause = "the event at this position is missing";
        }
        if (!verdict.intact() && asked) {
            (void)m_connection.receive(); // the page asked for is not needed: the connection is free again
            asked = false;
        }
    }
    if (!verdict.intact()) {
        return verdict;
    }
    verdict.headHash = toHex(previous);
    auto checkpoints = m_connection.exec("SELECT c.chain_position, c.head_hash = e.hash FROM cms_audit.checkpoints c "
                                         "LEFT JOIN cms_audit.events e ON e.chain_position = c.chain_position "
                                         "WHERE c.chain_position BETWEEN $1 AND $2 ORDER BY c.chain_position",
                                         {std::to_string(verdict.firstPosition), std::to_string(verdict.lastPosition)});
    if (!checkpoints) {
        return std::unexpected(checkpoints.error());
    }
    for (int row = 0; row < checkpoints->rows(); ++row) {
        if (checkpoints->text(row, 1) != "t") {
            verdict.brokenAt = std::stoll(checkpoints->text(row, 0));
            verdict.cause = "a checkpoint recorded another hash for this position";
            return verdict;
        }
        ++verdict.checkpointsChecked;
    }
    return verifyDeviceBatches(std::move(verdict));
}

// Checked here with OpenSSL and the certificate, not by asking the server's functions: a changed
// function must not be able to vouch for a forged batch.
Result<ChainVerdict> AuditChain::verifyDeviceBatches(ChainVerdict verdict) const
{
    auto batches = m_connection.exec(
        "SELECT b.id, b.device::text, b.person, b.first_position, b.last_position, b.last_hash, "
        "encode(b.signature, 'hex'), encode(k.certificate, 'hex'), e.chain_position, e.details->>'device_hash' "
        "FROM cms_audit.device_batches b "
        "LEFT JOIN cms_audit.signing_keys k ON k.login_role = b.person AND k.certificate_serial = b.certificate_serial "
        "LEFT JOIN cms_audit.events e ON e.details->>'device' = b.device::text "
        "AND e.details->>'device_position' = b.last_position::text "
        "WHERE e.chain_position IS NULL OR e.chain_position BETWEEN $1 AND $2 ORDER BY e.chain_position, b.id",
        {std::to_string(verdict.firstPosition), std::to_string(verdict.lastPosition)});
    if (!batches) {
        return std::unexpected(batches.error());
    }
    for (int row = 0; row < batches->rows(); ++row) {
        const auto named = "the batch of " + batches->text(row, 2) + "'s laptop " + batches->text(row, 1)
                           + " (its events " + batches->text(row, 3) + ".." + batches->text(row, 4) + ")";
        if (batches->isNull(row, 8)) {
            // Its last event is nowhere in the trail (one outside the range checked is not
            // selected): removed, with the chain rebuilt over the gap.
            verdict.brokenAt = verdict.lastPosition + 1;
            verdict.cause = named + " has its last event missing from the trail";
            return verdict;
        }
        const long long position = std::stoll(batches->text(row, 8));
        const auto signature = fromHex(batches->text(row, 6));
        const auto certificate = fromHex(batches->text(row, 7));
        const auto digest =
            DeviceBatch::digest(batches->text(row, 1), std::stoll(batches->text(row, 4)), batches->text(row, 5));
        if (batches->text(row, 9) != batches->text(row, 5)) {
            verdict.brokenAt = position;
            verdict.cause = named + " was signed over another last event than the one the chain holds";
            return verdict;
        }
        if (!signature || !certificate || certificate->empty()
            || !auth::CardSignature::verify(*certificate, digest, *signature)) {
            verdict.brokenAt = position;
            verdict.cause = named + " is not signed by the card of the certificate it was received under";
            return verdict;
        }
        ++verdict.batchesChecked;
    }
    return verdict;
}

Result<long long> AuditChain::writeCheckpoint() const
{
    auto written = m_connection.queryValue("SELECT chain_position FROM cms_audit.write_checkpoint()");
    if (!written) {
        return std::unexpected(written.error());
    }
    return std::stoll(written->value_or("0"));
}

} // namespace cms::core::audit
