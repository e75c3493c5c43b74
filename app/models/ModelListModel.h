// The picker's table: one row per model file found by discovery (engine/model/discovery.h), plus the demo
// model. Files Hearth cannot run stay in the list, disabled, with the reason in their Status column, so a
// user who expected to see a file learns why it cannot be chosen.
#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <vector>

#include "model/discovery.h"

namespace hearth::app {

struct ModelEntry {
  QString displayName;
  QString path;
  QString sourceLabel;  // "Ollama", "Hugging Face", ... or "Built in" for the demo
  bool isDemo = false;
  QString architecture;
  QString quantisation;
  quint64 sizeBytes = 0;
  qint64 parameterCount = 0;
  bool runnable = false;
  QString problem;        // translated summary when not runnable ("Not a Nemotron 3 model")
  QString problemDetail;  // the engine's precise message
};

// The entry for one discovered file; `isDemo` relabels it as the demo model.
ModelEntry modelEntry(const hearth::model::DiscoveredModel& found, bool isDemo = false);

class ModelListModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { NameColumn, SourceColumn, QuantisationColumn, SizeColumn, ParametersColumn, StatusColumn, ColumnCount };
  enum Role {
    PathRole = Qt::UserRole + 1,
    IsDemoRole,
    RunnableRole,
    SortRole,  // numbers for Size and Parameters, text elsewhere
  };

  explicit ModelListModel(QObject* parent = nullptr);

  // Replaces the rows: runnable models first (by name), then the demo model, then the rest.
  void setEntries(QList<ModelEntry> entries);
  const QList<ModelEntry>& entries() const { return entries_; }
  // The row of `path`, or -1.
  int rowOf(const QString& path) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;

 private:
  QList<ModelEntry> entries_;
};

}  // namespace hearth::app
