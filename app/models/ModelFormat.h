// How model and load numbers read in the interface: sizes, parameter counts, transfer speeds, time left and
// token counts, each in the user's locale (decimal separators, digit grouping) and through tr().
#pragma once

#include <QString>
#include <QtGlobal>

#include "core/status.h"
#include "model/discovery.h"

namespace hearth::app {

// "4.2 GiB" (binary units, one decimal above a KiB).
QString formatBytes(quint64 bytes);
// "120.7 B", "30.5 B", "3.9 M": parameter counts in billions or millions. Empty for 0 (unknown).
QString formatParameters(qint64 count);
// "850 MB/s", "1.2 GB/s" (decimal units, as disks and networks quote them).
QString formatSpeed(double bytesPerSecond);
// "12 s", "3 min 05 s", "1 h 12 min": what a countdown shows.
QString formatDuration(double seconds);
// "1,234" in English, "1.234" in German.
QString formatCount(qint64 count);

// "Ollama", "Hugging Face", "llama.cpp", "LM Studio", "Folder".
QString modelSourceLabel(hearth::model::ModelSource source);
// A short, translated reason a model file cannot run, by the engine's error code ("Not a Nemotron 3 model").
// The engine's own message (English, precise) goes in the tooltip next to it.
QString problemSummary(hearth::ErrorCode code);

}  // namespace hearth::app
