// The main window opens with its menus, its empty state and a status bar that names the backend.
#include <QAction>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include "backend/device_info.h"
#include "engine/BackendChoice.h"
#include "status/StatusBarWidget.h"
#include "window/MainWindow.h"

using hearth::app::MainWindow;

class TestMainWindow : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    // The window opens its database in the application-data folder: a test one.
    QStandardPaths::setTestModeEnabled(true);
  }

  void opensWithMenus() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.windowTitle(), QStringLiteral("Hearth"));

    auto* fileMenu = window.findChild<QMenu*>(QStringLiteral("fileMenu"));
    auto* helpMenu = window.findChild<QMenu*>(QStringLiteral("helpMenu"));
    QVERIFY(fileMenu);
    QVERIFY(helpMenu);
    QStringList fileActions;
    for (QAction* a : fileMenu->actions())
      if (!a->isSeparator()) fileActions << a->text();
    QCOMPARE(fileActions, (QStringList{QStringLiteral("&New Conversation"), QStringLiteral("&Open Model…"),
                                       QStringLiteral("&Settings…"), QStringLiteral("&Export Conversation…"),
                                       QStringLiteral("&Quit")}));
    QCOMPARE(helpMenu->actions().size(), 1);
    QCOMPARE(helpMenu->actions().first()->text(), QStringLiteral("&About Hearth"));
    QCOMPARE(window.findChild<QAction*>(QStringLiteral("openModelAction"))->shortcut(), QKeySequence(QKeySequence::Open));
  }

  void iconIsCompiledIn() {
    // The icon lives in resources/ and reaches the app as a Qt resource.
    QFile icon(QStringLiteral(":/icons/hearth.svg"));
    QVERIFY(icon.open(QIODevice::ReadOnly));
    QVERIFY(icon.readAll().contains("<svg"));
  }

  void showsHowToGetAModel() {
    MainWindow window;
    window.show();
    auto* body = window.findChild<QLabel*>(QStringLiteral("emptyStateBody"));
    QVERIFY(body);
    QVERIFY(body->isVisible());
    QVERIFY(body->text().contains(QStringLiteral("ollama pull nemotron-3-super")));
    QVERIFY(body->text().contains(QStringLiteral(".gguf")));
    auto* open = window.findChild<QPushButton*>(QStringLiteral("emptyStateOpenButton"));
    QVERIFY(open);
    QVERIFY(open->isEnabled());
  }

  void statusBarNamesTheBackend() {
    MainWindow window;
    window.show();
    auto* label = window.findChild<QLabel*>(QStringLiteral("statusBackend"));
    QVERIFY(label);
    QTRY_VERIFY_WITH_TIMEOUT(window.backendKnown(), 20000);
    const QString text = label->text();
    QVERIFY2(text.startsWith(QStringLiteral("Backend: CUDA · ")) || text == QStringLiteral("Backend: CPU"),
             qPrintable(text));
    // Why: the GPU's free memory, or why there is none.
    QVERIFY2(!window.statusWidget()->backendReason().isEmpty(), "the reason is missing");
  }

  void aboutListsVersions() {
    MainWindow window;
    QTRY_VERIFY_WITH_TIMEOUT(window.backendKnown(), 20000);
    const QString about = window.aboutText();
    QVERIFY2(about.contains(QStringLiteral("<td>Qt</td><td>") + QString::fromLatin1(qVersion())), qPrintable(about));
    QVERIFY(about.contains(QRegularExpression(QStringLiteral("<td>KSyntaxHighlighting</td><td>5\\.\\d+\\.\\d+"))));
    QVERIFY(about.contains(QRegularExpression(QStringLiteral("<td>SQLite</td><td>3\\.\\d+\\.\\d+"))));
    QVERIFY(about.contains(QRegularExpression(QStringLiteral("<td>CUDA</td><td>(not built|runtime \\d+\\.\\d+)"))));
    // No GPU: the device report's cause in words, as the status bar says it.
    const hearth::DeviceReport devices = hearth::query_devices();
    if (devices.gpus.empty())
      QVERIFY2(about.contains(QStringLiteral("<td>GPU</td><td>") +
                              hearth::app::noGpuText(devices.no_gpu, QString::fromStdString(devices.cuda_error)) +
                              QStringLiteral("</td>")),
               qPrintable(about));
    else
      QVERIFY(about.contains(QRegularExpression(QStringLiteral("<td>GPU</td><td>.+compute capability"))));
  }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
