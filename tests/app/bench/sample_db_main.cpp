// hearth-sample-db [PATH]: writes the showcase conversation (Markdown, a code block, a table, reasoning)
// into the Hearth database at PATH, creating it if needed; without PATH, into the database the app itself
// opens (Storage::defaultPath() under the same application names). tests/app/screenshot.sh uses it.
#include <QCoreApplication>
#include <cstdio>

#include "SampleConversation.h"

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  // The names main.cpp gives the app, so that the default path is the one it opens.
  QCoreApplication::setApplicationName(QStringLiteral("Hearth"));
  QCoreApplication::setOrganizationName(QStringLiteral("Hearth"));
  const QStringList args = QCoreApplication::arguments();
  if (args.size() > 2) {
    std::fputs("usage: hearth-sample-db [PATH]\n", stderr);
    return 2;
  }
  const QString path = args.size() == 2 ? args[1] : hearth::app::Storage::defaultPath();
  auto storage = hearth::app::Storage::open(path);
  if (!storage) {
    std::fprintf(stderr, "%s\n", qPrintable(storage.error().detail));
    return 1;
  }
  auto id = hearth::app::bench::writeShowcaseConversation(**storage);
  if (!id) {
    std::fprintf(stderr, "%s\n", qPrintable(id.error().detail));
    return 1;
  }
  std::printf("conversation %lld in %s\n", static_cast<long long>(*id), qPrintable(path));
  return 0;
}
