#include "models/ModelListModel.h"

#include <algorithm>

#include "models/DemoModel.h"
#include "models/ModelFormat.h"

namespace hearth::app {

ModelEntry modelEntry(const hearth::model::DiscoveredModel& found, bool isDemo) {
  ModelEntry e;
  e.displayName = isDemo ? demoModelDisplayName() : QString::fromStdString(found.display_name);
  e.path = QString::fromStdString(found.path);
  e.sourceLabel = isDemo ? ModelListModel::tr("Built in") : modelSourceLabel(found.source);
  e.isDemo = isDemo;
  e.architecture = QString::fromStdString(found.architecture);
  e.quantisation = QString::fromStdString(found.quantization);
  e.sizeBytes = found.size_bytes;
  e.parameterCount = found.params;
  e.runnable = found.runnable;
  if (!found.runnable) {
    e.problem = problemSummary(found.problem);
    e.problemDetail = QString::fromStdString(found.why_not);
  }
  return e;
}

ModelListModel::ModelListModel(QObject* parent) : QAbstractTableModel(parent) {}

void ModelListModel::setEntries(QList<ModelEntry> entries) {
  // Rank: what can be chosen for real work, then the demo, then what cannot run.
  const auto rank = [](const ModelEntry& e) { return e.isDemo ? 1 : (e.runnable ? 0 : 2); };
  std::stable_sort(entries.begin(), entries.end(), [&](const ModelEntry& a, const ModelEntry& b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    return a.displayName.localeAwareCompare(b.displayName) < 0;
  });
  beginResetModel();
  entries_ = std::move(entries);
  endResetModel();
}

int ModelListModel::rowOf(const QString& path) const {
  for (int i = 0; i < entries_.size(); ++i)
    if (entries_[i].path == path) return i;
  return -1;
}

int ModelListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(entries_.size()); }
int ModelListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ModelListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= entries_.size()) return {};
  const ModelEntry& e = entries_[index.row()];
  switch (role) {
    case PathRole:
      return e.path;
    case IsDemoRole:
      return e.isDemo;
    case RunnableRole:
      return e.runnable;
    case SortRole:
      if (index.column() == SizeColumn) return e.sizeBytes;
      if (index.column() == ParametersColumn) return e.parameterCount;
      return data(index, Qt::DisplayRole);
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
      switch (index.column()) {
        case NameColumn:
          return e.displayName;
        case SourceColumn:
          return e.sourceLabel;
        case QuantisationColumn:
          return e.quantisation;
        case SizeColumn:
          return formatBytes(e.sizeBytes);
        case ParametersColumn:
          return formatParameters(e.parameterCount);
        case StatusColumn:
          return e.runnable ? tr("Ready") : e.problem;
      }
      return {};
    case Qt::ToolTipRole: {
      QString tip = e.isDemo ? demoModelDescription() + u'\n' + e.path : e.path;
      if (!e.architecture.isEmpty()) tip += u'\n' + tr("Architecture: %1").arg(e.architecture);
      if (!e.runnable) tip += u'\n' + e.problem + u'\n' + e.problemDetail;
      return tip;
    }
    case Qt::TextAlignmentRole:
      if (index.column() == SizeColumn || index.column() == ParametersColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
      return {};
  }
  return {};
}

QVariant ModelListModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case NameColumn:
      return tr("Name");
    case SourceColumn:
      return tr("Source");
    case QuantisationColumn:
      return tr("Quantisation");
    case SizeColumn:
      return tr("Size");
    case ParametersColumn:
      return tr("Parameters");
    case StatusColumn:
      return tr("Status");
  }
  return {};
}

Qt::ItemFlags ModelListModel::flags(const QModelIndex& index) const {
  if (!index.isValid() || index.row() >= entries_.size()) return Qt::NoItemFlags;
  // Not runnable: shown greyed and not selectable, the reason in the Status column and tooltip.
  return entries_[index.row()].runnable ? Qt::ItemIsEnabled | Qt::ItemIsSelectable : Qt::NoItemFlags;
}

}  // namespace hearth::app
