// The demo model: a tiny Nemotron-H with seeded random weights, synthesised at build time by
// `hearth-cli model synth` (app/CMakeLists.txt) so the whole app can be tried without downloading anything.
// It produces gibberish, and everything that shows it says so.
#pragma once

#include <QString>

namespace hearth::app {

// The file's name in the build tree and in an installation (share/hearth/).
inline constexpr char kDemoModelFileName[] = "hearth-demo.gguf";

// Where the demo model is: next to the executable in an installation (<prefix>/bin/../share/hearth/), else
// in the build tree Hearth was built in. Empty when neither exists.
QString demoModelPath();

// The name every list shows for it.
QString demoModelDisplayName();
// One line saying what it is: random weights, gibberish, for trying the app.
QString demoModelDescription();

}  // namespace hearth::app
