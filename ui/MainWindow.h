#pragma once

#include "core/remote/CardConnector.h"
#include "core/remote/SignedInPerson.h"

#include <QMainWindow>

#include <memory>

namespace Ui {
class MainWindow;
}

namespace cms::ui {

// The application's main window. The case list and case form come in later; for now it shows
// the application's identity and who is signed in.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // The signed-in session: the window keeps the connection and shows who is signed in.
    void setSignedIn(std::shared_ptr<core::remote::CardConnection> connection, core::remote::SignedInPerson person);

private:
    void showAbout();

    std::unique_ptr<Ui::MainWindow> m_ui;
    std::shared_ptr<core::remote::CardConnection> m_connection;
    core::remote::SignedInPerson m_person;
};

} // namespace cms::ui
