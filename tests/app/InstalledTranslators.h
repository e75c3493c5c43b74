// Removes every translator installed into the test's application (installInterfaceLanguage() parents them
// to it), so each test function starts from Hearth's English source texts.
#pragma once

#include <QCoreApplication>
#include <QTranslator>

namespace hearth_test {

inline void removeInstalledTranslators() {
  for (QTranslator* t : qApp->findChildren<QTranslator*>()) {
    QCoreApplication::removeTranslator(t);
    delete t;
  }
}

}  // namespace hearth_test
