#pragma once

#include "core/print/CaseFile.h"
#include "core/print/HardCopyRegister.h"

namespace cms::core::print {

// A hard copy about to be made (issue: hard copies): registered first, so that its number is on
// every page and no copy exists outside the register, then its content read as the server lets
// the person see it (for an unredacted copy, the PII the server releases for that copy, which it
// records). If the content cannot be read after the registration, the entry is marked destroyed
// today, so the register holds no copy that was never made.
struct CaseFileCopy
{
    HardCopy copy;
    CaseFile file;

    [[nodiscard]] static Result<CaseFileCopy> make(const remote::PgConnection& connection, const CopyRequest& request);
    // What a preview shows: nothing registered, so the PII stays masked.
    [[nodiscard]] static Result<CaseFileCopy> preview(const remote::PgConnection& connection,
                                                      const CopyRequest& request);
};

} // namespace cms::core::print
