#pragma once

#include "ui/MainWindow.h"

#include <string>

namespace cms::bench {

// The main window signed in to the benchmark database with a dev card, at 1366x768 and shown,
// as a person would have it: what the window benchmarks measure, model and painting included.
struct WindowSession
{
    ui::MainWindow window;

    explicit WindowSession(const std::string& tokenLabel);
};

} // namespace cms::bench
