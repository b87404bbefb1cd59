package lint

import (
	"runtime/debug"
	"testing"
)

// TestBuildVersion: a real version whenever the build says one: the
// module version, else the commit and its time; "devel" only for a build
// that carries neither (issue 16 item 4).
func TestBuildVersion(t *testing.T) {
	vcs := func(rev, at, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: at}, {Key: "vcs.modified", Value: modified}}
	}
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"no build info", nil, "devel"},
		{"go install @v1.2.0", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, "v1.2.0"},
		{"go install @main", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261204080437-d289d4079273"}}, "v0.0.0-20261204080437-d289d4079273"},
		{"built from a clone, main version not stamped", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: vcs("d289d40792739bc0a58b48a6b6856842e301d417", "2026-12-04T08:04:37Z", "false")}, "v0.0.0-20261204080437-d289d4079273"},
		{"uncommitted changes", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: vcs("D289D40792739BC0", "2026-12-04T09:04:37+01:00", "true")}, "v0.0.0-20261204080437-d289d4079273+dirty"},
		{"go run, -buildvcs=false", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel"},
	}
	for _, tt := range tests {
		if got := BuildVersion(tt.bi); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
