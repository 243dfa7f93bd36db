// ddbsim-gui: the desktop what-if app. `ddbsim-gui [SCENARIO.json]` opens a scenario;
// `--screenshot FILE.png` runs it, renders the main window to a PNG and exits (works under
// QT_QPA_PLATFORM=offscreen). `--help` needs no display.
#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTabWidget>
#include <QTimer>
#include <QUrl>
#include <cstring>
#include <iostream>

#include "main_window.hpp"

namespace {

struct Options {
    QCommandLineOption shot{"screenshot", "Run SCENARIO, save the main window to FILE.png, exit.",
                            "FILE"};
    QCommandLineOption tab{
        "tab",
        "The tab to show: Capacity, \"Throttling & partitions\", \"Heat map\", "
        "\"Latency & replication\", Cost, \"Compare A/B\", \"Scenario JSON\" (any case, or the "
        "start of a name).",
        "NAME"};
    QCommandLineOption connect{"connect",
                               "Plot a running `ddbsim serve` live from its /metrics, e.g. "
                               "http://127.0.0.1:8000 (the Live tab; with --screenshot, after "
                               "six seconds of readings).",
                               "URL"};
};

void describe(QCommandLineParser& parser, const Options& o) {
    parser.setApplicationDescription(
        "ddbsim: a what-if simulator for Amazon DynamoDB capacity and cost");
    parser.addHelpOption();
    parser.addOption(o.shot);
    parser.addOption(o.tab);
    parser.addOption(o.connect);
    parser.addPositionalArgument("scenario", "a scenario file to open");
}

}  // namespace

int main(int argc, char** argv) {
    // Help is text: print it without starting a GUI (and so without a display).
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h") ||
            !std::strcmp(argv[i], "-?") || !std::strcmp(argv[i], "--help-all")) {
            QCoreApplication core(argc, argv);
            QCoreApplication::setApplicationName("ddbsim-gui");
            QCommandLineParser parser;
            Options o;
            describe(parser, o);
            std::cout << parser.helpText().toStdString();
            return 0;
        }
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName("ddbsim-gui");
    QCommandLineParser parser;
    Options o;
    describe(parser, o);
    parser.process(app);
    ddbsim::gui::MainWindow window;
    if (parser.isSet(o.tab)) {
        const int index = window.find_tab(parser.value(o.tab));
        if (index < 0) {
            std::cerr << "ddbsim-gui: --tab: no tab \"" << parser.value(o.tab).toStdString()
                      << "\"; the tabs are: " << window.tab_names().join(", ").toStdString()
                      << "\n";
            return 2;
        }
    }
    const QStringList args = parser.positionalArguments();
    if (!args.isEmpty() && !window.open(args.front())) {
        std::cerr << "ddbsim-gui: cannot open " << args.front().toStdString() << "\n";
        return 2;
    }
    auto show_tab = [&] {
        if (parser.isSet(o.tab))
            window.tabs()->setCurrentIndex(window.find_tab(parser.value(o.tab)));
    };
    if (parser.isSet(o.shot)) {
        window.show();
        if (!args.isEmpty()) {
            if (!window.run()) {
                std::cerr << "ddbsim-gui: the scenario does not validate\n";
                return 2;
            }
            window.runner().wait();
        }
        if (parser.isSet(o.connect)) {
            // Live: poll the server for a few seconds so the charts have something to show.
            window.connect_live(QUrl(parser.value(o.connect)), 500);
            QElapsedTimer waited;
            waited.start();
            while (waited.elapsed() < 6000)
                QApplication::processEvents(QEventLoop::AllEvents, 50);
        }
        show_tab();
        QApplication::processEvents();
        if (!window.screenshot(parser.value(o.shot))) {
            std::cerr << "ddbsim-gui: cannot write " << parser.value(o.shot).toStdString() << "\n";
            return 1;
        }
        return 0;
    }
    if (parser.isSet(o.connect)) window.connect_live(QUrl(parser.value(o.connect)));
    show_tab();
    window.show();
    return app.exec();
}
