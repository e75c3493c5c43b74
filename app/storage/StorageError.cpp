#include "storage/StorageError.h"

namespace hearth::app {

namespace {
// The messages live in one translation context so translators see them side by side.
struct StorageMessages {
  Q_DECLARE_TR_FUNCTIONS(StorageMessages)

 public:
  static QString text(const StorageError& e) {
    switch (e.code) {
      case StorageErrorCode::Ok:
        return {};
      case StorageErrorCode::CannotOpen:
        return tr("Hearth cannot open its conversation database. Check that the folder is writable and the "
                  "disk is not full.");
      case StorageErrorCode::Corrupt:
        return tr("The conversation database is damaged and cannot be read. It was kept, unchanged, as "
                  "“%1” so that it can be recovered; nothing was deleted.")
            .arg(e.keptFile);
      case StorageErrorCode::TooNew:
        return tr("The conversation database was written by a newer version of Hearth. Update Hearth to "
                  "open it; the file was not changed.");
      case StorageErrorCode::MigrationFailed:
        return tr("Hearth could not upgrade the conversation database. It was left as it was, and a copy "
                  "taken before the upgrade is at “%1”.")
            .arg(e.keptFile);
      case StorageErrorCode::Busy:
        return tr("The conversation database is in use by another program. Close other copies of Hearth "
                  "and try again.");
      case StorageErrorCode::NotFound:
        return tr("That conversation or message no longer exists.");
      case StorageErrorCode::InvalidArgument:
        return tr("Hearth tried to store something invalid; nothing was changed.");
      case StorageErrorCode::Sql:
        return tr("Saving to the conversation database failed. Check that the disk is not full.");
    }
    return {};
  }
};
}  // namespace

QString userMessage(const StorageError& error) { return StorageMessages::text(error); }

}  // namespace hearth::app
