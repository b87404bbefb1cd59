package lint

import (
	"runtime/debug"
	"strings"
	"time"

	"github.com/copydesk/copydesk/report"
)

// Tool is copydesk as reports name it. version is the version of the
// build (set with -ldflags "-X main.version=…"); when it is "", the
// build info says (see BuildVersion).
func Tool(version string) report.Tool {
	if version == "" {
		bi, _ := debug.ReadBuildInfo()
		version = BuildVersion(bi)
	}
	return report.Tool{Name: "copydesk", Version: version, URL: "https://github.com/copydesk/copydesk"}
}

// BuildVersion is the version a build info gives: the main module's
// version (go install …@v1.2.0 or @main, and go build from a clone,
// which Go stamps with a pseudo-version of the commit); else the VCS
// revision and commit time, as a pseudo-version (v0.0.0-20261204080437-d289d4079273,
// with +dirty for uncommitted changes); else "devel", for builds that
// carry neither (go run, -buildvcs=false). docs/commands.md, "Versions".
func BuildVersion(bi *debug.BuildInfo) string {
	if bi == nil {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, at string
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	stamp := "00000000000000"
	if t, err := time.Parse(time.RFC3339, at); err == nil {
		stamp = t.UTC().Format("20060102150405")
	}
	v := "v0.0.0-" + stamp + "-" + strings.ToLower(rev)
	if dirty {
		v += "+dirty"
	}
	return v
}
