#pragma once

#include "core/cases/CasePeople.h"

#include <QWidget>

#include <memory>
#include <vector>

namespace Ui {
class PeopleTab;
}

namespace cms::ui {

class CaseFeed;
class DatabaseWorker;

// A case's people (PIA Q27): everyone sees the masked values, the record's source and the fields
// the person declined to give. A PII-holder reveals one field of one person at a time (each
// reveal recorded by the server); officers and investigators with the grant correct a value
// with a reason, and see the corrections made. Without the grant no reveal or correction is
// offered, and the table never holds a real value.
class PeopleTab : public QWidget
{
    Q_OBJECT

public:
    struct Rights
    {
        bool mayEdit = false;    // officers, investigators, managers
        bool piiHolder = false;  // reveal, enter PII
        bool mayCorrect = false; // officers and investigators with the grant
    };

    // The people, the reveals, new people and their edits go through `feed` (offline: the cache
    // and its outbox); corrections go to the server through `database`.
    PeopleTab(CaseFeed& feed, DatabaseWorker& database, Rights rights, QWidget* parent = nullptr);
    ~PeopleTab() override;

    void load(const std::string& caseId);
    [[nodiscard]] const std::vector<core::cases::CasePerson>& people() const;
    // Reveals the field (one of core::cases::kPiiFields) of the person in `row`.
    void reveal(int row, const std::string& field);
    void addPerson(const core::cases::NewPerson& person);
    void correct(int row, const std::string& field, const std::string& value, const std::string& reason);

signals:
    void changed();

private:
    void show(std::vector<core::cases::CasePerson> people);
    void revealCurrent();
    void openPersonDialog(bool forNew);
    void openCorrectionDialog();
    void showProblem(const QString& text);

    std::unique_ptr<Ui::PeopleTab> m_ui;
    CaseFeed& m_feed;
    DatabaseWorker& m_database;
    Rights m_rights;
    std::string m_caseId;
    std::vector<core::cases::CasePerson> m_people;
};

} // namespace cms::ui
