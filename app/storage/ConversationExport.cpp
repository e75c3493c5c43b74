#include "storage/ConversationExport.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace hearth::app {

namespace {

struct Tr {
  Q_DECLARE_TR_FUNCTIONS(hearth::app::ConversationExport)
};

QString isoTime(qint64 ms) {
  return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}
QString readableTime(qint64 ms) {
  return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

QString speaker(const Message& m) {
  switch (m.role) {
    case Role::System: return Tr::tr("System");
    case Role::User: return Tr::tr("You");
    case Role::Assistant:
      return m.model.isEmpty() ? Tr::tr("Assistant") : Tr::tr("Assistant (%1)").arg(m.model);
    case Role::Tool: return Tr::tr("Tool");
  }
  return {};
}

// What a reader must know about an answer that did not finish normally.
QString statusNote(const Message& m) {
  switch (m.status) {
    case MessageStatus::Complete: return {};
    case MessageStatus::Streaming: return Tr::tr("*(still being written when exported)*");
    case MessageStatus::Stopped: return Tr::tr("*(stopped before the end)*");
    case MessageStatus::Failed:
      return m.errorText.isEmpty() ? Tr::tr("*(failed)*") : Tr::tr("*(failed: %1)*").arg(m.errorText);
    case MessageStatus::Interrupted: return Tr::tr("*(interrupted: Hearth closed while writing it)*");
  }
  return {};
}

QString quoted(const QString& text) {
  QStringList lines = text.trimmed().split(u'\n');
  for (QString& l : lines) l = l.isEmpty() ? QStringLiteral(">") : QStringLiteral("> ") + l;
  return lines.join(u'\n');
}

QJsonObject statsJson(const MessageStats& s) {
  QJsonObject o;
  auto put = [&o](const char* name, const std::optional<qint64>& v) {
    if (v) o.insert(QLatin1String(name), static_cast<double>(*v));
  };
  put("promptTokens", s.promptTokens);
  put("completionTokens", s.completionTokens);
  put("reasoningTokens", s.reasoningTokens);
  put("firstTokenMs", s.firstTokenMs);
  put("generationMs", s.generationMs);
  return o;
}

QJsonValue idOrNull(qint64 id) { return id == 0 ? QJsonValue() : QJsonValue(static_cast<double>(id)); }

}  // namespace

QString roleName(Role role) {
  switch (role) {
    case Role::System: return QStringLiteral("system");
    case Role::User: return QStringLiteral("user");
    case Role::Assistant: return QStringLiteral("assistant");
    case Role::Tool: return QStringLiteral("tool");
  }
  return QStringLiteral("unknown");
}

QString statusName(MessageStatus status) {
  switch (status) {
    case MessageStatus::Complete: return QStringLiteral("complete");
    case MessageStatus::Streaming: return QStringLiteral("streaming");
    case MessageStatus::Stopped: return QStringLiteral("stopped");
    case MessageStatus::Failed: return QStringLiteral("failed");
    case MessageStatus::Interrupted: return QStringLiteral("interrupted");
  }
  return QStringLiteral("unknown");
}

QString thinkingModeName(ThinkingMode mode) {
  switch (mode) {
    case ThinkingMode::Off: return QStringLiteral("off");
    case ThinkingMode::On: return QStringLiteral("on");
    case ThinkingMode::LowEffort: return QStringLiteral("low");
  }
  return QStringLiteral("unknown");
}

StorageResult<QString> exportConversationMarkdown(const Storage& storage, ConversationId id) {
  auto conversation = storage.conversation(id);
  if (!conversation) return conversation.error();
  auto path = storage.activePath(id);
  if (!path) return path.error();

  QStringList parts;
  parts << QStringLiteral("# ") + (conversation->title.isEmpty() ? Tr::tr("Untitled conversation") : conversation->title);
  parts << Tr::tr("*Exported from Hearth. Started %1, last active %2.*")
               .arg(readableTime(conversation->createdMs), readableTime(conversation->updatedMs));
  for (const Message& m : *path) {
    QString heading = QStringLiteral("## %1 · %2").arg(speaker(m), readableTime(m.createdMs));
    parts << QStringLiteral("---") << heading;
    if (m.siblingCount > 1)
      parts << Tr::tr("*Version %1 of %2.*").arg(m.siblingIndex + 1).arg(m.siblingCount);
    if (!m.reasoning.trimmed().isEmpty()) parts << QStringLiteral("> **%1**\n>\n").arg(Tr::tr("Reasoning")) + quoted(m.reasoning);
    if (!m.content.trimmed().isEmpty()) parts << m.content.trimmed();
    if (const QString note = statusNote(m); !note.isEmpty()) parts << note;
    auto files = storage.attachments(m.id);
    if (!files) return files.error();
    if (!files->isEmpty()) {
      QStringList names;
      for (const Attachment& a : *files)
        names << (a.kind == AttachmentKind::Folder ? Tr::tr("%1 (folder)").arg(a.name)
                                                   : QStringLiteral("%1 (%2)").arg(a.name, QLocale::c().formattedDataSize(a.size)));
      parts << Tr::tr("Attached: %1").arg(names.join(QStringLiteral(", ")));
    }
  }
  return parts.join(QStringLiteral("\n\n")) + u'\n';
}

StorageResult<QByteArray> exportConversationJson(const Storage& storage, ConversationId id) {
  auto conversation = storage.conversation(id);
  if (!conversation) return conversation.error();
  auto all = storage.allMessages(id);
  if (!all) return all.error();
  auto path = storage.activePath(id);
  if (!path) return path.error();

  QJsonArray messages;
  for (const Message& m : *all) {
    auto files = storage.attachments(m.id);
    if (!files) return files.error();
    QJsonArray attachments;
    for (const Attachment& a : *files) {
      attachments.append(QJsonObject{
          {QStringLiteral("id"), static_cast<double>(a.id)},
          {QStringLiteral("folderId"), idOrNull(a.parentId)},
          {QStringLiteral("kind"), a.kind == AttachmentKind::Folder ? QStringLiteral("folder") : QStringLiteral("document")},
          {QStringLiteral("name"), a.name},
          {QStringLiteral("sourcePath"), a.sourcePath},
          {QStringLiteral("mimeType"), a.mimeType},
          {QStringLiteral("sha256"), a.sha256},
          {QStringLiteral("size"), static_cast<double>(a.size)},
      });
    }
    messages.append(QJsonObject{
        {QStringLiteral("id"), static_cast<double>(m.id)},
        {QStringLiteral("parentId"), idOrNull(m.parentId)},
        {QStringLiteral("siblingIndex"), m.siblingIndex},
        {QStringLiteral("role"), roleName(m.role)},
        {QStringLiteral("content"), m.content},
        {QStringLiteral("reasoning"), m.reasoning},
        {QStringLiteral("status"), statusName(m.status)},
        {QStringLiteral("error"), m.errorText},
        {QStringLiteral("model"), m.model},
        {QStringLiteral("createdAt"), isoTime(m.createdMs)},
        {QStringLiteral("updatedAt"), isoTime(m.updatedMs)},
        {QStringLiteral("stats"), statsJson(m.stats)},
        {QStringLiteral("attachments"), attachments},
    });
  }
  QJsonArray active;
  for (const Message& m : *path) active.append(static_cast<double>(m.id));
  const QJsonObject root{
      {QStringLiteral("format"), QStringLiteral("hearth.conversation")},
      {QStringLiteral("version"), 1},
      {QStringLiteral("title"), conversation->title},
      {QStringLiteral("pinned"), conversation->pinned},
      {QStringLiteral("thinkingMode"), thinkingModeName(conversation->thinkingMode)},
      {QStringLiteral("settings"), QJsonDocument::fromJson(conversation->settingsJson.toUtf8()).object()},
      {QStringLiteral("createdAt"), isoTime(conversation->createdMs)},
      {QStringLiteral("updatedAt"), isoTime(conversation->updatedMs)},
      {QStringLiteral("activePath"), active},
      {QStringLiteral("messages"), messages},
  };
  return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

}  // namespace hearth::app
