// The German and French translations are complete and safe to show: every message of every .ts file in
// translations/ has a translation (no "unfinished", "obsolete" or "vanished" entries, nothing empty), keeps
// the source's %1..%99 placeholders, carries %n into every plural form (two forms each for German and
// French), keeps a keyboard mnemonic (&) where the source has one, and keeps rich-text tags balanced the
// way the source has them. Reads the files as committed; `cmake --build build --target update_translations`
// brings them up to date with the sources first.
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QXmlStreamReader>

namespace {

struct TsMessage {
  QString context;
  QString source;
  QString type;  // the translation's type attribute: "", "unfinished", "obsolete", "vanished"
  bool numerus = false;
  QStringList forms;  // one for a plain message, the plural forms for a numerus one
  qint64 line = 0;
};

struct TsFile {
  QString language;
  QList<TsMessage> messages;
  QString error;
};

TsFile readTs(const QString& path) {
  TsFile ts;
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    ts.error = file.errorString();
    return ts;
  }
  QXmlStreamReader xml(&file);
  QString context;
  TsMessage message;
  while (!xml.atEnd()) {
    xml.readNext();
    // A numerus message is complete at its closing tag (a plain one when its text is read).
    if (xml.isEndElement() && xml.name() == QLatin1String("translation") && message.numerus) ts.messages << message;
    if (!xml.isStartElement()) continue;
    const auto name = xml.name();
    if (name == QLatin1String("TS")) {
      ts.language = xml.attributes().value(QLatin1String("language")).toString();
    } else if (name == QLatin1String("context")) {
      context.clear();
    } else if (name == QLatin1String("name")) {
      context = xml.readElementText();
    } else if (name == QLatin1String("message")) {
      message = TsMessage{context, {}, {}, xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes"), {},
                          xml.lineNumber()};
    } else if (name == QLatin1String("source")) {
      message.source = xml.readElementText();
    } else if (name == QLatin1String("translation")) {
      message.type = xml.attributes().value(QLatin1String("type")).toString();
      if (!message.numerus) {
        message.forms << xml.readElementText();
        ts.messages << message;
      }
    } else if (name == QLatin1String("numerusform")) {
      message.forms << xml.readElementText();
    }
  }
  if (xml.hasError()) ts.error = QStringLiteral("%1 at line %2").arg(xml.errorString()).arg(xml.lineNumber());
  return ts;
}

// %1..%99 as a sorted list (a placeholder may appear twice; what matters is that each survives).
QStringList placeholders(const QString& text) {
  static const QRegularExpression re(QStringLiteral("%(\\d{1,2})"));
  QSet<QString> found;
  for (auto it = re.globalMatch(text); it.hasNext();) found.insert(it.next().captured(0));
  QStringList sorted(found.cbegin(), found.cend());
  sorted.sort();
  return sorted;
}

// A mnemonic is & before a letter or digit; && is a literal ampersand.
bool hasMnemonic(const QString& text) {
  static const QRegularExpression re(QStringLiteral("(?<!&)&(?!&)[\\p{L}\\p{N}]"));
  return re.match(text).hasMatch();
}

// The rich-text tags without attributes, sorted (word order may move an inline tag): a translation keeps
// every tag of the source and adds none.
QStringList tags(const QString& text) {
  static const QRegularExpression re(QStringLiteral("<(/?[a-zA-Z][a-zA-Z0-9]*)[^>]*>"));
  QStringList found;
  for (auto it = re.globalMatch(text); it.hasNext();) found << it.next().captured(1).toLower();
  found.sort();
  return found;
}

QStringList tsFiles() {
  const QDir dir(QStringLiteral(HEARTH_TRANSLATIONS_DIR));
  QStringList files;
  for (const QString& name : dir.entryList({QStringLiteral("hearth_*.ts")}, QDir::Files, QDir::Name))
    files << dir.filePath(name);
  return files;
}

}  // namespace

class TestTranslations : public QObject {
  Q_OBJECT

 private slots:
  void bothLanguagesExist() {
    QStringList languages;
    for (const QString& path : tsFiles()) languages << readTs(path).language;
    QCOMPARE(languages, (QStringList{QStringLiteral("de_DE"), QStringLiteral("fr_FR")}));
  }

  void complete_data() {
    QTest::addColumn<QString>("path");
    for (const QString& path : tsFiles()) QTest::newRow(qPrintable(QFileInfo(path).fileName())) << path;
  }

  void complete() {
    QFETCH(QString, path);
    const TsFile ts = readTs(path);
    QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
    QVERIFY(ts.messages.size() > 50);  // an empty or truncated file is not complete
    QStringList problems;
    auto problem = [&](const TsMessage& m, const QString& what) {
      problems << QStringLiteral("line %1 [%2] \"%3\": %4").arg(m.line).arg(m.context, m.source.left(60), what);
    };
    for (const TsMessage& m : ts.messages) {
      if (!m.type.isEmpty()) problem(m, QStringLiteral("marked %1").arg(m.type));
      if (m.numerus && m.forms.size() != 2) problem(m, QStringLiteral("%1 plural forms, expected 2").arg(m.forms.size()));
      for (const QString& form : m.forms) {
        if (form.trimmed().isEmpty()) {
          problem(m, QStringLiteral("empty translation"));
          continue;
        }
        // %n is not a numbered placeholder: it is checked on its own, in every plural form.
        QStringList want = placeholders(m.source);
        QStringList got = placeholders(form);
        if (got != want) problem(m, QStringLiteral("placeholders %1 in \"%2\"").arg(got.join(u','), form));
        if (m.source.contains(QLatin1String("%n")) && !form.contains(QLatin1String("%n")))
          problem(m, QStringLiteral("no %n in \"%1\"").arg(form));
        if (hasMnemonic(m.source) != hasMnemonic(form))
          problem(m, QStringLiteral("mnemonic differs in \"%1\"").arg(form));
        if (tags(m.source) != tags(form)) problem(m, QStringLiteral("tags differ in \"%1\"").arg(form));
      }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
  }

  // The checks themselves catch what they are for.
  void checksCatchMistakes() {
    QCOMPARE(placeholders(QStringLiteral("%2 of %1, %1")), (QStringList{QStringLiteral("%1"), QStringLiteral("%2")}));
    QVERIFY(placeholders(QStringLiteral("100 %")).isEmpty());
    QVERIFY(hasMnemonic(QStringLiteral("&File")));
    QVERIFY(hasMnemonic(QStringLiteral("Ö&ffnen")));
    QVERIFY(!hasMnemonic(QStringLiteral("Fish && Chips")));
    QVERIFY(!hasMnemonic(QStringLiteral("A & B")));
    QCOMPARE(tags(QStringLiteral("<p>a <b class=\"x\">b</b></p>")),
             (QStringList{QStringLiteral("/b"), QStringLiteral("/p"), QStringLiteral("b"), QStringLiteral("p")}));
  }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "test_translations.moc"
