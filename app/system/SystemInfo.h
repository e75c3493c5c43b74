// Versions of everything Hearth is built on, for the About box and bug reports.
#pragma once

#include <QString>

#include "backend/device_info.h"

namespace hearth::app {

struct SystemInfo {
  QString hearthVersion;
  QString qtVersion;         // runtime (compiled against)
  QString syntaxHighlightingVersion;
  QString sqliteVersion;
  QString cudaRuntimeVersion;  // empty when built without CUDA
  QString cudaDriverVersion;   // empty when no driver
  hearth::DeviceReport devices;
};

// Reads the library versions; `devices` comes from hearth::query_devices(), which may be slow (CUDA start-up)
// and is therefore asked off the GUI thread by the caller.
SystemInfo collectSystemInfo(const hearth::DeviceReport& devices);

}  // namespace hearth::app
