// The conversations for the side list, straight from Storage: pinned first, then the most recently
// active; or, while a search text is set, the conversations whose title or messages match it (FTS5),
// best first, each with a snippet of the match. Titles are editable in place (rename).
#pragma once

#include <QAbstractListModel>

#include "storage/Storage.h"

namespace hearth::app {

class ConversationListModel : public QAbstractListModel {
  Q_OBJECT

 public:
  enum Roles { IdRole = Qt::UserRole + 1, PinnedRole, UpdatedRole, SnippetRole };

  explicit ConversationListModel(Storage& storage, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role) override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;

  // Reads the list again (after changes made elsewhere, such as a new message).
  void reload();
  void setSearchText(const QString& text);
  const QString& searchText() const { return search_; }
  ConversationId idAt(int row) const;
  int rowOf(ConversationId id) const;  // -1 when not listed

  Storage& storage() { return storage_; }

 signals:
  // A storage call failed; the list shows what it had before.
  void storageFailed(const hearth::app::StorageError& error);

 private:
  struct Row {
    Conversation conversation;
    QString snippet;  // plain text around the match while searching
  };
  Storage& storage_;
  QString search_;
  QList<Row> rows_;
};

}  // namespace hearth::app
