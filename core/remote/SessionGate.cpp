#include "core/remote/SessionGate.h"

namespace cms::core::remote {

std::string SessionGate::trainingRefusal(const std::string& trainedOn)
{
    const std::string when = trainedOn.empty() ? "No privacy training is on record for you"
                                               : "Your last privacy training was on " + trainedOn;
    return when
           + ", and it must be renewed every year (365 days) before you may sign in. Complete the "
             "privacy training, then ask your access administrator to record it.";
}

Result<SignedInPerson>
SessionGate::enter(const PgConnection& connection, const std::string& tokenLabel, const audit::SignInAudit& audit)
{
    auto person = SignedInPerson::load(connection);
    if (!person) {
        (void)audit.recordSignIn(connection, tokenLabel, toString(person.error().code)); // its own error wins
        return std::unexpected(person.error());
    }
    if (!person->trainingCurrent) {
        const Error refusal{ErrorCode::TrainingOverdue, trainingRefusal(person->privacyTrainingOn), {}};
        if (auto recorded = audit.recordSignIn(connection, tokenLabel, toString(refusal.code)); !recorded) {
            return std::unexpected(recorded.error());
        }
        return std::unexpected(refusal);
    }
    if (auto recorded = audit.recordSignIn(connection, tokenLabel); !recorded) {
        return std::unexpected(recorded.error());
    }
    return person;
}

} // namespace cms::core::remote
