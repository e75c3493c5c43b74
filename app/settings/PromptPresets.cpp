#include "settings/PromptPresets.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace hearth::app {

namespace {
struct Tr {
  Q_DECLARE_TR_FUNCTIONS(hearth::app::PromptPresets)
};
}  // namespace

QList<PromptPreset> builtInPromptPresets() {
  return {
      {Tr::tr("General assistant"),
       Tr::tr("You are Hearth, a careful and helpful assistant running privately on the user's own computer.")},
      {Tr::tr("Concise"), Tr::tr("Answer briefly and directly. Use lists only when they help.")},
      {Tr::tr("Document analyst"),
       Tr::tr("You analyse the documents the user provides. Quote the passages you rely on and say plainly when "
              "the documents do not answer the question.")},
      {Tr::tr("Code reviewer"),
       Tr::tr("You review code changes. Name the file and line of every finding, say how severe it is, and "
              "suggest a fix.")},
  };
}

QString encodePromptPresets(const QList<PromptPreset>& presets) {
  QJsonArray list;
  for (const PromptPreset& p : presets) list.append(QJsonObject{{QStringLiteral("name"), p.name}, {QStringLiteral("text"), p.text}});
  return QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact));
}

QList<PromptPreset> decodePromptPresets(const QString& json) {
  const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8());
  QList<PromptPreset> presets;
  QSet<QString> seen;
  for (const QJsonValue& v : doc.array()) {
    const QJsonObject o = v.toObject();
    const QString name = o.value(QStringLiteral("name")).toString().trimmed();
    if (name.isEmpty() || seen.contains(name)) continue;
    seen.insert(name);
    presets.append({name, o.value(QStringLiteral("text")).toString()});
  }
  return presets;
}

}  // namespace hearth::app
