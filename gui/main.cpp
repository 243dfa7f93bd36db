// ddbsim-gui: the desktop what-if app. `ddbsim-gui [SCENARIO.json]` opens a scenario;
// `--screenshot FILE.png` runs it, renders the main window to a PNG and exits (works under
// QT_QPA_PLATFORM=offscreen).
#include <QApplication>
#include <QCommandLineParser>
#include <QTabWidget>
#include <QTimer>
#include <iostream>

#include "main_window.hpp"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("ddbsim-gui");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "ddbsim: a what-if simulator for Amazon DynamoDB capacity and cost");
    parser.addHelpOption();
    QCommandLineOption shot("screenshot", "Run SCENARIO, save the main window to FILE.png, exit.",
                            "FILE");
    parser.addOption(shot);
    QCommandLineOption tab(
        "tab", "With --screenshot: the tab to show (Capacity, Cost, Heat map, ...).", "NAME");
    parser.addOption(tab);
    parser.addPositionalArgument("scenario", "a scenario file to open");
    parser.process(app);
    ddbsim::gui::MainWindow window;
    const QStringList args = parser.positionalArguments();
    if (!args.isEmpty() && !window.open(args.front())) {
        std::cerr << "ddbsim-gui: cannot open " << args.front().toStdString() << "\n";
        return 2;
    }
    if (parser.isSet(shot)) {
        window.show();
        if (!args.isEmpty()) {
            if (!window.run()) {
                std::cerr << "ddbsim-gui: the scenario does not validate\n";
                return 2;
            }
            window.runner().wait();
        }
        if (parser.isSet(tab)) {
            for (int i = 0; i < window.tabs()->count(); ++i)
                if (window.tabs()->tabText(i).remove('&').startsWith(parser.value(tab),
                                                                     Qt::CaseInsensitive))
                    window.tabs()->setCurrentIndex(i);
        }
        QApplication::processEvents();
        if (!window.screenshot(parser.value(shot))) {
            std::cerr << "ddbsim-gui: cannot write " << parser.value(shot).toStdString() << "\n";
            return 1;
        }
        return 0;
    }
    window.show();
    return app.exec();
}
