package lint

import (
	"runtime/debug"

	"github.com/copydesk/copydesk/report"
)

// Tool is copydesk as reports name it. version is the version of the
// build; when it is "", the module version from the build info is used,
// or "devel".
func Tool(version string) report.Tool {
	if version == "" {
		version = "devel"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			version = bi.Main.Version
		}
	}
	return report.Tool{Name: "copydesk", Version: version, URL: "https://github.com/copydesk/copydesk"}
}
