#include "chat/ConversationListModel.h"

#include <QFont>
#include <QHash>

namespace hearth::app {

ConversationListModel::ConversationListModel(Storage& storage, QObject* parent)
    : QAbstractListModel(parent), storage_(storage) {
  reload();
}

int ConversationListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

QVariant ConversationListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rows_.size()) return {};
  const Row& row = rows_[index.row()];
  const Conversation& c = row.conversation;
  const QString title = c.title.isEmpty() ? tr("Untitled conversation") : c.title;
  switch (role) {
    case Qt::DisplayRole:
      return title;
    case Qt::EditRole:
      return c.title;
    case Qt::ToolTipRole:
      return row.snippet.isEmpty() ? title : row.snippet;
    case Qt::AccessibleTextRole:
      return c.pinned ? tr("%1, pinned").arg(title) : title;
    case Qt::FontRole:
      if (c.pinned) {
        QFont f;
        f.setBold(true);
        return f;
      }
      return {};
    case IdRole:
      return c.id;
    case PinnedRole:
      return c.pinned;
    case UpdatedRole:
      return c.updatedMs;
    case SnippetRole:
      return row.snippet;
    default:
      return {};
  }
}

bool ConversationListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (role != Qt::EditRole || !index.isValid() || index.row() >= rows_.size()) return false;
  const QString title = value.toString().trimmed();
  Conversation& c = rows_[index.row()].conversation;
  if (title.isEmpty() || title == c.title) return false;  // an empty title would hide the conversation's name
  if (StorageStatus s = storage_.renameConversation(c.id, title); !s) {
    emit storageFailed(s.error());
    return false;
  }
  c.title = title;
  emit dataChanged(index, index);
  return true;
}

Qt::ItemFlags ConversationListModel::flags(const QModelIndex& index) const {
  if (!index.isValid()) return Qt::NoItemFlags;
  return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable;
}

void ConversationListModel::reload() {
  QList<Row> rows;
  if (search_.trimmed().isEmpty()) {
    auto all = storage_.conversations();
    if (!all) {
      emit storageFailed(all.error());
      return;
    }
    for (const Conversation& c : *all) rows.append({c, {}});
  } else {
    auto hits = storage_.search(search_);
    if (!hits) {
      emit storageFailed(hits.error());
      return;
    }
    QHash<ConversationId, qsizetype> seen;
    for (const SearchHit& hit : *hits) {
      if (seen.contains(hit.conversationId)) continue;
      auto c = storage_.conversation(hit.conversationId);
      if (!c) continue;  // trashed between the two reads
      seen.insert(hit.conversationId, rows.size());
      QString snippet = hit.snippet;
      snippet.remove(kSnippetOpen).remove(kSnippetClose);
      rows.append({*c, snippet});
    }
  }
  beginResetModel();
  rows_ = std::move(rows);
  endResetModel();
}

void ConversationListModel::setSearchText(const QString& text) {
  if (text == search_) return;
  search_ = text;
  reload();
}

ConversationId ConversationListModel::idAt(int row) const {
  return row >= 0 && row < rows_.size() ? rows_[row].conversation.id : 0;
}

int ConversationListModel::rowOf(ConversationId id) const {
  for (qsizetype i = 0; i < rows_.size(); ++i)
    if (rows_[i].conversation.id == id) return static_cast<int>(i);
  return -1;
}

}  // namespace hearth::app
