#pragma once

#include <boost/program_options.hpp>
#include <string>

namespace cms::app {

// `cmsadmin pki check CERT ...` (see PkiCommand's usage): the help desk's view of what sign-in
// decides about a certificate, through the same core::pki::CertificateValidator.
[[nodiscard]] int runPkiCheck(const boost::program_options::variables_map& vm, const std::string& certificatePath);

} // namespace cms::app
